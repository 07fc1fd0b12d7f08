/**
 * The Open Badges 3.0 API (docs/learner.md, "Open Badges 3.0 API") on PGlite (or PostgreSQL with
 * MIKROCRED_TEST_DATABASE_URL): dynamic client registration, the authorization code flow with PKCE as a learner
 * signed in by a claim link (consent page, CSRF, state echoed), the token endpoint (wrong verifier, reused code,
 * refresh rotation), pulling the learner's credentials (valid against the OB 3.0 GetOpenBadgeCredentialsResponse
 * schema, with paging headers), upserting a credential signed by the reference library (201, then 200), the profile,
 * the discovery document, and authorization failures (no token, a malformed header, unknown, expired, revoked,
 * wrong scope) in the spec's Imsx_StatusInfo shape with WWW-Authenticate; and the learner's authorised applications
 * (/api/v1/me/apps: listed once per client with scopes, dates and last use, invisible and unrevocable to another
 * learner, revoked at once with every token and code, audited, in the data export without token hashes).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { buildApp } from '../src/http/app.ts';
import type { JsonObject } from '../src/credentials/index.ts';
import { sha256 } from '../src/services/learner-accounts.ts';
import type { Platform } from '../src/services/platform.ts';
import { newKey, plainCryptosuite, referenceIssued, referenceLoader } from './fixtures.ts';
import { databaseKind, openTestPlatform, seedTenant, type Tenant, type TestPlatform } from './platform-fixture.ts';

type Json = Record<string, unknown>;
type Response = LightMyRequestResponse;

const BASE = 'https://portal.test.example';
const SCOPE = {
  read: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly',
  upsert: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert',
  profile: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly',
};
const REDIRECT = 'https://wallet.example.org/callback';
const EMAIL = 'ola.obapi@example.org';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2019) => Ajv2019;

function schema(file: string): Json {
  return JSON.parse(readFileSync(new URL(`../schemas/ob-v3p0/${file}`, import.meta.url), 'utf8')) as Json;
}

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function form(fields: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) params.set(k, v);
  return params.toString();
}

describe(`the Open Badges 3.0 API on ${databaseKind}`, () => {
  let tp: TestPlatform;
  let platform: Platform;
  let app: FastifyInstance;
  let A: Tenant;
  let learnerCookie: string;
  let issuedId: string;
  let validateImsx: (value: unknown) => boolean;
  let validateResponse: ((value: unknown) => boolean) & { errors?: unknown };
  /** A public client (PKCE, no secret) and a confidential one (HTTP Basic). */
  let publicClient: { client_id: string };
  let confidential: { client_id: string; client_secret: string };
  let tokens: { access_token: string; refresh_token: string; scope: string };

  async function send(method: string, url: string, options: { headers?: Record<string, string>; json?: unknown; form?: Record<string, string | undefined>; cookie?: boolean } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    let payload: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(options.json);
    } else if (options.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = form(options.form);
    }
    if (options.cookie) headers.cookie = `mikrocred_learner=${learnerCookie}`;
    return app.inject({ method: method as InjectOptions['method'], url, headers, ...(payload !== undefined ? { payload } : {}) });
  }

  const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

  /** An Imsx_StatusInfo error with its code minor. */
  function imsx(res: Response, status: number, codeMinor: string): Json {
    assert.equal(res.statusCode, status, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = res.json<Json>();
    assert.ok(validateImsx(body), `not an Imsx_StatusInfo: ${res.body}`);
    assert.equal(body.imsx_codeMajor, 'failure');
    assert.equal(body.imsx_severity, 'error');
    assert.equal(typeof body.imsx_description, 'string');
    const field = (body.imsx_codeMinor as { imsx_codeMinorField: Json[] }).imsx_codeMinorField[0];
    assert.equal(field?.imsx_codeMinorFieldValue, codeMinor, res.body);
    return body;
  }

  function oauthError(res: Response, status: number, error: string): void {
    assert.equal(res.statusCode, status, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = res.json<Json>();
    assert.equal(body.error, error, res.body);
    assert.equal(typeof body.error_description, 'string');
  }

  function authorizeUrl(clientId: string, challenge: string, extra: Record<string, string | undefined> = {}): string {
    return `/oauth/authorize?${form({
      response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, scope: `${SCOPE.read} ${SCOPE.upsert} ${SCOPE.profile}`,
      state: 'xyz-state-123', code_challenge: challenge, code_challenge_method: 'S256', ...extra,
    })}`;
  }

  /** The learner approves on the consent page: the code from the redirect (its state checked). */
  async function approve(clientId: string, challenge: string, scope?: string): Promise<string> {
    const page = await send('GET', authorizeUrl(clientId, challenge, scope ? { scope } : {}), { cookie: true });
    assert.equal(page.statusCode, 200, page.body);
    const fields = Object.fromEntries([...page.body.matchAll(/<input type="hidden" name="([a-z_]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]?.replace(/&amp;/g, '&')]));
    const res = await send('POST', '/oauth/authorize', { cookie: true, form: { ...fields, decision: 'approve' } });
    assert.equal(res.statusCode, 303, res.body);
    const location = new URL(String(res.headers.location));
    assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
    assert.equal(location.searchParams.get('state'), 'xyz-state-123');
    const code = location.searchParams.get('code');
    assert.ok(code);
    return code;
  }

  async function tokenFor(clientId: string, scope?: string): Promise<{ access_token: string; refresh_token: string; scope: string }> {
    const { verifier, challenge } = pkce();
    const code = await approve(clientId, challenge, scope);
    const res = await send('POST', '/oauth/token', { form: { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: clientId, code_verifier: verifier } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  }

  before(async () => {
    tp = await openTestPlatform({ baseUrl: BASE });
    platform = tp.platform;
    ({ app } = await buildApp({ platform }));
    A = await seedTenant(platform, 'uczelnia-ob3', ['owner'], { publish: true });
    const issued = await app.inject({
      method: 'POST', url: `/api/v1/institutions/${A.institution.slug}/credentials`, headers: { authorization: `Bearer ${A.keys.issuer.key}` },
      payload: { specId: A.publishedSpecId, learner: { givenName: 'Ola', familyName: 'Obapi', email: EMAIL } },
    });
    assert.equal(issued.statusCode, 201, issued.body);
    const portalId = String((issued.json<{ credential: Json }>().credential).id);
    issuedId = (await platform.store.db.selectFrom('credentials').select('credential_id').where('id', '=', portalId).executeTakeFirstOrThrow()).credential_id;
    const mail = await platform.store.db.selectFrom('outbox').select('text_body').where('to_address', '=', EMAIL).executeTakeFirstOrThrow();
    const claim = /\/claim\/[A-Za-z0-9_-]+/.exec(mail.text_body)?.[0];
    assert.ok(claim);
    const signedIn = await app.inject({ method: 'GET', url: claim });
    const cookie = signedIn.cookies.find((c) => c.name === 'mikrocred_learner');
    assert.ok(cookie);
    learnerCookie = cookie.value;
    const ajv = addFormats(new Ajv2019({ allErrors: true, strict: false }));
    validateImsx = ajv.compile(schema('imsx_statusinfo.json'));
    validateResponse = ajv.compile(schema('getopenbadgecredentialsresponse.json'));
  });

  after(async () => {
    await app?.close();
    await tp?.close();
  });

  describe('discovery and registration', () => {
    it('the discovery document names the OAuth endpoints, the registration URL and the three scopes', async () => {
      const res = await send('GET', '/ims/ob/v3p0/discovery');
      assert.equal(res.statusCode, 200, res.body);
      const doc = res.json<Json>();
      assert.match(String(doc.openapi), /^3\./);
      const scheme = ((doc.components as Json).securitySchemes as Json).OAuth2ACG as Json;
      assert.equal(scheme.type, 'oauth2');
      assert.equal(scheme['x-imssf-registrationUrl'], `${BASE}/oauth/register`);
      const flow = (scheme.flows as Json).authorizationCode as Json;
      assert.equal(flow.authorizationUrl, `${BASE}/oauth/authorize`);
      assert.equal(flow.tokenUrl, `${BASE}/oauth/token`);
      assert.deepEqual(Object.keys(flow.scopes as Json).sort(), Object.values(SCOPE).sort());
      assert.ok((doc.paths as Json)['/credentials']);
    });

    it('a client registers (RFC 7591): public without a secret, confidential with one (only its hash kept); bad metadata refused', async () => {
      const pub = await send('POST', '/oauth/register', { json: { client_name: 'Portfel', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' } });
      assert.equal(pub.statusCode, 201, pub.body);
      publicClient = pub.json();
      assert.equal((publicClient as Json).client_secret, undefined);
      assert.equal((publicClient as Json).scope, Object.values(SCOPE).join(' '));
      const conf = await send('POST', '/oauth/register', { json: { client_name: 'Platforma', redirect_uris: [REDIRECT], scope: SCOPE.read } });
      assert.equal(conf.statusCode, 201, conf.body);
      confidential = conf.json();
      assert.ok(confidential.client_secret.length >= 32);
      const row = await platform.store.db.selectFrom('oauth_clients').select('secret_hash').where('id', '=', confidential.client_id).executeTakeFirstOrThrow();
      assert.equal(row.secret_hash, sha256(confidential.client_secret));
      oauthError(await send('POST', '/oauth/register', { json: { client_name: 'X', redirect_uris: ['http://evil.example/cb'] } }), 400, 'invalid_redirect_uri');
      oauthError(await send('POST', '/oauth/register', { json: { client_name: 'X', redirect_uris: [REDIRECT], scope: 'admin' } }), 400, 'invalid_client_metadata');
      oauthError(await send('POST', '/oauth/register', { json: { client_name: 'X' } }), 400, 'invalid_client_metadata');
      oauthError(await send('POST', '/oauth/register', { json: { client_name: 'nul\u0000', redirect_uris: [REDIRECT] } }), 400, 'invalid_client_metadata');
      // Registration is JSON only; the token endpoint takes forms (and a repeated parameter is refused).
      oauthError(await send('POST', '/oauth/register', { form: { client_name: 'X', redirect_uris: REDIRECT } }), 415, 'invalid_request');
      oauthError(await app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=a&grant_type=b' }), 400, 'invalid_request');
    });
  });

  describe('authorization code + PKCE', () => {
    it('without a learner session the authorize endpoint sends the learner to sign in, with the request to come back to', async () => {
      const url = authorizeUrl(publicClient.client_id, pkce().challenge);
      const res = await send('GET', url);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `/me/sign-in?next=${encodeURIComponent(url)}`);
    });

    it('the consent page (PL/EN) names the client and the scopes; approving redirects with the code and the state; tokens are hashed at rest', async () => {
      const page = await send('GET', authorizeUrl(publicClient.client_id, pkce().challenge), { cookie: true, headers: { 'accept-language': 'pl' } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Portfel/);
      assert.match(page.body, /Zezwól/);
      assert.match(page.body, /<a href="\/me\/apps">/, 'the consent page says where to revoke the access');
      assert.match(String(page.headers['content-security-policy']), /form-action 'self' https:\/\/wallet\.example\.org/);
      tokens = await tokenFor(publicClient.client_id);
      assert.equal(tokens.scope, `${SCOPE.read} ${SCOPE.upsert} ${SCOPE.profile}`);
      const stored = await platform.store.db.selectFrom('oauth_tokens').select(['id', 'expires_at']).where('id', '=', sha256(tokens.access_token)).executeTakeFirstOrThrow();
      assert.ok(Math.abs(new Date(stored.expires_at).getTime() - Date.now() - 3600_000) < 60_000);
      assert.equal(await platform.store.db.selectFrom('oauth_tokens').select('id').where('id', '=', tokens.access_token).executeTakeFirst(), undefined);
    });

    it('deny → access_denied with the state; a POST without the CSRF token is refused', async () => {
      const { challenge } = pkce();
      const base = { response_type: 'code', client_id: publicClient.client_id, redirect_uri: REDIRECT, scope: SCOPE.read, state: 's1', code_challenge: challenge, code_challenge_method: 'S256' };
      const csrf = (await send('GET', authorizeUrl(publicClient.client_id, challenge), { cookie: true })).body.match(/name="csrf_token" value="([^"]+)"/)?.[1];
      assert.ok(csrf);
      const denied = await send('POST', '/oauth/authorize', { cookie: true, form: { ...base, csrf_token: csrf, decision: 'deny' } });
      assert.equal(denied.statusCode, 303);
      const location = new URL(String(denied.headers.location));
      assert.equal(location.searchParams.get('error'), 'access_denied');
      assert.equal(location.searchParams.get('state'), 's1');
      oauthError(await send('POST', '/oauth/authorize', { cookie: true, form: { ...base, csrf_token: 'wrong', decision: 'approve' } }), 403, 'access_denied');
      oauthError(await send('POST', '/oauth/authorize', { form: { ...base, csrf_token: csrf, decision: 'approve' } }), 401, 'access_denied');
    });

    it('errors of the authorization request: an unregistered redirect_uri is not followed; others go back with error and state', async () => {
      const { challenge } = pkce();
      oauthError(await send('GET', authorizeUrl(publicClient.client_id, challenge, { redirect_uri: 'https://evil.example/cb' }), { cookie: true }), 400, 'invalid_request');
      oauthError(await send('GET', authorizeUrl('no-such-client', challenge), { cookie: true }), 400, 'invalid_request');
      const cases: Array<[Record<string, string | undefined>, string]> = [
        [{ response_type: 'token' }, 'unsupported_response_type'],
        [{ scope: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/everything' }, 'invalid_scope'],
        [{ code_challenge: undefined }, 'invalid_request'],
        [{ code_challenge_method: 'plain' }, 'invalid_request'],
      ];
      for (const [extra, error] of cases) {
        const res = await send('GET', authorizeUrl(publicClient.client_id, challenge, extra), { cookie: true });
        assert.equal(res.statusCode, 303, `${JSON.stringify(extra)}: ${res.body}`);
        const location = new URL(String(res.headers.location));
        assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
        assert.equal(location.searchParams.get('error'), error, JSON.stringify(extra));
        assert.equal(location.searchParams.get('state'), 'xyz-state-123');
      }
      // A scope the client did not register.
      const res = await send('GET', authorizeUrl(confidential.client_id, challenge, { scope: SCOPE.upsert }), { cookie: true });
      assert.equal(new URL(String(res.headers.location)).searchParams.get('error'), 'invalid_scope');
    });

    it('the token endpoint: a wrong code_verifier, a reused code (its tokens revoked), another redirect_uri, an unknown grant type', async () => {
      const { verifier, challenge } = pkce();
      const code = await approve(publicClient.client_id, challenge);
      const exchange = (fields: Record<string, string | undefined>): Promise<Response> => send('POST', '/oauth/token', {
        form: { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: publicClient.client_id, code_verifier: verifier, ...fields },
      });
      oauthError(await exchange({ code_verifier: pkce().verifier }), 400, 'invalid_grant');
      // The failed attempt used the code up.
      oauthError(await exchange({}), 400, 'invalid_grant');

      const second = pkce();
      const code2 = await approve(publicClient.client_id, second.challenge);
      const ok = await send('POST', '/oauth/token', { form: { grant_type: 'authorization_code', code: code2, redirect_uri: REDIRECT, client_id: publicClient.client_id, code_verifier: second.verifier } });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.headers['cache-control'], 'no-store');
      const issued = ok.json<{ access_token: string }>();
      const again = await send('POST', '/oauth/token', { form: { grant_type: 'authorization_code', code: code2, redirect_uri: REDIRECT, client_id: publicClient.client_id, code_verifier: second.verifier } });
      oauthError(again, 400, 'invalid_grant');
      imsx(await send('GET', '/ims/ob/v3p0/profile', { headers: bearer(issued.access_token) }), 401, 'unauthorizedrequest');

      const third = pkce();
      const code3 = await approve(publicClient.client_id, third.challenge);
      oauthError(await send('POST', '/oauth/token', { form: { grant_type: 'authorization_code', code: code3, redirect_uri: 'https://wallet.example.org/other', client_id: publicClient.client_id, code_verifier: third.verifier } }), 400, 'invalid_grant');
      oauthError(await send('POST', '/oauth/token', { form: { grant_type: 'password', client_id: publicClient.client_id } }), 400, 'unsupported_grant_type');
      oauthError(await send('POST', '/oauth/token', { form: { grant_type: 'authorization_code', code: 'x', code_verifier: third.verifier, redirect_uri: REDIRECT, client_id: 'nobody' } }), 401, 'invalid_client');
    });

    it('a confidential client authenticates with HTTP Basic; a wrong secret is invalid_client; refresh rotates the pair', async () => {
      const { verifier, challenge } = pkce();
      const code = await approve(confidential.client_id, challenge, SCOPE.read);
      const basic = (secret: string): Record<string, string> => ({ authorization: `Basic ${Buffer.from(`${confidential.client_id}:${secret}`).toString('base64')}` });
      oauthError(await send('POST', '/oauth/token', { headers: basic('wrong'), form: { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier } }), 401, 'invalid_client');
      oauthError(await send('POST', '/oauth/token', { form: { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: confidential.client_id } }), 401, 'invalid_client');
      const res = await send('POST', '/oauth/token', { headers: basic(confidential.client_secret), form: { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier } });
      assert.equal(res.statusCode, 200, res.body);
      const first = res.json<{ access_token: string; refresh_token: string; scope: string }>();
      assert.equal(first.scope, SCOPE.read);
      const refreshed = await send('POST', '/oauth/token', { headers: basic(confidential.client_secret), form: { grant_type: 'refresh_token', refresh_token: first.refresh_token } });
      assert.equal(refreshed.statusCode, 200, refreshed.body);
      const next = refreshed.json<{ access_token: string }>();
      assert.equal((await send('GET', '/ims/ob/v3p0/credentials', { headers: bearer(next.access_token) })).statusCode, 200);
      imsx(await send('GET', '/ims/ob/v3p0/credentials', { headers: bearer(first.access_token) }), 401, 'unauthorizedrequest');
      oauthError(await send('POST', '/oauth/token', { headers: basic(confidential.client_secret), form: { grant_type: 'refresh_token', refresh_token: first.refresh_token } }), 400, 'invalid_grant');
    });
  });

  describe('the API', () => {
    let foreign: JsonObject;

    before(async () => {
      foreign = await referenceIssued(await newKey());
    });

    it('getCredentials: the learner\'s issued credential, valid against GetOpenBadgeCredentialsResponse; X-Total-Count and Link', async () => {
      const res = await send('GET', '/ims/ob/v3p0/credentials', { headers: bearer(tokens.access_token) });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<{ credential: Json[] }>();
      assert.ok(validateResponse(body), JSON.stringify(validateResponse.errors));
      assert.deepEqual(body.credential.map((c) => c.id), [issuedId]);
      assert.equal(res.headers['x-total-count'], '1');
      assert.match(String(res.headers.link), /rel="first"/);
      const stored = await platform.store.db.selectFrom('credentials').select('document').where('credential_id', '=', issuedId).executeTakeFirstOrThrow();
      assert.deepEqual(body.credential[0], JSON.parse(stored.document));
    });

    it('upsertCredential: a credential signed by the reference library is verified and added (201), the same id again replaces it (200)', async () => {
      const created = await send('POST', '/ims/ob/v3p0/credentials', { headers: bearer(tokens.access_token), json: foreign });
      assert.equal(created.statusCode, 201, created.body);
      assert.deepEqual(created.json(), foreign);
      const row = await platform.store.db.selectFrom('learner_imports as i').innerJoin('learner_accounts as a', 'a.id', 'i.account_id')
        .select(['i.report']).where('a.email', '=', EMAIL).executeTakeFirstOrThrow();
      assert.equal((row.report as Json).verdict, 'valid', JSON.stringify(row.report));
      const replaced = await send('POST', '/ims/ob/v3p0/credentials', { headers: bearer(tokens.access_token), json: foreign });
      assert.equal(replaced.statusCode, 200, replaced.body);
      // The issued credential is there already: 200, nothing added.
      const list = await send('GET', '/ims/ob/v3p0/credentials?limit=1&offset=0', { headers: bearer(tokens.access_token) });
      const issuedDoc = (await send('GET', '/ims/ob/v3p0/credentials?limit=1', { headers: bearer(tokens.access_token) })).json<{ credential: Json[] }>().credential[0];
      assert.equal((await send('POST', '/ims/ob/v3p0/credentials', { headers: bearer(tokens.access_token), json: issuedDoc })).statusCode, 200);
      assert.equal(list.headers['x-total-count'], '2');
      assert.match(String(list.headers.link), /offset=1>; rel="next"/);
      const page2 = await send('GET', '/ims/ob/v3p0/credentials?limit=1&offset=1', { headers: bearer(tokens.access_token) });
      const body = page2.json<{ credential: Json[] }>();
      assert.ok(validateResponse(body), JSON.stringify(validateResponse.errors));
      // The reference library's single proof object comes back as a one-element array (the schema's shape, the same JSON-LD).
      assert.deepEqual(body.credential, [{ ...foreign, proof: [foreign.proof] }]);
      const verified = await vc.verifyCredential({
        credential: body.credential[0], suite: new DataIntegrityProof({ cryptosuite: plainCryptosuite }), documentLoader: referenceLoader(),
        checkStatus: async () => ({ verified: true }),
      });
      assert.equal(verified.verified, true, JSON.stringify(verified.error));
      assert.match(String(page2.headers.link), /offset=0>; rel="prev"/);
      // A NUL in a credential is refused (as by the imports), never a 500; upserts go on working.
      imsx(await send('POST', '/ims/ob/v3p0/credentials', {
        headers: bearer(tokens.access_token), json: { ...foreignPlaceholder(), id: 'urn:uuid:00000000-0000-4000-8000-00000000000a', name: 'a\u0000b' },
      }), 400, 'invalid_data');
      assert.equal((await send('POST', '/ims/ob/v3p0/credentials', { headers: bearer(tokens.access_token), json: foreign })).statusCode, 200);
      imsx(await send('POST', '/ims/ob/v3p0/credentials', { headers: bearer(tokens.access_token), json: { hello: 'world' } }), 400, 'invalid_data');
      imsx(await send('POST', '/ims/ob/v3p0/credentials', { headers: bearer(tokens.access_token), json: [foreign] }), 400, 'invalid_data');
      imsx(await send('GET', '/ims/ob/v3p0/credentials?limit=0', { headers: bearer(tokens.access_token) }), 400, 'invalid_query_parameter');
    });

    it('getProfile: the learner as an OB 3.0 Profile', async () => {
      const res = await send('GET', '/ims/ob/v3p0/profile', { headers: bearer(tokens.access_token) });
      assert.equal(res.statusCode, 200, res.body);
      const profile = res.json<Json>();
      assert.deepEqual(profile.type, ['Profile']);
      assert.equal(profile.email, EMAIL);
      assert.equal(profile.name, 'Ola Obapi');
      const ajv = addFormats(new Ajv2019({ allErrors: true, strict: false }));
      assert.ok(ajv.validate(schema('profile.json'), profile), JSON.stringify(ajv.errors));
    });
  });

  describe('authorization failures (Imsx_StatusInfo, WWW-Authenticate)', () => {
    it('no token → 401 with a Bearer challenge; a malformed header → 400 invalid_request', async () => {
      for (const url of ['/ims/ob/v3p0/credentials', '/ims/ob/v3p0/profile']) {
        const res = await send('GET', url);
        imsx(res, 401, 'unauthorizedrequest');
        assert.match(String(res.headers['www-authenticate']), /^Bearer realm="mikrocred"/);
      }
      imsx(await send('POST', '/ims/ob/v3p0/credentials', { json: {} }), 401, 'unauthorizedrequest');
      for (const header of ['Basic abc', 'Bearer', 'Bearer two tokens', tokens.access_token]) {
        const res = await send('GET', '/ims/ob/v3p0/credentials', { headers: { authorization: header } });
        imsx(res, 400, 'invalid_data');
        assert.match(String(res.headers['www-authenticate']), /error="invalid_request"/);
      }
    });

    it('an unknown, an expired and a revoked token → 401 invalid_token', async () => {
      const check = async (token: string, what: string): Promise<void> => {
        const res = await send('GET', '/ims/ob/v3p0/credentials', { headers: bearer(token) });
        imsx(res, 401, 'unauthorizedrequest');
        assert.match(String(res.headers['www-authenticate']), /error="invalid_token"/, what);
      };
      await check(randomBytes(32).toString('base64url'), 'unknown');
      const expiring = await tokenFor(publicClient.client_id);
      assert.equal((await send('GET', '/ims/ob/v3p0/profile', { headers: bearer(expiring.access_token) })).statusCode, 200);
      await platform.store.db.updateTable('oauth_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', sha256(expiring.access_token)).execute();
      await check(expiring.access_token, 'expired');
      const revoking = await tokenFor(publicClient.client_id);
      const revoked = await send('POST', '/oauth/revoke', { form: { token: revoking.access_token, client_id: publicClient.client_id } });
      assert.equal(revoked.statusCode, 200, revoked.body);
      await check(revoking.access_token, 'revoked');
      // Its refresh token went with it; unknown tokens are no error (RFC 7009).
      oauthError(await send('POST', '/oauth/token', { form: { grant_type: 'refresh_token', refresh_token: revoking.refresh_token, client_id: publicClient.client_id } }), 400, 'invalid_grant');
      assert.equal((await send('POST', '/oauth/revoke', { form: { token: 'unknown', client_id: publicClient.client_id } })).statusCode, 200);
    });

    it('a token without the route\'s scope → 403 insufficient_scope', async () => {
      const readOnly = await tokenFor(publicClient.client_id, SCOPE.read);
      assert.equal((await send('GET', '/ims/ob/v3p0/credentials', { headers: bearer(readOnly.access_token) })).statusCode, 200);
      const post = await send('POST', '/ims/ob/v3p0/credentials', { headers: bearer(readOnly.access_token), json: foreignPlaceholder() });
      imsx(post, 403, 'forbidden');
      assert.match(String(post.headers['www-authenticate']), /error="insufficient_scope", scope="https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/scope\/credential\.upsert"/);
      imsx(await send('GET', '/ims/ob/v3p0/profile', { headers: bearer(readOnly.access_token) }), 403, 'forbidden');
    });
  });

  describe('the learner\'s authorised applications (/api/v1/me/apps)', () => {
    let csrf: string;
    let other: { cookie: string; csrf: string };
    let app1: { client_id: string };

    /** A learner's session of a fresh credential's claim link: its cookie and CSRF token. */
    async function otherLearner(email: string): Promise<{ cookie: string; csrf: string }> {
      const issued = await app.inject({
        method: 'POST', url: `/api/v1/institutions/${A.institution.slug}/credentials`, headers: { authorization: `Bearer ${A.keys.issuer.key}` },
        payload: { specId: A.publishedSpecId, learner: { givenName: 'Inna', familyName: 'Osoba', email } },
      });
      assert.equal(issued.statusCode, 201, issued.body);
      const mail = await platform.store.db.selectFrom('outbox').select('text_body').where('to_address', '=', email).executeTakeFirstOrThrow();
      const claim = /\/claim\/[A-Za-z0-9_-]+/.exec(mail.text_body)?.[0];
      assert.ok(claim);
      const cookie = (await app.inject({ method: 'GET', url: claim })).cookies.find((c) => c.name === 'mikrocred_learner')?.value;
      assert.ok(cookie);
      const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `mikrocred_learner=${cookie}` } });
      return { cookie, csrf: String(me.json<Json>().csrfToken) };
    }

    const asOther = (method: 'GET' | 'DELETE', url: string): Promise<Response> =>
      app.inject({ method, url, headers: { cookie: `mikrocred_learner=${other.cookie}`, 'x-csrf-token': other.csrf } });
    const mine = (): Promise<Response> => send('GET', '/api/v1/me/apps', { cookie: true });
    const revoke = (clientId: string, withCsrf = true): Promise<Response> =>
      send('DELETE', `/api/v1/me/apps/${encodeURIComponent(clientId)}`, { cookie: true, headers: withCsrf ? { 'x-csrf-token': csrf } : {} });
    const entryOf = (res: Response, clientId: string): Json | undefined => res.json<Json[]>().find((a) => a.clientId === clientId);
    /** A public client, registered from an address of its own (registration allows 10 a minute per address). */
    let registrations = 0;
    async function register(name: string, clientUri: string): Promise<{ client_id: string }> {
      registrations += 1;
      const res = await app.inject({
        method: 'POST', url: '/oauth/register', remoteAddress: `10.99.0.${registrations}`,
        payload: { client_name: name, redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', client_uri: clientUri },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json();
    }

    before(async () => {
      csrf = String((await send('GET', '/api/v1/me', { cookie: true })).json<Json>().csrfToken);
      other = await otherLearner('inna.osoba@example.org');
      app1 = await register('Szafa Odznak', 'https://szafa.example.org/');
    });

    it('lists an authorised app once, with its site, the union of its grants\' scopes, dates, last use and live tokens; no token hashes', async () => {
      const first = await tokenFor(app1.client_id, `${SCOPE.read} ${SCOPE.profile}`);
      const second = await tokenFor(app1.client_id, SCOPE.read);
      assert.equal((await send('GET', '/ims/ob/v3p0/credentials', { headers: bearer(first.access_token) })).statusCode, 200);
      const res = await mine();
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json<Json[]>().filter((a) => a.clientId === app1.client_id).length, 1);
      const entry = entryOf(res, app1.client_id);
      assert.ok(entry, res.body);
      assert.deepEqual([entry.name, entry.clientUri, entry.redirectHosts], ['Szafa Odznak', 'https://szafa.example.org/', ['wallet.example.org']]);
      assert.deepEqual([...(entry.scopes as string[])].sort(), [SCOPE.read, SCOPE.profile].sort());
      assert.deepEqual([entry.liveAccessToken, entry.liveRefreshToken, entry.active], [true, true, true]);
      assert.ok(Date.parse(String(entry.firstAuthorisedAt)) <= Date.parse(String(entry.lastTokenIssuedAt)));
      assert.ok(Math.abs(Date.parse(String(entry.lastUsedAt)) - Date.now()) < 60_000, String(entry.lastUsedAt));
      for (const secret of [first.access_token, first.refresh_token, sha256(first.access_token), sha256(first.refresh_token), sha256(second.refresh_token)]) {
        assert.ok(!res.body.includes(secret), 'no token and no token hash in the list');
      }
      // Last use is written at most once a minute; refresh rotation keeps the first approval's date.
      const usedAt = async (): Promise<number> => new Date((await platform.store.db.selectFrom('oauth_tokens').select('last_used_at')
        .where('id', '=', sha256(first.access_token)).executeTakeFirstOrThrow()).last_used_at ?? 0).getTime();
      const once = await usedAt();
      assert.ok(once > 0);
      assert.equal((await send('GET', '/ims/ob/v3p0/credentials', { headers: bearer(first.access_token) })).statusCode, 200);
      assert.equal(await usedAt(), once);
      const refreshed = await send('POST', '/oauth/token', { form: { grant_type: 'refresh_token', refresh_token: second.refresh_token, client_id: app1.client_id } });
      assert.equal(refreshed.statusCode, 200, refreshed.body);
      const after = entryOf(await mine(), app1.client_id);
      assert.equal(after?.firstAuthorisedAt, entry.firstAuthorisedAt);
      assert.notEqual(after?.lastTokenIssuedAt, entry.lastTokenIssuedAt);
    });

    it('a client_uri that is not an http(s) URL is not shown as the app\'s site', async () => {
      const client = await register('Podejrzana', 'javascript:alert(1)');
      await tokenFor(client.client_id, SCOPE.read);
      assert.equal(entryOf(await mine(), client.client_id)?.clientUri, null);
    });

    it('another learner neither sees nor revokes it (404, like an unknown client)', async () => {
      const theirs = await asOther('GET', '/api/v1/me/apps');
      assert.equal(theirs.statusCode, 200, theirs.body);
      assert.deepEqual(theirs.json(), []);
      for (const clientId of [app1.client_id, 'no-such-client']) {
        const res = await asOther('DELETE', `/api/v1/me/apps/${clientId}`);
        assert.equal(res.statusCode, 404, res.body);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      }
      assert.equal((await revoke('no-such-client')).statusCode, 404);
      assert.equal(entryOf(await mine(), app1.client_id)?.active, true);
    });

    it('revoking ends every token and unused code of the app at once (audited); the API refuses them; again: 204, nothing more', async () => {
      const live = await tokenFor(app1.client_id);
      const pending = pkce();
      const code = await approve(app1.client_id, pending.challenge, SCOPE.read);
      assert.equal((await send('GET', '/ims/ob/v3p0/profile', { headers: bearer(live.access_token) })).statusCode, 200);
      // Another app of the same learner keeps working.
      const otherApp = await tokenFor(publicClient.client_id, SCOPE.read);
      const liveBefore = await platform.store.db.selectFrom('oauth_tokens').select('id').where('client_id', '=', app1.client_id).where('revoked_at', 'is', null).execute();
      assert.ok(liveBefore.length >= 3, `${liveBefore.length} live token pairs`);

      const refused = await revoke(app1.client_id, false);
      assert.equal(refused.statusCode, 403, refused.body);
      const res = await revoke(app1.client_id);
      assert.equal(res.statusCode, 204, res.body);

      for (const url of ['/ims/ob/v3p0/credentials', '/ims/ob/v3p0/profile']) {
        const answer = await send('GET', url, { headers: bearer(live.access_token) });
        imsx(answer, 401, 'unauthorizedrequest');
        assert.match(String(answer.headers['www-authenticate']), /error="invalid_token"/);
      }
      oauthError(await send('POST', '/oauth/token', { form: { grant_type: 'refresh_token', refresh_token: live.refresh_token, client_id: app1.client_id } }), 400, 'invalid_grant');
      oauthError(await send('POST', '/oauth/token', {
        form: { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: app1.client_id, code_verifier: pending.verifier },
      }), 400, 'invalid_grant');
      assert.equal((await send('GET', '/ims/ob/v3p0/credentials', { headers: bearer(otherApp.access_token) })).statusCode, 200);
      assert.equal(entryOf(await mine(), app1.client_id), undefined);
      assert.ok(entryOf(await mine(), publicClient.client_id));

      assert.equal((await revoke(app1.client_id)).statusCode, 204);
      const audited = await platform.store.db.selectFrom('audit_log').select(['actor_type', 'actor_id', 'institution_id', 'target_type', 'target_id', 'details'])
        .where('action', '=', 'learner.app_revoke').where('target_id', '=', app1.client_id).execute();
      assert.equal(audited.length, 1);
      assert.deepEqual(audited[0], {
        actor_type: 'system', actor_id: null, institution_id: null, target_type: 'oauth_client', target_id: app1.client_id,
        details: { tokens: liveBefore.length, codes: 1 },
      });
    });

    it('the data export lists the authorised apps (the revoked one as ended), without token hashes', async () => {
      const res = await send('GET', '/api/v1/me/export', { cookie: true });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      const apps = res.json<{ authorisedApps: Json[] }>().authorisedApps;
      const revoked = apps.find((a) => a.clientId === app1.client_id);
      assert.ok(revoked, 'the revoked app is in the export');
      assert.deepEqual([revoked.name, revoked.active, revoked.liveAccessToken, revoked.liveRefreshToken], ['Szafa Odznak', false, false, false]);
      assert.equal(apps.find((a) => a.clientId === publicClient.client_id)?.active, true);
      const hashes = await platform.store.db.selectFrom('oauth_tokens').select(['id', 'refresh_hash']).execute();
      for (const row of hashes) {
        assert.ok(!res.body.includes(row.id) && (row.refresh_hash === null || !res.body.includes(row.refresh_hash)), 'no token hash in the export');
      }
      const theirs = await asOther('GET', '/api/v1/me/export');
      assert.deepEqual(theirs.json<{ authorisedApps: Json[] }>().authorisedApps, []);
    });
  });
});

function foreignPlaceholder(): Json {
  return { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], credentialSubject: {} };
}
