/**
 * The applications a learner account has let use its credentials through the Open Badges 3.0 API (docs/learner.md,
 * "Authorised applications"): one entry per OAuth client, built from the account's tokens and codes (never their
 * hashes), with the client's name, site, the scopes granted, when access was first approved, last issued and last
 * used, and whether a live token remains; and the learner's revocation of one application: every access and refresh
 * token of that client for the account and its unused codes at once, audited.
 */
import { audit, SYSTEM } from './audit.ts';
import type { LearnerAccount } from './learner-accounts.ts';
import { parseScope } from './oauth.ts';
import { notFound, type Platform } from './platform.ts';

export interface AuthorisedApp {
  readonly clientId: string;
  readonly name: string;
  /** The client's home page as it registered it (`client_uri`), when it is an http(s) URL. */
  readonly clientUri: string | null;
  /** The hosts of its registered redirect URIs: where approving sends the learner back to. */
  readonly redirectHosts: string[];
  /** The scopes of its live grants; of every grant still kept when none is live (the export). */
  readonly scopes: string[];
  /** When the learner first approved it (of the grants still kept: ended ones are forgotten after a day). */
  readonly firstAuthorisedAt: Date;
  /** When it last received a token (null: approved, code not exchanged yet). */
  readonly lastTokenIssuedAt: Date | null;
  /** When one of its access tokens last opened an API route (to the minute); null: never. */
  readonly lastUsedAt: Date | null;
  readonly liveAccessToken: boolean;
  readonly liveRefreshToken: boolean;
  /** A live token or an unused, unexpired authorization code: the application can reach the account now. */
  readonly active: boolean;
}

interface Grant {
  readonly scope: string;
  readonly authorisedAt: Date;
  readonly issuedAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly liveAccess: boolean;
  readonly liveRefresh: boolean;
  readonly pendingCode: boolean;
}

interface ClientRow {
  readonly id: string;
  readonly client_name: string;
  readonly redirect_uris: string[];
  readonly metadata: Record<string, unknown>;
}

const time = (value: Date | string): Date => new Date(value);

/** The account's grants (tokens and codes) by client. */
async function grantsByClient(platform: Platform, accountId: string, now: number): Promise<Map<string, Grant[]>> {
  const { db } = platform.store;
  const [tokens, codes] = await Promise.all([
    db.selectFrom('oauth_tokens')
      .select(['client_id', 'scope', 'created_at', 'authorized_at', 'last_used_at', 'expires_at', 'refresh_expires_at', 'revoked_at'])
      .where('account_id', '=', accountId).execute(),
    db.selectFrom('oauth_codes').select(['client_id', 'scope', 'created_at', 'expires_at', 'used_at']).where('account_id', '=', accountId).execute(),
  ]);
  const out = new Map<string, Grant[]>();
  const add = (clientId: string, grant: Grant): void => {
    out.set(clientId, [...(out.get(clientId) ?? []), grant]);
  };
  for (const t of tokens) {
    const live = t.revoked_at === null;
    add(t.client_id, {
      scope: t.scope, authorisedAt: time(t.authorized_at), issuedAt: time(t.created_at), lastUsedAt: t.last_used_at === null ? null : time(t.last_used_at),
      liveAccess: live && time(t.expires_at).getTime() > now, liveRefresh: live && time(t.refresh_expires_at).getTime() > now, pendingCode: false,
    });
  }
  for (const c of codes) {
    add(c.client_id, {
      scope: c.scope, authorisedAt: time(c.created_at), issuedAt: null, lastUsedAt: null, liveAccess: false, liveRefresh: false,
      pendingCode: c.used_at === null && time(c.expires_at).getTime() > now,
    });
  }
  return out;
}

function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function hostsOf(uris: readonly string[]): string[] {
  const hosts = uris.flatMap((uri) => {
    try {
      return [new URL(uri).host];
    } catch {
      return [];
    }
  });
  return [...new Set(hosts)];
}

function latest(dates: ReadonlyArray<Date | null>): Date | null {
  return dates.reduce<Date | null>((max, d) => (d !== null && (max === null || d > max) ? d : max), null);
}

function summarise(client: ClientRow, grants: readonly Grant[]): AuthorisedApp {
  const isLive = (g: Grant): boolean => g.liveAccess || g.liveRefresh || g.pendingCode;
  const live = grants.filter(isLive);
  const scopes = [...new Set((live.length > 0 ? live : grants).flatMap((g) => parseScope(g.scope)))];
  return {
    clientId: client.id,
    name: client.client_name,
    clientUri: httpUrl(client.metadata.client_uri),
    redirectHosts: hostsOf(client.redirect_uris),
    scopes,
    firstAuthorisedAt: grants.reduce((min, g) => (g.authorisedAt < min ? g.authorisedAt : min), grants[0]?.authorisedAt ?? new Date()),
    lastTokenIssuedAt: latest(grants.map((g) => g.issuedAt)),
    lastUsedAt: latest(grants.map((g) => g.lastUsedAt)),
    liveAccessToken: grants.some((g) => g.liveAccess),
    liveRefreshToken: grants.some((g) => g.liveRefresh),
    active: live.length > 0,
  };
}

/**
 * The applications the account has authorised, by name: those that can reach it now, or (`includeEnded`, for the
 * data export) also those whose grants ended but are still kept (revoked or expired tokens, used codes).
 */
export async function listAuthorisedApps(
  platform: Platform, account: LearnerAccount, options: { readonly includeEnded?: boolean } = {},
): Promise<AuthorisedApp[]> {
  const grants = await grantsByClient(platform, account.id, Date.now());
  if (grants.size === 0) return [];
  const clients = await platform.store.db.selectFrom('oauth_clients').select(['id', 'client_name', 'redirect_uris', 'metadata'])
    .where('id', 'in', [...grants.keys()]).execute();
  return clients.map((client) => summarise(client, grants.get(client.id) ?? []))
    .filter((app) => options.includeEnded === true || app.active)
    .sort((a, b) => a.name.localeCompare(b.name, 'pl') || a.clientId.localeCompare(b.clientId));
}

export interface AppRevocation {
  /** Access/refresh token pairs revoked now (0 when revoked before: the call is idempotent). */
  readonly tokens: number;
  /** Unused authorization codes deleted. */
  readonly codes: number;
}

/**
 * Revokes one application's access to the account: every live token pair of the client for the account (they stop
 * working at once) and its unused codes. A client the account never authorised (or an unknown one) is a 404; an
 * application revoked before answers the same as the first time and changes nothing. Audited (`learner.app_revoke`,
 * counts only: the audit log outlives the learner's erasure, so it names no account).
 */
export async function revokeApp(platform: Platform, account: LearnerAccount, clientId: string): Promise<AppRevocation> {
  return platform.store.db.transaction().execute(async (trx) => {
    const known = await trx.selectFrom('oauth_tokens').select('client_id').where('account_id', '=', account.id).where('client_id', '=', clientId)
      .unionAll(trx.selectFrom('oauth_codes').select('client_id').where('account_id', '=', account.id).where('client_id', '=', clientId))
      .limit(1).executeTakeFirst();
    if (!known) throw notFound({ pl: 'aplikacja', en: 'application' });
    const tokens = await trx.updateTable('oauth_tokens').set({ revoked_at: new Date() })
      .where('account_id', '=', account.id).where('client_id', '=', clientId).where('revoked_at', 'is', null).executeTakeFirst();
    const codes = await trx.deleteFrom('oauth_codes')
      .where('account_id', '=', account.id).where('client_id', '=', clientId).where('used_at', 'is', null).executeTakeFirst();
    const result = { tokens: Number(tokens.numUpdatedRows), codes: Number(codes.numDeletedRows) };
    if (result.tokens + result.codes > 0) {
      await audit(trx, { institutionId: null, actor: SYSTEM, action: 'learner.app_revoke', targetType: 'oauth_client', targetId: clientId, details: { ...result } });
    }
    return result;
  });
}
