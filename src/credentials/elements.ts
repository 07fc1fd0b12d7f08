/**
 * The EU standard elements check: does a credential carry every mandatory element of Annex I of the Council
 * Recommendation of 16 June 2022? Applies to credentials that present themselves as micro-credentials
 * (`achievementType: "MicroCredential"` or our `mc:MicroCredential` type); for other badges it does not apply.
 */
import type { Message } from '../model/index.ts';
import { asArray, obj, type Json } from './json.ts';


export interface ElementResult {
  readonly key: string;
  readonly label: Message;
  readonly present: boolean;
}

function nonEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** The subject holding the achievement (the first one, as OB 3.0 credentials have one subject). */
function subjectOf(credential: Json): Json | undefined {
  return obj(asArray(credential.credentialSubject)[0]);
}

export function isMicroCredential(credential: Json): boolean {
  const achievement = obj(subjectOf(credential)?.achievement);
  if (!achievement) return false;
  return achievement.achievementType === 'MicroCredential' || asArray(achievement.type).includes('mc:MicroCredential');
}

const ELEMENTS: ReadonlyArray<{ key: string; label: Message; test: (c: Json, s: Json, a: Json) => boolean }> = [
  {
    key: 'learner', label: { pl: 'Identyfikacja osoby uczącej się', en: 'Identification of the learner' },
    test: (_c, s) => nonEmpty(s.id) || asArray(s.identifier).length > 0,
  },
  { key: 'title', label: { pl: 'Nazwa mikropoświadczenia', en: 'Title of the micro-credential' }, test: (_c, _s, a) => nonEmpty(a.name) },
  {
    key: 'issuerCountry', label: { pl: 'Kraj/region wystawcy', en: 'Country/region of the issuer' },
    test: (c, _s, a) => nonEmpty(obj(obj(c.issuer)?.address)?.addressCountryCode) || nonEmpty(a['mc:issuerCountry']),
  },
  {
    key: 'awardingBody', label: { pl: 'Podmiot przyznający', en: 'Awarding body' },
    test: (c) => nonEmpty(obj(c.issuer)?.name) && nonEmpty(obj(c.issuer)?.id),
  },
  {
    key: 'issuedAt', label: { pl: 'Data wydania', en: 'Date of issuing' },
    test: (c) => nonEmpty(c.validFrom) || nonEmpty(c.awardedDate) || nonEmpty(c.issuanceDate),
  },
  {
    key: 'learningOutcomes', label: { pl: 'Efekty uczenia się', en: 'Learning outcomes' },
    test: (_c, _s, a) => nonEmpty(a['mc:learningOutcomes']) || nonEmpty(obj(a.criteria)?.narrative),
  },
  {
    key: 'workload', label: { pl: 'Nakład pracy (ECTS)', en: 'Notional workload (ECTS)' },
    test: (_c, _s, a) => typeof a.creditsAvailable === 'number' || typeof a['mc:workloadHours'] === 'number',
  },
  {
    key: 'level', label: { pl: 'Poziom (ERK/PRK), jeśli dotyczy', en: 'Level (EQF), if applicable' },
    test: (_c, _s, a) => typeof a['mc:eqfLevel'] === 'number' ||
      asArray(a.alignment).some((x) => String(obj(x)?.targetUrl ?? '').startsWith('http://data.europa.eu/snb/eqf/')),
  },
  { key: 'assessmentType', label: { pl: 'Rodzaj oceny', en: 'Type of assessment' }, test: (_c, _s, a) => nonEmpty(a['mc:assessmentType']) },
  {
    key: 'participationMode', label: { pl: 'Forma udziału', en: 'Form of participation' },
    test: (_c, _s, a) => nonEmpty(a['mc:participationMode']),
  },
  {
    key: 'qualityAssurance', label: { pl: 'Rodzaj zapewniania jakości', en: 'Type of quality assurance' },
    test: (_c, _s, a) => nonEmpty(a['mc:qualityAssurance']),
  },
];

/** Annex I allows the level to be absent where no framework applies; its absence is reported but not an error. */
export const OPTIONAL_WHEN_NOT_APPLICABLE = new Set(['level']);

/** Each mandatory element and whether the credential has it. */
export function mandatoryElements(credential: Json): ElementResult[] {
  const subject = subjectOf(credential) ?? {};
  const achievement = obj(subject.achievement) ?? {};
  return ELEMENTS.map((e) => ({ key: e.key, label: e.label, present: e.test(credential, subject, achievement) }));
}
