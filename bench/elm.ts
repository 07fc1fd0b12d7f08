/**
 * ELM (Europass) import and export per second, with the ratio to the plain library call each one is built on, in
 * the same process and run:
 *
 *   npm run bench:elm                    N = 200 documents per line, best of 3 rounds
 *   npm run bench:elm -- --n 500         or BENCH_N; --rounds / BENCH_ROUNDS
 *
 * Lines (one document at a time, each awaited; 50 untimed warm-up calls):
 *   reference, jsonld expand + compact   jsonld.js bringing the document to the EDC context: the floor of an import
 *   importElm (specification)            src/formats/elm-import.ts on our catalogue export of the example
 *   importElm (EC sample credential)     the EC's 111 KB micro-credential sample (display images included)
 *   buildElmSpecification                the catalogue's export of the example specification (no JSON-LD processing)
 * Each import reads a fresh object parsed from the document's JSON text, as an upload does.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import jsonld from 'jsonld';
import { CONTEXTS, VC_V1_CONTEXT_URL } from '../src/credentials/contexts.ts';
import { buildElmSpecification, EDC_AP_CONTEXT_URL } from '../src/formats/elm.ts';
import { importElm } from '../src/formats/elm-import.ts';
import { validateSpecification } from '../src/model/index.ts';
import { fmt, Series, table, timeAsync, timeSync } from './harness.ts';

const { values } = parseArgs({ options: { n: { type: 'string' }, rounds: { type: 'string' } } });
const N = Number(values.n ?? process.env.BENCH_N ?? 200);
const ROUNDS = Number(values.rounds ?? process.env.BENCH_ROUNDS ?? 3);
if (!Number.isSafeInteger(N) || N < 1 || !Number.isSafeInteger(ROUNDS) || ROUNDS < 1) {
  console.error('--n and --rounds must be positive integers');
  process.exit(2);
}

const root = new URL('../', import.meta.url);
const checked = validateSpecification(JSON.parse(readFileSync(new URL('examples/specification.json', root), 'utf8')));
if (!checked.ok) throw new Error('examples/specification.json is not valid');
const spec = checked.value;
const options = { id: `https://mikrocred.example.pl/catalogue/${spec.specId}/v/1`, institution: { did: 'did:web:uni.example.pl' } };
const specText = JSON.stringify(buildElmSpecification(spec, options));
const sampleText = readFileSync(new URL('test/fixtures/elm/elm-Sample-MC-Annex1-unsigned.jsonld', root), 'utf8');
const documentLoader = async (url: string) => ({ contextUrl: null, documentUrl: url, document: CONTEXTS.get(url) });

const lines = {
  reference: new Series('reference, jsonld expand + compact (specification)'),
  spec: new Series('importElm (specification)'),
  sample: new Series('importElm (EC sample credential, 111 KB)'),
  export: new Series('buildElmSpecification'),
};
for (let round = 0; round < ROUNDS; round++) {
  lines.reference.add(await timeAsync(N, async () => {
    const expanded = await jsonld.expand(JSON.parse(specText), { documentLoader });
    return jsonld.compact(expanded, [VC_V1_CONTEXT_URL, EDC_AP_CONTEXT_URL], { documentLoader });
  }));
  lines.spec.add(await timeAsync(N, () => importElm(JSON.parse(specText))));
  lines.sample.add(await timeAsync(Math.max(1, Math.round(N / 4)), () => importElm(JSON.parse(sampleText)), 10));
  lines.export.add(timeSync(N, () => buildElmSpecification(spec, options)));
}

const reference = lines.reference.opsPerSecond;
console.log(`ELM import / export, N = ${N} (EC sample: N/4), best of ${ROUNDS} rounds, Node ${process.version}\n`);
console.log(table(['line', 'documents/s', 'ms each', 'vs reference'], Object.values(lines).map((s) => [
  s.label, fmt(s.opsPerSecond), fmt(s.msPerOp, 2), `${fmt(s.opsPerSecond / reference, 2)}×`,
])));
