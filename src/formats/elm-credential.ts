/**
 * The European Learning Model (ELM) v3 / Europass form of an issued micro-credential: a `EuropeanDigitalCredential`
 * in the EDC JSON-LD application profile, shaped like the EC's official sample "Sample-MC-Annex1-unsigned.jsonld"
 * (../shared/vendor/examples/elm/; ../shared/spec/README.md §2 maps every Annex I element). The learner downloads it
 * from the portal (docs/learner.md) to put it in Europass. It is an export, not a signed credential: the signed Open
 * Badges 3.0 JSON remains the verifiable document, and this one names it in `identifier`.
 *
 * Where things go (EDC = the root EuropeanDigitalCredential; P = EDC.credentialSubject, a Person; LA = P.hasClaim,
 * a LearningAchievement; Q = LA.specifiedBy, the specification's Qualification exactly as the catalogue's ELM
 * export builds it (src/formats/elm.ts, same IRIs: `${achievementId}#specification`); Org = the awarding body,
 * IRI = the institution's DID):
 *   M1 learner          → P.givenName, P.familyName, P.fullName (LangMaps in the credential's language),
 *                         P.dateOfBirth, P.contactPoint.emailAddress (mailto:), P.identifier (student number)
 *   M2 title            → LA.title, Q.title, EDC.displayParameter.title
 *   M3, M4, M6–M11, O1–O5 → Q and its parts, as in src/formats/elm.ts
 *   M4 awarding body    → LA.awardedBy (AwardingProcess).awardingBody = Org; EDC.issuer = Org, with the
 *                         `eIDASIdentifier` the EDC issuer shape requires: the registration (KRS, else REGON), else
 *                         the tax (NIP) or VAT identifier, else the first other identifier, as a LegalIdentifier
 *   M5 date of issuing  → EDC.issued, EDC.validFrom, LA.awardedBy.awardingDate; O3 grade → LA.provenBy
 *                         (LearningAssessment).grade (a Note; "passed" when the credential has no grade), specified by
 *                         Q.provenBy (the LearningAssessmentSpecification)
 *   validUntil          → EDC.validUntil
 *   the signed credential → EDC.identifier[] (its id; its public verification URL)
 *   display             → EDC.displayParameter: one page per language, the image a PNG the caller gives (the
 *                         platform uses the QR code of the public verification URL: EDC requires an image)
 */
import type { JsonObject } from '../credentials/build.ts';
import type { Specification } from '../model/index.ts';
import { buildElmSpecification, conceptNode, EDC_AP_CONTEXT_URL, localId, type ElmInstitution } from './elm.ts';

/** The VC 1.1 context the EC sample pairs with the EDC context (it defines `issued`, `validFrom`, `credentialSubject` …). */
export const VC_V1_CONTEXT_URL = 'https://www.w3.org/2018/credentials/v1';
export const ELM_CREDENTIAL_CONTEXT: readonly string[] = [VC_V1_CONTEXT_URL, EDC_AP_CONTEXT_URL];
/** The EDC application profile whose SHACL shapes the document satisfies. */
export const EDC_GENERIC_FULL = 'http://data.europa.eu/snb/model/ap/edc-generic-full';

const SNB = 'http://data.europa.eu/snb';
const AUTHORITY = 'http://publications.europa.eu/resource/authority';

const LANGUAGES: Readonly<Record<'pl' | 'en', { code: string; label: { pl: string; en: string } }>> = {
  pl: { code: 'POL', label: { pl: 'polski', en: 'Polish' } },
  en: { code: 'ENG', label: { pl: 'angielski', en: 'English' } },
};

export interface ElmLearner {
  readonly givenName: string;
  readonly familyName: string;
  readonly fullName?: string | undefined;
  readonly email?: string | undefined;
  /** `YYYY-MM-DD`. */
  readonly dateOfBirth?: string | undefined;
  readonly studentNumber?: string | undefined;
}

export interface ElmCredentialInput {
  /** IRI of the document, e.g. `urn:credential:<uuid>`. */
  readonly id: string;
  /** The id of the signed Open Badges 3.0 credential this document exports. */
  readonly credentialId: string;
  readonly specification: Specification;
  /** The specification version's public URL (the OB 3.0 `achievement.id`, the catalogue's ELM document id). */
  readonly achievementId: string;
  readonly institution: ElmInstitution;
  readonly baseUrl?: string;
  readonly learner: ElmLearner;
  /** The language of the credential (names and the primary display). */
  readonly language: 'pl' | 'en';
  readonly issuedAt: Date;
  readonly validFrom?: Date | undefined;
  readonly validUntil?: Date | undefined;
  readonly grade?: string | undefined;
  /** The public verification URL of the signed credential. */
  readonly verifyUrl?: string | undefined;
  /** The display image (PNG). */
  readonly displayImage: Uint8Array;
}

function languageConcept(lang: 'pl' | 'en'): JsonObject {
  const { code, label } = LANGUAGES[lang];
  return conceptNode(`${AUTHORITY}/language/${code}`, `${AUTHORITY}/language`, label);
}

function identifier(id: string, notation: string, schemeName: string): JsonObject {
  return { id, type: 'Identifier', notation, schemeName };
}

function asArray(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.filter((v): v is JsonObject => typeof v === 'object' && v !== null);
  return typeof value === 'object' && value !== null ? [value as JsonObject] : [];
}

/**
 * The awarding body with the `eIDASIdentifier` the EDC issuer shape requires (one LegalIdentifier), when it has any
 * identifier. The same IRI everywhere, so the graph has one Organisation.
 */
function issuerOrganisation(org: JsonObject, spec: Specification, base: string): JsonObject {
  const legal = asArray(org.registration)[0] ?? asArray(org.taxIdentifier)[0] ?? asArray(org.vatIdentifier)[0];
  if (legal) return { ...org, eIDASIdentifier: legal };
  const first = spec.awardingBody.identifiers[0];
  if (!first) return org;
  const country = asArray(asArray(asArray(org.location)[0]?.address)[0]?.countryCode)[0];
  return {
    ...org,
    eIDASIdentifier: { id: localId(base, 'awarding-body-eidas-identifier'), type: 'LegalIdentifier', notation: first.value, ...(country ? { spatial: country } : {}) },
  };
}

function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function displayParameter(input: ElmCredentialInput, base: string): JsonObject {
  const langs: Array<'pl' | 'en'> = input.language === 'pl' ? ['pl', 'en'] : ['en', 'pl'];
  const content = Buffer.from(input.displayImage.buffer, input.displayImage.byteOffset, input.displayImage.byteLength).toString('base64');
  return {
    id: localId(base, 'display'),
    type: 'DisplayParameter',
    title: { ...input.specification.title },
    language: langs.map(languageConcept),
    primaryLanguage: languageConcept(input.language),
    individualDisplay: langs.map((lang) => ({
      id: localId(base, `display-${lang}`),
      type: 'IndividualDisplay',
      language: languageConcept(lang),
      displayDetail: [{
        id: localId(base, `display-${lang}-page-1`),
        type: 'DisplayDetail',
        page: 1,
        image: {
          id: localId(base, `display-${lang}-image`),
          type: 'MediaObject',
          content,
          contentEncoding: conceptNode(`${SNB}/encoding/6146cde7dd`, `${SNB}/encoding/25831c2`, { en: 'base64' }),
          contentType: conceptNode(`${AUTHORITY}/file-type/PNG`, `${AUTHORITY}/file-type`, { en: 'PNG' }),
        },
      }],
    })),
  };
}

/** The ELM v3 `EuropeanDigitalCredential` JSON-LD of an issued micro-credential (unsigned). */
export function buildElmCredential(input: ElmCredentialInput): JsonObject {
  const base = input.id;
  const spec = buildElmSpecification(input.specification, {
    id: input.achievementId, institution: input.institution, ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
  });
  const qualification = spec.learningAchievementSpecification as JsonObject;
  const org = issuerOrganisation(spec.providedBy as JsonObject, input.specification, input.achievementId);
  const issued = isoSeconds(input.issuedAt);
  const lang = input.language;
  const learner = input.learner;
  const fullName = learner.fullName ?? `${learner.givenName} ${learner.familyName}`;
  const awarding: JsonObject = { id: localId(base, 'awarding'), type: 'AwardingProcess', awardingBody: org, awardingDate: issued };
  const assessmentSpec = qualification.provenBy as JsonObject | undefined;
  const assessment: JsonObject = {
    id: localId(base, 'assessment'),
    type: 'LearningAssessment',
    title: { ...((assessmentSpec?.title as Record<string, string> | undefined) ?? input.specification.title) },
    grade: {
      id: localId(base, 'grade'),
      type: 'Note',
      noteLiteral: input.grade ? { [lang]: input.grade } : { pl: 'zaliczone', en: 'passed' },
    },
    awardedBy: awarding,
    ...(assessmentSpec ? { specifiedBy: assessmentSpec } : {}),
  };
  const person: JsonObject = {
    id: localId(base, 'learner'),
    type: 'Person',
    givenName: { [lang]: learner.givenName },
    familyName: { [lang]: learner.familyName },
    fullName: { [lang]: fullName },
  };
  if (learner.dateOfBirth && /^\d{4}-\d{2}-\d{2}$/.test(learner.dateOfBirth)) person.dateOfBirth = `${learner.dateOfBirth}T00:00:00Z`;
  if (learner.email) {
    person.contactPoint = { id: localId(base, 'learner-contact'), type: 'ContactPoint', emailAddress: { id: `mailto:${learner.email}`, type: 'Mailbox' } };
  }
  if (learner.studentNumber) person.identifier = [identifier(localId(base, 'learner-student-number'), learner.studentNumber, 'Student number')];
  person.hasClaim = {
    id: localId(base, 'achievement'),
    type: 'LearningAchievement',
    title: { ...input.specification.title },
    awardedBy: awarding,
    provenBy: assessment,
    specifiedBy: qualification,
  };
  const identifiers = [identifier(localId(base, 'ob3-credential'), input.credentialId, 'Open Badges 3.0 credential')];
  if (input.verifyUrl) identifiers.push(identifier(localId(base, 'verification-url'), input.verifyUrl, 'Verification URL'));
  const doc: JsonObject = {
    '@context': [...ELM_CREDENTIAL_CONTEXT],
    id: base,
    type: ['VerifiableCredential', 'EuropeanDigitalCredential'],
    credentialProfiles: [conceptNode(`${SNB}/credential/e34929035b`, `${SNB}/credential/25831c2`, { en: 'Generic' })],
    identifier: identifiers,
    credentialSchema: [{ id: EDC_GENERIC_FULL, type: 'ShaclValidator2017' }],
    issuer: org,
    issued,
    validFrom: isoSeconds(input.validFrom ?? input.issuedAt),
    ...(input.validUntil ? { validUntil: isoSeconds(input.validUntil) } : {}),
    credentialSubject: person,
    displayParameter: displayParameter(input, base),
  };
  return doc;
}
