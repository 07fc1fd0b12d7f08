/**
 * Builds the unsigned `OpenBadgeCredential` (W3C VC 2.0, 1EdTech Open Badges 3.0) of a micro-credential from its
 * specification and an award, following the element mapping of ../shared/spec/README.md §2 and §6.2:
 * Open Badges 3.0 properties wherever one fits, the rest in our `mc:` extension (contexts/mikrocred-v1.jsonld).
 */
import { randomUUID } from 'node:crypto';
import {
  EQF_LEVELS, PRK_LEVELS, countryName, gradingScheme, iscedField, pick,
  type Award, type LangMap, type Specification,
} from '../model/index.ts';
import { MIKROCRED_CONTEXT_URL, OB_V3_CONTEXT_URL, OB_V3_EXTENSIONS_CONTEXT_URL, VC_V2_CONTEXT_URL } from './contexts.ts';
import { addDuration, xsdDateTime } from './dates.ts';
import { learnerIdentifiers } from './identity.ts';
import type { StatusEntry } from './status-list.ts';

export const OB_V3_SCHEMA_URL = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
export const MIKROCRED_SCHEMA_URL = 'https://w3id.org/mikrocred/v1/schema.json';
export const JSON_SCHEMA_VALIDATOR = '1EdTechJsonSchemaValidator2019';
export const MICRO_CREDENTIAL_TYPE = 'mc:MicroCredential';

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

function outcomesNarrative(spec: Specification, lang: string): string {
  const heading = lang === 'pl' ? 'Efekty uczenia się' : 'Learning outcomes';
  const assessment = lang === 'pl' ? 'Walidacja' : 'Assessment';
  const lines = spec.learningOutcomes.map((o, i) => `${i + 1}. ${o.id}: ${pick(o.text, lang)}`);
  const out = [`## ${heading}`, '', ...lines];
  if (spec.assessmentDescription) out.push('', `## ${assessment}`, '', pick(spec.assessmentDescription, lang));
  return out.join('\n');
}

function defaultDescription(spec: Specification): LangMap {
  const level = spec.eqfLevel != null ? { pl: `, poziom ${spec.eqfLevel} ERK`, en: `, EQF level ${spec.eqfLevel}` } : { pl: '', en: '' };
  return {
    pl: `Mikropoświadczenie „${spec.title.pl}” (${spec.ectsCredits} ECTS${level.pl}).`,
    en: `Micro-credential "${spec.title.en}" (${spec.ectsCredits} ECTS${level.en}).`,
  };
}

function alignments(spec: Specification, lang: string): JsonObject[] {
  const out: JsonObject[] = [];
  if (spec.eqfLevel != null) {
    const eqf = EQF_LEVELS[spec.eqfLevel - 1];
    out.push({
      type: ['Alignment'], targetName: eqf ? pick(eqf.label, lang) : `EQF ${spec.eqfLevel}`,
      targetUrl: `http://data.europa.eu/snb/eqf/${spec.eqfLevel}`,
      targetFramework: 'European Qualifications Framework', targetCode: String(spec.eqfLevel), targetType: 'ext:EQFLevel',
    });
  }
  if (spec.prkLevel != null) {
    const prk = PRK_LEVELS[spec.prkLevel - 1];
    out.push({
      type: ['Alignment'], targetName: prk ? pick(prk.label, lang) : `PRK ${spec.prkLevel}`,
      targetUrl: `https://w3id.org/mikrocred/v1/prk/${spec.prkLevel}`,
      targetFramework: 'Polska Rama Kwalifikacji', targetCode: String(spec.prkLevel), targetType: 'ext:NQFLevel',
    });
  }
  if (spec.iscedF) {
    const field = iscedField(spec.iscedF);
    out.push({
      type: ['Alignment'], targetName: field ? (lang === 'pl' ? field.pl : field.en) : spec.iscedF,
      targetUrl: `http://data.europa.eu/snb/isced-f/${spec.iscedF}`,
      targetFramework: 'ISCED-F 2013', targetCode: spec.iscedF, targetType: 'ext:ISCEDF',
    });
  }
  const seen = new Set<string>();
  for (const outcome of spec.learningOutcomes) {
    for (const skill of outcome.escoSkills) {
      if (seen.has(skill.uri)) continue;
      seen.add(skill.uri);
      out.push({
        type: ['Alignment'], targetName: skill.label ? pick(skill.label, lang) : pick(outcome.text, lang),
        targetUrl: skill.uri, targetFramework: 'ESCO', targetType: 'ext:ESCOSkill',
      });
    }
  }
  return out;
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

function achievement(spec: Specification, achievementId: string, lang: string): JsonObject {
  const description = spec.description ?? defaultDescription(spec);
  const out: JsonObject = {
    id: achievementId,
    type: ['Achievement', MICRO_CREDENTIAL_TYPE],
    achievementType: 'MicroCredential',
    name: pick(spec.title, lang),
    description: pick(description, lang),
    criteria: spec.homepage ? { id: spec.homepage, narrative: outcomesNarrative(spec, lang) } : { narrative: outcomesNarrative(spec, lang) },
    creditsAvailable: spec.ectsCredits,
    inLanguage: lang,
    version: String(spec.version),
  };
  if (spec.iscedF) out.fieldOfStudy = spec.iscedF;
  if (spec.humanCode) out.humanCode = spec.humanCode;
  const aligned = alignments(spec, lang);
  if (aligned.length > 0) out.alignment = aligned;
  const scheme = spec.gradingScheme ? gradingScheme(spec.gradingScheme) : undefined;
  if (scheme) {
    out.resultDescription = [{
      id: `${achievementId}#grade`, type: ['ResultDescription'],
      name: lang === 'pl' ? 'Ocena końcowa' : 'Final grade',
      resultType: scheme.resultType, allowedValue: [...scheme.values],
      requiredValue: scheme.passing[0],
    }];
  }
  if (spec.zskCode) {
    out.otherIdentifier = [{ type: 'IdentifierEntry', identifier: spec.zskCode, identifierType: 'ext:ZSK' }];
  }
  // Elements Open Badges 3.0 has no slot for: our extension (contexts/mikrocred-v1.jsonld).
  const ext: JsonObject = {
    'mc:specificationId': spec.specId,
    'mc:specificationVersion': spec.version,
    'mc:nameTranslations': spec.title,
    'mc:descriptionTranslations': description,
    'mc:issuerCountry': spec.issuerCountry,
    'mc:issuerRegion': spec.issuerRegion,
    'mc:learningOutcomes': spec.learningOutcomes.map((o) => ({
      code: o.id, ...(o.type ? { outcomeType: o.type } : {}), text: o.text,
      ...(o.escoSkills.length > 0 ? { escoSkills: o.escoSkills.map((s) => s.uri) } : {}),
    })),
    'mc:workloadHours': spec.workloadHours,
    'mc:eqfLevel': spec.eqfLevel ?? undefined,
    'mc:prkLevel': spec.prkLevel ?? undefined,
    'mc:qfEheaCycle': spec.qfEheaCycle ?? undefined,
    'mc:assessmentType': spec.assessmentType,
    'mc:assessmentDescription': spec.assessmentDescription,
    'mc:participationMode': spec.participationMode,
    'mc:qualityAssurance': {
      qaType: spec.qualityAssurance.type,
      qaDescription: spec.qualityAssurance.description,
      ...(spec.qualityAssurance.accreditationId ? { accreditationId: spec.qualityAssurance.accreditationId } : {}),
      ...(spec.qualityAssurance.agency ? { agency: spec.qualityAssurance.agency } : {}),
    },
    'mc:prerequisites': spec.prerequisites,
    'mc:supervisionVerification': spec.supervisionVerification,
    'mc:gradingScheme': spec.gradingScheme,
    'mc:stackability': spec.stackability ? {
      mode: spec.stackability.mode,
      ...(spec.stackability.stacksInto.length > 0 ? {
        stacksInto: spec.stackability.stacksInto.map((t) => ({ title: t.title, ...(t.url ?? t.id ? { url: t.url ?? t.id } : {}) })),
      } : {}),
    } : undefined,
    'mc:learningSetting': spec.learningSetting,
    'mc:furtherInformation': spec.furtherInfo,
    'mc:languages': spec.languages,
    'mc:validityPeriod': spec.validityPeriod,
    'mc:zskCode': spec.zskCode,
  };
  for (const [key, value] of Object.entries(ext)) if (value !== undefined) out[key] = value;
  return out;
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
    achievement: achievement(spec, achievementId, lang),
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
