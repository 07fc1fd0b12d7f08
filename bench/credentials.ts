/**
 * Throughput of signing and verifying Mikrocred credentials, against the plain Digital Bazaar libraries and raw
 * Ed25519, with a breakdown of where the time of one signature goes.
 *
 *   npm run bench                   N = 1,000 credentials
 *   npm run bench -- --n 200        or BENCH_N=200 npm run bench; --rounds / BENCH_ROUNDS (default 2);
 *                                   --breakdown-n / BENCH_BREAKDOWN_N: repetitions of each breakdown step (default min(N, 200))
 *
 * Everything runs in one process, one operation at a time (each awaited): the figures are the latency-bound
 * throughput of ONE core, as a single issuing or verifying request sees it, not the capacity of a machine.
 * Our modules install a copy-on-write active-context clone in jsonld.js (src/credentials/jsonld-clone.ts) for the
 * whole process; the reference must run jsonld.js as published, so each operation selects its side's jsonld.js
 * first (bench/jsonld-mode.ts). With MIKROCRED_JSONLD_STOCK_CLONE=1 both sides run stock jsonld.js.
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
 *                                status (the signed status list is given: statusCheck verifies the list, which src
 *                                remembers by content hash, and reads the bit every time) and the EU elements;
 *                                every verdict must be "valid", the status check "passed"
 *     ours, verify (proof only)  verifyProofOnly (src/credentials/suites.ts) with our offline document loader
 *     reference, verify          vc.verifyCredential with the plain cryptosuite and the reference loader (status
 *                                callback accepting); every result must be verified
 *     raw Ed25519 sign / verify  node:crypto over a 64-byte message, KeyObjects made once, N × 20 calls
 *   Each line has 50 untimed warm-up operations; the sections run ROUNDS times, ours and the reference in
 *   alternating order, and the best round is reported (the other rounds are shown for spread).
 * - Breakdown: one representative credential, each step repeated N times (fast steps N × 20; the steps take turns
 *   in 10 blocks so that slow phases of the machine hit all of them alike): JSON-LD expansion, conversion to RDF
 *   (which includes expansion) and the cryptosuite's whole canonize() of the credential and of the proof options,
 *   each with stock jsonld.js and with ours; RDFC-1.0 canonicalisation of the ready dataset, SHA-256, key import,
 *   the signature with the library's signer and with ours, a context lookup in each document loader, and the extra
 *   checks of a full verification. A last diagnostic counts how often one expansion clones jsonld's active
 *   context (the cost behind expansion).
 *
 * How to read the output
 * - ops/s: operations per second (higher is better); ms/op: the same as the time of one operation.
 * - vs reference: ours ÷ reference in ops/s (above 1: ours is faster). vs raw: the line's ops/s ÷ the raw
 *   Ed25519 ops/s of the same kind (sign or verify): the share of the time the signature maths itself would take.
 * - Breakdown "share of its side's sign": the step's ms/op ÷ the ms/op of "ours, sign" or "reference, sign",
 *   whichever side the step belongs to. A signature is about canonize(credential) + canonize(proof options) +
 *   2 × SHA-256 + one Ed25519 signature (ours: + a structuredClone); the table ends with that sum against the
 *   measured signature of each side, the rest being the vc / jsonld-signatures bookkeeping and noise.
 */
import { createHash, generateKeyPairSync, randomBytes, sign as edSign, verify as edVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import jsonld from 'jsonld';
import * as rdfCanonize from 'rdf-canonize';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof, type Cryptosuite } from '@digitalbazaar/data-integrity';
import { cryptosuite as referenceCryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { securityLoader } from '@digitalbazaar/security-document-loader';
import { validateAward, validateSpecification, type Problem } from '../src/model/index.ts';
import { buildCredential, MIKROCRED_SCHEMA_URL, type JsonObject } from '../src/credentials/build.ts';
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
import { fmt, fmtAuto, mib, percent, Series, table, timeAsync, timeSync, WARM_UP_OPS, type Timing } from './harness.ts';
import { describeJsonldSetup, onSide, OURS_USES_SHARING_CLONE, useJsonldOf, type Side } from './jsonld-mode.ts';

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
  /** Repetitions of each breakdown step (one credential): fewer than N keeps the run short; ratios settle early. */
  readonly breakdownN: number;
}

function settings(): Settings {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { n: { type: 'string' }, rounds: { type: 'string' }, 'breakdown-n': { type: 'string' } },
    strict: true,
  });
  const n = positiveInteger('--n / BENCH_N', values.n ?? process.env.BENCH_N ?? '1000');
  return {
    n,
    breakdownN: positiveInteger('--breakdown-n / BENCH_BREAKDOWN_N', values['breakdown-n'] ?? process.env.BENCH_BREAKDOWN_N ?? String(Math.min(n, 200))),
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
    oursSign: onSide('ours', async (i: number) => {
      signed[i] = await signCredential(credential(i), key);
    }),
    // jsonld-signatures adds `proof` to the object it is given: a shallow copy keeps the shared inputs unsigned.
    referenceSign: onSide('reference', (i: number) => vc.issue({
      credential: { ...credential(i) },
      suite: new DataIntegrityProof({ signer: referenceKey.signer(), cryptosuite: referenceCryptosuite }),
      documentLoader: referenceLoader,
    })),
    oursVerify: onSide('ours', async (i: number) => {
      const report = await verifyCredential(signedCredential(i), { statusLists });
      const status = report.checks.find((c) => c.id === 'status')?.status;
      if (report.verdict !== 'valid' || status !== 'passed') {
        const failed = report.checks.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.status} (${c.message.en})`);
        fail(`ours, verify: credential ${i} is ${report.verdict}, status check ${String(status)}; ${failed.join('; ')}`);
      }
    }),
    oursProofOnly: onSide('ours', async (i: number) => {
      const result = await verifyProofOnly(signedCredential(i), ourLoader);
      if (!result.verified) fail(`ours, proof only: credential ${i} did not verify: ${result.error?.message ?? 'no error given'}`);
    }),
    referenceVerify: onSide('reference', async (i: number) => {
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
    }),
  };
}

/** One-off checks before timing: the status check really reads the list, and both sides accept each other's proofs. */
async function selfChecks(fixture: Fixture, ops: Operations, referenceLoader: DocumentLoader): Promise<string[]> {
  useJsonldOf('ours');
  const report = await verifyCredential(fixture.revoked, { statusLists: fixture.statusLists });
  const status = report.checks.find((c) => c.id === 'status');
  if (report.verdict !== 'invalid' || status?.status !== 'failed') {
    fail(`The revoked credential was not reported revoked (verdict ${report.verdict}, status ${String(status?.status)})`);
  }
  const referenceSigned = (await ops.referenceSign(0)) as JsonObject;
  useJsonldOf('ours');
  const ours = await verifyProofOnly(referenceSigned, createDocumentLoader({ resolver: new OfflineDidResolver() }));
  if (!ours.verified) fail(`A reference-signed credential does not verify with ours: ${ours.error?.message ?? ''}`);
  await ops.oursSign(0);
  useJsonldOf('reference');
  const reference = await vc.verifyCredential({
    credential: ops.signed[0], suite: new DataIntegrityProof({ cryptosuite: referenceCryptosuite }),
    documentLoader: referenceLoader, checkStatus: async () => ({ verified: true }),
  });
  if (!reference.verified) fail('A credential signed by ours does not verify with the reference library');
  return [
    `revoked credential (index ${REVOKED_INDEX}) reported: ${report.verdict}, status check ${status.status}`,
    'ours ↔ reference (stock jsonld.js): each verifies the other\'s signatures',
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

/** The jsonld.js set-up a step runs with, in its label (one variant only when ours runs stock jsonld.js too). */
function tagOf(side: Side): string {
  if (!OURS_USES_SHARING_CLONE) return 'stock jsonld.js';
  return side === 'ours' ? 'ours: copy-on-write clone' : 'stock jsonld.js';
}

type StepOp = { readonly sync: true; readonly op: () => unknown } | { readonly sync: false; readonly op: () => Promise<unknown> };

interface Step {
  readonly label: string;
  /** Whose signature the step is part of; its share is taken of that side's "sign" line. */
  readonly side: Side;
  /** How often the step occurs in one signature of its side (for the sums); 0 when it is not part of one. */
  readonly perSign: number;
  /** Operations per round: N for credential-sized work, N × FAST_FACTOR for microsecond steps. */
  readonly count: number;
  readonly op: StepOp;
  readonly series: Series;
}

/** Each breakdown round is cut into this many blocks, the steps taking turns block by block. */
const BREAKDOWN_BLOCKS = 10;

interface Breakdown {
  readonly steps: readonly Step[];
  readonly quads: number;
  readonly canonicalBytes: number;
  readonly contextClones: ContextClones | undefined;
}

interface ContextClones {
  /** Copies of an active context's term definitions during one expansion. */
  readonly perExpansion: number;
  readonly averageTerms: number;
}

/**
 * Diagnostic, run once after all timings: how often one expansion copies the active context (jsonld.js
 * `_cloneActiveContext` and `_revertToPreviousContext` call `util.clone` on the term definitions Map, for every
 * type-scoped context entered and left). Counted by wrapping jsonld's internal `util.clone` for a single call;
 * undefined when the internals differ from jsonld 9.
 */
async function countContextClones(credential: JsonObject, loader: DocumentLoader): Promise<ContextClones | undefined> {
  useJsonldOf('reference');
  let util: { clone?: unknown };
  try {
    util = createRequire(import.meta.url)('jsonld/lib/util.js') as { clone?: unknown };
  } catch {
    return undefined;
  }
  const original = util.clone;
  if (typeof original !== 'function') return undefined;
  let clones = 0;
  let terms = 0;
  util.clone = (value: unknown): unknown => {
    if (value instanceof Map) {
      clones++;
      terms += value.size;
    }
    return (original as (v: unknown) => unknown)(value);
  };
  try {
    await jsonld.expand(credential, { documentLoader: loader, safe: true });
  } finally {
    util.clone = original;
  }
  return clones === 0 ? undefined : { perExpansion: clones, averageTerms: terms / clones };
}

async function runBreakdown(
  fixture: Fixture, ops: Operations, referenceLoader: DocumentLoader, n: number, rounds: number, log: (line: string) => void,
): Promise<Breakdown> {
  const credential = fixture.unsigned[0] ?? fail('No credential');
  const signed = ops.signed[0] ?? fail('No signed credential');
  const ourLoader = createDocumentLoader({ resolver: new OfflineDidResolver() });
  // The options of the cryptosuite's canonize() (eddsa-rdfc-2022-cryptosuite/lib/canonize.js, DataIntegrityProof).
  const toRdfOptions = { documentLoader: ourLoader, safe: true, base: null, rdfDirection: 'i18n-datatype', produceGeneralizedRdf: false };
  const canonizeOptions = { documentLoader: ourLoader, safe: true, base: null };
  // The proof options document DataIntegrityProof.canonizeProof hashes: the proof without its value, in the
  // credential's context.
  const [firstProof] = Array.isArray(signed.proof) ? signed.proof : [signed.proof];
  const proofDocument: JsonObject = { '@context': credential['@context'], ...((firstProof ?? fail('No proof')) as JsonObject) };
  delete proofDocument.proofValue;
  // Our cryptosuite only changes createVerifier: canonize() is the library's, the same for both sides.
  const suite: Cryptosuite = referenceCryptosuite;

  useJsonldOf('reference');
  const dataset = await jsonld.toRDF(credential, toRdfOptions);
  const canonical = await rdfCanonize.canonize(dataset, { algorithm: 'RDFC-1.0' });
  for (const side of ['reference', 'ours'] as const) {
    useJsonldOf(side);
    if ((await suite.canonize(credential, canonizeOptions)) !== canonical) {
      fail(`The step-by-step canonical form differs from the cryptosuite's (${tagOf(side)})`);
    }
  }
  const verifyData = new Uint8Array(64).fill(7);
  const multikeySigner = (await Ed25519Multikey.from(fixture.keyFile)).signer();

  const fast = n * FAST_FACTOR;
  const steps: Step[] = [];
  const add = (label: string, side: Side, perSign: number, count: number, op: StepOp): void => {
    steps.push({ label, side, perSign, count, op, series: new Series(label) });
  };
  const sync = (op: () => unknown): StepOp => ({ sync: true, op });
  const async = (side: Side, op: () => Promise<unknown>): StepOp => ({ sync: false, op: onSide(side, op) });

  add('structuredClone(credential) (ours only)', 'ours', 1, fast, sync(() => structuredClone(credential)));
  for (const side of OURS_USES_SHARING_CLONE ? (['reference', 'ours'] as const) : (['ours'] as const)) {
    const tag = tagOf(side);
    add(`jsonld.expand (safe), ${tag}`, side, 0, n, async(side, () => jsonld.expand(credential, { documentLoader: ourLoader, safe: true })));
    add(`jsonld.toRDF (incl. expansion), ${tag}`, side, 0, n, async(side, () => jsonld.toRDF(credential, toRdfOptions)));
    add(`canonize(credential), ${tag}`, side, 1, n, async(side, () => suite.canonize(credential, canonizeOptions)));
    add(`canonize(proof options), ${tag}`, side, 1, n, async(side, () => suite.canonize(proofDocument, canonizeOptions)));
  }
  if (!OURS_USES_SHARING_CLONE) {
    // Stock jsonld.js on both sides: the reference's signature holds the same two canonicalisations.
    for (const step of steps.filter((s) => s.label.startsWith('canonize('))) {
      add(`${step.label} (reference)`, 'reference', 1, step.count, step.op);
    }
  }
  add('rdf-canonize RDFC-1.0 (ready dataset)', 'ours', 0, n, async('ours', () => rdfCanonize.canonize(dataset, { algorithm: 'RDFC-1.0' })));
  add('sha256(canonical N-Quads), ours', 'ours', 2, fast, sync(() => createHash('sha256').update(canonical).digest()));
  add('sha256(canonical N-Quads), reference', 'reference', 2, fast, sync(() => createHash('sha256').update(canonical).digest()));
  add('Ed25519Multikey.from + signer()', 'reference', 0, n, async('reference', async () => (await Ed25519Multikey.from(fixture.keyFile)).signer()));
  add('Multikey signer.sign (imports key per call)', 'reference', 1, fast, async('reference', () => multikeySigner.sign({ data: verifyData })));
  add('our signer.sign (KeyObject kept)', 'ours', 1, fast, async('ours', () => fixture.key.signer.sign({ data: verifyData })));
  add('context lookup, our loader', 'ours', 0, fast, async('ours', () => ourLoader(OB_V3_CONTEXT_URL)));
  add('context lookup, reference loader', 'reference', 0, fast, async('reference', () => referenceLoader(OB_V3_CONTEXT_URL)));
  add('full verify: statusCheck (list + bit)', 'ours', 0, n, async('ours', () => statusCheck(signed, fixture.statusLists, ourLoader)));
  add('full verify: JSON Schemas (OB 3.0 + ours)', 'ours', 0, n, sync(() => {
    validateOpenBadge(signed);
    validateAgainst(MIKROCRED_SCHEMA_URL, signed);
  }));

  const time = (step: Step, count: number, warmUp: number): Promise<Timing> | Timing =>
    step.op.sync ? timeSync(count, step.op.op, warmUp) : timeAsync(count, step.op.op, warmUp);
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    const order = round % 2 === 0 ? steps : [...steps].reverse();
    for (const step of order) await time(step, 0, WARM_UP_OPS);
    // The steps take turns in BREAKDOWN_BLOCKS blocks, so a slow phase of the machine (or of GC) hits all alike.
    const totals = new Map<Step, Timing>();
    for (let block = 0; block < BREAKDOWN_BLOCKS; block++) {
      for (const step of order) {
        const t = await time(step, Math.ceil(step.count / BREAKDOWN_BLOCKS), 0);
        const sum = totals.get(step);
        totals.set(step, sum ? { ops: sum.ops + t.ops, ms: sum.ms + t.ms } : t);
      }
    }
    for (const [step, total] of totals) step.series.add(total);
    log(`  round ${round + 1} of ${rounds}: ${steps.length} steps, ${fmt((performance.now() - start) / 1000, 1)} s`);
  }
  return { steps, quads: dataset.length, canonicalBytes: Buffer.byteLength(canonical), contextClones: await countContextClones(credential, ourLoader) };
}

function breakdownTable(steps: readonly Step[], throughput: Throughput): string {
  const signOf = (side: Side): Series => (side === 'ours' ? throughput.oursSign : throughput.referenceSign);
  const share = (ms: number, side: Side): string => percent(ms / signOf(side).msPerOp);
  const rows = steps.map((s) => [s.label, fmt(s.series.opsPerSecond, 0), fmtAuto(s.series.msPerOp), share(s.series.msPerOp, s.side)]);
  const msOf = (label: string): number => (steps.find((s) => s.label === label) ?? fail(`No step ${label}`)).series.msPerOp;
  const rdfcMs = msOf('rdf-canonize RDFC-1.0 (ready dataset)');
  const sides: readonly Side[] = OURS_USES_SHARING_CLONE ? ['reference', 'ours'] : ['ours'];
  for (const side of sides) {
    const tag = tagOf(side);
    const toRdfMs = msOf(`jsonld.toRDF (incl. expansion), ${tag}`);
    rows.push([`derived: toRDF + RDFC-1.0, ${tag}`, '', fmtAuto(toRdfMs + rdfcMs), share(toRdfMs + rdfcMs, side)]);
  }
  if (OURS_USES_SHARING_CLONE) {
    const speedUp = msOf(`jsonld.expand (safe), ${tagOf('reference')}`) / msOf(`jsonld.expand (safe), ${tagOf('ours')}`);
    rows.push(['derived: expansion speed-up of the copy-on-write clone', '', `${fmt(speedUp, 2)}×`, '']);
  }
  for (const side of ['reference', 'ours'] as const) {
    const sign = signOf(side);
    const modelMs = steps.filter((s) => s.side === side).reduce((sum, s) => sum + s.perSign * s.series.msPerOp, 0);
    const parts = side === 'ours' ? 'clone + 2 canonize + 2 sha256 + signature' : '2 canonize + 2 sha256 + signature';
    rows.push(
      [`${side}: sum of ${parts}`, '', fmtAuto(modelMs), share(modelMs, side)],
      [`${side}: rest (vc / jsonld-signatures bookkeeping, ± noise)`, '', fmtAuto(sign.msPerOp - modelMs), share(sign.msPerOp - modelMs, side)],
      [`${side}: measured sign`, fmt(sign.opsPerSecond, 1), fmtAuto(sign.msPerOp), '100 %'],
    );
  }
  return table(['step (one credential, repeated)', 'ops/s', 'ms/op', 'share of its side\'s sign'], rows);
}

// ─── Main ───────────────────────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const { n, rounds, breakdownN } = settings();
  const startedAt = Date.now();
  const log = (line: string): void => console.log(line);
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  log(`Mikrocred credential benchmark: N = ${fmt(n)}, best of ${rounds} round${rounds > 1 ? 's' : ''}, 50 warm-up ops per line`);
  log(`Node ${process.version}, ${os.platform()} ${os.arch()}, ${cpu} (${os.availableParallelism()} logical CPUs; one is used)`);
  log(`jsonld.js: ${describeJsonldSetup()}; set before every operation`);
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
  const { steps, quads, canonicalBytes, contextClones } = await runBreakdown(fixture, ops, referenceLoader, breakdownN, rounds, log);
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
  log('Breakdown: one representative credential; share = ms/op of the step ÷ ms/op of its side\'s sign line (ours or reference)');
  log(breakdownTable(steps, throughput));
  log(contextClones
    ? `  jsonld internals: one expansion clones the active context ${contextClones.perExpansion} times ` +
      `(${fmt(contextClones.averageTerms, 0)} term definitions each), once per type-scoped context entered or left; ` +
      `stock jsonld.js deep-copies every one${OURS_USES_SHARING_CLONE ? ', ours shares them copy-on-write' : ''}`
    : '  jsonld internals: active-context copies not counted (jsonld internals differ from version 9)');
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
