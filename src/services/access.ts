/**
 * People and access: staff accounts with passwords, memberships with roles, browser sessions (token in an
 * HTTP-only cookie, only its SHA-256 stored, with a CSRF token), and API keys (shown once, only the hash stored).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database, Role } from '../store/schema.ts';
import { audit, type Actor } from './audit.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { conflictOnUnique, ServiceError, type Platform } from './platform.ts';

/**
 * Whether a member with role `held` may do what needs `needed`: the owner may do everything, designer and issuer
 * are separate duties, and every role may do what a viewer may (read).
 */
export function roleAllows(held: Role, needed: Role): boolean {
  return held === 'owner' || held === needed || needed === 'viewer';
}

export const SESSION_HOURS = 12;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

function token(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
}

export async function createUser(platform: Platform, input: { email: string; name: string; password: string }, actor: Actor): Promise<User> {
  const problem = passwordProblem(input.password);
  if (problem) throw new ServiceError(422, 'weak_password', problem, { path: 'password' });
  const email = input.email.trim().toLowerCase();
  const { db } = platform.store;
  const taken = (): ServiceError => new ServiceError(409, 'email_taken', { pl: 'Konto z tym adresem e-mail już istnieje', en: 'An account with this e-mail address already exists' }, { path: 'email' });
  const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) throw taken();
  const password_hash = await hashPassword(input.password);
  // A concurrent call may have taken the e-mail while we hashed: the unique index decides, with the same answer.
  return conflictOnUnique(() => db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('users').values({ email, name: input.name, password_hash }).returning(['id', 'email', 'name']).executeTakeFirstOrThrow();
    await audit(trx, { institutionId: null, actor, action: 'user.create', targetType: 'user', targetId: row.id });
    return row;
  }), taken);
}

function lastOwner(): ServiceError {
  return new ServiceError(409, 'last_owner', {
    pl: 'To jedyny właściciel instytucji: najpierw nadaj rolę właściciela komuś innemu',
    en: 'This is the institution\'s only owner: make someone else an owner first',
  });
}

/**
 * Refuses a change that would leave the institution without an owner. The owners' rows are locked first, so two
 * owners demoting each other at the same time cannot both succeed.
 */
async function keepAnOwner(trx: Transaction<Database>, institutionId: string, userId: string): Promise<void> {
  const owners = await trx.selectFrom('memberships').select('user_id')
    .where('institution_id', '=', institutionId).where('role', '=', 'owner').forUpdate().execute();
  if (owners.length === 1 && owners[0]?.user_id === userId) throw lastOwner();
}

/** Gives a user a role in an institution (or changes it); the last owner cannot give up the owner role. */
export async function setMembership(platform: Platform, input: { userId: string; institutionId: string; role: Role }, actor: Actor): Promise<void> {
  await platform.store.db.transaction().execute(async (trx) => {
    if (input.role !== 'owner') await keepAnOwner(trx, input.institutionId, input.userId);
    await trx.insertInto('memberships').values({ user_id: input.userId, institution_id: input.institutionId, role: input.role })
      .onConflict((oc) => oc.columns(['user_id', 'institution_id']).doUpdateSet({ role: input.role })).execute();
    await audit(trx, { institutionId: input.institutionId, actor, action: 'membership.set', targetType: 'user', targetId: input.userId, details: { role: input.role } });
  });
}

/** Removes a staff member from an institution; false when they were not one. The last owner cannot be removed. */
export async function removeMembership(platform: Platform, input: { userId: string; institutionId: string }, actor: Actor): Promise<boolean> {
  return platform.store.db.transaction().execute(async (trx) => {
    await keepAnOwner(trx, input.institutionId, input.userId);
    const result = await trx.deleteFrom('memberships').where('user_id', '=', input.userId).where('institution_id', '=', input.institutionId).executeTakeFirst();
    const removed = Number(result.numDeletedRows) > 0;
    if (removed) await audit(trx, { institutionId: input.institutionId, actor, action: 'membership.remove', targetType: 'user', targetId: input.userId });
    return removed;
  });
}

export interface Membership {
  readonly institutionId: string;
  readonly slug: string;
  readonly namePl: string;
  readonly nameEn: string;
  readonly role: Role;
}

export async function membershipsOf(platform: Platform, userId: string): Promise<Membership[]> {
  const rows = await platform.store.db.selectFrom('memberships')
    .innerJoin('institutions', 'institutions.id', 'memberships.institution_id')
    .select(['memberships.institution_id', 'institutions.slug', 'institutions.name_pl', 'institutions.name_en', 'memberships.role'])
    .where('memberships.user_id', '=', userId).orderBy('institutions.slug').execute();
  return rows.map((r) => ({ institutionId: r.institution_id, slug: r.slug, namePl: r.name_pl, nameEn: r.name_en, role: r.role }));
}

export interface Session {
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/** Signs in with e-mail and password; the same answer for an unknown e-mail and a wrong password. */
export async function signIn(platform: Platform, email: string, password: string): Promise<{ user: User; session: Session }> {
  const { db } = platform.store;
  const row = await db.selectFrom('users').select(['id', 'email', 'name', 'password_hash', 'disabled'])
    .where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  // Hash even when the account does not exist, so timing does not reveal which e-mails have accounts.
  const ok = row ? await verifyPassword(password, row.password_hash) : (await hashPassword(password), false);
  if (!row || !ok || row.disabled) {
    throw new ServiceError(401, 'invalid_credentials', { pl: 'Nieprawidłowy e-mail lub hasło', en: 'Wrong e-mail or password' });
  }
  const session: Session = { token: token(), csrfToken: token(24), expiresAt: new Date(Date.now() + SESSION_HOURS * 3600_000) };
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('expires_at', '<', new Date()).execute();
    await trx.insertInto('sessions').values({ id: sha256(session.token), user_id: row.id, csrf_token: session.csrfToken, expires_at: session.expiresAt }).execute();
    await audit(trx, { institutionId: null, actor: { type: 'user', id: row.id }, action: 'user.sign_in', targetType: 'user', targetId: row.id });
  });
  return { user: { id: row.id, email: row.email, name: row.name }, session };
}

export async function sessionUser(platform: Platform, sessionToken: string): Promise<{ user: User; csrfToken: string } | undefined> {
  const row = await platform.store.db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.email', 'users.name', 'users.disabled', 'sessions.csrf_token', 'sessions.expires_at'])
    .where('sessions.id', '=', sha256(sessionToken)).executeTakeFirst();
  if (!row || row.disabled || new Date(row.expires_at).getTime() < Date.now()) return undefined;
  return { user: { id: row.id, email: row.email, name: row.name }, csrfToken: row.csrf_token };
}

export async function signOut(platform: Platform, sessionToken: string): Promise<void> {
  await platform.store.db.deleteFrom('sessions').where('id', '=', sha256(sessionToken)).execute();
}

export interface ApiKeyInfo {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly role: Role;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
}

const API_KEY_PREFIX = 'mkc_';

/** Creates an API key; the returned secret is shown once and never stored. */
export async function createApiKey(
  platform: Platform, input: { institutionId: string; name: string; role: Role; createdBy: string | null }, actor: Actor,
): Promise<{ key: string; info: ApiKeyInfo }> {
  const key = `${API_KEY_PREFIX}${token(32)}`;
  const prefix = key.slice(0, API_KEY_PREFIX.length + 6);
  return platform.store.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('api_keys').values({
      institution_id: input.institutionId, name: input.name, prefix, hash: sha256(key), role: input.role, created_by: input.createdBy,
    }).returning(['id', 'name', 'prefix', 'role', 'created_at', 'last_used_at']).executeTakeFirstOrThrow();
    await audit(trx, { institutionId: input.institutionId, actor, action: 'api_key.create', targetType: 'api_key', targetId: row.id, details: { role: input.role, name: input.name } });
    return { key, info: { id: row.id, name: row.name, prefix: row.prefix, role: row.role, createdAt: row.created_at, lastUsedAt: row.last_used_at } };
  });
}

export async function listApiKeys(platform: Platform, institutionId: string): Promise<ApiKeyInfo[]> {
  const rows = await platform.store.db.selectFrom('api_keys').select(['id', 'name', 'prefix', 'role', 'created_at', 'last_used_at'])
    .where('institution_id', '=', institutionId).where('revoked_at', 'is', null).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, prefix: r.prefix, role: r.role, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

export async function revokeApiKey(platform: Platform, institutionId: string, id: string, actor: Actor): Promise<boolean> {
  return platform.store.db.transaction().execute(async (trx) => {
    const result = await trx.updateTable('api_keys').set({ revoked_at: new Date() })
      .where('id', '=', id).where('institution_id', '=', institutionId).where('revoked_at', 'is', null).executeTakeFirst();
    const changed = Number(result.numUpdatedRows) > 0;
    if (changed) await audit(trx, { institutionId, actor, action: 'api_key.revoke', targetType: 'api_key', targetId: id });
    return changed;
  });
}

export interface ApiKeyPrincipal {
  readonly keyId: string;
  readonly institutionId: string;
  readonly role: Role;
}

export async function authenticateApiKey(platform: Platform, key: string): Promise<ApiKeyPrincipal | undefined> {
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return undefined;
  const row = await platform.store.db.updateTable('api_keys').set({ last_used_at: new Date() })
    .where('hash', '=', sha256(key)).where('revoked_at', 'is', null)
    .returning(['id', 'institution_id', 'role']).executeTakeFirst();
  return row ? { keyId: row.id, institutionId: row.institution_id, role: row.role } : undefined;
}
