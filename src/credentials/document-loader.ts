/**
 * The offline JSON-LD document loader: contexts from `contexts/`, DID documents and verification methods from a
 * DID resolver, and any extra documents the caller passes (status list credentials it already holds).
 * An unknown URL is an error, never a network request.
 */
import type { DocumentLoader, RemoteDocument } from '@digitalbazaar/vc';
import { CONTEXTS } from './contexts.ts';
import { resolveVerificationMethod, type DidResolver } from './did.ts';

export class UnknownDocumentError extends Error {
  constructor(readonly url: string) {
    super(`Unknown document or JSON-LD context "${url}": Mikrocred works offline and loads only known contexts`);
    this.name = 'UnknownDocumentError';
  }
}

function remote(url: string, document: unknown): RemoteDocument {
  return { contextUrl: null, documentUrl: url, document };
}

export interface DocumentLoaderOptions {
  readonly resolver: DidResolver;
  /** More documents by URL, e.g. status list credentials given to the verifier. */
  readonly documents?: ReadonlyMap<string, unknown>;
}

export function createDocumentLoader({ resolver, documents }: DocumentLoaderOptions): DocumentLoader {
  return async (url: string) => {
    const context = CONTEXTS.get(url);
    if (context !== undefined) return remote(url, context);
    const extra = documents?.get(url);
    if (extra !== undefined) return remote(url, extra);
    if (url.startsWith('did:')) return remote(url, await resolveVerificationMethod(resolver, url));
    throw new UnknownDocumentError(url);
  };
}
