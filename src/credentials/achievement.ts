/**
 * The Open Badges 3.0 `Achievement` of a micro-credential specification: the object every credential embeds as
 * `credentialSubject.achievement` (build.ts), and the same object as a standalone JSON-LD document for the
 * catalogue's `ob3` format (docs/catalogue.md). Open Badges 3.0 properties wherever one fits, the other Annex I
 * elements in our `mc:` extension (contexts/mikrocred-v1.jsonld), as ../shared/spec/README.md §2 maps them.
 */
import {
  EQF_LEVELS, PRK_LEVELS, gradingScheme, iscedField, pick,
  type LangMap, type Specification,
} from '../model/index.ts';
import type { JsonObject } from './build.ts';
import { MIKROCRED_CONTEXT_URL, OB_V3_CONTEXT_URL, OB_V3_EXTENSIONS_CONTEXT_URL, VC_V2_CONTEXT_URL } from './contexts.ts';

/** The extra `type` of an `Achievement` that carries our extension (Open Badges 3.0 extension rules). */
export const MICRO_CREDENTIAL_TYPE = 'mc:MicroCredential';

/** The `@context` of a standalone Achievement: the same contexts, in the same order, as a credential's. */
export const ACHIEVEMENT_CONTEXT: readonly string[] = [
  VC_V2_CONTEXT_URL, OB_V3_CONTEXT_URL, OB_V3_EXTENSIONS_CONTEXT_URL, MIKROCRED_CONTEXT_URL,
];

export interface AchievementOptions {
  /** The Achievement's `id`: the specification version's public URL (or `urn:uuid:{specId}`). */
  readonly achievementId: string;
  /** The language of single-language OB 3.0 fields (`name`, `description`, `criteria`); default: pl for a Polish issuer, else en. */
  readonly lang?: 'pl' | 'en';
  /** `creator`: the awarding body's `Profile`, when it differs from the issuer of the credentials. */
  readonly creator?: JsonObject;
}

function outcomesNarrative(spec: Specification, lang: string): string {
  const heading = lang === 'pl' ? 'Efekty uczenia się' : 'Learning outcomes';
  const assessment = lang === 'pl' ? 'Walidacja' : 'Assessment';
  const lines = spec.learningOutcomes.map((o, i) => `${i + 1}. ${o.id}: ${pick(o.text, lang)}`);
  const out = [`## ${heading}`, '', ...lines];
  if (spec.assessmentDescription) out.push('', `## ${assessment}`, '', pick(spec.assessmentDescription, lang));
  return out.join('\n');
}

/** The description when the specification gives none: title, ECTS and EQF level, in Polish and English. */
export function defaultDescription(spec: Specification): LangMap {
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

/** The OB 3.0 `Achievement` of a specification (no `@context`: it is embedded in a credential). */
export function buildAchievement(spec: Specification, options: AchievementOptions): JsonObject {
  const lang = options.lang ?? (spec.issuerCountry === 'PL' ? 'pl' : 'en');
  const achievementId = options.achievementId;
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
  if (options.creator) out.creator = { ...options.creator };
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

/**
 * The Achievement as a standalone JSON-LD document (the catalogue's `ob3` format): the same object with the
 * credential's `@context`, so it expands with the offline document loader in safe mode.
 */
export function achievementDocument(spec: Specification, options: AchievementOptions): JsonObject {
  return { '@context': [...ACHIEVEMENT_CONTEXT], ...buildAchievement(spec, options) };
}
