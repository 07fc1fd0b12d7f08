/**
 * Issuer keys: Ed25519 key pairs in the Multikey format, controlled by a `did:key` (local use, the CLI) or a
 * `did:web` (the platform, one per institution). The key file is the Multikey JSON with its secret part.
 * Node KeyObjects are created once per key and reused for every signature and verification.
 */
import { createPrivateKey, createPublicKey, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type { Signer, Verifier } from '@digitalbazaar/data-integrity';
import { z } from 'zod';
import { MULTIKEY_V1_CONTEXT_URL } from './contexts.ts';

const ALGORITHM = 'Ed25519';
const DER_PRIVATE_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const DER_PUBLIC_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The JSON of an issuer key file (`mikrocred keys generate`). */
export const IssuerKeyFileSchema = z.object({
  '@context': z.string().optional(),
  type: z.literal('Multikey'),
  id: z.string().regex(/^did:[a-z0-9]+:[^#\s]+#[^\s]+$/),
  controller: z.string().regex(/^did:[a-z0-9]+:[^#\s]+$/),
  publicKeyMultibase: z.string().regex(/^z6Mk[1-9A-HJ-NP-Za-km-z]+$/),
  secretKeyMultibase: z.string().regex(/^z[1-9A-HJ-NP-Za-km-z]+$/),
});
export type IssuerKeyFile = z.infer<typeof IssuerKeyFileSchema>;

/** A loaded issuer key, ready to sign. */
export interface IssuerKey {
  readonly id: string;
  readonly controller: string;
  readonly publicKeyMultibase: string;
  readonly signer: Signer;
}

export function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([DER_PUBLIC_PREFIX, raw]), format: 'der', type: 'spki' });
}

function privateKeyObject(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([DER_PRIVATE_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** Creates a signer that keeps its KeyObject (the library's signer re-imports the key on every signature). */
export function createSigner(id: string, secretKey: Uint8Array): Signer {
  const key = privateKeyObject(secretKey.subarray(0, 32));
  return { id, algorithm: ALGORITHM, sign: async ({ data }) => edSign(null, data, key) };
}

export function createVerifier(id: string, publicKey: Uint8Array): Verifier {
  const key = publicKeyObject(publicKey);
  return { id, algorithm: ALGORITHM, verify: async ({ data, signature }) => edVerify(null, data, key, signature) };
}

/**
 * Generates a new issuer key. With no controller it is a did:key (the DID is derived from the public key);
 * with a controller (`did:web:uni.example.pl`) the key is a verification method of that DID.
 */
export async function generateIssuerKey(options: { controller?: string } = {}): Promise<IssuerKeyFile> {
  const pair = await Ed25519Multikey.generate();
  const controller = options.controller ?? `did:key:${pair.publicKeyMultibase}`;
  const exported = await pair.export({ publicKey: true, secretKey: true, includeContext: false });
  return {
    '@context': MULTIKEY_V1_CONTEXT_URL,
    type: 'Multikey',
    id: `${controller}#${pair.publicKeyMultibase}`,
    controller,
    publicKeyMultibase: pair.publicKeyMultibase,
    secretKeyMultibase: String(exported.secretKeyMultibase),
  };
}

export class InvalidKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidKeyError';
  }
}

/** Loads and checks an issuer key file: the secret key must belong to the public key, a did:key must match it. */
export async function loadIssuerKey(json: unknown): Promise<IssuerKey> {
  const parsed = IssuerKeyFileSchema.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))].join(', ');
    throw new InvalidKeyError(`Not a Mikrocred issuer key file (Ed25519 Multikey with its secret key); check: ${fields}`);
  }
  const file = parsed.data;
  if (file.controller.startsWith('did:key:') && file.controller !== `did:key:${file.publicKeyMultibase}`) {
    throw new InvalidKeyError('The did:key controller does not match the public key');
  }
  if (!file.id.startsWith(`${file.controller}#`)) {
    throw new InvalidKeyError('The key id must be a fragment of its controller DID');
  }
  let pair: Ed25519Multikey.Ed25519MultikeyPair;
  try {
    pair = await Ed25519Multikey.from(file);
  } catch (error) {
    throw new InvalidKeyError(`The key material cannot be read: ${(error as Error).message}`);
  }
  if (!pair.secretKey) throw new InvalidKeyError('The key file has no secret key');
  const derived = createPublicKey(privateKeyObject(pair.secretKey.subarray(0, 32))).export({ format: 'der', type: 'spki' });
  if (!Buffer.from(derived.subarray(DER_PUBLIC_PREFIX.length)).equals(Buffer.from(pair.publicKey))) {
    throw new InvalidKeyError('The secret key does not belong to the public key in the file');
  }
  return {
    id: file.id,
    controller: file.controller,
    publicKeyMultibase: file.publicKeyMultibase,
    signer: createSigner(file.id, pair.secretKey),
  };
}

const loaded = new Map<string, IssuerKey>();
const LOADED_MAX = 100;

/**
 * `loadIssuerKey`, remembered in this thread by key id and public key (a rotated key has another entry), so that
 * signing many credentials loads and checks a key once. At most 100 keys are kept; then the memory starts over.
 */
export async function cachedIssuerKey(file: IssuerKeyFile): Promise<IssuerKey> {
  const cacheKey = `${file.id} ${file.publicKeyMultibase}`;
  let key = loaded.get(cacheKey);
  if (!key) {
    key = await loadIssuerKey(file);
    if (loaded.size >= LOADED_MAX) loaded.clear();
    loaded.set(cacheKey, key);
  }
  return key;
}

/** The public verification method of a key, for a DID document. */
export function verificationMethodOf(key: Pick<IssuerKey, 'id' | 'controller' | 'publicKeyMultibase'>): Record<string, string> {
  return { id: key.id, type: 'Multikey', controller: key.controller, publicKeyMultibase: key.publicKeyMultibase };
}
