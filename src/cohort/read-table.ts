/**
 * Reads an uploaded cohort file (CSV or XLSX) into a table of text cells: the first non-empty row is the header,
 * the rows after it are the data. CSV comes the way Polish spreadsheets write it: UTF-8 with or without a BOM, or
 * Windows-1250; `;`, `,` or tab as the separator (an Excel `sep=;` first line is honoured); quoted fields with
 * newlines and doubled quotes. XLSX is read with exceljs from its first visible worksheet: dates become ISO text,
 * numbers plain text without float noise, formulas their cached result, rich text and hyperlinks their text.
 *
 * Every failure is a `TableError` with a stable code and a message in Polish and English, never a library error.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Message } from '../model/lang.ts';

/** At most this many bytes in an uploaded file. */
export const MAX_TABLE_BYTES = 10 * 1024 * 1024;
/** At most this many non-empty data rows (after the header). */
export const MAX_TABLE_ROWS = 20_000;
/** At most this many bytes once an XLSX file is unpacked (a guard against ZIP bombs). */
const MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024;

export type TableFormat = 'csv' | 'xlsx';
export type TableEncoding = 'utf-8' | 'windows-1250';
export type TableDelimiter = ',' | ';' | '\t';

export interface Table {
  format: TableFormat;
  /** CSV only: how the bytes were decoded. */
  encoding?: TableEncoding;
  /** CSV only: the field separator. */
  delimiter?: TableDelimiter;
  /** The header cells, trimmed; as many as the widest row (missing header names are ``). */
  headers: string[];
  /**
   * Every data row after the header, every cell as trimmed text, each row as long as `headers`. Completely empty
   * rows are left out, so row i is spreadsheet row i + 2 only when the file has no empty row: `rowNumbers[i]` is
   * always its number as the spreadsheet shows it (the header row is 1 when the file starts with it).
   */
  rows: string[][];
  /**
   * The spreadsheet row number of each entry of `rows` (1-based, as Excel shows it); always set by readTable.
   * When absent (a table rebuilt from stored headers and rows), row i is taken to be row i + 2.
   */
  rowNumbers?: number[];
}

export type TableErrorCode =
  | 'empty'
  | 'too_large'
  | 'too_many_rows'
  | 'unsupported_format'
  | 'legacy_xls'
  | 'encrypted'
  | 'not_xlsx'
  | 'unreadable_xlsx'
  | 'no_worksheet'
  | 'binary'
  | 'unsupported_encoding'
  | 'malformed_csv'
  | 'no_header'
  | 'no_rows';

/** `Error` whose `message` may be given another type by a subclass (TableError's is bilingual). */
const ErrorWithAnyMessage = Error as unknown as new (message?: string) => Omit<Error, 'message'>;

/**
 * A file that cannot be read as a table: `code` is stable, `message` is `{ pl, en }` (also as `text`, the name the
 * other errors of Mikrocred use). It is an `Error` (with a stack whose first line is the English text).
 */
export class TableError extends ErrorWithAnyMessage {
  readonly message: Message;
  readonly text: Message;

  constructor(readonly code: TableErrorCode, text: Message) {
    super(text.en);
    this.name = 'TableError';
    this.message = text;
    this.text = text;
  }

  override toString(): string {
    return `TableError [${this.code}]: ${this.text.en}`;
  }
}

function fail(code: TableErrorCode, pl: string, en: string): never {
  throw new TableError(code, { pl, en });
}

const SAVE_AS = {
  pl: 'Zapisz plik w arkuszu kalkulacyjnym jako „Skoroszyt programu Excel (.xlsx)” albo „CSV UTF-8 (rozdzielany przecinkami)”.',
  en: 'Save the file from your spreadsheet as "Excel Workbook (.xlsx)" or "CSV UTF-8 (comma delimited)".',
};

function failFormat(code: TableErrorCode, pl: string, en: string): never {
  return fail(code, `${pl} ${SAVE_AS.pl}`, `${en} ${SAVE_AS.en}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------------------------

/** Reads a CSV or XLSX file; the format is told by the bytes (the name only sharpens the error messages). */
export async function readTable(bytes: Uint8Array, fileName?: string): Promise<Table> {
  if (bytes.length === 0) fail('empty', 'Plik jest pusty.', 'The file is empty.');
  if (bytes.length > MAX_TABLE_BYTES) {
    const mb = (bytes.length / 1024 / 1024).toFixed(1);
    fail('too_large', `Plik ma ${mb} MB: można przesłać najwyżej ${MAX_TABLE_BYTES / 1024 / 1024} MB.`,
      `The file is ${mb} MB: at most ${MAX_TABLE_BYTES / 1024 / 1024} MB can be uploaded.`);
  }
  rejectKnownBinary(bytes);
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return readXlsx(bytes);
  }
  // Anything else is read as CSV text (some systems export CSV under an .xls name); binary data fails there.
  return readCsv(bytes, fileName);
}

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

function utf16le(text: string): number[] {
  return Array.from(text, (c) => [c.charCodeAt(0), 0]).flat();
}

function contains(bytes: Uint8Array, needle: readonly number[]): boolean {
  const first = needle[0];
  outer: for (let i = bytes.indexOf(first ?? 0); i !== -1 && i <= bytes.length - needle.length; i = bytes.indexOf(first ?? 0, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Files that are recognisably something else than a table: a PDF, an image, an archive, an old .xls. */
function rejectKnownBinary(bytes: Uint8Array): void {
  if (startsWith(bytes, ascii('%PDF'))) {
    failFormat('unsupported_format', 'To jest dokument PDF, a nie arkusz: nie da się z niego odczytać tabeli.',
      'This is a PDF document, not a spreadsheet: no table can be read from it.');
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // An OLE compound file: an Excel 97–2003 workbook, or an XLSX encrypted with a password (EncryptedPackage stream).
    if (contains(bytes, utf16le('EncryptedPackage'))) {
      fail('encrypted', 'Plik jest zabezpieczony hasłem. Usuń hasło (Plik → Informacje → Chroń skoroszyt) i zapisz go ponownie.',
        'The file is protected with a password. Remove the password (File → Info → Protect Workbook) and save it again.');
    }
    failFormat('legacy_xls', 'To jest plik w starym formacie Excel 97–2003 (.xls), którego nie obsługujemy.',
      'This is a file in the old Excel 97–2003 format (.xls), which is not supported.');
  }
  const images: [number[], string][] = [
    [[0x89, 0x50, 0x4e, 0x47], 'PNG'], [[0xff, 0xd8, 0xff], 'JPEG'], [ascii('GIF8'), 'GIF'],
    [[0x1f, 0x8b], 'gzip'], [ascii('Rar!'), 'RAR'], [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], '7z'],
  ];
  for (const [magic, kind] of images) {
    if (startsWith(bytes, magic)) {
      failFormat('unsupported_format', `To jest plik ${kind}, a nie arkusz.`, `This is a ${kind} file, not a spreadsheet.`);
    }
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    fail('unsupported_encoding',
      'Plik jest zapisany w kodowaniu UTF-16 („Tekst Unicode”). Zapisz go jako „CSV UTF-8 (rozdzielany przecinkami)” albo jako .xlsx.',
      'The file is encoded in UTF-16 ("Unicode Text"). Save it as "CSV UTF-8 (comma delimited)" or as .xlsx.');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Shaping rows into a table
// ---------------------------------------------------------------------------------------------------------------

function cleanCell(text: string): string {
  return text.normalize('NFC').trim();
}

function isEmptyRow(cells: readonly string[]): boolean {
  return cells.every((c) => c === '');
}

/** Looks like the first row is data rather than a header: an e-mail address, or only numbers and dates. */
function looksLikeData(header: readonly string[]): boolean {
  const filled = header.filter((c) => c !== '');
  if (filled.some((c) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c))) return true;
  return filled.every((c) => /^[\d\s.,:/+-]+$/.test(c) && /\d/.test(c));
}

/**
 * The table of `records` (each with its spreadsheet row number): header = the first non-empty row, empty rows
 * left out, every row padded to the width of the widest row (trailing empty columns dropped).
 */
function shape(format: TableFormat, records: { cells: string[]; row: number }[], extra: Partial<Table>): Table {
  const nonEmpty = records.filter((r) => !isEmptyRow(r.cells));
  const [header, ...data] = nonEmpty;
  if (!header) fail('empty', 'Plik nie zawiera żadnych danych.', 'The file contains no data.');
  if (looksLikeData(header.cells)) {
    fail('no_header',
      `Pierwszy wiersz (${header.row}) wygląda na dane, a nie na nagłówek: dodaj wiersz z nazwami kolumn (np. Imię; Nazwisko; E-mail).`,
      `The first row (${header.row}) looks like data, not a header: add a row with column names (e.g. Given name, Family name, E-mail).`);
  }
  if (data.length === 0) {
    fail('no_rows', 'Plik zawiera tylko wiersz nagłówka, bez żadnego uczestnika.', 'The file has only a header row and no learner.');
  }
  if (data.length > MAX_TABLE_ROWS) tooManyRows(data.length);
  let width = 0;
  for (const r of nonEmpty) {
    for (let i = r.cells.length - 1; i >= width; i--) {
      if (r.cells[i] !== '') {
        width = i + 1;
        break;
      }
    }
  }
  const pad = (cells: string[]): string[] => Array.from({ length: width }, (_, i) => cells[i] ?? '');
  return {
    format,
    ...extra,
    headers: pad(header.cells),
    rows: data.map((r) => pad(r.cells)),
    rowNumbers: data.map((r) => r.row),
  };
}

function tooManyRows(count: number | undefined): never {
  const n = count === undefined ? `ponad ${MAX_TABLE_ROWS}` : String(count);
  const en = count === undefined ? `more than ${MAX_TABLE_ROWS}` : String(count);
  return fail('too_many_rows', `Plik ma ${n} wierszy danych: w jednym pliku może być najwyżej ${MAX_TABLE_ROWS}. Podziel go na mniejsze.`,
    `The file has ${en} data rows: one file may have at most ${MAX_TABLE_ROWS}. Split it into smaller ones.`);
}

// ---------------------------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------------------------

function decode(bytes: Uint8Array): { text: string; encoding: TableEncoding } {
  const hasBom = startsWith(bytes, [0xef, 0xbb, 0xbf]);
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: a Polish Windows spreadsheet writes Windows-1250.
    return { text: iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'windows-1250'), encoding: 'windows-1250' };
  }
}

/** Whether decoded text is rather binary data: NUL bytes, or many control characters or undecodable bytes. */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  let odd = 0;
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffd || (c >= 0x7f && c < 0xa0)) odd++;
  }
  return odd > Math.max(2, text.length / 200);
}

/** The first line of `text` that is not blank (up to the first newline outside quotes): the header line. */
function firstLine(text: string): string {
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if ((c === '\n' || c === '\r') && !quoted) {
      const line = text.slice(start, i);
      if (line.trim() !== '') return line;
      start = i + 1;
    }
  }
  return text.slice(start);
}

/** The separator used most often in the header line outside quotes; `;` wins a tie (what Polish Excel writes). */
function detectDelimiter(line: string): TableDelimiter {
  const counts: Record<TableDelimiter, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ';' || c === ',' || c === '\t')) counts[c]++;
  }
  const order: TableDelimiter[] = [';', '\t', ','];
  let best: TableDelimiter = ';';
  for (const d of order) if (counts[d] > counts[best]) best = d;
  return counts[best] === 0 ? ',' : best;
}

function readCsv(bytes: Uint8Array, fileName: string | undefined): Table {
  const { text: decoded, encoding } = decode(bytes);
  let end = decoded.length;
  while (end > 0 && decoded.charCodeAt(end - 1) === 0x1a) end--; // DOS end-of-file marks
  const text = decoded.slice(0, end);
  if (text.trim() === '') fail('empty', 'Plik nie zawiera żadnych danych.', 'The file contains no data.');
  if (looksBinary(text)) {
    const named = fileName && /\.xlsx?$/i.test(fileName)
      ? { pl: ` Mimo nazwy „${fileName}” nie jest to skoroszyt Excel.`, en: ` Despite its name "${fileName}", it is not an Excel workbook.` }
      : { pl: '', en: '' };
    failFormat('binary', `Plik nie jest ani arkuszem XLSX, ani plikiem tekstowym CSV.${named.pl}`,
      `The file is neither an XLSX workbook nor a CSV text file.${named.en}`);
  }
  if (/^\s*<(?:!doctype|html|\?xml|table)/i.test(text)) {
    failFormat('unsupported_format', 'To jest strona HTML lub plik XML, a nie CSV (niektóre systemy zapisują tak pliki „.xls”).',
      'This is an HTML page or an XML file, not CSV (some systems save ".xls" files like this).');
  }
  let body = text;
  let delimiter: TableDelimiter | undefined;
  const sep = /^sep=(.)\r?\n/i.exec(body);
  if (sep) {
    // Excel's "sep=;" directive: not a row of the sheet.
    const d = sep[1];
    if (d === ';' || d === ',' || d === '\t') delimiter = d;
    body = body.slice(sep[0].length);
  }
  delimiter ??= detectDelimiter(firstLine(body));
  let parsed: { record: string[]; info: { records: number } }[];
  try {
    parsed = parseCsv(body, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      info: true,
      skip_empty_lines: false,
    }) as unknown as { record: string[]; info: { records: number } }[];
  } catch (error) {
    const lines = typeof error === 'object' && error !== null ? (error as { lines?: unknown }).lines : undefined;
    const where = typeof lines === 'number' ? lines : undefined;
    const quote = typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'CSV_QUOTE_NOT_CLOSED';
    return fail('malformed_csv',
      quote
        ? 'Plik kończy się wewnątrz cudzysłowu: jeden ze znaków " otwierających komórkę nie jest zamknięty.'
        : `Nie można odczytać pliku CSV${where ? ` (wiersz ${where})` : ''}.`,
      quote
        ? 'The file ends inside quotes: one of the " characters opening a cell is never closed.'
        : `The CSV file cannot be read${where ? ` (line ${where})` : ''}.`);
  }
  const records = parsed.map((p) => ({ cells: p.record.map(cleanCell), row: p.info.records }));
  return shape('csv', records, { encoding, delimiter });
}

// ---------------------------------------------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------------------------------------------

interface ZipEntry {
  readonly name: string;
  readonly size: number;
}

/** The entries of a ZIP file from its central directory, or undefined when it is not a readable ZIP. */
function zipEntries(bytes: Uint8Array): ZipEntry[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const min = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= min; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  const names = new TextDecoder('utf-8');
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return undefined;
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > bytes.length) return undefined;
    entries.push({ name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength)), size });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function checkXlsxPackage(bytes: Uint8Array): void {
  const entries = zipEntries(bytes);
  if (!entries) {
    failFormat('unreadable_xlsx', 'Plik wygląda na archiwum ZIP lub XLSX, ale jest uszkodzony lub niekompletny.',
      'The file looks like a ZIP or XLSX archive, but it is damaged or incomplete.');
  }
  const names = new Set(entries.map((e) => e.name.toLowerCase()));
  if (names.has('xl/workbook.bin')) {
    failFormat('unsupported_format', 'To jest skoroszyt binarny Excel (.xlsb), którego nie obsługujemy.',
      'This is an Excel binary workbook (.xlsb), which is not supported.');
  }
  if (names.has('mimetype') && names.has('content.xml')) {
    failFormat('unsupported_format', 'To jest dokument OpenDocument (np. arkusz .ods z LibreOffice), którego nie obsługujemy.',
      'This is an OpenDocument file (e.g. an .ods sheet from LibreOffice), which is not supported.');
  }
  if (!names.has('xl/workbook.xml') || !names.has('[content_types].xml')) {
    failFormat('not_xlsx', 'To jest archiwum ZIP, ale nie skoroszyt Excel (.xlsx).', 'This is a ZIP archive, but not an Excel workbook (.xlsx).');
  }
  const unpacked = entries.reduce((sum, e) => sum + (e.size === 0xffffffff ? Infinity : e.size), 0);
  if (unpacked > MAX_XLSX_UNPACKED_BYTES) {
    fail('too_large', 'Skoroszyt po rozpakowaniu jest zbyt duży: podziel go na mniejsze pliki.',
      'The workbook is too large once unpacked: split it into smaller files.');
  }
}

/** Plain text of a number: 4.5 rather than 4.499999999999999, no exponent for ordinary values. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
  const clean = Number(n.toPrecision(15));
  const text = String(clean);
  if (!/e/i.test(text)) return text;
  return clean.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** An Excel date (which exceljs gives as a Date whose UTC fields are the wall-clock time) as ISO text. */
export function formatExcelDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const rounded = new Date(Math.round(date.getTime() / 1000) * 1000); // Excel stores times as fractions of a day
  const day = `${String(rounded.getUTCFullYear()).padStart(4, '0')}-${pad2(rounded.getUTCMonth() + 1)}-${pad2(rounded.getUTCDate())}`;
  const h = rounded.getUTCHours();
  const m = rounded.getUTCMinutes();
  const s = rounded.getUTCSeconds();
  if (h === 0 && m === 0 && s === 0) return day;
  return `${day}T${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}

type ExcelValue = ExcelJS.CellValue | ExcelJS.CellFormulaValue['result'];

function cellText(value: ExcelValue, numFmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    // A number shown with leading zeros ("00000000000" for a PESEL, "000123" for a student number) keeps them.
    if (numFmt && /^0+$/.test(numFmt) && Number.isInteger(value) && value >= 0) return formatNumber(value).padStart(numFmt.length, '0');
    return formatNumber(value);
  }
  if (value instanceof Date) return formatExcelDate(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) {
    const text: unknown = value.text;
    if (typeof text === 'string') return text;
    if (typeof text === 'object' && text !== null && 'richText' in text) return cellText(text as ExcelJS.CellRichTextValue, numFmt);
    return value.hyperlink.replace(/^mailto:/i, '');
  }
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result, numFmt);
  if ('error' in value) return value.error;
  return '';
}

async function readXlsx(bytes: Uint8Array): Promise<Table> {
  checkXlsxPackage(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    failFormat('unreadable_xlsx', 'Nie można odczytać skoroszytu: plik jest uszkodzony albo nie jest prawidłowym plikiem .xlsx.',
      'The workbook cannot be read: the file is damaged or not a valid .xlsx file.');
  }
  const sheets = workbook.worksheets;
  const sheet = sheets.find((s) => s.state === 'visible') ?? sheets[0];
  if (!sheet) fail('no_worksheet', 'Skoroszyt nie zawiera żadnego arkusza.', 'The workbook contains no worksheet.');
  const records: { cells: string[]; row: number }[] = [];
  let filled = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      cells[col - 1] = cleanCell(cellText(cell.value, cell.numFmt));
    });
    const dense = Array.from({ length: cells.length }, (_, i) => cells[i] ?? '');
    if (isEmptyRow(dense)) return;
    filled++;
    if (filled > MAX_TABLE_ROWS + 1) tooManyRows(undefined);
    records.push({ cells: dense, row: rowNumber });
  });
  return shape('xlsx', records, {});
}
