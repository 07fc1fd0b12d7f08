/**
 * Validation problems: every check in Mikrocred reports all its problems at once, each with the path of the field
 * (`learningOutcomes[1].text.en`), a stable code, a severity and a message in Polish and English.
 * This module turns zod issues into such problems.
 */
import type { z } from 'zod';
import type { Message } from './lang.ts';

export type Severity = 'error' | 'warning';

export interface Problem {
  /** Where: `title.en`, `learningOutcomes[0].escoSkills[2]`, or `` for the whole document. */
  readonly path: string;
  /** A stable machine-readable code, e.g. `required`, `invalid_value`, `eqf_prk_mismatch`. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: Message;
}

/** Formats a path as `a.b[2].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

export function problem(path: readonly PropertyKey[] | string, code: string, message: Message, severity: Severity = 'error'): Problem {
  return { path: typeof path === 'string' ? path : formatPath(path), code, severity, message };
}

const TYPE_NAMES: Record<string, Message> = {
  string: { pl: 'tekst', en: 'a text' },
  number: { pl: 'liczbę', en: 'a number' },
  int: { pl: 'liczbę całkowitą', en: 'a whole number' },
  boolean: { pl: 'wartość logiczną (true/false)', en: 'a boolean (true/false)' },
  object: { pl: 'obiekt', en: 'an object' },
  array: { pl: 'listę', en: 'a list' },
  record: { pl: 'obiekt', en: 'an object' },
  null: { pl: 'null', en: 'null' },
};

const FORMAT_NAMES: Record<string, Message> = {
  email: { pl: 'Nieprawidłowy adres e-mail', en: 'Not a valid e-mail address' },
  url: { pl: 'Nieprawidłowy adres URL (oczekiwano https://…)', en: 'Not a valid URL (expected https://…)' },
  uuid: { pl: 'Nieprawidłowy identyfikator UUID', en: 'Not a valid UUID' },
  date: { pl: 'Nieprawidłowa data (oczekiwano RRRR-MM-DD)', en: 'Not a valid date (expected YYYY-MM-DD)' },
  datetime: { pl: 'Nieprawidłowa data i godzina (oczekiwano np. 2026-06-30T10:00:00Z)', en: 'Not a valid date-time (expected e.g. 2026-06-30T10:00:00Z)' },
  duration: { pl: 'Nieprawidłowy okres ISO 8601 (np. P2Y, P6M)', en: 'Not a valid ISO 8601 duration (e.g. P2Y, P6M)' },
};

function quoteList(values: readonly unknown[]): string {
  const shown = values.slice(0, 12).map((v) => JSON.stringify(v)).join(', ');
  return values.length > 12 ? `${shown}, …` : shown;
}

function describe(issue: z.core.$ZodIssue, input: unknown): Message {
  if (input === null && issue.code === 'invalid_type') return { pl: 'Pole nie może mieć wartości null', en: 'Must not be null' };
  switch (issue.code) {
    case 'invalid_type': {
      const t = TYPE_NAMES[issue.expected] ?? { pl: issue.expected, en: issue.expected };
      return { pl: `Oczekiwano: ${t.pl}`, en: `Expected ${t.en}` };
    }
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string') {
        return n <= 1
          ? { pl: 'Pole nie może być puste', en: 'Must not be empty' }
          : { pl: `Co najmniej ${n} znaków`, en: `At least ${n} characters` };
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        return { pl: `Co najmniej ${n} element(y)`, en: `At least ${n} item(s)` };
      }
      return issue.inclusive
        ? { pl: `Wartość musi być co najmniej ${n}`, en: `Must be at least ${n}` }
        : { pl: `Wartość musi być większa niż ${n}`, en: `Must be greater than ${n}` };
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return { pl: `Najwyżej ${n} znaków`, en: `At most ${n} characters` };
      if (issue.origin === 'array' || issue.origin === 'set') return { pl: `Najwyżej ${n} elementów`, en: `At most ${n} items` };
      return issue.inclusive
        ? { pl: `Wartość może wynosić najwyżej ${n}`, en: `Must be at most ${n}` }
        : { pl: `Wartość musi być mniejsza niż ${n}`, en: `Must be less than ${n}` };
    }
    case 'invalid_format': {
      const known = FORMAT_NAMES[issue.format];
      if (known) return known;
      return { pl: 'Nieprawidłowy format', en: 'Invalid format' };
    }
    case 'not_multiple_of':
      return { pl: `Wartość musi być wielokrotnością ${String(issue.divisor)}`, en: `Must be a multiple of ${String(issue.divisor)}` };
    case 'invalid_value':
      return { pl: `Niedozwolona wartość; dozwolone: ${quoteList(issue.values)}`, en: `Not an allowed value; allowed: ${quoteList(issue.values)}` };
    case 'unrecognized_keys':
      return { pl: 'Nieznane pole', en: 'Unknown field' };
    case 'invalid_union':
      return { pl: 'Nieprawidłowa wartość', en: 'Invalid value' };
    case 'custom': {
      const params = issue.params as { pl?: string; en?: string } | undefined;
      if (params?.pl && params.en) return { pl: params.pl, en: params.en };
      return { pl: 'Nieprawidłowa wartość', en: issue.message };
    }
    default:
      return { pl: 'Nieprawidłowa wartość', en: issue.message };
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** Turns a zod error into problems: one per issue, and one per unknown key. */
export function problemsFromZod(error: z.ZodError, input: unknown, basePath: readonly PropertyKey[] = []): Problem[] {
  const out: Problem[] = [];
  for (const issue of error.issues) {
    const path = [...basePath, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push(problem([...path, key], 'unknown_field', describe(issue, undefined)));
      }
      continue;
    }
    const value = valueAt(input, issue.path);
    if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
      out.push(problem(path, 'required', { pl: 'Pole wymagane', en: 'Required' }));
      continue;
    }
    const code = issue.code === 'custom' ? String((issue.params as { code?: string } | undefined)?.code ?? 'custom') : issue.code;
    out.push(problem(path, code, describe(issue, value)));
  }
  return out;
}
