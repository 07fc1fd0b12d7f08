/**
 * Cohort issuance end to end: a 10,000-row CSV is read, checked against the specification, queued, and issued
 * (credentials built, signed on the signing pool's threads, stored with learners, e-mails and audit entries) by the
 * batch runner, on PGlite and on PostgreSQL; against the same signing done serially with the plain reference
 * libraries in the same process, as a ratio; and PDF certificates per second.
 *
 *   npm run bench:issuance                     10,000 rows (BENCH_ISSUANCE_ROWS), reference on 300 credentials
 *   BENCH_ISSUANCE_DATABASE_URL=postgres://…   the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres;
 *                                              a fresh database is created and dropped)
 *   BENCH_ISSUANCE_THREADS=n                   signing threads (default: the number of cores, at most 8)
 *   BENCH_ISSUANCE_PER_THREAD=n                sign requests sent to one thread at a time (default 32)
 *   BENCH_ISSUANCE_THREAD_HEAP=default         no heap limits on the signing threads (default: SIGN_THREAD_LIMITS);
 *   BENCH_ISSUANCE_THREAD_HEAP=young/old       …or these (maxYoungGenerationSizeMb/maxOldGenerationSizeMb, 0: V8's default)
 *   BENCH_ISSUANCE_DATABASES=pglite|postgres   only one of the two (default both, PGlite first)
 *
 * Everything runs in this process (the runner as an app instance runs it, with its signing pool); peak memory is
 * the process RSS (worker threads included) sampled every 50 ms, with what it is made of at that moment: this
 * thread's V8 heap, its `external` memory (PGlite's WebAssembly memory and buffers) and the signing threads' heaps
 * (asked every 250 ms). The RSS before the batch (store open, threads not started or idle) is shown too: the
 * PostgreSQL run comes second in the same process and starts from what the PGlite run left. The goal: at least 2×
 * the serial reference on a 2-core machine.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';
import { join } from 'node:path';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as referenceCryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { securityLoader } from '@digitalbazaar/security-document-loader';
import { readFileSync } from 'node:fs';
import { SignPool, type ThreadStats } from '../src/credentials/sign-pool.ts';
import { certificatePdf } from '../src/documents/certificate-pdf.ts';
import { validateSpecification } from '../src/model/index.ts';
import { SYSTEM } from '../src/services/audit.ts';
import { BatchRunner } from '../src/services/batch-runner.ts';
import { createBatch, getBatch, startBatch } from '../src/services/batches.ts';
import { activeSigningKeyFile, createInstitution } from '../src/services/institutions.ts';
import type { Platform } from '../src/services/platform.ts';
import { secretsFromKey } from '../src/services/secrets.ts';
import { createSpecification, publishDraft } from '../src/services/specifications.ts';
import { openStore, type StoreOptions } from '../src/store/db.ts';
import { DEFAULT_PG_URL, fmt, mib, table, withFreshDatabase } from './harness.ts';
import { onSide } from './jsonld-mode.ts';

const ROWS = Number(process.env.BENCH_ISSUANCE_ROWS ?? 10_000);
const REFERENCE_N = Number(process.env.BENCH_ISSUANCE_REFERENCE_N ?? 300);
const PDF_N = 60;
const THREADS = Number(process.env.BENCH_ISSUANCE_THREADS ?? Math.min(availableParallelism(), 8));
const PG_URL = process.env.BENCH_ISSUANCE_DATABASE_URL ?? DEFAULT_PG_URL;
const PER_THREAD = process.env.BENCH_ISSUANCE_PER_THREAD ? Number(process.env.BENCH_ISSUANCE_PER_THREAD) : undefined;
const THREAD_HEAP = process.env.BENCH_ISSUANCE_THREAD_HEAP ?? 'limited';
function threadLimits(): ResourceLimits | undefined {
  if (THREAD_HEAP === 'default') return {};
  const [young, old] = THREAD_HEAP.split('/').map(Number);
  if (young === undefined || old === undefined || Number.isNaN(young) || Number.isNaN(old)) return undefined;
  return { ...(young > 0 ? { maxYoungGenerationSizeMb: young } : {}), ...(old > 0 ? { maxOldGenerationSizeMb: old } : {}) };
}
const DATABASES = (process.env.BENCH_ISSUANCE_DATABASES ?? 'pglite,postgres').split(',');
const ROOT = new URL('../', import.meta.url);

type Json = Record<string, unknown>;

function readJson(path: string): Json {
  return JSON.parse(readFileSync(new URL(path, ROOT), 'utf8')) as Json;
}

function cohortCsv(rows: number): Buffer {
  const given = ['Anna', 'Piotr', 'Małgorzata', 'Łukasz', 'Zofia', 'Jakub', 'Katarzyna', 'Michał', 'Agnieszka', 'Paweł'];
  const family = ['Wiśniewska', 'Zieliński', 'Wójcik', 'Kamiński', 'Lewandowska', 'Dąbrowski', 'Szymańska', 'Woźniak', 'Kozłowska', 'Krawczyk'];
  const lines = ['Lp.;Imię;Nazwisko;E-mail;Nr albumu;Data urodzenia;Ocena;Data zaliczenia'];
  for (let n = 1; n <= rows; n++) {
    const g = given[n % given.length] as string;
    const f = family[(n * 7) % family.length] as string;
    lines.push(`${n};${g};${f};student${n}@uczelnia.example.pl;${500000 + n};${1995 + (n % 10)}-0${1 + (n % 9)}-1${n % 10};${['5', '4,5', '4', 'db+'][n % 4]};30.06.2026`);
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

interface Memory {
  /** RSS when sampling started. */
  readonly before: number;
  readonly peakRss: number;
  /** This thread's V8 heap (used) and `external` memory at the RSS peak. */
  readonly heapAtPeak: number;
  readonly externalAtPeak: number;
  /** The largest sum of the signing threads' heaps (total) seen, and the largest single one. */
  readonly threadHeaps: number;
  readonly threadHeapMax: number;
}

/** The process RSS, sampled, for the peak; and the signing threads' heaps. */
function sampleMemory(pool: SignPool): { stop(): Promise<Memory> } {
  const at = (): { rss: number; heap: number; external: number } => {
    const m = process.memoryUsage();
    return { rss: m.rss, heap: m.heapUsed, external: m.external };
  };
  const before = at();
  let peak = before;
  let threadHeaps = 0;
  let threadHeapMax = 0;
  const sample = (): void => {
    const now = at();
    if (now.rss > peak.rss) peak = now;
  };
  const threads = (stats: ThreadStats[]): void => {
    threadHeaps = Math.max(threadHeaps, stats.reduce((a, s) => a + s.heapTotal, 0));
    threadHeapMax = Math.max(threadHeapMax, ...stats.map((s) => s.heapTotal));
  };
  const timer = setInterval(sample, 50);
  const threadTimer = setInterval(() => { pool.threadStats().then(threads, () => undefined); }, 250);
  return {
    async stop() {
      clearInterval(timer);
      clearInterval(threadTimer);
      sample();
      threads(await pool.threadStats());
      return { before: before.rss, peakRss: peak.rss, heapAtPeak: peak.heap, externalAtPeak: peak.external, threadHeaps, threadHeapMax };
    },
  };
}

interface Phase { readonly name: string; readonly ms: number }
interface RunResult { readonly phases: Phase[]; readonly totalMs: number; readonly perSecond: number; readonly memory: Memory; readonly issued: number }

async function runCohort(kind: string, options: StoreOptions, pool: SignPool): Promise<RunResult> {
  const store = await openStore(options);
  try {
    const platform: Platform = { store, secrets: secretsFromKey(randomBytes(32)), baseUrl: 'https://bench.example', signer: pool };
    const institution = await createInstitution(platform, {
      slug: 'bench-uni', namePl: 'Uczelnia Benchmarkowa', nameEn: 'Benchmark University', country: 'PL', identifiers: [], website: null, email: null,
      address: { locality: 'Warszawa', country: 'PL' },
    }, SYSTEM);
    const document = readJson('examples/specification.json');
    delete document.specId;
    const draft = await createSpecification(platform, institution, document, SYSTEM);
    await publishDraft(platform, institution, draft.specId, SYSTEM);
    const csv = cohortCsv(ROWS);
    const memory = sampleMemory(pool);
    const phases: Phase[] = [];
    const t0 = performance.now();
    const preview = await createBatch(platform, institution, { specId: draft.specId, fileName: 'kohorta.csv', bytes: csv }, SYSTEM);
    const t1 = performance.now();
    phases.push({ name: 'read, check and store the rows (preview)', ms: t1 - t0 });
    if (preview.counts.pending !== ROWS) throw new Error(`${kind}: ${preview.counts.pending} of ${ROWS} rows valid: ${JSON.stringify(preview.problems.slice(0, 3))}`);
    await startBatch(platform, institution, preview.id, { language: 'pl' }, SYSTEM);
    const t2 = performance.now();
    phases.push({ name: 'start (duplicates, status indices)', ms: t2 - t1 });
    // Two runners, as two request-free app instances would share it; one signing pool.
    const runners = [new BatchRunner(platform, { chunk: 100 }), new BatchRunner(platform, { chunk: 100 })];
    await Promise.all(runners.map(async (runner) => { while (await runner.runOnce()) { /* chunks */ } }));
    const t3 = performance.now();
    phases.push({ name: 'issue (build, sign, store)', ms: t3 - t2 });
    const peak = await memory.stop();
    const done = await getBatch(platform, institution, preview.id);
    if (done.counts.issued !== ROWS) throw new Error(`${kind}: ${done.counts.issued} issued`);
    // Keep the key warm for later; the platform closes with the store.
    await activeSigningKeyFile(platform, institution);
    return { phases, totalMs: t3 - t0, perSecond: ROWS / ((t3 - t0) / 1000), memory: peak, issued: done.counts.issued };
  } finally {
    await store.close();
  }
}

/** The plain reference libraries signing the same kind of credential, one after another. */
async function referenceSerial(): Promise<number> {
  const { buildCredential } = await import('../src/credentials/build.ts');
  const { validateAward } = await import('../src/model/index.ts');
  const { generateIssuerKey } = await import('../src/credentials/keys.ts');
  const { statusEntry } = await import('../src/credentials/status-list.ts');
  const spec = validateSpecification(readJson('examples/specification.json'));
  if (!spec.ok) throw new Error('example specification');
  const award = validateAward(spec.value, readJson('examples/learner.json'));
  if (!award.ok) throw new Error('example learner');
  const keyFile = await generateIssuerKey();
  const key = await Ed25519Multikey.from(keyFile);
  const loader = securityLoader();
  const index = readJson('contexts/index.json') as { contexts: Record<string, string> };
  for (const [url, file] of Object.entries(index.contexts)) loader.addStatic(url, readJson(`contexts/${file}`));
  const documentLoader = loader.build();
  const credentials = Array.from({ length: REFERENCE_N + 20 }, (_, i) => buildCredential(spec.value, award.value, {
    issuerId: keyFile.controller, status: [statusEntry('https://bench.example/status/1', i, 'revocation')],
  }));
  const sign = onSide('reference', (credential: Json) => vc.issue({
    credential: { ...credential }, suite: new DataIntegrityProof({ signer: key.signer(), cryptosuite: referenceCryptosuite }), documentLoader,
  }));
  for (const c of credentials.slice(0, 20)) await sign(c);
  const t0 = performance.now();
  for (const c of credentials.slice(20)) await sign(c);
  return REFERENCE_N / ((performance.now() - t0) / 1000);
}

async function pdfsPerSecond(): Promise<{ perSecond: number; bytes: number }> {
  const { issueMicroCredential, generateIssuerKey, loadIssuerKey } = await import('../src/credentials/index.ts');
  const spec = validateSpecification(readJson('examples/specification.json'));
  if (!spec.ok) throw new Error('example specification');
  const key = await loadIssuerKey(await generateIssuerKey());
  const issued = await issueMicroCredential({ specification: readJson('examples/specification.json'), award: readJson('examples/learner.json'), key });
  if (!issued.ok) throw new Error('issue');
  const input = {
    credential: issued.credential, specification: spec.value, learnerName: 'Małgorzata Żółkiewska', issuedAt: new Date(),
    institution: { namePl: 'Uniwersytet Przykładowy w Warszawie', nameEn: 'Example University in Warsaw' },
    verifyUrl: 'https://mikrocred.example/v/abcdefghjk', language: 'pl' as const,
  };
  let bytes = (await certificatePdf(input)).length;
  const t0 = performance.now();
  for (let i = 0; i < PDF_N; i++) bytes = (await certificatePdf(input)).length;
  return { perSecond: PDF_N / ((performance.now() - t0) / 1000), bytes };
}

async function main(): Promise<void> {
  const pool = new SignPool({
    size: THREADS, ...(PER_THREAD ? { perThread: PER_THREAD } : {}), ...(threadLimits() ? { resourceLimits: threadLimits() } : {}),
  });
  console.log(`Cohort issuance: ${ROWS} rows, ${THREADS} signing threads (${PER_THREAD ?? 'default'} requests per thread, ${THREAD_HEAP} heap), `
    + `${availableParallelism()} cores; reference: ${REFERENCE_N} credentials signed serially\n`);
  const results: Array<[string, RunResult]> = [];
  const dir = mkdtempSync(join(tmpdir(), 'mikrocred-bench-issuance-'));
  try {
    if (DATABASES.includes('pglite')) results.push(['PGlite', await runCohort('PGlite', { dataDir: join(dir, 'data') }, pool)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  try {
    if (DATABASES.includes('postgres')) {
      results.push(['PostgreSQL', await withFreshDatabase(PG_URL, 'mikrocred_bench_issuance', (url) => runCohort('PostgreSQL', { databaseUrl: url }, pool))]);
    }
  } catch (error) {
    console.log(`PostgreSQL not measured: ${(error as Error).message}\n`);
  }
  await pool.close();
  const reference = await referenceSerial();
  const pdf = await pdfsPerSecond();

  const phaseNames = results[0]?.[1].phases.map((p) => p.name) ?? [];
  console.log(table(['', ...results.map(([name]) => name)], [
    ...phaseNames.map((name) => [name, ...results.map(([, r]) => `${fmt((r.phases.find((p) => p.name === name)?.ms ?? 0) / 1000, 1)} s`)]),
    ['end to end', ...results.map(([, r]) => `${fmt(r.totalMs / 1000, 1)} s`)],
    ['credentials/s (end to end)', ...results.map(([, r]) => fmt(r.perSecond))],
    ['vs reference, serial signing only', ...results.map(([, r]) => `${fmt(r.perSecond / reference, 2)}×`)],
    ['memory (RSS) before the batch', ...results.map(([, r]) => mib(r.memory.before))],
    ['peak memory (RSS)', ...results.map(([, r]) => mib(r.memory.peakRss))],
    ['  this thread: V8 heap used at the peak', ...results.map(([, r]) => mib(r.memory.heapAtPeak))],
    ['  this thread: external (PGlite WASM…) at the peak', ...results.map(([, r]) => mib(r.memory.externalAtPeak))],
    ['  signing threads: V8 heaps (largest sum)', ...results.map(([, r]) => `${mib(r.memory.threadHeaps)} (≤ ${mib(r.memory.threadHeapMax)} each)`)],
  ]));
  console.log(`\nreference (plain @digitalbazaar/vc + eddsa-rdfc-2022, serial): ${fmt(reference)} credentials/s (signing only)`);
  console.log(`PDF certificates: ${fmt(pdf.perSecond)} PDFs/s on one thread (${fmt(pdf.bytes / 1024)} KiB each, Polish)`);
  const goal = results.every(([, r]) => r.perSecond >= 2 * reference);
  console.log(`goal (≥ 2× the serial reference, end to end): ${goal ? 'met' : 'NOT met'}`);
}

await main();
