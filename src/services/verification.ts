/**
 * Verification on the platform: the credential core's verifier, with the platform's own institutions resolvable
 * (their did:web documents come from the database, not the network) and their status lists read directly.
 * Other did:web issuers and status lists elsewhere are not fetched yet (issue 6): such checks say so.
 */
import { OfflineDidResolver, verifyCredential, type DidDocument, type DidResolver, type StatusListSource, type VerificationReport } from '../credentials/index.ts';
import { findInstitution, institutionDid, institutionDidDocument } from './institutions.ts';
import type { Platform } from './platform.ts';
import { statusListCredential } from './status-lists.ts';

class PlatformDidResolver implements DidResolver {
  readonly #offline = new OfflineDidResolver();
  constructor(private readonly platform: Platform) {}

  async resolve(did: string): Promise<DidDocument> {
    const slug = this.#ownSlug(did);
    if (slug) {
      const institution = await findInstitution(this.platform, slug);
      if (institution && institution.did === did) return institutionDidDocument(this.platform, institution);
    }
    return this.#offline.resolve(did);
  }

  #ownSlug(did: string): string | undefined {
    const prefix = institutionDid(this.platform, 'x').slice(0, -1);
    return did.startsWith(prefix) ? did.slice(prefix.length) : undefined;
  }
}

class PlatformStatusSource implements StatusListSource {
  constructor(private readonly platform: Platform) {}

  async get(url: string): Promise<unknown> {
    const prefix = `${this.platform.baseUrl}/i/`;
    if (!url.startsWith(prefix)) return undefined;
    const match = /^([a-z0-9-]+)\/status\/(\d{1,9})$/.exec(url.slice(prefix.length));
    if (!match) return undefined;
    const institution = await findInstitution(this.platform, match[1] ?? '');
    return institution ? statusListCredential(this.platform, institution, Number(match[2])) : undefined;
  }
}

export function verifyOnPlatform(platform: Platform, credential: unknown): Promise<VerificationReport> {
  return verifyCredential(credential, { resolver: new PlatformDidResolver(platform), statusLists: new PlatformStatusSource(platform) });
}
