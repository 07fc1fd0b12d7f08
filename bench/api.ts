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
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';

const BIN = new URL('../bin/mikrocred.js', import.meta.url).pathname;
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 10);
const PG_URL = process.env.BENCH_API_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SLUG = 'bench-uni';

interface Case { readonly name: string; readonly method: 'GET' | 'POST'; readonly path: string; readonly headers?: Record<string, string>; readonly body?: string }
interface Result { readonly rps: number; readonly p50: number; readonly p99: number; readonly errors: number; readonly non2xx: number }

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

async function waitReady(base: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/ready`)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server not ready');
}

function cli(env: NodeJS.ProcessEnv, ...args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mikrocred ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

function run(base: string, c: Case): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon({
      url: `${base}${c.path}`, method: c.method, connections: 10, duration: SECONDS,
      headers: { ...(c.body ? { 'content-type': 'application/json' } : {}), ...c.headers }, ...(c.body ? { body: c.body } : {}),
    }, (error, result) => {
      if (error) reject(error);
      else resolve({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx });
    });
  });
}

async function measure(kind: 'pglite' | 'postgres', databaseUrl?: string): Promise<Map<string, Result>> {
  const dir = mkdtempSync(join(tmpdir(), 'mikrocred-bench-api-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env, PORT: String(port), HOST: '127.0.0.1', MIKROCRED_DATA_DIR: join(dir, 'data'), MIKROCRED_DEMO: '0',
    MIKROCRED_BASE_URL: `http://127.0.0.1:${port}`, MIKROCRED_MASTER_KEY: randomBytes(32).toString('base64'),
    MIKROCRED_ADMIN_PASSWORD: 'correct horse battery staple', LOG_LEVEL: 'warn',
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  cli(env, 'admin', 'create', '--email', 'owner@bench.example', '--name', 'Owner', '--institution', SLUG, '--create-institution', 'Bench University');
  const issuer = cli(env, 'apikey', 'create', '--institution', SLUG, '--role', 'issuer');
  const viewer = cli(env, 'apikey', 'create', '--institution', SLUG, '--role', 'viewer');
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await waitReady(base, server);
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
    const cases: Case[] = [
      { name: 'GET /health', method: 'GET', path: '/health' },
      { name: 'GET /api/v1/institutions/:slug (API key)', method: 'GET', path: `/api/v1/institutions/${SLUG}`, headers: { authorization: `Bearer ${viewer}` } },
      { name: 'POST /credentials/verify', method: 'POST', path: '/credentials/verify', body: JSON.stringify({ verifiableCredential }) },
    ];
    const out = new Map<string, Result>();
    for (const c of cases) {
      process.stderr.write(`  ${kind}: ${c.name} (${SECONDS} s)\n`);
      out.set(c.name, await run(base, c));
    }
    return out;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withFreshDatabase<T>(action: (url: string) => Promise<T>): Promise<T> {
  const name = `mikrocred_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    return await action(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const pglite = await measure('pglite');
let postgres: Map<string, Result> | undefined;
try {
  postgres = await withFreshDatabase((url) => measure('postgres', url));
} catch (error) {
  process.stderr.write(`PostgreSQL not measured: ${(error as Error).message}\n`);
}

const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const cell = (r: Result | undefined): string => (r ? `${fmt(r.rps).padStart(7)} req/s  p50 ${fmt(r.p50, 1).padStart(6)} ms  p99 ${fmt(r.p99, 1).padStart(6)} ms${r.errors + r.non2xx > 0 ? `  (${r.errors} errors, ${r.non2xx} non-2xx)` : ''}` : 'not measured');
console.log(`\nMikrocred API benchmark: ${SECONDS} s per case, 10 connections, server in its own process (one Node.js process), loopback`);
console.log(`${'case'.padEnd(44)}${'PGlite (embedded)'.padEnd(48)}PostgreSQL server`);
for (const [name, result] of pglite) console.log(`${name.padEnd(44)}${cell(result).padEnd(48)}${cell(postgres?.get(name))}`);
