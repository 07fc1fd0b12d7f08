/**
 * The 1EdTech Open Badges 3.0 API for learners (docs/learner.md, "Open Badges 3.0 API") and the OAuth 2.0
 * authorization server it requires:
 *
 * - `/oauth/register` (RFC 7591), `/oauth/authorize` (RFC 6749 §4.1 with PKCE S256, RFC 7636: a consent page for the
 *   signed-in learner, PL/EN, approved by a CSRF-protected form POST), `/oauth/token` (authorization_code,
 *   refresh_token), `/oauth/revoke` (RFC 7009). Errors: `{ error, error_description }`, or a redirect to the client
 *   with `error` and `state` (RFC 6749 §4.1.2.1).
 * - `/ims/ob/v3p0/discovery` (the service description), `GET|POST /ims/ob/v3p0/credentials`, `GET /ims/ob/v3p0/profile`,
 *   with a bearer access token of the right scope. Errors: `Imsx_StatusInfo` (401 for a missing, unknown, expired or
 *   revoked token with `WWW-Authenticate: Bearer`, 403 `insufficient_scope` for a token without the route's scope).
 *
 * Both are their own encapsulated plugins with their own error handlers: none of their answers is problem+json.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { JsonObject } from '../../credentials/build.ts';
import { learnerSession } from '../../services/learner-accounts.ts';
import { escapeHtml } from '../../services/notifications.ts';
import {
  ALL_SCOPES, authenticateClient, checkAuthorizationRequest, checkBearer, exchangeCode, issueCode, OAuthError, RedirectError, redirectWith,
  refreshTokens, registerClient, revokeToken, SCOPE_DESCRIPTIONS, SCOPES, type AuthorizationRequest,
} from '../../services/oauth.ts';
import { accountById, learnerCredentialsPage, learnerProfile, upsertCredential } from '../../services/ob3-api.ts';
import { ServiceError, type Platform } from '../../services/platform.ts';
import { LEARNER_COOKIE } from '../auth.ts';
import { requestLanguage } from '../problems.ts';
import { JsonObjectSchema } from './schemas.ts';

export const OB3_BASE = '/ims/ob/v3p0';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The OAuth scope an Open Badges 3.0 API route requires (its bearer token must carry it). */
    ob3Scope?: string;
  }
  interface FastifyRequest {
    ob3AccountId: string | undefined;
  }
}

// ---- OAuth 2.0 ----

const Text = z.string().max(2000);
const OAuthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

function sendOAuthError(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  if (status === 401) reply.header('www-authenticate', 'Basic realm="mikrocred"');
  return reply.code(status).header('cache-control', 'no-store').type('application/json; charset=utf-8').send({ error, error_description: description });
}

/** PostgreSQL refuses NUL characters and invalid byte sequences in text. */
function refusedText(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '22021' || code === '22P05';
}

function oauthErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const registration = request.url.startsWith('/oauth/register');
  if (error instanceof OAuthError) return sendOAuthError(reply, error.status, error.error, error.description);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const what = error.validation.map((v) => `${error.validationContext ?? 'body'}${v.instancePath.replace(/\//g, '.')}: ${v.message ?? 'invalid'}`).join('; ');
    return sendOAuthError(reply, 400, registration ? 'invalid_client_metadata' : 'invalid_request', what);
  }
  if (refusedText(error)) return sendOAuthError(reply, 400, registration ? 'invalid_client_metadata' : 'invalid_request', 'the text contains a forbidden character (NUL)');
  const status = error.statusCode ?? 500;
  if (status === 429) return sendOAuthError(reply, 429, 'slow_down', 'too many requests; try again later');
  if (status >= 400 && status < 500) return sendOAuthError(reply, status, 'invalid_request', error.message);
  request.log.error({ err: error }, 'unhandled error');
  return sendOAuthError(reply, 500, 'server_error', 'server error');
}

/** Form bodies (`application/x-www-form-urlencoded`, RFC 6749 §4.1.3) as objects; a repeated parameter is an error. */
function parseForm(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    if (Object.hasOwn(out, name)) throw new OAuthError(400, 'invalid_request', `parameter repeated: ${name}`);
    out[name] = value;
  }
  return out;
}

const AuthorizeQuery = z.object({
  response_type: Text.optional(), client_id: Text.optional(), redirect_uri: Text.optional(), scope: Text.optional(), state: Text.optional(),
  code_challenge: Text.optional(), code_challenge_method: Text.optional(),
});

const ConsentBody = AuthorizeQuery.extend({ decision: z.enum(['approve', 'deny']), csrf_token: Text });

const TokenBody = z.object({
  grant_type: Text.optional(), code: Text.optional(), redirect_uri: Text.optional(), code_verifier: Text.optional(), refresh_token: Text.optional(),
  scope: Text.optional(), client_id: Text.optional(), client_secret: Text.optional(),
});

const RevokeBody = z.object({ token: Text.optional(), token_type_hint: Text.optional(), client_id: Text.optional(), client_secret: Text.optional() });

const Uri = z.string().min(1).max(2000);
const RegisterBody = z.object({
  client_name: z.string().min(1).max(200),
  redirect_uris: z.array(Uri).min(1).max(10),
  scope: z.string().max(2000).optional(),
  token_endpoint_auth_method: z.enum(['none', 'client_secret_basic', 'client_secret_post']).optional(),
  grant_types: z.array(z.string().max(100)).max(5).optional(),
  response_types: z.array(z.string().max(100)).max(5).optional(),
  client_uri: Uri.optional(), logo_uri: Uri.optional(), tos_uri: Uri.optional(), policy_uri: Uri.optional(),
  contacts: z.array(z.string().max(254)).max(10).optional(),
  software_id: z.string().max(200).optional(), software_version: z.string().max(100).optional(),
});

const TokenResponseSchema = z.object({
  access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.number(), refresh_token: z.string(), scope: z.string(),
});

async function signedInLearner(platform: Platform, request: FastifyRequest): Promise<{ accountId: string; email: string; csrfToken: string } | undefined> {
  const token = request.cookies[LEARNER_COOKIE];
  if (!token) return undefined;
  const found = await learnerSession(platform, token);
  return found ? { accountId: found.account.id, email: found.account.email, csrfToken: found.csrfToken } : undefined;
}

function consentPage(lang: 'pl' | 'en', req: AuthorizationRequest, email: string, csrfToken: string): string {
  const e = escapeHtml;
  const t = lang === 'pl'
    ? { title: 'Zgoda na dostęp', asks: 'prosi o dostęp do Twojego konta Mikrocred', as: 'Zalogowano jako', may: 'Aplikacja będzie mogła:', to: 'Po decyzji wrócisz do', later: 'Dostęp możesz w każdej chwili odebrać na stronie', approve: 'Zezwól', deny: 'Odmów' }
    : { title: 'Allow access', asks: 'asks for access to your Mikrocred account', as: 'Signed in as', may: 'The application will be able to:', to: 'After you decide you go back to', later: 'You can revoke the access at any time on the page', approve: 'Allow', deny: 'Deny' };
  const hidden = (name: string, value: string | undefined): string => (value === undefined ? '' : `<input type="hidden" name="${name}" value="${e(value)}">`);
  return [
    '<!DOCTYPE html>', `<html lang="${lang}">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${e(t.title)} · Mikrocred</title></head>`,
    '<body style="font-family:system-ui,Arial,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5">',
    `<h1>${e(t.title)}</h1>`,
    `<p><strong>${e(req.client.name)}</strong> ${e(t.asks)}.</p>`,
    `<p>${e(t.as)}: ${e(email)}</p>`,
    `<p>${e(t.may)}</p>`,
    `<ul>${req.scopes.map((s) => `<li>${e(SCOPE_DESCRIPTIONS[s]?.[lang] ?? s)}</li>`).join('')}</ul>`,
    `<p>${e(t.to)} <code>${e(new URL(req.redirectUri).origin)}</code></p>`,
    `<p>${e(t.later)} <a href="/me/apps">/me/apps</a>.</p>`,
    '<form method="post" action="/oauth/authorize">',
    hidden('response_type', 'code'), hidden('client_id', req.client.id), hidden('redirect_uri', req.redirectUri), hidden('scope', req.scopes.join(' ')),
    hidden('state', req.state), hidden('code_challenge', req.codeChallenge), hidden('code_challenge_method', 'S256'), hidden('csrf_token', csrfToken),
    `<button type="submit" name="decision" value="approve">${e(t.approve)}</button> `,
    `<button type="submit" name="decision" value="deny">${e(t.deny)}</button>`,
    '</form>', '</body>', '</html>', '',
  ].join('\n');
}

function oauthRoutes(platform: Platform) {
  return async function plugin(base: FastifyInstance): Promise<void> {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.setErrorHandler(oauthErrorHandler);
    const redirectError = (reply: FastifyReply, error: RedirectError): FastifyReply =>
      reply.redirect(redirectWith(error.redirectUri, { error: error.error, error_description: error.description, state: error.state }), 303);

    app.post('/oauth/register', {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['ob3'], summary: 'OAuth 2.0 dynamic client registration (RFC 7591) for the Open Badges 3.0 API: client metadata → client_id (+ client_secret unless token_endpoint_auth_method is none)',
        body: RegisterBody, response: { 201: JsonObjectSchema, 400: OAuthErrorSchema },
      },
    }, async (request, reply) => reply.code(201).header('cache-control', 'no-store').send(await registerClient(platform, request.body)));

    // The token, revocation and consent endpoints take form bodies (RFC 6749 §4.1.3, RFC 7009 §2.1); registration is JSON only.
    await app.register(async (scope) => {
      const forms = scope.withTypeProvider<ZodTypeProvider>();
      forms.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
        try {
          done(null, parseForm(String(body)));
        } catch (error) {
          done(error as Error, undefined);
        }
      });

      forms.get('/oauth/authorize', {
        config: { access: 'public' },
        schema: {
          tags: ['ob3'], summary: 'OAuth 2.0 authorization endpoint (code + PKCE S256): the consent page for the signed-in learner, else 303 to /me/sign-in?next=…',
          querystring: AuthorizeQuery,
        },
      }, async (request, reply) => {
        let checked: AuthorizationRequest;
        try {
          checked = await checkAuthorizationRequest(platform, request.query);
        } catch (error) {
          if (error instanceof RedirectError) return redirectError(reply, error);
          throw error;
        }
        const learner = await signedInLearner(platform, request);
        if (!learner) return reply.redirect(`/me/sign-in?next=${encodeURIComponent(request.url)}`, 303);
        // The approval's redirect goes to the client: a form-action of 'self' alone would stop it in browsers.
        const csp = `default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self' ${new URL(checked.redirectUri).origin}`;
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('content-security-policy', csp)
          .send(consentPage(requestLanguage(request), checked, learner.email, learner.csrfToken));
      });

      forms.post('/oauth/authorize', {
        config: { access: 'public' },
        schema: {
          tags: ['ob3'], summary: 'The consent form (application/x-www-form-urlencoded, from the consent page): approve → 303 to redirect_uri with code and state; deny → error=access_denied',
          body: ConsentBody,
        },
      }, async (request, reply) => {
        const learner = await signedInLearner(platform, request);
        if (!learner) throw new OAuthError(401, 'access_denied', 'no signed-in learner');
        if (request.body.csrf_token !== learner.csrfToken) throw new OAuthError(403, 'access_denied', 'missing or wrong CSRF token');
        let checked: AuthorizationRequest;
        try {
          checked = await checkAuthorizationRequest(platform, request.body);
        } catch (error) {
          if (error instanceof RedirectError) return redirectError(reply, error);
          throw error;
        }
        if (request.body.decision === 'deny') {
          return redirectError(reply, new RedirectError(checked.redirectUri, 'access_denied', 'the learner refused', checked.state));
        }
        const code = await issueCode(platform, learner.accountId, checked);
        return reply.redirect(redirectWith(checked.redirectUri, { code, state: checked.state }), 303);
      });

      forms.post('/oauth/token', {
        config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: {
          tags: ['ob3'], summary: 'OAuth 2.0 token endpoint (application/x-www-form-urlencoded): grant_type authorization_code (with code_verifier) or refresh_token → a Bearer access token (1 hour) and a refresh token',
          body: TokenBody, response: { 200: TokenResponseSchema, 400: OAuthErrorSchema, 401: OAuthErrorSchema },
        },
      }, async (request, reply) => {
        const body = request.body;
        const client = await authenticateClient(platform, request.headers.authorization, body);
        reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
        switch (body.grant_type) {
          case 'authorization_code': return exchangeCode(platform, client, body);
          case 'refresh_token': return refreshTokens(platform, client, body);
          case undefined: throw new OAuthError(400, 'invalid_request', 'grant_type is required');
          default: throw new OAuthError(400, 'unsupported_grant_type', 'grant_type: authorization_code or refresh_token');
        }
      });

      forms.post('/oauth/revoke', {
        config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: {
          tags: ['ob3'], summary: 'OAuth 2.0 token revocation (RFC 7009, application/x-www-form-urlencoded): an access or refresh token of the client; 200 even when unknown',
          body: RevokeBody,
        },
      }, async (request, reply) => {
        const client = await authenticateClient(platform, request.headers.authorization, request.body);
        if (request.body.token === undefined) throw new OAuthError(400, 'invalid_request', 'token is required');
        await revokeToken(platform, client, request.body.token);
        return reply.code(200).header('cache-control', 'no-store').send({});
      });
    });
  };
}

// ---- Open Badges 3.0 API ----

type CodeMinor = 'forbidden' | 'internal_server_error' | 'invalid_data' | 'invalid_query_parameter' | 'not_allowed' | 'not_found'
  | 'server_busy' | 'unauthorizedrequest' | 'unknown' | 'not_acceptable';

/** The spec's Imsx_StatusInfo error body. */
export function imsxStatus(description: string, codeMinor: CodeMinor): JsonObject {
  return {
    imsx_codeMajor: 'failure', imsx_severity: 'error', imsx_description: description,
    imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: codeMinor }] },
  };
}

function sendImsx(reply: FastifyReply, status: number, description: string, codeMinor: CodeMinor): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(imsxStatus(description, codeMinor));
}

function ob3ErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body';
    const what = error.validation.map((v) => `${where}${v.instancePath.replace(/\//g, '.')}: ${v.message ?? 'invalid'}`).join('; ');
    return sendImsx(reply, 400, what, where === 'querystring' ? 'invalid_query_parameter' : 'invalid_data');
  }
  if (error instanceof ServiceError) {
    if (error.status === 404) return sendImsx(reply, 404, error.text.en, 'not_found');
    if (error.status === 429) return sendImsx(reply, 429, error.text.en, 'server_busy');
    if (error.status === 401) return sendImsx(reply, 401, error.text.en, 'unauthorizedrequest');
    if (error.status === 403) return sendImsx(reply, 403, error.text.en, 'forbidden');
    return sendImsx(reply, error.status === 413 ? 413 : 400, error.text.en, 'invalid_data');
  }
  if (refusedText(error)) return sendImsx(reply, 400, 'The text contains a forbidden character (NUL)', 'invalid_data');
  const status = error.statusCode ?? 500;
  if (status === 429) return sendImsx(reply, 429, 'Too many requests; try again later', 'server_busy');
  if (status === 405) return sendImsx(reply, 405, error.message, 'not_allowed');
  if (status === 406) return sendImsx(reply, 406, error.message, 'not_acceptable');
  if (status >= 400 && status < 500) return sendImsx(reply, status, error.message, 'invalid_data');
  request.log.error({ err: error }, 'unhandled error');
  return sendImsx(reply, 500, 'Server error', 'internal_server_error');
}

const ImsxSchema = z.object({
  imsx_codeMajor: z.string(), imsx_severity: z.string(), imsx_description: z.string().optional(),
  imsx_codeMinor: z.object({ imsx_codeMinorField: z.array(z.object({ imsx_codeMinorFieldName: z.string(), imsx_codeMinorFieldValue: z.string() })) }).optional(),
});
const ImsxResponses = { 400: ImsxSchema, 401: ImsxSchema, 403: ImsxSchema };

export const MAX_PAGE = 1000;

/** The discovery document: the OpenAPI service description of this API with its OAuth 2.0 endpoints and scopes. */
export function discoveryDocument(platform: Platform): JsonObject {
  const base = platform.baseUrl;
  const imsx = { $ref: '#/components/schemas/Imsx_StatusInfo' };
  const errors = Object.fromEntries(['400', '401', '403', '404', '405', '500'].map((code) => [code, { description: 'Imsx_StatusInfo', content: { 'application/json': { schema: imsx } } }]));
  const secured = (scope: string): unknown[] => [{ OAuth2ACG: [scope] }];
  return {
    openapi: '3.0.1',
    info: {
      title: 'Mikrocred Open Badges API', version: '3.0', description: 'The Open Badges 3.0 API of the Mikrocred learner portal',
      termsOfService: `${base}/`, 'x-imssf-privacyPolicyUrl': `${base}/`, 'x-imssf-image': `${base}/favicon.ico`,
    },
    servers: [{ url: `${base}${OB3_BASE}`, description: 'Mikrocred' }],
    tags: [{ name: 'OpenBadgeCredentials' }, { name: 'Profile' }, { name: 'Discovery' }],
    paths: {
      '/credentials': {
        get: {
          tags: ['OpenBadgeCredentials'], operationId: 'getCredentials', summary: 'The learner\'s credentials',
          parameters: [
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE } },
            { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } },
          ],
          security: secured(SCOPES.credentialRead),
          responses: { 200: { description: 'GetOpenBadgeCredentialsResponse', content: { 'application/json': { schema: { $ref: '#/components/schemas/GetOpenBadgeCredentialsResponse' } } } }, ...errors },
        },
        post: {
          tags: ['OpenBadgeCredentials'], operationId: 'upsertCredential', summary: 'Add or replace a credential in the learner\'s collection',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/AchievementCredential' } } } },
          security: secured(SCOPES.credentialUpsert),
          responses: { 200: { description: 'Replaced' }, 201: { description: 'Created' }, ...errors },
        },
      },
      '/profile': {
        get: { tags: ['Profile'], operationId: 'getProfile', summary: 'The learner\'s profile', security: secured(SCOPES.profileRead), responses: { 200: { description: 'Profile' }, ...errors } },
      },
      '/discovery': { get: { tags: ['Discovery'], operationId: 'getServiceDescription', summary: 'This document', responses: { 200: { description: 'ServiceDescriptionDocument' } } } },
    },
    components: {
      securitySchemes: {
        OAuth2ACG: {
          type: 'oauth2', description: 'OAuth 2.0 authorization code grant with PKCE (S256)',
          'x-imssf-registrationUrl': `${base}/oauth/register`,
          flows: {
            authorizationCode: {
              authorizationUrl: `${base}/oauth/authorize`, tokenUrl: `${base}/oauth/token`, refreshUrl: `${base}/oauth/token`,
              'x-imssf-revocationUrl': `${base}/oauth/revoke`,
              scopes: Object.fromEntries(ALL_SCOPES.map((s) => [s, SCOPE_DESCRIPTIONS[s]?.en ?? s])),
            },
          },
        },
      },
      schemas: {
        Imsx_StatusInfo: { $ref: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_imsx_statusinfo-jsonschema1.json' },
        GetOpenBadgeCredentialsResponse: { $ref: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_getopenbadgecredentialsresponse-jsonschema1.json' },
        AchievementCredential: { $ref: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json' },
      },
    },
  };
}

function ob3Routes(platform: Platform) {
  return async function plugin(base: FastifyInstance): Promise<void> {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.setErrorHandler(ob3ErrorHandler);
    app.decorateRequest('ob3AccountId', undefined);

    // Before the body is parsed or validated: who calls, with what scope (RFC 6750 §3).
    app.addHook('onRequest', async (request, reply) => {
      const scope = request.routeOptions.config.ob3Scope;
      if (scope === undefined) return;
      const checked = await checkBearer(platform, request.headers.authorization);
      const realm = 'realm="mikrocred"';
      if (!checked.ok) {
        if (checked.reason === 'missing') {
          reply.header('www-authenticate', `Bearer ${realm}, scope="${scope}"`);
          return sendImsx(reply, 401, 'An access token is required (Authorization: Bearer)', 'unauthorizedrequest');
        }
        if (checked.reason === 'malformed') {
          reply.header('www-authenticate', `Bearer ${realm}, error="invalid_request", error_description="malformed Authorization header"`);
          return sendImsx(reply, 400, 'Malformed Authorization header: expected "Bearer <token>"', 'invalid_data');
        }
        reply.header('www-authenticate', `Bearer ${realm}, error="invalid_token", error_description="the access token is unknown, expired or revoked"`);
        return sendImsx(reply, 401, 'The access token is unknown, expired or revoked', 'unauthorizedrequest');
      }
      if (!checked.scopes.includes(scope)) {
        reply.header('www-authenticate', `Bearer ${realm}, error="insufficient_scope", scope="${scope}"`);
        return sendImsx(reply, 403, `The access token lacks the scope ${scope}`, 'forbidden');
      }
      request.ob3AccountId = checked.accountId;
      return undefined;
    });

    const accountOf = async (request: FastifyRequest) => {
      const account = request.ob3AccountId === undefined ? undefined : await accountById(platform, request.ob3AccountId);
      if (!account) throw new ServiceError(401, 'unauthenticated', { pl: 'Nieznane konto', en: 'Unknown account' });
      return account;
    };

    app.get(`${OB3_BASE}/discovery`, {
      config: { access: 'public' },
      schema: { tags: ['ob3'], summary: 'Open Badges 3.0 API service description (OpenAPI, with the OAuth 2.0 endpoints and scopes)', response: { 200: JsonObjectSchema } },
    }, async (_request, reply) => reply.header('cache-control', 'public, max-age=3600').send(discoveryDocument(platform)));

    app.get(`${OB3_BASE}/credentials`, {
      config: { access: 'public', ob3Scope: SCOPES.credentialRead },
      schema: {
        tags: ['ob3'], summary: 'getCredentials: the learner\'s credentials (issued here, then imported) with X-Total-Count and Link paging headers; Bearer token with credential.readonly',
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
        response: { 200: z.object({ credential: z.array(JsonObjectSchema) }), ...ImsxResponses },
      },
    }, async (request, reply) => {
      const { limit, offset } = request.query;
      const page = await learnerCredentialsPage(platform, await accountOf(request), offset, limit);
      const url = (at: number): string => `<${platform.baseUrl}${OB3_BASE}/credentials?limit=${limit}&offset=${at}>`;
      const links = [`${url(0)}; rel="first"`, `${url(Math.max(0, Math.floor(Math.max(page.total - 1, 0) / limit) * limit))}; rel="last"`];
      if (offset + limit < page.total) links.push(`${url(offset + limit)}; rel="next"`);
      if (offset > 0) links.push(`${url(Math.max(0, offset - limit))}; rel="prev"`);
      return reply.header('x-total-count', String(page.total)).header('link', links.join(', ')).header('cache-control', 'no-store')
        .send({ credential: page.credentials });
    });

    app.post(`${OB3_BASE}/credentials`, {
      config: { access: 'public', ob3Scope: SCOPES.credentialUpsert },
      bodyLimit: 6 * 1024 * 1024,
      schema: {
        tags: ['ob3'], summary: 'upsertCredential: add a credential (JSON) to the learner\'s collection, verified now (201), or replace the one with the same id (200); Bearer token with credential.upsert',
        body: JsonObjectSchema, response: { 200: JsonObjectSchema, 201: JsonObjectSchema, ...ImsxResponses },
      },
    }, async (request, reply) => {
      const result = await upsertCredential(platform, await accountOf(request), request.body);
      return reply.code(result.created ? 201 : 200).send(result.credential);
    });

    app.get(`${OB3_BASE}/profile`, {
      config: { access: 'public', ob3Scope: SCOPES.profileRead },
      schema: { tags: ['ob3'], summary: 'getProfile: the learner\'s profile (OB 3.0 Profile); Bearer token with profile.readonly', response: { 200: JsonObjectSchema, ...ImsxResponses } },
    }, async (request, reply) => reply.header('cache-control', 'no-store').send(await learnerProfile(platform, await accountOf(request))));
  };
}

/** Both plugins: register once in src/http/app.ts. */
export function ob3ApiRoutes(platform: Platform) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    await app.register(oauthRoutes(platform));
    await app.register(ob3Routes(platform));
  };
}
