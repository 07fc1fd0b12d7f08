/**
 * The HTTP API: system routes and the OpenAPI document, sessions with CSRF and rate limits, institution profile, API
 * keys, staff and audit, the W3C VC-API (issue, verify, status lists), reference verification of an issued credential
 * with its did:web resolved over real HTTP, tenant isolation on every tenant route, and bad input on every route.
 * Runs on PGlite, or on a fresh PostgreSQL database when MIKROCRED_TEST_DATABASE_URL is set (see platform-fixture.ts).
 * Most requests go through `app.inject()`; the app also listens on a real port, which is its public base URL.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as plainCryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { readFileSync } from 'node:fs';
import { buildApp, type RouteEntry } from '../src/http/app.ts';
import { SHARED_DOCUMENT_ROUTES } from '../src/http/shared-documents.ts';
import { didWebDocumentUrl } from '../src/credentials/index.ts';
import { createUser, type User } from '../src/services/access.ts';
import { SYSTEM } from '../src/services/audit.ts';
import type { Platform } from '../src/services/platform.ts';
import { ROLES, type Database, type Role } from '../src/store/schema.ts';
import { referenceLoader } from './fixtures.ts';
import {
  badgeToIssue, databaseKind, elmSpecification, exampleSpecification, freePort, openTestPlatform, PASSWORD, seedTenant, storeKind, type Tenant, type TestPlatform,
} from './platform-fixture.ts';

type Json = Record<string, unknown>;
type Response = LightMyRequestResponse;

interface Session {
  readonly token: string;
  readonly csrfToken: string;
}

/** Who calls: a browser session (with its CSRF token unless `csrf` says otherwise), an API key, or nobody. */
type Caller = { readonly session: Session; readonly csrf?: boolean | string } | { readonly learner: Session; readonly csrf?: boolean | string } | { readonly apiKey: string } | null;

interface Request {
  readonly method: string;
  readonly url: string;
  readonly caller?: Caller;
  /** A JSON body (sent as application/json). */
  readonly body?: unknown;
  /** A body sent as it is, with its content type. */
  readonly raw?: { readonly contentType: string; readonly payload: string | Buffer };
  readonly headers?: Record<string, string>;
  /** The client address (the sign-in rate limit counts per address); a new one for every request by default. */
  readonly ip?: string;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

let ipCounter = 0;
function nextIp(): string {
  ipCounter += 1;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** Fills `:name` parameters; a parameter without a value fails the test, so new routes get noticed. */
function fillUrl(url: string, params: Readonly<Record<string, string>>): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no test value for the parameter :${name} of ${url}: add one to the suite`);
    return encodeURIComponent(value);
  });
}

function paramsOf(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? '');
}

function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/**
 * Routes that are not part of the documented API: the documentation itself and the staff web app's pages (served
 * for any other path). Anything else missing from the OpenAPI document fails the test.
 */
function isDocs(route: RouteEntry): boolean {
  return route.url.startsWith('/api/docs') || route.url === '/api/openapi.json' || (route.method === 'GET' && (route.url === '/' || route.url === '/*'));
}

function tenantRole(route: RouteEntry): Role | undefined {
  return typeof route.access === 'object' && 'tenant' in route.access ? route.access.tenant : undefined;
}

function apiKeyRole(route: RouteEntry): Role | undefined {
  return typeof route.access === 'object' && 'apiKey' in route.access ? route.access.apiKey : undefined;
}

function label(route: RouteEntry): string {
  return `${route.method} ${route.url}`;
}

/** Checks an RFC 9457 problem response and returns its body. */
function problemOf(res: Response, context: string): Json {
  assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${context}: expected a 4xx, got ${res.statusCode} ${res.body.slice(0, 300)}`);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/, `${context}: content type ${String(res.headers['content-type'])}, body ${res.body.slice(0, 300)}`);
  const body = res.json<Json>();
  for (const field of ['type', 'title', 'detail'] as const) {
    assert.equal(typeof body[field], 'string', `${context}: problem without ${field}: ${res.body}`);
    assert.ok(String(body[field]).length > 0, `${context}: empty ${field}`);
  }
  assert.match(String(body.type), /^https?:\/\//, `${context}: type is not a URI`);
  assert.equal(body.status, res.statusCode, `${context}: status in the body differs`);
  return body;
}

function assertProblem(res: Response, status: number | readonly number[], context: string, code?: string): Json {
  const statuses = typeof status === 'number' ? [status] : status;
  assert.ok(statuses.includes(res.statusCode), `${context}: expected ${statuses.join(' or ')}, got ${res.statusCode} ${res.body.slice(0, 400)}`);
  const body = problemOf(res, context);
  if (code !== undefined) assert.equal(body.code, code, `${context}: problem code`);
  return body;
}

/** The message of what is wrong with a problem response (undefined when it is a right one), for loops that report every failure. */
function problemFailure(res: Response, statuses: readonly number[], context: string): string | undefined {
  try {
    assertProblem(res, statuses, context);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Endpoints whose standard fixes their error shape and input handling: OAuth 2.0 (`{ error, error_description }`,
 * form bodies, unknown parameters ignored), OpenID4VCI, the 1EdTech OB 3.0 API (`Imsx_StatusInfo`, the bearer token
 * checked before the body). The generic bad-input tests skip them; test/ob3-api.test.ts and test/openid4vci.test.ts
 * test their errors in those shapes.
 */
function isSpecShaped(route: RouteEntry): boolean {
  return ['/oauth/', '/openid4vci/', '/ims/ob/v3p0/', '/.well-known/'].some((prefix) => route.url.startsWith(prefix));
}

function errorPaths(res: Response): string[] {
  const body = res.json<Json>();
  return Array.isArray(body.errors) ? (body.errors as Array<{ path?: unknown }>).map((e) => String(e.path)) : [];
}

/** A 1×1 PNG image. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** Whether a JSON schema (as the OpenAPI document gives it) accepts null. */
function allowsNull(schema: Json | undefined): boolean {
  if (!schema) return true;
  if (schema.type === 'null' || (Array.isArray(schema.type) && schema.type.includes('null'))) return true;
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key]) && (schema[key] as Json[]).some((s) => allowsNull(s))) return true;
  }
  return false;
}

function wrongTypeFor(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'not a number';
  if (typeof value === 'boolean') return 'not a boolean';
  return 'not an object';
}

describe(`API on ${databaseKind}`, () => {
  let tp: TestPlatform;
  let platform: Platform;
  let app: FastifyInstance;
  let routeTable: readonly RouteEntry[];
  let baseUrl: string;
  let openapi: { openapi: string; paths: Record<string, Record<string, Json>> };
  let A: Tenant;
  let B: Tenant;
  let newcomer: User;
  /** Sessions signed in in `before`. */
  let aOwner: Session;
  let aViewer: Session;
  let bOwner: Session;
  /** A learner of A, signed in through the claim link of a credential issued to them. */
  let aLearner: Session;

  async function send(req: Request): Promise<Response> {
    const headers: Record<string, string> = { ...req.headers };
    const caller = req.caller ?? null;
    if (caller && 'session' in caller) {
      headers.cookie = `mikrocred_session=${caller.session.token}`;
      if (caller.csrf !== false && UNSAFE.has(req.method)) headers['x-csrf-token'] = typeof caller.csrf === 'string' ? caller.csrf : caller.session.csrfToken;
    } else if (caller && 'learner' in caller) {
      headers.cookie = `mikrocred_learner=${caller.learner.token}`;
      if (caller.csrf !== false && UNSAFE.has(req.method)) headers['x-csrf-token'] = typeof caller.csrf === 'string' ? caller.csrf : caller.learner.csrfToken;
    } else if (caller) {
      headers.authorization = `Bearer ${caller.apiKey}`;
    }
    let payload: string | Buffer | undefined;
    if (req.raw) {
      headers['content-type'] = req.raw.contentType;
      payload = req.raw.payload;
    } else if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(req.body);
    }
    return app.inject({
      method: req.method as InjectOptions['method'], url: req.url, headers, remoteAddress: req.ip ?? nextIp(),
      ...(payload !== undefined ? { payload } : {}),
    });
  }

  async function signIn(email: string, password: string, ip?: string): Promise<Response> {
    return send({ method: 'POST', url: '/api/v1/session', body: { email, password }, ...(ip ? { ip } : {}) });
  }

  async function sessionOf(email: string): Promise<Session> {
    const res = await signIn(email, PASSWORD);
    assert.equal(res.statusCode, 200, res.body);
    const cookie = res.cookies.find((c) => c.name === 'mikrocred_session');
    assert.ok(cookie, 'no session cookie');
    return { token: cookie.value, csrfToken: String(res.json<Json>().csrfToken) };
  }

  /** A learner session: a credential issued to `email` by `t`, and its claim link from the outbox opened. */
  async function learnerSessionOf(t: Tenant, email: string): Promise<Session> {
    const issued = await send({
      method: 'POST', url: `/api/v1/institutions/${t.institution.slug}/credentials`, caller: { apiKey: t.keys.issuer.key },
      body: { specId: t.publishedSpecId, learner: { givenName: 'Ucząca', familyName: 'Się', email } },
    });
    assert.equal(issued.statusCode, 201, issued.body);
    const mail = await platform.store.db.selectFrom('outbox').select('text_body').where('to_address', '=', email).executeTakeFirstOrThrow();
    const path = /\/claim\/[A-Za-z0-9_-]+/.exec(mail.text_body)?.[0];
    assert.ok(path, 'no claim link in the e-mail');
    const claimed = await send({ method: 'GET', url: path });
    const cookie = claimed.cookies.find((c) => c.name === 'mikrocred_learner');
    assert.ok(cookie, `no learner cookie: ${claimed.statusCode} ${claimed.body.slice(0, 200)}`);
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `mikrocred_learner=${cookie.value}` } });
    assert.equal(me.statusCode, 200, me.body);
    return { token: cookie.value, csrfToken: String(me.json<Json>().csrfToken) };
  }

  /** An authorised caller of `route` in institution A (the owner may do everything a tenant route allows). */
  function authorisedCaller(route: RouteEntry): Caller {
    if (route.access === 'public') return null;
    if (route.access === 'learner') return { learner: aLearner };
    if (route.access === 'signed-in' || tenantRole(route)) return { session: aOwner };
    const role = apiKeyRole(route);
    assert.ok(role, `unknown access of ${label(route)}: ${JSON.stringify(route.access)}`);
    return { apiKey: A.keys[role].key };
  }

  /**
   * A valid body for each route that takes one, aimed at institution `target` (so that a 403 in the isolation test
   * comes from the access check, not from validation, which runs first). A new route with a body needs one here.
   */
  function sampleBody(route: RouteEntry, target: Tenant): unknown {
    switch (label(route)) {
      case 'POST /api/v1/session': return { email: A.staff.owner.email, password: 'not the password' };
      case 'PATCH /api/v1/institutions/:slug': return { nameEn: `Renamed ${target.institution.slug}`, website: 'https://changed.example.pl' };
      case 'POST /api/v1/institutions/:slug/api-keys': return { name: 'intruder', role: 'owner' };
      case 'PUT /api/v1/institutions/:slug/members': return { email: A.staff.owner.email, role: 'owner' };
      case 'POST /credentials/issue': return { credential: badgeToIssue() };
      case 'POST /credentials/verify': return { verifiableCredential: badgeToIssue() };
      case 'POST /api/v1/verify': return { credential: badgeToIssue() };
      case 'POST /api/v1/learner/sign-in': return { email: 'nobody@example.pl' };
      case 'POST /api/v1/me/presentations': return { credentialIds: ['00000000-0000-4000-8000-000000000000'] };
      case 'POST /api/v1/me/credentials/:id/shares': return {};
      case 'POST /api/v1/me/imports': return { credential: badgeToIssue() };
      // A valid body with the wrong confirmation: it never erases anything.
      case 'POST /api/v1/me/erase': return { confirm: 'nie' };
      case 'PUT /api/v1/institutions/:slug/erasure-policy': return { policy: 'revoke' };
      case 'POST /api/v1/me/credentials/:id/offer': return { txCode: false };
      case 'POST /api/v1/institutions/:slug/specifications': return { document: exampleSpecification() };
      case 'PUT /api/v1/institutions/:slug/specifications/:specId/draft': return { document: { ...exampleSpecification(), title: { pl: 'Zmieniony', en: 'Changed' } } };
      case 'POST /api/v1/institutions/:slug/specifications/import/elm': return { document: elmSpecification(), dryRun: true };
      case 'POST /api/v1/institutions/:slug/specifications/:specId/publish': return {};
      case 'POST /api/v1/institutions/:slug/specifications/:specId/archive': return {};
      case 'POST /api/v1/institutions/:slug/pathways':
      case 'PUT /api/v1/institutions/:slug/pathways/:id':
        return { title: { pl: 'Ścieżka', en: 'Pathway' }, rule: { type: 'all' }, specIds: [target.publishedSpecId ?? '00000000-0000-4000-8000-000000000000'] };
      case 'POST /api/v1/institutions/:slug/credentials':
        return { specId: target.publishedSpecId ?? '00000000-0000-4000-8000-000000000000', learner: { givenName: 'Jan', familyName: 'Kowalski', email: 'jan.kowalski@example.pl' }, result: { grade: '5' } };
      case 'POST /api/v1/institutions/:slug/credentials/:id/revoke':
      case 'POST /api/v1/institutions/:slug/credentials/:id/suspend':
      case 'POST /api/v1/institutions/:slug/credentials/:id/reinstate':
        return { reason: 'Błąd w protokole' };
      case 'POST /api/v1/institutions/:slug/batches':
        return { specId: target.publishedSpecId ?? '00000000-0000-4000-8000-000000000000', fileName: 'kohorta.csv', content: Buffer.from('Imię;Nazwisko;E-mail\nJan;Kowalski;jan@example.pl\n').toString('base64') };
      case 'PUT /api/v1/institutions/:slug/batches/:id/mapping': return { mapping: { 'learner.givenName': 0, 'learner.familyName': 1 } };
      case 'POST /api/v1/institutions/:slug/batches/:id/start': return { language: 'pl', notify: false };
      case 'POST /api/v1/institutions/:slug/batches/:id/cancel': return {};
      case 'POST /api/v1/institutions/:slug/outbox/:id/retry': return {};
      case 'POST /api/v1/institutions/:slug/catalogue/import':
        return { format: 'mikrocred-catalogue/1', institution: target.institution.slug, exportedAt: '2026-11-29T10:00:00Z', specifications: [], pathways: [] };
      default: return undefined;
    }
  }

  /** A valid request body of `route` for institution `target`: JSON from sampleBody(), or raw bytes (the logo). */
  function sampleRequest(route: RouteEntry, target: Tenant): Pick<Request, 'body' | 'raw'> {
    if (label(route) === 'PUT /api/v1/institutions/:slug/logo') return { raw: { contentType: 'image/png', payload: PNG } };
    const body = sampleBody(route, target);
    return body === undefined ? {} : { body };
  }

  /** The JSON schema of a route's body in the OpenAPI document (undefined when it takes none). */
  function bodySchemaOf(route: RouteEntry): Json | undefined {
    const operation = openapi.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
    const content = (operation?.requestBody as { content?: Record<string, { schema?: Json }> } | undefined)?.content;
    return content?.['application/json']?.schema;
  }

  function queryParamsOf(route: RouteEntry): Array<{ name: string; schema: Json }> {
    const operation = openapi.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
    const parameters = (operation?.parameters ?? []) as Array<{ in: string; name: string; schema: Json }>;
    return parameters.filter((p) => p.in === 'query');
  }

  /** Every row of institution `t` in every table, and its institution row: what no other tenant may change. */
  async function dbSnapshot(t: Tenant): Promise<Record<string, unknown>> {
    const { db } = platform.store;
    const out: Record<string, unknown> = {};
    out.institution = await db.selectFrom('institutions').selectAll().where('id', '=', t.institution.id).execute();
    const tables: ReadonlyArray<keyof Database> = [
      'issuer_keys', 'memberships', 'api_keys', 'learners', 'specifications', 'specification_owners', 'pathways', 'status_lists', 'credentials', 'audit_log',
    ];
    for (const table of tables) {
      out[table] = (await sql<Json>`SELECT * FROM ${sql.table(table)} WHERE institution_id = ${t.institution.id} ORDER BY 1`.execute(db)).rows;
    }
    return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
  }

  /** What B's owner sees of B through the API. */
  async function apiSnapshotB(): Promise<Record<string, unknown>> {
    const slug = B.institution.slug;
    const get = async (url: string): Promise<unknown> => {
      const res = await send({ method: 'GET', url, caller: { session: bOwner } });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      return res.json();
    };
    return {
      profile: await get(`/api/v1/institutions/${slug}`),
      apiKeys: await get(`/api/v1/institutions/${slug}/api-keys`),
      members: await get(`/api/v1/institutions/${slug}/members`),
      auditCount: ((await get(`/api/v1/institutions/${slug}/audit?limit=500`)) as unknown[]).length,
      didDocument: await get(`/i/${slug}/did.json`),
    };
  }

  before(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    tp = await openTestPlatform({ baseUrl });
    platform = tp.platform;
    ({ app, routeTable } = await buildApp({ platform }));
    await app.listen({ port, host: '127.0.0.1' });
    [A, B, newcomer] = await Promise.all([
      seedTenant(platform, 'uczelnia-a', ROLES, { publish: true }),
      seedTenant(platform, 'uczelnia-b', ['owner', 'viewer'], { publish: true }),
      createUser(platform, { email: 'newcomer@example.pl', name: 'Newcomer', password: PASSWORD }, SYSTEM),
    ]);
    [aOwner, aViewer, bOwner] = await Promise.all([sessionOf(A.staff.owner.email), sessionOf(A.staff.viewer.email), sessionOf(B.staff.owner.email)]);
    aLearner = await learnerSessionOf(A, 'learner@uczelnia-a.example.pl');
    const res = await send({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    openapi = res.json();
  });

  after(async () => {
    await app?.close();
    await tp?.close();
  });

  describe('system', () => {
    it('/health and /ready (with the database kind)', async () => {
      const health = await send({ method: 'GET', url: '/health' });
      assert.equal(health.statusCode, 200);
      assert.deepEqual(health.json(), { status: 'ok' });
      const ready = await send({ method: 'GET', url: '/ready' });
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(ready.json(), { status: 'ready', database: storeKind });
    });

    it('/ready is 503 when the database does not answer', async () => {
      const down = await buildApp({ platform: { ...platform, store: { ...platform.store, ping: async () => false } } });
      try {
        const res = await down.app.inject({ method: 'GET', url: '/ready' });
        assert.equal(res.statusCode, 503);
        assert.deepEqual(res.json(), { status: 'unavailable', database: storeKind });
      } finally {
        await down.app.close();
      }
    });

    it('/api/openapi.json is OpenAPI 3.1 and documents every route of the route table', () => {
      assert.match(openapi.openapi, /^3\.1\./);
      const missing = routeTable.filter((r) => !isDocs(r)).filter((r) => !openapi.paths[openApiPath(r.url)]?.[r.method.toLowerCase()]);
      assert.deepEqual(missing.map(label), [], 'routes missing from the OpenAPI document');
      assert.ok(routeTable.filter((r) => !isDocs(r)).length >= 16, 'the route table looks too short');
    });

    it('/api/docs answers 200 with the interactive documentation', async () => {
      const res = await send({ method: 'GET', url: '/api/docs' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
    });

    it('/ns/mikrocred/v1 serves the JSON-LD context', async () => {
      const res = await send({ method: 'GET', url: '/ns/mikrocred/v1' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^application\/ld\+json/);
      assert.ok(res.json<Json>()['@context']);
    });

    it('/ns/mikrocred/v1/schema.json serves the extension schema a credential names in credentialSchema', async () => {
      const res = await send({ method: 'GET', url: '/ns/mikrocred/v1/schema.json' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^application\/schema\+json/);
      assert.deepEqual(res.json(), JSON.parse(readFileSync(new URL('../schemas/mikrocred-v1.schema.json', import.meta.url), 'utf8')));
    });

    it('documents every verifier reads (DID, status lists, context, metadata, catalogue) may be read from any origin; nothing else may', async () => {
      const table = new Set(routeTable.filter((r) => r.method === 'GET').map((r) => r.url));
      for (const url of SHARED_DOCUMENT_ROUTES) assert.ok(table.has(url), `${url} is a GET route`);
      const ids: Record<string, string> = { slug: A.institution.slug, seq: '1', specId: String(A.publishedSpecId), version: '1' };
      for (const url of SHARED_DOCUMENT_ROUTES) {
        // As a verifier asks (JSON): the catalogue's HTML needs the built web app, which unit tests do not have.
        const res = await send({ method: 'GET', url: fillUrl(url, ids), headers: { accept: 'application/json' } });
        assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
        assert.equal(res.headers['access-control-allow-origin'], '*', url);
        assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin', url);
      }
      const unknownList = await send({ method: 'GET', url: `/i/${A.institution.slug}/status/999` });
      assert.equal(unknownList.statusCode, 404);
      assert.equal(unknownList.headers['access-control-allow-origin'], '*', 'an error of a shared document is readable too');
      for (const url of ['/health', `/api/v1/institutions/${A.institution.slug}`, '/api/v1/session', '/api/v1/me/credentials']) {
        const res = await send({ method: 'GET', url, ...(url.includes('institutions') ? { caller: { session: aOwner } } : {}) });
        assert.equal(res.headers['access-control-allow-origin'], undefined, url);
        assert.equal(res.headers['cross-origin-resource-policy'], 'same-origin', url);
      }
    });

    it('an unknown route is a 404 problem; security headers are on every response', async () => {
      const unknown = await send({ method: 'GET', url: '/no/such/route' });
      assertProblem(unknown, 404, 'GET /no/such/route', 'not_found');
      const wrongMethod = await send({ method: 'PUT', url: '/health', body: {} });
      assertProblem(wrongMethod, [404, 405], 'PUT /health');
      const unauthenticated = await send({ method: 'GET', url: `/api/v1/institutions/${A.institution.slug}` });
      assertProblem(unauthenticated, 401, 'no credentials', 'unauthenticated');
      for (const res of [unknown, wrongMethod, unauthenticated, await send({ method: 'GET', url: '/health' })]) {
        assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
      }
    });
  });

  describe('session', () => {
    it('a wrong password or an unknown e-mail is a 401 problem, with the same answer', async () => {
      const wrong = await signIn(A.staff.owner.email, 'not the password at all');
      const body = assertProblem(wrong, 401, 'wrong password', 'invalid_credentials');
      assert.equal(wrong.cookies.length, 0, 'no cookie on a failed sign-in');
      const unknown = await signIn('nobody@example.pl', 'not the password at all');
      const other = assertProblem(unknown, 401, 'unknown e-mail', 'invalid_credentials');
      assert.equal(other.detail, body.detail);
      const polish = await send({ method: 'POST', url: '/api/v1/session', body: { email: 'nobody@example.pl', password: 'x' }, headers: { 'accept-language': 'pl-PL,pl;q=0.9' } });
      assert.equal(assertProblem(polish, 401, 'Polish').detail, 'Nieprawidłowy e-mail lub hasło');
    });

    it('the right password sets an HTTP-only SameSite=Lax cookie and returns the CSRF token and memberships', async () => {
      const res = await signIn(A.staff.owner.email, PASSWORD);
      assert.equal(res.statusCode, 200, res.body);
      const cookie = res.cookies.find((c) => c.name === 'mikrocred_session');
      assert.ok(cookie);
      assert.equal(cookie.httpOnly, true);
      assert.equal(String(cookie.sameSite).toLowerCase(), 'lax');
      assert.equal(cookie.path, '/');
      assert.match(String(res.headers['set-cookie']), /HttpOnly/);
      assert.match(String(res.headers['set-cookie']), /SameSite=Lax/);
      const body = res.json<{ user: Json; csrfToken: string; memberships: Json[] }>();
      assert.equal(body.user.email, A.staff.owner.email);
      assert.ok(body.csrfToken.length >= 16);
      assert.deepEqual(body.memberships.map((m) => [m.slug, m.role]), [[A.institution.slug, 'owner']]);
      assert.ok(!JSON.stringify(body).includes(cookie.value), 'the session token is only in the cookie');
      // The database keeps only the token's hash.
      const stored = await platform.store.db.selectFrom('sessions').select('id').where('id', '=', cookie.value).executeTakeFirst();
      assert.equal(stored, undefined);
      assert.ok(await platform.store.db.selectFrom('sessions').select('id').where('id', '=', sha256(cookie.value)).executeTakeFirst());
    });

    it('GET /api/v1/session with the cookie; without it 401', async () => {
      const res = await send({ method: 'GET', url: '/api/v1/session', caller: { session: aOwner } });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<{ user: Json; csrfToken: string }>();
      assert.equal(body.user.email, A.staff.owner.email);
      assert.equal(body.csrfToken, aOwner.csrfToken);
      assertProblem(await send({ method: 'GET', url: '/api/v1/session' }), 401, 'no cookie', 'unauthenticated');
      assertProblem(await send({ method: 'GET', url: '/api/v1/session', headers: { cookie: 'mikrocred_session=forged' } }), 401, 'forged cookie');
      // An API key is not a session.
      assertProblem(await send({ method: 'GET', url: '/api/v1/session', caller: { apiKey: A.keys.owner.key } }), 403, 'API key', 'session_required');
    });

    it('an unsafe request with the cookie needs the x-csrf-token header; sign-out ends the session', async () => {
      const session = await sessionOf(A.staff.owner.email);
      const url = `/api/v1/institutions/${A.institution.slug}`;
      const change = { email: 'csrf@uczelnia-a.example.pl' };
      const before = await send({ method: 'GET', url, caller: { session } });
      assertProblem(await send({ method: 'PATCH', url, caller: { session, csrf: false }, body: change }), 403, 'no CSRF token', 'csrf');
      assertProblem(await send({ method: 'PATCH', url, caller: { session, csrf: 'wrong-token' }, body: change }), 403, 'wrong CSRF token', 'csrf');
      assertProblem(await send({ method: 'PATCH', url, caller: { session, csrf: aOwner.csrfToken }, body: change }), 403, 'another session\'s CSRF token', 'csrf');
      assert.deepEqual((await send({ method: 'GET', url, caller: { session } })).json(), before.json(), 'refused requests changed nothing');
      const ok = await send({ method: 'PATCH', url, caller: { session }, body: change });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json<Json>().email, change.email);
      // Safe methods need no token.
      assert.equal((await send({ method: 'GET', url, caller: { session, csrf: false } })).statusCode, 200);

      assertProblem(await send({ method: 'DELETE', url: '/api/v1/session', caller: { session, csrf: false } }), 403, 'sign-out without CSRF', 'csrf');
      const out = await send({ method: 'DELETE', url: '/api/v1/session', caller: { session } });
      assert.equal(out.statusCode, 204, out.body);
      const cleared = out.cookies.find((c) => c.name === 'mikrocred_session');
      assert.ok(cleared && cleared.value === '' && (cleared.maxAge === 0 || (cleared.expires !== undefined && cleared.expires.getTime() <= Date.now())), 'the cookie is cleared');
      assertProblem(await send({ method: 'GET', url: '/api/v1/session', caller: { session } }), 401, 'after sign-out', 'unauthenticated');
      assert.equal(await platform.store.db.selectFrom('sessions').select('id').where('id', '=', sha256(session.token)).executeTakeFirst(), undefined);
      // Other sessions of the same user live on.
      assert.equal((await send({ method: 'GET', url: '/api/v1/session', caller: { session: aOwner } })).statusCode, 200);
    });

    it('the 11th sign-in attempt from one address within a minute is a 429 problem', async () => {
      const ip = '192.0.2.11';
      for (let i = 1; i <= 10; i++) assertProblem(await signIn(A.staff.owner.email, `wrong password ${i}`, ip), 401, `attempt ${i}`);
      const limited = await signIn(A.staff.owner.email, PASSWORD, ip);
      assertProblem(limited, 429, 'attempt 11 (right password)', 'rate_limited');
      assert.ok(limited.headers['retry-after'], 'retry-after header');
      assert.equal(limited.cookies.length, 0);
      // Another address is not limited.
      assert.equal((await signIn(A.staff.owner.email, PASSWORD, '192.0.2.12')).statusCode, 200);
    });

    it('the limit holds across app instances: attempts on two instances of one database add up', async () => {
      const { app: second } = await buildApp({ platform });
      try {
        const ip = '192.0.2.21';
        const attempt = (on: FastifyInstance, n: number): Promise<Response> => on.inject({
          method: 'POST', url: '/api/v1/session', remoteAddress: ip, headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ email: A.staff.owner.email, password: `wrong ${n}` }),
        });
        for (let i = 1; i <= 10; i++) assertProblem(await attempt(i % 2 === 0 ? app : second, i), 401, `attempt ${i}`);
        assertProblem(await attempt(second, 11), 429, 'attempt 11 on the second instance', 'rate_limited');
        assertProblem(await attempt(app, 12), 429, 'attempt 12 on the first instance', 'rate_limited');
        // Only hashes are stored, never the address.
        const keys = await platform.store.db.selectFrom('rate_limits').select('key').execute();
        assert.ok(keys.length > 0 && keys.every((k) => !k.key.includes('192.0.2')));
      } finally {
        await second.close();
      }
    });
  });

  describe('institution', () => {
    it('the profile: GET by every member and key role; PATCH by the owner', async () => {
      const url = `/api/v1/institutions/${A.institution.slug}`;
      for (const caller of [{ session: aOwner }, { session: aViewer }, ...ROLES.map((r) => ({ apiKey: A.keys[r].key }))]) {
        const res = await send({ method: 'GET', url, caller });
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json<Json>();
        assert.equal(body.slug, A.institution.slug);
        assert.equal(body.did, A.institution.did);
      }
      const changes = {
        namePl: 'Uniwersytet A', nameEn: 'University A', website: 'https://a.example.pl',
        identifiers: [{ scheme: 'REGON', value: '142036717' }], address: { locality: 'Kraków', country: 'PL', postalCode: '30-001' },
      };
      const res = await send({ method: 'PATCH', url, caller: { session: aOwner }, body: changes });
      assert.equal(res.statusCode, 200, res.body);
      const after = (await send({ method: 'GET', url, caller: { session: aViewer } })).json<Json>();
      assert.deepEqual(after, res.json());
      assert.equal(after.namePl, 'Uniwersytet A');
      assert.deepEqual(after.address, { locality: 'Kraków', country: 'PL', postalCode: '30-001' });
      assert.equal(after.did, A.institution.did, 'the DID does not change');
    });

    it('PATCH by a viewer (session or key), a designer or an issuer key is 403; nothing changes', async () => {
      const url = `/api/v1/institutions/${A.institution.slug}`;
      const before = (await send({ method: 'GET', url, caller: { session: aOwner } })).json();
      assertProblem(await send({ method: 'PATCH', url, caller: { session: aViewer }, body: { namePl: 'Przejęta' } }), 403, 'viewer session', 'forbidden_role');
      for (const role of ['viewer', 'designer', 'issuer'] as const) {
        assertProblem(await send({ method: 'PATCH', url, caller: { apiKey: A.keys[role].key }, body: { namePl: 'Przejęta' } }), 403, `${role} key`, 'forbidden_role');
      }
      assert.deepEqual((await send({ method: 'GET', url, caller: { session: aOwner } })).json(), before);
    });

    it('API keys: created (the key shown once, mkc_…), listed without the secret, revoked; a revoked key is 401', async () => {
      const url = `/api/v1/institutions/${A.institution.slug}/api-keys`;
      const created = await send({ method: 'POST', url, caller: { session: aOwner }, body: { name: 'Moodle', role: 'viewer' } });
      assert.equal(created.statusCode, 201, created.body);
      const { key, info } = created.json<{ key: string; info: Json }>();
      assert.match(key, /^mkc_[A-Za-z0-9_-]{20,}$/);
      assert.equal(info.name, 'Moodle');
      assert.equal(info.role, 'viewer');
      assert.ok(key.startsWith(String(info.prefix)), 'the prefix is the start of the key');
      const stored = await platform.store.db.selectFrom('api_keys').selectAll().where('id', '=', String(info.id)).executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(stored).includes(key), 'the key is stored in clear');

      const list = await send({ method: 'GET', url, caller: { session: aOwner } });
      assert.equal(list.statusCode, 200);
      assert.ok(!list.body.includes(key), 'the list shows the secret');
      const listed = list.json<Json[]>();
      assert.ok(listed.some((k) => k.id === info.id && k.name === 'Moodle' && k.role === 'viewer'));
      for (const k of listed) assert.equal(k.key, undefined);

      const withKey = await send({ method: 'GET', url: `/api/v1/institutions/${A.institution.slug}`, caller: { apiKey: key } });
      assert.equal(withKey.statusCode, 200, 'the new key works');
      const used = (await send({ method: 'GET', url, caller: { session: aOwner } })).json<Json[]>().find((k) => k.id === info.id);
      assert.ok(used?.lastUsedAt, 'lastUsedAt is set after use');

      assertProblem(await send({ method: 'DELETE', url: `${url}/${String(info.id)}`, caller: { apiKey: key } }), 403, 'a viewer key revoking');
      const revoked = await send({ method: 'DELETE', url: `${url}/${String(info.id)}`, caller: { session: aOwner } });
      assert.equal(revoked.statusCode, 204, revoked.body);
      assert.equal(revoked.body, '');
      assertProblem(await send({ method: 'GET', url: `/api/v1/institutions/${A.institution.slug}`, caller: { apiKey: key } }), 401, 'revoked key', 'unauthenticated');
      assert.ok(!(await send({ method: 'GET', url, caller: { session: aOwner } })).json<Json[]>().some((k) => k.id === info.id), 'a revoked key is not listed');
      assertProblem(await send({ method: 'DELETE', url: `${url}/${String(info.id)}`, caller: { session: aOwner } }), 404, 'revoking twice', 'not_found');
      assertProblem(await send({ method: 'GET', url, caller: { session: aViewer } }), 403, 'viewer listing keys', 'forbidden_role');
    });

    it('members: PUT gives an existing account a role, GET lists staff; an unknown e-mail is 404 with its path', async () => {
      const url = `/api/v1/institutions/${A.institution.slug}/members`;
      const put = await send({ method: 'PUT', url, caller: { session: aOwner }, body: { email: 'Newcomer@Example.pl', role: 'designer' } });
      assert.equal(put.statusCode, 204, put.body);
      let members = (await send({ method: 'GET', url, caller: { session: aOwner } })).json<Json[]>();
      assert.deepEqual(members.find((m) => m.userId === newcomer.id), { userId: newcomer.id, email: 'newcomer@example.pl', name: 'Newcomer', role: 'designer' });
      assert.equal(members.length, ROLES.length + 1);
      assert.equal((await send({ method: 'PUT', url, caller: { session: aOwner }, body: { email: 'newcomer@example.pl', role: 'issuer' } })).statusCode, 204);
      members = (await send({ method: 'GET', url, caller: { session: aOwner } })).json<Json[]>();
      assert.equal(members.find((m) => m.userId === newcomer.id)?.role, 'issuer');
      const unknown = await send({ method: 'PUT', url, caller: { session: aOwner }, body: { email: 'ghost@example.pl', role: 'viewer' } });
      assertProblem(unknown, 404, 'unknown e-mail', 'not_found');
      assert.deepEqual(errorPaths(unknown), ['body.email']);
      assertProblem(await send({ method: 'PUT', url, caller: { session: aViewer }, body: { email: 'newcomer@example.pl', role: 'owner' } }), 403, 'viewer', 'forbidden_role');
      // The newcomer sees the membership in their session.
      const session = await sessionOf('newcomer@example.pl');
      const me = (await send({ method: 'GET', url: '/api/v1/session', caller: { session } })).json<{ memberships: Json[] }>();
      assert.deepEqual(me.memberships.map((m) => [m.slug, m.role]), [[A.institution.slug, 'issuer']]);
    });

    it('members: DELETE removes one; the last owner can neither step down nor be removed; two owners demoting each other at once leave one', async () => {
      const C = await seedTenant(platform, 'uczelnia-c', ['owner', 'viewer']);
      const cOwner = await sessionOf(C.staff.owner.email);
      const url = `/api/v1/institutions/${C.institution.slug}/members`;
      const ownerId = C.staff.owner.user.id;
      const viewerId = C.staff.viewer.user.id;
      assertProblem(await send({ method: 'PUT', url, caller: { session: cOwner }, body: { email: C.staff.owner.email, role: 'viewer' } }), 409, 'last owner steps down', 'last_owner');
      assertProblem(await send({ method: 'DELETE', url: `${url}/${ownerId}`, caller: { session: cOwner } }), 409, 'last owner removed', 'last_owner');
      assert.equal((await send({ method: 'DELETE', url: `${url}/${viewerId}`, caller: { session: cOwner } })).statusCode, 204);
      assert.deepEqual((await send({ method: 'GET', url, caller: { session: cOwner } })).json<Json[]>().map((m) => m.userId), [ownerId]);
      assertProblem(await send({ method: 'DELETE', url: `${url}/${viewerId}`, caller: { session: cOwner } }), 404, 'removed twice', 'not_found');
      // A second owner: then the two demote each other at the same moment; exactly one wins.
      assert.equal((await send({ method: 'PUT', url, caller: { session: cOwner }, body: { email: C.staff.viewer.email, role: 'owner' } })).statusCode, 204);
      const second = await sessionOf(C.staff.viewer.email);
      const results = await Promise.all([
        send({ method: 'PUT', url, caller: { session: cOwner }, body: { email: C.staff.viewer.email, role: 'viewer' } }),
        send({ method: 'PUT', url, caller: { session: second }, body: { email: C.staff.owner.email, role: 'viewer' } }),
      ]);
      // The loser is refused by the last-owner rule (409) or, when the winner committed first, by the role check (403).
      const statuses = results.map((r) => r.statusCode).sort();
      assert.ok(statuses[0] === 204 && (statuses[1] === 409 || statuses[1] === 403), results.map((r) => `${r.statusCode} ${r.body}`).join('\n'));
      const owners = await platform.store.db.selectFrom('memberships').select('user_id').where('institution_id', '=', C.institution.id).where('role', '=', 'owner').execute();
      assert.equal(owners.length, 1);
      const audit = await platform.store.db.selectFrom('audit_log').select('action').where('institution_id', '=', C.institution.id).where('action', '=', 'membership.remove').execute();
      assert.equal(audit.length, 1);
    });

    it('key rotation: the owner rotates, the DID document keeps both keys', async () => {
      const did = (await send({ method: 'GET', url: `/i/${A.institution.slug}/did.json` }));
      assert.equal(did.statusCode, 200);
      assert.match(String(did.headers['content-type']), /^application\/did\+json/);
      const before = did.json<{ id: string; verificationMethod: Json[] }>();
      assert.equal(before.id, A.institution.did);
      const rotated = await send({ method: 'POST', url: `/api/v1/institutions/${A.institution.slug}/keys/rotate`, caller: { session: aOwner } });
      assert.equal(rotated.statusCode, 200, rotated.body);
      const { keyId } = rotated.json<{ keyId: string }>();
      assert.ok(keyId.startsWith(`${A.institution.did}#`));
      const after = (await send({ method: 'GET', url: `/i/${A.institution.slug}/did.json` })).json<{ verificationMethod: Json[]; assertionMethod: string[] }>();
      assert.equal(after.verificationMethod.length, before.verificationMethod.length + 1);
      assert.ok(after.assertionMethod.includes(keyId));
      assertProblem(await send({ method: 'POST', url: `/api/v1/institutions/${A.institution.slug}/keys/rotate`, caller: { apiKey: A.keys.issuer.key } }), 403, 'issuer key rotating');
    });

    it('the logo: PNG or JPEG by its bytes, at most 512 KiB, served publicly; the profile links it', async () => {
      const url = `/api/v1/institutions/${A.institution.slug}/logo`;
      assertProblem(await send({ method: 'GET', url: `/i/${A.institution.slug}/logo` }), 404, 'no logo yet', 'not_found');
      assertProblem(await send({ method: 'PUT', url, caller: { session: aViewer }, raw: { contentType: 'image/png', payload: PNG } }), 403, 'viewer', 'forbidden_role');
      assertProblem(await send({ method: 'PUT', url, caller: { session: aOwner }, raw: { contentType: 'image/png', payload: Buffer.from('not an image at all') } }), 415, 'text as PNG');
      const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32)]);
      assertProblem(await send({ method: 'PUT', url, caller: { session: aOwner }, raw: { contentType: 'image/png', payload: jpeg } }), 415, 'JPEG declared as PNG');
      assertProblem(await send({ method: 'PUT', url, caller: { session: aOwner }, raw: { contentType: 'image/gif', payload: Buffer.from('GIF89a') } }), 415, 'GIF');
      assertProblem(await send({ method: 'PUT', url, caller: { session: aOwner }, raw: { contentType: 'image/png', payload: Buffer.concat([PNG, Buffer.alloc(600 * 1024)]) } }), 413, '600 KiB');
      assertProblem(await send({ method: 'PUT', url, caller: { session: aOwner } }), [400, 415], 'no body');
      const put = await send({ method: 'PUT', url, caller: { session: aOwner }, raw: { contentType: 'image/png', payload: PNG } });
      assert.equal(put.statusCode, 204, put.body);
      const logo = await send({ method: 'GET', url: `/i/${A.institution.slug}/logo` });
      assert.equal(logo.statusCode, 200);
      assert.equal(logo.headers['content-type'], 'image/png');
      assert.deepEqual(logo.rawPayload, PNG);
      assert.equal(logo.headers['x-content-type-options'], 'nosniff');
      const profile = (await send({ method: 'GET', url: `/api/v1/institutions/${A.institution.slug}`, caller: { session: aViewer } })).json<Json>();
      assert.equal(profile.logoUrl, `${baseUrl}/i/${A.institution.slug}/logo`);
    });

    it('the audit log lists what was done, newest first, and honours limit', async () => {
      const url = `/api/v1/institutions/${A.institution.slug}/audit`;
      const patched = await send({ method: 'PATCH', url: `/api/v1/institutions/${A.institution.slug}`, caller: { apiKey: A.keys.owner.key }, body: { nameEn: 'University A (audited)' } });
      assert.equal(patched.statusCode, 200, patched.body);
      const res = await send({ method: 'GET', url, caller: { session: aOwner } });
      assert.equal(res.statusCode, 200, res.body);
      const entries = res.json<Array<{ at: string; action: string; actorType: string; actorId: string | null }>>();
      const actions = new Set(entries.map((e) => e.action));
      for (const action of ['institution.create', 'key.create', 'api_key.create', 'institution.update', 'api_key.revoke', 'membership.set', 'key.rotate', 'institution.logo']) {
        assert.ok(actions.has(action), `no ${action} in the audit log: ${[...actions].join(', ')}`);
      }
      // Newest first: the change just made, by the owner's API key; the session's earlier change by the owner.
      assert.deepEqual([entries[0]?.action, entries[0]?.actorType, entries[0]?.actorId], ['institution.update', 'api_key', A.keys.owner.id]);
      assert.ok(entries.some((e) => e.action === 'institution.update' && e.actorType === 'user' && e.actorId === A.staff.owner.user.id));
      assert.equal(entries.at(-1)?.action, 'institution.create', 'the oldest entry is the creation');
      const one = await send({ method: 'GET', url: `${url}?limit=1`, caller: { session: aOwner } });
      assert.equal(one.json<unknown[]>().length, 1);
      assertProblem(await send({ method: 'GET', url, caller: { session: aViewer } }), 403, 'viewer reading the audit log');
    });
  });

  describe('VC-API', () => {
    let issued: Json;
    let issuedBody: string;

    it('POST /credentials/issue with an issuer key: 201, signed by the institution\'s did:web, with a status entry', async () => {
      const res = await send({ method: 'POST', url: '/credentials/issue', caller: { apiKey: A.keys.issuer.key }, body: { credential: badgeToIssue('Issued over the API') } });
      assert.equal(res.statusCode, 201, res.body);
      issuedBody = res.body;
      issued = res.json<{ verifiableCredential: Json }>().verifiableCredential;
      assert.ok(issued);
      assert.equal(A.institution.did, `did:web:127.0.0.1%3A${new URL(baseUrl).port}:i:${A.institution.slug}`);
      assert.equal((issued.issuer as Json).id, A.institution.did);
      assert.match(String(issued.id), /^urn:uuid:/);
      const status = issued.credentialStatus as Json;
      assert.equal(status.type, 'BitstringStatusListEntry');
      assert.equal(status.statusPurpose, 'revocation');
      assert.ok(String(status.statusListCredential).startsWith(`${baseUrl}/i/${A.institution.slug}/status/`));
      const proof = (issued.proof as Json[])[0];
      assert.equal(proof?.type, 'DataIntegrityProof');
      assert.equal(proof?.cryptosuite, 'eddsa-rdfc-2022');
      assert.ok(String(proof?.verificationMethod).startsWith(`${A.institution.did}#`));
    });

    it('the stored document is byte for byte what was returned', async () => {
      const row = await platform.store.db.selectFrom('credentials').select(['document', 'institution_id']).where('credential_id', '=', String(issued.id)).executeTakeFirstOrThrow();
      assert.equal(row.document, JSON.stringify(issued));
      assert.equal(issuedBody, `{"verifiableCredential":${row.document}}`);
      assert.equal(row.institution_id, A.institution.id);
      const audit = await platform.store.db.selectFrom('audit_log').select(['actor_type', 'actor_id']).where('action', '=', 'credential.issue')
        .where('institution_id', '=', A.institution.id).execute();
      assert.ok(audit.some((a) => a.actor_type === 'api_key' && a.actor_id === A.keys.issuer.id));
    });

    it('issue: the owner key may; designer and viewer keys 403; a session 403; nobody 401', async () => {
      const body = { credential: badgeToIssue() };
      assert.equal((await send({ method: 'POST', url: '/credentials/issue', caller: { apiKey: A.keys.owner.key }, body })).statusCode, 201);
      for (const role of ['designer', 'viewer'] as const) {
        assertProblem(await send({ method: 'POST', url: '/credentials/issue', caller: { apiKey: A.keys[role].key }, body }), 403, `${role} key`, 'forbidden_role');
      }
      assertProblem(await send({ method: 'POST', url: '/credentials/issue', caller: { session: aOwner }, body }), 403, 'owner session', 'api_key_required');
      assertProblem(await send({ method: 'POST', url: '/credentials/issue', body }), 401, 'no auth', 'unauthenticated');
      assertProblem(await send({ method: 'POST', url: '/credentials/issue', caller: { apiKey: 'mkc_not-a-real-key' }, body }), 401, 'unknown key', 'unauthenticated');
      assertProblem(await send({ method: 'POST', url: '/credentials/issue', body, headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'basic auth');
    });

    it('issue: an id that was issued already is 409; a credential that is not one is 422', async () => {
      const id = 'urn:uuid:0b4c1a52-6a8e-4f0c-9a55-3d1d7c3f0c01';
      const first = await send({ method: 'POST', url: '/credentials/issue', caller: { apiKey: A.keys.issuer.key }, body: { credential: { ...badgeToIssue(), id } } });
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(first.json<{ verifiableCredential: Json }>().verifiableCredential.id, id);
      assertProblem(await send({ method: 'POST', url: '/credentials/issue', caller: { apiKey: A.keys.issuer.key }, body: { credential: { ...badgeToIssue(), id } } }), 409, 'duplicate', 'duplicate_id');
      const bad: Array<[string, Json]> = [
        ['no VC context', { ...badgeToIssue(), '@context': ['https://example.org/context'] }],
        ['no VerifiableCredential type', { ...badgeToIssue(), type: ['OpenBadgeCredential'] }],
        ['no subject', { ...badgeToIssue(), credentialSubject: undefined }],
        ['already signed', { ...badgeToIssue(), proof: { type: 'DataIntegrityProof' } }],
        ['a status of its own', { ...badgeToIssue(), credentialStatus: { type: 'BitstringStatusListEntry' } }],
        ['a date that is not one', { ...badgeToIssue(), validFrom: 'yesterday' }],
        ['an empty subject list', { ...badgeToIssue(), credentialSubject: [] }],
        ['an empty subject', { ...badgeToIssue(), credentialSubject: {} }],
        ['a subject list in a badge', { ...badgeToIssue(), credentialSubject: [badgeToIssue().credentialSubject as Json] }],
        ['validUntil before validFrom', { ...badgeToIssue(), validFrom: '2026-06-30T00:00:00Z', validUntil: '2026-01-01T00:00:00Z' }],
        ['validFrom without a time zone', { ...badgeToIssue(), validFrom: '2026-06-30T00:00:00' }],
        ['empty', {}],
      ];
      const expectedPath: Record<string, string> = {
        'a date that is not one': 'validFrom', 'an empty subject list': 'credentialSubject', 'an empty subject': 'credentialSubject',
        'a subject list in a badge': 'credentialSubject', 'validUntil before validFrom': 'validUntil', 'validFrom without a time zone': 'validFrom',
      };
      for (const [what, credential] of bad) {
        const body = JSON.parse(JSON.stringify({ credential })) as Json;
        const res = await send({ method: 'POST', url: '/credentials/issue', caller: { apiKey: A.keys.issuer.key }, body });
        assertProblem(res, 422, what, 'invalid_credential');
        if (expectedPath[what]) assert.deepEqual(errorPaths(res), [expectedPath[what]], what);
      }
      // A context the offline loader does not know: refused when signing, with the reason said once.
      const unsignable = await send({
        method: 'POST', url: '/credentials/issue', caller: { apiKey: A.keys.issuer.key },
        body: { credential: { ...badgeToIssue(), '@context': [...(badgeToIssue()['@context'] as string[]), 'https://example.org/unknown-context'] } },
      });
      assertProblem(unsignable, 422, 'unsignable', 'invalid_credential');
      const detail = String(unsignable.json<Json>().detail);
      assert.equal(detail.split('cannot be signed').length, 2, detail);
    });

    it('concurrent issuance of one credential id: one 201, the others 409 (never 500)', {
    }, async () => {
      const id = 'urn:uuid:7d3e7f1a-1c55-4b8e-8f0e-2a4c6b8d0e12';
      const body = { credential: { ...badgeToIssue(), id } };
      const results = await Promise.all(Array.from({ length: 5 }, () => send({ method: 'POST', url: '/credentials/issue', caller: { apiKey: A.keys.issuer.key }, body })));
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409, 409, 409, 409], results.map((r) => `${r.statusCode} ${r.body.slice(0, 120)}`).join('\n'));
    });

    it('POST /credentials/verify (public): valid, with the proof and status checks; a changed credential is invalid', async () => {
      const res = await send({ method: 'POST', url: '/credentials/verify', body: { verifiableCredential: issued } });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<{ verdict: string; checks: string[]; errors: string[]; warnings: string[]; report: Json }>();
      assert.equal(body.verdict, 'valid', JSON.stringify(body.errors));
      assert.ok(body.checks.includes('proof'));
      assert.ok(body.checks.includes('status'));
      assert.deepEqual(body.errors, []);
      assert.equal(body.report.verdict, 'valid');

      const changed = { ...issued, name: 'Changed after signing' };
      const bad = (await send({ method: 'POST', url: '/credentials/verify', body: { verifiableCredential: changed } })).json<{ verdict: string; errors: string[] }>();
      assert.equal(bad.verdict, 'invalid');
      assert.ok(bad.errors.some((e) => e.startsWith('proof')), bad.errors.join('; '));
    });

    it('the status list URL of the credential serves a signed BitstringStatusListCredential', async () => {
      const status = issued.credentialStatus as { statusListCredential: string; statusListIndex: string };
      const url = new URL(status.statusListCredential);
      assert.equal(url.origin, baseUrl);
      const res = await send({ method: 'GET', url: url.pathname });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^application\/vc\+ld\+json/);
      const list = res.json<Json>();
      assert.equal(list.id, status.statusListCredential);
      assert.ok((list.type as string[]).includes('BitstringStatusListCredential'));
      const issuer = typeof list.issuer === 'string' ? list.issuer : (list.issuer as Json).id;
      assert.equal(issuer, A.institution.did);
      const subject = list.credentialSubject as Json;
      assert.equal(subject.type, 'BitstringStatusList');
      assert.equal(subject.statusPurpose, 'revocation');
      const proof = (Array.isArray(list.proof) ? list.proof : [list.proof]) as Json[];
      assert.equal(proof[0]?.cryptosuite, 'eddsa-rdfc-2022');
      assert.ok(String(proof[0]?.verificationMethod).startsWith(`${A.institution.did}#`));
      const bits = await decodeList({ encodedList: String(subject.encodedList) });
      assert.equal(bits.getStatus(Number(status.statusListIndex)), false, 'not revoked');
      assertProblem(await send({ method: 'GET', url: `/i/${A.institution.slug}/status/999` }), 404, 'no such list', 'not_found');
      assertProblem(await send({ method: 'GET', url: `/i/${B.institution.slug}/status/1` }), 404, 'B has no list yet', 'not_found');
      assertProblem(await send({ method: 'GET', url: '/i/no-such-institution/did.json' }), 404, 'no such institution', 'not_found');
    });

    it('the reference verifier (@digitalbazaar/vc, plain eddsa-rdfc-2022) verifies it, resolving did:web over HTTP', async () => {
      // Issued over the network too, through the listening server.
      const issuedRes = await fetch(`${baseUrl}/credentials/issue`, {
        method: 'POST', headers: { authorization: `Bearer ${A.keys.issuer.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ credential: badgeToIssue('Verified by the reference library') }),
      });
      assert.equal(issuedRes.status, 201);
      const credential = ((await issuedRes.json()) as { verifiableCredential: Json }).verifiableCredential;

      const fetched: string[] = [];
      const base = referenceLoader();
      const documentLoader: vc.DocumentLoader = async (url) => {
        if (url.startsWith('did:web:')) {
          const [did = '', fragment] = url.split('#');
          const documentUrl = didWebDocumentUrl(did);
          fetched.push(documentUrl);
          const res = await fetch(documentUrl);
          if (!res.ok) throw new Error(`GET ${documentUrl}: ${res.status}`);
          const document = (await res.json()) as { '@context': unknown; id: string; verificationMethod?: Json[] };
          assert.equal(document.id, did);
          if (fragment === undefined) return { contextUrl: null, documentUrl: url, document };
          const method = document.verificationMethod?.find((m) => m.id === url);
          if (!method) throw new Error(`${url} is not in the DID document`);
          return { contextUrl: null, documentUrl: url, document: { '@context': document['@context'], ...method } };
        }
        return base(url);
      };
      // A key rotation keeps both verifiable: the DID document lists the old key too.
      const rotated = await fetch(`${baseUrl}/api/v1/institutions/${A.institution.slug}/keys/rotate`, { method: 'POST', headers: { authorization: `Bearer ${A.keys.owner.key}` } });
      assert.equal(rotated.status, 200);
      const afterRotation = await fetch(`${baseUrl}/credentials/issue`, {
        method: 'POST', headers: { authorization: `Bearer ${A.keys.issuer.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ credential: badgeToIssue('Signed with the new key') }),
      });
      assert.equal(afterRotation.status, 201);
      const rotatedCredential = ((await afterRotation.json()) as { verifiableCredential: Json }).verifiableCredential;
      const keyOf = (c: Json): string => String((c.proof as Json[])[0]?.verificationMethod);
      assert.notEqual(keyOf(rotatedCredential), keyOf(credential));
      for (const [what, subject] of [['credential', credential], ['earlier credential', issued], ['credential signed after a key rotation', rotatedCredential]] as const) {
        const result = await vc.verifyCredential({
          credential: subject, suite: new DataIntegrityProof({ cryptosuite: plainCryptosuite }), documentLoader, checkStatus: async () => ({ verified: true }),
        });
        assert.equal(result.verified, true, `${what}: ${JSON.stringify(result.error ?? result.results, null, 1)}`);
      }
      assert.ok(fetched.length > 0 && fetched.every((u) => u === `${baseUrl}/i/${A.institution.slug}/did.json`), fetched.join(', '));

      // The status list credential, fetched over HTTP, verifies too.
      const listUrl = String((credential.credentialStatus as Json).statusListCredential);
      const list = (await (await fetch(listUrl)).json()) as Json;
      const listResult = await vc.verifyCredential({ credential: list, suite: new DataIntegrityProof({ cryptosuite: plainCryptosuite }), documentLoader });
      assert.equal(listResult.verified, true, JSON.stringify(listResult.error ?? listResult.results, null, 1));

      // And a credential changed after signing does not.
      const changed = await vc.verifyCredential({
        credential: { ...credential, name: 'Forged' }, suite: new DataIntegrityProof({ cryptosuite: plainCryptosuite }), documentLoader, checkStatus: async () => ({ verified: true }),
      });
      assert.equal(changed.verified, false);
    });
  });

  describe('tenant isolation', () => {
    it('every route under an institution is a {tenant} route, or a public GET of its published documents', () => {
      const wrong = routeTable.filter((r) => paramsOf(r.url).includes('slug') && !tenantRole(r) && !(r.access === 'public' && r.method === 'GET' && r.url.startsWith('/i/:slug/')));
      assert.deepEqual(wrong.map((r) => `${label(r)} (${JSON.stringify(r.access)})`), []);
    });

    it('every non-public route with an institution in its path refuses institution B to A\'s owner session and to every API key of A; B is unchanged', async () => {
      // Not only {tenant} routes: a route under /institutions/:slug that declared 'signed-in' by mistake is caught too.
      const tenantRoutes = routeTable.filter((r) => tenantRole(r) || (paramsOf(r.url).includes('slug') && r.access !== 'public'));
      assert.ok(tenantRoutes.filter((r) => tenantRole(r)).length >= 10, `only ${tenantRoutes.length} tenant routes?`);
      const beforeDb = await dbSnapshot(B);
      const beforeApi = await apiSnapshotB();
      const callers: Array<[string, Caller]> = [['A owner session', { session: aOwner }], ...ROLES.map((role): [string, Caller] => [`A ${role} key`, { apiKey: A.keys[role].key }])];
      // Other ids a route may take: B's records.
      const bIds: Record<string, string> = { slug: B.institution.slug, id: B.keys.viewer.id, specId: String(B.publishedSpecId), version: '1' };
      const failures: string[] = [];
      for (const route of tenantRoutes) {
        const sample = WITH_BODY.has(route.method) ? sampleRequest(route, B) : {};
        if (WITH_BODY.has(route.method) && sample.body === undefined && sample.raw === undefined && bodySchemaOf(route)) {
          failures.push(`${label(route)}: no sample body in the test suite; add one to sampleBody()`);
          continue;
        }
        const targets: Array<[string, string]> = [[`B's slug`, fillUrl(route.url, bIds)]];
        // With A's own slug but B's record ids (a route with ids beyond the slug).
        if (paramsOf(route.url).some((p) => p !== 'slug')) targets.push([`A's slug, B's ids`, fillUrl(route.url, { ...bIds, slug: A.institution.slug })]);
        // No such institution: the same refusal as someone else's.
        targets.push(['an unknown slug', fillUrl(route.url, { ...bIds, slug: 'no-such-institution' })]);
        for (const [target, url] of targets) {
          for (const [who, caller] of callers) {
            const res = await send({ method: route.method, url, caller, ...sample });
            const failure = problemFailure(res, [403, 404], `${who} → ${route.method} ${url} (${target})`);
            if (failure) failures.push(failure);
          }
        }
      }
      assert.deepEqual(failures, []);
      assert.deepEqual(await apiSnapshotB(), beforeApi, 'B as its owner sees it changed');
      assert.deepEqual(await dbSnapshot(B), beforeDb, 'B\'s rows changed');
    });

    it('the refusal does not tell someone else\'s institution from a missing one', async () => {
      const other = await send({ method: 'GET', url: `/api/v1/institutions/${B.institution.slug}/members`, caller: { session: aOwner } });
      const missing = await send({ method: 'GET', url: '/api/v1/institutions/no-such-institution/members', caller: { session: aOwner } });
      assert.equal(other.statusCode, missing.statusCode);
      const strip = (r: Response): Json => ({ ...r.json<Json>(), instance: undefined });
      assert.deepEqual(strip(other), strip(missing));
    });

    it('{apiKey} routes act for the key\'s institution only; sessions and keys without the role are refused', async () => {
      const apiKeyRoutes = routeTable.filter((r) => apiKeyRole(r));
      assert.ok(apiKeyRoutes.length >= 1);
      const beforeDb = await dbSnapshot(B);
      const failures: string[] = [];
      for (const route of apiKeyRoutes) {
        const role = apiKeyRole(route) as Role;
        const body = sampleBody(route, B);
        if (WITH_BODY.has(route.method) && body === undefined && bodySchemaOf(route)) {
          failures.push(`${label(route)}: no sample body in the test suite; add one to sampleBody()`);
          continue;
        }
        const refused: Array<[string, Caller]> = [
          ['A owner session', { session: aOwner }], ['B owner session', { session: bOwner }],
          ...ROLES.filter((r) => r !== role && r !== 'owner').map((r): [string, Caller] => [`A ${r} key`, { apiKey: A.keys[r].key }]),
        ];
        for (const [who, caller] of refused) {
          const res = await send({ method: route.method, url: fillUrl(route.url, { slug: B.institution.slug }), caller, ...(body !== undefined ? { body } : {}) });
          const failure = problemFailure(res, [401, 403], `${who} → ${label(route)}`);
          if (failure) failures.push(failure);
        }
      }
      assert.deepEqual(failures, []);

      // A's key issues as A, whatever the body says.
      const issue = (credential: Json): Promise<Response> => send({ method: 'POST', url: '/credentials/issue', caller: { apiKey: A.keys.issuer.key }, body: { credential } });
      for (const issuer of [B.institution.did, { id: B.institution.did, type: ['Profile'], name: 'B' }]) {
        const res = await issue({ ...badgeToIssue(), issuer });
        assertProblem(res, 422, `issuer ${JSON.stringify(issuer)}`, 'invalid_credential');
        assert.deepEqual(errorPaths(res), ['issuer']);
      }
      const plain = await issue({ ...badgeToIssue(), type: ['VerifiableCredential'], '@context': ['https://www.w3.org/ns/credentials/v2'], credentialSubject: { id: 'did:example:learner' }, issuer: B.institution.did });
      assertProblem(plain, 422, 'a plain VC naming B', 'invalid_credential');
      const own = await issue({ ...badgeToIssue(), issuer: A.institution.did });
      assert.equal(own.statusCode, 201, own.body);
      assert.equal((own.json<{ verifiableCredential: { issuer: Json } }>().verifiableCredential.issuer).id, A.institution.did);
      const b = await send({ method: 'POST', url: '/credentials/issue', caller: { apiKey: B.keys.issuer.key }, body: { credential: badgeToIssue() } });
      assert.equal(b.statusCode, 201);
      const bCredential = b.json<{ verifiableCredential: Json }>().verifiableCredential;
      assert.equal((bCredential.issuer as Json).id, B.institution.did);
      assert.ok(String((bCredential.credentialStatus as Json).statusListCredential).startsWith(`${baseUrl}/i/${B.institution.slug}/status/`));
      const stored = await platform.store.db.selectFrom('credentials').select('institution_id').where('credential_id', '=', String(bCredential.id)).executeTakeFirstOrThrow();
      assert.equal(stored.institution_id, B.institution.id);
      // Only B's own key changed B's data.
      const afterDb = await dbSnapshot(B);
      assert.deepEqual({ ...afterDb, credentials: undefined, status_lists: undefined, audit_log: undefined, api_keys: undefined },
        { ...beforeDb, credentials: undefined, status_lists: undefined, audit_log: undefined, api_keys: undefined });
      assert.equal((afterDb.credentials as unknown[]).length, (beforeDb.credentials as unknown[]).length + 1);
    });
  });

  describe('learner portal access', () => {
    it('every learner route: 401 without a caller, 403 for staff sessions and API keys, 403 csrf without the token; a learner cookie is nobody on staff routes', async () => {
      const routes = routeTable.filter((r) => r.access === 'learner');
      assert.ok(routes.length >= 10, `only ${routes.length} learner routes`);
      const ids = { id: '00000000-0000-4000-8000-000000000000', shareId: '00000000-0000-4000-8000-000000000000', clientId: 'no-such-client' };
      const failures: string[] = [];
      for (const route of routes) {
        const url = fillUrl(route.url, ids);
        const body = WITH_BODY.has(route.method) ? sampleBody(route, A) : undefined;
        const sample = body === undefined ? {} : { body };
        const check = (res: Response, statuses: number[], code: string, who: string): void => {
          const failure = problemFailure(res, statuses, `${who} → ${label(route)}`);
          if (failure) failures.push(failure);
          else if (res.json<Json>().code !== code) failures.push(`${who} → ${label(route)}: code ${String(res.json<Json>().code)}, expected ${code}`);
        };
        check(await send({ method: route.method, url, caller: null, ...sample }), [401], 'unauthenticated', 'nobody');
        check(await send({ method: route.method, url, caller: { session: aOwner }, ...sample }), [403], 'learner_session_required', 'A owner session');
        for (const role of ROLES) check(await send({ method: route.method, url, caller: { apiKey: A.keys[role].key }, ...sample }), [403], 'learner_session_required', `A ${role} key`);
        if (UNSAFE.has(route.method)) check(await send({ method: route.method, url, caller: { learner: aLearner, csrf: false }, ...sample }), [403], 'csrf', 'learner without CSRF');
      }
      assert.deepEqual(failures, []);
      const asLearner = async (url: string): Promise<Response> => app.inject({ method: 'GET', url, headers: { cookie: `mikrocred_learner=${aLearner.token}` } });
      assert.equal((await asLearner('/api/v1/session')).statusCode, 401);
      assert.equal((await asLearner(`/api/v1/institutions/${A.institution.slug}`)).statusCode, 401);
    });
  });

  describe('bad input on every route', () => {
    /** The routes that take a body, with an authorised caller and A's ids. */
    function bodyRoutes(): RouteEntry[] {
      return routeTable.filter((r) => !isDocs(r) && !isSpecShaped(r) && WITH_BODY.has(r.method));
    }
    const aIds = (): Record<string, string> => ({
      slug: A.institution.slug, id: '00000000-0000-4000-8000-000000000000', seq: '1', specId: String(A.publishedSpecId), version: '1',
      token: 'A'.repeat(32), shareId: '00000000-0000-4000-8000-000000000000', code: 'abcdefghjk', clientId: 'no-such-client',
    });

    it('malformed JSON → 400, an unsupported content type → 415, a body over the limit (2 MB, or the route\'s own) → 413: problem+json, never 5xx', async () => {
      const failures: string[] = [];
      const routes = bodyRoutes();
      assert.ok(routes.length >= 7);
      for (const route of routes) {
        const url = fillUrl(route.url, aIds());
        const caller = authorisedCaller(route);
        const cases: Array<[string, NonNullable<Request['raw']>, number[]]> = [
          ['malformed JSON', { contentType: 'application/json', payload: '{"a":' }, [400]],
          ['malformed JSON (trailing comma)', { contentType: 'application/json', payload: '{"a": 1,}' }, [400]],
          ['empty JSON body', { contentType: 'application/json', payload: '' }, [400]],
          ['text/plain', { contentType: 'text/plain', payload: 'hello' }, [400, 415]],
          ['XML', { contentType: 'application/xml', payload: '<credential/>' }, [415]],
          // OAuth token endpoints take form bodies: there a form of nonsense is a 400 error, not a 415.
          ['form', { contentType: 'application/x-www-form-urlencoded', payload: 'a=1' }, [415]],
          ['a body over the limit', { contentType: 'application/json', payload: JSON.stringify({ credential: { padding: 'x'.repeat((route.bodyLimit ?? 2 * 1024 * 1024) + 1) } }) }, [413]],
        ];
        for (const [what, raw, statuses] of cases) {
          const res = await send({ method: route.method, url, caller, raw });
          const failure = problemFailure(res, statuses, `${label(route)} with ${what}`);
          if (failure) failures.push(failure);
          if (what.startsWith('malformed') && !failure && res.json<Json>().code !== 'malformed_json') failures.push(`${label(route)} ${what}: code ${String(res.json<Json>().code)}`);
        }
      }
      assert.deepEqual(failures, []);
    });

    it('input the schema refuses (arrays, wrong types, nulls, missing and unknown fields, bad params and queries) → 400 with errors[].path', async () => {
      const failures: string[] = [];
      let checked = 0;
      const expect400 = (res: Response, context: string, path?: string): void => {
        checked += 1;
        const failure = problemFailure(res, [400], context);
        if (failure) {
          failures.push(failure);
          return;
        }
        const paths = errorPaths(res);
        if (paths.length === 0) failures.push(`${context}: no errors[].path in ${res.body.slice(0, 300)}`);
        else if (path !== undefined && !paths.some((p) => p === path || p.startsWith(`${path}.`) || p.startsWith(`${path}[`))) {
          failures.push(`${context}: errors[].path ${JSON.stringify(paths)} does not name ${path}`);
        }
      };
      for (const route of bodyRoutes()) {
        const schema = bodySchemaOf(route);
        if (!schema) continue;
        const url = fillUrl(route.url, aIds());
        const caller = authorisedCaller(route);
        const sample = sampleBody(route, A);
        if (sample === undefined) {
          failures.push(`${label(route)}: no sample body in the test suite; add one to sampleBody()`);
          continue;
        }
        const ctx = (what: string): string => `${label(route)} with ${what}`;
        for (const [what, value] of [['a JSON array', []], ['an array of the body', [sample]], ['a string', 'text'], ['a number', 42], ['null', null]] as const) {
          expect400(await send({ method: route.method, url, caller, raw: { contentType: 'application/json', payload: JSON.stringify(value) } }), ctx(what), 'body');
        }
        const fields = sample as Json;
        for (const field of (schema.required ?? []) as string[]) {
          const rest = { ...fields };
          delete rest[field];
          expect400(await send({ method: route.method, url, caller, body: rest }), ctx(`no ${field}`), `body.${field}`);
        }
        for (const [field, value] of Object.entries(fields)) {
          expect400(await send({ method: route.method, url, caller, body: { ...fields, [field]: wrongTypeFor(value) } }), ctx(`${field} of a wrong type`), `body.${field}`);
          if (!allowsNull((schema.properties as Record<string, Json> | undefined)?.[field])) {
            expect400(await send({ method: route.method, url, caller, body: { ...fields, [field]: null } }), ctx(`${field} null`), `body.${field}`);
          }
        }
        if (schema.additionalProperties === false) {
          expect400(await send({ method: route.method, url, caller, body: { ...fields, unexpected: 1 } }), ctx('an unknown field'), 'body.unexpected');
        }
      }
      // Parameters: every route with path parameters, each replaced by a value of the wrong shape.
      const badValues: Record<string, string[]> = {
        slug: ['X!', 'UPPER', 'a', '-dash-first', 'x'.repeat(80)], id: ['not-a-uuid', '123'], seq: ['abc', '0', '-1', '1.5', '99999999999'],
        specId: ['not-a-uuid', '123'], version: ['abc', '0', '-1', '1.5', '99999999999'],
        code: ['abc', 'not-a-code', 'x'.repeat(65), 'abc!defghij'],
        // Under 100 characters: Fastify's maxParamLength turns longer ones into 404s.
        token: ['x', 'short', 'bad!token-with-a-bang', 'x'.repeat(97)], shareId: ['not-a-uuid', '123'],
        clientId: ['bad!client', 'a.b', 'with space', 'x'.repeat(65)],
      };
      for (const route of routeTable.filter((r) => !isDocs(r) && paramsOf(r.url).length > 0)) {
        for (const param of paramsOf(route.url)) {
          const values = badValues[param];
          if (!values) {
            failures.push(`${label(route)}: no bad values for :${param} in the test suite; add some`);
            continue;
          }
          for (const value of values) {
            const url = fillUrl(route.url, { ...aIds(), [param]: value });
            const body = WITH_BODY.has(route.method) ? sampleBody(route, A) : undefined;
            expect400(await send({ method: route.method, url, caller: authorisedCaller(route), ...(body !== undefined ? { body } : {}) }), `${route.method} ${url}`, `params.${param}`);
          }
        }
      }
      // Query strings: each parameter with values of the wrong shape.
      const numbers = (max: string): string[] => ['abc', '-1', max, '1e999'];
      const badQueryValues: Record<string, string[]> = {
        limit: ['abc', '-1', '0', '100000', ''], q: ['x'.repeat(201)], eqf: ['0', '9', 'abc', '6.5'], ectsMin: numbers('181'), ectsMax: numbers('181'),
        isced: ['abc', '1', '12345'], language: ['xx', 'POL'], participation: ['hybrid'], institution: ['X!', 'UPPER'], sort: ['random'],
        lang: ['de'], page: ['0', 'abc', '-1'], pageSize: ['0', '101', 'abc'], format: ['pdf', 'xml'],
        specId: ['not-a-uuid'], batchId: ['123'], status: ['deleted'], offset: ['-1', 'abc', '9999999999'],
      };
      for (const route of routeTable.filter((r) => !isDocs(r) && !isSpecShaped(r) && queryParamsOf(r).length > 0)) {
        const url = fillUrl(route.url, aIds());
        for (const { name } of queryParamsOf(route)) {
          const values = badQueryValues[name];
          if (!values) {
            failures.push(`${route.method} ${route.url}: no bad values for ?${name} in the test suite; add some`);
            continue;
          }
          for (const value of values) {
            expect400(await send({ method: route.method, url: `${url}?${name}=${value}`, caller: authorisedCaller(route) }), `${route.method} ${url}?${name}=${value}`, `querystring.${name}`);
          }
        }
        expect400(await send({ method: route.method, url: `${url}?unknown=1`, caller: authorisedCaller(route) }), `${route.method} ${url}?unknown=1`);
      }
      assert.deepEqual(failures, []);
      assert.ok(checked >= 100, `only ${checked} bad requests sent`);
    });

    it('a NUL character in any string of a body is refused with a 4xx, not a 500', {
    }, async () => {
      const failures: string[] = [];
      for (const route of bodyRoutes()) {
        const sample = sampleBody(route, A) as Json | undefined;
        if (!sample) continue;
        const url = fillUrl(route.url, aIds());
        for (const [field, value] of Object.entries(sample)) {
          if (typeof value !== 'string') continue;
          const res = await send({ method: route.method, url, caller: authorisedCaller(route), body: { ...sample, [field]: `${value.slice(0, 3)}\u0000${value.slice(3)}` } });
          const failure = problemFailure(res, [400, 401, 404, 409, 422], `${label(route)} with a NUL in ${field}`);
          if (failure) failures.push(failure);
        }
      }
      const apiKeyName = await send({
        method: 'POST', url: `/api/v1/institutions/${A.institution.slug}/api-keys`, caller: { session: aOwner }, body: { name: 'nul\u0000key', role: 'viewer' },
      });
      const failure = problemFailure(apiKeyName, [400, 422], 'an API key name with a NUL');
      if (failure) failures.push(failure);
      assert.deepEqual(failures, []);
    });

    it('a malformed percent-encoding in the path is a 400 problem+json', {
    }, async () => {
      const failures: string[] = [];
      for (const url of ['/i/%ff/did.json', `/api/v1/institutions/%E0%A4%A/members`, '/i/uczelnia-a/status/%']) {
        const failure = problemFailure(await send({ method: 'GET', url, caller: { session: aOwner } }), [400, 404], `GET ${url}`);
        if (failure) failures.push(failure);
      }
      assert.deepEqual(failures, []);
    });

    it('hostile credentials to /credentials/verify get a verdict, never a 5xx', async () => {
      const deep = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
      const cases: Array<[string, string]> = [
        ['an empty object', '{"verifiableCredential":{}}'],
        ['a bad @context', '{"verifiableCredential":{"@context":5}}'],
        ['deep nesting', `{"verifiableCredential":{"a":${deep}}}`],
        ['a string proof', JSON.stringify({ verifiableCredential: { ...badgeToIssue(), issuer: A.institution.did, proof: 'x' } })],
        ['an unknown did:web', JSON.stringify({ verifiableCredential: { ...badgeToIssue(), issuer: 'did:web:127.0.0.1%3A1:i:nope', proof: [{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: 'did:web:127.0.0.1%3A1:i:nope#k', proofPurpose: 'assertionMethod', proofValue: 'z1' }] } })],
      ];
      for (const [what, payload] of cases) {
        const res = await send({ method: 'POST', url: '/credentials/verify', raw: { contentType: 'application/json', payload } });
        assert.equal(res.statusCode, 200, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        assert.notEqual(res.json<Json>().verdict, 'valid', what);
      }
    });
  });
});
