/**
 * The schema.org form of a published specification: a `Course` (JSON-LD, context https://schema.org) for the
 * catalogue's `schema-org` format and the JSON-LD in the head of the offer's web page (docs/catalogue.md), so search
 * engines and course aggregators can read the offer. One language per document (`lang`), like the web page.
 *
 *   title → name; description (or the generated one) → description; humanCode → courseCode; specId → identifier
 *   awarding body → provider (Organization: the given name/url, the legal name in `lang` otherwise)
 *   languages → inLanguage (ISO 639-1, valid BCP 47); learning outcomes → teaches (their texts)
 *   the micro-credential → educationalCredentialAwarded (EducationalOccupationalCredential)
 *   ectsCredits → numberOfCredits (StructuredValue with unitText ECTS: credits may be fractional);
 *   workloadHours → timeRequired (ISO 8601 duration) and the instance's courseWorkload
 *   eqfLevel → educationalLevel (DefinedTerm …/snb/eqf/N); iscedF → about (DefinedTerm …/snb/isced-f/{code})
 *   prerequisites → coursePrerequisites; homepage → sameAs
 *   participationMode → hasCourseInstance.courseMode ("online" | "onsite" | "blended", schema.org's own labels) and
 *   its eventAttendanceMode (schema.org Online / Offline / MixedEventAttendanceMode)
 * `isAccessibleForFree` and `offers` are left out: a specification says nothing about price.
 */
import { EQF_LEVELS, iscedField, pick, type ParticipationMode, type Specification } from '../model/index.ts';
import { defaultDescription } from '../credentials/achievement.ts';
import type { JsonObject } from '../credentials/build.ts';

export interface SchemaOrgOptions {
  /** The offer's public URL (`@id` and `url`). */
  readonly url: string;
  /** The organisation that offers the course; its legal name from the specification when `name` is empty. */
  readonly provider: { readonly name: string; readonly url?: string };
  /** The language of the texts. */
  readonly lang: 'pl' | 'en';
}

/** Annex I form of participation → schema.org `courseMode` text label and `eventAttendanceMode`. */
const COURSE_MODES: Readonly<Record<ParticipationMode, { courseMode: string; attendance: string }>> = {
  online: { courseMode: 'online', attendance: 'https://schema.org/OnlineEventAttendanceMode' },
  onsite: { courseMode: 'onsite', attendance: 'https://schema.org/OfflineEventAttendanceMode' },
  blended: { courseMode: 'blended', attendance: 'https://schema.org/MixedEventAttendanceMode' },
};

const MICRO_CREDENTIAL = { pl: 'Mikropoświadczenie', en: 'Micro-credential' } as const;

/** The schema.org `Course` JSON-LD object of a specification. */
export function buildSchemaOrgCourse(spec: Specification, options: SchemaOrgOptions): JsonObject {
  const { lang } = options;
  const name = pick(spec.title, lang);
  const inLanguage = (): string | string[] => (spec.languages.length === 1 ? spec.languages[0] ?? lang : [...spec.languages]);
  const provider: JsonObject = {
    '@type': 'Organization',
    name: options.provider.name || pick(spec.awardingBody.legalName, lang),
    url: options.provider.url ?? spec.awardingBody.homepage,
  };
  const credential: JsonObject = {
    '@type': 'EducationalOccupationalCredential',
    name,
    credentialCategory: MICRO_CREDENTIAL[lang],
    recognizedBy: { ...provider },
  };
  const course: JsonObject = {
    '@context': 'https://schema.org',
    '@type': 'Course',
    '@id': options.url,
    url: options.url,
    name,
    description: pick(spec.description ?? defaultDescription(spec), lang),
    identifier: spec.specId,
    provider,
    inLanguage: inLanguage(),
    educationalCredentialAwarded: credential,
    numberOfCredits: { '@type': 'StructuredValue', value: spec.ectsCredits, unitText: 'ECTS' },
    teaches: spec.learningOutcomes.map((o) => pick(o.text, lang)),
  };
  if (spec.humanCode) course.courseCode = spec.humanCode;
  if (spec.workloadHours) course.timeRequired = `PT${spec.workloadHours}H`;
  if (spec.eqfLevel != null) {
    const eqf = EQF_LEVELS[spec.eqfLevel - 1];
    const level: JsonObject = {
      '@type': 'DefinedTerm',
      name: eqf ? pick(eqf.label, lang) : `EQF ${spec.eqfLevel}`,
      termCode: String(spec.eqfLevel),
      url: `http://data.europa.eu/snb/eqf/${spec.eqfLevel}`,
      inDefinedTermSet: 'http://data.europa.eu/snb/eqf/25831c2',
    };
    course.educationalLevel = level;
    credential.educationalLevel = { ...level };
  }
  if (spec.iscedF) {
    const field = iscedField(spec.iscedF);
    course.about = {
      '@type': 'DefinedTerm',
      name: field ? (lang === 'pl' ? field.pl : field.en) : spec.iscedF,
      termCode: spec.iscedF,
      url: `http://data.europa.eu/snb/isced-f/${spec.iscedF}`,
      inDefinedTermSet: 'http://data.europa.eu/snb/isced-f/25831c2',
    };
  }
  if (spec.prerequisites) course.coursePrerequisites = pick(spec.prerequisites, lang);
  if (spec.homepage && spec.homepage !== options.url) course.sameAs = spec.homepage;
  const mode = COURSE_MODES[spec.participationMode];
  const instance: JsonObject = {
    '@type': 'CourseInstance',
    courseMode: mode.courseMode,
    eventAttendanceMode: mode.attendance,
    inLanguage: inLanguage(),
  };
  if (spec.workloadHours) instance.courseWorkload = `PT${spec.workloadHours}H`;
  course.hasCourseInstance = [instance];
  return course;
}
