/**
 * Verifications per second of credentials from another issuer: through the public verifier's HTTP API
 * (`POST /api/v1/verify`), through our library, and through the plain reference library, on the same credentials
 * in the same run, with the ratios to the reference.
 *
 *   npm run bench:verify                      N = 200 credentials, best of 2 rounds, 10 s of load
 *   npm run bench:verify -- --n 500           or BENCH_N; --rounds / BENCH_ROUNDS; --seconds / BENCH_VERIFY_SECONDS
 *
 * The issuer is a did:web on a small HTTP server of this process (127.0.0.1, allowed to the verifier by
 * MIKROCRED_FETCH_ALLOW_HOSTS), which serves its DID document and one signed Bitstring Status List; each of the N
 * credentials (the example micro-credential, ≈ 200 quads) has its own revocation entry in that list. The API server
 * runs in a process of its own (this file with `--server`: the Mikrocred app on an in-memory PGlite, with the
 * verifier routes), as bench/api.ts does; the client and the library lines run here.
 *
 * Lines (one verification at a time, each awaited: the latency-bound rate of one core; 50 untimed warm-up calls):
 *   API, POST /api/v1/verify          the credential as JSON over HTTP (keep-alive), the answer checked: valid, every
 *                                     check passed, the status read from the remote list (cached by the fetcher)
 *   library, verifyOnPlatform         src/services/verification.ts in this process: the same resolution as the API
 *                                     (the did:web document and the status list over HTTP through the safe fetcher,
 *                                     cached), without HTTP and JSON serialisation of the request
 *   library, verifyCredential         src/credentials/verify.ts with the DID document and status list given
 * Every line verifies a fresh object parsed from the credential's JSON text (as a verifier receiving bytes does):
 * verifying the very same object again is faster, through caches keyed by object, and would flatter a line.
 *   reference, vc.verifyCredential    @digitalbazaar/vc with the plain eddsa-rdfc-2022 cryptosuite, the security
 *                                     document loader and the DID document in memory; status callback accepting
 *                                     (the reference checks no status and no schema: it does less)
 * and, for the server's capacity, `POST /api/v1/verify` under load: autocannon, 10 connections, one credential.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { parseArgs } from 'node:util';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as referenceCryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { securityLoader } from '@digitalbazaar/security-document-loader';
import {
  buildCredential, buildStatusListCredential, CONTEXTS, didWebDocument, generateIssuerKey, loadIssuerKey, newStatusList,
  OfflineDidResolver, signCredential, StaticStatusListSource, statusEntry, verifyCredential, type JsonObject,
} from '../src/credentials/index.ts';
import { validateAward, validateSpecification } from '../src/model/index.ts';
import { fmt, fmtAuto, freePort, load, loadCell, Series, table, timeAsync, waitReady } from './harness.ts';
import { describeJsonldSetup, onSide, useJsonldOf } from './jsonld-mode.ts';

const ROOT = new URL('../', import.meta.url);

function fail(message: string): never {
  throw new Error(message);
}

function positiveInteger(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) fail(`${name} must be a positive integer, not "${raw}"`);
  return value;
}

// ─── The API server (child process) ─────────────────────────────────────────────────────────────────────────────

async function serve(port: number): Promise<void> {
  const { buildApp } = await import('../src/http/app.ts');
  const { verifyRoutes } = await import('../src/http/routes/verify.ts');
  const { openStore } = await import('../src/store/db.ts');
  const { secretsFromKey } = await import('../src/services/secrets.ts');
  const store = await openStore({ dataDir: 'memory://' });
  const platform = { store, secrets: secretsFromKey(randomBytes(32)), baseUrl: `http://127.0.0.1:${port}` };
  const { app } = await buildApp({ platform, logger: false });
  if (!app.hasRoute({ method: 'POST', url: '/api/v1/verify' })) await app.register(verifyRoutes(platform));
  await app.listen({ port, host: '127.0.0.1' });
  const stop = (): void => void app.close().then(() => store.close()).then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

// ─── The benchmark ──────────────────────────────────────────────────────────────────────────────────────────────

interface Settings {
  readonly n: number;
  readonly rounds: number;
  readonly seconds: number;
}

function settings(): Settings & { server?: number } {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { n: { type: 'string' }, rounds: { type: 'string' }, seconds: { type: 'string' }, server: { type: 'string' } },
    strict: true,
  });
  return {
    n: positiveInteger('--n / BENCH_N', values.n ?? process.env.BENCH_N ?? '200'),
    rounds: positiveInteger('--rounds / BENCH_ROUNDS', values.rounds ?? process.env.BENCH_ROUNDS ?? '2'),
    seconds: positiveInteger('--seconds / BENCH_VERIFY_SECONDS', values.seconds ?? process.env.BENCH_VERIFY_SECONDS ?? '10'),
    ...(values.server ? { server: positiveInteger('--server', values.server) } : {}),
  };
}

/** The issuer's server: its DID document and status list, counting requests. */
function issuerServer(documents: Map<string, unknown>): { server: Server; requests: () => number } {
  let requests = 0;
  const server = createServer((request, response) => {
    requests += 1;
    const doc = documents.get(request.url ?? '');
    response.writeHead(doc ? 200 : 404, { 'content-type': 'application/json', 'cache-control': 'max-age=300' });
    response.end(JSON.stringify(doc ?? { error: 'not found' }));
  });
  return { server, requests: () => requests };
}

function referenceLoader(didDocument: JsonObject & { id: string }): vc.DocumentLoader {
  const loader = securityLoader();
  for (const [url, doc] of CONTEXTS) {
    if (url.startsWith('https://purl.imsglobal.org/') || url.startsWith('https://w3id.org/mikrocred/')) loader.addStatic(url, doc);
  }
  const base = loader.build();
  const methods = (didDocument.verificationMethod ?? []) as JsonObject[];
  return async (url: string) => {
    if (url === didDocument.id) return { contextUrl: null, documentUrl: url, document: didDocument };
    const method = methods.find((m) => m.id === url);
    if (method) return { contextUrl: null, documentUrl: url, document: { '@context': didDocument['@context'], ...method } };
    return base(url);
  };
}

async function main(): Promise<void> {
  const { n, rounds, seconds } = settings();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);

  // The issuer, its server and N credentials.
  const issuerPort = await freePort();
  const did = `did:web:127.0.0.1%3A${issuerPort}:issuer`;
  const key = await loadIssuerKey(await generateIssuerKey({ controller: did }));
  const listUrl = `http://127.0.0.1:${issuerPort}/issuer/status/1`;
  const didDocument = didWebDocument(did, [key]) as JsonObject & { id: string };
  const list = await newStatusList();
  const listCredential = await signCredential(await buildStatusListCredential({ id: listUrl, issuerId: did, statusPurpose: 'revocation', list }), key);
  const { server: issuer, requests: issuerRequests } = issuerServer(new Map<string, unknown>([['/issuer/did.json', didDocument], ['/issuer/status/1', listCredential]]));
  await new Promise<void>((resolve) => issuer.listen(issuerPort, '127.0.0.1', resolve));

  const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, ROOT), 'utf8'));
  const spec = validateSpecification(readJson('examples/specification.json'));
  const award = spec.ok ? validateAward(spec.value, readJson('examples/learner.json')) : undefined;
  if (!spec.ok || !award?.ok) fail('the examples do not validate');
  log(`preparing ${n} credentials of ${did}`);
  const credentials: JsonObject[] = [];
  for (let i = 0; i < n; i++) {
    credentials.push(await signCredential(buildCredential(spec.value, award.value, { issuerId: did, status: [statusEntry(listUrl, i, 'revocation')] }), key));
  }
  // Every verification gets a fresh object parsed from the credential's text, as a verifier receiving bytes does (and
  // as the API does): verifying the same object again is faster (caches keyed by object), which would flatter a line.
  const texts = credentials.map((c) => JSON.stringify(c));
  const textAt = (i: number): string => texts[i % n] ?? fail(`no credential ${i}`);
  const at = (i: number): JsonObject => JSON.parse(textAt(i)) as JsonObject;

  // The API server, in its own process.
  const apiPort = await freePort();
  const base = `http://127.0.0.1:${apiPort}`;
  const env = { ...process.env, MIKROCRED_FETCH_ALLOW_HOSTS: `127.0.0.1:${issuerPort}` };
  const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--server', String(apiPort)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  process.env.MIKROCRED_FETCH_ALLOW_HOSTS = env.MIKROCRED_FETCH_ALLOW_HOSTS;
  try {
    await waitReady(base, child);
    const { verifyOnPlatform } = await import('../src/services/verification.ts');
    const { openStore } = await import('../src/store/db.ts');
    const { secretsFromKey } = await import('../src/services/secrets.ts');
    const store = await openStore({ dataDir: 'memory://' });
    const platform = { store, secrets: secretsFromKey(randomBytes(32)), baseUrl: 'https://mikrocred.bench.example' };
    const resolver = new OfflineDidResolver().register(didDocument);
    const statusLists = new StaticStatusListSource([listCredential]);
    const refLoader = referenceLoader(didDocument);

    const expectValid = (line: string, i: number, verdict: string, checks: Array<{ id: string; status: string; message?: { en: string } }>): void => {
      const notPassed = checks.filter((c) => c.status !== 'passed');
      if (verdict !== 'valid' || notPassed.length > 0) {
        fail(`${line}: credential ${i} is ${verdict}: ${notPassed.map((c) => `${c.id} ${c.status} ${c.message?.en ?? ''}`).join('; ')}`);
      }
    };
    const lines: Array<[Series, (i: number) => Promise<unknown>]> = [
      [new Series('API, POST /api/v1/verify'), async (i) => {
        const res = await fetch(`${base}/api/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"credential":${textAt(i)}}` });
        const answer = (await res.json()) as { verdict: string; checks: Array<{ id: string; status: string; message: { en: string } }> };
        if (res.status !== 200) fail(`API: HTTP ${res.status} ${JSON.stringify(answer)}`);
        expectValid('API', i, answer.verdict, answer.checks);
      }],
      [new Series('library, verifyOnPlatform (network, cached)'), onSide('ours', async (i: number) => {
        const report = await verifyOnPlatform(platform, at(i));
        expectValid('verifyOnPlatform', i, report.verdict, [...report.checks]);
      })],
      [new Series('library, verifyCredential (documents given)'), onSide('ours', async (i: number) => {
        const report = await verifyCredential(at(i), { resolver, statusLists });
        expectValid('verifyCredential', i, report.verdict, [...report.checks]);
      })],
      [new Series('reference, vc.verifyCredential'), onSide('reference', async (i: number) => {
        const result = await vc.verifyCredential({
          credential: at(i), suite: new DataIntegrityProof({ cryptosuite: referenceCryptosuite }), documentLoader: refLoader, checkStatus: async () => ({ verified: true }),
        });
        if (!result.verified) fail(`reference: credential ${i} did not verify: ${JSON.stringify(result.error ?? result.results)}`);
      })],
    ];
    for (let round = 0; round < rounds; round++) {
      log(`round ${round + 1} of ${rounds}`);
      const order = round % 2 === 0 ? lines : [...lines].reverse();
      for (const [series, op] of order) {
        const timing = await timeAsync(n, op);
        series.add(timing);
        log(`  ${series.label.padEnd(46)} ${fmt(timing.ms / 1000, 1).padStart(6)} s`);
      }
    }
    useJsonldOf('ours');
    log(`POST /api/v1/verify under load (${seconds} s, 10 connections)`);
    const loaded = await load(base, { name: 'POST /api/v1/verify', method: 'POST', path: '/api/v1/verify', body: JSON.stringify({ credential: at(0) }) }, seconds);
    await store.close();

    const reference = lines[3]?.[0] ?? fail('no reference line');
    const rows = lines.map(([series]) => [
      series.label, fmt(series.opsPerSecond, 1), fmtAuto(series.msPerOp),
      series === reference ? '' : `${fmt(series.opsPerSecond / reference.opsPerSecond, 2)}×`,
      series.rounds.map((r) => fmt((r.ops * 1000) / r.ms, 0)).join(' / '),
    ]);
    console.log(`\nMikrocred verification benchmark: N = ${n} credentials of a did:web issuer with a remote status list, best of ${rounds} rounds`);
    console.log(`one verification at a time (each awaited), Node ${process.version}; jsonld.js: ${describeJsonldSetup()}`);
    console.log(table(['line', 'verify/s', 'ms/verify', 'vs reference', 'verify/s by round'], rows));
    console.log(`\n  POST /api/v1/verify, 10 connections (autocannon), one server process: ${loadCell(loaded)}`);
    console.log(`  requests to the issuer's server during the run: ${issuerRequests()} (DID document and status list cached by the fetcher)`);
    console.log('  the reference checks the proof only (no status list, no JSON Schemas, no EU elements); ours do all of it');
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    await new Promise((resolve) => issuer.close(resolve));
  }
}

const { server } = settings();
if (server !== undefined) await serve(server);
else await main();
