/**
 * A learner's own credentials (docs/learner.md): those whose learner row, in any institution, has the account's
 * e-mail. The list with status; one credential with every standard element (its specification version document),
 * its verification now (the public verifier's answer, as `/v/<code>` gives it) and its "Add to LinkedIn profile" link; the downloads (the signed Open Badges 3.0 JSON byte for
 * byte, the PDF certificate, the ELM / Europass JSON-LD); and an unsigned Verifiable Presentation of chosen ones.
 * Anything else (another learner's credential, an unknown id) is "not found": nothing tells them apart.
 */
import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import type { JsonObject } from '../credentials/build.ts';
import { buildElmCredential } from '../formats/elm-credential.ts';
import { validateSpecification, type Specification } from '../model/index.ts';
import type { ErasurePolicy } from '../store/schema.ts';
import { verifyUrl } from './awards.ts';
import { credentialPdf } from './certificates.ts';
import { findInstitutionById } from './institutions.ts';
import type { LearnerAccount } from './learner-accounts.ts';
import { notFound, type Platform } from './platform.ts';
import { verificationAnswer, type VerificationAnswer } from './public-verify.ts';
import { catalogueUrl } from './specifications.ts';
import { verifyOnPlatform } from './verification.ts';

type Lang = { pl: string; en: string };

export type OwnCredentialStatus = 'active' | 'suspended' | 'revoked' | 'expired';

export interface InstitutionRef {
  readonly slug: string;
  readonly namePl: string;
  readonly nameEn: string;
  readonly logoUrl: string | null;
}

export interface OwnCredential {
  readonly id: string;
  /** The credential's own id (`urn:uuid:…`), as in its JSON. */
  readonly credentialId: string;
  readonly institution: InstitutionRef;
  readonly title: Lang;
  readonly issuedAt: Date;
  readonly validUntil: string | null;
  readonly status: OwnCredentialStatus;
  readonly revokedAt: Date | null;
  readonly revocationReason: string | null;
  readonly suspendedAt: Date | null;
  readonly specId: string | null;
  readonly version: number | null;
  readonly ectsCredits: number | null;
  readonly language: 'pl' | 'en';
  /** The short public verification URL (`/v/<code>`). */
  readonly verifyUrl: string | null;
  /** What erasing the learner's data would do to it (the institution's policy): stay verifiable, or be revoked. */
  readonly onErasure: ErasurePolicy;
}

/** What the database holds of an owned credential (internal). */
export interface OwnRow {
  id: string; credential_id: string; institution_id: string; document: string; issued_at: Date; revoked_at: Date | null;
  status_reason: string | null; suspended_at: Date | null; spec_id: string | null; spec_version: number | null; short_code: string | null;
  language: string | null; slug: string; name_pl: string; name_en: string; logo_type: string | null; website: string | null; did: string;
  erasure_policy: ErasurePolicy;
  spec_document: Record<string, unknown> | null; ects: number | null;
  given_name: string; family_name: string; full_name: string | null; email: string | null; date_of_birth: string | null; student_number: string | null;
}

/** The query of every credential the account owns (any institution). */
export function ownedQuery(platform: Platform, email: string) {
  return platform.store.db.selectFrom('credentials as c')
    .innerJoin('learners as l', 'l.id', 'c.learner_id')
    .innerJoin('institutions as i', 'i.id', 'c.institution_id')
    .leftJoin('specifications as s', 's.id', 'c.specification_id')
    .select((eb) => [
      'c.id', 'c.credential_id', 'c.institution_id', 'c.document', 'c.issued_at', 'c.revoked_at', 'c.status_reason', 'c.suspended_at',
      'c.spec_id', 'c.spec_version', 'c.short_code', 'c.language', 'i.slug', 'i.name_pl', 'i.name_en', 'i.logo_type', 'i.website', 'i.did', 'i.erasure_policy',
      's.document as spec_document', 's.ects', 'l.given_name', 'l.family_name', 'l.full_name', 'l.email', 'l.student_number',
      eb.cast<string | null>('l.date_of_birth', 'text').as('date_of_birth'),
    ])
    .where('l.email', '=', email);
}

export async function ownedRows(platform: Platform, account: LearnerAccount): Promise<OwnRow[]> {
  return await ownedQuery(platform, account.email).orderBy('c.issued_at', 'desc').orderBy('c.id').execute() as OwnRow[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One credential the account owns, or a 404. */
export async function ownedRow(platform: Platform, account: LearnerAccount, id: string): Promise<OwnRow> {
  const row = UUID.test(id) ? await ownedQuery(platform, account.email).where('c.id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw notFound({ pl: 'poświadczenie', en: 'credential' });
  return row as OwnRow;
}

function parsed(document: string): JsonObject {
  try {
    const value: unknown = JSON.parse(document);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as JsonObject : {};
  } catch {
    return {};
  }
}

function langMap(value: unknown): Lang | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const map = value as Record<string, unknown>;
  return typeof map.pl === 'string' || typeof map.en === 'string'
    ? { pl: typeof map.pl === 'string' ? map.pl : String(map.en), en: typeof map.en === 'string' ? map.en : String(map.pl) } : undefined;
}

export function institutionRef(platform: Platform, row: { slug: string; name_pl: string; name_en: string; logo_type: string | null }): InstitutionRef {
  return { slug: row.slug, namePl: row.name_pl, nameEn: row.name_en, logoUrl: row.logo_type ? `${platform.baseUrl}/i/${row.slug}/logo` : null };
}

export function present(platform: Platform, row: OwnRow, now = new Date()): OwnCredential {
  const credential = parsed(row.document);
  const name = typeof credential.name === 'string' ? credential.name : '';
  const validUntil = typeof credential.validUntil === 'string' ? credential.validUntil : null;
  const expired = validUntil !== null && Date.parse(validUntil) < now.getTime();
  const ects = typeof row.spec_document?.ectsCredits === 'number' ? row.spec_document.ectsCredits : row.ects;
  return {
    id: row.id, credentialId: row.credential_id, institution: institutionRef(platform, row),
    title: langMap(row.spec_document?.title) ?? { pl: name, en: name },
    issuedAt: row.issued_at, validUntil,
    status: row.revoked_at ? 'revoked' : row.suspended_at ? 'suspended' : expired ? 'expired' : 'active',
    revokedAt: row.revoked_at, revocationReason: row.status_reason, suspendedAt: row.suspended_at,
    specId: row.spec_id, version: row.spec_version, ectsCredits: ects ?? null, language: row.language === 'en' ? 'en' : 'pl',
    verifyUrl: row.short_code ? verifyUrl(platform, row.short_code) : null,
    onErasure: row.erasure_policy,
  };
}

export async function listOwnCredentials(platform: Platform, account: LearnerAccount): Promise<OwnCredential[]> {
  const now = new Date();
  return (await ownedRows(platform, account)).map((row) => present(platform, row, now));
}

/**
 * LinkedIn's "Add licence or certification" link with the fields filled in (LinkedIn's documented `profile/add`
 * parameters): the title and institution in the credential's language, issue and expiry month, and the public
 * verification URL and id.
 */
export function linkedInAddUrl(input: {
  name: string; organizationName: string; issuedAt: Date; validUntil?: string | null; certUrl?: string | null; certId: string;
}): string {
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME', name: input.name, organizationName: input.organizationName,
    issueYear: String(input.issuedAt.getUTCFullYear()), issueMonth: String(input.issuedAt.getUTCMonth() + 1),
  });
  const until = input.validUntil ? new Date(input.validUntil) : undefined;
  if (until && !Number.isNaN(until.getTime())) {
    params.set('expirationYear', String(until.getUTCFullYear()));
    params.set('expirationMonth', String(until.getUTCMonth() + 1));
  }
  if (input.certUrl) params.set('certUrl', input.certUrl);
  params.set('certId', input.certId);
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}

export interface OwnCredentialDetail extends OwnCredential {
  /** The signed credential (parsed; the exact bytes are at …/json). */
  readonly credential: JsonObject;
  /** Every standard element: the specification version the credential was issued from (null when not from the catalogue). */
  readonly specification: Record<string, unknown> | null;
  /** The specification version's public page (`achievement.id`). */
  readonly specificationUrl: string | null;
  readonly learner: { name: string; email: string | null };
  /**
   * The verification now (signature, issuer, status lists, validity, elements), as the public verifier answers it:
   * the verdict with its PL/EN line, each check labelled, who the issuer is and the credential's summary.
   */
  readonly verification: VerificationAnswer;
  readonly linkedInUrl: string;
  readonly downloads: { json: string; pdf: string | null; elm: string | null };
}

function linkedInOf(row: OwnRow, item: OwnCredential): string {
  return linkedInAddUrl({
    name: item.title[item.language] || item.title.pl, organizationName: item.language === 'en' ? row.name_en : row.name_pl,
    issuedAt: row.issued_at, validUntil: item.validUntil, certUrl: item.verifyUrl, certId: row.short_code ?? row.credential_id,
  });
}

/**
 * A stored credential of ours verified now, answered as the public verifier answers its short code (`/v/<code>`):
 * source `short-code` with the code; `json` (the stored JSON) for a credential that has none.
 */
export async function verifyStored(platform: Platform, credential: JsonObject, shortCode: string | null): Promise<VerificationAnswer> {
  const input = shortCode ? { credential, source: 'short-code' as const, shortCode } : { credential, source: 'json' as const };
  return verificationAnswer(platform, input, await verifyOnPlatform(platform, credential));
}

export async function ownCredentialDetail(platform: Platform, account: LearnerAccount, id: string): Promise<OwnCredentialDetail> {
  const row = await ownedRow(platform, account, id);
  const item = present(platform, row);
  const credential = parsed(row.document);
  const base = `${platform.baseUrl}/api/v1/me/credentials/${row.id}`;
  const fromCatalogue = row.spec_document !== null && row.spec_id !== null && row.spec_version !== null;
  return {
    ...item,
    credential,
    specification: row.spec_document,
    specificationUrl: fromCatalogue ? catalogueUrl(platform, String(row.spec_id), Number(row.spec_version)) : null,
    learner: { name: row.full_name ?? `${row.given_name} ${row.family_name}`, email: row.email },
    verification: await verifyStored(platform, credential, row.short_code),
    linkedInUrl: linkedInOf(row, item),
    downloads: { json: `${base}/json`, pdf: fromCatalogue && row.short_code ? `${base}/pdf` : null, elm: fromCatalogue ? `${base}/elm` : null },
  };
}

/** The signed credential exactly as issued. */
export async function ownCredentialDocument(platform: Platform, account: LearnerAccount, id: string): Promise<string> {
  return (await ownedRow(platform, account, id)).document;
}

export async function ownCredentialPdf(platform: Platform, account: LearnerAccount, id: string, lang?: 'pl' | 'en' | 'both'): Promise<{ bytes: Uint8Array; fileName: string }> {
  const row = await ownedRow(platform, account, id);
  const institution = await findInstitutionById(platform, row.institution_id);
  if (!institution) throw notFound({ pl: 'poświadczenie', en: 'credential' });
  return credentialPdf(platform, institution, row.id, lang);
}

function specificationOf(row: OwnRow): Specification {
  const validated = row.spec_document ? validateSpecification(row.spec_document) : undefined;
  if (!validated?.ok || row.spec_id === null || row.spec_version === null) {
    throw notFound({ pl: 'eksport ELM (poświadczenie nie pochodzi z katalogu)', en: 'ELM export (the credential was not issued from the catalogue)' });
  }
  return validated.value;
}

/** The ELM v3 / Europass `EuropeanDigitalCredential` JSON-LD of an owned credential (src/formats/elm-credential.ts). */
export async function ownCredentialElm(platform: Platform, account: LearnerAccount, id: string): Promise<{ document: JsonObject; fileName: string }> {
  const row = await ownedRow(platform, account, id);
  const spec = specificationOf(row);
  const credential = parsed(row.document);
  const subject = (credential.credentialSubject ?? {}) as { result?: Array<{ value?: unknown }> };
  const grade = Array.isArray(subject.result) ? subject.result.find((r) => typeof r.value === 'string')?.value as string | undefined : undefined;
  const date = (value: unknown): Date | undefined => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value) : undefined);
  const verify = row.short_code ? verifyUrl(platform, row.short_code) : undefined;
  const uuid = /^urn:uuid:([0-9a-f-]{36})$/i.exec(row.credential_id)?.[1] ?? row.id;
  const displayImage = await QRCode.toBuffer(verify ?? row.credential_id, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 256 });
  const document = buildElmCredential({
    id: `urn:credential:${uuid}`, credentialId: row.credential_id, specification: spec,
    achievementId: catalogueUrl(platform, String(row.spec_id), Number(row.spec_version)),
    institution: { did: row.did, ...(row.website ? { homepage: row.website } : {}) }, baseUrl: platform.baseUrl,
    learner: {
      givenName: row.given_name, familyName: row.family_name, fullName: row.full_name ?? undefined, email: row.email ?? undefined,
      dateOfBirth: row.date_of_birth ?? undefined, studentNumber: row.student_number ?? undefined,
    },
    language: row.language === 'en' ? 'en' : 'pl', issuedAt: row.issued_at, validFrom: date(credential.validFrom), validUntil: date(credential.validUntil),
    grade, verifyUrl: verify, displayImage,
  });
  return { document, fileName: `europass-${row.short_code ?? row.id}.jsonld` };
}

/**
 * A W3C VC 2.0 `VerifiablePresentation` of chosen owned credentials, embedded as signed. It is unsigned and has no
 * `holder`: learners hold no key on the platform; each credential inside still verifies on its own.
 */
export async function presentation(platform: Platform, account: LearnerAccount, ids: readonly string[]): Promise<JsonObject> {
  const unique = [...new Set(ids)];
  const rows = await Promise.all(unique.map((id) => ownedRow(platform, account, id)));
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: `urn:uuid:${randomUUID()}`,
    type: ['VerifiablePresentation'],
    verifiableCredential: rows.map((row) => parsed(row.document)),
  };
}
