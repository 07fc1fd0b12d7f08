/**
 * did:web (https://w3c-ccg.github.io/did-method-web/): the DID of an institution on the platform, the URL its DID
 * document is served at, and the document itself. Keys rotated out stay in the document, under `assertionMethod`
 * too, because verifiers check that list: credentials they signed keep verifying. "Inactive" is the platform's
 * own state (it no longer signs with them), not something the document can express.
 */
import { DID_V1_CONTEXT_URL, MULTIKEY_V1_CONTEXT_URL } from './contexts.ts';
import type { DidDocument } from './did.ts';
import { verificationMethodOf, type IssuerKey } from './keys.ts';

/** The did:web DID for an https URL: `https://uni.example.pl/i/umk` → `did:web:uni.example.pl:i:umk`. */
export function didWebFromUrl(url: string): string {
  const u = new URL(url);
  const host = u.port ? `${u.hostname}%3A${u.port}` : u.hostname;
  const path = u.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', host, ...path].join(':');
}

/** Where the DID document of a did:web is served: `/.well-known/did.json` for a bare domain, else `/path/did.json`. */
export function didWebDocumentUrl(did: string): string {
  if (!did.startsWith('did:web:')) throw new RangeError(`Not a did:web: ${did}`);
  const [host = '', ...path] = did.slice('did:web:'.length).split(':').map(decodeURIComponent);
  const scheme = /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(host) ? 'http' : 'https';
  return path.length === 0 ? `${scheme}://${host}/.well-known/did.json` : `${scheme}://${host}/${path.join('/')}/did.json`;
}

/** The DID document of `did` listing every key that ever signed for it (old keys keep old credentials verifiable). */
export function didWebDocument(did: string, keys: ReadonlyArray<Pick<IssuerKey, 'id' | 'controller' | 'publicKeyMultibase'>>): DidDocument {
  const methods = keys.map((k) => verificationMethodOf(k));
  return {
    '@context': [DID_V1_CONTEXT_URL, MULTIKEY_V1_CONTEXT_URL],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}
