/**
 * Verification on the platform: the credential core's verifier with the issuers' keys and status lists found where
 * they are. The platform's own institutions are answered from the database (their did:web documents and status
 * lists: never a request to ourselves); did:key is computed offline; other did:web documents and status lists on
 * other servers are fetched over HTTPS through the SSRF-safe fetcher (remote-fetch.ts). What could not be fetched
 * is said in the report with the reason (timeout, too large, refused address…): a DID document that cannot be had
 * leaves the issuer check unresolved, a status list that cannot be had leaves the status "could not be checked"
 * (never "valid").
 */
import {
  didWebDocumentUrl, DidResolutionError, OfflineDidResolver, verifyCredential,
  type Check, type DidDocument, type DidResolver, type StatusListSource, type VerificationReport,
} from '../credentials/index.ts';
import type { Message } from '../model/index.ts';
import { findInstitution, institutionDid, institutionDidDocument } from './institutions.ts';
import type { Platform } from './platform.ts';
import { RemoteFetcher, RemoteFetchError, remoteFetchOptionsFromEnv, type FetchFailure } from './remote-fetch.ts';
import { statusListCredential } from './status-lists.ts';

/** Why a document could not be had, for the report. */
export interface FetchCause {
  readonly code: FetchFailure | 'invalid_document';
  readonly url: string;
  readonly message: Message;
}

function causeOf(error: unknown, url: string): FetchCause {
  if (error instanceof RemoteFetchError) return { code: error.code, url, message: error.text };
  const text = (error as Error).message;
  return { code: 'unreachable', url, message: { pl: text, en: text } };
}

// ---- The fetcher of each platform ----

const fetchers = new WeakMap<Platform, RemoteFetcher>();

/** The platform's fetcher: set with useRemoteFetcher, else made from the environment on first use. */
export function remoteFetcherOf(platform: Platform): RemoteFetcher {
  let fetcher = fetchers.get(platform);
  if (!fetcher) {
    fetcher = new RemoteFetcher(remoteFetchOptionsFromEnv());
    fetchers.set(platform, fetcher);
  }
  return fetcher;
}

/** Sets the fetcher the platform's verifications use (tests; deployments with their own rules). */
export function useRemoteFetcher(platform: Platform, fetcher: RemoteFetcher): void {
  fetchers.set(platform, fetcher);
}

// ---- did:web over the network ----

const DID_WEB = /^did:web:[A-Za-z0-9.-]+(?:%3[Aa]\d{1,5})?(?::[A-Za-z0-9._~%!$&'()*+,;=@-]+)*$/;

/**
 * did:web resolution over HTTPS (https://w3c-ccg.github.io/did-method-web/): `did:web:example.com:path` is
 * `https://example.com/path/did.json`; the document's `id` must be the DID. Failures are DidResolutionErrors
 * (`unreachable`: timeout, connection, refused address; `not_found`: HTTP 404; `invalid_document`: too large, not
 * JSON, another id) and are kept in `failures` with their reason in both languages.
 */
export class NetworkDidWebResolver implements DidResolver {
  readonly failures = new Map<string, FetchCause>();
  constructor(private readonly fetcher: RemoteFetcher) {}

  async resolve(did: string): Promise<DidDocument> {
    if (!did.startsWith('did:web:')) {
      throw new DidResolutionError(did, 'unsupported_method', `${did} is not a did:web`);
    }
    let url: string;
    try {
      if (!DID_WEB.test(did)) throw new RangeError('syntax');
      url = didWebDocumentUrl(did);
      new URL(url);
    } catch {
      return this.#fail(did, 'invalid_document', { code: 'invalid_document', url: did, message: { pl: `„${did}” nie jest poprawnym identyfikatorem did:web`, en: `"${did}" is not a valid did:web identifier` } });
    }
    let json: unknown;
    try {
      json = (await this.fetcher.getJson(url, { accept: 'application/did+json, application/did+ld+json, application/json;q=0.9' })).json;
    } catch (error) {
      const cause = causeOf(error, url);
      const reason = cause.code === 'not_found' ? 'not_found'
        : cause.code === 'too_large' || cause.code === 'not_json' || cause.code === 'http_status' ? 'invalid_document' : 'unreachable';
      return this.#fail(did, reason, cause);
    }
    const document = typeof json === 'object' && json !== null && !Array.isArray(json) ? json as Record<string, unknown> : undefined;
    if (!document) {
      return this.#fail(did, 'invalid_document', { code: 'invalid_document', url, message: { pl: `${url} nie jest dokumentem DID (obiektem JSON)`, en: `${url} is not a DID document (a JSON object)` } });
    }
    if (document.id !== did) {
      const id = typeof document.id === 'string' ? document.id : JSON.stringify(document.id ?? null);
      return this.#fail(did, 'invalid_document', {
        code: 'invalid_document', url,
        message: { pl: `dokument DID pod ${url} ma identyfikator ${id}, a nie ${did}`, en: `the DID document at ${url} has the id ${id}, not ${did}` },
      });
    }
    return document as DidDocument;
  }

  #fail(did: string, reason: 'unreachable' | 'not_found' | 'invalid_document', cause: FetchCause): never {
    this.failures.set(did, cause);
    throw new DidResolutionError(did, reason, cause.message.en);
  }
}

/** Status list credentials on other servers, through the fetcher; undefined (and the reason kept) when unavailable. */
export class NetworkStatusListSource implements StatusListSource {
  readonly failures = new Map<string, FetchCause>();
  constructor(private readonly fetcher: RemoteFetcher) {}

  async get(url: string): Promise<unknown> {
    try {
      return (await this.fetcher.getJson(url, { accept: 'application/vc+ld+json, application/vc, application/ld+json;q=0.9, application/json;q=0.8' })).json;
    } catch (error) {
      this.failures.set(url, causeOf(error, url));
      return undefined;
    }
  }
}

// ---- The platform's own institutions, then the rest ----

/** The host part of the platform's did:web DIDs (`localhost%3A3000`). */
function ownDidHost(platform: Platform): string {
  return (institutionDid(platform, 'x').split(':')[2] ?? '').toLowerCase();
}

class PlatformDidResolver implements DidResolver {
  readonly #offline = new OfflineDidResolver();
  readonly network: NetworkDidWebResolver;
  readonly #prefix: string;
  readonly #host: string;

  constructor(private readonly platform: Platform, fetcher: RemoteFetcher) {
    this.network = new NetworkDidWebResolver(fetcher);
    this.#prefix = institutionDid(platform, 'x').slice(0, -1);
    this.#host = ownDidHost(platform);
  }

  async resolve(did: string): Promise<DidDocument> {
    if (did.startsWith('did:web:') && (did.split(':')[2] ?? '').toLowerCase() === this.#host) {
      const slug = did.startsWith(this.#prefix) ? did.slice(this.#prefix.length) : undefined;
      const institution = slug && /^[a-z0-9-]+$/.test(slug) ? await findInstitution(this.platform, slug) : undefined;
      if (institution && institution.did === did) return institutionDidDocument(this.platform, institution);
      throw new DidResolutionError(did, 'not_found', `No institution with the DID ${did} is registered on this platform`);
    }
    if (did.startsWith('did:web:')) return this.network.resolve(did);
    return this.#offline.resolve(did);
  }
}

class PlatformStatusSource implements StatusListSource {
  readonly network: NetworkStatusListSource;
  constructor(private readonly platform: Platform, fetcher: RemoteFetcher) {
    this.network = new NetworkStatusListSource(fetcher);
  }

  async get(url: string): Promise<unknown> {
    if (url.startsWith(`${this.platform.baseUrl}/`)) {
      const match = /^i\/([a-z0-9-]+)\/status\/(\d{1,9})$/.exec(url.slice(this.platform.baseUrl.length + 1));
      if (!match) return undefined;
      const institution = await findInstitution(this.platform, match[1] ?? '');
      return institution ? statusListCredential(this.platform, institution, Number(match[2])) : undefined;
    }
    return this.network.get(url);
  }
}

// ---- The report, with the reasons of what could not be fetched ----

function issuerWithCause(check: Check, failures: ReadonlyMap<string, FetchCause>): Check {
  if (check.status === 'passed' || check.status === 'skipped') return check;
  const method = typeof check.details?.verificationMethod === 'string' ? check.details.verificationMethod : undefined;
  const did = method?.split('#')[0];
  const cause = did === undefined ? undefined : failures.get(did);
  if (!did || !cause) return check;
  const message: Message = check.details?.reason === 'unreachable'
    ? {
      pl: `Nie można ustalić klucza wystawcy: nie udało się pobrać dokumentu DID ${did} (${cause.message.pl}). Nie można sprawdzić podpisu.`,
      en: `The issuer's key could not be resolved: the DID document of ${did} could not be obtained (${cause.message.en}). The signature cannot be checked.`,
    }
    : {
      pl: `Nie można ustalić klucza wystawcy ${did}: ${cause.message.pl}.`,
      en: `The issuer's key could not be resolved (${did}): ${cause.message.en}.`,
    };
  return { ...check, message, details: { ...check.details, cause: cause.code, documentUrl: cause.url } };
}

function statusWithCause(check: Check, failures: ReadonlyMap<string, FetchCause>): Check {
  const unreachable = check.details?.unreachable;
  if (check.status !== 'warning' || !Array.isArray(unreachable)) return check;
  const causes = unreachable.map((url) => failures.get(String(url)) ?? { code: 'unreachable' as const, url: String(url), message: { pl: 'lista nie jest dostępna', en: 'the list is not available' } });
  return {
    ...check,
    message: {
      pl: `Nie udało się sprawdzić statusu: ${causes.map((c) => `lista statusów ${c.url} jest niedostępna (${c.message.pl})`).join('; ')}.`,
      en: `The status could not be checked: ${causes.map((c) => `the status list ${c.url} is not available (${c.message.en})`).join('; ')}.`,
    },
    details: { ...check.details, causes: causes.map((c) => ({ url: c.url, cause: c.code })) },
  };
}

export interface PlatformVerifyOptions {
  /** The time to check validity against; now when absent. */
  readonly now?: Date;
  /** The fetcher for other servers; the platform's (remoteFetcherOf) when absent. */
  readonly fetcher?: RemoteFetcher;
}

/** Verifies a credential with the platform's institutions, did:key, and did:web documents and status lists on the network. */
export async function verifyOnPlatform(platform: Platform, credential: unknown, options: PlatformVerifyOptions = {}): Promise<VerificationReport> {
  const fetcher = options.fetcher ?? remoteFetcherOf(platform);
  const resolver = new PlatformDidResolver(platform, fetcher);
  const statusLists = new PlatformStatusSource(platform, fetcher);
  const report = await verifyCredential(credential, { resolver, statusLists, ...(options.now ? { now: options.now } : {}) });
  if (resolver.network.failures.size === 0 && statusLists.network.failures.size === 0) return report;
  return {
    ...report,
    checks: report.checks.map((check) => check.id === 'issuer' ? issuerWithCause(check, resolver.network.failures)
      : check.id === 'status' ? statusWithCause(check, statusLists.network.failures) : check),
  };
}
