/**
 * Throughput of signing and verifying Mikrocred credentials, against the plain Digital Bazaar libraries and raw
 * Ed25519, with a breakdown of where the time of one signature goes.
 *
 *   npm run bench                   N = 1,000 credentials
 *   npm run bench -- --n 200        or BENCH_N=200 npm run bench; --rounds / BENCH_ROUNDS (default 2)
 *
 * Everything runs in one process, one operation at a time (each awaited): the figures are the latency-bound
 * throughput of ONE core, as a single issuing or verifying request sees it, not the capacity of a machine.
 *
 * What is measured
 * - Preparation (not timed): the example specification and learner are validated, an issuer key (did:key) is
 *   generated and loaded, N unsigned OpenBadgeCredentials are built, each with its own revocation entry in one
 *   Bitstring Status List, and the status list credential is built and signed.
 * - Throughput, on the same N credentials:
 *     ours, sign                 signCredential (src/credentials/sign.ts)
 *     reference, sign            vc.issue + DataIntegrityProof + the plain eddsa-rdfc-2022 cryptosuite, a signer from
 *                                Ed25519Multikey.from(key file), and securityLoader() with our contexts/ added
 *     ours, verify (full)        verifyCredential (src/credentials/verify.ts): issuer, proof, JSON Schemas, dates,
 *                                status (the signed status list is given, so the list's own proof is checked and
 *                                the bit read every time) and the EU elements; every verdict must be "valid"
 *     ours, verify (proof only)  verifyProofOnly (src/credentials/suites.ts) with our offline document loader
 *     reference, verify          vc.verifyCredential with the plain cryptosuite and the reference loader (status
 *                                callback accepting); every result must be verified
 *     raw Ed25519 sign / verify  node:crypto over a 64-byte message, KeyObjects made once, N × 20 calls
 *   Each line has 50 untimed warm-up operations; the sections run ROUNDS times, ours and the reference in
 *   alternating order, and the best round is reported (the other rounds are shown for spread).
 * - Breakdown: one representative credential, each step repeated N times (fast steps N × 20): JSON-LD expansion,
 *   conversion to RDF (which includes expansion), RDFC-1.0 canonicalisation of the ready dataset, SHA-256, the
 *   cryptosuite's whole canonize() of the credential and of the proof options, key import, the signature itself
 *   and a context lookup in each document loader, plus the extra checks of a full verification.
 *
 * How to read the output
 * - ops/s: operations per second (higher is better); ms/op: the same as the time of one operation.
 * - vs reference: ours ÷ reference in ops/s (above 1: ours is faster). vs raw: the line's ops/s ÷ the raw
 *   Ed25519 ops/s of the same kind (sign or verify): the share of the time the signature maths itself would take.
 * - Breakdown "share of a sign": the step's ms/op ÷ the ms/op of "ours, sign". A signature is approximately
 *   canonize(credential) + canonize(proof options) + 2 × SHA-256 + one Ed25519 signature; the table ends with that
 *   sum against the measured signature, the rest being the vc / jsonld-signatures bookkeeping.
 */
import { createHash, generateKeyPairSync, randomBytes, sign as edSign, verify as edVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import jsonld from 'jsonld';
import * as rdfCanonize from 'rdf-canonize';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof, type Cryptosuite } from '@digitalbazaar/data-integrity';
import { cryptosuite as referenceCryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { securityLoader } from '@digitalbazaar/security-document-loader';
import { validateAward, validateSpecification, type Problem } from '../src/model/index.ts';
import { buildCredential, type JsonObject } from '../src/credentials/build.ts';
import { OB_V3_CONTEXT_URL } from '../src/credentials/contexts.ts';
import { OfflineDidResolver } from '../src/credentials/did.ts';
import { createDocumentLoader } from '../src/credentials/document-loader.ts';
import { generateIssuerKey, loadIssuerKey, type IssuerKey, type IssuerKeyFile } from '../src/credentials/keys.ts';
import { validateAgainst, validateOpenBadge } from '../src/credentials/schema.ts';
import { signCredential } from '../src/credentials/sign.ts';
import { StaticStatusListSource, statusCheck } from '../src/credentials/status-check.ts';
import { buildStatusListCredential, DEFAULT_LIST_LENGTH, newStatusList, statusEntry } from '../src/credentials/status-list.ts';
import { verifyProofOnly } from '../src/credentials/suites.ts';
import { verifyCredential } from '../src/credentials/verify.ts';
import { MIKROCRED_SCHEMA_URL } from '../src/credentials/build.ts';
import { fmt, fmtAuto, mib, percent, Series, table, timeAsync, timeSync, type Timing } from './harness.ts';

type DocumentLoader = vc.DocumentLoader;

const ROOT = new URL('../', import.meta.url);
/** The status list every benchmark credential points to (one revocation entry each). */
const STATUS_LIST_URL = 'https://uni.example.pl/status/bench';
/** A bit set in the list and carried by one extra credential: the self-check that the status is really read. */
const REVOKED_INDEX = DEFAULT_LIST_LENGTH - 1;
/** Raw Ed25519 and other microsecond-scale steps run this many times more often than the credential operations. */
const FAST_FACTOR = 20;

class BenchmarkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchmarkError';
  }
}

function fail(message: string): never {
  throw new BenchmarkError(message);
}

function readJson(relativePath: string): unknown {
  return JSON.parse(readFileSync(new URL(relativePath, ROOT), 'utf8'));
}

function positiveInteger(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) fail(`${name} must be a positive integer, not "${raw}"`);
  return value;
}

interface Settings {
  readonly n: number;
  readonly rounds: number;
}

function settings(): Settings {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { n: { type: 'string' }, rounds: { type: 'string' } },
    strict: true,
  });
  return {
    n: positiveInteger('--n / BENCH_N', values.n ?? process.env.BENCH_N ?? '1000'),
    rounds: positiveInteger('--rounds / BENCH_ROUNDS', values.rounds ?? process.env.BENCH_ROUNDS ?? '2'),
  };
}

function describeProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.path || '(root)'}: ${p.message.en}`).join('; ');
}

// ─── Preparation ────────────────────────────────────────────────────────────────────────────────────────────────

interface Fixture {
  readonly keyFile: IssuerKeyFile;
  readonly key: IssuerKey;
  readonly unsigned: readonly JsonObject[];
  /** A credential whose revocation bit is set: verification must report it revoked. */
  readonly revoked: JsonObject;
  readonly statusLists: StaticStatusListSource;
}

async function prepare(n: number): Promise<Fixture> {
  const spec = validateSpecification(readJson('examples/specification.json'));
  if (!spec.ok) fail(`examples/specification.json is not valid: ${describeProblems(spec.problems)}`);
  const award = validateAward(spec.value, readJson('examples/learner.json'));
  if (!award.ok) fail(`examples/learner.json is not valid: ${describeProblems(award.problems)}`);
  const keyFile = await generateIssuerKey();
  const key = await loadIssuerKey(keyFile);

  const build = (index: number): JsonObject =>
    buildCredential(spec.value, award.value, { issuerId: key.controller, status: [statusEntry(STATUS_LIST_URL, index, 'revocation')] });
  const unsigned = Array.from({ length: n }, (_, i) => build(i % REVOKED_INDEX));

  const list = await newStatusList();
  list.setStatus(REVOKED_INDEX, true);
  const listCredential = await buildStatusListCredential({
    id: STATUS_LIST_URL, issuerId: key.controller, statusPurpose: 'revocation', list,
  });
  const statusLists = new StaticStatusListSource([await signCredential(listCredential, key)]);
  return { keyFile, key, unsigned, revoked: await signCredential(build(REVOKED_INDEX), key), statusLists };
}

/** The reference document loader: the library's security loader plus every context of contexts/index.json. */
function createReferenceLoader(): DocumentLoader {
  const loader = securityLoader();
  const index = readJson('contexts/index.json') as { contexts: Record<string, string> };
  for (const [url, file] of Object.entries(index.contexts)) loader.addStatic(url, readJson(`contexts/${file}`));
  return loader.build();
}

// ─── The operations compared ────────────────────────────────────────────────────────────────────────────────────

interface Operations {
  oursSign(i: number): Promise<unknown>;
  referenceSign(i: number): Promise<unknown>;
  oursVerify(i: number): Promise<unknown>;
  oursProofOnly(i: number): Promise<unknown>;
  referenceVerify(i: number): Promise<unknown>;
  /** Our signed output, filled by oursSign and verified by the three verify operations. */
  readonly signed: JsonObject[];
}

async function operations(fixture: Fixture, referenceLoader: DocumentLoader): Promise<Operations> {
  const { key, unsigned, statusLists } = fixture;
  const referenceKey = await Ed25519Multikey.from(fixture.keyFile);
  const ourLoader = createDocumentLoader({ resolver: new OfflineDidResolver() });
  const signed: JsonObject[] = [];
  const credential = (i: number): JsonObject => unsigned[i] ?? fail(`No credential ${i}`);
  const signedCredential = (i: number): JsonObject => signed[i] ?? fail(`Credential ${i} has not been signed yet`);

  return {
    signed,
    async oursSign(i) {
      signed[i] = await signCredential(credential(i), key);
    },
    // jsonld-signatures adds `proof` to the object it is given: a shallow copy keeps the shared inputs unsigned.
    referenceSign: (i) => vc.issue({
      credential: { ...credential(i) },
      suite: new DataIntegrityProof({ signer: referenceKey.signer(), cryptosuite: referenceCryptosuite }),
      documentLoader: referenceLoader,
    }),
    async oursVerify(i) {
      const report = await verifyCredential(signedCredential(i), { statusLists });
      const status = report.checks.find((c) => c.id === 'status')?.status;
      if (report.verdict !== 'valid' || status !== 'passed') {
        const failed = report.checks.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.status} (${c.message.en})`);
        fail(`ours, verify: credential ${i} is ${report.verdict}, status check ${String(status)}; ${failed.join('; ')}`);
      }
    },
    async oursProofOnly(i) {
      const result = await verifyProofOnly(signedCredential(i), ourLoader);
      if (!result.verified) fail(`ours, proof only: credential ${i} did not verify: ${result.error?.message ?? 'no error given'}`);
    },
    async referenceVerify(i) {
      const result = await vc.verifyCredential({
        credential: signedCredential(i),
        suite: new DataIntegrityProof({ cryptosuite: referenceCryptosuite }),
        documentLoader: referenceLoader,
        checkStatus: async () => ({ verified: true }),
      });
      if (!result.verified) {
        const error = result.results?.find((r) => r.error)?.error ?? result.error;
        fail(`reference, verify: credential ${i} did not verify: ${error?.message ?? 'no error given'}`);
      }
    },
  };
}

/** One-off checks before timing: the status check really reads the list, and both sides accept each other's proofs. */
async function selfChecks(fixture: Fixture, ops: Operations, referenceLoader: DocumentLoader): Promise<string[]> {
  const report = await verifyCredential(fixture.revoked, { statusLists: fixture.statusLists });
  const status = report.checks.find((c) => c.id === 'status');
  if (report.verdict !== 'invalid' || status?.status !== 'failed') {
    fail(`The revoked credential was not reported revoked (verdict ${report.verdict}, status ${String(status?.status)})`);
  }
  const referenceSigned = (await ops.referenceSign(0)) as JsonObject;
  const ours = await verifyProofOnly(referenceSigned, createDocumentLoader({ resolver: new OfflineDidResolver() }));
  if (!ours.verified) fail(`A reference-signed credential does not verify with ours: ${ours.error?.message ?? ''}`);
  await ops.oursSign(0);
  const reference = await vc.verifyCredential({
    credential: ops.signed[0], suite: new DataIntegrityProof({ cryptosuite: referenceCryptosuite }),
    documentLoader: referenceLoader, checkStatus: async () => ({ verified: true }),
  });
  if (!reference.verified) fail('A credential signed by ours does not verify with the reference library');
  return [
    `revoked credential (index ${REVOKED_INDEX}) reported: ${report.verdict}, status check ${status.status}`,
    'ours ↔ reference: each verifies the other\'s signatures',
  ];
}

// ─── Throughput ─────────────────────────────────────────────────────────────────────────────────────────────────

interface Throughput {
  readonly oursSign: Series;
  readonly referenceSign: Series;
  readonly oursVerify: Series;
  readonly oursProofOnly: Series;
  readonly referenceVerify: Series;
  readonly rawSign: Series;
  readonly rawVerify: Series;
}

async function runThroughput(ops: Operations, n: number, rounds: number, log: (line: string) => void): Promise<Throughput> {
  const t: Throughput = {
    oursSign: new Series('ours, sign'),
    referenceSign: new Series('reference, sign'),
    oursVerify: new Series('ours, verify (full report)'),
    oursProofOnly: new Series('ours, verify (proof only)'),
    referenceVerify: new Series('reference, verify'),
    rawSign: new Series('raw Ed25519 sign (node:crypto)'),
    rawVerify: new Series('raw Ed25519 verify (node:crypto)'),
  };
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const message = randomBytes(64);
  const signature = edSign(null, message, privateKey);
  if (!edVerify(null, message, publicKey, signature)) fail('raw Ed25519 signature does not verify');

  const run = async (series: Series, op: (i: number) => Promise<unknown>): Promise<void> => {
    const timing = await timeAsync(n, op);
    series.add(timing);
    log(`    ${series.label.padEnd(34)} ${fmt(timing.ms / 1000, 1).padStart(6)} s`);
  };
  for (let round = 0; round < rounds; round++) {
    log(`  round ${round + 1} of ${rounds}`);
    // Our signatures come first in the first round: the verify sections below need them.
    const signers: Array<[Series, (i: number) => Promise<unknown>]> = [[t.oursSign, ops.oursSign], [t.referenceSign, ops.referenceSign]];
    const verifiers: Array<[Series, (i: number) => Promise<unknown>]> = [
      [t.oursVerify, ops.oursVerify], [t.oursProofOnly, ops.oursProofOnly], [t.referenceVerify, ops.referenceVerify],
    ];
    if (round % 2 === 1) {
      signers.reverse();
      verifiers.reverse();
    }
    for (const [series, op] of [...signers, ...verifiers]) await run(series, op);
    const rawN = n * FAST_FACTOR;
    t.rawSign.add(timeSync(rawN, () => edSign(null, message, privateKey)));
    t.rawVerify.add(timeSync(rawN, () => edVerify(null, message, publicKey, signature)));
  }
  return t;
}

function throughputTable(t: Throughput): string {
  const row = (series: Series, reference: Series | undefined, raw: Series): string[] => [
    series.label,
    fmt(series.opsPerSecond, series.opsPerSecond >= 1000 ? 0 : 1),
    fmtAuto(series.msPerOp),
    reference ? `${fmt(series.opsPerSecond / reference.opsPerSecond, 2)}×` : '',
    series === raw ? '' : percent(series.opsPerSecond / raw.opsPerSecond),
    series.rounds.map((r) => fmt((r.ops * 1000) / r.ms, 0)).join(' / '),
  ];
  return table(['operation', 'ops/s', 'ms/op', 'vs reference', 'vs raw', 'ops/s by round'], [
    row(t.oursSign, t.referenceSign, t.rawSign),
    row(t.referenceSign, undefined, t.rawSign),
    row(t.oursVerify, t.referenceVerify, t.rawVerify),
    row(t.oursProofOnly, t.referenceVerify, t.rawVerify),
    row(t.referenceVerify, undefined, t.rawVerify),
    row(t.rawSign, undefined, t.rawSign),
    row(t.rawVerify, undefined, t.rawVerify),
  ]);
}

// ─── Breakdown ──────────────────────────────────────────────────────────────────────────────────────────────────

interface Step {
  readonly label: string;
  readonly series: Series;
  /** How often the step occurs in one signature (for the sum at the end); 0 when it is not part of signing. */
  readonly perSign: number;
}

async function runBreakdown(
  fixture: Fixture, ops: Operations, referenceLoader: DocumentLoader, n: number, rounds: number,
): Promise<{ steps: Step[]; quads: number; canonicalBytes: number }> {
  const credential = fixture.unsigned[0] ?? fail('No credential');
  const signed = ops.signed[0] ?? fail('No signed credential');
  const ourLoader = createDocumentLoader({ resolver: new OfflineDidResolver() });
  // The options of the cryptosuite's canonize() (eddsa-rdfc-2022-cryptosuite/lib/canonize.js, DataIntegrityProof).
  const toRdfOptions = { documentLoader: ourLoader, safe: true, base: null, rdfDirection: 'i18n-datatype', produceGeneralizedRdf: false };
  const canonizeOptions = { documentLoader: ourLoader, safe: true, base: null };
  // The proof options document DataIntegrityProof.canonizeProof hashes: the proof without its value, in the
  // credential's context.
  const [firstProof] = Array.isArray(signed.proof) ? signed.proof : [signed.proof];
  const { proofValue: _proofValue, ...proofOptions } = (firstProof ?? fail('No proof')) as JsonObject;
  const proofDocument = { '@context': credential['@context'], ...proofOptions };

  const dataset = await jsonld.toRDF(credential, toRdfOptions);
  const canonical = await rdfCanonize.canonize(dataset, { algorithm: 'RDFC-1.0' });
  const suite: Cryptosuite = referenceCryptosuite;
  if ((await suite.canonize(credential, canonizeOptions)) !== canonical) fail('The step-by-step canonical form differs from the cryptosuite\'s');
  const verifyData = new Uint8Array(64).fill(7);
  const multikeySigner = (await Ed25519Multikey.from(fixture.keyFile)).signer();

  const fast = n * FAST_FACTOR;
  const steps: Array<Step & { run: () => Promise<Timing> | Timing }> = [];
  const add = (label: string, perSign: number, run: () => Promise<Timing> | Timing): void => {
    steps.push({ label, perSign, series: new Series(label), run });
  };
  add('structuredClone(credential) (ours only)', 1, () => timeSync(fast, () => structuredClone(credential)));
  add('jsonld.expand (safe)', 0, () => timeAsync(n, () => jsonld.expand(credential, { documentLoader: ourLoader, safe: true })));
  add('jsonld.toRDF (safe; includes expansion)', 0, () => timeAsync(n, () => jsonld.toRDF(credential, toRdfOptions)));
  add('rdf-canonize RDFC-1.0 (ready dataset)', 0, () => timeAsync(n, () => rdfCanonize.canonize(dataset, { algorithm: 'RDFC-1.0' })));
  add('cryptosuite.canonize(credential)', 1, () => timeAsync(n, () => suite.canonize(credential, canonizeOptions)));
  add('cryptosuite.canonize(proof options)', 1, () => timeAsync(n, () => suite.canonize(proofDocument, canonizeOptions)));
  add('sha256(canonical N-Quads)', 2, () => timeSync(fast, () => createHash('sha256').update(canonical).digest()));
  add('Ed25519Multikey.from + signer()', 0, () => timeAsync(n, async () => (await Ed25519Multikey.from(fixture.keyFile)).signer()));
  add('Multikey signer.sign (imports key per call)', 0, () => timeAsync(fast, () => multikeySigner.sign({ data: verifyData })));
  add('our signer.sign (KeyObject kept)', 1, () => timeAsync(fast, () => fixture.key.signer.sign({ data: verifyData })));
  add('context lookup, our loader', 0, () => timeAsync(fast, () => ourLoader(OB_V3_CONTEXT_URL)));
  add('context lookup, reference loader', 0, () => timeAsync(fast, () => referenceLoader(OB_V3_CONTEXT_URL)));
  add('full verify: status check (list proof + bit)', 0, () => timeAsync(n, () => statusCheck(signed, fixture.statusLists, ourLoader)));
  add('full verify: JSON Schemas (OB 3.0 + ours)', 0, () => timeSync(n, () => {
    validateOpenBadge(signed);
    validateAgainst(MIKROCRED_SCHEMA_URL, signed);
  }));

  for (let round = 0; round < rounds; round++) {
    for (const step of round % 2 === 0 ? steps : [...steps].reverse()) step.series.add(await step.run());
  }
  return { steps, quads: dataset.length, canonicalBytes: Buffer.byteLength(canonical) };
}

function breakdownTable(steps: readonly Step[], throughput: Throughput): string {
  const signMs = throughput.oursSign.msPerOp;
  const rows = steps.map((s) => [s.label, fmt(s.series.opsPerSecond, 0), fmtAuto(s.series.msPerOp), percent(s.series.msPerOp / signMs)]);
  const byLabel = (label: string): Series => steps.find((s) => s.label === label)?.series ?? fail(`No step ${label}`);
  const expandMs = byLabel('jsonld.expand (safe)').msPerOp;
  const toRdfMs = byLabel('jsonld.toRDF (safe; includes expansion)').msPerOp;
  const canonizeMs = byLabel('rdf-canonize RDFC-1.0 (ready dataset)').msPerOp;
  const suiteMs = byLabel('cryptosuite.canonize(credential)').msPerOp;
  rows.push(
    ['derived: toRDF after expansion (toRDF − expand)', '', fmtAuto(toRdfMs - expandMs), percent((toRdfMs - expandMs) / signMs)],
    ['derived: canonize(credential) = toRDF + RDFC-1.0?', '', fmtAuto(toRdfMs + canonizeMs), `measured ${fmtAuto(suiteMs)} ms`],
  );
  const modelMs = steps.reduce((sum, s) => sum + s.perSign * s.series.msPerOp, 0);
  rows.push(
    ['sum: clone + 2 canonize + 2 sha256 + signature', '', fmtAuto(modelMs), percent(modelMs / signMs)],
    ['rest: vc / jsonld-signatures bookkeeping, GC', '', fmtAuto(signMs - modelMs), percent((signMs - modelMs) / signMs)],
    ['measured: ours, sign', fmt(throughput.oursSign.opsPerSecond, 1), fmtAuto(signMs), '100 %'],
  );
  return table(['step (one credential, repeated)', 'ops/s', 'ms/op', 'share of a sign'], rows);
}

// ─── Main ───────────────────────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const { n, rounds } = settings();
  const startedAt = Date.now();
  const log = (line: string): void => console.log(line);
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  log(`Mikrocred credential benchmark: N = ${fmt(n)}, best of ${rounds} round${rounds > 1 ? 's' : ''}, 50 warm-up ops per line`);
  log(`Node ${process.version}, ${os.platform()} ${os.arch()}, ${cpu} (${os.availableParallelism()} logical CPUs; one is used)`);
  log('');

  const fixture = await prepare(n);
  const referenceLoader = createReferenceLoader();
  const ops = await operations(fixture, referenceLoader);
  log('Preparation');
  log(`  issuer ${fixture.key.controller.slice(0, 32)}…, ${fmt(n)} unsigned credentials with a revocation entry`);
  for (const line of await selfChecks(fixture, ops, referenceLoader)) log(`  self-check: ${line}`);
  log('');

  log('Running throughput sections');
  const throughput = await runThroughput(ops, n, rounds, log);
  log('');
  log('Breakdown (running)');
  const { steps, quads, canonicalBytes } = await runBreakdown(fixture, ops, referenceLoader, n, rounds);
  const sample = ops.signed[0] ?? fail('No signed credential');
  log('');

  log(`Throughput (one core, sequential; best round). Credential: ${fmt(Buffer.byteLength(JSON.stringify(fixture.unsigned[0])))} B JSON unsigned, ` +
    `${fmt(Buffer.byteLength(JSON.stringify(sample)))} B signed, ${quads} quads (${fmt(canonicalBytes)} B canonical N-Quads)`);
  log(throughputTable(throughput));
  log('');
  log('Ratios');
  const t = throughput;
  log(`  sign:   ours / reference = ${fmt(t.oursSign.opsPerSecond / t.referenceSign.opsPerSecond, 2)}×`);
  log(`  verify: ours (proof only) / reference = ${fmt(t.oursProofOnly.opsPerSecond / t.referenceVerify.opsPerSecond, 2)}×, ` +
    `ours (full report) / reference = ${fmt(t.oursVerify.opsPerSecond / t.referenceVerify.opsPerSecond, 2)}×`);
  log(`  raw Ed25519 is ${fmt(t.rawSign.opsPerSecond / t.oursSign.opsPerSecond, 0)}× faster than ours, sign and ` +
    `${fmt(t.rawSign.opsPerSecond / t.referenceSign.opsPerSecond, 0)}× than reference, sign; ` +
    `${fmt(t.rawVerify.opsPerSecond / t.oursProofOnly.opsPerSecond, 0)}× than ours, proof only and ` +
    `${fmt(t.rawVerify.opsPerSecond / t.referenceVerify.opsPerSecond, 0)}× than reference, verify`);
  log('');
  log('Breakdown: one representative credential; share = ms/op of the step ÷ ms/op of "ours, sign"');
  log(breakdownTable(steps, throughput));
  log('');
  const memory = process.memoryUsage();
  log(`Memory after the run: RSS ${mib(memory.rss)}, heap used ${mib(memory.heapUsed)} of ${mib(memory.heapTotal)}, ` +
    `external ${mib(memory.external)}`);
  log(`Total time ${fmt((Date.now() - startedAt) / 1000, 1)} s`);
}

try {
  await main();
} catch (error) {
  if (error instanceof BenchmarkError) {
    console.error(`\nBenchmark aborted: ${error.message}`);
  } else {
    console.error('\nBenchmark aborted by an unexpected error:', error);
  }
  process.exitCode = 1;
}
