/**
 * Learner accounts and sign-in (docs/learner.md). A learner account is an e-mail address: it owns the credentials
 * whose learner row carries that address, in every institution. There is no password: a learner signs in
 *
 * - with a magic link: `requestMagicLink` e-mails `${base}/learner/sign-in/<token>` (single use, 15 minutes; only the
 *   token's SHA-256 is stored) when the address has credentials or an account, and does nothing otherwise; the caller
 *   answers the same either way, so nobody learns which addresses are known;
 * - or with the claim link of an issued credential (`${base}/claim/<token>`, the link in the "your credential is
 *   ready" e-mail), which signs in as the account of that credential's e-mail.
 *
 * Either creates the account on first use and opens a session like staff sessions: a random token in an HTTP-only
 * cookie (only its SHA-256 stored) and a CSRF token for unsafe requests. Sign-ins are kept (`learner_sign_ins`) for
 * the learner's data export; they are deleted with the account on erasure.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';
import { escapeHtml, isEmailAddress, nudgeOutbox, type EmailContent } from './notifications.ts';
import type { Platform } from './platform.ts';

export const LEARNER_SESSION_HOURS = 12;
export const MAGIC_LINK_MINUTES = 15;
/** Unused magic links one address may have within MAGIC_LINK_MINUTES; further requests send nothing. */
export const MAGIC_LINKS_PER_WINDOW = 3;
export const LEARNER_SIGN_IN_EMAIL = 'learner_sign_in';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

function token(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** An e-mail address as accounts and learner rows keep it. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface LearnerAccount {
  readonly id: string;
  readonly email: string;
  readonly createdAt: Date;
  readonly lastSignInAt: Date | null;
}

export interface LearnerSession {
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

export type SignInMethod = 'magic_link' | 'claim_link';

/** The URL of a magic sign-in link. */
export function magicLinkUrl(platform: Platform, linkToken: string): string {
  return `${platform.baseUrl}/learner/sign-in/${linkToken}`;
}

/** The account of `email` (created when missing), signed in now, with a new session. */
async function openSession(trx: Transaction<Database>, email: string, method: SignInMethod): Promise<{ account: LearnerAccount; session: LearnerSession }> {
  const now = new Date();
  const row = await trx.insertInto('learner_accounts').values({ email, last_sign_in_at: now })
    .onConflict((oc) => oc.column('email').doUpdateSet({ last_sign_in_at: now }))
    .returning(['id', 'email', 'created_at', 'last_sign_in_at']).executeTakeFirstOrThrow();
  const session: LearnerSession = { token: token(), csrfToken: token(24), expiresAt: new Date(now.getTime() + LEARNER_SESSION_HOURS * 3600_000) };
  await trx.deleteFrom('learner_sessions').where('expires_at', '<', now).execute();
  await trx.insertInto('learner_sessions').values({ id: sha256(session.token), account_id: row.id, csrf_token: session.csrfToken, expires_at: session.expiresAt }).execute();
  await trx.insertInto('learner_sign_ins').values({ account_id: row.id, method }).execute();
  return { account: { id: row.id, email: row.email, createdAt: row.created_at, lastSignInAt: row.last_sign_in_at }, session };
}

/** The signed-in account of a session token, with the session's CSRF token; undefined when unknown or expired. */
export async function learnerSession(platform: Platform, sessionToken: string): Promise<{ account: LearnerAccount; csrfToken: string } | undefined> {
  if (sessionToken.length > 200) return undefined;
  const row = await platform.store.db.selectFrom('learner_sessions as s').innerJoin('learner_accounts as a', 'a.id', 's.account_id')
    .select(['a.id', 'a.email', 'a.created_at', 'a.last_sign_in_at', 's.csrf_token', 's.expires_at'])
    .where('s.id', '=', sha256(sessionToken)).executeTakeFirst();
  if (!row || new Date(row.expires_at).getTime() < Date.now()) return undefined;
  return { account: { id: row.id, email: row.email, createdAt: row.created_at, lastSignInAt: row.last_sign_in_at }, csrfToken: row.csrf_token };
}

export async function signOutLearner(platform: Platform, sessionToken: string): Promise<void> {
  await platform.store.db.deleteFrom('learner_sessions').where('id', '=', sha256(sessionToken)).execute();
}

/** Whether anything on the platform belongs to `email`: a learner row (a credential) or an account. */
async function isKnown(db: Kysely<Database>, email: string): Promise<boolean> {
  const found = await sql<{ one: number }>`
    SELECT 1 AS one FROM learners WHERE email = ${email}
    UNION ALL SELECT 1 FROM learner_accounts WHERE email = ${email}
    LIMIT 1`.execute(db);
  return found.rows.length > 0;
}

/** The magic sign-in e-mail: Polish, then English. Plain text and HTML, no remote content. */
export function magicLinkMessage(url: string): EmailContent {
  const subject = 'Zaloguj się do Mikrocred / Sign in to Mikrocred';
  const pl = [
    'Dzień dobry!',
    '',
    'Aby zalogować się do swoich mikropoświadczeń w Mikrocred, otwórz ten link:',
    url,
    `Link działa ${MAGIC_LINK_MINUTES} minut i tylko raz. Jeśli to nie Ty prosisz o zalogowanie, zignoruj tę wiadomość.`,
  ];
  const en = [
    'Hello,',
    '',
    'To sign in to your micro-credentials on Mikrocred, open this link:',
    url,
    `The link works once, for ${MAGIC_LINK_MINUTES} minutes. If you did not ask to sign in, ignore this message.`,
  ];
  const text = `English version below.\n\n${pl.join('\n')}\n\n----------------------------------------\n\n${en.join('\n')}\n`;
  const e = escapeHtml;
  const link = e(url);
  const part = (lang: 'pl' | 'en', lines: string[], button: string): string => [
    `<div lang="${lang}">`,
    `<p>${e(lines[0] ?? '')}</p>`,
    `<p>${e(lines[2] ?? '')}</p>`,
    `<p><a href="${link}" style="display:inline-block;padding:12px 20px;background:#0b57d0;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold">${e(button)}</a></p>`,
    `<p style="font-size:14px"><a href="${link}">${link}</a><br>${e(lines[4] ?? '')}</p>`,
    '</div>',
  ].join('\n');
  const html = [
    '<!DOCTYPE html>', '<html lang="pl">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f4f4f4;font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;line-height:1.5">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:8px">',
    part('pl', pl, 'Zaloguj się'),
    '<hr style="border:none;border-top:1px solid #dddddd;margin:24px 0">',
    part('en', en, 'Sign in'),
    '</div>', '</body>', '</html>', '',
  ].join('\n');
  return { subject, text, html };
}

/**
 * Sends a magic sign-in link to `email` when the address has credentials or an account and has fewer than
 * MAGIC_LINKS_PER_WINDOW unused links of the last MAGIC_LINK_MINUTES; otherwise does nothing. Returns whether an
 * e-mail was enqueued (the HTTP answer must not depend on it).
 */
export async function requestMagicLink(platform: Platform, rawEmail: string): Promise<boolean> {
  const email = normaliseEmail(rawEmail);
  if (!isEmailAddress(email)) return false;
  const { db } = platform.store;
  const sent = await db.transaction().execute(async (trx) => {
    // One request at a time per address, so the per-address limit holds under concurrent requests.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`learner-magic:${email}`}))`.execute(trx);
    if (!(await isKnown(trx, email))) return false;
    const now = new Date();
    await trx.deleteFrom('learner_login_tokens').where('expires_at', '<', new Date(now.getTime() - 24 * 3600_000)).execute();
    const recent = await trx.selectFrom('learner_login_tokens').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('email', '=', email).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
    if (Number(recent?.n ?? 0) >= MAGIC_LINKS_PER_WINDOW) return false;
    const linkToken = token();
    await trx.insertInto('learner_login_tokens').values({
      id: sha256(linkToken), email, expires_at: new Date(now.getTime() + MAGIC_LINK_MINUTES * 60_000),
    }).execute();
    const message = magicLinkMessage(magicLinkUrl(platform, linkToken));
    await trx.insertInto('outbox').values({
      institution_id: null, credential_id: null, kind: LEARNER_SIGN_IN_EMAIL, to_address: email,
      subject: message.subject, text_body: message.text, html_body: message.html, status: 'pending',
    }).execute();
    return true;
  });
  if (sent) nudgeOutbox(platform);
  return sent;
}

/** Signs in with a magic link: the token must be unused and unexpired; it is used up. */
export async function signInWithMagicLink(platform: Platform, linkToken: string): Promise<{ account: LearnerAccount; session: LearnerSession } | undefined> {
  return platform.store.db.transaction().execute(async (trx) => {
    const used = await trx.updateTable('learner_login_tokens').set({ used_at: new Date() })
      .where('id', '=', sha256(linkToken)).where('used_at', 'is', null).where('expires_at', '>', new Date())
      .returning('email').executeTakeFirst();
    if (!used) return undefined;
    return openSession(trx, used.email, 'magic_link');
  });
}

/**
 * Signs in with the claim link of an issued credential, as the account of the credential's learner e-mail. Returns
 * the credential's id too (the portal opens its page). Undefined for an unknown token or a learner without e-mail.
 */
export async function signInWithClaimLink(
  platform: Platform, claimToken: string,
): Promise<{ account: LearnerAccount; session: LearnerSession; credentialId: string } | undefined> {
  return platform.store.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('credentials as c').innerJoin('learners as l', 'l.id', 'c.learner_id')
      .select(['c.id', 'l.email']).where('c.claim_token_hash', '=', sha256(claimToken)).executeTakeFirst();
    if (!row?.email) return undefined;
    const email = normaliseEmail(row.email);
    if (!isEmailAddress(email)) return undefined;
    return { ...(await openSession(trx, email, 'claim_link')), credentialId: row.id };
  });
}
