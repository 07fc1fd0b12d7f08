/**
 * Resolving issuers' DIDs to DID documents and verification methods, offline.
 * `did:key` is computed from the identifier itself (through the Digital Bazaar did:key driver, results cached:
 * they never change). `did:web` documents come from a registry the caller fills (the platform registers the
 * documents of its own institutions; fetching other hosts over HTTPS is a separate, opt-in resolver).
 */
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { driver } from '@digitalbazaar/did-method-key';

export type DidDocument = Record<string, unknown> & { id: string };

export type ResolutionFailure = 'unsupported_method' | 'not_found' | 'invalid_document' | 'unreachable';

export class DidResolutionError extends Error {
  constructor(readonly did: string, readonly reason: ResolutionFailure, message: string) {
    super(message);
    this.name = 'DidResolutionError';
  }
}

export interface DidResolver {
  /** The DID document of `did` (no fragment); throws DidResolutionError. */
  resolve(did: string): Promise<DidDocument>;
}

const didKeyDriver = driver();
didKeyDriver.use({
  multibaseMultikeyHeader: 'z6Mk',
  fromMultibase: (options) => Ed25519Multikey.from(options as unknown as Record<string, unknown>),
});

const DID_KEY_CACHE_SIZE = 1000;

/** Resolves did:key (Ed25519) and any did:web documents registered with `register`. */
export class OfflineDidResolver implements DidResolver {
  readonly #keyCache = new Map<string, Promise<DidDocument>>();
  readonly #registered = new Map<string, DidDocument>();

  /** Registers a DID document (for did:web issuers whose documents the caller already has). */
  register(document: DidDocument): this {
    this.#registered.set(document.id, document);
    return this;
  }

  async resolve(did: string): Promise<DidDocument> {
    const registered = this.#registered.get(did);
    if (registered) return registered;
    if (did.startsWith('did:key:')) return this.#resolveKey(did);
    if (did.startsWith('did:web:')) {
      throw new DidResolutionError(did, 'unreachable', `The did:web document of ${did} is not available offline`);
    }
    const method = did.split(':')[1] ?? '';
    throw new DidResolutionError(did, 'unsupported_method', `DID method "${method}" is not supported`);
  }

  #resolveKey(did: string): Promise<DidDocument> {
    let cached = this.#keyCache.get(did);
    if (!cached) {
      cached = didKeyDriver.get({ did }).then(
        (doc) => doc as DidDocument,
        (error: unknown) => {
          this.#keyCache.delete(did);
          throw new DidResolutionError(did, 'invalid_document', `Not a valid Ed25519 did:key: ${(error as Error).message}`);
        },
      );
      if (this.#keyCache.size >= DID_KEY_CACHE_SIZE) {
        const oldest = this.#keyCache.keys().next().value;
        if (oldest !== undefined) this.#keyCache.delete(oldest);
      }
      this.#keyCache.set(did, cached);
    }
    return cached;
  }
}

/** The verification method `url` (`did:…#fragment`) inside its DID document, or a DidResolutionError. */
export async function resolveVerificationMethod(resolver: DidResolver, url: string): Promise<Record<string, unknown>> {
  const [did = '', fragment] = url.split('#');
  const document = await resolver.resolve(did);
  if (fragment === undefined) return document;
  const methods = Array.isArray(document.verificationMethod) ? document.verificationMethod as unknown[] : [];
  for (const method of methods) {
    if (typeof method !== 'object' || method === null) continue;
    const id = (method as { id?: unknown }).id;
    if (id === url || id === `#${fragment}`) {
      return { '@context': document['@context'], ...(method as Record<string, unknown>), id: url };
    }
  }
  throw new DidResolutionError(did, 'not_found', `Verification method ${url} is not in the DID document of ${did}`);
}
