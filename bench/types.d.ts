/**
 * Minimal type declarations for the two JSON-LD/RDF libraries the benchmark calls directly to split the signing
 * time into steps (they ship no types). Only what bench/credentials.ts calls is declared; JSON-LD data is `unknown`.
 */
declare module 'jsonld' {
  interface JsonLdOptions {
    documentLoader?: (url: string) => Promise<unknown>;
    safe?: boolean;
    base?: string | null;
    rdfDirection?: string;
    produceGeneralizedRdf?: boolean;
  }
  interface JsonLd {
    expand(input: unknown, options?: JsonLdOptions): Promise<unknown[]>;
    /** Without `format`, the RDF dataset as an array of quads. */
    toRDF(input: unknown, options?: JsonLdOptions): Promise<unknown[]>;
  }
  const jsonld: JsonLd;
  export default jsonld;
}

declare module 'rdf-canonize' {
  /** Canonises an RDF dataset (array of quads); resolves with the canonical N-Quads. */
  export function canonize(dataset: unknown, options: { algorithm: 'RDFC-1.0'; messageDigestAlgorithm?: string }): Promise<string>;
}
