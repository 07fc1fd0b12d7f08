/**
 * A learner's data export (GDPR art. 15 and 20; docs/learner.md): everything the platform holds about the account's
 * e-mail address, as one JSON document: the account, the learner records of every institution, the credentials with
 * their signed documents, share links, imported credentials with their verification reports, the e-mails sent to the
 * address (the outbox, with their texts), the sign-in history and the applications authorised to use the Open Badges
 * 3.0 API (no token hashes).
 */
import { sql } from 'kysely';
import type { LearnerAccount } from './learner-accounts.ts';
import { listAuthorisedApps } from './learner-apps.ts';
import { ownedRows, present } from './learner-credentials.ts';
import { listImports } from './learner-imports.ts';
import type { Platform } from './platform.ts';
import { allShares } from './shares.ts';

export const EXPORT_FORMAT = 'mikrocred-learner-export/1';

export async function exportLearnerData(platform: Platform, account: LearnerAccount): Promise<Record<string, unknown>> {
  const { db } = platform.store;
  const [records, rows, shares, imports, emails, signIns, authorisedApps] = await Promise.all([
    db.selectFrom('learners as l').innerJoin('institutions as i', 'i.id', 'l.institution_id')
      .select((eb) => [
        'i.slug', 'i.name_pl', 'i.name_en', 'l.given_name', 'l.family_name', 'l.full_name', 'l.email', 'l.student_number', 'l.created_at', 'l.updated_at',
        eb.cast<string | null>('l.date_of_birth', 'text').as('date_of_birth'),
      ])
      .where('l.email', '=', account.email).orderBy('i.slug').orderBy('l.created_at').execute(),
    ownedRows(platform, account),
    allShares(platform, account),
    listImports(platform, account),
    db.selectFrom('outbox as o').leftJoin('institutions as i', 'i.id', 'o.institution_id')
      .select(['o.id', 'o.kind', 'i.slug', 'o.to_address', 'o.subject', 'o.text_body', 'o.html_body', 'o.status', 'o.created_at', 'o.sent_at'])
      .where(sql<string>`lower(o.to_address)`, '=', account.email).orderBy('o.created_at').execute(),
    db.selectFrom('learner_sign_ins').select(['at', 'method']).where('account_id', '=', account.id).orderBy('at').execute(),
    listAuthorisedApps(platform, account, { includeEnded: true }),
  ]);
  return {
    format: EXPORT_FORMAT,
    exportedAt: new Date(),
    account: { id: account.id, email: account.email, createdAt: account.createdAt, lastSignInAt: account.lastSignInAt },
    learnerRecords: records.map((r) => ({
      institution: { slug: r.slug, namePl: r.name_pl, nameEn: r.name_en }, givenName: r.given_name, familyName: r.family_name,
      fullName: r.full_name, email: r.email, dateOfBirth: r.date_of_birth, studentNumber: r.student_number, createdAt: r.created_at, updatedAt: r.updated_at,
    })),
    credentials: rows.map((row) => {
      let document: unknown = row.document;
      try {
        document = JSON.parse(row.document);
      } catch {
        // keep the text
      }
      return { ...present(platform, row), document };
    }),
    shares,
    imports,
    emails: emails.map((e) => ({
      id: e.id, kind: e.kind, institution: e.slug, to: e.to_address, subject: e.subject, text: e.text_body, html: e.html_body,
      status: e.status, createdAt: e.created_at, sentAt: e.sent_at,
    })),
    signIns: signIns.map((s) => ({ at: s.at, method: s.method })),
    authorisedApps,
  };
}
