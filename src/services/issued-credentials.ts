/**
 * The credentials an institution issued, as its staff see them: the list (filtered by specification, batch, status
 * or a learner's name / e-mail), one credential with its status, and its stored JSON exactly as signed.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../store/schema.ts';
import { verifyUrl } from './awards.ts';
import type { Institution } from './institutions.ts';
import { notFound, type Platform } from './platform.ts';

export type CredentialState = 'active' | 'revoked' | 'suspended';

export interface IssuedCredential {
  readonly id: string;
  readonly credentialId: string;
  readonly specId: string | null;
  readonly version: number | null;
  readonly title: { pl: string; en: string };
  readonly learner: { name: string; email: string | null; studentNumber: string | null };
  readonly issuedAt: Date;
  readonly status: CredentialState;
  readonly revokedAt: Date | null;
  readonly revocationReason: string | null;
  readonly suspendedAt: Date | null;
  readonly suspensionReason: string | null;
  readonly suspendable: boolean;
  readonly externalReference: string | null;
  readonly batchId: string | null;
  readonly verifyUrl: string | null;
}

type Query = SelectQueryBuilder<Database & { c: Database['credentials']; l: Database['learners']; s: Database['specifications'] }, 'c' | 'l' | 's', object>;

function base(platform: Platform, institution: Institution) {
  return platform.store.db.selectFrom('credentials as c')
    .leftJoin('learners as l', 'l.id', 'c.learner_id')
    .leftJoin('specifications as s', 's.id', 'c.specification_id')
    .where('c.institution_id', '=', institution.id);
}

const COLUMNS = [
  'c.id', 'c.credential_id', 'c.spec_id', 'c.spec_version', 'c.issued_at', 'c.revoked_at', 'c.status_reason', 'c.suspended_at',
  'c.suspension_reason', 'c.suspension_list_id', 'c.external_ref', 'c.batch_id', 'c.short_code',
  'l.given_name', 'l.family_name', 'l.full_name', 'l.email', 'l.student_number', 's.document',
] as const;

type Row = {
  id: string; credential_id: string; spec_id: string | null; spec_version: number | null; issued_at: Date; revoked_at: Date | null;
  status_reason: string | null; suspended_at: Date | null; suspension_reason: string | null; suspension_list_id: string | null;
  external_ref: string | null; batch_id: string | null; short_code: string | null; given_name: string | null; family_name: string | null;
  full_name: string | null; email: string | null; student_number: string | null; document: Record<string, unknown> | null;
};

function present(platform: Platform, row: Row): IssuedCredential {
  const title = (row.document?.title ?? {}) as { pl?: string; en?: string };
  const name = row.full_name ?? [row.given_name, row.family_name].filter(Boolean).join(' ');
  return {
    id: row.id, credentialId: row.credential_id, specId: row.spec_id, version: row.spec_version,
    title: { pl: title.pl ?? '', en: title.en ?? '' },
    learner: { name, email: row.email, studentNumber: row.student_number },
    issuedAt: row.issued_at, status: row.revoked_at ? 'revoked' : row.suspended_at ? 'suspended' : 'active',
    revokedAt: row.revoked_at, revocationReason: row.status_reason, suspendedAt: row.suspended_at, suspensionReason: row.suspension_reason,
    suspendable: row.suspension_list_id !== null, externalReference: row.external_ref, batchId: row.batch_id,
    verifyUrl: row.short_code ? verifyUrl(platform, row.short_code) : null,
  };
}

export async function issuedCredential(platform: Platform, institution: Institution, id: string): Promise<IssuedCredential> {
  const row = await base(platform, institution).select(COLUMNS).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound({ pl: 'poświadczenie', en: 'credential' });
  return present(platform, row as Row);
}

export interface IssuedFilter {
  readonly specId?: string | undefined;
  readonly batchId?: string | undefined;
  readonly status?: CredentialState | undefined;
  /** A learner's name, e-mail or student number (case-insensitive, part of it). */
  readonly q?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

export async function listIssued(platform: Platform, institution: Institution, filter: IssuedFilter): Promise<{ total: number; items: IssuedCredential[] }> {
  let query = base(platform, institution) as unknown as Query;
  if (filter.specId) query = query.where('c.spec_id', '=', filter.specId);
  if (filter.batchId) query = query.where('c.batch_id', '=', filter.batchId);
  if (filter.status === 'revoked') query = query.where('c.revoked_at', 'is not', null);
  if (filter.status === 'suspended') query = query.where('c.revoked_at', 'is', null).where('c.suspended_at', 'is not', null);
  if (filter.status === 'active') query = query.where('c.revoked_at', 'is', null).where('c.suspended_at', 'is', null);
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`(lower(coalesce(l.full_name, l.given_name || ' ' || l.family_name)) LIKE ${like}
      OR lower(coalesce(l.email, '')) LIKE ${like} OR lower(coalesce(l.student_number, '')) LIKE ${like})`);
  }
  const [rows, count] = await Promise.all([
    query.select(COLUMNS).orderBy('c.issued_at', 'desc').orderBy('c.id').limit(filter.limit).offset(filter.offset).execute(),
    query.select(sql<string>`count(*)`.as('n')).executeTakeFirst(),
  ]);
  return { total: Number((count as { n?: string } | undefined)?.n ?? 0), items: (rows as Row[]).map((r) => present(platform, r)) };
}

/** The signed credential exactly as stored (its bytes are what was signed and returned). */
export async function issuedDocument(platform: Platform, institution: Institution, id: string): Promise<string> {
  const row = await platform.store.db.selectFrom('credentials').select('document')
    .where('institution_id', '=', institution.id).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound({ pl: 'poświadczenie', en: 'credential' });
  return row.document;
}
