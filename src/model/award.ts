/**
 * Per-award elements of a micro-credential: the learner (Annex I M1, identification of the learner) and the
 * assessment result (date, grade, the supervision actually used), plus the dates of the credential.
 */
import { z } from 'zod';
import { SUPERVISION_CODES, gradingScheme } from './vocabularies/codes.ts';
import { isValidPesel } from './vocabularies/identifiers.ts';
import { countryCode, line, pattern, report } from './fields.ts';
import { problem, type Problem } from './problems.ts';
import type { Specification } from './specification.ts';

export const NationalIdSchema = z.strictObject({
  country: countryCode,
  value: line(40),
}).superRefine((id, ctx) => {
  if (id.country === 'PL' && id.value.trim() !== '' && !isValidPesel(id.value)) {
    report(ctx, ['value'], 'invalid_pesel', {
      pl: 'Numer PESEL musi mieć 11 cyfr z poprawną cyfrą kontrolną',
      en: 'A PESEL number has 11 digits with a valid check digit',
    });
  }
});

/** Annex I M1: identification of the learner. */
export const LearnerSchema = z.strictObject({
  givenName: line(100),
  familyName: line(100),
  /** The name as printed; `givenName familyName` when absent. */
  fullName: line(200).optional(),
  email: z.email().max(254).optional(),
  /** The learner's own DID, when the credential is bound to their wallet. */
  did: pattern(/^did:[a-z0-9]+:[A-Za-z0-9._:%-]+(#[A-Za-z0-9._:%-]+)?$/, 'invalid_did', { pl: 'Nieprawidłowy identyfikator DID (np. did:key:z6Mk…)', en: 'Not a valid DID (e.g. did:key:z6Mk…)' }).optional(),
  nationalId: NationalIdSchema.optional(),
  dateOfBirth: z.iso.date().optional(),
  studentNumber: line(40).optional(),
});

const dateTime = z.iso.datetime({ offset: true });

/** The result of the assessment and the dates of the credential. */
export const AwardResultSchema = z.strictObject({
  /** When the credential is issued (Annex I M5); now when absent. */
  issuedAt: dateTime.optional(),
  /** When the learner passed the assessment. */
  assessmentDate: z.iso.date().optional(),
  /** Annex I O3: the grade achieved, on the specification's grading scheme. */
  grade: line(20).optional(),
  /** The supervision and identity verification actually used at this learner's assessment. */
  supervisionVerificationUsed: z.enum(SUPERVISION_CODES).optional(),
  /** End of validity; by default issuedAt + the specification's validityPeriod, if any. */
  validUntil: dateTime.optional(),
  /** The institution's own reference of this award (row id, protocol number): makes issuance idempotent. */
  externalReference: line(200).optional(),
}).default({});

export const AwardSchema = z.strictObject({
  learner: LearnerSchema,
  result: AwardResultSchema,
});

export type Learner = z.output<typeof LearnerSchema>;
export type AwardResult = z.output<typeof AwardResultSchema>;
export type Award = z.output<typeof AwardSchema>;
export type AwardInput = z.input<typeof AwardSchema>;

/** The learner's name as printed on the credential. */
export function learnerFullName(learner: Learner): string {
  return learner.fullName ?? `${learner.givenName} ${learner.familyName}`;
}

/** Checks an award against the specification it is awarded under: grade on its scheme, a pass, sane dates. */
export function awardProblems(spec: Specification, award: Award, now: Date = new Date()): Problem[] {
  const out: Problem[] = [];
  const { result } = award;
  if (result.grade !== undefined) {
    const scheme = spec.gradingScheme ? gradingScheme(spec.gradingScheme) : undefined;
    if (!scheme) {
      out.push(problem('result.grade', 'grade_without_scheme', {
        pl: 'Specyfikacja nie określa skali ocen, więc nie można podać oceny',
        en: 'The specification has no grading scheme, so no grade can be given',
      }));
    } else if (!scheme.values.includes(result.grade)) {
      out.push(problem('result.grade', 'grade_not_on_scheme', {
        pl: `Ocena „${result.grade}” nie należy do skali ${scheme.label.pl}; dozwolone: ${scheme.values.slice(0, 12).join(', ')}`,
        en: `Grade "${result.grade}" is not on the scale ${scheme.label.en}; allowed: ${scheme.values.slice(0, 12).join(', ')}`,
      }));
    } else if (!scheme.passing.includes(result.grade)) {
      out.push(problem('result.grade', 'grade_not_passing', {
        pl: `Ocena „${result.grade}” jest niedostateczna: mikropoświadczenie przyznaje się tylko po zaliczeniu`,
        en: `Grade "${result.grade}" is a fail: a micro-credential is only awarded for a pass`,
      }));
    }
  }
  const { dateOfBirth } = award.learner;
  if (dateOfBirth !== undefined) {
    const born = Date.parse(`${dateOfBirth}T00:00:00Z`);
    if (born > now.getTime() || born < Date.parse('1900-01-01T00:00:00Z')) {
      out.push(problem('learner.dateOfBirth', 'implausible_date', {
        pl: 'Data urodzenia musi być między 1900-01-01 a dniem dzisiejszym',
        en: 'The date of birth must be between 1900-01-01 and today',
      }));
    }
  }
  const issuedAt = result.issuedAt ? new Date(result.issuedAt) : now;
  if (result.issuedAt && issuedAt.getTime() > now.getTime() + 24 * 3600_000) {
    out.push(problem('result.issuedAt', 'issued_in_future', {
      pl: 'Data wydania nie może być późniejsza niż jutro',
      en: 'The date of issue cannot be later than tomorrow',
    }));
  }
  // A calendar date has begun somewhere on Earth 14 hours before midnight UTC (UTC+14): only a later one is wrong.
  if (result.assessmentDate && Date.parse(`${result.assessmentDate}T00:00:00Z`) - 14 * 3600_000 > issuedAt.getTime()) {
    out.push(problem('result.assessmentDate', 'assessed_after_issue', {
      pl: 'Data oceny nie może być późniejsza niż data wydania',
      en: 'The assessment date cannot be later than the date of issue',
    }));
  }
  if (result.validUntil && new Date(result.validUntil).getTime() <= issuedAt.getTime()) {
    out.push(problem('result.validUntil', 'valid_until_before_issue', {
      pl: 'Koniec ważności musi być późniejszy niż data wydania',
      en: 'The end of validity must be later than the date of issue',
    }));
  }
  return out;
}
