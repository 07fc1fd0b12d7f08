/**
 * Share links (docs/learner.md): a learner creates a link to one of their credentials and can withdraw it. The link
 * `${base}/s/<token>` (a random token, 192 bits) opens the public credential page; its data come from
 * `sharedCredential`: the credential, its verification result now (the status lists as they are at this moment),
 * answered as the public verifier answers it (the verdict, labelled checks, who the issuer is), the standard elements
 * of its specification, and Open Graph data for link previews. A withdrawn link, or one of an erased learner, is
 * "not found".
 */
import { randomBytes } from 'node:crypto';
import type { JsonObject } from '../credentials/build.ts';
import type { Verdict } from '../credentials/index.ts';
import type { LearnerAccount } from './learner-accounts.ts';
import { institutionRef, ownedRow, present, verifyStored, type InstitutionRef, type OwnCredential } from './learner-credentials.ts';
import { notFound, type Platform } from './platform.ts';
import type { VerificationAnswer } from './public-verify.ts';
import { catalogueUrl } from './specifications.ts';

export const SHARE_TOKEN = /^[A-Za-z0-9_-]{32}$/;

export function shareUrl(platform: Platform, token: string): string {
  return `${platform.baseUrl}/s/${token}`;
}

export interface ShareLink {
  readonly id: string;
  readonly credentialId: string;
  readonly url: string;
  readonly createdAt: Date;
  readonly withdrawnAt: Date | null;
  readonly views: number;
}

type ShareRow = { id: string; credential_id: string; token: string; created_at: Date; withdrawn_at: Date | null; views: number };

function fromRow(platform: Platform, row: ShareRow): ShareLink {
  return { id: row.id, credentialId: row.credential_id, url: shareUrl(platform, row.token), createdAt: row.created_at, withdrawnAt: row.withdrawn_at, views: row.views };
}

const COLUMNS = ['id', 'credential_id', 'token', 'created_at', 'withdrawn_at', 'views'] as const;

export async function createShare(platform: Platform, account: LearnerAccount, credentialId: string): Promise<ShareLink> {
  const row = await ownedRow(platform, account, credentialId);
  const created = await platform.store.db.insertInto('share_links')
    .values({ token: randomBytes(24).toString('base64url'), credential_id: row.id, account_id: account.id })
    .returning(COLUMNS).executeTakeFirstOrThrow();
  return fromRow(platform, created);
}

/** The account's share links of one credential (withdrawn ones too, marked). */
export async function listShares(platform: Platform, account: LearnerAccount, credentialId: string): Promise<ShareLink[]> {
  const row = await ownedRow(platform, account, credentialId);
  const rows = await platform.store.db.selectFrom('share_links').select(COLUMNS)
    .where('account_id', '=', account.id).where('credential_id', '=', row.id).orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map((r) => fromRow(platform, r));
}

/** Every share link of the account (for the data export). */
export async function allShares(platform: Platform, account: LearnerAccount): Promise<ShareLink[]> {
  const rows = await platform.store.db.selectFrom('share_links').select(COLUMNS).where('account_id', '=', account.id).orderBy('created_at').execute();
  return rows.map((r) => fromRow(platform, r));
}

/** Withdraws a share link: the public page answers 404 from now on. */
export async function withdrawShare(platform: Platform, account: LearnerAccount, credentialId: string, shareId: string): Promise<void> {
  const row = await ownedRow(platform, account, credentialId);
  const result = await platform.store.db.updateTable('share_links').set({ withdrawn_at: new Date() })
    .where('id', '=', shareId).where('account_id', '=', account.id).where('credential_id', '=', row.id).where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound({ pl: 'link udostępniania', en: 'share link' });
}

export interface OpenGraph {
  readonly type: 'website';
  readonly siteName: string;
  readonly title: string;
  readonly description: string;
  readonly url: string;
  readonly image: string | null;
  readonly locale: string;
}

export interface SharedCredential {
  readonly credential: OwnCredential;
  /** The signed credential as issued (parsed). */
  readonly document: JsonObject;
  readonly learnerName: string;
  readonly institution: InstitutionRef;
  /** Verified at this request, as the public verifier answers it (verdict, labelled checks, the issuer's identity). */
  readonly verification: VerificationAnswer;
  /** The standard elements: the specification version it was issued from (null when not from the catalogue). */
  readonly specification: Record<string, unknown> | null;
  readonly specificationUrl: string | null;
  readonly sharedAt: Date;
  readonly openGraph: OpenGraph;
}

const VERDICT_TEXT: Record<Verdict, { pl: string; en: string }> = {
  valid: { pl: 'zweryfikowane: WAŻNE', en: 'verified: VALID' },
  invalid: { pl: 'weryfikacja: NIEWAŻNE', en: 'verification: INVALID' },
  indeterminate: { pl: 'weryfikacja: NIEROZSTRZYGNIĘTA', en: 'verification: UNDETERMINED' },
};

/** The name in the credential (the OB 3.0 `name` identity object). */
function learnerNameOf(document: JsonObject): string {
  const subject = document.credentialSubject as { identifier?: unknown } | undefined;
  const ids = Array.isArray(subject?.identifier) ? subject.identifier as Array<Record<string, unknown>> : [];
  const found = ids.find((id) => id.identityType === 'name' && id.hashed === false && typeof id.identityHash === 'string');
  return typeof found?.identityHash === 'string' ? found.identityHash : '';
}

/**
 * The public view of a shared credential, verified now, in `lang` for the Open Graph texts. Counts a view when
 * `countView`. A withdrawn or unknown token is a 404.
 */
export async function sharedCredential(platform: Platform, token: string, lang: 'pl' | 'en', options: { countView?: boolean } = {}): Promise<SharedCredential> {
  const gone = (): Error => notFound({ pl: 'udostępnione poświadczenie', en: 'shared credential' });
  if (!SHARE_TOKEN.test(token)) throw gone();
  const { db } = platform.store;
  const share = options.countView
    ? await db.updateTable('share_links').set((eb) => ({ views: eb('views', '+', 1) }))
      .where('token', '=', token).where('withdrawn_at', 'is', null).returning(['credential_id', 'account_id', 'created_at']).executeTakeFirst()
    : await db.selectFrom('share_links').select(['credential_id', 'account_id', 'created_at'])
      .where('token', '=', token).where('withdrawn_at', 'is', null).executeTakeFirst();
  if (!share) throw gone();
  const account = await db.selectFrom('learner_accounts').select(['id', 'email', 'created_at', 'last_sign_in_at']).where('id', '=', share.account_id).executeTakeFirst();
  if (!account) throw gone();
  // Still the account's credential (a learner row may have changed its e-mail since).
  const row = await ownedRow(platform, { id: account.id, email: account.email, createdAt: account.created_at, lastSignInAt: account.last_sign_in_at }, share.credential_id)
    .catch(() => undefined);
  if (!row) throw gone();
  const credential = present(platform, row);
  let document: JsonObject = {};
  try {
    document = JSON.parse(row.document) as JsonObject;
  } catch {
    // a stored document is always JSON
  }
  const verification = await verifyStored(platform, document, row.short_code);
  const learnerName = learnerNameOf(document);
  const institution = institutionRef(platform, row);
  const title = credential.title[lang] || credential.title.pl;
  const institutionName = lang === 'pl' ? institution.namePl : institution.nameEn;
  const fromCatalogue = row.spec_document !== null && row.spec_id !== null && row.spec_version !== null;
  return {
    credential, document, learnerName, institution, verification,
    specification: row.spec_document,
    specificationUrl: fromCatalogue ? catalogueUrl(platform, String(row.spec_id), Number(row.spec_version)) : null,
    sharedAt: share.created_at,
    openGraph: {
      type: 'website', siteName: 'Mikrocred', title,
      description: [learnerName, institutionName, VERDICT_TEXT[verification.verdict][lang]].filter(Boolean).join(' · '),
      url: shareUrl(platform, token), image: institution.logoUrl, locale: lang === 'pl' ? 'pl_PL' : 'en_GB',
    },
  };
}
