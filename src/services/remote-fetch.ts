/**
 * Fetching public JSON documents from other servers (did:web DID documents, status list credentials, credentials
 * given by URL) without letting a verification request reach inside the network (SSRF):
 *
 * - HTTPS only; plain HTTP only when configured (tests, development, intranets);
 * - the host name is resolved by our own lookup, which refuses loopback, private (RFC 1918), link-local, CGNAT,
 *   unique-local IPv6, multicast, 0.0.0.0/8, reserved and documentation ranges and the IPv6 forms that embed IPv4
 *   (mapped, NAT64, 6to4, Teredo); the connection goes to the address that was checked (the lookup hands it to the
 *   socket: no second resolution, so DNS rebinding cannot slip another address in), and the connected socket's
 *   address is checked again; IP literals are checked before any connection is made;
 * - one deadline for the whole exchange (default 5 s), redirects included;
 * - a response size limit (default 1 MB) counted while the body streams in: larger responses are cut off;
 * - at most 3 redirects, each target checked like the first URL;
 * - JSON content only (`application/json`, `application/*+json`; `text/plain` and no type when the body is JSON);
 * - a small in-memory cache by URL honouring Cache-Control max-age (capped at 5 minutes, bounded in size), and
 *   concurrent requests for the same URL share one fetch.
 *
 * Configuration (environment, read by `remoteFetchOptionsFromEnv`):
 * `MIKROCRED_FETCH_ALLOW_PRIVATE=1` private and local addresses allowed (tests, intranet deployments);
 * `MIKROCRED_FETCH_ALLOW_HOSTS=host:port,…` those hosts (host alone: any port) may be on private addresses and use HTTP;
 * `MIKROCRED_FETCH_ALLOW_HTTP=1` plain HTTP allowed for every host;
 * `MIKROCRED_FETCH_TIMEOUT_MS` (5000) and `MIKROCRED_FETCH_MAX_BYTES` (1048576).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction, type Socket } from 'node:net';
import type { Message } from '../model/index.ts';

export const DEFAULT_FETCH_TIMEOUT_MS = 5000;
export const DEFAULT_FETCH_MAX_BYTES = 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 3;
/** The longest a response is kept, whatever its Cache-Control says. */
export const CACHE_MAX_AGE_CAP_MS = 5 * 60_000;
/** How long a response without Cache-Control is kept. */
export const CACHE_DEFAULT_AGE_MS = 60_000;
const CACHE_MAX_ENTRIES = 256;
const CACHE_MAX_BYTES = 32 * 1024 * 1024;

/** Why a document could not be fetched. */
export type FetchFailure =
  | 'invalid_url' | 'refused' | 'timeout' | 'unreachable' | 'not_found' | 'http_status' | 'too_large' | 'not_json' | 'too_many_redirects';

export class RemoteFetchError extends Error {
  constructor(
    readonly code: FetchFailure,
    readonly url: string,
    readonly text: Message,
    readonly httpStatus?: number,
  ) {
    super(text.en);
    this.name = 'RemoteFetchError';
  }
}

export interface RemoteFetchOptions {
  /** The deadline of one fetch, redirects included (ms). */
  readonly timeoutMs?: number;
  /** The largest response body accepted (bytes). */
  readonly maxBytes?: number;
  readonly maxRedirects?: number;
  /** Plain HTTP for every host. */
  readonly allowHttp?: boolean;
  /** Private, loopback and other non-public addresses for every host. */
  readonly allowPrivate?: boolean;
  /** `host:port` or `host` (any port): allowed on private addresses and over HTTP. */
  readonly allowHosts?: readonly string[];
  /** Resolves host names (node:dns `lookup` when absent); tests give their own. */
  readonly lookup?: LookupFunction;
  /** Cache entries kept (0: no cache). */
  readonly cacheEntries?: number;
}

export interface RemoteDocument {
  /** The URL asked for. */
  readonly url: string;
  /** The URL that answered, after redirects. */
  readonly finalUrl: string;
  readonly contentType: string;
  readonly json: unknown;
  readonly bytes: number;
  readonly fromCache: boolean;
}

export interface GetOptions {
  /** A larger (or smaller) size limit for this document, e.g. a credential with embedded images. */
  readonly maxBytes?: number;
  /** The Accept header. */
  readonly accept?: string;
}

function flag(value: string | undefined): boolean {
  return value === '1' || value?.toLowerCase() === 'true' || value?.toLowerCase() === 'yes';
}

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`${name} must be a positive whole number, not "${value}"`);
  return n;
}

/** The fetch options the environment sets (see the module comment). */
export function remoteFetchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): RemoteFetchOptions {
  const hosts = (env.MIKROCRED_FETCH_ALLOW_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const timeoutMs = positive('MIKROCRED_FETCH_TIMEOUT_MS', env.MIKROCRED_FETCH_TIMEOUT_MS);
  const maxBytes = positive('MIKROCRED_FETCH_MAX_BYTES', env.MIKROCRED_FETCH_MAX_BYTES);
  return {
    allowPrivate: flag(env.MIKROCRED_FETCH_ALLOW_PRIVATE),
    allowHttp: flag(env.MIKROCRED_FETCH_ALLOW_HTTP),
    allowHosts: hosts,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(maxBytes !== undefined ? { maxBytes } : {}),
  };
}

// ---- Addresses ----

interface Range {
  readonly net: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
  readonly kind: Message;
}

const KIND = {
  unspecified: { pl: 'adres nieokreślony', en: 'an unspecified address' },
  loopback: { pl: 'adres pętli zwrotnej (localhost)', en: 'a loopback (localhost) address' },
  private: { pl: 'adres sieci prywatnej', en: 'a private network address' },
  linkLocal: { pl: 'adres lokalny łącza', en: 'a link-local address' },
  cgnat: { pl: 'adres współdzielony operatora (CGNAT)', en: 'a shared carrier (CGNAT) address' },
  multicast: { pl: 'adres rozgłoszeniowy (multicast)', en: 'a multicast address' },
  reserved: { pl: 'adres zastrzeżony', en: 'a reserved address' },
  uniqueLocal: { pl: 'lokalny adres IPv6 (ULA)', en: 'a unique-local IPv6 address' },
  embedded: { pl: 'adres IPv6 zawierający adres IPv4 (tunel, NAT64)', en: 'an IPv6 address embedding an IPv4 one (tunnel, NAT64)' },
} as const satisfies Record<string, Message>;

const RANGES: readonly Range[] = [
  { net: '0.0.0.0', prefix: 8, family: 'ipv4', kind: KIND.unspecified },
  { net: '10.0.0.0', prefix: 8, family: 'ipv4', kind: KIND.private },
  { net: '100.64.0.0', prefix: 10, family: 'ipv4', kind: KIND.cgnat },
  { net: '127.0.0.0', prefix: 8, family: 'ipv4', kind: KIND.loopback },
  { net: '169.254.0.0', prefix: 16, family: 'ipv4', kind: KIND.linkLocal },
  { net: '172.16.0.0', prefix: 12, family: 'ipv4', kind: KIND.private },
  { net: '192.0.0.0', prefix: 24, family: 'ipv4', kind: KIND.reserved },
  { net: '192.0.2.0', prefix: 24, family: 'ipv4', kind: KIND.reserved },
  { net: '192.88.99.0', prefix: 24, family: 'ipv4', kind: KIND.reserved },
  { net: '192.168.0.0', prefix: 16, family: 'ipv4', kind: KIND.private },
  { net: '198.18.0.0', prefix: 15, family: 'ipv4', kind: KIND.reserved },
  { net: '198.51.100.0', prefix: 24, family: 'ipv4', kind: KIND.reserved },
  { net: '203.0.113.0', prefix: 24, family: 'ipv4', kind: KIND.reserved },
  { net: '224.0.0.0', prefix: 4, family: 'ipv4', kind: KIND.multicast },
  { net: '240.0.0.0', prefix: 4, family: 'ipv4', kind: KIND.reserved },
  { net: '::', prefix: 128, family: 'ipv6', kind: KIND.unspecified },
  { net: '::1', prefix: 128, family: 'ipv6', kind: KIND.loopback },
  // IPv4-compatible (deprecated) and IPv4-mapped addresses are checked as the IPv4 address they hold (below).
  { net: '64:ff9b::', prefix: 96, family: 'ipv6', kind: KIND.embedded },
  { net: '64:ff9b:1::', prefix: 48, family: 'ipv6', kind: KIND.embedded },
  { net: '100::', prefix: 64, family: 'ipv6', kind: KIND.reserved },
  { net: '2001::', prefix: 32, family: 'ipv6', kind: KIND.embedded },
  { net: '2001:db8::', prefix: 32, family: 'ipv6', kind: KIND.reserved },
  { net: '2002::', prefix: 16, family: 'ipv6', kind: KIND.embedded },
  { net: 'fc00::', prefix: 7, family: 'ipv6', kind: KIND.uniqueLocal },
  { net: 'fe80::', prefix: 10, family: 'ipv6', kind: KIND.linkLocal },
  { net: 'fec0::', prefix: 10, family: 'ipv6', kind: KIND.reserved },
  { net: 'ff00::', prefix: 8, family: 'ipv6', kind: KIND.multicast },
];

const BLOCKS = RANGES.map((range) => {
  const list = new BlockList();
  list.addSubnet(range.net, range.prefix, range.family);
  return { list, range };
});

/** The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`) or IPv4-compatible (`::a.b.c.d`) IPv6 address. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^::(?:ffff:(?:0{1,4}:)?)?(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^::(?:ffff:(?:0{1,4}:)?)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const high = parseInt(hex[1] ?? '0', 16);
    const low = parseInt(hex[2] ?? '0', 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return undefined;
}

/**
 * Why `address` (an IP address) is not a public one, or undefined when it is. IPv4-mapped and IPv4-compatible
 * IPv6 addresses are judged by their IPv4 address.
 */
export function nonPublicAddress(address: string): Message | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return KIND.reserved;
  if (family === 6) {
    const v4 = embeddedIpv4(bare);
    if (v4 !== undefined) return nonPublicAddress(v4);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const { list, range } of BLOCKS) {
    if (range.family === type && list.check(bare, type)) return range.kind;
  }
  return undefined;
}

// ---- Errors in both languages ----

function refusedAddress(url: string, host: string, address: string, kind: Message): RemoteFetchError {
  const via = host === address ? '' : ` (${host})`;
  return new RemoteFetchError('refused', url, {
    pl: `odmówiono połączenia z ${address}${via}: to ${kind.pl}; weryfikator łączy się tylko z adresami publicznymi`,
    en: `refused to connect to ${address}${via}: it is ${kind.en}; the verifier connects to public addresses only`,
  });
}

function timeoutError(url: string, ms: number): RemoteFetchError {
  const seconds = ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
  return new RemoteFetchError('timeout', url, {
    pl: `przekroczono czas oczekiwania: ${url} nie odpowiedział w ciągu ${seconds}`,
    en: `timed out: ${url} did not answer within ${seconds}`,
  });
}

function tooLarge(url: string, max: number): RemoteFetchError {
  const size = max >= 1024 * 1024 ? `${(max / 1024 / 1024).toFixed(max % (1024 * 1024) === 0 ? 0 : 1)} MB` : `${Math.ceil(max / 1024)} kB`;
  return new RemoteFetchError('too_large', url, {
    pl: `odpowiedź ${url} jest za duża (ponad ${size})`,
    en: `the response of ${url} is too large (over ${size})`,
  });
}

function notJson(url: string, why: Message): RemoteFetchError {
  return new RemoteFetchError('not_json', url, { pl: `${url} nie zwrócił dokumentu JSON: ${why.pl}`, en: `${url} did not return a JSON document: ${why.en}` });
}

const NETWORK_ERRORS: Record<string, Message> = {
  ENOTFOUND: { pl: 'nie ma takiej nazwy hosta (DNS)', en: 'no such host name (DNS)' },
  EAI_AGAIN: { pl: 'serwer DNS nie odpowiedział', en: 'the DNS server did not answer' },
  ECONNREFUSED: { pl: 'serwer odmówił połączenia', en: 'the server refused the connection' },
  ECONNRESET: { pl: 'serwer zerwał połączenie', en: 'the server reset the connection' },
  EHOSTUNREACH: { pl: 'host jest nieosiągalny', en: 'the host is unreachable' },
  ENETUNREACH: { pl: 'sieć jest nieosiągalna', en: 'the network is unreachable' },
};

function unreachable(url: string, error: Error): RemoteFetchError {
  const code = (error as { code?: unknown }).code;
  const known = typeof code === 'string' ? NETWORK_ERRORS[code] : undefined;
  const tls = typeof code === 'string' && /CERT|SSL|TLS/.test(code);
  const why = known ?? (tls
    ? { pl: `błąd certyfikatu TLS (${String(code)})`, en: `TLS certificate error (${String(code)})` }
    : { pl: error.message, en: error.message });
  return new RemoteFetchError('unreachable', url, { pl: `nie udało się połączyć z ${url}: ${why.pl}`, en: `could not connect to ${url}: ${why.en}` });
}

// ---- The fetcher ----

/** Marks a lookup refused by policy, carrying the error to report. */
class LookupRefused extends Error {
  constructor(readonly refusal: RemoteFetchError) {
    super(refusal.message);
    this.name = 'LookupRefused';
  }
}

interface CacheEntry {
  readonly document: RemoteDocument;
  readonly expires: number;
}

const JSON_TYPES = /^application\/(?:[\w.+-]+\+)?json$/;
const LENIENT_TYPES = new Set(['', 'text/plain', 'application/octet-stream']);

function cacheAgeMs(header: string | undefined): number {
  if (header === undefined) return CACHE_DEFAULT_AGE_MS;
  const directives = header.toLowerCase().split(',').map((d) => d.trim());
  if (directives.some((d) => d === 'no-store' || d === 'no-cache')) return 0;
  const maxAge = directives.map((d) => /^(?:s-)?max-age=(\d+)$/.exec(d)?.[1]).find((v) => v !== undefined);
  if (maxAge === undefined) return CACHE_DEFAULT_AGE_MS;
  return Math.min(Number(maxAge) * 1000, CACHE_MAX_AGE_CAP_MS);
}

/** A fetcher of public JSON documents (see the module comment). One per platform; it holds the cache. */
export class RemoteFetcher {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly #maxRedirects: number;
  readonly #allowHttp: boolean;
  readonly #allowPrivate: boolean;
  readonly #allowHosts: ReadonlySet<string>;
  readonly #lookup: LookupFunction;
  readonly #cacheEntries: number;
  readonly #cache = new Map<string, CacheEntry>();
  #cacheBytes = 0;
  readonly #inFlight = new Map<string, Promise<RemoteDocument>>();
  /** Requests sent (connections attempted), for tests and diagnostics. */
  requests = 0;

  constructor(options: RemoteFetchOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
    this.maxBytes = options.maxBytes ?? DEFAULT_FETCH_MAX_BYTES;
    this.#maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    this.#allowHttp = options.allowHttp ?? false;
    this.#allowPrivate = options.allowPrivate ?? false;
    this.#allowHosts = new Set((options.allowHosts ?? []).map((h) => h.toLowerCase()));
    this.#lookup = options.lookup ?? (dnsLookup as unknown as LookupFunction);
    this.#cacheEntries = options.cacheEntries ?? CACHE_MAX_ENTRIES;
  }

  /** Forgets every cached document. */
  clearCache(): void {
    this.#cache.clear();
    this.#cacheBytes = 0;
  }

  /** The JSON document at `url`; throws RemoteFetchError with the reason in both languages. */
  async getJson(url: string, options: GetOptions = {}): Promise<RemoteDocument> {
    const key = `${options.maxBytes ?? ''} ${url}`;
    const cached = this.#cache.get(key);
    if (cached) {
      if (cached.expires > Date.now()) {
        // Most recently used last.
        this.#cache.delete(key);
        this.#cache.set(key, cached);
        return { ...cached.document, fromCache: true };
      }
      this.#forget(key);
    }
    const running = this.#inFlight.get(key);
    if (running) return running;
    const promise = this.#fetch(url, options).catch((error: unknown) => {
      // Whatever else went wrong (a header the HTTP client refuses…) is a failure to fetch, never a crash.
      throw error instanceof RemoteFetchError ? error : unreachable(url, error as Error);
    }).then(({ document, maxAgeMs }) => {
      if (maxAgeMs > 0) this.#remember(key, document, maxAgeMs);
      return document;
    }).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, promise);
    return promise;
  }

  #remember(key: string, document: RemoteDocument, maxAgeMs: number): void {
    if (this.#cacheEntries <= 0 || document.bytes > CACHE_MAX_BYTES / 4) return;
    this.#forget(key);
    this.#cache.set(key, { document, expires: Date.now() + maxAgeMs });
    this.#cacheBytes += document.bytes;
    while (this.#cache.size > this.#cacheEntries || this.#cacheBytes > CACHE_MAX_BYTES) {
      const oldest = this.#cache.keys().next().value;
      if (oldest === undefined) break;
      this.#forget(oldest);
    }
  }

  #forget(key: string): void {
    const entry = this.#cache.get(key);
    if (!entry) return;
    this.#cacheBytes -= entry.document.bytes;
    this.#cache.delete(key);
  }

  /** Whether the host of `url` may be on a private address and use HTTP. */
  #trusted(url: URL): boolean {
    if (this.#allowHosts.size === 0) return false;
    const host = url.hostname.toLowerCase();
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return this.#allowHosts.has(`${host}:${port}`) || this.#allowHosts.has(host);
  }

  /** Checks a URL before connecting: its scheme, and its host when that is an IP address. */
  #checkUrl(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new RemoteFetchError('invalid_url', raw, { pl: `„${raw}” nie jest poprawnym adresem URL`, en: `"${raw}" is not a valid URL` });
    }
    if (url.username || url.password) {
      throw new RemoteFetchError('refused', raw, { pl: `adres ${raw} zawiera dane logowania`, en: `the URL ${raw} contains credentials` });
    }
    const trusted = this.#trusted(url);
    if (url.protocol === 'http:' && !(this.#allowHttp || trusted)) {
      throw new RemoteFetchError('refused', raw, {
        pl: `odmówiono pobrania ${raw}: dozwolone są tylko adresy HTTPS`,
        en: `refused to fetch ${raw}: only HTTPS addresses are allowed`,
      });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new RemoteFetchError('refused', raw, {
        pl: `odmówiono pobrania ${raw}: dozwolone są tylko adresy HTTPS`,
        en: `refused to fetch ${raw}: only HTTPS addresses are allowed`,
      });
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) !== 0 && !(this.#allowPrivate || trusted)) {
      const kind = nonPublicAddress(host);
      if (kind) throw refusedAddress(raw, host, host, kind);
    }
    return url;
  }

  /** A lookup that refuses non-public addresses (unless allowed for this URL) and hands the checked one to the socket. */
  #checkedLookup(url: string, allowPrivate: boolean): LookupFunction {
    return (hostname, options, callback) => {
      this.#lookup(hostname, { ...options, all: true }, (error, addresses) => {
        if (error) return callback(error, '', 0);
        const list: LookupAddress[] = Array.isArray(addresses) ? addresses : [{ address: String(addresses), family: isIP(String(addresses)) }];
        if (list.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        if (!allowPrivate) {
          for (const entry of list) {
            const kind = nonPublicAddress(entry.address);
            if (kind) return callback(new LookupRefused(refusedAddress(url, hostname, entry.address, kind)), '', 0);
          }
        }
        if (options.all) return callback(null, list);
        const first = list[0] as LookupAddress;
        return callback(null, first.address, first.family);
      });
    };
  }

  async #fetch(first: string, options: GetOptions): Promise<{ document: RemoteDocument; maxAgeMs: number }> {
    const deadline = Date.now() + this.timeoutMs;
    const maxBytes = options.maxBytes ?? this.maxBytes;
    let current = first;
    for (let redirects = 0; ; redirects++) {
      const url = this.#checkUrl(current);
      const answer = await this.#request(url, current, deadline, maxBytes, options.accept);
      if (answer.kind === 'redirect') {
        if (redirects >= this.#maxRedirects) {
          throw new RemoteFetchError('too_many_redirects', first, {
            pl: `${first}: za dużo przekierowań (najwyżej ${this.#maxRedirects})`,
            en: `${first}: too many redirects (at most ${this.#maxRedirects})`,
          });
        }
        try {
          current = new URL(answer.location, url).toString();
        } catch {
          throw new RemoteFetchError('invalid_url', current, { pl: `nieprawidłowe przekierowanie z ${current}`, en: `an invalid redirect from ${current}` });
        }
        continue;
      }
      return { document: { url: first, finalUrl: current, contentType: answer.contentType, json: answer.json, bytes: answer.bytes, fromCache: false }, maxAgeMs: answer.maxAgeMs };
    }
  }

  #request(url: URL, raw: string, deadline: number, maxBytes: number, accept: string | undefined): Promise<
    | { kind: 'redirect'; location: string }
    | { kind: 'document'; json: unknown; contentType: string; bytes: number; maxAgeMs: number }
  > {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return Promise.reject(timeoutError(raw, this.timeoutMs));
    const trusted = this.#trusted(url);
    const allowPrivate = this.#allowPrivate || trusted;
    const client = url.protocol === 'https:' ? https : http;
    this.requests += 1;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: RemoteFetchError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.destroy();
        reject(error);
      };
      const request = client.request(url, {
        method: 'GET',
        agent: false,
        lookup: this.#checkedLookup(raw, allowPrivate),
        headers: {
          accept: accept ?? 'application/json, application/ld+json;q=0.9, application/*+json;q=0.8, */*;q=0.1',
          'accept-encoding': 'identity',
          'user-agent': 'Mikrocred-Verifier/0.1 (+https://w3id.org/mikrocred)',
        },
      });
      const timer = setTimeout(() => fail(timeoutError(raw, this.timeoutMs)), remaining);
      request.on('socket', (socket: Socket) => {
        // The address the socket really connected to, checked once more.
        socket.once('connect', () => {
          const address = socket.remoteAddress;
          if (!allowPrivate && address !== undefined) {
            const kind = nonPublicAddress(address);
            if (kind) fail(refusedAddress(raw, url.hostname, address, kind));
          }
        });
      });
      request.on('error', (error: Error) => {
        if (error instanceof LookupRefused) fail(error.refusal);
        else fail(unreachable(raw, error));
      });
      request.on('response', (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        if ([301, 302, 303, 307, 308].includes(status)) {
          const location = response.headers.location;
          response.resume();
          if (!location) return fail(new RemoteFetchError('http_status', raw, { pl: `${raw}: przekierowanie bez adresu`, en: `${raw}: a redirect without a location` }, status));
          settled = true;
          clearTimeout(timer);
          request.destroy();
          return resolve({ kind: 'redirect', location });
        }
        if (status < 200 || status > 299) {
          response.resume();
          const missing = status === 404 || status === 410;
          return fail(new RemoteFetchError(missing ? 'not_found' : status >= 500 || status === 429 ? 'unreachable' : 'http_status', raw, {
            pl: missing ? `nie znaleziono ${raw} (HTTP ${status})` : `${raw} odpowiedział błędem HTTP ${status}`,
            en: missing ? `${raw} was not found (HTTP ${status})` : `${raw} answered with HTTP error ${status}`,
          }, status));
        }
        const contentType = String(response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        if (!JSON_TYPES.test(contentType) && !LENIENT_TYPES.has(contentType)) {
          response.resume();
          return fail(notJson(raw, { pl: `typ treści to ${contentType}`, en: `the content type is ${contentType}` }));
        }
        const encoding = String(response.headers['content-encoding'] ?? 'identity').toLowerCase();
        if (encoding !== 'identity') {
          response.resume();
          return fail(notJson(raw, { pl: `nieobsługiwane kodowanie treści ${encoding}`, en: `unsupported content encoding ${encoding}` }));
        }
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) return fail(tooLarge(raw, maxBytes));
        const chunks: Buffer[] = [];
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > maxBytes) return fail(tooLarge(raw, maxBytes));
          chunks.push(chunk);
        });
        response.on('error', (error: Error) => fail(unreachable(raw, error)));
        response.on('aborted', () => fail(unreachable(raw, new Error('the response was cut off'))));
        response.on('end', () => {
          if (settled) return;
          let json: unknown;
          try {
            const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)).replace(/^\uFEFF/, '');
            json = JSON.parse(text);
          } catch (error) {
            return fail(notJson(raw, { pl: `treść nie jest poprawnym JSON (${(error as Error).message})`, en: `the content is not valid JSON (${(error as Error).message})` }));
          }
          settled = true;
          clearTimeout(timer);
          resolve({ kind: 'document', json, contentType, bytes, maxAgeMs: cacheAgeMs(response.headers['cache-control']) });
        });
      });
      request.end();
    });
  }
}
