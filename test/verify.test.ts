/**
 * The public verifier: `POST /api/v1/verify` (JSON, JSON text, a URL, a PDF certificate) and `GET /api/v1/verify/:code`,
 * with credentials of other issuers: did:key, and did:web documents and status lists fetched from a local HTTP
 * server on 127.0.0.1 through the SSRF-safe fetcher (allowed for the test by an allow-listed host). The fetcher
 * refuses private addresses (no connection made), times out, cuts off large responses, re-checks redirects; every
 * verifier check fails on its own crafted input with its message; input that is not a credential is a clear 4xx.
 * No test lets a request leave the machine: the fetchers' DNS lookup answers `*.test` names with 127.0.0.1 (and
 * `mixed.test` with a public and a private address, refused before any connection) and every other name with ENOTFOUND.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { buildApp } from '../src/http/app.ts';
import { URL_FETCHES_PER_MINUTE, verifyRoutes } from '../src/http/routes/verify.ts';
import {
  buildCredential, buildStatusListCredential, didWebDocument, newStatusList, signCredential, statusEntry,
  type IssuerKey, type IssuerKeyFile, type JsonObject, type StatusEntry,
} from '../src/credentials/index.ts';
import { certificatePdf } from '../src/documents/certificate-pdf.ts';
import { validateAward, validateSpecification } from '../src/model/index.ts';
import { SYSTEM } from '../src/services/audit.ts';
import { credentialPdf } from '../src/services/certificates.ts';
import { issueAward } from '../src/services/issue-award.ts';
import type { Platform } from '../src/services/platform.ts';
import { nonPublicAddress, RemoteFetcher, RemoteFetchError, remoteFetchOptionsFromEnv, type RemoteFetchOptions } from '../src/services/remote-fetch.ts';
import { changeStatus } from '../src/services/revocation.ts';
import { NetworkDidWebResolver, useRemoteFetcher, verifyOnPlatform } from '../src/services/verification.ts';
import { award, DCC_EXPECTATIONS, newKey, plainCryptosuite, referenceLoader, specification } from './fixtures.ts';
import { databaseKind, openTestPlatform, seedTenant, type Tenant, type TestPlatform } from './platform-fixture.ts';

type Json = Record<string, unknown>;
type Response = LightMyRequestResponse;

interface Answer {
  verdict: 'valid' | 'invalid' | 'indeterminate';
  verdictMessage: { pl: string; en: string };
  checks: Array<{ id: string; status: string; label: { pl: string; en: string }; message: { pl: string; en: string }; details?: Json }>;
  issuer: {
    id?: string; name?: string; identifiers: Array<{ scheme: string; value: string }>; didMethod?: string; confirmed: boolean;
    platform: null | { slug: string; namePl: string; nameEn: string; identifiers: Array<{ scheme: string; value: string }> };
    identity: { pl: string; en: string };
  };
  credential: { title?: string; learnerName?: string; issuedAt?: string; validFrom?: string; validUntil?: string; achievementId?: string; achievementUrl?: string; microCredential: boolean };
  source: string;
  shortCode?: string;
}

/** Test DNS: `*.test` is 127.0.0.1, `mixed.test` a public and a private address; anything else does not exist. */
const testLookup: LookupFunction = (hostname, options, callback) => {
  const fail = (): void => callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
  let addresses: LookupAddress[];
  if (hostname === 'mixed.test') addresses = [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }];
  else if (hostname.endsWith('.test')) addresses = [{ address: '127.0.0.1', family: 4 }];
  else return setImmediate(fail);
  setImmediate(() => (options.all ? callback(null, addresses) : callback(null, (addresses[0] as LookupAddress).address, 4)));
};

describe(`public verifier on ${databaseKind}`, () => {
  let tp: TestPlatform;
  let platform: Platform;
  let app: FastifyInstance;
  let A: Tenant;
  let server: Server;
  let port: number;
  let host: string;
  let connections = 0;
  const served = new Map<string, { body: unknown; type?: string; cache?: string }>();
  /** The fetcher of most tests: HTTP and private addresses allowed for the local server only. */
  let fetcher: RemoteFetcher;
  let issuer: { file: IssuerKeyFile; key: IssuerKey };
  let did: string;
  let revocationUrl: string;
  let suspensionUrl: string;

  const fetcherWith = (options: RemoteFetchOptions = {}): RemoteFetcher =>
    new RemoteFetcher({ allowHttp: true, allowHosts: [`127.0.0.1:${port}`], timeoutMs: 1000, lookup: testLookup, ...options });

  function handler(request: IncomingMessage, response: ServerResponse): void {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path === '/hang/did.json' || path === '/hang/status') return; // never answers
    if (path === '/big/did.json') {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const write = (): void => {
        while (sent < 5 * 1024 * 1024) {
          sent += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', write);
        }
        response.end();
      };
      response.on('error', () => undefined);
      return write();
    }
    if (path === '/redirect/did.json') {
      response.writeHead(302, { location: `http://rebind.test:${port}/issuer/did.json` });
      return void response.end();
    }
    if (path === '/loop') {
      response.writeHead(302, { location: '/loop' });
      return void response.end();
    }
    if (path === '/page.html') {
      response.writeHead(200, { 'content-type': 'text/html' });
      return void response.end('<html></html>');
    }
    const doc = served.get(path);
    if (!doc) {
      response.writeHead(404, { 'content-type': 'application/json' });
      return void response.end('{"error":"not found"}');
    }
    response.writeHead(200, { 'content-type': doc.type ?? 'application/json', ...(doc.cache ? { 'cache-control': doc.cache } : {}) });
    response.end(JSON.stringify(doc.body));
  }

  let client = 0;
  /** Each request from its own client address, so that the per-address limit on URL fetches stays out of the way. */
  async function send(body: unknown, remoteAddress = `10.9.${(client >> 8) & 255}.${client++ & 255}`): Promise<Response> {
    return app.inject({ method: 'POST', url: '/api/v1/verify', remoteAddress, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  }

  async function upload(contentType: string, payload: Buffer | string): Promise<Response> {
    return app.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': contentType }, payload });
  }

  function answerOf(res: Response): Answer {
    assert.equal(res.statusCode, 200, res.body.slice(0, 800));
    return res.json<Answer>();
  }

  async function verify(credential: unknown): Promise<Answer> {
    return answerOf(await send({ credential }));
  }

  function checkOf(answer: Answer, id: string): Answer['checks'][number] {
    const found = answer.checks.find((c) => c.id === id);
    assert.ok(found, `no ${id} check`);
    return found;
  }

  function describeChecks(answer: Answer): string {
    return JSON.stringify(answer.checks.map((c) => [c.id, c.status, c.message.en]));
  }

  function problemOf(res: Response, status: number, code?: string): Json {
    assert.equal(res.statusCode, status, res.body.slice(0, 500));
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const body = res.json<Json>();
    if (code) assert.equal(body.code, code, res.body);
    const messages = body.messages as { pl: string; en: string };
    assert.ok(messages.pl && messages.en && messages.pl !== messages.en, res.body);
    return body;
  }

  /** A credential of the example specification signed with `key`, with `change` applied before signing. */
  async function signed(key: IssuerKey, options: { status?: StatusEntry[]; change?: (c: JsonObject) => void } = {}): Promise<JsonObject> {
    const spec = validateSpecification(specification());
    assert.ok(spec.ok);
    const a = validateAward(spec.value, award());
    assert.ok(a.ok);
    const unsigned = buildCredential(spec.value, a.value, { issuerId: key.controller, ...(options.status ? { status: options.status } : {}) });
    options.change?.(unsigned);
    return signCredential(unsigned, key);
  }

  /** A did:web issuer served by the local server at /<name>/did.json. */
  async function webIssuer(name: string, documentId?: string): Promise<IssuerKey> {
    const id = `did:web:${host}:${name}`;
    const { key } = await newKey(id);
    served.set(`/${name}/did.json`, { body: { ...didWebDocument(id, [key]), ...(documentId ? { id: documentId } : {}) }, type: 'application/did+json' });
    return key;
  }

  async function serveList(url: string, purpose: 'revocation' | 'suspension', set: number[]): Promise<void> {
    const list = await newStatusList();
    for (const i of set) list.setStatus(i, true);
    const credential = await signCredential(await buildStatusListCredential({ id: url, issuerId: did, statusPurpose: purpose, list }), issuer.key);
    served.set(new URL(url).pathname, { body: credential, type: 'application/vc+ld+json' });
  }

  before(async () => {
    server = createServer(handler);
    server.on('connection', (socket) => {
      connections += 1;
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
    host = `127.0.0.1%3A${port}`;
    did = `did:web:${host}:issuer`;
    issuer = await newKey(did);
    served.set('/issuer/did.json', { body: didWebDocument(did, [issuer.key]), type: 'application/did+json', cache: 'max-age=60' });
    revocationUrl = `http://127.0.0.1:${port}/issuer/status/1`;
    suspensionUrl = `http://127.0.0.1:${port}/issuer/status/2`;
    await serveList(revocationUrl, 'revocation', [3]);
    await serveList(suspensionUrl, 'suspension', [4]);

    tp = await openTestPlatform();
    platform = tp.platform;
    ({ app } = await buildApp({ platform }));
    // Until src/http/app.ts registers the verifier itself.
    if (!app.hasRoute({ method: 'POST', url: '/api/v1/verify' })) await app.register(verifyRoutes(platform));
    await app.ready();
    fetcher = fetcherWith();
    useRemoteFetcher(platform, fetcher);
    A = await seedTenant(platform, 'uczelnia-v', ['owner'], { publish: true });
  });

  after(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await app?.close();
    await tp?.close();
  });

  describe('the safe fetcher', () => {
    it('knows which addresses are not public (IPv4, IPv6, IPv4-mapped and embedding forms)', () => {
      const blocked = [
        '127.0.0.1', '127.255.255.254', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1',
        '100.127.255.255', '0.0.0.0', '0.1.2.3', '224.0.0.1', '239.255.255.250', '255.255.255.255', '198.18.0.1', '192.0.2.1',
        '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1',
        '::ffff:169.254.169.254', '::127.0.0.1', '64:ff9b::a00:1', '2002:7f00:1::1', '[::1]', 'fe80::1%eth0',
      ];
      const open = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2a00:1450:4001::200e'];
      assert.deepEqual(blocked.filter((a) => !nonPublicAddress(a)), [], 'not refused');
      assert.deepEqual(open.filter((a) => nonPublicAddress(a)), [], 'refused');
      assert.match(nonPublicAddress('127.0.0.1')?.en ?? '', /loopback/);
      assert.match(nonPublicAddress('10.0.0.1')?.pl ?? '', /prywatnej/);
    });

    it('refuses HTTP, private addresses in any notation and names resolving to them, before connecting', async () => {
      const strict = new RemoteFetcher({ lookup: testLookup, timeoutMs: 1000 });
      const before = connections;
      const cases: Array<[string, RegExp]> = [
        [`http://127.0.0.1:${port}/issuer/did.json`, /only HTTPS/],
        ['https://127.0.0.1/x', /loopback/],
        ['https://0x7f.1/x', /loopback/],
        ['https://2130706433/x', /loopback/],
        ['https://[::1]/x', /loopback/],
        ['https://[::ffff:127.0.0.1]/x', /loopback/],
        ['https://10.0.0.1/x', /private network/],
        ['https://169.254.169.254/latest/meta-data', /link-local/],
        ['https://[fd00::1]/x', /unique-local/],
        [`https://rebind.test:${port}/x`, /loopback/],
        [`https://mixed.test:${port}/x`, /127\.0\.0\.1.*loopback/],
        ['ftp://example.test/x', /only HTTPS/],
        ['https://user:pass@example.test/x', /credentials/],
      ];
      for (const [url, message] of cases) {
        await assert.rejects(strict.getJson(url), (error: unknown) => {
          assert.ok(error instanceof RemoteFetchError, url);
          assert.equal(error.code, 'refused', `${url}: ${error.message}`);
          assert.match(error.text.en, message, url);
          assert.ok(error.text.pl.length > 0 && error.text.pl !== error.text.en);
          return true;
        });
      }
      assert.equal(connections, before, 'a connection was made to a refused address');
      // With HTTP allowed but not private addresses: still refused, still no connection.
      await assert.rejects(new RemoteFetcher({ allowHttp: true, lookup: testLookup }).getJson(`http://rebind.test:${port}/issuer/did.json`), /loopback/);
      assert.equal(connections, before);
    });

    it('did:web: the document URL from the DID, its id checked; a DID that is not a did:web is refused unfetched', async () => {
      const resolver = new NetworkDidWebResolver(fetcher);
      assert.equal((await resolver.resolve(did)).id, did);
      const before = fetcher.requests;
      for (const bad of ['did:web:evil.test@127.0.0.1', 'did:web:a.test/x', 'did:web:']) {
        await assert.rejects(resolver.resolve(bad), /not a valid did:web/);
      }
      await assert.rejects(resolver.resolve('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'), /not a did:web/);
      assert.equal(fetcher.requests, before);
      assert.equal(resolver.failures.get('did:web:evil.test@127.0.0.1')?.code, 'invalid_document');
    });

    it('configuration from the environment: MIKROCRED_FETCH_ALLOW_PRIVATE, _ALLOW_HOSTS, _ALLOW_HTTP, _TIMEOUT_MS, _MAX_BYTES', async () => {
      assert.deepEqual(remoteFetchOptionsFromEnv({}), { allowPrivate: false, allowHttp: false, allowHosts: [] });
      assert.deepEqual(remoteFetchOptionsFromEnv({
        MIKROCRED_FETCH_ALLOW_PRIVATE: '1', MIKROCRED_FETCH_ALLOW_HOSTS: ' intranet.local:8443 , Other.Host ', MIKROCRED_FETCH_ALLOW_HTTP: 'true',
        MIKROCRED_FETCH_TIMEOUT_MS: '2500', MIKROCRED_FETCH_MAX_BYTES: '2048',
      }), { allowPrivate: true, allowHttp: true, allowHosts: ['intranet.local:8443', 'other.host'], timeoutMs: 2500, maxBytes: 2048 });
      assert.throws(() => remoteFetchOptionsFromEnv({ MIKROCRED_FETCH_TIMEOUT_MS: 'soon' }), RangeError);
      const allowAll = new RemoteFetcher({ ...remoteFetchOptionsFromEnv({ MIKROCRED_FETCH_ALLOW_PRIVATE: '1', MIKROCRED_FETCH_ALLOW_HTTP: '1' }), lookup: testLookup });
      assert.equal((await allowAll.getJson(`http://rebind.test:${port}/issuer/did.json`)).json && true, true);
      const allowHost = new RemoteFetcher({ ...remoteFetchOptionsFromEnv({ MIKROCRED_FETCH_ALLOW_HOSTS: `rebind.test:${port}` }), lookup: testLookup });
      assert.ok((await allowHost.getJson(`http://rebind.test:${port}/issuer/did.json`)).json);
      await assert.rejects(allowHost.getJson(`http://other.test:${port}/issuer/did.json`), /only HTTPS/);
    });

    it('a server that never answers: a timeout within the limit; a 5 MB answer: cut off as too large', async () => {
      const started = Date.now();
      await assert.rejects(fetcher.getJson(`http://127.0.0.1:${port}/hang/did.json`), (error: unknown) => {
        assert.ok(error instanceof RemoteFetchError);
        assert.equal(error.code, 'timeout');
        assert.match(error.text.en, /did not answer within 1 s/);
        return true;
      });
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 900 && elapsed < 2500, `${elapsed} ms`);
      await assert.rejects(fetcher.getJson(`http://127.0.0.1:${port}/big/did.json`), (error: unknown) => {
        assert.ok(error instanceof RemoteFetchError);
        assert.equal(error.code, 'too_large');
        assert.match(error.text.en, /too large \(over 1 MB\)/);
        return true;
      });
    });

    it('redirects: each target checked again (a redirect to a private address is refused), at most 3', async () => {
      const before = connections;
      await assert.rejects(fetcher.getJson(`http://127.0.0.1:${port}/redirect/did.json`), (error: unknown) => {
        assert.ok(error instanceof RemoteFetchError);
        assert.equal(error.code, 'refused');
        assert.match(error.text.en, /rebind\.test.*loopback/);
        return true;
      });
      assert.equal(connections, before + 1, 'only the first server was contacted');
      await assert.rejects(fetcher.getJson(`http://127.0.0.1:${port}/loop`), (error: unknown) => {
        assert.ok(error instanceof RemoteFetchError);
        assert.equal(error.code, 'too_many_redirects');
        return true;
      });
    });

    it('JSON only; 404 is "not found"; cached by URL with Cache-Control max-age, not with no-store', async () => {
      await assert.rejects(fetcher.getJson(`http://127.0.0.1:${port}/page.html`), (error: unknown) => error instanceof RemoteFetchError && error.code === 'not_json' && /text\/html/.test(error.message));
      await assert.rejects(fetcher.getJson(`http://127.0.0.1:${port}/nothing`), (error: unknown) => error instanceof RemoteFetchError && error.code === 'not_found' && /HTTP 404/.test(error.message));
      const own = fetcherWith();
      served.set('/cached.json', { body: { n: 1 }, cache: 'public, max-age=120' });
      served.set('/uncached.json', { body: { n: 1 }, cache: 'no-store' });
      const first = await own.getJson(`http://127.0.0.1:${port}/cached.json`);
      const second = await own.getJson(`http://127.0.0.1:${port}/cached.json`);
      assert.deepEqual([first.fromCache, second.fromCache, own.requests], [false, true, 1]);
      await own.getJson(`http://127.0.0.1:${port}/uncached.json`);
      const again = await own.getJson(`http://127.0.0.1:${port}/uncached.json`);
      assert.deepEqual([again.fromCache, own.requests], [false, 3]);
      // Concurrent requests for one URL share one fetch.
      const fresh = fetcherWith();
      await Promise.all([1, 2, 3, 4].map(() => fresh.getJson(`http://127.0.0.1:${port}/uncached.json`)));
      assert.equal(fresh.requests, 1);
    });
  });

  describe('credentials of a did:web issuer on another server', () => {
    it('valid: the DID document and the status list fetched over HTTP; the issuer\'s legal identity shown; cached', async () => {
      const credential = await signed(issuer.key, { status: [statusEntry(revocationUrl, 5, 'revocation')] });
      const answer = await verify(credential);
      assert.equal(answer.verdict, 'valid', describeChecks(answer));
      for (const c of answer.checks) assert.equal(c.status, 'passed', `${c.id}: ${c.message.en}`);
      assert.match(answer.verdictMessage.pl, /^WAŻNE/);
      assert.match(answer.verdictMessage.en, /^VALID/);
      assert.equal(checkOf(answer, 'proof').label.en, 'Signature and integrity');
      assert.match(checkOf(answer, 'status').message.en, /Not revoked/);
      assert.equal(answer.issuer.id, did);
      assert.equal(answer.issuer.name, 'Uniwersytet Przykładowy w Warszawie');
      assert.deepEqual(answer.issuer.identifiers.slice(0, 2), [{ scheme: 'REGON', value: '142036717' }, { scheme: 'NIP', value: '5251234560' }]);
      assert.equal(answer.issuer.didMethod, 'did:web');
      assert.equal(answer.issuer.platform, null);
      assert.equal(answer.issuer.confirmed, true);
      assert.match(answer.issuer.identity.en, /REGON 142036717.*domain 127\.0\.0\.1:\d+/);
      assert.equal(answer.credential.title, 'Analiza danych w Pythonie');
      assert.equal(answer.credential.learnerName, 'Zofia Wiśniewska-Łęcka');
      assert.equal(answer.credential.microCredential, true);
      assert.ok(answer.credential.issuedAt && answer.credential.validFrom && answer.credential.validUntil);
      assert.match(String(answer.credential.achievementId), /^urn:uuid:/);
      assert.equal(answer.source, 'json');
      // The same again: the documents come from the cache.
      const requests = fetcher.requests;
      assert.equal((await verify(credential)).verdict, 'valid');
      assert.ok(fetcher.requests <= requests + 1, `${fetcher.requests - requests} new requests`);
      // As JSON text too, and as a file sent as it is.
      assert.equal((await verify(JSON.stringify(credential))).verdict, 'valid');
      assert.equal(answerOf(await upload('application/vc+ld+json', JSON.stringify(credential))).verdict, 'valid');
    });

    it('with the private-address allowance off: refused, indeterminate with the reason, and no request to the address', async () => {
      const credential = await signed(issuer.key);
      useRemoteFetcher(platform, new RemoteFetcher({ allowHttp: true, lookup: testLookup }));
      const before = connections;
      try {
        const answer = await verify(credential);
        assert.equal(answer.verdict, 'indeterminate', describeChecks(answer));
        const issuerCheck = checkOf(answer, 'issuer');
        assert.equal(issuerCheck.status, 'warning');
        assert.match(issuerCheck.message.en, /The issuer's key could not be resolved.*refused to connect to 127\.0\.0\.1.*loopback/);
        assert.match(issuerCheck.message.pl, /Nie można ustalić klucza wystawcy.*odmówiono połączenia/);
        assert.equal(issuerCheck.details?.cause, 'refused');
        assert.equal(checkOf(answer, 'proof').status, 'skipped');
        assert.equal(answer.issuer.confirmed, false);
        assert.equal(connections, before, 'a request reached the private address');
      } finally {
        useRemoteFetcher(platform, fetcher);
      }
    });

    it('a DID document server that never answers: "timed out", within the time limit', async () => {
      const key = (await newKey(`did:web:${host}:hang`)).key;
      const started = Date.now();
      const answer = await verify(await signed(key));
      assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
      assert.equal(answer.verdict, 'indeterminate');
      assert.match(checkOf(answer, 'issuer').message.en, /could not be resolved.*timed out.*did not answer within 1 s/);
    });

    it('a 5 MB DID document: too large, the issuer check fails', async () => {
      const key = (await newKey(`did:web:${host}:big`)).key;
      const answer = await verify(await signed(key));
      assert.equal(answer.verdict, 'invalid');
      assert.equal(checkOf(answer, 'issuer').status, 'failed');
      assert.match(checkOf(answer, 'issuer').message.en, /could not be resolved.*too large \(over 1 MB\)/);
      assert.match(checkOf(answer, 'issuer').message.pl, /za duża/);
    });

    it('a DID document redirecting to a private address: refused', async () => {
      const key = (await newKey(`did:web:${host}:redirect`)).key;
      const answer = await verify(await signed(key));
      assert.notEqual(answer.verdict, 'valid');
      assert.match(checkOf(answer, 'issuer').message.en, /refused to connect to 127\.0\.0\.1 \(rebind\.test\)/);
    });

    it('a DID document whose id is another DID: the issuer check fails', async () => {
      const key = await webIssuer('wrongid', did);
      const answer = await verify(await signed(key));
      assert.equal(answer.verdict, 'invalid');
      assert.equal(checkOf(answer, 'issuer').status, 'failed');
      assert.match(checkOf(answer, 'issuer').message.en, new RegExp(`has the id ${did}, not did:web:${host}:wrongid`));
    });

    it('a status list that cannot be had (missing, or its server never answers): "could not be checked", never valid', async () => {
      for (const [url, reason] of [[`http://127.0.0.1:${port}/issuer/status/404`, /not found \(HTTP 404\)/], [`http://127.0.0.1:${port}/hang/status`, /timed out/]] as const) {
        const answer = await verify(await signed(issuer.key, { status: [statusEntry(url, 1, 'revocation')] }));
        assert.equal(answer.verdict, 'indeterminate', describeChecks(answer));
        const status = checkOf(answer, 'status');
        assert.equal(status.status, 'warning');
        assert.match(status.message.en, /The status could not be checked/);
        assert.match(status.message.en, reason);
        assert.match(status.message.pl, /Nie udało się sprawdzić statusu/);
        assert.equal(checkOf(answer, 'proof').status, 'passed');
      }
    });

    it('revoked and suspended through the remote status lists: invalid, said so', async () => {
      const revoked = await verify(await signed(issuer.key, { status: [statusEntry(revocationUrl, 3, 'revocation')] }));
      assert.equal(revoked.verdict, 'invalid');
      assert.equal(checkOf(revoked, 'status').status, 'failed');
      assert.match(checkOf(revoked, 'status').message.en, /REVOKED/);
      assert.match(checkOf(revoked, 'status').message.pl, /UNIEWAŻNIONE/);
      const suspended = await verify(await signed(issuer.key, { status: [statusEntry(suspensionUrl, 4, 'suspension')] }));
      assert.equal(suspended.verdict, 'invalid');
      assert.match(checkOf(suspended, 'status').message.en, /SUSPENDED/);
      assert.match(checkOf(suspended, 'status').message.pl, /ZAWIESZONE/);
    });

    it('VC-API POST /credentials/verify resolves the did:web over the network too', async () => {
      const res = await app.inject({ method: 'POST', url: '/credentials/verify', payload: { verifiableCredential: await signed(issuer.key) } });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json<Json>().verdict, 'valid', res.body);
    });
  });

  describe('each check fails on its own crafted input (POST /api/v1/verify)', () => {
    it('bad signature → proof', async () => {
      const credential = await signed(issuer.key);
      const answer = await verify({ ...credential, name: 'Changed after signing' });
      assert.equal(answer.verdict, 'invalid');
      assert.equal(checkOf(answer, 'proof').status, 'failed');
      assert.match(checkOf(answer, 'proof').message.en, /signature does not match/);
      assert.equal(checkOf(answer, 'issuer').status, 'passed');
      assert.equal(answer.issuer.confirmed, false);
    });

    it('unknown issuer (a did:web with no document) → issuer', async () => {
      const key = (await newKey(`did:web:${host}:nobody`)).key;
      const answer = await verify(await signed(key));
      assert.equal(answer.verdict, 'invalid');
      assert.equal(checkOf(answer, 'issuer').status, 'failed');
      assert.match(checkOf(answer, 'issuer').message.en, /could not be resolved.*not found \(HTTP 404\)/);
      // A DID of this platform's host that no institution has: not found, without a request.
      const own = await newKey('did:web:mikrocred.test.example:i:no-such-institution');
      const ownAnswer = await verify(await signed(own.key));
      assert.equal(checkOf(ownAnswer, 'issuer').status, 'failed');
      assert.match(checkOf(ownAnswer, 'issuer').message.en, /No institution with the DID/);
    });

    it('expired and not yet valid → validity', async () => {
      const expired = await verify(await signed(issuer.key, { change: (c) => { c.validFrom = '2019-01-01T00:00:00Z'; c.validUntil = '2020-01-01T00:00:00Z'; } }));
      assert.equal(expired.verdict, 'invalid');
      assert.equal(checkOf(expired, 'validity').status, 'failed');
      assert.match(checkOf(expired, 'validity').message.en, /expired on 2020-01-01/);
      assert.equal(checkOf(expired, 'proof').status, 'passed');
      const future = await verify(await signed(issuer.key, { change: (c) => { c.validFrom = '2100-01-01T00:00:00Z'; c.validUntil = '2105-01-01T00:00:00Z'; } }));
      assert.equal(future.verdict, 'invalid');
      assert.match(checkOf(future, 'validity').message.en, /not valid yet: valid from 2100-01-01/);
      assert.match(checkOf(future, 'validity').message.pl, /jeszcze ważne/);
    });

    it('a missing mandatory element → elements', async () => {
      const answer = await verify(await signed(issuer.key, { change: (c) => { delete ((c.credentialSubject as Json).achievement as Json)['mc:qualityAssurance']; } }));
      assert.equal(answer.verdict, 'invalid');
      assert.equal(checkOf(answer, 'elements').status, 'failed');
      assert.match(checkOf(answer, 'elements').message.en, /quality assurance/);
      assert.match(checkOf(answer, 'elements').message.pl, /zapewniania jakości/);
      assert.equal(checkOf(answer, 'proof').status, 'passed');
    });

    it('a malformed credential → format; a malformed file → 400 with the reason', async () => {
      const credential = await signed(issuer.key);
      delete credential.proof;
      const answer = await verify(credential);
      assert.equal(answer.verdict, 'invalid');
      assert.equal(checkOf(answer, 'format').status, 'failed');
      assert.match(checkOf(answer, 'format').message.en, /no proof/);
      assert.ok(answer.checks.filter((c) => c.id !== 'format').every((c) => c.status === 'skipped'));

      const text = problemOf(await send({ credential: '{"@context": 1,}' }), 400, 'malformed_json');
      assert.deepEqual((text.errors as Array<{ path: string }>).map((e) => e.path), ['body.credential']);
      assert.match(String((text.messages as Json).en), /Malformed JSON \(1:/);
      problemOf(await upload('application/vc+ld+json', '{"a":'), 400, 'malformed_json');
      problemOf(await upload('application/ld+json', Buffer.from([0x7b, 0x00, 0xff])), 400, 'not_a_credential_binary');
      problemOf(await upload('application/vc+ld+json', '[1, 2]'), 400, 'not_a_credential_not_object');
      problemOf(await upload('application/vc+ld+json', ''), 400);
      problemOf(await send({ credential: '   ' }), 400, 'not_a_credential_empty');
    });
  });

  describe('input that is not a credential: a clear 4xx, never a 5xx', () => {
    it('nothing to verify, both a credential and a URL, a JWT, an enveloped VC-JWT', async () => {
      problemOf(await send({}), 400, 'nothing_to_verify');
      problemOf(await send({ credential: {}, url: 'https://example.test/c.json' }), 400, 'ambiguous_input');
      const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln';
      const body = problemOf(await send({ credential: jwt }), 422, 'vc_jwt_unsupported');
      assert.match(String((body.messages as Json).en), /VC-JWT.*does not support/);
      problemOf(await upload('application/vc+jwt', jwt), 422, 'vc_jwt_unsupported');
      problemOf(await send({ credential: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${jwt}` } }), 422, 'vc_jwt_unsupported');
    });

    it('a PDF without an attachment → 422; not a PDF, a damaged one, one over 20 MB → 4xx', async () => {
      const doc = await PDFDocument.create();
      doc.addPage();
      const body = problemOf(await upload('application/pdf', Buffer.from(await doc.save())), 422, 'no_credential_in_pdf');
      assert.match(String((body.messages as Json).en), /no credential attached/);
      assert.match(String((body.messages as Json).pl), /nie zawiera załączonego poświadczenia/);
      problemOf(await upload('application/pdf', 'just text'), 400, 'pdf_not_pdf');
      problemOf(await upload('application/pdf', '%PDF-1.7\n%garbage'), 422);
      problemOf(await upload('application/pdf', Buffer.alloc(0)), 400, 'empty');
      const res = await upload('application/pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(20 * 1024 * 1024)]));
      const large = problemOf(res, 413, 'too_large');
      assert.match(String((large.messages as Json).en), /PDF certificate may be at most 20 MB/);
      problemOf(await upload('application/vc+ld+json', 'x'.repeat(5 * 1024 * 1024 + 1)), 413, 'too_large');
      problemOf(await send({ credential: 'x'.repeat(1024 * 1024) }), 413, 'too_large');
      // The app's own answers stay for the rest: malformed JSON, an unsupported type.
      problemOf(await upload('application/json', '{"credential":'), 400, 'malformed_json');
      problemOf(await upload('application/xml', '<credential/>'), 415);
    });

    it('URLs: refused addresses, not JSON, our own pages; our own short links are read from the database', async () => {
      const before = connections;
      const refused = problemOf(await send({ url: `http://rebind.test:${port}/credential.json` }), 422, 'url_refused');
      assert.match(String((refused.messages as Json).en), /loopback/);
      assert.equal(connections, before);
      problemOf(await send({ url: 'https://169.254.169.254/latest/meta-data/' }), 422, 'url_refused');
      problemOf(await send({ url: `http://127.0.0.1:${port}/page.html` }), 422, 'url_not_json');
      problemOf(await send({ url: `http://127.0.0.1:${port}/missing.json` }), 422, 'url_not_found');
      problemOf(await send({ url: 'https://unknown-host.invalid/c.json' }), 422, 'url_unavailable');
      problemOf(await send({ url: `${platform.baseUrl}/catalogue/x` }), 422, 'not_a_credential_url');
      problemOf(await send({ url: `${platform.baseUrl}/v/nosuchcode` }), 404, 'not_found');
      const bad = await send({ url: 'ftp://example.test/c.json' });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual((bad.json<Json>().errors as Array<{ path: string }>).map((e) => e.path), ['body.url']);
      // A credential at a URL of another server.
      served.set('/credential.json', { body: await signed(issuer.key), type: 'application/vc+ld+json' });
      const fetched = answerOf(await send({ url: `http://127.0.0.1:${port}/credential.json` }));
      assert.equal(fetched.verdict, 'valid', describeChecks(fetched));
      assert.equal(fetched.source, 'url');
    });
  });

  it(`fetching by URL is limited to ${URL_FETCHES_PER_MINUTE} a minute per client address; other inputs are not`, async () => {
    const ip = '10.250.0.1';
    const statuses: number[] = [];
    for (let i = 0; i <= URL_FETCHES_PER_MINUTE; i++) statuses.push((await send({ url: 'https://127.0.0.1/credential.json' }, ip)).statusCode);
    assert.ok(statuses.slice(0, URL_FETCHES_PER_MINUTE).every((s) => s !== 429), statuses.join(','));
    assert.equal(statuses.at(-1), 429);
    const local = await send({ credential: '{"not": "a credential"}' }, ip);
    assert.notEqual(local.statusCode, 429);
  });

  describe('credentials issued on this platform', () => {
    let code: string;
    let id: string;

    before(async () => {
      const issued = await issueAward(platform, A.institution, {
        specId: String(A.publishedSpecId), award: { learner: { givenName: 'Jan', familyName: 'Kowalski', email: 'jan@example.pl' }, result: { grade: '5' } },
      }, SYSTEM);
      id = issued.credential.id;
      code = String(issued.credential.verifyUrl).split('/v/')[1] ?? '';
      assert.match(code, /^[a-z2-9]{10}$/);
    });

    it('the PDF certificate, uploaded, verifies; the issuer is the registered institution', async () => {
      const { bytes } = await credentialPdf(platform, A.institution, id);
      const answer = answerOf(await upload('application/pdf', Buffer.from(bytes)));
      assert.equal(answer.verdict, 'valid', describeChecks(answer));
      assert.equal(answer.source, 'pdf');
      assert.equal(answer.issuer.id, A.institution.did);
      assert.equal(answer.issuer.platform?.slug, A.institution.slug);
      assert.equal(answer.issuer.platform?.nameEn, A.institution.nameEn);
      assert.deepEqual(answer.issuer.platform?.identifiers, [{ scheme: 'REGON', value: '142036717' }]);
      assert.match(answer.issuer.identity.en, /registered on this platform/);
      assert.match(answer.issuer.identity.pl, /zarejestrowana na tej platformie/);
      assert.equal(answer.credential.learnerName, 'Jan Kowalski');
      assert.match(String(answer.credential.achievementUrl), /^https:\/\/mikrocred\.test\.example\//);
    });

    it('a PDF certificate of another issuer (certificatePdf with its credential) verifies', async () => {
      const credential = await signed(issuer.key, { status: [statusEntry(revocationUrl, 7, 'revocation')] });
      const spec = validateSpecification(specification());
      assert.ok(spec.ok);
      const bytes = await certificatePdf({
        credential, specification: spec.value, learnerName: 'Zofia Wiśniewska-Łęcka', issuedAt: new Date(),
        institution: { namePl: 'Uniwersytet Przykładowy', nameEn: 'Example University' }, verifyUrl: 'https://uni.example.pl/v/abc', language: 'pl',
      });
      const answer = answerOf(await upload('application/pdf', Buffer.from(bytes)));
      assert.equal(answer.verdict, 'valid', describeChecks(answer));
      assert.equal(answer.source, 'pdf');
    });

    it('GET /api/v1/verify/:code answers for the stored credential; the short link as a URL too; 404 for none', async () => {
      const res = await app.inject({ method: 'GET', url: `/api/v1/verify/${code}` });
      const answer = answerOf(res);
      assert.equal(answer.verdict, 'valid', describeChecks(answer));
      assert.equal(answer.source, 'short-code');
      assert.equal(answer.shortCode, code);
      assert.equal(res.headers['cache-control'], 'no-store');
      const byUrl = answerOf(await send({ url: `${platform.baseUrl}/v/${code}` }));
      assert.equal(byUrl.verdict, 'valid');
      assert.equal(byUrl.source, 'short-code');
      problemOf(await app.inject({ method: 'GET', url: '/api/v1/verify/abcdefghjk' }), 404, 'not_found');
      assert.equal((await app.inject({ method: 'GET', url: '/api/v1/verify/not-a-code!' })).statusCode, 400);
    });

    it('revoked on the platform: the stored credential is invalid, revoked', async () => {
      await changeStatus(platform, A.institution, id, 'revoke', 'Błąd', SYSTEM);
      const answer = answerOf(await app.inject({ method: 'GET', url: `/api/v1/verify/${code}` }));
      assert.equal(answer.verdict, 'invalid');
      assert.match(checkOf(answer, 'status').message.en, /REVOKED/);
    });
  });

  describe('credentials of other issuers and libraries', () => {
    it('signed by the plain reference library (@digitalbazaar/vc, eddsa-rdfc-2022, did:key): valid', async () => {
      const { file, key } = await newKey();
      const spec = validateSpecification(specification());
      const a = spec.ok ? validateAward(spec.value, award()) : undefined;
      assert.ok(spec.ok && a?.ok);
      const pair = await Ed25519Multikey.from(file);
      const credential = await vc.issue({
        credential: buildCredential(spec.value, a.value, { issuerId: key.controller }),
        suite: new DataIntegrityProof({ signer: pair.signer(), cryptosuite: plainCryptosuite }),
        documentLoader: referenceLoader(),
      });
      const answer = await verify(credential);
      assert.equal(answer.verdict, 'valid', describeChecks(answer));
      assert.equal(checkOf(answer, 'proof').status, 'passed');
      assert.equal(answer.issuer.didMethod, 'did:key');
      assert.match(answer.issuer.identity.en, /not tied to any domain/);
    });

    describe('the DCC test corpus (test/fixtures/ob3-dcc), offline: remote status lists "could not be checked"', () => {
      for (const [file, verdict, checks] of DCC_EXPECTATIONS) {
        it(`${file}: ${verdict}`, async () => {
          const credential = JSON.parse(readFileSync(new URL(`./fixtures/ob3-dcc/${file}`, import.meta.url), 'utf8')) as Json;
          const answer = await verify(credential);
          assert.equal(answer.verdict, verdict, describeChecks(answer));
          for (const [id, status] of Object.entries(checks)) assert.equal(checkOf(answer, id).status, status, id);
          if (checks.status === 'warning') {
            assert.match(checkOf(answer, 'status').message.en, /could not be checked.*raw\.githubusercontent\.com.*no such host name/);
          }
        });
      }
    });

    it('verifyOnPlatform takes a fetcher of its own', async () => {
      const report = await verifyOnPlatform(platform, await signed(issuer.key), { fetcher: new RemoteFetcher({ lookup: testLookup }) });
      assert.equal(report.verdict, 'indeterminate');
    });
  });
});
