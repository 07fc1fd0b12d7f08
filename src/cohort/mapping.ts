/**
 * Column mapping of a cohort file: which column of the uploaded table feeds which field of an award, suggested from
 * the header names (Polish or English, case and diacritics ignored), checked, and the conversion of each cell from
 * the habits of Polish spreadsheets (30.06.2026, 4,5, "db+", "zal.", labels instead of codes) to the model's values.
 *
 * Names: a row needs a given name and a family name. Either both are mapped to their own columns, or one column holds
 * the full name ("Imię i nazwisko", "Full name"), which is split on its last space: "Jan Maria Kowalski" → given
 * name "Jan Maria", family name "Kowalski" (Polish compound surnames are hyphenated: "Wiśniewska-Łęcka"). A column
 * with the family name first ("Nazwisko i imię") cannot be split this way, so it is never suggested: map separate
 * columns instead. When the given and family names have their own columns, a full-name column is the name as
 * printed (`learner.fullName`), and it is split only for a row whose given and family name cells are both empty.
 */
import type { Message } from '../model/lang.ts';
import { SUPERVISION_VERIFICATION, gradingScheme, type SupervisionVerification } from '../model/vocabularies/codes.ts';
import { isValidPesel } from '../model/vocabularies/identifiers.ts';

export interface TargetFieldInfo {
  readonly field: string;
  readonly label: Message;
  /** Must be mapped; the given and family names may instead come from one full-name column (see above). */
  readonly required: boolean;
}

/** The fields a column can be mapped to, in the order a mapping form shows them. */
export const TARGET_FIELDS = [
  { field: 'learner.givenName', label: { pl: 'Imię (imiona)', en: 'Given name(s)' }, required: true },
  { field: 'learner.familyName', label: { pl: 'Nazwisko', en: 'Family name' }, required: true },
  { field: 'learner.fullName', label: { pl: 'Imię i nazwisko (do podziału lub w brzmieniu na dokumencie)', en: 'Full name (split, or as printed on the credential)' }, required: false },
  { field: 'learner.email', label: { pl: 'Adres e-mail', en: 'E-mail address' }, required: false },
  { field: 'learner.dateOfBirth', label: { pl: 'Data urodzenia', en: 'Date of birth' }, required: false },
  { field: 'learner.studentNumber', label: { pl: 'Numer albumu', en: 'Student number' }, required: false },
  { field: 'learner.nationalId', label: { pl: 'PESEL', en: 'PESEL (Polish national identification number)' }, required: false },
  { field: 'learner.did', label: { pl: 'Identyfikator DID uczestnika', en: "Learner's DID" }, required: false },
  { field: 'result.assessmentDate', label: { pl: 'Data egzaminu / zaliczenia', en: 'Assessment date' }, required: false },
  { field: 'result.issuedAt', label: { pl: 'Data wydania', en: 'Date of issue' }, required: false },
  { field: 'result.grade', label: { pl: 'Ocena', en: 'Grade' }, required: false },
  { field: 'result.supervisionVerificationUsed', label: { pl: 'Nadzór i weryfikacja tożsamości', en: 'Supervision and identity verification' }, required: false },
  { field: 'result.externalReference', label: { pl: 'Numer referencyjny (np. nr protokołu)', en: 'Reference (e.g. protocol number)' }, required: false },
] as const satisfies readonly TargetFieldInfo[];

export type TargetField = (typeof TARGET_FIELDS)[number]['field'];

/** Column index (0-based, into `Table.headers`) of each mapped field. */
export type Mapping = Partial<Record<TargetField, number>>;

export interface MappingProblem {
  /** The target field, e.g. `learner.familyName`. */
  readonly field: string;
  /** The header name of the column concerned, when there is one. */
  readonly column?: string;
  readonly code: 'required_unmapped' | 'column_mapped_twice' | 'column_out_of_range' | 'unknown_field';
  readonly severity: 'error' | 'warning';
  readonly message: Message;
}

export function isTargetField(value: string): value is TargetField {
  return TARGET_FIELDS.some((f) => f.field === value);
}

export function targetField(field: TargetField): TargetFieldInfo {
  const info = TARGET_FIELDS.find((f) => f.field === field);
  if (!info) throw new Error(`unknown target field ${field}`);
  return info;
}

/** A column's name for a report: its header, or its spreadsheet letter (A, B, …, AA) when the header is empty. */
export function columnName(headers: readonly string[], index: number): string {
  const header = headers[index];
  if (header) return header;
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

// ---------------------------------------------------------------------------------------------------------------
// Suggesting a mapping from the headers
// ---------------------------------------------------------------------------------------------------------------

/** Lower case, no diacritics (ł too), punctuation as spaces: "Adres e-mail" → "adres e mail", "Lp." → "lp". */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Header names of each field, best first; `=` marks a name only recognised as the whole header (too short or vague). */
const HEADER_ALIASES: Record<TargetField | 'none', readonly string[]> = {
  'learner.givenName': ['imie', 'imiona', 'pierwsze imie', 'first name', 'firstname', 'given name', 'given names', 'first names', 'forename', 'forenames'],
  'learner.familyName': ['nazwisko', 'surname', 'last name', 'lastname', 'family name', 'nazwisko rodowe'],
  'learner.fullName': [
    'imie i nazwisko', 'imiona i nazwisko', 'imie nazwisko', 'full name', 'fullname', 'name and surname', 'first and last name',
    '=uczestnik', '=uczestniczka', '=sluchacz', '=student', '=studentka', '=name', '=learner', '=participant', '=osoba',
  ],
  'learner.email': [
    'e mail', 'email', 'adres e mail', 'adres email', 'adres poczty elektronicznej', 'email address', 'e mail address',
    'mail', 'poczta',
  ],
  'learner.dateOfBirth': ['data urodzenia', 'date of birth', 'birth date', 'birthdate', 'data ur', '=urodzony', '=urodzona', '=ur', '=dob', '=born'],
  'learner.studentNumber': [
    'nr albumu', 'numer albumu', 'album', 'nr indeksu', 'numer indeksu', 'indeks', 'student number', 'student no',
    'student id', 'id studenta', 'matriculation number',
  ],
  'learner.nationalId': ['pesel', 'nr pesel', 'numer pesel', 'national id', 'national identification number'],
  'learner.did': ['did', 'identyfikator did', 'did uczestnika', 'learner did', 'wallet did', 'did portfela'],
  'result.assessmentDate': [
    'data egzaminu', 'data zaliczenia', 'data oceny', 'data zdania egzaminu', 'data ukonczenia', 'assessment date',
    'date of assessment', 'exam date', 'examination date', 'completion date', 'date of completion',
  ],
  'result.issuedAt': ['data wydania', 'data wystawienia', 'wydano', 'issue date', 'date of issue', 'issued on', 'issued at', 'issuance date', '=issued'],
  'result.grade': ['ocena', 'ocena koncowa', 'grade', 'final grade', 'mark', 'wynik', 'result', 'score'],
  'result.supervisionVerificationUsed': [
    'nadzor', 'nadzor i weryfikacja tozsamosci', 'nadzor i weryfikacja', 'weryfikacja tozsamosci', 'supervision',
    'supervision and identity verification', 'supervision verification', 'proctoring',
  ],
  // "Lp." (the row ordinal) last: a reference that repeats across files makes a poor idempotency key.
  'result.externalReference': [
    'external reference', 'reference', 'nr protokolu', 'numer protokolu', 'protokol', '=ref', '=identyfikator', '=id',
    '=nr', '=numer', '=lp', '=l p',
  ],
  // Recognised so that they are left unmapped rather than taken for the family name alone.
  none: ['nazwisko i imie', 'nazwisko i imiona', 'nazwisko imie', 'surname and name', 'last name first name', 'surname first name'],
};

/** A mapping suggested from the header names; each column and each field used at most once. */
export function suggestMapping(headers: string[]): Mapping {
  interface Candidate { field: TargetField | 'none'; column: number; score: number }
  const candidates: Candidate[] = [];
  headers.forEach((header, column) => {
    const name = normalizeHeader(header);
    if (name === '') return;
    for (const [field, aliases] of Object.entries(HEADER_ALIASES) as [TargetField | 'none', readonly string[]][]) {
      aliases.forEach((raw, rank) => {
        const exactOnly = raw.startsWith('=');
        const alias = exactOnly ? raw.slice(1) : raw;
        if (name === alias) candidates.push({ field, column, score: 1000 - rank });
        else if (!exactOnly && ` ${name} `.includes(` ${alias} `)) candidates.push({ field, column, score: alias.length });
      });
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.column - b.column);
  const mapping: Mapping = {};
  const usedColumns = new Set<number>();
  for (const c of candidates) {
    if (usedColumns.has(c.column)) continue;
    if (c.field === 'none') {
      usedColumns.add(c.column);
      continue;
    }
    if (mapping[c.field] !== undefined) continue;
    mapping[c.field] = c.column;
    usedColumns.add(c.column);
  }
  return mapping;
}

// ---------------------------------------------------------------------------------------------------------------
// Checking a mapping
// ---------------------------------------------------------------------------------------------------------------

/**
 * The problems of a mapping (as chosen by the user, so any JSON object is accepted): a required field unmapped,
 * a column mapped to two fields, a column index that the table does not have, a field that does not exist.
 */
export function checkMapping(mapping: Readonly<Record<string, unknown>>, headers: readonly string[]): MappingProblem[] {
  const out: MappingProblem[] = [];
  const mapped = (field: TargetField): boolean => mapping[field] !== undefined && mapping[field] !== null;
  if (!mapped('learner.fullName')) {
    for (const field of ['learner.givenName', 'learner.familyName'] as const) {
      if (mapped(field)) continue;
      const label = targetField(field).label;
      out.push({
        field, code: 'required_unmapped', severity: 'error',
        message: {
          pl: `Wskaż kolumnę „${label.pl}” (albo jedną kolumnę z imieniem i nazwiskiem)`,
          en: `Choose the column for "${label.en}" (or one column with the full name)`,
        },
      });
    }
  }
  const byColumn = new Map<number, TargetField>();
  for (const [field, value] of Object.entries(mapping)) {
    if (value === undefined || value === null) continue;
    if (!isTargetField(field)) {
      out.push({ field, code: 'unknown_field', severity: 'error', message: { pl: `Nieznane pole „${field}”`, en: `Unknown field "${field}"` } });
      continue;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= headers.length) {
      out.push({
        field, code: 'column_out_of_range', severity: 'error',
        message: {
          pl: `Plik nie ma kolumny nr ${String(value)} (kolumny są numerowane od 0 do ${headers.length - 1})`,
          en: `The file has no column ${String(value)} (columns are numbered 0 to ${headers.length - 1})`,
        },
      });
      continue;
    }
    const column = columnName(headers, value);
    const earlier = byColumn.get(value);
    if (earlier !== undefined) {
      const a = targetField(earlier).label;
      const b = targetField(field).label;
      out.push({
        field, column, code: 'column_mapped_twice', severity: 'error',
        message: {
          pl: `Kolumna „${column}” jest już przypisana do pola „${a.pl}”, nie może też zasilać pola „${b.pl}”`,
          en: `Column "${column}" is already mapped to "${a.en}" and cannot also feed "${b.en}"`,
        },
      });
      continue;
    }
    byColumn.set(value, field);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Converting cells
// ---------------------------------------------------------------------------------------------------------------

export type Conversion =
  | { readonly ok: true; /** undefined: the cell is empty and the field absent */ readonly value: string | undefined }
  | { readonly ok: false; readonly code: string; readonly message: Message };

export interface ConversionContext {
  /** The specification's grading scheme code (`pl-he-2-5`, `pass-fail`, `percent`), for grades written in words. */
  readonly gradingScheme?: string | undefined;
  /** The time zone of dates of issue written without one (default Europe/Warsaw). */
  readonly timeZone?: string | undefined;
}

const ok = (value: string | undefined): Conversion => ({ ok: true, value });
const bad = (code: string, pl: string, en: string): Conversion => ({ ok: false, code, message: { pl, en } });

/** An empty cell, or one holding only a dash (how a spreadsheet says "none"). */
function isBlank(text: string): boolean {
  return /^[\s\-–—]*$/.test(text);
}

/** Converts the text of one cell for `field`; an empty cell gives `{ ok: true, value: undefined }`. */
export function convertCell(field: TargetField, text: string, context: ConversionContext = {}): Conversion {
  if (isBlank(text)) return ok(undefined);
  const value = text.trim();
  switch (field) {
    case 'learner.givenName':
    case 'learner.familyName':
    case 'learner.fullName':
      return ok(value.replace(/\s+/g, ' '));
    case 'learner.email':
      return ok(normalizeEmail(value));
    case 'learner.dateOfBirth':
    case 'result.assessmentDate': {
      const date = parseDate(value);
      return date.ok ? ok(date.date) : date;
    }
    case 'result.issuedAt':
      return toDateTime(value, context.timeZone ?? 'Europe/Warsaw');
    case 'learner.nationalId':
      return ok(normalizePesel(value));
    case 'result.grade':
      return ok(normalizeGrade(value, context.gradingScheme));
    case 'result.supervisionVerificationUsed': {
      const code = parseSupervision(value);
      if (code) return ok(code);
      return bad('invalid_supervision',
        `„${value}” nie jest rodzajem nadzoru; dozwolone: ${SUPERVISION_VERIFICATION.map((s) => `„${s.label.pl}” (${s.code})`).join(', ')}`,
        `"${value}" is not a kind of supervision; allowed: ${SUPERVISION_VERIFICATION.map((s) => `"${s.label.en}" (${s.code})`).join(', ')}`);
    }
    case 'learner.did':
    case 'learner.studentNumber':
    case 'result.externalReference':
      return ok(value);
  }
}

/** Trimmed and lower-cased; `mailto:` and a display name ("Jan Kowalski <jan@x.pl>") taken off. */
export function normalizeEmail(text: string): string {
  const angle = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(text);
  const address = angle?.[1] ?? text;
  return address.trim().replace(/^mailto:/i, '').toLowerCase();
}

/** Digits only; a PESEL that lost its leading zero in a spreadsheet (people born in 2000–2009) gets it back. */
export function normalizePesel(text: string): string {
  const digits = text.replace(/[\s-]/g, '');
  if (/^\d{10}$/.test(digits) && isValidPesel(`0${digits}`)) return `0${digits}`;
  return digits;
}

// Dates ----------------------------------------------------------------------------------------------------------

export type ParsedDate =
  | { readonly ok: true; readonly date: string; /** HH:MM:SS when the cell had a time */ readonly time?: string; /** ±HH:MM or Z */ readonly offset?: string }
  | { readonly ok: false; readonly code: string; readonly message: Message };

/** Excel serial numbers taken as dates: 10000 (1927-05-18) to 99999 (2173-10-14); smaller numbers are more likely errors. */
const SERIAL_MIN = 10_000;
const SERIAL_MAX = 99_999;

function validDay(y: number, m: number, d: number): string | undefined {
  if (y < 1 || m < 1 || m > 12 || d < 1) return undefined;
  const probe = new Date(Date.UTC(y, m - 1, d));
  probe.setUTCFullYear(y);
  if (probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function notADate(text: string): ParsedDate {
  return {
    ok: false, code: 'invalid_date',
    message: {
      pl: `„${text}” nie jest datą; oczekiwano np. 30.06.2026 albo 2026-06-30`,
      en: `"${text}" is not a date; expected e.g. 30.06.2026 or 2026-06-30`,
    },
  };
}

/**
 * A date as the model writes it (YYYY-MM-DD) from `2026-06-30`, `30.06.2026`, `30/06/2026`, `30-06-2026` (day first,
 * as in Poland; "r." after the year allowed), `2026.06.30`, an ISO date-time, or an Excel serial number; with the
 * time of day when the cell had one.
 */
export function parseDate(text: string): ParsedDate {
  const value = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(value);
  let parts: { y: string; mo: string; d: string; h?: string | undefined; mi?: string | undefined; s?: string | undefined; offset?: string | undefined } | undefined;
  if (m) parts = { y: m[1] ?? '', mo: m[2] ?? '', d: m[3] ?? '', h: m[4], mi: m[5], s: m[6], offset: m[7] };
  if (!parts) {
    m = /^(\d{4})[./](\d{1,2})[./](\d{1,2})$/.exec(value);
    if (m) parts = { y: m[1] ?? '', mo: m[2] ?? '', d: m[3] ?? '' };
  }
  if (!parts) {
    m = /^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})(?:\s*r\.?)?(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/i.exec(value);
    if (m) {
      if ((m[4] ?? '').length === 2) {
        return {
          ok: false, code: 'ambiguous_year',
          message: {
            pl: `„${value}”: rok musi mieć cztery cyfry (np. 30.06.2026)`,
            en: `"${value}": the year must have four digits (e.g. 30.06.2026)`,
          },
        };
      }
      parts = { y: m[4] ?? '', mo: m[3] ?? '', d: m[1] ?? '', h: m[5], mi: m[6], s: m[7] };
    }
  }
  if (!parts && /^\d+(?:[.,]\d+)?$/.test(value)) {
    const serial = Number(value.replace(',', '.'));
    if (serial >= SERIAL_MIN && serial <= SERIAL_MAX) {
      // Excel's 1900 date system: serial 25569 is 1970-01-01 (its phantom 1900-02-29 lies before every serial taken here).
      const ms = Math.round((serial - 25569) * 86400) * 1000;
      const date = new Date(ms);
      const iso = date.toISOString();
      const time = iso.slice(11, 19);
      return time === '00:00:00' ? { ok: true, date: iso.slice(0, 10) } : { ok: true, date: iso.slice(0, 10), time };
    }
  }
  if (!parts) return notADate(value);
  const day = validDay(Number(parts.y), Number(parts.mo), Number(parts.d));
  if (!day) return notADate(value);
  if (parts.h === undefined) return { ok: true, date: day };
  const h = Number(parts.h);
  const mi = Number(parts.mi);
  const s = Number(parts.s ?? '0');
  if (h > 23 || mi > 59 || s > 59) return notADate(value);
  const time = `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  const offset = parts.offset === undefined ? undefined
    : parts.offset.toUpperCase() === 'Z' ? 'Z' : parts.offset.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  return offset === undefined ? { ok: true, date: day, time } : { ok: true, date: day, time, offset };
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The UTC offset (`+02:00`) of `timeZone` at the instant `utcMs`; throws a RangeError for an unknown zone. */
function zoneOffset(timeZone: string, utcMs: number): string {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, format);
  }
  const name = format.formatToParts(new Date(utcMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /^GMT([+-]\d{2}):?(\d{2})?$/.exec(name);
  return m ? `${m[1]}:${m[2] ?? '00'}` : '+00:00';
}

function offsetMinutes(offset: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/**
 * A date of issue as an ISO date-time with an offset: kept when the cell has one; otherwise the wall-clock time
 * (midnight for a bare date) in `timeZone`, e.g. `30.06.2026` → `2026-06-30T00:00:00+02:00`.
 */
export function toDateTime(text: string, timeZone = 'Europe/Warsaw'): Conversion {
  const parsed = parseDate(text);
  if (!parsed.ok) return parsed;
  const time = parsed.time ?? '00:00:00';
  if (parsed.offset) return ok(`${parsed.date}T${time}${parsed.offset}`);
  let offset: string;
  try {
    const wall = Date.parse(`${parsed.date}T${time}Z`);
    const first = zoneOffset(timeZone, wall);
    offset = zoneOffset(timeZone, wall - offsetMinutes(first) * 60_000);
  } catch {
    return bad('invalid_time_zone', `Nieznana strefa czasowa „${timeZone}”`, `Unknown time zone "${timeZone}"`);
  }
  return ok(`${parsed.date}T${time}${offset}`);
}

// Grades ---------------------------------------------------------------------------------------------------------

/** Polish grade words and abbreviations, by rank from the lowest (2, ndst) to the highest (5, bdb). */
const PL_GRADE_WORDS: readonly (readonly string[])[] = [
  ['ndst', 'nd', 'niedostateczny', 'niedostateczna', 'ndst.'],
  ['dst', 'dostateczny', 'dostateczna', 'dst.'],
  ['dst+', '+dst', 'dst +', 'dostateczny plus', 'plus dostateczny', 'ddb', 'dosc dobry', 'dość dobry'],
  ['db', 'dobry', 'dobra', 'db.'],
  ['db+', '+db', 'db +', 'dobry plus', 'plus dobry'],
  ['bdb', 'bardzo dobry', 'bardzo dobra', 'bdb.', 'bd'],
];

const PASS_WORDS = ['zal', 'zal.', 'zaliczone', 'zaliczony', 'zaliczona', 'zaliczono', 'zaliczenie', 'pass', 'passed', 'p'];
const FAIL_WORDS = ['nzal', 'nzal.', 'nie zal', 'nie zal.', 'niezaliczone', 'niezaliczony', 'niezaliczona', 'nie zaliczono', 'brak zaliczenia', 'fail', 'failed', 'f'];

/**
 * A grade on the specification's scheme: `4,5` → `4.5`, `5.0` → `5`, `85%` → `85`; on pl-he-2-5 the Polish words
 * (bdb, db+, db, dst+, dst, ndst and their full forms) become the scheme's values; on pass-fail, "zal", "zaliczone",
 * "pass" become its passing value and "nzal", "niezaliczone", "fail" its failing one. Anything else is returned as
 * written (trimmed), for the model to report when it is not on the scale.
 */
export function normalizeGrade(text: string, schemeCode?: string): string {
  const value = text.trim().replace(/\s+/g, ' ');
  const scheme = schemeCode ? gradingScheme(schemeCode) : undefined;
  const numeric = /^([+-]?\d+)(?:[.,](\d+))?\s*(%?)$/.exec(value);
  if (numeric && (numeric[3] === '' || scheme?.code === 'percent' || !scheme)) {
    const n = Number(`${numeric[1]}.${numeric[2] ?? '0'}`);
    if (Number.isFinite(n)) return String(Number(n.toPrecision(15)));
  }
  if (!scheme) return value;
  const word = value.toLowerCase();
  if (scheme.code === 'pl-he-2-5') {
    const rank = PL_GRADE_WORDS.findIndex((words) => words.includes(word));
    const mapped = rank >= 0 ? scheme.values[rank] : undefined;
    if (mapped !== undefined && scheme.values.length === PL_GRADE_WORDS.length) return mapped;
  }
  if (scheme.code === 'pass-fail') {
    const pass = scheme.passing[0];
    const fail = scheme.values.find((v) => !scheme.passing.includes(v));
    if (PASS_WORDS.includes(word) && pass !== undefined) return pass;
    if (FAIL_WORDS.includes(word) && fail !== undefined) return fail;
  }
  return value;
}

// Supervision ----------------------------------------------------------------------------------------------------

/** The supervision code from a code (`supervised-with-id`) or its Polish or English label, however capitalised. */
export function parseSupervision(text: string): SupervisionVerification | undefined {
  const name = normalizeHeader(text);
  for (const s of SUPERVISION_VERIFICATION) {
    if (name === normalizeHeader(s.code) || name === normalizeHeader(s.label.pl) || name === normalizeHeader(s.label.en)) return s.code;
  }
  return undefined;
}

/** Splits a full name on its last space: given name(s) before, family name after; undefined without a space. */
export function splitFullName(fullName: string): { givenName: string; familyName: string } | undefined {
  const name = fullName.trim().replace(/\s+/g, ' ');
  const at = name.lastIndexOf(' ');
  if (at <= 0) return undefined;
  return { givenName: name.slice(0, at), familyName: name.slice(at + 1) };
}
