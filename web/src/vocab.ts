/**
 * The code lists of the micro-credential model (src/model/vocabularies: one source for the server and the app)
 * with their labels in the chosen language, language and country names, and small helpers to read values
 * shown to people (ECTS with a decimal comma in Polish, ISO 8601 durations in words).
 */
import {
  ASSESSMENT_TYPES, EQF_LEVELS, GRADING_SCHEMES, LEARNING_SETTINGS, OUTCOME_TYPES, PARTICIPATION_MODES, PRK_LEVELS,
  QF_EHEA_CYCLES, QUALITY_ASSURANCE_TYPES, STACKABILITY_MODES, SUPERVISION_VERIFICATION,
} from '../../src/model/vocabularies/codes.ts';
import { ISCED_F_FIELDS, type IscedField } from '../../src/model/vocabularies/isced-f.ts';
import { TARGET_FIELDS } from '../../src/cohort/mapping.ts';
import { localeOf, type Dictionary, type Lang } from './i18n.ts';

export { ISCED_F_FIELDS, type IscedField };

/** The fields a column of a cohort file can feed (the keys of a batch's mapping), in the order a form shows them. */
export const COHORT_FIELDS: ReadonlyArray<{ readonly field: string; readonly label: { readonly pl: string; readonly en: string }; readonly required: boolean }> = TARGET_FIELDS;

/** A cohort target field's label (`learner.email` → "Adres e-mail"), or the field itself when unknown. */
export function cohortFieldLabel(field: string, lang: Lang): string {
  return COHORT_FIELDS.find((f) => f.field === field)?.label[lang] ?? field;
}

/** A grading scheme: its values (lowest first) and which of them are a pass. */
export interface GradeScale {
  readonly code: string;
  readonly label: { readonly pl: string; readonly en: string };
  readonly values: readonly string[];
  readonly passing: readonly string[];
}

export function gradeScale(code: unknown): GradeScale | undefined {
  return typeof code === 'string' ? GRADING_SCHEMES.find((s) => s.code === code) : undefined;
}

const PL_GRADE_NAMES: Record<string, { pl: string; en: string }> = {
  '2': { pl: 'niedostateczny', en: 'fail' },
  '3': { pl: 'dostateczny', en: 'satisfactory' },
  '3.5': { pl: 'dostateczny plus', en: 'satisfactory plus' },
  '4': { pl: 'dobry', en: 'good' },
  '4.5': { pl: 'dobry plus', en: 'good plus' },
  '5': { pl: 'bardzo dobry', en: 'very good' },
};

/** A grade as people read it: "4,5 (dobry plus)", "zaliczone", "73%". */
export function gradeLabel(scheme: string, value: string, lang: Lang): string {
  if (scheme === 'pl-he-2-5') {
    const name = PL_GRADE_NAMES[value];
    const number = lang === 'pl' ? value.replace('.', ',') : value;
    return name ? `${number} (${name[lang]})` : number;
  }
  if (scheme === 'pass-fail') {
    if (value === 'pass') return lang === 'pl' ? 'zaliczone' : 'pass';
    if (value === 'fail') return lang === 'pl' ? 'niezaliczone' : 'fail';
  }
  if (scheme === 'percent') return `${value}%`;
  return value;
}

export interface CodeList {
  readonly code: string;
  readonly label: { readonly pl: string; readonly en: string };
  readonly uri?: string;
}

/** The code lists the app shows, by the specification field they belong to. */
export const VOCABULARIES = {
  assessmentType: ASSESSMENT_TYPES as readonly CodeList[],
  participationMode: PARTICIPATION_MODES as readonly CodeList[],
  qualityAssurance: QUALITY_ASSURANCE_TYPES as readonly CodeList[],
  supervisionVerification: SUPERVISION_VERIFICATION as readonly CodeList[],
  gradingScheme: GRADING_SCHEMES as readonly CodeList[],
  stackability: STACKABILITY_MODES as readonly CodeList[],
  learningSetting: LEARNING_SETTINGS as readonly CodeList[],
  outcomeType: OUTCOME_TYPES as readonly CodeList[],
  qfEheaCycle: QF_EHEA_CYCLES as readonly CodeList[],
} as const;

export type VocabularyName = keyof typeof VOCABULARIES;

/** The label of a code in the chosen language, or the code itself when the list does not know it. */
export function codeLabel(list: VocabularyName, code: string, lang: Lang): string {
  return VOCABULARIES[list].find((c) => c.code === code)?.label[lang] ?? code;
}

/** `{ value, label }` options of a code list, for selects. */
export function codeOptions(list: VocabularyName, lang: Lang): Array<{ value: string; label: string }> {
  return VOCABULARIES[list].map((c) => ({ value: c.code, label: c.label[lang] }));
}

export const EQF_CODES: readonly number[] = EQF_LEVELS.map((l) => l.code);

export function eqfLabel(level: number, lang: Lang): string {
  return EQF_LEVELS.find((l) => l.code === level)?.label[lang] ?? String(level);
}

export function prkLabel(level: number, lang: Lang): string {
  return PRK_LEVELS.find((l) => l.code === level)?.label[lang] ?? String(level);
}

const ISCED_BY_CODE = new Map(ISCED_F_FIELDS.map((f) => [f.code, f]));

export function iscedField(code: string): IscedField | undefined {
  return ISCED_BY_CODE.get(code);
}

export function iscedLabel(code: string, lang: Lang): string {
  const field = ISCED_BY_CODE.get(code);
  return field ? `${code} ${field[lang]}` : code;
}

/** Lower case without diacritics (ł → l too), for searching Polish and English texts alike. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').toLowerCase();
}

/** ISCED-F fields whose code starts with the query or whose label (PL or EN) has every word of it. */
export function searchIsced(query: string): IscedField[] {
  const words = fold(query).split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return [...ISCED_F_FIELDS];
  return ISCED_F_FIELDS.filter((field) => {
    const text = `${field.code} ${fold(field.pl)} ${fold(field.en)}`;
    return words.every((w) => (/^\d+$/.test(w) ? field.code.startsWith(w) : text.includes(w)));
  });
}

/** The 24 official languages of the EU, offered first for languages of instruction. */
export const EU_LANGUAGES = [
  'bg', 'cs', 'da', 'de', 'el', 'en', 'es', 'et', 'fi', 'fr', 'ga', 'hr',
  'hu', 'it', 'lt', 'lv', 'mt', 'nl', 'pl', 'pt', 'ro', 'sk', 'sl', 'sv',
] as const;

/** Other languages often taught in Poland and the EU. */
export const OTHER_LANGUAGES = ['uk', 'ru', 'be', 'no', 'is', 'sq', 'mk', 'sr', 'bs', 'tr', 'ar', 'he', 'zh', 'ja', 'ko', 'hi', 'eo', 'la'] as const;

const languageNames = new Map<Lang, Intl.DisplayNames>();

/** A language's name from its ISO 639-1 code, in the chosen language (the code when unknown). */
export function languageName(code: string, lang: Lang): string {
  let names = languageNames.get(lang);
  if (!names) {
    names = new Intl.DisplayNames([localeOf(lang)], { type: 'language', fallback: 'code' });
    languageNames.set(lang, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** A number as people write it: a decimal comma in Polish. */
export function formatNumber(value: number, lang: Lang): string {
  return new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 2 }).format(value);
}

export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(localeOf(lang), { year: 'numeric', month: 'long', day: 'numeric' });
}

export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(localeOf(lang), { dateStyle: 'medium', timeStyle: 'short' });
}

/** An ISO 8601 duration in words ("3 lata", "1 year 6 months"); the duration itself when it has other parts. */
export function formatDuration(iso: string, t: Dictionary): string {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(iso);
  if (!match || iso === 'P') return iso;
  const [years, months, weeks, days] = [match[1], match[2], match[3], match[4]].map((n) => Number(n ?? 0)) as [number, number, number, number];
  return t.elements.duration(years, months, weeks, days) || iso;
}

/** A text in the chosen language, else in the other one (with the language it is in, for `lang` attributes). */
export function textIn(value: { readonly pl: string; readonly en: string } | null | undefined, lang: Lang): { text: string; lang: Lang } {
  if (!value) return { text: '', lang };
  const other: Lang = lang === 'pl' ? 'en' : 'pl';
  const own = (value[lang] ?? '').trim();
  if (own !== '') return { text: own, lang };
  return { text: (value[other] ?? '').trim(), lang: other };
}

/** An institution's name in the chosen language. */
export function institutionName(institution: { readonly namePl: string; readonly nameEn: string }, lang: Lang): string {
  return (lang === 'pl' ? institution.namePl : institution.nameEn) || institution.namePl;
}
