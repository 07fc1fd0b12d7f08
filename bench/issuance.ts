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
 *
 * Everything runs in this process (the runner as an app instance runs it, with its signing pool); peak memory is
 * the process RSS (worker threads included) sampled every 50 ms. The goal: at least 2× the serial reference on a
 * 2-core machine.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as referenceCryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { securityLoader } from '@digitalbazaar/security-document-loader';
import { readFileSync } from 'node:fs';
import { SignPool } from '../src/credentials/sign-pool.ts';
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

/** The process RSS, sampled, for the peak. */
function sampleMemory(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
  return { stop: () => { clearInterval(timer); return Math.max(peak, process.memoryUsage().rss); } };
}

interface Phase { readonly name: string; readonly ms: number }
interface RunResult { readonly phases: Phase[]; readonly totalMs: number; readonly perSecond: number; readonly peakRss: number; readonly issued: number }

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
    const memory = sampleMemory();
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
    const peakRss = memory.stop();
    const done = await getBatch(platform, institution, preview.id);
    if (done.counts.issued !== ROWS) throw new Error(`${kind}: ${done.counts.issued} issued`);
    // Keep the key warm for later; the platform closes with the store.
    await activeSigningKeyFile(platform, institution);
    return { phases, totalMs: t3 - t0, perSecond: ROWS / ((t3 - t0) / 1000), peakRss, issued: done.counts.issued };
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
  console.log(`Cohort issuance: ${ROWS} rows, ${THREADS} signing threads, ${availableParallelism()} cores; reference: ${REFERENCE_N} credentials signed serially\n`);
  const pool = new SignPool({ size: THREADS });
  const results: Array<[string, RunResult]> = [];
  const dir = mkdtempSync(join(tmpdir(), 'mikrocred-bench-issuance-'));
  try {
    results.push(['PGlite', await runCohort('PGlite', { dataDir: join(dir, 'data') }, pool)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  try {
    results.push(['PostgreSQL', await withFreshDatabase(PG_URL, 'mikrocred_bench_issuance', (url) => runCohort('PostgreSQL', { databaseUrl: url }, pool))]);
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
    ['peak memory (RSS)', ...results.map(([, r]) => mib(r.peakRss))],
  ]));
  console.log(`\nreference (plain @digitalbazaar/vc + eddsa-rdfc-2022, serial): ${fmt(reference)} credentials/s (signing only)`);
  console.log(`PDF certificates: ${fmt(pdf.perSecond)} PDFs/s on one thread (${fmt(pdf.bytes / 1024)} KiB each, Polish)`);
  const goal = results.every(([, r]) => r.perSecond >= 2 * reference);
  console.log(`goal (≥ 2× the serial reference, end to end): ${goal ? 'met' : 'NOT met'}`);
}

await main();
