/**
 * The rows of a cohort table as awards: every mapped cell converted (mapping.ts), every award checked against the
 * specification with the model's own validation, and every problem reported by spreadsheet row and column name
 * ("row 17, column E-mail: Not a valid e-mail address"), in Polish and English. Also finds a row that repeats an
 * earlier one (the same learner with the same reference), and writes the downloadable error report.
 */
import type { AwardInput } from '../model/award.ts';
import type { Message, UiLanguage } from '../model/lang.ts';
import type { Problem } from '../model/problems.ts';
import type { Specification } from '../model/specification.ts';
import { validateAward } from '../model/validate.ts';
import { TARGET_FIELDS, columnName, convertCell, isTargetField, splitFullName, type Mapping, type TargetField } from './mapping.ts';
import type { Table } from './read-table.ts';

export interface RowProblem {
  /** The spreadsheet row number (the header row is 1). */
  row: number;
  /** The header name of the column (its letter when the header is empty); absent for a problem of the whole row. */
  column?: string;
  /** The award field, e.g. `learner.email`. */
  field: string;
  code: string;
  severity: 'error' | 'warning';
  message: { pl: string; en: string };
}

export interface CohortRow {
  /** The spreadsheet row number (the header row is 1). */
  row: number;
  /** The award, when the row has no error. */
  award?: AwardInput;
  problems: RowProblem[];
}

export interface CohortOptions {
  /** The time the awards are checked at (dates of birth, dates of issue); default now. */
  now?: Date;
  /** The time zone of dates of issue written without one; default Europe/Warsaw. */
  timeZone?: string;
}

/** The target field a model problem path belongs to: `learner.nationalId.value` → `learner.nationalId`. */
function fieldOfPath(path: string): TargetField | undefined {
  let best: TargetField | undefined;
  for (const { field } of TARGET_FIELDS) {
    if ((path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`)) && (!best || field.length > best.length)) best = field;
  }
  return best;
}

interface Identity {
  readonly key: string;
  readonly field: TargetField;
  readonly what: Message;
}

/** The keys that identify the learner of a row: e-mail, student number, PESEL, name with date of birth. */
function identities(values: Partial<Record<TargetField, string>>): Identity[] {
  const out: Identity[] = [];
  const email = values['learner.email'];
  if (email) out.push({ key: `email:${email}`, field: 'learner.email', what: { pl: 'ten sam adres e-mail', en: 'the same e-mail address' } });
  const student = values['learner.studentNumber'];
  if (student) out.push({ key: `student:${student.toLowerCase()}`, field: 'learner.studentNumber', what: { pl: 'ten sam numer albumu', en: 'the same student number' } });
  const pesel = values['learner.nationalId'];
  if (pesel) out.push({ key: `pesel:${pesel}`, field: 'learner.nationalId', what: { pl: 'ten sam PESEL', en: 'the same PESEL' } });
  const given = values['learner.givenName'];
  const family = values['learner.familyName'];
  const born = values['learner.dateOfBirth'];
  if (given && family && born) {
    out.push({
      key: `name:${given.toLowerCase()}|${family.toLowerCase()}|${born}`, field: 'learner.familyName',
      what: { pl: 'to samo imię, nazwisko i data urodzenia', en: 'the same name and date of birth' },
    });
  }
  return out;
}

/**
 * Converts and checks every row of `table` under `mapping` against `spec`. A row gets its award only when it has
 * no error; its problems name the spreadsheet row and the column each came from.
 */
export function awardsFromTable(table: Table, mapping: Mapping, spec: Specification, options: CohortOptions = {}): CohortRow[] {
  const now = options.now ?? new Date();
  const context = { gradingScheme: spec.gradingScheme ?? undefined, timeZone: options.timeZone };
  const columns: [TargetField, number][] = [];
  for (const [field, column] of Object.entries(mapping)) {
    if (isTargetField(field) && typeof column === 'number' && Number.isInteger(column) && column >= 0 && column < table.headers.length) {
      columns.push([field, column]);
    }
  }
  /** The first row of each learner identity, and of each identity with its reference. */
  const firstOfLearner = new Map<string, { row: number; reference: string }>();
  const firstOfAward = new Map<string, number>();

  return table.rows.map((cells, index) => {
    const row = table.rowNumbers?.[index] ?? index + 2;
    const problems: RowProblem[] = [];
    const values: Partial<Record<TargetField, string>> = {};
    /** The column each field came from, and the fields whose cell could not be converted (already reported). */
    const source = new Map<TargetField, number>();
    const failed = new Set<TargetField>();
    const report = (field: TargetField, code: string, message: Message, severity: 'error' | 'warning' = 'error'): void => {
      const column = source.get(field);
      problems.push({ row, ...(column === undefined ? {} : { column: columnName(table.headers, column) }), field, code, severity, message });
    };

    for (const [field, column] of columns) {
      source.set(field, column);
      const converted = convertCell(field, cells[column] ?? '', context);
      if (!converted.ok) {
        failed.add(field);
        report(field, converted.code, converted.message);
      } else if (converted.value !== undefined) {
        values[field] = converted.value;
      }
    }

    // Names: a full name alone is split on its last space (see mapping.ts); beside given and family names it is the printed name.
    const full = values['learner.fullName'];
    const fullColumn = source.get('learner.fullName');
    let printedName = full;
    if (full !== undefined && fullColumn !== undefined && values['learner.givenName'] === undefined && values['learner.familyName'] === undefined) {
      printedName = undefined;
      source.set('learner.givenName', fullColumn);
      source.set('learner.familyName', fullColumn);
      const split = splitFullName(full);
      if (split) {
        values['learner.givenName'] = split.givenName;
        values['learner.familyName'] = split.familyName;
      } else {
        failed.add('learner.givenName');
        failed.add('learner.familyName');
        report('learner.fullName', 'name_not_split', {
          pl: `„${full}”: podaj imię i nazwisko oddzielone spacją`,
          en: `"${full}": give the given name and the family name separated by a space`,
        });
      }
    } else if (fullColumn !== undefined) {
      // Names without a column of their own are reported on the full-name column (e.g. its cell is empty).
      if (!source.has('learner.givenName')) source.set('learner.givenName', fullColumn);
      if (!source.has('learner.familyName')) source.set('learner.familyName', fullColumn);
    }

    const learner: Record<string, unknown> = {
      givenName: values['learner.givenName'],
      familyName: values['learner.familyName'],
      fullName: printedName,
      email: values['learner.email'],
      did: values['learner.did'],
      nationalId: values['learner.nationalId'] === undefined ? undefined : { country: 'PL', value: values['learner.nationalId'] },
      dateOfBirth: values['learner.dateOfBirth'],
      studentNumber: values['learner.studentNumber'],
    };
    const result: Record<string, unknown> = {
      issuedAt: values['result.issuedAt'],
      assessmentDate: values['result.assessmentDate'],
      grade: values['result.grade'],
      supervisionVerificationUsed: values['result.supervisionVerificationUsed'],
      externalReference: values['result.externalReference'],
    };
    const input = { learner: withoutUndefined(learner), result: withoutUndefined(result) };
    const validated = validateAward(spec, input, now);
    const seen = new Set<string>();
    for (const p of [...validated.problems, ...furtherProblems(spec, input, validated.problems, now)]) {
      const field = fieldOfPath(p.path);
      if (field && failed.has(field)) continue; // its cell's conversion problem says it already
      const column = field === undefined ? undefined : source.get(field);
      const key = `${column ?? field ?? p.path}|${p.code}`; // one "required" for an empty full-name cell, not two
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(rowProblem(row, table, source, field, p));
    }

    // The same learner and the same reference twice in the file: the later row is an error.
    const reference = values['result.externalReference'] ?? '';
    const ids = identities(values);
    const repeated = ids.map((id) => ({ id, first: firstOfAward.get(`${id.key}\u0000${reference}`) })).find((x) => x.first !== undefined);
    if (repeated?.first !== undefined) {
      report(repeated.id.field, 'duplicate_in_file', {
        pl: `Powtórzenie wiersza ${repeated.first}: ${repeated.id.what.pl} i ten sam numer referencyjny${reference === '' ? ' (brak)' : ''}`,
        en: `Repeats row ${repeated.first}: ${repeated.id.what.en} and the same reference${reference === '' ? ' (none)' : ''}`,
      });
    } else {
      const other = ids.map((id) => ({ id, first: firstOfLearner.get(id.key) })).find((x) => x.first !== undefined);
      if (other?.first) {
        report(other.id.field, 'duplicate_learner', {
          pl: `Ten sam uczestnik co w wierszu ${other.first.row} (${other.id.what.pl}), z innym numerem referencyjnym: sprawdź, czy to nie pomyłka`,
          en: `The same learner as in row ${other.first.row} (${other.id.what.en}) with another reference: check that this is intended`,
        }, 'warning');
      }
    }
    for (const id of ids) {
      if (!firstOfAward.has(`${id.key}\u0000${reference}`)) firstOfAward.set(`${id.key}\u0000${reference}`, row);
      if (!firstOfLearner.has(id.key)) firstOfLearner.set(id.key, { row, reference });
    }

    const hasError = problems.some((p) => p.severity === 'error');
    return hasError || !validated.ok ? { row, problems } : { row, award: validated.value, problems };
  });
}

/** Stand-ins for required fields whose cell is wrong, so that the checks of the other fields can still run. */
const STAND_INS: Partial<Record<TargetField, string>> = { 'learner.givenName': 'X', 'learner.familyName': 'X' };

/**
 * The model checks the dates and the grade against the specification only once the award's shape is valid, so a
 * row with a bad e-mail would not tell of its grade off the scale too. To report every problem of a row at once,
 * the award is checked again without the fields found wrong (required names stood in for), and the problems of the
 * other fields are kept.
 */
function furtherProblems(spec: Specification, input: { learner: Record<string, unknown>; result: Record<string, unknown> }, problems: readonly Problem[], now: Date): Problem[] {
  if (problems.length === 0) return [];
  const wrong = new Set<TargetField>();
  for (const p of problems) {
    const field = fieldOfPath(p.path);
    if (!field) return [];
    wrong.add(field);
  }
  const learner = { ...input.learner };
  const result = { ...input.result };
  for (const field of wrong) {
    const [part, key] = field.split('.') as ['learner' | 'result', string];
    const target = part === 'learner' ? learner : result;
    const standIn = STAND_INS[field];
    if (standIn === undefined) delete target[key];
    else target[key] = standIn;
  }
  return validateAward(spec, { learner, result }, now).problems.filter((p) => {
    const field = fieldOfPath(p.path);
    return field !== undefined && !wrong.has(field);
  });
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

function rowProblem(row: number, table: Table, source: ReadonlyMap<TargetField, number>, field: TargetField | undefined, p: Problem): RowProblem {
  const column = field === undefined ? undefined : source.get(field);
  return {
    row,
    ...(column === undefined ? {} : { column: columnName(table.headers, column) }),
    field: field ?? p.path,
    code: p.code,
    severity: p.severity,
    message: { pl: p.message.pl, en: p.message.en },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The error report
// ---------------------------------------------------------------------------------------------------------------

/** A CSV cell: quoted when needed; a leading = + - @ neutralised so that a spreadsheet does not run it as a formula. */
function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The problems of `rows` as a downloadable CSV: `;`-separated, with a BOM and CRLF line ends so that Polish Excel
 * opens it right; one line per problem (row; column; problem), warnings marked as such.
 */
export function reportCsv(rows: readonly Pick<CohortRow, 'row' | 'problems'>[], lang: UiLanguage): string {
  const header = lang === 'pl' ? ['Wiersz', 'Kolumna', 'Problem'] : ['Row', 'Column', 'Problem'];
  const warning = lang === 'pl' ? 'Ostrzeżenie: ' : 'Warning: ';
  const lines = [header.join(';')];
  for (const r of [...rows].sort((a, b) => a.row - b.row)) {
    for (const p of r.problems) {
      const text = `${p.severity === 'warning' ? warning : ''}${p.message[lang]}`;
      lines.push([String(p.row), csvCell(p.column ?? ''), csvCell(text)].join(';'));
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
