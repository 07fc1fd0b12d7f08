/**
 * The micro-credential specification: what an institution designs and publishes, with every element of Annex I of
 * the Council Recommendation of 16 June 2022 (CELEX 32022H0627(02)) and the Polish additions (PRK level).
 * Per-award elements (the learner, date of issue, grade) are in award.ts. Keys follow ../shared/spec/README.md §2.
 */
import { z } from 'zod';
import {
  ASSESSMENT_CODES, GRADING_SCHEME_CODES, LEARNING_SETTING_CODES, OUTCOME_TYPE_CODES, PARTICIPATION_CODES,
  QF_EHEA_CYCLE_CODES, QUALITY_ASSURANCE_CODES, STACKABILITY_CODES, SUPERVISION_CODES,
} from './vocabularies/codes.ts';
import { IDENTIFIER_SCHEMES, identifierProblem } from './vocabularies/identifiers.ts';
import { iscedField } from './vocabularies/isced-f.ts';
import { isIso3166Alpha2 } from './vocabularies/countries.ts';
import { countryCode, langMap, languageCode, line, pattern, report, uri, webUrl } from './fields.ts';
import { problem, type Problem } from './problems.ts';

const level = z.int().min(1).max(8);

export const LegalIdentifierSchema = z.strictObject({
  scheme: z.enum(IDENTIFIER_SCHEMES),
  value: line(100),
}).superRefine((id, ctx) => {
  const message = id.value.trim() === '' ? undefined : identifierProblem(id.scheme, id.value);
  if (message) report(ctx, ['value'], 'invalid_identifier', message);
});

export const AddressSchema = z.strictObject({
  street: line(200).optional(),
  postalCode: line(20).optional(),
  locality: line(100),
  region: line(100).optional(),
  country: countryCode,
});

/** Annex I M4: the awarding body (the institution that awards the micro-credential). */
export const AwardingBodySchema = z.strictObject({
  legalName: langMap(300),
  identifiers: z.array(LegalIdentifierSchema).max(20).default([]),
  homepage: webUrl,
  email: z.email().optional(),
  address: AddressSchema,
});

const ESCO_SKILL = /^http:\/\/data\.europa\.eu\/esco\/skill\/[0-9a-f-]{36}$/;

/** An ESCO skill a learning outcome is aligned to: its URI, or `{ uri, label }` with a PL/EN label. */
export const EscoSkillSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { uri: value } : value),
  z.strictObject({
    uri: pattern(ESCO_SKILL, 'invalid_esco_uri', {
      pl: 'Oczekiwano URI umiejętności ESCO: http://data.europa.eu/esco/skill/{uuid}',
      en: 'Expected an ESCO skill URI: http://data.europa.eu/esco/skill/{uuid}',
    }),
    label: langMap(300).optional(),
  }),
);

/** Annex I M6: one learning outcome. */
export const LearningOutcomeSchema = z.strictObject({
  id: pattern(/^[A-Za-z0-9_.-]{1,40}$/, 'invalid_code', { pl: 'Kod efektu: litery, cyfry, „_”, „-”, „.” (np. LO1, K_W01)', en: 'Outcome code: letters, digits, "_", "-", "." (e.g. LO1, K_W01)' }),
  type: z.enum(OUTCOME_TYPE_CODES).optional(),
  text: langMap(2000),
  escoSkills: z.array(EscoSkillSchema).max(50).default([]),
});

/** Annex I M11: type of quality assurance. */
export const QualityAssuranceSchema = z.strictObject({
  type: z.enum(QUALITY_ASSURANCE_CODES),
  description: langMap(2000),
  accreditationId: line(200).optional(),
  agency: line(300).optional(),
});

export const StackTargetSchema = z.strictObject({
  title: langMap(300),
  url: webUrl.optional(),
  id: uri.optional(),
});

/** Annex I O4: integration / stackability options. */
export const StackabilitySchema = z.strictObject({
  mode: z.enum(STACKABILITY_CODES),
  stacksInto: z.array(StackTargetSchema).max(20).default([]),
});

const CYCLE_EQF: Record<string, number> = { short: 5, first: 6, second: 7, third: 8 };

export const SpecificationSchema = z.strictObject({
  specId: z.uuid(),
  version: z.int().min(1).default(1),
  /** Annex I M2. */
  title: langMap(300),
  /** A short summary for catalogues and the badge description; derived from the outcomes when absent. */
  description: langMap(2000).optional(),
  /** Annex I M4. */
  awardingBody: AwardingBodySchema,
  /** Annex I M3: ISO 3166-1 alpha-2 country of the issuer, and optionally its region. */
  issuerCountry: countryCode,
  issuerRegion: line(100).optional(),
  /** Annex I M6. */
  learningOutcomes: z.array(LearningOutcomeSchema).min(1).max(100),
  /** Annex I M7: notional workload in ECTS (and hours). */
  ectsCredits: z.number().positive().max(180).multipleOf(0.5),
  workloadHours: z.int().positive().max(10000).optional(),
  /** Annex I M8: EQF level, the equal PRK level, the QF-EHEA cycle; `null` where not applicable. */
  eqfLevel: level.nullable(),
  prkLevel: level.nullable().optional(),
  qfEheaCycle: z.enum(QF_EHEA_CYCLE_CODES).nullable().optional(),
  /** Annex I M9. */
  assessmentType: z.enum(ASSESSMENT_CODES),
  assessmentDescription: langMap(2000).optional(),
  /** Annex I M10. */
  participationMode: z.enum(PARTICIPATION_CODES),
  /** Annex I M11. */
  qualityAssurance: QualityAssuranceSchema,
  /** Annex I O1. */
  prerequisites: langMap(2000).optional(),
  /** Annex I O2. */
  supervisionVerification: z.enum(SUPERVISION_CODES).optional(),
  /** Annex I O3: the scheme a grade is given on (the grade itself is per award). */
  gradingScheme: z.enum(GRADING_SCHEME_CODES).optional(),
  /** Annex I O4. */
  stackability: StackabilitySchema.optional(),
  /** Annex I O5. */
  furtherInfo: langMap(5000).optional(),
  homepage: webUrl.optional(),
  /** ISCED-F 2013 field of education (2, 3 or 4 digits). */
  iscedF: z.string().optional(),
  /** Languages of instruction and assessment (ISO 639-1). */
  languages: z.array(languageCode).min(1).max(24),
  learningSetting: z.enum(LEARNING_SETTING_CODES).optional(),
  /** The institution's own course code (e.g. a USOS code). */
  humanCode: line(50).optional(),
  /** Code of the qualification in the Polish Integrated Register of Qualifications, when it is one. */
  zskCode: line(50).optional(),
  /** How long an awarded credential stays valid (ISO 8601 duration, e.g. P3Y); absent means no expiry. */
  validityPeriod: z.iso.duration().optional(),
});

/** A specification as the model holds it after validation (defaults filled in). */
export type Specification = z.output<typeof SpecificationSchema>;
/** A specification as a user or an API may write it (optional defaults left out). */
export type SpecificationInput = z.input<typeof SpecificationSchema>;
export type LearningOutcome = z.output<typeof LearningOutcomeSchema>;
export type AwardingBody = z.output<typeof AwardingBodySchema>;
export type LegalIdentifier = z.output<typeof LegalIdentifierSchema>;


/** The shape cross-field rules read: any field may be missing or of a wrong type, they skip what they cannot read. */
interface LooseSpec {
  eqfLevel?: unknown; prkLevel?: unknown; qfEheaCycle?: unknown; iscedF?: unknown; issuerCountry?: unknown;
  learningOutcomes?: unknown; awardingBody?: { address?: { country?: unknown } }; stackability?: { mode?: unknown; stacksInto?: unknown };
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/**
 * Rules across fields (EQF = PRK, cycle matches level, unique outcome codes, …). They run on the raw input even
 * when single fields are wrong, so that every problem is reported at once.
 */
export function crossFieldProblems(input: unknown): Problem[] {
  if (typeof input !== 'object' || input === null) return [];
  const raw = input as LooseSpec;
  const out: Problem[] = [];
  const eqf = num(raw.eqfLevel);
  const prk = num(raw.prkLevel);
  const cycle = typeof raw.qfEheaCycle === 'string' ? raw.qfEheaCycle : undefined;
  const outcomes = Array.isArray(raw.learningOutcomes) ? raw.learningOutcomes as unknown[] : [];
  const addressCountry = raw.awardingBody?.address?.country;
  const stackMode = raw.stackability?.mode;
  const stacksInto = Array.isArray(raw.stackability?.stacksInto) ? raw.stackability.stacksInto as unknown[] : [];
  if (prk !== undefined && eqf !== undefined && prk !== eqf) {
    out.push(problem(['prkLevel'], 'eqf_prk_mismatch', {
      pl: `Poziom PRK (${prk}) musi być równy poziomowi ERK (${eqf}): PRK odpowiada ERK jeden do jednego`,
      en: `The PRK level (${prk}) must equal the EQF level (${eqf}): PRK is referenced to EQF one to one`,
    }));
  }
  if (prk !== undefined && raw.eqfLevel === null) {
    out.push(problem(['eqfLevel'], 'eqf_missing', {
      pl: 'Podano poziom PRK bez poziomu ERK: podaj poziom ERK równy poziomowi PRK',
      en: 'A PRK level is given without an EQF level: give the EQF level equal to the PRK level',
    }));
  }
  if (cycle !== undefined && eqf !== undefined && CYCLE_EQF[cycle] !== undefined && CYCLE_EQF[cycle] !== eqf) {
    out.push(problem(['qfEheaCycle'], 'cycle_level_mismatch', {
      pl: `Cykl QF-EHEA „${cycle}” odpowiada poziomowi ERK ${CYCLE_EQF[cycle]}, a podano ${eqf}`,
      en: `QF-EHEA cycle "${cycle}" corresponds to EQF level ${CYCLE_EQF[cycle]}, not ${eqf}`,
    }));
  }
  if (cycle !== undefined && raw.eqfLevel === null) {
    out.push(problem(['qfEheaCycle'], 'cycle_without_level', {
      pl: 'Podano cykl QF-EHEA bez poziomu ERK: cykl odpowiada poziomom ERK 5–8',
      en: 'A QF-EHEA cycle is given without an EQF level: the cycles correspond to EQF levels 5–8',
    }));
  }
  const seen = new Map<string, number>();
  outcomes.forEach((outcome, i) => {
    const id = (outcome as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first !== undefined) {
      out.push(problem(['learningOutcomes', i, 'id'], 'duplicate', {
        pl: `Kod efektu „${id}” powtarza się (jak w efekcie nr ${first + 1})`,
        en: `Outcome code "${id}" is used twice (also by outcome ${first + 1})`,
      }));
    } else seen.set(id, i);
  });
  if (typeof raw.iscedF === 'string' && !iscedField(raw.iscedF)) {
    out.push(problem(['iscedF'], 'invalid_isced_f', {
      pl: `„${raw.iscedF}” nie jest kodem dziedziny kształcenia ISCED-F 2013 (np. 0613)`,
      en: `"${raw.iscedF}" is not an ISCED-F 2013 field of education code (e.g. 0613)`,
    }));
  }
  if (typeof addressCountry === 'string' && typeof raw.issuerCountry === 'string' && isIso3166Alpha2(addressCountry) &&
    isIso3166Alpha2(raw.issuerCountry) && addressCountry !== raw.issuerCountry) {
    out.push(problem(['awardingBody', 'address', 'country'], 'country_mismatch', {
      pl: `Kraj w adresie (${addressCountry}) różni się od kraju wystawcy (${raw.issuerCountry})`,
      en: `The country in the address (${addressCountry}) differs from the issuer's country (${raw.issuerCountry})`,
    }));
  }
  if (stackMode === 'stackable' && stacksInto.length === 0) {
    out.push(problem(['stackability', 'stacksInto'], 'required', {
      pl: 'Dla mikropoświadczenia łączonego podaj co najmniej jedno poświadczenie docelowe',
      en: 'A stackable micro-credential needs at least one credential it stacks into',
    }));
  }
  if (stackMode === 'standalone' && stacksInto.length > 0) {
    out.push(problem(['stackability', 'mode'], 'stackability_conflict', {
      pl: 'Mikropoświadczenie samodzielne nie może wskazywać poświadczeń docelowych; wybierz „stackable”',
      en: 'A stand-alone micro-credential cannot list credentials it stacks into; choose "stackable"',
    }));
  }
  return out;
}

/** Advice on a valid specification: things that are allowed but probably wrong. */
export function specificationWarnings(spec: Specification): Problem[] {
  const out: Problem[] = [];
  if (spec.workloadHours !== undefined) {
    const perEcts = spec.workloadHours / spec.ectsCredits;
    if (perEcts < 25 || perEcts > 30) {
      out.push(problem(['workloadHours'], 'workload_ects_ratio', {
        pl: `${spec.workloadHours} h na ${spec.ectsCredits} ECTS to ${perEcts.toFixed(1)} h za punkt; system ECTS przyjmuje 25–30 h`,
        en: `${spec.workloadHours} h for ${spec.ectsCredits} ECTS is ${perEcts.toFixed(1)} h per credit; ECTS assumes 25–30 h`,
      }, 'warning'));
    }
  }
  if (spec.issuerCountry === 'PL' && spec.eqfLevel != null && spec.prkLevel == null) {
    out.push(problem(['prkLevel'], 'prk_missing', {
      pl: `Dla wystawcy z Polski podaj poziom PRK (równy poziomowi ERK ${spec.eqfLevel})`,
      en: `A Polish issuer should give the PRK level (equal to EQF level ${spec.eqfLevel})`,
    }, 'warning'));
  }
  return out;
}
