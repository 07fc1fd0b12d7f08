/**
 * Signing credentials with a Data Integrity proof, cryptosuite `eddsa-rdfc-2022`, through the Digital Bazaar
 * libraries and the offline document loader. The proof is emitted as an array: the official OB 3.0 JSON Schema
 * requires every collection, `proof` included, to be an array (../shared/spec §6.4).
 */
import { issue, type DocumentLoader } from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from './cryptosuite.ts';
import { createDocumentLoader } from './document-loader.ts';
import { OfflineDidResolver } from './did.ts';
import type { IssuerKey } from './keys.ts';
import type { JsonObject } from './build.ts';

const defaultLoader = createDocumentLoader({ resolver: new OfflineDidResolver() });

export class SigningError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigningError';
  }
}

export interface SignOptions {
  /** The proof's `created` time; now when absent. */
  readonly now?: Date;
  readonly documentLoader?: DocumentLoader;
}

/** Signs `credential` (not changed) with `key`; the issuer must be the key's controller. */
export async function signCredential(credential: JsonObject, key: IssuerKey, options: SignOptions = {}): Promise<JsonObject> {
  const issuer = credential.issuer;
  const issuerId = typeof issuer === 'string' ? issuer : (issuer as { id?: unknown } | undefined)?.id;
  if (issuerId !== key.controller) {
    throw new SigningError(`The issuer ${String(issuerId)} is not the controller of the signing key (${key.controller})`);
  }
  const suite = new DataIntegrityProof({ signer: key.signer, cryptosuite, date: options.now ?? new Date() });
  try {
    const signed = await issue({
      // jsonld-signatures adds `proof` at the top level only: a shallow copy keeps the caller's object unchanged.
      credential: { ...credential },
      suite,
      documentLoader: options.documentLoader ?? defaultLoader,
      now: options.now,
    });
    const { proof } = signed;
    return { ...signed, proof: Array.isArray(proof) ? proof : [proof] };
  } catch (error) {
    throw new SigningError((error as Error).message, { cause: error });
  }
}
