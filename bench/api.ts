/**
 * HTTP throughput and latency of the platform on PGlite and on PostgreSQL, printed side by side.
 *
 *   npm run bench:api                         10 s per case (BENCH_API_SECONDS), 10 connections
 *   BENCH_API_DATABASE_URL=postgres://…       the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres;
 *                                             a fresh database is created and dropped)
 *
 * The server runs in its own process (`mikrocred serve`), autocannon in this one, over loopback. Cases:
 * `GET /health` (no database), `GET /api/v1/institutions/:slug` with an API key (authentication + one tenant query),
 * `POST /credentials/verify` of a credential the platform issued (signature, schemas, status list from the database).
 */
import { cli, DEFAULT_PG_URL, load, loadCell, removeSetup, serverSetup, withFreshDatabase, withServer, type DatabaseKind, type LoadCase, type LoadResult } from './harness.ts';

const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 10);
const PG_URL = process.env.BENCH_API_DATABASE_URL ?? DEFAULT_PG_URL;
const SLUG = 'bench-uni';

async function measure(kind: DatabaseKind, databaseUrl?: string): Promise<Map<string, LoadResult>> {
  const setup = await serverSetup('mikrocred-bench-api-', databaseUrl);
  try {
    const { env } = setup;
    cli(env, 'admin', 'create', '--email', 'owner@bench.example', '--name', 'Owner', '--institution', SLUG, '--create-institution', 'Bench University');
    const issuer = cli(env, 'apikey', 'create', '--institution', SLUG, '--role', 'issuer');
    const viewer = cli(env, 'apikey', 'create', '--institution', SLUG, '--role', 'viewer');
    return await withServer(setup, async (base) => {
      const issued = await fetch(`${base}/credentials/issue`, {
        method: 'POST', headers: { authorization: `Bearer ${issuer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ credential: {
          '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
          type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'Bench',
          credentialSubject: { type: ['AchievementSubject'], identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'Jan Kowalski' }],
            achievement: { id: 'urn:uuid:5f0c3d2e-8a4b-4c1e-9d2a-7b6e1f0a9c11', type: ['Achievement'], name: 'Bench', description: 'Bench', criteria: { narrative: 'Done.' } } },
        } }),
      });
      if (issued.status !== 201) throw new Error(`issue failed: ${issued.status} ${await issued.text()}`);
      const { verifiableCredential } = (await issued.json()) as { verifiableCredential: unknown };
      const cases: LoadCase[] = [
        { name: 'GET /health', path: '/health' },
        { name: 'GET /api/v1/institutions/:slug (API key)', path: `/api/v1/institutions/${SLUG}`, headers: { authorization: `Bearer ${viewer}` } },
        { name: 'POST /credentials/verify', method: 'POST', path: '/credentials/verify', body: JSON.stringify({ verifiableCredential }) },
      ];
      const out = new Map<string, LoadResult>();
      for (const c of cases) {
        process.stderr.write(`  ${kind}: ${c.name} (${SECONDS} s)\n`);
        out.set(c.name, await load(base, c, SECONDS));
      }
      return out;
    });
  } finally {
    removeSetup(setup);
  }
}

const pglite = await measure('pglite');
let postgres: Map<string, LoadResult> | undefined;
try {
  postgres = await withFreshDatabase(PG_URL, 'mikrocred_bench', (url) => measure('postgres', url));
} catch (error) {
  process.stderr.write(`PostgreSQL not measured: ${(error as Error).message}\n`);
}

console.log(`\nMikrocred API benchmark: ${SECONDS} s per case, 10 connections, server in its own process (one Node.js process), loopback`);
console.log(`${'case'.padEnd(44)}${'PGlite (embedded)'.padEnd(48)}PostgreSQL server`);
for (const [name, result] of pglite) console.log(`${name.padEnd(44)}${loadCell(result).padEnd(48)}${loadCell(postgres?.get(name))}`);
