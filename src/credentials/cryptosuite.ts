/**
 * The `eddsa-rdfc-2022` cryptosuite of the Digital Bazaar library, with one change of ours: verifiers are made
 * once per public key and reused (the library imports the key again for every proof).
 * Canonicalisation and hashing are the library's; importing this module installs the copy-on-write active-context
 * clone in jsonld.js (jsonld-clone.ts), which makes them about four times faster with the same output.
 * Set MIKROCRED_JSONLD_STOCK_CLONE=1 to run jsonld.js unchanged.
 */
import type { Cryptosuite, Verifier } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { createVerifier } from './keys.ts';
import { installSharingClone } from './jsonld-clone.ts';

if (process.env.MIKROCRED_JSONLD_STOCK_CLONE !== '1') installSharingClone();

const VERIFIER_CACHE_SIZE = 1000;
const verifiers = new Map<string, Verifier>();

async function cachedVerifier({ verificationMethod }: { verificationMethod: Record<string, unknown> }): Promise<Verifier> {
  const { id, publicKeyMultibase, publicKeyJwk, publicKeyBase58 } = verificationMethod;
  const cacheKey = JSON.stringify([id, publicKeyMultibase, publicKeyJwk, publicKeyBase58]);
  const cached = verifiers.get(cacheKey);
  if (cached) return cached;
  const key = await Ed25519Multikey.from(verificationMethod);
  const verifier = createVerifier(String(verificationMethod.id), key.publicKey);
  if (verifiers.size >= VERIFIER_CACHE_SIZE) {
    const oldest = verifiers.keys().next().value;
    if (oldest !== undefined) verifiers.delete(oldest);
  }
  verifiers.set(cacheKey, verifier);
  return verifier;
}

export const cryptosuite: Cryptosuite = { ...eddsaRdfc2022, createVerifier: cachedVerifier };
