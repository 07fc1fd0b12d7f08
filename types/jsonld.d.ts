/**
 * Minimal type declarations for jsonld.js (it ships no types): only what Mikrocred calls directly (the ELM import's
 * expand + compact, the ELM SHACL test's toRDF, the benchmark's steps). JSON-LD data is `unknown`.
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
    compact(input: unknown, context: unknown, options?: JsonLdOptions): Promise<Record<string, unknown>>;
    flatten(input: unknown, context?: unknown, options?: JsonLdOptions): Promise<Record<string, unknown>>;
    /** Without `format`, the RDF dataset as an array of quads. */
    toRDF(input: unknown, options?: JsonLdOptions): Promise<unknown[]>;
  }
  const jsonld: JsonLd;
  export default jsonld;
}
