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
import { credentialIssuedMessage, enqueueEmail } from './notifications.ts';
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
 * Stores an issued credential (byte-exact), its learner, the learner's e-mail and the audit entry, in the caller's
 * transaction. Undefined when the same award was issued meanwhile (its idempotency key is taken): nothing stored.
 */
export async function storeIssued(trx: Transaction<Database>, platform: Platform, record: IssuedRecord): Promise<{ id: string; shortCode: string } | undefined> {
  const { institution, version, award, signed } = record;
  const learnerId = await learnerRow(trx, institution.id, award.learner);
  const code = shortCode();
  const token = randomBytes(24).toString('base64url');
  const row = await trx.insertInto('credentials').values({
    institution_id: institution.id, credential_id: String(signed.id), specification_id: version.rowId, learner_id: learnerId,
    document: JSON.stringify(signed), issued_at: record.issuedAt,
    status_list_id: record.revocation.listId, status_index: record.revocation.index,
    suspension_list_id: record.suspension?.listId ?? null, suspension_index: record.suspension?.index ?? null,
    spec_id: version.specId, spec_version: version.version, external_ref: award.result.externalReference ?? null,
    idempotency_key: record.idempotencyKey, batch_id: record.batchId ?? null, short_code: code,
    claim_token_hash: createHash('sha256').update(token).digest('base64url'), language: record.language,
  }).onConflict((oc) => oc.columns(['institution_id', 'idempotency_key']).where('idempotency_key', 'is not', null).doNothing())
    .returning('id').executeTakeFirst();
  if (!row) return undefined;
  if (record.notify && award.learner.email) {
    const message = credentialIssuedMessage({
      learnerName: learnerFullName(award.learner), institution: { namePl: institution.namePl, nameEn: institution.nameEn },
      title: version.spec.title, claimUrl: claimUrl(platform, token), verifyUrl: verifyUrl(platform, code), language: record.language,
    });
    await enqueueEmail(trx, {
      institutionId: institution.id, credentialId: row.id, kind: 'credential_issued', to: award.learner.email,
      subject: message.subject, text: message.text, html: message.html,
    });
  }
  await trx.insertInto('audit_log').values({
    institution_id: institution.id, actor_type: record.actor.type, actor_id: record.actor.id, action: 'credential.issue',
    target_type: 'credential', target_id: row.id,
    details: JSON.stringify({ credentialId: signed.id, specId: version.specId, version: version.version, ...(record.batchId ? { batchId: record.batchId } : {}) }),
  }).execute();
  return { id: row.id, shortCode: code };
}
