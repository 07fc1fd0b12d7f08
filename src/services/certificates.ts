/**
 * The PDF certificate of an issued credential: its specification version, learner, grade and dates, the
 * institution's names and logo, the QR code of its public verification URL, and the signed JSON attached byte-exact.
 * Made on request from what is stored (nothing to keep in sync); in the credential's language unless asked.
 */
import { certificatePdf } from '../documents/certificate-pdf.ts';
import { validateSpecification } from '../model/index.ts';
import { verifyUrl } from './awards.ts';
import { getLogo, type Institution } from './institutions.ts';
import { notFound, type Platform } from './platform.ts';

export async function credentialPdf(
  platform: Platform, institution: Institution, id: string, lang?: 'pl' | 'en' | 'both',
): Promise<{ bytes: Uint8Array; fileName: string }> {
  const row = await platform.store.db.selectFrom('credentials as c')
    .leftJoin('specifications as s', 's.id', 'c.specification_id')
    .leftJoin('learners as l', 'l.id', 'c.learner_id')
    .select(['c.document as credential', 'c.issued_at', 'c.short_code', 'c.language', 's.document as spec', 'l.full_name', 'l.given_name', 'l.family_name'])
    .where('c.institution_id', '=', institution.id).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound({ pl: 'poświadczenie', en: 'credential' });
  const spec = row.spec ? validateSpecification(row.spec) : undefined;
  if (!spec?.ok || !row.short_code) {
    throw notFound({ pl: 'certyfikat PDF (poświadczenie nie pochodzi z katalogu)', en: 'PDF certificate (the credential was not issued from the catalogue)' });
  }
  const credential = JSON.parse(row.credential) as Record<string, unknown>;
  const subject = (credential.credentialSubject ?? {}) as { result?: Array<{ value?: unknown }> };
  const grade = subject.result?.find((r) => typeof r.value === 'string')?.value as string | undefined;
  const validUntil = typeof credential.validUntil === 'string' ? new Date(credential.validUntil) : undefined;
  const logo = await getLogo(platform, institution);
  const learnerName = row.full_name ?? [row.given_name, row.family_name].filter(Boolean).join(' ');
  const bytes = await certificatePdf({
    credential, credentialJson: row.credential, specification: spec.value, learnerName, issuedAt: row.issued_at,
    ...(grade ? { grade } : {}), ...(validUntil ? { validUntil } : {}),
    institution: {
      namePl: institution.namePl, nameEn: institution.nameEn,
      ...(logo && (logo.type === 'image/png' || logo.type === 'image/jpeg') ? { logo: { bytes: logo.image, type: logo.type } } : {}),
    },
    verifyUrl: verifyUrl(platform, row.short_code),
    language: lang ?? (row.language === 'en' ? 'en' : 'pl'),
  });
  return { bytes, fileName: `mikroposwiadczenie-${row.short_code}.pdf` };
}
