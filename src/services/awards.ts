/**
 * What single and cohort issuance share: the published specification version a credential is issued from, the
 * idempotency key of an award (specification version + learner + external reference: the same award is issued
 * once), the unsigned Open Badges 3.0 credential, and storing an issued credential with its learner, its e-mail to
 * the learner (in the outbox, in the same transaction) and its audit entry.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { buildCredential, type JsonObject, type StatusEntry } from '../credentials/index.ts';
import { learnerFullName, validateSpecification, type Award, type Learner, type Specification } from '../model/index.ts';
import type { Database } from '../store/schema.ts';
import type { Actor } from './audit.ts';
import type { Institution } from './institutions.ts';
import { CREDENTIAL_ISSUED, credentialIssuedMessage, isEmailAddress } from './notifications.ts';
import { notFound, ServiceError, type Platform } from './platform.ts';
import { catalogueUrl } from './specifications.ts';

export interface IssuableVersion {
  /** The id of the version's row (`credentials.specification_id`). */
  readonly rowId: string;
  readonly specId: string;
  readonly version: number;
  readonly spec: Specification;
  /** The version's public URL: the credential's `achievement.id`. */
  readonly achievementId: string;
}

export const AWARD_LANGUAGES = ['pl', 'en'] as const;

export interface AwardOptions {
  /** The language of the credential's single-language fields and of the e-mail (default Polish). */
  readonly language?: 'pl' | 'en';
  /** Add a suspension status entry too (valid VC 2.0; beyond the OB 3.0 schema's single `credentialStatus`). */
  readonly suspendable?: boolean;
  /** E-mail the learner (when they have an e-mail address); default true. */
  readonly notify?: boolean;
}

/**
 * The published version to issue from: `version`, or the current one. Drafts and archived specifications cannot
 * be issued; a superseded version can (e.g. a late cohort of an older edition).
 */
export async function issuableVersion(platform: Platform, institution: Institution, specId: string, version?: number): Promise<IssuableVersion> {
  let query = platform.store.db.selectFrom('specifications').select(['id', 'spec_id', 'version', 'status', 'superseded_at', 'document'])
    .where('institution_id', '=', institution.id).where('spec_id', '=', specId);
  query = version === undefined ? query.where('status', '=', 'published').where('superseded_at', 'is', null) : query.where('version', '=', version);
  const row = await query.executeTakeFirst();
  if (!row) {
    throw notFound(version === undefined
      ? { pl: `opublikowana specyfikacja ${specId}`, en: `published specification ${specId}` }
      : { pl: `wersja ${version} specyfikacji ${specId}`, en: `version ${version} of specification ${specId}` });
  }
  if (row.status !== 'published') {
    throw new ServiceError(409, 'not_issuable', {
      pl: `Wersja ${row.version} ma status „${row.status}”: wydawać można tylko z opublikowanej wersji`,
      en: `Version ${row.version} is ${row.status}: credentials are issued from published versions only`,
    }, { path: 'version' });
  }
  const validated = validateSpecification(row.document);
  if (!validated.ok) throw new Error(`Published specification ${specId} v${row.version} does not validate`);
  return { rowId: row.id, specId: row.spec_id, version: row.version, spec: validated.value, achievementId: catalogueUrl(platform, row.spec_id, row.version) };
}

/** Who the learner is, for recognising the same award again: e-mail, else student number, else name and birth date. */
export function learnerKey(learner: Learner): string {
  if (learner.email) return `email:${learner.email.trim().toLowerCase()}`;
  if (learner.studentNumber) return `student:${learner.studentNumber.trim()}`;
  return `name:${learnerFullName(learner).trim().toLowerCase()}|${learner.dateOfBirth ?? ''}`;
}

export function idempotencyKey(version: Pick<IssuableVersion, 'specId' | 'version'>, award: Award): string {
  const text = [version.specId, version.version, learnerKey(award.learner), award.result.externalReference ?? ''].join('\u0000');
  return createHash('sha256').update(text).digest('base64url');
}

/** A short code for the public verification URL `/v/<code>` (10 characters of base32: 50 bits). */
export function shortCode(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(10);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export function verifyUrl(platform: Platform, code: string): string {
  return `${platform.baseUrl}/v/${code}`;
}

export function claimUrl(platform: Platform, token: string): string {
  return `${platform.baseUrl}/claim/${token}`;
}

/** The unsigned credential of an award. */
export function unsignedCredential(
  institution: Institution, version: IssuableVersion, award: Award,
  options: { now: Date; credentialId: string; revocation: StatusEntry; suspension?: StatusEntry | undefined; language: 'pl' | 'en' },
): JsonObject {
  return buildCredential(version.spec, award, {
    issuerId: institution.did, credentialId: options.credentialId, achievementId: version.achievementId,
    status: options.suspension ? [options.revocation, options.suspension] : [options.revocation],
    language: options.language, now: options.now,
  });
}

/** The learner's row in the institution: found by e-mail or student number, else created; kept up to date. */
export async function learnerRow(trx: Transaction<Database>, institutionId: string, learner: Learner): Promise<string> {
  const email = learner.email?.trim().toLowerCase() ?? null;
  const values = {
    given_name: learner.givenName, family_name: learner.familyName, full_name: learner.fullName ?? null,
    email, date_of_birth: learner.dateOfBirth ?? null, student_number: learner.studentNumber ?? null,
  };
  let query = trx.selectFrom('learners').select('id').where('institution_id', '=', institutionId);
  if (email) query = query.where('email', '=', email);
  else if (learner.studentNumber) query = query.where('student_number', '=', learner.studentNumber);
  else query = query.where('given_name', '=', learner.givenName).where('family_name', '=', learner.familyName).where('email', 'is', null).where('student_number', 'is', null);
  const found = await query.orderBy('created_at').executeTakeFirst();
  if (found) {
    await trx.updateTable('learners').set({ ...values, updated_at: new Date() }).where('id', '=', found.id).execute();
    return found.id;
  }
  const row = await trx.insertInto('learners').values({ institution_id: institutionId, ...values }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export interface IssuedRecord {
  readonly institution: Institution;
  readonly version: IssuableVersion;
  readonly award: Award;
  readonly signed: JsonObject;
  readonly issuedAt: Date;
  readonly idempotencyKey: string;
  readonly revocation: { listId: string; index: number };
  readonly suspension?: { listId: string; index: number } | undefined;
  readonly language: 'pl' | 'en';
  readonly notify: boolean;
  readonly batchId?: string | undefined;
  readonly actor: Actor;
}

/**
 * Stores issued credentials (byte-exact), their learners, the learners' e-mails and the audit entries, in the
 * caller's transaction, with a handful of statements for the whole list (a batch chunk). An entry is undefined when
 * the same award was issued meanwhile (its idempotency key is taken): nothing is stored for it.
 * Learners are found by e-mail or student number (else created); an existing learner row is kept as it is.
 */
export async function storeIssuedMany(trx: Transaction<Database>, platform: Platform, records: readonly IssuedRecord[]): Promise<Array<{ id: string; shortCode: string } | undefined>> {
  if (records.length === 0) return [];
  const institution = records[0]?.institution as Institution;
  // Learners: one lookup by e-mail, one by student number, one insert of the new ones.
  const keyOf = (learner: Learner): string => learner.email ? `e:${learner.email.trim().toLowerCase()}` : learner.studentNumber ? `s:${learner.studentNumber}` : `n:${learnerKey(learner)}`;
  const learnerIds = new Map<string, string>();
  const emails = [...new Set(records.map((r) => r.award.learner.email?.trim().toLowerCase()).filter((e): e is string => !!e))];
  const numbers = [...new Set(records.filter((r) => !r.award.learner.email && r.award.learner.studentNumber).map((r) => r.award.learner.studentNumber as string))];
  if (emails.length > 0) {
    const found = await trx.selectFrom('learners').select(['id', 'email']).where('institution_id', '=', institution.id).where('email', 'in', emails).orderBy('created_at').execute();
    for (const f of found) if (f.email && !learnerIds.has(`e:${f.email}`)) learnerIds.set(`e:${f.email}`, f.id);
  }
  if (numbers.length > 0) {
    const found = await trx.selectFrom('learners').select(['id', 'student_number']).where('institution_id', '=', institution.id)
      .where('student_number', 'in', numbers).where('email', 'is', null).orderBy('created_at').execute();
    for (const f of found) if (f.student_number && !learnerIds.has(`s:${f.student_number}`)) learnerIds.set(`s:${f.student_number}`, f.id);
  }
  for (const record of records) {
    const key = keyOf(record.award.learner);
    if (key.startsWith('n:') && !learnerIds.has(key)) learnerIds.set(key, await learnerRow(trx, institution.id, record.award.learner));
  }
  const missing = new Map<string, Learner>();
  for (const record of records) {
    const key = keyOf(record.award.learner);
    if (!learnerIds.has(key) && !missing.has(key)) missing.set(key, record.award.learner);
  }
  if (missing.size > 0) {
    const keys = [...missing.keys()];
    const inserted = await trx.insertInto('learners').values(keys.map((key) => {
      const l = missing.get(key) as Learner;
      return {
        institution_id: institution.id, given_name: l.givenName, family_name: l.familyName, full_name: l.fullName ?? null,
        email: l.email?.trim().toLowerCase() ?? null, date_of_birth: l.dateOfBirth ?? null, student_number: l.studentNumber ?? null,
      };
    })).returning('id').execute();
    keys.forEach((key, i) => learnerIds.set(key, (inserted[i] as { id: string }).id));
  }
  // Credentials: one insert; those whose idempotency key is taken are skipped.
  const prepared = records.map((record) => {
    const token = randomBytes(24).toString('base64url');
    return { record, token, code: shortCode() };
  });
  const rows = await trx.insertInto('credentials').values(prepared.map(({ record, token, code }) => ({
    institution_id: record.institution.id, credential_id: String(record.signed.id), specification_id: record.version.rowId,
    learner_id: learnerIds.get(keyOf(record.award.learner)) ?? null, document: JSON.stringify(record.signed), issued_at: record.issuedAt,
    status_list_id: record.revocation.listId, status_index: record.revocation.index,
    suspension_list_id: record.suspension?.listId ?? null, suspension_index: record.suspension?.index ?? null,
    spec_id: record.version.specId, spec_version: record.version.version, external_ref: record.award.result.externalReference ?? null,
    idempotency_key: record.idempotencyKey, batch_id: record.batchId ?? null, short_code: code,
    claim_token_hash: createHash('sha256').update(token).digest('base64url'), language: record.language,
  }))).onConflict((oc) => oc.columns(['institution_id', 'idempotency_key']).where('idempotency_key', 'is not', null).doNothing())
    .returning(['id', 'idempotency_key']).execute();
  const stored = new Map(rows.map((r) => [r.idempotency_key, r.id]));
  const results = prepared.map(({ record, code }) => {
    const id = stored.get(record.idempotencyKey);
    return id ? { id, shortCode: code } : undefined;
  });
  // E-mails to the learners (a learner without a deliverable address gets none) and audit entries, one insert each.
  const mails = prepared.flatMap(({ record, token, code }, i) => {
    const id = results[i]?.id;
    const to = record.award.learner.email?.trim();
    if (!id || !record.notify || !to || !isEmailAddress(to)) return [];
    const message = credentialIssuedMessage({
      learnerName: learnerFullName(record.award.learner), institution: { namePl: record.institution.namePl, nameEn: record.institution.nameEn },
      title: record.version.spec.title, claimUrl: claimUrl(platform, token), verifyUrl: verifyUrl(platform, code), language: record.language,
    });
    return [{ institution_id: record.institution.id, credential_id: id, kind: CREDENTIAL_ISSUED, to_address: to, subject: message.subject, text_body: message.text, html_body: message.html, status: 'pending' as const }];
  });
  if (mails.length > 0) await trx.insertInto('outbox').values(mails).execute();
  const audits = prepared.flatMap(({ record }, i) => {
    const id = results[i]?.id;
    if (!id) return [];
    return [{
      institution_id: record.institution.id, actor_type: record.actor.type, actor_id: record.actor.id, action: 'credential.issue',
      target_type: 'credential', target_id: id,
      details: JSON.stringify({ credentialId: record.signed.id, specId: record.version.specId, version: record.version.version, ...(record.batchId ? { batchId: record.batchId } : {}) }),
    }];
  });
  if (audits.length > 0) await trx.insertInto('audit_log').values(audits).execute();
  return results;
}

/** Stores one issued credential (see storeIssuedMany); undefined when the same award was issued meanwhile. */
export async function storeIssued(trx: Transaction<Database>, platform: Platform, record: IssuedRecord): Promise<{ id: string; shortCode: string } | undefined> {
  const [result] = await storeIssuedMany(trx, platform, [record]);
  return result;
}
