/**
 * Validation entry points of the model: each returns every problem at once (errors and warnings), with the
 * field path and a message in Polish and English, and the parsed value when there is no error.
 */
import type { z } from 'zod';
import { AwardSchema, awardProblems, type Award } from './award.ts';
import { problemsFromZod, type Problem } from './problems.ts';
import { SpecificationSchema, crossFieldProblems, specificationWarnings, type Specification } from './specification.ts';

export type Validated<T> =
  | { readonly ok: true; readonly value: T; readonly problems: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

function parse<S extends z.ZodType>(schema: S, input: unknown): Validated<z.output<S>> {
  const result = schema.safeParse(input);
  if (!result.success) return { ok: false, problems: problemsFromZod(result.error, input) };
  return { ok: true, value: result.data, problems: [] };
}

export function validateSpecification(input: unknown): Validated<Specification> {
  const parsed = parse(SpecificationSchema, input);
  const crossField = crossFieldProblems(input);
  if (!parsed.ok || crossField.length > 0) {
    return { ok: false, problems: [...parsed.problems, ...crossField] };
  }
  return { ok: true, value: parsed.value, problems: specificationWarnings(parsed.value) };
}

/**
 * Validates an award (`{ learner, result }`, or a bare learner object) against its specification.
 */
export function validateAward(spec: Specification, input: unknown, now?: Date): Validated<Award> {
  const wrapped = isBareLearner(input) ? { learner: input, result: {} } : input;
  const parsed = parse(AwardSchema, wrapped);
  if (!parsed.ok) return parsed;
  const problems = awardProblems(spec, parsed.value, now);
  if (problems.some((p) => p.severity === 'error')) return { ok: false, problems };
  return { ok: true, value: parsed.value, problems };
}

function isBareLearner(input: unknown): boolean {
  return typeof input === 'object' && input !== null && !Array.isArray(input) && !('learner' in input) && !('result' in input);
}

export function errorsOf(problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => p.severity === 'error');
}
