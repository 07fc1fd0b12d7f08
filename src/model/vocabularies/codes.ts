/**
 * Controlled vocabularies of the micro-credential model (Annex I of the Council Recommendation of 16 June 2022,
 * CELEX 32022H0627(02), and the Polish additions). Each vocabulary is a list of codes with labels in Polish and
 * English; where the European Learning Model has a concept URI for a code, it is given (see ../shared/spec §5).
 */
import type { Message } from '../lang.ts';

export interface Concept<C extends string | number = string> {
  readonly code: C;
  readonly label: Message;
  /** The concept URI in an official EU vocabulary, when one is known. */
  readonly uri?: string;
}

function codesOf<C extends string | number>(list: readonly Concept<C>[]): [C, ...C[]] {
  const codes = list.map((c) => c.code);
  if (codes.length === 0) throw new Error('empty vocabulary');
  return codes as [C, ...C[]];
}

/** EQF levels 1–8; the Polish Qualifications Framework (PRK) has the same eight levels, referenced one to one. */
export const EQF_LEVELS: readonly Concept<number>[] = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({
  code: n,
  label: { pl: `Poziom ${n} ERK`, en: `EQF level ${n}` },
  uri: `http://data.europa.eu/snb/eqf/${n}`,
}));

export const PRK_LEVELS: readonly Concept<number>[] = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({
  code: n,
  label: { pl: `Poziom ${n} PRK`, en: `PQF (PRK) level ${n}` },
}));

/** Cycles of the Qualifications Framework of the European Higher Education Area. */
export const QF_EHEA_CYCLES = [
  { code: 'short', label: { pl: 'Cykl krótki', en: 'Short cycle' } },
  { code: 'first', label: { pl: 'Pierwszy stopień', en: 'First cycle' } },
  { code: 'second', label: { pl: 'Drugi stopień', en: 'Second cycle' } },
  { code: 'third', label: { pl: 'Trzeci stopień', en: 'Third cycle' } },
] as const satisfies readonly Concept[];

/** Annex I, optional element: supervision and identity verification during assessment (exactly three options). */
export const SUPERVISION_VERIFICATION = [
  {
    code: 'unsupervised-no-id',
    label: { pl: 'Bez nadzoru i bez weryfikacji tożsamości', en: 'Unsupervised with no identity verification' },
    uri: 'http://data.europa.eu/snb/supervision-verification/c598449d64',
  },
  {
    code: 'supervised-no-id',
    label: { pl: 'Pod nadzorem, bez weryfikacji tożsamości', en: 'Supervised with no identity verification' },
  },
  {
    code: 'supervised-with-id',
    label: {
      pl: 'Pod nadzorem online lub stacjonarnie, z weryfikacją tożsamości',
      en: 'Supervised online or onsite with identity verification',
    },
  },
] as const satisfies readonly Concept[];

/** Annex I, mandatory element: form of participation in the learning activity. */
export const PARTICIPATION_MODES = [
  { code: 'online', label: { pl: 'Online', en: 'Online' }, uri: 'http://data.europa.eu/snb/learning-assessment/920fbb3cbe' },
  { code: 'onsite', label: { pl: 'Stacjonarnie', en: 'Onsite' } },
  { code: 'blended', label: { pl: 'Hybrydowo', en: 'Blended' }, uri: 'http://data.europa.eu/snb/learning-assessment/e92d221e4d' },
] as const satisfies readonly Concept[];

/** Annex I, mandatory element: type of assessment (our list; ELM has no fixed scheme). */
export const ASSESSMENT_TYPES = [
  { code: 'written-exam', label: { pl: 'Egzamin pisemny', en: 'Written exam' } },
  { code: 'oral-exam', label: { pl: 'Egzamin ustny', en: 'Oral exam' } },
  { code: 'online-test', label: { pl: 'Test online', en: 'Online test' } },
  { code: 'project', label: { pl: 'Projekt', en: 'Project' } },
  { code: 'portfolio', label: { pl: 'Portfolio', en: 'Portfolio' } },
  { code: 'practical-task', label: { pl: 'Zadanie praktyczne', en: 'Practical task' } },
  { code: 'presentation', label: { pl: 'Prezentacja', en: 'Presentation' } },
  { code: 'peer-assessment', label: { pl: 'Ocena koleżeńska', en: 'Peer assessment' } },
  { code: 'observation', label: { pl: 'Obserwacja', en: 'Observation' } },
  { code: 'mixed', label: { pl: 'Metody mieszane', en: 'Mixed methods' } },
] as const satisfies readonly Concept[];

/** Annex I, mandatory element: type of quality assurance used to underpin the micro-credential (our list). */
export const QUALITY_ASSURANCE_TYPES = [
  {
    code: 'internal-hei-qa',
    label: { pl: 'Uczelniany system zapewniania jakości kształcenia', en: 'Internal quality assurance of the higher education institution' },
  },
  { code: 'external-accreditation', label: { pl: 'Akredytacja zewnętrzna (np. PKA)', en: 'External accreditation (e.g. PKA)' } },
  { code: 'zsk-certification', label: { pl: 'Certyfikacja w ZSK z zewnętrznym zapewnianiem jakości', en: 'Certification in the Integrated Qualifications System with external QA' } },
  { code: 'industry-standard', label: { pl: 'Standard branżowy', en: 'Industry standard' } },
  { code: 'other', label: { pl: 'Inny', en: 'Other' } },
] as const satisfies readonly Concept[];

/** Annex I, optional element: integration / stackability options. */
export const STACKABILITY_MODES = [
  { code: 'standalone', label: { pl: 'Samodzielne, niezależne mikropoświadczenie', en: 'Stand-alone, independent micro-credential' } },
  { code: 'stackable', label: { pl: 'Możliwe do łączenia w większe poświadczenie', en: 'Integrated / stackable towards another credential' } },
] as const satisfies readonly Concept[];

export const LEARNING_SETTINGS = [
  { code: 'formal', label: { pl: 'Formalne', en: 'Formal' } },
  { code: 'non-formal', label: { pl: 'Pozaformalne', en: 'Non-formal' }, uri: 'http://data.europa.eu/snb/learning-setting/e207a81fc7' },
] as const satisfies readonly Concept[];

/** Learning outcome categories in the PRK / EQF style: knowledge, skills, social competences (responsibility and autonomy). */
export const OUTCOME_TYPES = [
  { code: 'knowledge', label: { pl: 'Wiedza', en: 'Knowledge' } },
  { code: 'skill', label: { pl: 'Umiejętności', en: 'Skills' } },
  { code: 'responsibilityAutonomy', label: { pl: 'Kompetencje społeczne', en: 'Responsibility and autonomy' } },
] as const satisfies readonly Concept[];

export interface GradingScheme extends Concept {
  /** Allowed result values, in order from lowest to highest; empty when any value is allowed (checked by `pattern`). */
  readonly values: readonly string[];
  /** The values that mean the learner passed (a credential is only awarded for a pass). */
  readonly passing: readonly string[];
  /** The Open Badges 3.0 `ResultType` of a result on this scheme. */
  readonly resultType: string;
}

/** Grading schemes a specification may use for the optional "grade achieved" element. */
export const GRADING_SCHEMES: readonly GradingScheme[] = [
  {
    code: 'pl-he-2-5',
    label: { pl: 'Skala ocen szkolnictwa wyższego 2–5', en: 'Polish higher education grading scale 2–5' },
    values: ['2', '3', '3.5', '4', '4.5', '5'],
    passing: ['3', '3.5', '4', '4.5', '5'],
    resultType: 'LetterGrade',
  },
  {
    code: 'pass-fail',
    label: { pl: 'Zaliczone / niezaliczone', en: 'Pass / fail' },
    values: ['fail', 'pass'],
    passing: ['pass'],
    resultType: 'ext:PassFail',
  },
  {
    code: 'percent',
    label: { pl: 'Wynik procentowy (0–100)', en: 'Percentage score (0–100)' },
    values: Array.from({ length: 101 }, (_, i) => String(i)),
    passing: Array.from({ length: 51 }, (_, i) => String(50 + i)),
    resultType: 'Percent',
  },
];

export const SUPERVISION_CODES = codesOf(SUPERVISION_VERIFICATION);
export const PARTICIPATION_CODES = codesOf(PARTICIPATION_MODES);
export const ASSESSMENT_CODES = codesOf(ASSESSMENT_TYPES);
export const QUALITY_ASSURANCE_CODES = codesOf(QUALITY_ASSURANCE_TYPES);
export const STACKABILITY_CODES = codesOf(STACKABILITY_MODES);
export const LEARNING_SETTING_CODES = codesOf(LEARNING_SETTINGS);
export const OUTCOME_TYPE_CODES = codesOf(OUTCOME_TYPES);
export const QF_EHEA_CYCLE_CODES = codesOf(QF_EHEA_CYCLES);
export const GRADING_SCHEME_CODES = codesOf(GRADING_SCHEMES);

export type SupervisionVerification = (typeof SUPERVISION_VERIFICATION)[number]['code'];
export type ParticipationMode = (typeof PARTICIPATION_MODES)[number]['code'];
export type AssessmentType = (typeof ASSESSMENT_TYPES)[number]['code'];
export type QualityAssuranceType = (typeof QUALITY_ASSURANCE_TYPES)[number]['code'];
export type StackabilityMode = (typeof STACKABILITY_MODES)[number]['code'];
export type LearningSetting = (typeof LEARNING_SETTINGS)[number]['code'];
export type OutcomeType = (typeof OUTCOME_TYPES)[number]['code'];
export type QfEheaCycle = (typeof QF_EHEA_CYCLES)[number]['code'];

export function gradingScheme(code: string): GradingScheme | undefined {
  return GRADING_SCHEMES.find((s) => s.code === code);
}

/** The concept with this code in a vocabulary, for labels and URIs. */
export function concept<C extends string | number>(list: readonly Concept<C>[], code: C): Concept<C> | undefined {
  return list.find((c) => c.code === code);
}
