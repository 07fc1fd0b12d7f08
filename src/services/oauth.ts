/**
 * OAuth 2.0 for the Open Badges 3.0 API (docs/learner.md, "Open Badges 3.0 API"): dynamic client registration
 * (RFC 7591), the authorization code grant (RFC 6749 §4.1) with PKCE S256 only (RFC 7636), refresh tokens with
 * rotation, and revocation (RFC 7009). The resource owner is a learner account. Codes, access and refresh tokens are
 * opaque random strings of which only the SHA-256 is stored; client secrets likewise. Each token keeps when the learner
 * approved its grant and when it was last used (to the minute), for the learner's list of authorised applications.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Platform } from './platform.ts';
import { sha256 } from './learner-accounts.ts';

export const OB3_SCOPE_BASE = 'https://purl.imsglobal.org/spec/ob/v3p0/scope/';
export const SCOPES = {
  credentialRead: `${OB3_SCOPE_BASE}credential.readonly`,
  credentialUpsert: `${OB3_SCOPE_BASE}credential.upsert`,
  profileRead: `${OB3_SCOPE_BASE}profile.readonly`,
} as const;
export const ALL_SCOPES: readonly string[] = Object.values(SCOPES);
export const SCOPE_DESCRIPTIONS: Readonly<Record<string, { pl: string; en: string }>> = {
  [SCOPES.credentialRead]: { pl: 'odczyt Twoich poświadczeń', en: 'read your credentials' },
  [SCOPES.credentialUpsert]: { pl: 'dodawanie i zmiana poświadczeń w Twojej kolekcji', en: 'add and update credentials in your collection' },
  [SCOPES.profileRead]: { pl: 'odczyt Twojego profilu (adres e-mail, imię i nazwisko)', en: 'read your profile (e-mail address, name)' },
};

export const ACCESS_TOKEN_SECONDS = 3600;
export const REFRESH_TOKEN_DAYS = 30;
export const CODE_SECONDS = 600;

/** An OAuth error (RFC 6749 §5.2, RFC 7591 §3.2.2): `error`, `error_description`, and the HTTP status. */
export class OAuthError extends Error {
  constructor(readonly status: 400 | 401 | 403, readonly error: string, readonly description: string) {
    super(description);
    this.name = 'OAuthError';
  }
}

function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function parseScope(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(' ').filter((s) => s.length > 0))];
}

export interface OAuthClient {
  readonly id: string;
  readonly name: string;
  readonly redirectUris: readonly string[];
  readonly scopes: readonly string[];
  readonly authMethod: 'none' | 'client_secret_basic' | 'client_secret_post';
  readonly secretHash: string | null;
}

export interface ClientMetadata {
  readonly client_name: string;
  readonly redirect_uris: readonly string[];
  readonly scope?: string;
  readonly token_endpoint_auth_method?: 'none' | 'client_secret_basic' | 'client_secret_post';
  readonly grant_types?: readonly string[];
  readonly response_types?: readonly string[];
  readonly client_uri?: string;
  readonly logo_uri?: string;
  readonly tos_uri?: string;
  readonly policy_uri?: string;
  readonly contacts?: readonly string[];
  readonly software_id?: string;
  readonly software_version?: string;
}

/** A redirect URI a client may register: absolute, no fragment; https, or http on a loopback address (RFC 8252). */
function redirectUriProblem(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `not an absolute URI: ${uri}`;
  }
  if (url.hash !== '' || uri.includes('#')) return `a redirect URI has no fragment: ${uri}`;
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return `https only (http on a loopback address): ${uri}`;
  return undefined;
}

/** RFC 7591 §3.2.1: the registered client, with its secret when confidential (shown once). */
export async function registerClient(platform: Platform, metadata: ClientMetadata): Promise<Record<string, unknown>> {
  for (const uri of metadata.redirect_uris) {
    const problem = redirectUriProblem(uri);
    if (problem) throw new OAuthError(400, 'invalid_redirect_uri', problem);
  }
  const scopes = metadata.scope === undefined ? [...ALL_SCOPES] : parseScope(metadata.scope);
  const unknown = scopes.filter((s) => !ALL_SCOPES.includes(s));
  if (unknown.length > 0 || scopes.length === 0) throw new OAuthError(400, 'invalid_client_metadata', `unknown scope: ${unknown.join(' ') || '(none)'}`);
  const grantTypes = metadata.grant_types ?? ['authorization_code', 'refresh_token'];
  if (grantTypes.some((g) => g !== 'authorization_code' && g !== 'refresh_token')) {
    throw new OAuthError(400, 'invalid_client_metadata', 'grant_types: only authorization_code and refresh_token');
  }
  const responseTypes = metadata.response_types ?? ['code'];
  if (responseTypes.some((r) => r !== 'code')) throw new OAuthError(400, 'invalid_client_metadata', 'response_types: only code');
  const authMethod = metadata.token_endpoint_auth_method ?? 'client_secret_basic';
  const clientId = randomToken(18);
  const secret = authMethod === 'none' ? undefined : randomToken(32);
  const registered = {
    ...metadata, scope: scopes.join(' '), token_endpoint_auth_method: authMethod, grant_types: grantTypes, response_types: responseTypes,
  };
  const row = await platform.store.db.insertInto('oauth_clients').values({
    id: clientId, secret_hash: secret === undefined ? null : sha256(secret), client_name: metadata.client_name,
    redirect_uris: JSON.stringify(metadata.redirect_uris), scope: registered.scope, token_endpoint_auth_method: authMethod,
    metadata: JSON.stringify(registered),
  }).returning('created_at').executeTakeFirstOrThrow();
  return {
    client_id: clientId,
    ...(secret !== undefined ? { client_secret: secret, client_secret_expires_at: 0 } : {}),
    client_id_issued_at: Math.floor(new Date(row.created_at).getTime() / 1000),
    ...registered,
  };
}

export async function findClient(platform: Platform, clientId: string): Promise<OAuthClient | undefined> {
  if (clientId.length === 0 || clientId.length > 100) return undefined;
  const row = await platform.store.db.selectFrom('oauth_clients').selectAll().where('id', '=', clientId).executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id, name: row.client_name, redirectUris: row.redirect_uris, scopes: parseScope(row.scope),
    authMethod: row.token_endpoint_auth_method, secretHash: row.secret_hash,
  };
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The client of a token or revocation request (RFC 6749 §2.3): HTTP Basic (`client_secret_basic`), the secret in the
 * body (`client_secret_post`), or `client_id` alone for public clients. Anything else: 401 invalid_client.
 */
export async function authenticateClient(
  platform: Platform, authorization: string | undefined, body: { client_id?: string; client_secret?: string },
): Promise<OAuthClient> {
  let id = body.client_id;
  let secret = body.client_secret;
  let method: OAuthClient['authMethod'] = secret === undefined ? 'none' : 'client_secret_post';
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new OAuthError(401, 'invalid_client', 'malformed HTTP Basic credentials');
    const basicId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
    if (id !== undefined && id !== basicId) throw new OAuthError(400, 'invalid_request', 'client_id differs from the HTTP Basic one');
    if (body.client_secret !== undefined) throw new OAuthError(400, 'invalid_request', 'more than one client authentication method');
    id = basicId;
    secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    method = 'client_secret_basic';
  }
  const client = id === undefined ? undefined : await findClient(platform, id);
  if (!client) throw new OAuthError(401, 'invalid_client', 'unknown client');
  if (client.authMethod === 'none') {
    if (secret !== undefined) throw new OAuthError(401, 'invalid_client', 'a public client has no secret');
    return client;
  }
  if (method !== client.authMethod || secret === undefined || client.secretHash === null || !sameHash(sha256(secret), client.secretHash)) {
    throw new OAuthError(401, 'invalid_client', 'client authentication failed');
  }
  return client;
}

export interface AuthorizationRequest {
  readonly client: OAuthClient;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly state: string | undefined;
  readonly codeChallenge: string;
}

/** An error to send back to the client's redirect URI (RFC 6749 §4.1.2.1). */
export class RedirectError extends Error {
  constructor(readonly redirectUri: string, readonly error: string, readonly description: string, readonly state: string | undefined) {
    super(description);
    this.name = 'RedirectError';
  }
}

export function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

/**
 * Checks an authorization request. An unknown client or a redirect URI not registered exactly throws an OAuthError
 * (never redirected: RFC 6749 §4.1.2.1); anything else wrong throws a RedirectError.
 */
export async function checkAuthorizationRequest(platform: Platform, query: Record<string, string | undefined>): Promise<AuthorizationRequest> {
  const client = query.client_id === undefined ? undefined : await findClient(platform, query.client_id);
  if (!client) throw new OAuthError(400, 'invalid_request', 'missing or unknown client_id');
  let redirectUri = query.redirect_uri;
  if (redirectUri === undefined) {
    if (client.redirectUris.length !== 1) throw new OAuthError(400, 'invalid_request', 'redirect_uri is required');
    redirectUri = client.redirectUris[0] as string;
  } else if (!client.redirectUris.includes(redirectUri)) {
    throw new OAuthError(400, 'invalid_request', 'redirect_uri is not registered for this client');
  }
  const fail = (error: string, description: string): RedirectError => new RedirectError(redirectUri, error, description, query.state);
  if (query.response_type !== 'code') throw fail('unsupported_response_type', 'response_type must be code');
  const scopes = parseScope(query.scope);
  if (scopes.length === 0) throw fail('invalid_scope', 'scope is required');
  const refused = scopes.filter((s) => !client.scopes.includes(s));
  if (refused.length > 0) throw fail('invalid_scope', `scope not allowed for this client: ${refused.join(' ')}`);
  if (query.code_challenge === undefined || !/^[A-Za-z0-9_-]{43}$/.test(query.code_challenge)) {
    throw fail('invalid_request', 'code_challenge is required (PKCE, S256: 43 base64url characters)');
  }
  if (query.code_challenge_method !== 'S256') throw fail('invalid_request', 'code_challenge_method must be S256');
  if (query.state !== undefined && query.state.length > 500) throw fail('invalid_request', 'state is too long');
  return { client, redirectUri, scopes, state: query.state, codeChallenge: query.code_challenge };
}

/** Issues an authorization code for the learner's approval. */
export async function issueCode(platform: Platform, accountId: string, request: AuthorizationRequest): Promise<string> {
  const code = randomToken();
  // Codes are kept a day after they expire (a reused code still finds its tokens), then forgotten.
  await platform.store.db.deleteFrom('oauth_codes').where('expires_at', '<', new Date(Date.now() - 86_400_000)).execute();
  await platform.store.db.insertInto('oauth_codes').values({
    id: sha256(code), client_id: request.client.id, account_id: accountId, redirect_uri: request.redirectUri,
    scope: request.scopes.join(' '), code_challenge: request.codeChallenge, expires_at: new Date(Date.now() + CODE_SECONDS * 1000),
  }).execute();
  return code;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

/** A new token pair of a grant: `authorizedAt` is when the learner approved it (kept across refresh rotation). */
async function issueTokens(
  platform: Platform, clientId: string, accountId: string, scope: string, codeId: string | null, authorizedAt: Date,
): Promise<TokenResponse> {
  const access = randomToken();
  const refresh = randomToken();
  const now = Date.now();
  await platform.store.db.deleteFrom('oauth_tokens').where('refresh_expires_at', '<', new Date(now - 86_400_000)).execute();
  await platform.store.db.insertInto('oauth_tokens').values({
    id: sha256(access), refresh_hash: sha256(refresh), client_id: clientId, account_id: accountId, code_id: codeId, scope, authorized_at: authorizedAt,
    expires_at: new Date(now + ACCESS_TOKEN_SECONDS * 1000), refresh_expires_at: new Date(now + REFRESH_TOKEN_DAYS * 86_400_000),
  }).execute();
  return { access_token: access, token_type: 'Bearer', expires_in: ACCESS_TOKEN_SECONDS, refresh_token: refresh, scope };
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** RFC 6749 §4.1.3 with RFC 7636 §4.6. A code used twice revokes the tokens issued for it. */
export async function exchangeCode(
  platform: Platform, client: OAuthClient, input: { code?: string; redirect_uri?: string; code_verifier?: string },
): Promise<TokenResponse> {
  if (input.code === undefined) throw new OAuthError(400, 'invalid_request', 'code is required');
  if (input.code_verifier === undefined || !/^[A-Za-z0-9._~-]{43,128}$/.test(input.code_verifier)) {
    throw new OAuthError(400, 'invalid_request', 'code_verifier is required (43 to 128 characters of [A-Za-z0-9._~-])');
  }
  const { db } = platform.store;
  const codeId = sha256(input.code);
  const row = await db.selectFrom('oauth_codes').selectAll().where('id', '=', codeId).executeTakeFirst();
  const invalid = (why: string): OAuthError => new OAuthError(400, 'invalid_grant', why);
  if (!row || row.client_id !== client.id) throw invalid('unknown authorization code');
  const used = await db.updateTable('oauth_codes').set({ used_at: new Date() }).where('id', '=', codeId).where('used_at', 'is', null)
    .returning('id').executeTakeFirst();
  if (!used) {
    await db.updateTable('oauth_tokens').set({ revoked_at: new Date() }).where('code_id', '=', codeId).where('revoked_at', 'is', null).execute();
    throw invalid('the authorization code was already used (the tokens issued for it are revoked)');
  }
  if (new Date(row.expires_at).getTime() < Date.now()) throw invalid('the authorization code has expired');
  if (input.redirect_uri !== row.redirect_uri) throw invalid('redirect_uri differs from the authorization request');
  if (!sameHash(s256(input.code_verifier), row.code_challenge)) throw invalid('code_verifier does not match the code_challenge');
  return issueTokens(platform, client.id, row.account_id, row.scope, codeId, new Date(row.created_at));
}

/** RFC 6749 §6: a new access token and a new refresh token (the old pair is revoked); the scope may only narrow. */
export async function refreshTokens(platform: Platform, client: OAuthClient, input: { refresh_token?: string; scope?: string }): Promise<TokenResponse> {
  if (input.refresh_token === undefined) throw new OAuthError(400, 'invalid_request', 'refresh_token is required');
  const { db } = platform.store;
  const row = await db.updateTable('oauth_tokens').set({ revoked_at: new Date() })
    .where('refresh_hash', '=', sha256(input.refresh_token)).where('client_id', '=', client.id).where('revoked_at', 'is', null)
    .where('refresh_expires_at', '>', new Date())
    .returning(['account_id', 'scope', 'code_id', 'authorized_at']).executeTakeFirst();
  if (!row) throw new OAuthError(400, 'invalid_grant', 'unknown, expired or revoked refresh token');
  const granted = parseScope(row.scope);
  const asked = input.scope === undefined ? granted : parseScope(input.scope);
  if (asked.length === 0 || asked.some((s) => !granted.includes(s))) throw new OAuthError(400, 'invalid_scope', 'the scope may only narrow');
  return issueTokens(platform, client.id, row.account_id, asked.join(' '), row.code_id, new Date(row.authorized_at));
}

/** RFC 7009: revokes an access or refresh token of the client (its pair with it); unknown tokens are no error. */
export async function revokeToken(platform: Platform, client: OAuthClient, token: string): Promise<void> {
  const hash = sha256(token);
  await platform.store.db.updateTable('oauth_tokens').set({ revoked_at: new Date() })
    .where((eb) => eb.or([eb('id', '=', hash), eb('refresh_hash', '=', hash)]))
    .where('client_id', '=', client.id).where('revoked_at', 'is', null).execute();
}

/** How often a token's `last_used_at` is written: at most once a minute, so API calls do not each write a row. */
const LAST_USED_PRECISION_MS = 60_000;

/** Records that an access token was used now, unless that was recorded less than a minute ago. */
async function noteUse(platform: Platform, tokenId: string, lastUsedAt: Date | null): Promise<void> {
  const now = Date.now();
  if (lastUsedAt !== null && now - lastUsedAt.getTime() < LAST_USED_PRECISION_MS) return;
  await platform.store.db.updateTable('oauth_tokens').set({ last_used_at: new Date(now) }).where('id', '=', tokenId).execute();
}

export type BearerCheck =
  | { readonly ok: true; readonly accountId: string; readonly email: string; readonly scopes: readonly string[] }
  | { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'invalid' };

/** The access token of an `Authorization: Bearer …` header: unknown, expired and revoked tokens are all `invalid`. */
export async function checkBearer(platform: Platform, authorization: string | undefined): Promise<BearerCheck> {
  if (authorization === undefined || authorization.trim() === '') return { ok: false, reason: 'missing' };
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization.trim());
  if (!match?.[1]) return { ok: false, reason: 'malformed' };
  if (match[1].length > 200) return { ok: false, reason: 'invalid' };
  const id = sha256(match[1]);
  const row = await platform.store.db.selectFrom('oauth_tokens as t').innerJoin('learner_accounts as a', 'a.id', 't.account_id')
    .select(['t.account_id', 't.scope', 't.expires_at', 't.revoked_at', 't.last_used_at', 'a.email']).where('t.id', '=', id).executeTakeFirst();
  if (!row || row.revoked_at !== null || new Date(row.expires_at).getTime() <= Date.now()) return { ok: false, reason: 'invalid' };
  await noteUse(platform, id, row.last_used_at === null ? null : new Date(row.last_used_at));
  return { ok: true, accountId: row.account_id, email: row.email, scopes: parseScope(row.scope) };
}
