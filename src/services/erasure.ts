/**
 * A learner's erasure (GDPR art. 17; docs/learner.md "Erasure"), by e-mail address, in one transaction:
 *
 * - in every institution with a learner row of that e-mail (or a row of the same person without it: the same student
 *   number in that institution, or the same names and birth date): the learner rows are deleted (their credentials keep no
 *   learner: `credentials.learner_id` becomes null); the issued credentials are revoked ("GDPR erasure", so the
 *   institution's status list shows it at its next fetch) when the institution's `erasure_policy` is `revoke`, or
 *   stay verifiable (`keep`, the default) for whoever holds the signed JSON; either way the stored signed document,
 *   which names the learner, is replaced by a redacted stub keeping the credential's id, issuer, dates and status
 *   entries, and its claim token and idempotency key (a hash of the e-mail) are cleared;
 * - e-mails to the address (or about those credentials) are deleted from the outbox;
 * - cohort batches: the rows of the learner (by credential, e-mail, name with birth date, or student number in that
 *   institution) lose their award data and their problems' messages, and their lines are removed from uploaded tables
 *   still kept (`batches.source`, with their spreadsheet row numbers, so that the other rows keep theirs);
 * - the learner account with its sessions, sign-in history, share links and imported credentials, and any pending
 *   sign-in links of the address, are deleted;
 * - the audit log gets one `learner.erase` entry per institution (and one without institution for the account), with
 *   counts only: no name, e-mail, birth date or record id of the learner. Rate-limit counters are hashes and stay.
 *
 * Not covered: rows of the same person under other names or without birth date and student number, and free text
 * staff wrote (revocation reasons, file names).
 */
import { sql, type Transaction } from 'kysely';
import type { Database, ErasurePolicy } from '../store/schema.ts';
import { audit, SYSTEM, type Actor } from './audit.ts';
import { normaliseEmail } from './learner-accounts.ts';
import type { Platform } from './platform.ts';

export const ERASURE_REASON = 'GDPR erasure';

export interface InstitutionErasure {
  readonly slug: string;
  readonly policy: ErasurePolicy;
  readonly learnerRecords: number;
  readonly credentials: number;
  /** Revoked now by the `revoke` policy. */
  readonly revoked: number;
  /** Left verifiable by the `keep` policy (not revoked before). */
  readonly keptVerifiable: number;
  readonly emailsDeleted: number;
  readonly batchRowsRedacted: number;
  readonly uploadedRowsRemoved: number;
}

export interface ErasureResult {
  readonly institutions: InstitutionErasure[];
  readonly account: { readonly deleted: boolean; readonly shares: number; readonly imports: number; readonly sessions: number; readonly signInLinks: number };
  /** E-mails of no institution (sign-in links) deleted. */
  readonly otherEmailsDeleted: number;
}

interface LearnerRow {
  id: string; institution_id: string; given_name: string; family_name: string; full_name: string | null;
  dob: string | null; student_number: string | null; slug: string; erasure_policy: ErasurePolicy;
}

interface CredentialRow { id: string; institution_id: string; credential_id: string; document: string; issued_at: Date; revoked_at: Date | null }

/** What stays of a signed credential after erasure: nothing about the person. */
export function redactedDocument(row: CredentialRow, now: Date): string {
  let original: Record<string, unknown> = {};
  try {
    original = JSON.parse(row.document) as Record<string, unknown>;
  } catch {
    // keep nothing
  }
  const issuer = original.issuer;
  const issuerId = typeof issuer === 'string' ? issuer : typeof issuer === 'object' && issuer !== null ? (issuer as { id?: unknown }).id : undefined;
  return JSON.stringify({
    id: row.credential_id,
    ...(typeof issuerId === 'string' ? { issuer: issuerId } : {}),
    issuedAt: row.issued_at.toISOString(),
    ...(typeof original.validFrom === 'string' ? { validFrom: original.validFrom } : {}),
    ...(typeof original.validUntil === 'string' ? { validUntil: original.validUntil } : {}),
    ...(original.credentialStatus !== undefined ? { credentialStatus: original.credentialStatus } : {}),
    redacted: { reason: ERASURE_REASON, at: now.toISOString() },
  });
}

const REDACTED_MESSAGE = { pl: 'Usunięto na żądanie osoby (RODO)', en: 'Erased at the person\'s request (GDPR)' };

/** Whether a line of an uploaded table is the learner's. */
function isTheirLine(cells: readonly string[], email: string, learners: readonly LearnerRow[], institutionId: string): boolean {
  const lower = cells.map((c) => String(c).trim().toLowerCase()).filter((c) => c !== '');
  if (lower.some((c) => c.includes(email))) return true;
  return learners.some((l) => {
    const given = l.given_name.trim().toLowerCase();
    const family = l.family_name.trim().toLowerCase();
    const full = l.full_name?.trim().toLowerCase();
    if (full && lower.some((c) => c.includes(full))) return true;
    if (family && given && lower.some((c) => c.includes(family)) && lower.some((c) => c.includes(given))) return true;
    return l.student_number !== null && l.institution_id === institutionId && lower.includes(l.student_number.trim().toLowerCase());
  });
}

/** Removes the learner's lines from uploaded tables; returns the count per institution and the removed lines' (batch, row number). */
async function redactUploadedTables(
  trx: Transaction<Database>, email: string, learners: readonly LearnerRow[],
): Promise<{ removed: Map<string, number>; lines: Array<{ batchId: string; row: number }> }> {
  // A prefilter: the e-mail, or the family name as stored or in lower case (the database's lower() may know only ASCII
  // letters); the lines themselves are matched below, in JavaScript.
  const families = learners.map((l) => l.family_name.trim()).filter((n) => n.length > 0);
  const prefilter = [
    sql<boolean>`position(${email} in lower(source::text)) > 0`,
    ...families.flatMap((n) => [sql<boolean>`position(${n} in source::text) > 0`, sql<boolean>`position(${n.toLowerCase()} in lower(source::text)) > 0`]),
  ];
  const candidates = await trx.selectFrom('batches').select(['id', 'institution_id', 'source'])
    .where('source', 'is not', null)
    .where(sql<boolean>`(${sql.join(prefilter, sql` OR `)})`)
    .forUpdate().execute();
  const removed = new Map<string, number>();
  const lines: Array<{ batchId: string; row: number }> = [];
  for (const batch of candidates) {
    const source = batch.source;
    if (!source) continue;
    const numbers = source.rowNumbers ?? source.rows.map((_, i) => i + 2);
    const keep = source.rows.map((cells) => !isTheirLine(cells, email, learners, batch.institution_id));
    const count = keep.filter((k) => !k).length;
    if (count === 0) continue;
    const next = {
      ...source,
      rows: source.rows.filter((_, i) => keep[i]),
      rowNumbers: numbers.filter((_, i) => keep[i]),
    };
    await trx.updateTable('batches').set({ source: JSON.stringify(next) }).where('id', '=', batch.id).execute();
    removed.set(batch.institution_id, (removed.get(batch.institution_id) ?? 0) + count);
    numbers.forEach((row, i) => {
      if (!keep[i]) lines.push({ batchId: batch.id, row });
    });
  }
  return { removed, lines };
}

/**
 * Redacts the learner's batch rows: by credential, by e-mail in the award or in the problems, by name with birth date,
 * by student number in that institution, and the rows of the lines removed from uploaded tables.
 */
async function redactBatchRows(
  trx: Transaction<Database>, email: string, learners: readonly LearnerRow[], credentialIds: readonly string[],
  lines: ReadonlyArray<{ batchId: string; row: number }>,
): Promise<Map<string, number>> {
  const conditions = [
    sql<boolean>`lower(trim(r.award #>> '{learner,email}')) = ${email}`,
    sql<boolean>`position(${email} in lower(r.problems::text)) > 0`,
  ];
  if (credentialIds.length > 0) conditions.push(sql<boolean>`r.credential_id IN (${sql.join([...credentialIds])})`);
  for (const line of lines) conditions.push(sql<boolean>`(r.batch_id = ${line.batchId} AND r.row_number = ${line.row})`);
  for (const l of learners) {
    if (l.dob) {
      conditions.push(sql<boolean>`(r.award #>> '{learner,givenName}' = ${l.given_name} AND r.award #>> '{learner,familyName}' = ${l.family_name}
        AND r.award #>> '{learner,dateOfBirth}' = ${l.dob})`);
    }
    if (l.student_number) {
      conditions.push(sql<boolean>`(b.institution_id = ${l.institution_id} AND r.award #>> '{learner,studentNumber}' = ${l.student_number})`);
    }
  }
  const result = await sql<{ institution_id: string }>`
    UPDATE batch_rows r SET
      award = 'null'::jsonb,
      idempotency_key = NULL,
      problems = (SELECT coalesce(jsonb_agg((p - 'message') || jsonb_build_object('message', ${JSON.stringify(REDACTED_MESSAGE)}::jsonb)), '[]'::jsonb)
                  FROM jsonb_array_elements(r.problems) AS p)
    FROM batches b
    WHERE b.id = r.batch_id AND (${sql.join(conditions, sql` OR `)})
    RETURNING b.institution_id`.execute(trx);
  const counts = new Map<string, number>();
  for (const row of result.rows) counts.set(row.institution_id, (counts.get(row.institution_id) ?? 0) + 1);
  return counts;
}

function learnerRows(trx: Transaction<Database>) {
  return trx.selectFrom('learners as l').innerJoin('institutions as i', 'i.id', 'l.institution_id')
    .select((eb) => [
      'l.id', 'l.institution_id', 'l.given_name', 'l.family_name', 'l.full_name', 'l.student_number', 'i.slug', 'i.erasure_policy',
      eb.cast<string | null>('l.date_of_birth', 'text').as('dob'),
    ]);
}

/**
 * The learner rows of the person: those with the e-mail, and those of the same person recorded otherwise: the same
 * student number in the same institution, or the same given name, family name and birth date (anywhere).
 */
async function theirLearnerRows(trx: Transaction<Database>, email: string): Promise<LearnerRow[]> {
  const byEmail = await learnerRows(trx).where('l.email', '=', email).orderBy('i.slug').forUpdate('l').execute() as LearnerRow[];
  const related = byEmail.flatMap((l) => [
    ...(l.student_number ? [sql<boolean>`(l.institution_id = ${l.institution_id} AND l.student_number = ${l.student_number})`] : []),
    ...(l.dob ? [sql<boolean>`(l.given_name = ${l.given_name} AND l.family_name = ${l.family_name} AND l.date_of_birth = ${l.dob}::date)`] : []),
  ]);
  if (related.length === 0) return byEmail;
  const others = await learnerRows(trx).where(sql<boolean>`(${sql.join(related, sql` OR `)})`)
    .where((eb) => eb.or([eb('l.email', 'is', null), eb('l.email', '!=', email)]))
    .orderBy('i.slug').forUpdate('l').execute() as LearnerRow[];
  return [...byEmail, ...others];
}

/** Erases everything the platform holds about the learner with this e-mail address (see the top of the file). */
export async function eraseLearner(platform: Platform, rawEmail: string): Promise<ErasureResult> {
  const email = normaliseEmail(rawEmail);
  const now = new Date();
  return platform.store.db.transaction().execute(async (trx) => {
    const learners = await theirLearnerRows(trx, email);
    const learnerIds = learners.map((l) => l.id);
    const credentials: CredentialRow[] = learnerIds.length === 0 ? [] : await trx.selectFrom('credentials')
      .select(['id', 'institution_id', 'credential_id', 'document', 'issued_at', 'revoked_at'])
      .where('learner_id', 'in', learnerIds).orderBy('issued_at').forUpdate().execute();
    const credentialIds = credentials.map((c) => c.id);
    const policyOf = new Map(learners.map((l) => [l.institution_id, l.erasure_policy]));

    // Credentials: revoked or kept, and redacted either way.
    const revoked = new Map<string, number>();
    const kept = new Map<string, number>();
    for (const c of credentials) {
      const revoke = policyOf.get(c.institution_id) === 'revoke' && c.revoked_at === null;
      await trx.updateTable('credentials').set({
        document: redactedDocument(c, now), claim_token_hash: null, idempotency_key: null,
        ...(revoke ? { revoked_at: now, status_reason: ERASURE_REASON } : {}),
      }).where('id', '=', c.id).execute();
      const tally = revoke ? revoked : c.revoked_at === null ? kept : undefined;
      tally?.set(c.institution_id, (tally.get(c.institution_id) ?? 0) + 1);
    }

    // E-mails to them or about their credentials.
    const deletedMail = await trx.deleteFrom('outbox').where((eb) => {
      const to = eb(sql<string>`lower(to_address)`, '=', email);
      return credentialIds.length > 0 ? eb.or([to, eb('credential_id', 'in', credentialIds)]) : to;
    }).returning('institution_id').execute();
    const emailsDeleted = new Map<string, number>();
    let otherEmailsDeleted = 0;
    for (const row of deletedMail) {
      if (row.institution_id === null) otherEmailsDeleted += 1;
      else emailsDeleted.set(row.institution_id, (emailsDeleted.get(row.institution_id) ?? 0) + 1);
    }

    const uploaded = await redactUploadedTables(trx, email, learners);
    const uploadedRows = uploaded.removed;
    const batchRows = await redactBatchRows(trx, email, learners, credentialIds, uploaded.lines);

    if (learnerIds.length > 0) await trx.deleteFrom('learners').where('id', 'in', learnerIds).execute();
    const signInLinks = Number((await trx.deleteFrom('learner_login_tokens').where('email', '=', email).executeTakeFirst()).numDeletedRows);

    // The account and what hangs off it.
    const account = await trx.selectFrom('learner_accounts').select('id').where('email', '=', email).forUpdate().executeTakeFirst();
    let shares = 0;
    let imports = 0;
    let sessions = 0;
    if (credentialIds.length > 0) shares += Number((await trx.deleteFrom('share_links').where('credential_id', 'in', credentialIds).executeTakeFirst()).numDeletedRows);
    // Copies delivered to wallets (OpenID4VCI) carry the name too: the wallet keeps its own; ours go.
    if (credentialIds.length > 0) await trx.deleteFrom('oid4vci_deliveries').where('credential_id', 'in', credentialIds).execute();
    if (account) {
      shares += Number((await trx.deleteFrom('share_links').where('account_id', '=', account.id).executeTakeFirst()).numDeletedRows);
      imports = Number((await trx.deleteFrom('learner_imports').where('account_id', '=', account.id).executeTakeFirst()).numDeletedRows);
      sessions = Number((await trx.deleteFrom('learner_sessions').where('account_id', '=', account.id).executeTakeFirst()).numDeletedRows);
      await trx.deleteFrom('learner_accounts').where('id', '=', account.id).execute();
    }

    // The audit log: counts only.
    const institutions: InstitutionErasure[] = [];
    const touched = new Set([...learners.map((l) => l.institution_id), ...emailsDeleted.keys(), ...batchRows.keys(), ...uploadedRows.keys()]);
    const slugs = touched.size === 0 ? [] : await trx.selectFrom('institutions').select(['id', 'slug', 'erasure_policy']).where('id', 'in', [...touched]).orderBy('slug').execute();
    for (const institution of slugs) {
      const id = institution.id;
      const entry: InstitutionErasure = {
        slug: institution.slug, policy: institution.erasure_policy,
        learnerRecords: learners.filter((l) => l.institution_id === id).length,
        credentials: credentials.filter((c) => c.institution_id === id).length,
        revoked: revoked.get(id) ?? 0, keptVerifiable: kept.get(id) ?? 0,
        emailsDeleted: emailsDeleted.get(id) ?? 0, batchRowsRedacted: batchRows.get(id) ?? 0, uploadedRowsRemoved: uploadedRows.get(id) ?? 0,
      };
      institutions.push(entry);
      const details: Record<string, unknown> = { ...entry };
      delete details.slug;
      await audit(trx, { institutionId: id, actor: SYSTEM, action: 'learner.erase', targetType: 'learner', details });
    }
    const accountResult = { deleted: account !== undefined, shares, imports, sessions, signInLinks };
    if (account || signInLinks > 0 || otherEmailsDeleted > 0) {
      await audit(trx, { institutionId: null, actor: SYSTEM, action: 'learner.erase', targetType: 'learner_account', details: { ...accountResult, otherEmailsDeleted } });
    }
    return { institutions, account: accountResult, otherEmailsDeleted };
  });
}

/** The institution's erasure policy. */
export async function erasurePolicy(platform: Platform, institutionId: string): Promise<ErasurePolicy> {
  const row = await platform.store.db.selectFrom('institutions').select('erasure_policy').where('id', '=', institutionId).executeTakeFirstOrThrow();
  return row.erasure_policy;
}

/** Sets what a learner's erasure does to the credentials the institution issued them (owners; audited). */
export async function setErasurePolicy(platform: Platform, institutionId: string, policy: ErasurePolicy, actor: Actor): Promise<ErasurePolicy> {
  await platform.store.db.transaction().execute(async (trx) => {
    await trx.updateTable('institutions').set({ erasure_policy: policy, updated_at: new Date() }).where('id', '=', institutionId).execute();
    await audit(trx, { institutionId, actor, action: 'institution.erasure_policy', targetType: 'institution', targetId: institutionId, details: { policy } });
  });
  return policy;
}
