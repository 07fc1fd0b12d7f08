/**
 * Validating a JSON-LD document against the official ELM SHACL shapes (shapes/elm/: EDC-generic-full, which
 * owl:imports EDC-generic-no-cv), the way test/formats.test.ts does it: jsonld.toRDF in safe mode with the offline
 * document loader (a term no context defines is an error), then rdf-validate-shacl.
 */
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import jsonld from 'jsonld';
import { DataFactory, Parser, Store, type Quad_Graph, type Quad_Object, type Quad_Predicate, type Quad_Subject } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { createDocumentLoader, OfflineDidResolver, type JsonObject } from '../src/credentials/index.ts';

const { namedNode, blankNode, literal, quad, defaultGraph } = DataFactory;
const root = new URL('../', import.meta.url);
const documentLoader = createDocumentLoader({ resolver: new OfflineDidResolver() });
const NO_CV_SHAPES_IRI = 'http://data.europa.eu/snb/model/ap/edc-generic-no-cv';
export const SH_TARGET_CLASS = 'http://www.w3.org/ns/shacl#targetClass';
export const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

interface JsonLdTerm { termType: string; value: string; language?: string; datatype?: { value: string } }
interface JsonLdQuad { subject: JsonLdTerm; predicate: JsonLdTerm; object: JsonLdTerm; graph: JsonLdTerm }

function isTerm(value: unknown): value is JsonLdTerm {
  return typeof value === 'object' && value !== null && typeof (value as JsonLdTerm).termType === 'string' && typeof (value as JsonLdTerm).value === 'string';
}

function isJsonLdQuad(value: unknown): value is JsonLdQuad {
  const q = value as JsonLdQuad;
  return typeof value === 'object' && value !== null && isTerm(q.subject) && isTerm(q.predicate) && isTerm(q.object) && isTerm(q.graph);
}

function node(t: JsonLdTerm): Quad_Subject {
  return t.termType === 'BlankNode' ? blankNode(t.value.replace(/^_:/, '')) : namedNode(t.value);
}

function object(t: JsonLdTerm): Quad_Object {
  if (t.termType !== 'Literal') return node(t);
  if (t.language) return literal(t.value, t.language);
  return literal(t.value, t.datatype ? namedNode(t.datatype.value) : undefined);
}

function graph(t: JsonLdTerm): Quad_Graph {
  return t.termType === 'DefaultGraph' ? defaultGraph() : node(t);
}

/** The document's RDF (jsonld.toRDF, safe mode, offline loader) in an n3 Store. */
export async function toStore(doc: JsonObject): Promise<Store> {
  const quads = await jsonld.toRDF(doc, { documentLoader, safe: true });
  const store = new Store();
  for (const q of quads) {
    assert.ok(isJsonLdQuad(q), `not a quad: ${JSON.stringify(q)}`);
    store.addQuad(quad(node(q.subject), namedNode(q.predicate.value) as Quad_Predicate, object(q.object), graph(q.graph)));
  }
  return store;
}

function parseTurtle(file: string): Store {
  return new Store(new Parser({ format: 'Turtle' }).parse(readFileSync(new URL(file, root), 'utf8')));
}

let shapes: { full: Store; noCv: Store } | undefined;

export function elmShapes(): { full: Store; noCv: Store } {
  shapes ??= { full: parseTurtle('shapes/elm/EDC-generic-full.ttl'), noCv: parseTurtle('shapes/elm/EDC-generic-no-cv.ttl') };
  return shapes;
}

function show(term: { termType: string; value: string } | null | undefined): string {
  if (!term) return '-';
  if (term.termType === 'NamedNode') return `<${term.value}>`;
  if (term.termType === 'BlankNode') return `_:${term.value}`;
  return JSON.stringify(term.value);
}

export async function shacl(doc: JsonObject): Promise<{ conforms: boolean; results: string[] }> {
  const { full, noCv } = elmShapes();
  const validator = new SHACLValidator(full, {
    importGraph: (url) => {
      if (url.value !== NO_CV_SHAPES_IRI) throw new Error(`unexpected owl:imports ${url.value}`);
      return noCv;
    },
  });
  const report = await validator.validate(await toStore(doc));
  return {
    conforms: report.conforms,
    results: report.results.map((r) => [
      `focus ${show(r.focusNode)}`, `path ${show(r.path)}`, `value ${show(r.value)}`, (r.sourceConstraintComponent?.value ?? '').split('#')[1] ?? '',
      r.message.map((m) => m.value).join('; '),
    ].join('  ')),
  };
}

export async function assertShaclValid(doc: JsonObject): Promise<void> {
  const { conforms, results } = await shacl(doc);
  assert.ok(conforms && results.length === 0, `not valid against the ELM SHACL shapes:\n${results.join('\n')}`);
}
