/**
 * Builds the unsigned `OpenBadgeCredential` (W3C VC 2.0, 1EdTech Open Badges 3.0) of a micro-credential from its
 * specification and an award, following the element mapping of ../shared/spec/README.md §2 and §6.2:
 * Open Badges 3.0 properties wherever one fits, the rest in our `mc:` extension (contexts/mikrocred-v1.jsonld).
 * The embedded `Achievement` comes from achievement.ts.
 */
import { randomUUID } from 'node:crypto';
import { countryName, pick, type Award, type Specification } from '../model/index.ts';
import { buildAchievement, defaultDescription } from './achievement.ts';
import { MIKROCRED_CONTEXT_URL, OB_V3_CONTEXT_URL, OB_V3_EXTENSIONS_CONTEXT_URL, VC_V2_CONTEXT_URL } from './contexts.ts';
import { addDuration, xsdDateTime } from './dates.ts';
import { learnerIdentifiers } from './identity.ts';
import type { StatusEntry } from './status-list.ts';

export const OB_V3_SCHEMA_URL = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
export const MIKROCRED_SCHEMA_URL = 'https://w3id.org/mikrocred/v1/schema.json';
export const JSON_SCHEMA_VALIDATOR = '1EdTechJsonSchemaValidator2019';
export { MICRO_CREDENTIAL_TYPE } from './achievement.ts';

export type JsonObject = Record<string, unknown>;

export interface BuildOptions {
  /** The issuer's DID (did:key or did:web): `issuer.id`, the controller of the signing key. */
  readonly issuerId: string;
  /** The credential's id; a fresh `urn:uuid:` when absent. */
  readonly credentialId?: string;
  /** The specification's public URL (the platform's catalogue); `urn:uuid:{specId}` when absent. */
  readonly achievementId?: string;
  /** Status list entries (revocation, and optionally suspension). */
  readonly status?: readonly StatusEntry[];
  /** The language of single-language OB 3.0 fields (`name`, `description`); others go to `mc:` translations. */
  readonly language?: 'pl' | 'en';
  /** Issue time; now when absent and the award gives none. */
  readonly now?: Date;
}

function issuerProfile(spec: Specification, issuerId: string, lang: string): JsonObject {
  const body = spec.awardingBody;
  const address: JsonObject = {
    type: ['Address'],
    addressCountry: pick(countryName(body.address.country), lang),
    addressCountryCode: body.address.country,
    addressLocality: body.address.locality,
  };
  const region = spec.issuerRegion ?? body.address.region;
  if (region) address.addressRegion = region;
  if (body.address.postalCode) address.postalCode = body.address.postalCode;
  if (body.address.street) address.streetAddress = body.address.street;
  const profile: JsonObject = {
    id: issuerId,
    type: ['Profile'],
    name: pick(body.legalName, lang),
    url: body.homepage,
    address,
    'mc:nameTranslations': body.legalName,
  };
  if (body.email) profile.email = body.email;
  if (body.identifiers.length > 0) {
    profile.otherIdentifier = body.identifiers.map((id) => ({
      type: 'IdentifierEntry', identifier: id.value, identifierType: `ext:${id.scheme.replace(/[^A-Za-z0-9._-]/g, '')}`,
    }));
  }
  return profile;
}

/** The unsigned Open Badges 3.0 credential of one award of a specification. */
export function buildCredential(spec: Specification, award: Award, options: BuildOptions): JsonObject {
  const lang = options.language ?? (spec.issuerCountry === 'PL' ? 'pl' : 'en');
  const issuedAt = award.result.issuedAt ? new Date(award.result.issuedAt) : (options.now ?? new Date());
  const achievementId = options.achievementId ?? `urn:uuid:${spec.specId}`;
  const validUntil = award.result.validUntil
    ? new Date(award.result.validUntil)
    : spec.validityPeriod ? addDuration(issuedAt, spec.validityPeriod) : undefined;

  const subject: JsonObject = {
    type: ['AchievementSubject'],
    identifier: learnerIdentifiers(award.learner),
    achievement: buildAchievement(spec, { achievementId, lang }),
    creditsEarned: spec.ectsCredits,
  };
  if (award.learner.did) subject.id = award.learner.did;
  if (award.result.assessmentDate) subject.activityEndDate = `${award.result.assessmentDate}T00:00:00Z`;
  if (award.result.grade !== undefined && spec.gradingScheme) {
    subject.result = [{ type: ['Result'], resultDescription: `${achievementId}#grade`, value: award.result.grade }];
  }
  if (award.result.supervisionVerificationUsed) subject['mc:supervisionVerificationUsed'] = award.result.supervisionVerificationUsed;

  const credential: JsonObject = {
    '@context': [VC_V2_CONTEXT_URL, OB_V3_CONTEXT_URL, OB_V3_EXTENSIONS_CONTEXT_URL, MIKROCRED_CONTEXT_URL],
    id: options.credentialId ?? `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: pick(spec.title, lang),
    description: pick(spec.description ?? defaultDescription(spec), lang),
    issuer: issuerProfile(spec, options.issuerId, lang),
    validFrom: xsdDateTime(issuedAt),
    awardedDate: xsdDateTime(issuedAt),
    credentialSubject: subject,
    credentialSchema: [
      { id: OB_V3_SCHEMA_URL, type: JSON_SCHEMA_VALIDATOR },
      { id: MIKROCRED_SCHEMA_URL, type: JSON_SCHEMA_VALIDATOR },
    ],
  };
  if (validUntil) credential.validUntil = xsdDateTime(validUntil);
  const status = options.status ?? [];
  if (status.length === 1) credential.credentialStatus = { ...status[0] };
  else if (status.length > 1) credential.credentialStatus = status.map((s) => ({ ...s }));
  return credential;
}
