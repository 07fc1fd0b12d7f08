/**
 * Minimal type declarations for rdf-canonize, which the benchmark calls directly to split the signing time into
 * steps (it ships no types; jsonld.js is declared in types/jsonld.d.ts).
 */
declare module 'rdf-canonize' {
  /** Canonises an RDF dataset (array of quads); resolves with the canonical N-Quads. */
  export function canonize(dataset: unknown, options: { algorithm: 'RDFC-1.0'; messageDigestAlgorithm?: string }): Promise<string>;
}
