/**
 * Tests of the cohort upload's file handling (src/cohort): reading CSV (UTF-8 with a BOM, Windows-1250, `;` and `,`,
 * quoted fields) and XLSX (dates, numbers, formulas, rich text), suggesting and checking the column mapping,
 * converting cells from Polish spreadsheet habits, and checking every row against the specification with problems
 * reported by spreadsheet row and column name. Every fixture is generated here; none is committed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { validateSpecification, type Specification } from '../src/model/index.ts';
import { MAX_TABLE_BYTES, MAX_TABLE_ROWS, TableError, readTable, type Table, type TableErrorCode } from '../src/cohort/read-table.ts';
import {
  TARGET_FIELDS, checkMapping, columnName, convertCell, normalizeGrade, parseDate, parseSupervision, splitFullName,
  suggestMapping, toDateTime, type Mapping,
} from '../src/cohort/mapping.ts';
import { awardsFromTable, reportCsv, type CohortRow, type RowProblem } from '../src/cohort/rows.ts';

// ---------------------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------------------

function exampleSpec(): Specification {
  const doc: unknown = JSON.parse(readFileSync(new URL('../examples/specification.json', import.meta.url), 'utf8'));
  const result = validateSpecification(doc);
  assert.ok(result.ok, `expected a valid specification, got ${JSON.stringify(result.problems)}`);
  assert.equal(result.value.gradingScheme, 'pl-he-2-5');
  return result.value;
}

const SPEC = exampleSpec();
const NOW = new Date('2026-07-01T12:00:00Z');
const ROWS = 500;

const HEADERS = ['Lp.', 'Imię', 'Nazwisko', 'E-mail', 'Data urodzenia', 'Nr albumu', 'Ocena', 'Data egzaminu', 'Nadzór', 'Nr protokołu', 'Uwagi'];
const GIVEN = ['Zofia', 'Łukasz', 'Małgorzata', 'Jędrzej', 'Ścibor', 'Żaneta', 'Anna Maria', 'Grzegorz', 'Bożena', 'Jan'];
const FAMILY = ['Wiśniewska-Łęcka', 'Kowalski', 'Żółkiewska', 'Brzęczyszczykiewicz', 'Nowak', 'Dąbrowski', 'Kamińska', 'Lewandowski', 'Zieliński', 'Szymańska', 'Woźniak', 'Kozłowska', 'Jankowski'];
const GRADES = [3, 3.5, 4, 4.5, 5];
const GRADE_WORDS: Record<string, string> = { '3': 'dst', '3.5': 'dst+', '4': 'db', '4.5': 'db+', '5': 'bdb' };
const SUPERVISION = ['supervised-with-id', 'supervised-no-id', 'unsupervised-no-id'] as const;
const SUPERVISION_TEXT: Record<string, [string, string, string]> = {
  'supervised-with-id': ['supervised-with-id', 'Pod nadzorem online lub stacjonarnie, z weryfikacją tożsamości', 'SUPERVISED ONLINE OR ONSITE WITH IDENTITY VERIFICATION'],
  'supervised-no-id': ['supervised-no-id', 'pod nadzorem, bez weryfikacji tożsamości', 'Supervised with no identity verification'],
  'unsupervised-no-id': ['unsupervised-no-id', 'Bez nadzoru i bez weryfikacji tożsamości', 'Unsupervised with no identity verification'],
};

/** One learner of the cohort, by spreadsheet row number (2–501), with typed values. */
interface Person {
  lp: number;
  given: string;
  family: string | null;
  email: string;
  born: Date;
  album: string;
  grade: number;
  assessed: Date;
  supervision: (typeof SUPERVISION)[number];
  protocol: string;
  note: string;
}

function utcDate(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m - 1, d));
}

function basePerson(row: number): Person {
  return {
    lp: row - 1,
    given: GIVEN[row % GIVEN.length] ?? 'Jan',
    family: FAMILY[row % FAMILY.length] ?? 'Nowak',
    // Some addresses are written in capitals with spaces around: they are trimmed and lower-cased.
    email: row % 5 === 0 ? ` Student${row}@Uni.Example.PL ` : `student${row}@uni.example.pl`,
    born: new Date(utcDate(1990, 1, 1).getTime() + row * 86_400_000 * 7),
    album: `s${100000 + row}`,
    grade: GRADES[row % GRADES.length] ?? 4,
    assessed: utcDate(2026, 6, 20 + (row % 7)),
    supervision: SUPERVISION[row % 3] ?? 'supervised-with-id',
    protocol: `MC-PY-01/2026/${row}`,
    note: row % 7 === 0 ? `Uwaga; "ważne"\ndruga linia, wiersz ${row}` : '',
  };
}

/** The cohort: rows 17, 101, 250 and 499 wrong in different ways, and row 300 repeating row 12. */
function cohort(): Map<number, Person> {
  const people = new Map<number, Person>();
  for (let row = 2; row <= ROWS + 1; row++) people.set(row, basePerson(row));
  const set = (row: number, change: Partial<Person>): void => {
    const p = people.get(row);
    assert.ok(p);
    people.set(row, { ...p, ...change });
  };
  set(17, { email: 'jan.kowalski(at)uni.example.pl' });
  set(101, { grade: 6 });
  set(250, { family: null });
  set(499, { born: utcDate(2030, 1, 1) });
  const twelve = people.get(12);
  assert.ok(twelve);
  set(300, { ...twelve, lp: 299 });
  return people;
}

const PEOPLE = cohort();

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** A date written the ways Polish spreadsheets do, in turn. */
function dateText(date: Date, style: number): string {
  const y = date.getUTCFullYear();
  const m = pad2(date.getUTCMonth() + 1);
  const d = pad2(date.getUTCDate());
  switch (style % 4) {
    case 0: return `${y}-${m}-${d}`;
    case 1: return `${d}.${m}.${y}`;
    case 2: return `${d}/${m}/${y}`;
    default: return `${d}-${m}-${y}`;
  }
}

/** A grade written in turn as `4,5`, as a word (db+), or as `4.5` / `5.0`. */
function gradeText(grade: number, row: number): string {
  switch (row % 3) {
    case 0: return grade.toFixed(1).replace('.', ',');
    case 1: return GRADE_WORDS[String(grade)] ?? String(grade);
    default: return grade.toFixed(1);
  }
}

function csvRow(row: number, p: Person): string[] {
  return [
    String(p.lp), p.given, p.family ?? '', p.email, dateText(p.born, row), p.album, gradeText(p.grade, row),
    dateText(p.assessed, row + 1), SUPERVISION_TEXT[p.supervision]?.[row % 3] ?? p.supervision, p.protocol, p.note,
  ];
}

function csvText(delimiter: ';' | ',', lines: string[][]): string {
  const cell = (text: string): string => (/[;,"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return lines.map((cells) => cells.map(cell).join(delimiter)).join('\r\n') + '\r\n';
}

function cohortCsv(delimiter: ';' | ','): string {
  const lines = [HEADERS];
  for (const [row, p] of PEOPLE) lines.push(csvRow(row, p));
  return csvText(delimiter, lines);
}

function utf8WithBom(text: string): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
}

async function cohortXlsx(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Protokół');
  sheet.addRow(HEADERS);
  for (const [row, p] of PEOPLE) {
    // Grades as numbers; some through a formula, some with float noise (4.499999999999999).
    const grade: ExcelJS.CellValue = row % 10 === 3
      ? { formula: `${p.grade}+0`, result: p.grade }
      : row % 10 === 8 ? p.grade - 1e-15 : p.grade;
    const given: ExcelJS.CellValue = row % 11 === 0
      ? { richText: [{ text: p.given.slice(0, 2), font: { bold: true } }, { text: p.given.slice(2) }] }
      : p.given;
    const email: ExcelJS.CellValue = row % 13 === 0 ? { text: p.email, hyperlink: `mailto:${p.email.trim()}` } : p.email;
    const added = sheet.addRow([
      { formula: 'ROW()-1', result: p.lp }, given, p.family, email, p.born, p.album, grade, p.assessed,
      SUPERVISION_TEXT[p.supervision]?.[row % 3] ?? p.supervision, p.protocol, p.note || null,
    ]);
    added.getCell(5).numFmt = 'dd.mm.yyyy';
    added.getCell(8).numFmt = 'yyyy-mm-dd';
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The problems every version of the cohort file must give: exactly these. */
const EXPECTED: readonly { row: number; column: string; field: string; code: string; pl: RegExp; en: RegExp }[] = [
  { row: 17, column: 'E-mail', field: 'learner.email', code: 'invalid_format', pl: /^Nieprawidłowy adres e-mail$/, en: /^Not a valid e-mail address$/ },
  { row: 101, column: 'Ocena', field: 'result.grade', code: 'grade_not_on_scheme', pl: /^Ocena „6” nie należy do skali/, en: /^Grade "6" is not on the scale/ },
  { row: 250, column: 'Nazwisko', field: 'learner.familyName', code: 'required', pl: /^Pole wymagane$/, en: /^Required$/ },
  { row: 300, column: 'E-mail', field: 'learner.email', code: 'duplicate_in_file', pl: /^Powtórzenie wiersza 12: ten sam adres e-mail/, en: /^Repeats row 12: the same e-mail address/ },
  { row: 499, column: 'Data urodzenia', field: 'learner.dateOfBirth', code: 'implausible_date', pl: /^Data urodzenia musi być między/, en: /^The date of birth must be between/ },
];

function allProblems(rows: readonly CohortRow[]): RowProblem[] {
  return rows.flatMap((r) => r.problems);
}

/** Checks the report of a whole cohort file: the five expected problems, and 495 awards equal to `expectedAwards`. */
function assertCohortReport(table: Table): CohortRow[] {
  assert.deepEqual(table.headers, HEADERS);
  assert.equal(table.rows.length, ROWS);
  const mapping = suggestMapping(table.headers);
  assert.deepEqual(checkMapping(mapping, table.headers), []);
  const rows = awardsFromTable(table, mapping, SPEC, { now: NOW });
  assert.equal(rows.length, ROWS);
  assert.deepEqual(rows.map((r) => r.row), Array.from({ length: ROWS }, (_, i) => i + 2));
  const problems = allProblems(rows);
  assert.deepEqual(
    problems.map((p) => ({ row: p.row, column: p.column, field: p.field, code: p.code, severity: p.severity })),
    EXPECTED.map((e) => ({ row: e.row, column: e.column, field: e.field, code: e.code, severity: 'error' })),
  );
  problems.forEach((p, i) => {
    const e = EXPECTED[i];
    assert.ok(e);
    assert.match(p.message.pl, e.pl);
    assert.match(p.message.en, e.en);
  });
  const valid = rows.filter((r) => r.award !== undefined);
  assert.equal(valid.length, 495);
  for (const r of rows) assert.equal(r.award === undefined, r.problems.length > 0, `row ${r.row}`);
  return rows;
}

/** The award every valid row must give, whatever the file format. */
function expectedAward(row: number): unknown {
  const p = PEOPLE.get(row);
  assert.ok(p && p.family);
  return {
    learner: {
      givenName: p.given,
      familyName: p.family,
      email: p.email.trim().toLowerCase(),
      dateOfBirth: p.born.toISOString().slice(0, 10),
      studentNumber: p.album,
    },
    result: {
      assessmentDate: p.assessed.toISOString().slice(0, 10),
      grade: String(p.grade),
      supervisionVerificationUsed: p.supervision,
      externalReference: p.protocol,
    },
  };
}

function assertAwards(rows: readonly CohortRow[]): void {
  for (const r of rows) {
    if (r.award) assert.deepEqual(r.award, expectedAward(r.row), `row ${r.row}`);
  }
}

async function tableError(bytes: Uint8Array, fileName?: string): Promise<TableError> {
  try {
    await readTable(bytes, fileName);
  } catch (error) {
    assert.ok(error instanceof TableError, `expected a TableError, got ${String(error)}`);
    assert.ok(error instanceof Error);
    assert.ok(error.message.pl.length > 10 && error.message.en.length > 10);
    assert.notEqual(error.message.pl, error.message.en);
    return error;
  }
  assert.fail('expected a TableError');
}

async function assertTableError(bytes: Uint8Array, code: TableErrorCode, fileName?: string): Promise<TableError> {
  const error = await tableError(bytes, fileName);
  assert.equal(error.code, code, `${error.code}: ${error.message.en}`);
  return error;
}

/** A ZIP archive with stored (uncompressed) files. */
function zip(files: Record<string, string>): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (data: Buffer): number => {
    let c = 0xffffffff;
    for (const b of data) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

function text(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'utf8'));
}

// ---------------------------------------------------------------------------------------------------------------
// A whole cohort, in three file formats
// ---------------------------------------------------------------------------------------------------------------

describe('a 500-row cohort file', () => {
  it('CSV in UTF-8 with a BOM and `;`: exactly the five wrong rows, by row and column, and 495 awards', async () => {
    const table = await readTable(utf8WithBom(cohortCsv(';')), 'lista.csv');
    assert.equal(table.format, 'csv');
    assert.equal(table.encoding, 'utf-8');
    assert.equal(table.delimiter, ';');
    assert.equal(table.rows[7 - 2]?.[10], 'Uwaga; "ważne"\ndruga linia, wiersz 7');
    const rows = assertCohortReport(table);
    assertAwards(rows);
  });

  it('the same data in Windows-1250 with `,` and quoted fields with `;`, newlines and `"`', async () => {
    const csv = cohortCsv(',');
    assert.ok(csv.includes('"4,5"') && csv.includes('"Uwaga; ""ważne""\ndruga linia'));
    const table = await readTable(new Uint8Array(iconv.encode(csv, 'windows-1250')), 'lista.csv');
    assert.equal(table.encoding, 'windows-1250');
    assert.equal(table.delimiter, ',');
    assert.equal(table.rows[14 - 2]?.[10], 'Uwaga; "ważne"\ndruga linia, wiersz 14');
    assert.equal(table.rows[14 - 2]?.[1], 'Ścibor');
    assert.equal(table.rows[14 - 2]?.[2], 'Kowalski');
    assert.equal(table.rows[15 - 2]?.[2], 'Żółkiewska');
    // Each multi-line record is still one spreadsheet row: row numbers after it are unchanged.
    assert.equal(table.rowNumbers?.[499], 501);
    assertAwards(assertCohortReport(table));
  });

  it('the same data as XLSX with date cells, numeric grades, formulas, rich text and links', async () => {
    const table = await readTable(await cohortXlsx(), 'lista.xlsx');
    assert.equal(table.format, 'xlsx');
    assert.equal(table.encoding, undefined);
    assert.equal(table.rows[0]?.[0], '1'); // =ROW()-1
    assert.equal(table.rows[9 - 2]?.[6], '5'); // a plain number
    assert.equal(table.rows[6 - 2]?.[6], '3.5');
    assert.equal(table.rows[13 - 2]?.[6], '4.5'); // a formula's result
    assert.equal(table.rows[8 - 2]?.[6], '4.5'); // 4.499999999999999
    assert.equal(table.rows[11 - 2]?.[1], GIVEN[1]); // rich text
    assert.equal(table.rows[2 - 2]?.[4], basePerson(2).born.toISOString().slice(0, 10));
    assertAwards(assertCohortReport(table));
  });

  it('writes the error report as `;`-separated CSV with a BOM, in Polish and in English', async () => {
    const table = await readTable(utf8WithBom(cohortCsv(';')));
    const rows = awardsFromTable(table, suggestMapping(table.headers), SPEC, { now: NOW });
    const pl = reportCsv(rows, 'pl');
    assert.ok(pl.startsWith('\uFEFFWiersz;Kolumna;Problem\r\n'));
    const lines = pl.slice(1).trimEnd().split('\r\n');
    assert.equal(lines.length, 1 + EXPECTED.length);
    assert.equal(lines[1], '17;E-mail;Nieprawidłowy adres e-mail');
    assert.equal(lines[3], '250;Nazwisko;Pole wymagane');
    const en = reportCsv(rows, 'en');
    assert.ok(en.startsWith('\uFEFFRow;Column;Problem\r\n'));
    assert.ok(en.includes('\r\n499;Data urodzenia;The date of birth must be between'));
    assert.ok(en.includes('\r\n101;Ocena;"Grade ""6"" is not on the scale'), en); // quoted: it has quotes
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Reading files
// ---------------------------------------------------------------------------------------------------------------

describe('readTable', () => {
  it('reads UTF-8 without a BOM, detects the separator from the header line, trims cells and skips empty rows', async () => {
    const table = await readTable(text('Imię\tNazwisko\tUwagi\n Jan \t Kowalski\t"a,b;c"\n\n\t\t\nZofia\tŁęcka\t\n'));
    assert.equal(table.encoding, 'utf-8');
    assert.equal(table.delimiter, '\t');
    assert.deepEqual(table.headers, ['Imię', 'Nazwisko', 'Uwagi']);
    assert.deepEqual(table.rows, [['Jan', 'Kowalski', 'a,b;c'], ['Zofia', 'Łęcka', '']]);
    assert.deepEqual(table.rowNumbers, [2, 5]);
  });

  it('uses a `,` when the header has more commas, and honours Excel’s `sep=` line', async () => {
    const comma = await readTable(text('Imię,Nazwisko,Ocena\nJan,Kowalski,"4,5"\n'));
    assert.equal(comma.delimiter, ',');
    assert.deepEqual(comma.rows, [['Jan', 'Kowalski', '4,5']]);
    const sep = await readTable(text('sep=;\r\nImię;Nazwisko,Drugie\r\nJan;Kowalski,Nowak\r\n'));
    assert.equal(sep.delimiter, ';');
    assert.deepEqual(sep.headers, ['Imię', 'Nazwisko,Drugie']);
    assert.deepEqual(sep.rowNumbers, [2]);
  });

  it('pads short rows, drops trailing empty columns and normalises Unicode to NFC', async () => {
    const table = await readTable(text('A;B;C;;\r\n1;;;;\r\nZo\u0301fia;2;3;4;\r\n'));
    assert.deepEqual(table.headers, ['A', 'B', 'C', '']);
    assert.deepEqual(table.rows, [['1', '', '', ''], ['Zófia', '2', '3', '4']]);
    assert.equal(columnName(table.headers, 3), 'D');
    assert.equal(columnName([], 27), 'AB');
  });

  it('reads the first visible worksheet, leading-zero number formats, booleans and errors as text', async () => {
    const workbook = new ExcelJS.Workbook();
    const hidden = workbook.addWorksheet('Ukryty');
    hidden.state = 'hidden';
    hidden.addRow(['Nie', 'ten']);
    const sheet = workbook.addWorksheet('Dane');
    sheet.addRow(['PESEL', 'Nr albumu', 'Zdał', 'Błąd', 'Kiedy']);
    sheet.addRow([]);
    const row = sheet.addRow([2270803624, 123, true, { error: '#N/A' }, new Date(Date.UTC(2026, 5, 30, 10, 30, 0, 400))]);
    row.getCell(1).numFmt = '00000000000';
    row.getCell(2).numFmt = '000000';
    const table = await readTable(new Uint8Array(await workbook.xlsx.writeBuffer()));
    assert.deepEqual(table.headers, ['PESEL', 'Nr albumu', 'Zdał', 'Błąd', 'Kiedy']);
    assert.deepEqual(table.rows, [['02270803624', '000123', 'TRUE', '#N/A', '2026-06-30T10:30:00']]);
    assert.deepEqual(table.rowNumbers, [3]);
  });

  it('accepts exactly 20,000 data rows', async () => {
    const lines = ['Imię;Nazwisko', ...Array.from({ length: MAX_TABLE_ROWS }, (_, i) => `Jan;K${i}`)];
    const table = await readTable(text(lines.join('\n')));
    assert.equal(table.rows.length, MAX_TABLE_ROWS);
  });

  describe('throws a TableError with a code and a PL/EN message, never a library error', () => {
    it('an empty file, or one with only blank lines', async () => {
      await assertTableError(new Uint8Array(), 'empty');
      await assertTableError(text('\uFEFF\r\n \r\n;;;\r\n'), 'empty');
    });

    it('binary garbage', async () => {
      let seed = 42;
      const bytes = new Uint8Array(4096).map(() => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed >>> 16;
      });
      const error = await assertTableError(bytes, 'binary', 'lista.xlsx');
      assert.match(error.message.en, /Despite its name "lista\.xlsx"/);
    });

    it('a PDF', async () => {
      await assertTableError(text('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'), 'unsupported_format');
    });

    it('a ZIP that is not an XLSX, an OpenDocument sheet, a damaged XLSX', async () => {
      await assertTableError(zip({ 'readme.txt': 'Imię;Nazwisko\n', 'data/lista.csv': 'a;b\n' }), 'not_xlsx');
      await assertTableError(zip({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<x/>' }), 'unsupported_format');
      const good = await cohortXlsx();
      await assertTableError(good.subarray(0, Math.floor(good.length / 2)), 'unreadable_xlsx');
      await assertTableError(zip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': 'not xml at all <' }), 'unreadable_xlsx');
    });

    it('an old .xls or a password-protected workbook', async () => {
      const cfb = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
      await assertTableError(new Uint8Array([...cfb, ...new Uint8Array(504)]), 'legacy_xls');
      const encrypted = [...cfb, ...new Uint8Array(100), ...Buffer.from('EncryptedPackage', 'utf16le'), ...new Uint8Array(100)];
      await assertTableError(new Uint8Array(encrypted), 'encrypted');
    });

    it('too many rows, too many bytes', async () => {
      const lines = ['Imię;Nazwisko', ...Array.from({ length: MAX_TABLE_ROWS + 1 }, (_, i) => `Jan;K${i}`)];
      const error = await assertTableError(text(lines.join('\n')), 'too_many_rows');
      assert.match(error.message.pl, /20001/);
      await assertTableError(new Uint8Array(MAX_TABLE_BYTES + 1).fill(0x41), 'too_large');
    });

    it('no header, a header and no rows, an unclosed quote, UTF-16, an HTML page', async () => {
      await assertTableError(text('jan@example.com;Jan;Kowalski\n'), 'no_header');
      await assertTableError(text('2026-06-30;4,5\n'), 'no_header');
      await assertTableError(text('Imię;Nazwisko\n;\n'), 'no_rows');
      await assertTableError(text('Imię;Nazwisko\nJan;"Kowalski\nZofia;Nowak\n'), 'malformed_csv');
      await assertTableError(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Imię\tNazwisko\r\n', 'utf16le')])), 'unsupported_encoding');
      await assertTableError(text('<html><table><tr><td>Imię</td></tr></table></html>'), 'unsupported_format');
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Mapping
// ---------------------------------------------------------------------------------------------------------------

describe('suggestMapping', () => {
  it('recognises Polish headers, case- and diacritics-insensitively', () => {
    assert.deepEqual(suggestMapping(HEADERS), {
      'learner.givenName': 1, 'learner.familyName': 2, 'learner.email': 3, 'learner.dateOfBirth': 4,
      'learner.studentNumber': 5, 'result.grade': 6, 'result.assessmentDate': 7,
      'result.supervisionVerificationUsed': 8, 'result.externalReference': 9,
    });
    assert.deepEqual(
      suggestMapping(['IMIE', 'nazwisko', 'Adres e-mail', 'DATA URODZENIA (dd.mm.rrrr)', 'Numer albumu', 'PESEL', 'Ocena końcowa', 'Data zaliczenia', 'Data wydania', 'Nadzór', 'Id', 'Lp.', 'DID']),
      {
        'learner.givenName': 0, 'learner.familyName': 1, 'learner.email': 2, 'learner.dateOfBirth': 3, 'learner.studentNumber': 4,
        'learner.nationalId': 5, 'result.grade': 6, 'result.assessmentDate': 7, 'result.issuedAt': 8,
        'result.supervisionVerificationUsed': 9, 'result.externalReference': 10, 'learner.did': 12,
      },
    );
    assert.deepEqual(suggestMapping(['Lp.', 'Imię i nazwisko', 'Album', 'Email']), {
      'result.externalReference': 0, 'learner.fullName': 1, 'learner.studentNumber': 2, 'learner.email': 3,
    });
  });

  it('recognises English headers', () => {
    assert.deepEqual(
      suggestMapping(['First name', 'Surname', 'E-mail', 'Date of birth', 'Student number', 'Grade', 'Assessment date', 'Issue date', 'Supervision', 'Reference']),
      {
        'learner.givenName': 0, 'learner.familyName': 1, 'learner.email': 2, 'learner.dateOfBirth': 3, 'learner.studentNumber': 4,
        'result.grade': 5, 'result.assessmentDate': 6, 'result.issuedAt': 7, 'result.supervisionVerificationUsed': 8,
        'result.externalReference': 9,
      },
    );
    assert.deepEqual(suggestMapping(['Given name', 'Last name', 'Email', 'Full name']), {
      'learner.givenName': 0, 'learner.familyName': 1, 'learner.email': 2, 'learner.fullName': 3,
    });
  });

  it('leaves a "family name first" column and unknown columns unmapped, and maps each column once', () => {
    assert.deepEqual(suggestMapping(['Nazwisko i imię', 'E-mail', 'Uwagi', 'E-mail']), { 'learner.email': 1 });
    assert.deepEqual(suggestMapping(['', 'Komentarz']), {});
  });

  it('describes every target field in Polish and English', () => {
    assert.equal(TARGET_FIELDS.length, 13);
    for (const f of TARGET_FIELDS) assert.ok(f.label.pl && f.label.en, f.field);
  });
});

describe('checkMapping', () => {
  const headers = ['Imię', 'Nazwisko', 'E-mail'];

  it('accepts given and family names, or a full name alone', () => {
    assert.deepEqual(checkMapping({ 'learner.givenName': 0, 'learner.familyName': 1 }, headers), []);
    assert.deepEqual(checkMapping({ 'learner.fullName': 0, 'learner.email': 2 }, headers), []);
  });

  it('reports a required field unmapped, a column mapped twice, an index out of range, an unknown field', () => {
    const problems = checkMapping({ 'learner.givenName': 0, 'learner.email': 0, 'result.grade': 3, 'learner.shoeSize': 1 }, headers);
    assert.deepEqual(problems.map((p) => [p.field, p.code, p.column]), [
      ['learner.familyName', 'required_unmapped', undefined],
      ['learner.email', 'column_mapped_twice', 'Imię'],
      ['result.grade', 'column_out_of_range', undefined],
      ['learner.shoeSize', 'unknown_field', undefined],
    ]);
    for (const p of problems) assert.ok(p.message.pl && p.message.en && p.severity === 'error');
    assert.deepEqual(checkMapping({ 'learner.givenName': -1, 'learner.familyName': 1.5 }, headers).map((p) => p.code), ['column_out_of_range', 'column_out_of_range']);
    assert.deepEqual(checkMapping({}, headers).map((p) => p.field), ['learner.givenName', 'learner.familyName']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Cell conversion
// ---------------------------------------------------------------------------------------------------------------

function converted(field: Parameters<typeof convertCell>[0], value: string, gradingScheme = 'pl-he-2-5'): string | undefined {
  const result = convertCell(field, value, { gradingScheme });
  assert.ok(result.ok, `${field} ${value}: ${result.ok ? '' : result.message.en}`);
  return result.value;
}

describe('cell conversion', () => {
  it('dates: ISO, day first with dots, slashes or dashes, "r.", Excel serial numbers', () => {
    for (const value of ['2026-06-30', '30.06.2026', '30/06/2026', '30-06-2026', '30.06.2026 r.', '30.6.2026', '2026.06.30', '46203', '2026-06-30T00:00:00']) {
      assert.equal(converted('result.assessmentDate', value), '2026-06-30', value);
    }
    assert.equal(converted('learner.dateOfBirth', '05.03.2001'), '2001-03-05');
    assert.equal(converted('learner.dateOfBirth', '29.02.2024'), '2024-02-29');
    assert.deepEqual(parseDate('46203.4375'), { ok: true, date: '2026-06-30', time: '10:30:00' });
    for (const value of ['31.02.2026', '2026-13-01', 'jutro', '30.06', '123', '2026', '30.06.2026 25:00']) {
      const result = convertCell('learner.dateOfBirth', value);
      assert.ok(!result.ok && result.code === 'invalid_date', value);
      assert.match(result.message.pl, /nie jest datą/);
      assert.match(result.message.en, /is not a date/);
    }
    const short = convertCell('learner.dateOfBirth', '30.06.26');
    assert.ok(!short.ok && short.code === 'ambiguous_year');
  });

  it('dates of issue: a date-time in Polish time unless it has an offset', () => {
    assert.equal(converted('result.issuedAt', '30.06.2026'), '2026-06-30T00:00:00+02:00');
    assert.equal(converted('result.issuedAt', '15.01.2026 9:05'), '2026-01-15T09:05:00+01:00');
    assert.equal(converted('result.issuedAt', '2026-06-30T10:00:00Z'), '2026-06-30T10:00:00Z');
    assert.equal(converted('result.issuedAt', '2026-06-30T10:00:00+0200'), '2026-06-30T10:00:00+02:00');
    assert.deepEqual(toDateTime('2026-06-30', 'Europe/Lisbon'), { ok: true, value: '2026-06-30T00:00:00+01:00' });
    assert.equal(toDateTime('2026-06-30', 'Mars/Olympus').ok, false);
  });

  it('grades: decimal commas, trailing zeros, Polish words on the 2–5 scale, pass/fail words, percentages', () => {
    const pl: [string, string][] = [
      ['4,5', '4.5'], ['5.0', '5'], ['3,0', '3'], ['4.50', '4.5'], [' 4 ', '4'],
      ['bdb', '5'], ['db+', '4.5'], ['db', '4'], ['dst+', '3.5'], ['dst', '3'], ['ndst', '2'],
      ['BDB', '5'], ['dobry plus', '4.5'], ['bardzo dobry', '5'], ['+db', '4.5'], ['6', '6'], ['celujący', 'celujący'],
    ];
    for (const [value, grade] of pl) assert.equal(converted('result.grade', value), grade, value);
    for (const value of ['zal', 'zal.', 'Zaliczone', 'pass', 'PASSED']) assert.equal(converted('result.grade', value, 'pass-fail'), 'pass', value);
    for (const value of ['nzal', 'niezaliczone', 'fail']) assert.equal(converted('result.grade', value, 'pass-fail'), 'fail', value);
    assert.equal(normalizeGrade('85%', 'percent'), '85');
    assert.equal(normalizeGrade('85,0', 'percent'), '85');
    assert.equal(normalizeGrade('zal', 'pl-he-2-5'), 'zal'); // not a word of that scale: the model reports it
    assert.equal(normalizeGrade('4,5'), '4.5');
  });

  it('supervision by its code or its Polish or English label', () => {
    assert.equal(parseSupervision('supervised-with-id'), 'supervised-with-id');
    assert.equal(parseSupervision('POD NADZOREM, BEZ WERYFIKACJI TOŻSAMOŚCI'), 'supervised-no-id');
    assert.equal(parseSupervision('Pod nadzorem bez weryfikacji tozsamosci'), 'supervised-no-id');
    assert.equal(parseSupervision('Unsupervised with no identity verification'), 'unsupervised-no-id');
    const bad = convertCell('result.supervisionVerificationUsed', 'ściśle');
    assert.ok(!bad.ok && bad.code === 'invalid_supervision');
    assert.match(bad.message.pl, /Bez nadzoru i bez weryfikacji tożsamości/);
    assert.match(bad.message.en, /Unsupervised with no identity verification/);
  });

  it('e-mail trimmed and lower-cased; PESEL with its lost leading zero; names with single spaces', () => {
    assert.equal(converted('learner.email', '  Zofia.Wisniewska@Example.COM '), 'zofia.wisniewska@example.com');
    assert.equal(converted('learner.email', 'mailto:Jan@Example.pl'), 'jan@example.pl');
    assert.equal(converted('learner.email', 'Jan Kowalski <Jan@Example.pl>'), 'jan@example.pl');
    assert.equal(converted('learner.nationalId', '2270803624'), '02270803624');
    assert.equal(converted('learner.nationalId', '440514 01359'), '44051401359');
    assert.equal(converted('learner.givenName', 'Anna   Maria'), 'Anna Maria');
    assert.equal(converted('learner.studentNumber', 's123456'), 's123456');
  });

  it('an empty cell, or one with only a dash, leaves the field absent', () => {
    for (const { field } of TARGET_FIELDS) {
      for (const value of ['', '   ', '-', '—']) assert.deepEqual(convertCell(field, value), { ok: true, value: undefined }, `${field} ${JSON.stringify(value)}`);
    }
  });

  it('a full name splits on its last space', () => {
    assert.deepEqual(splitFullName('Jan Maria Kowalski'), { givenName: 'Jan Maria', familyName: 'Kowalski' });
    assert.deepEqual(splitFullName(' Zofia  Wiśniewska-Łęcka '), { givenName: 'Zofia', familyName: 'Wiśniewska-Łęcka' });
    assert.equal(splitFullName('Madonna'), undefined);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------------------------

function table(headers: string[], rows: string[][], rowNumbers?: number[]): Table {
  return { format: 'csv', headers, rows, ...(rowNumbers ? { rowNumbers } : {}) };
}

describe('awardsFromTable', () => {
  it('splits a full-name column and reports an unsplittable or empty one on that column', () => {
    const t = table(['Imię i nazwisko', 'E-mail', 'PESEL', 'Data wydania'], [
      ['Jan Maria Kowalski', 'JAN@EXAMPLE.PL', '2270803624', '30.06.2026'],
      ['Madonna', 'm@example.pl', '', ''],
      ['', 'x@example.pl', '', ''],
      ['Ewa Nowak', 'ewa@example.pl', '12345678901', '2026-07-05'],
    ], [2, 3, 5, 6]);
    const rows = awardsFromTable(t, suggestMapping(t.headers), SPEC, { now: NOW });
    assert.deepEqual(rows[0]?.award, {
      learner: { givenName: 'Jan Maria', familyName: 'Kowalski', email: 'jan@example.pl', nationalId: { country: 'PL', value: '02270803624' } },
      result: { issuedAt: '2026-06-30T00:00:00+02:00' },
    });
    assert.deepEqual(rows.slice(1).map((r) => r.problems.map((p) => [p.row, p.column, p.field, p.code])), [
      [[3, 'Imię i nazwisko', 'learner.fullName', 'name_not_split']],
      [[5, 'Imię i nazwisko', 'learner.givenName', 'required']],
      [[6, 'PESEL', 'learner.nationalId', 'invalid_pesel'], [6, 'Data wydania', 'result.issuedAt', 'issued_in_future']],
    ]);
  });

  it('keeps the full name as printed beside given and family names', () => {
    const t = table(['Imię', 'Nazwisko', 'Imię i nazwisko'], [['Jan', 'Kowalski', 'dr Jan Kowalski'], ['', '', 'Ewa Nowak']]);
    const rows = awardsFromTable(t, suggestMapping(t.headers), SPEC, { now: NOW });
    assert.deepEqual(rows.map((r) => r.award?.learner), [
      { givenName: 'Jan', familyName: 'Kowalski', fullName: 'dr Jan Kowalski' },
      { givenName: 'Ewa', familyName: 'Nowak' },
    ]);
    assert.deepEqual(rows.map((r) => r.row), [2, 3]);
  });

  it('reports conversion problems on their column, not again as model problems, and every other problem of the row', () => {
    const t = table(['Imię', 'Nazwisko', 'Data urodzenia', 'Nadzór', 'Ocena', 'DID'], [
      ['Jan', 'Kowalski', '31.02.2001', 'ściśle', 'ndst', 'not-a-did'],
    ]);
    const [row] = awardsFromTable(t, suggestMapping(t.headers), SPEC, { now: NOW });
    assert.ok(row);
    assert.equal(row.award, undefined);
    assert.deepEqual(row.problems.map((p) => [p.column, p.code]), [
      ['Data urodzenia', 'invalid_date'], ['Nadzór', 'invalid_supervision'], ['DID', 'invalid_did'],
      // The model checks the grade only for an award of valid shape: it is checked again without the wrong fields.
      ['Ocena', 'grade_not_passing'],
    ]);
  });

  it('finds repeated learners by student number, or by name and date of birth, and warns of the same learner with another reference', () => {
    const t = table(['Imię', 'Nazwisko', 'Nr albumu', 'Data urodzenia', 'Nr protokołu'], [
      ['Jan', 'Kowalski', 's1', '01.01.2000', 'A'],
      ['Ewa', 'Nowak', 's2', '02.02.2000', ''],
      ['Jan', 'Kowalski', 'S1', '', 'A'],
      ['EWA', 'NOWAK', '', '2000-02-02', ''],
      ['Jan', 'Kowalski', 's1', '01.01.2000', 'B'],
    ]);
    const rows = awardsFromTable(t, suggestMapping(t.headers), SPEC, { now: NOW });
    assert.deepEqual(rows.map((r) => r.problems.map((p) => [p.row, p.column, p.code, p.severity])), [
      [], [],
      [[4, 'Nr albumu', 'duplicate_in_file', 'error']],
      [[5, 'Nazwisko', 'duplicate_in_file', 'error']],
      [[6, 'Nr albumu', 'duplicate_learner', 'warning']],
    ]);
    assert.ok(rows[4]?.award, 'a warning does not stop the award');
    assert.match(rows[3]?.problems[0]?.message.en ?? '', /Repeats row 3: the same name and date of birth and the same reference \(none\)/);
  });

  it('ignores mapped fields it does not know and columns out of range', () => {
    const t = table(['Imię', 'Nazwisko'], [['Jan', 'Kowalski']]);
    const mapping = { 'learner.givenName': 0, 'learner.familyName': 1, 'result.grade': 7 } as Mapping;
    const rows = awardsFromTable(t, mapping, SPEC, { now: NOW });
    assert.deepEqual(rows[0]?.award, { learner: { givenName: 'Jan', familyName: 'Kowalski' }, result: {} });
  });

  it('neutralises formulas in the error report', () => {
    const csv = reportCsv([{ row: 2, problems: [{ row: 2, column: '=HYPERLINK("x")', field: 'learner.email', code: 'x', severity: 'warning', message: { pl: 'a;b', en: 'c' } }] }], 'pl');
    assert.equal(csv, '\uFEFFWiersz;Kolumna;Problem\r\n2;"\'=HYPERLINK(""x"")";"Ostrzeżenie: a;b"\r\n');
  });
});
