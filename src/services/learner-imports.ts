/**
 * Credentials a learner adds from other issuers (docs/learner.md): an Open Badges 3.0 / W3C VC JSON, or a PDF with a
 * credential attached (our certificates and others: src/documents/pdf-credential.ts). Each is verified on import with
 * the platform's verifier (signature, issuer key, status lists it can read, validity, schema) and kept with that
 * report, whatever its verdict: an invalid credential is shown as invalid, not refused. What is not a verifiable
 * credential at all is refused (422).
 */
import type { JsonObject } from '../credentials/build.ts';
import { MAX_CREDENTIAL_BYTES, type VerificationReport } from '../credentials/index.ts';
import { credentialFromPdf, PdfInputError } from '../documents/pdf-credential.ts';
import type { LearnerAccount } from './learner-accounts.ts';
import { notFound, ServiceError, type Platform } from './platform.ts';
import { verifyOnPlatform } from './verification.ts';

/** Imports one account may keep. */
export const MAX_IMPORTS = 200;

export interface ImportedCredential {
  readonly id: string;
  readonly format: 'json' | 'pdf';
  readonly importedAt: Date;
  readonly verdict: VerificationReport['verdict'];
  /** The verification report made on import. */
  readonly report: VerificationReport;
  readonly credential: JsonObject;
}

function notACredential(): ServiceError {
  return new ServiceError(422, 'not_a_credential', {
    pl: 'To nie jest weryfikowalne poświadczenie (typ VerifiableCredential)', en: 'This is not a verifiable credential (type VerifiableCredential)',
  }, { path: 'body' });
}

function isCredential(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const type = (value as { type?: unknown }).type;
  return (Array.isArray(type) ? type : [type]).includes('VerifiableCredential');
}

type Row = { id: string; format: 'json' | 'pdf'; imported_at: Date; report: Record<string, unknown>; document: string };

function fromRow(row: Row): ImportedCredential {
  const report = row.report as unknown as VerificationReport;
  let credential: JsonObject = {};
  try {
    credential = JSON.parse(row.document) as JsonObject;
  } catch {
    // stored documents are JSON
  }
  return { id: row.id, format: row.format, importedAt: row.imported_at, verdict: report.verdict, report, credential };
}

/** Verifies and keeps a credential from another issuer: `{ credential }` (JSON) or `{ pdf }` (the PDF's bytes). */
export async function importCredential(
  platform: Platform, account: LearnerAccount, input: { credential: JsonObject } | { pdf: Uint8Array },
): Promise<ImportedCredential> {
  let document: string;
  let format: 'json' | 'pdf';
  if ('pdf' in input) {
    format = 'pdf';
    let found: { json: string } | undefined;
    try {
      found = await credentialFromPdf(input.pdf);
    } catch (error) {
      if (error instanceof PdfInputError) throw new ServiceError(error.code === 'too_large' ? 413 : 422, `pdf_${error.code}`, error.text, { path: 'body' });
      throw error;
    }
    if (!found) {
      throw new ServiceError(422, 'no_credential_in_pdf', {
        pl: 'W pliku PDF nie ma załączonego poświadczenia (pliku .json)', en: 'The PDF has no credential attached (a .json file)',
      }, { path: 'body' });
    }
    document = found.json;
  } else {
    format = 'json';
    document = JSON.stringify(input.credential);
  }
  if (Buffer.byteLength(document, 'utf8') > MAX_CREDENTIAL_BYTES) {
    throw new ServiceError(413, 'too_large', { pl: 'Poświadczenie jest za duże (najwyżej 5 MB)', en: 'The credential is too large (at most 5 MB)' }, { path: 'body' });
  }
  let credential: unknown;
  try {
    credential = JSON.parse(document);
  } catch {
    throw notACredential();
  }
  if (!isCredential(credential)) throw notACredential();
  const report = await verifyOnPlatform(platform, credential);
  const { db } = platform.store;
  const count = await db.selectFrom('learner_imports').select((eb) => eb.fn.countAll<string>().as('n')).where('account_id', '=', account.id).executeTakeFirst();
  if (Number(count?.n ?? 0) >= MAX_IMPORTS) {
    throw new ServiceError(409, 'too_many_imports', {
      pl: `Można przechowywać najwyżej ${MAX_IMPORTS} dodanych poświadczeń`, en: `At most ${MAX_IMPORTS} added credentials can be kept`,
    });
  }
  const row = await db.insertInto('learner_imports').values({ account_id: account.id, document, format, report: JSON.stringify(report) })
    .returning(['id', 'format', 'imported_at', 'report', 'document']).executeTakeFirstOrThrow();
  return fromRow(row);
}

export async function listImports(platform: Platform, account: LearnerAccount): Promise<ImportedCredential[]> {
  const rows = await platform.store.db.selectFrom('learner_imports').select(['id', 'format', 'imported_at', 'report', 'document'])
    .where('account_id', '=', account.id).orderBy('imported_at', 'desc').orderBy('id').execute();
  return rows.map(fromRow);
}

export async function deleteImport(platform: Platform, account: LearnerAccount, id: string): Promise<void> {
  const result = await platform.store.db.deleteFrom('learner_imports').where('id', '=', id).where('account_id', '=', account.id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound({ pl: 'dodane poświadczenie', en: 'added credential' });
}
