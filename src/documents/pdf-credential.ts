/**
 * Reading the signed credential attached to a PDF: our certificates (certificate-pdf.ts attaches `credential.json`)
 * or any PDF with an embedded file named `*.json` (or `*.jsonld`) that holds a verifiable credential. Used by the
 * verifier for PDF uploads. Embedded files are looked up in the document's EmbeddedFiles name tree, its PDF/A-3
 * associated files (`/AF`) and file attachment annotations. Sizes are bounded before anything is inflated.
 */
import { constants, inflateSync } from 'node:zlib';
import {
  PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString, ParseSpeeds, decodePDFRawStream,
  type PDFObject,
} from 'pdf-lib';
import { MAX_CREDENTIAL_BYTES } from '../credentials/input.ts';
import type { Message } from '../model/index.ts';

/** PDFs larger than this are refused before they are parsed. */
export const MAX_PDF_BYTES = 20 * 1024 * 1024;

export type PdfInputErrorCode = 'not_pdf' | 'too_large' | 'damaged' | 'encrypted';

/** A PDF that cannot be read, with the reason in Polish and English. */
export class PdfInputError extends Error {
  constructor(readonly code: PdfInputErrorCode, readonly text: Message) {
    super(text.en);
    this.name = 'PdfInputError';
  }
}

function fail(code: PdfInputErrorCode, pl: string, en: string): never {
  throw new PdfInputError(code, { pl, en });
}

/** A PDF starts with `%PDF-` (readers accept it within the first kilobyte). */
function looksLikePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

interface EmbeddedFile {
  readonly name: string;
  readonly stream: PDFRawStream;
}

function textOf(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

/** The file inside a file specification dictionary, with its name (UF, else F). */
function fileOf(spec: PDFObject | undefined, doc: PDFDocument): EmbeddedFile | undefined {
  const dict = spec === undefined ? undefined : doc.context.lookup(spec);
  if (!(dict instanceof PDFDict)) return undefined;
  const ef = dict.lookup(PDFName.of('EF'));
  if (!(ef instanceof PDFDict)) return undefined;
  const stream = doc.context.lookup(ef.get(PDFName.of('UF')) ?? ef.get(PDFName.of('F')));
  if (!(stream instanceof PDFRawStream)) return undefined;
  const name = textOf(dict.lookup(PDFName.of('UF'))) ?? textOf(dict.lookup(PDFName.of('F'))) ?? '';
  return { name, stream };
}

/** Every embedded file of the document: name tree, associated files, file attachment annotations. */
function embeddedFiles(doc: PDFDocument): EmbeddedFile[] {
  const out: EmbeddedFile[] = [];
  const seen = new Set<PDFRawStream>();
  const add = (file: EmbeddedFile | undefined): void => {
    if (file && !seen.has(file.stream)) {
      seen.add(file.stream);
      out.push(file);
    }
  };
  const visited = new Set<PDFDict>();
  const walk = (node: PDFObject | undefined, depth: number): void => {
    const dict = node === undefined ? undefined : doc.context.lookup(node);
    if (!(dict instanceof PDFDict) || visited.has(dict) || depth > 32) return;
    visited.add(dict);
    const names = dict.lookup(PDFName.of('Names'));
    if (names instanceof PDFArray) {
      for (let i = 1; i < names.size(); i += 2) add(fileOf(names.get(i), doc));
    }
    const kids = dict.lookup(PDFName.of('Kids'));
    if (kids instanceof PDFArray) {
      for (let i = 0; i < kids.size(); i++) walk(kids.get(i), depth + 1);
    }
  };
  const catalog = doc.catalog;
  const namesDict = catalog.lookup(PDFName.of('Names'));
  if (namesDict instanceof PDFDict) walk(namesDict.get(PDFName.of('EmbeddedFiles')), 0);
  const af = catalog.lookup(PDFName.of('AF'));
  if (af instanceof PDFArray) {
    for (let i = 0; i < af.size(); i++) add(fileOf(af.get(i), doc));
  }
  for (const page of doc.getPages()) {
    const annots = page.node.Annots();
    for (let i = 0; annots && i < annots.size(); i++) {
      const annot = doc.context.lookup(annots.get(i));
      if (annot instanceof PDFDict && annot.get(PDFName.of('Subtype')) === PDFName.of('FileAttachment')) {
        add(fileOf(annot.get(PDFName.of('FS')), doc));
      }
    }
  }
  return out;
}

/** The decoded bytes of an embedded file, or undefined when it is too large or cannot be decoded. */
function contentsOf(stream: PDFRawStream): Uint8Array | undefined {
  const raw = stream.getContents();
  if (raw.byteLength > MAX_CREDENTIAL_BYTES) return undefined;
  const filter = stream.dict.lookup(PDFName.of('Filter'));
  const filters = filter instanceof PDFArray ? filter.asArray() : filter === undefined ? [] : [filter];
  try {
    if (filters.length === 0) return raw;
    if (filters.length === 1 && filters[0] === PDFName.of('FlateDecode') && stream.dict.get(PDFName.of('DecodeParms')) === undefined) {
      // A bounded inflate: a small stream cannot expand into gigabytes.
      return inflateSync(raw, { maxOutputLength: MAX_CREDENTIAL_BYTES, finishFlush: constants.Z_SYNC_FLUSH });
    }
    if (raw.byteLength > 256 * 1024) return undefined;
    const decoded = decodePDFRawStream(stream).decode();
    return decoded.byteLength > MAX_CREDENTIAL_BYTES ? undefined : decoded;
  } catch {
    return undefined;
  }
}

/** The text of a JSON document that is a verifiable credential (`type` includes VerifiableCredential). */
function credentialText(bytes: Uint8Array): string | undefined {
  let value: unknown;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const type = (value as { type?: unknown }).type;
  const types = Array.isArray(type) ? type : [type];
  return types.includes('VerifiableCredential') ? text : undefined;
}

/**
 * The exact text of the verifiable credential attached to a PDF (`credential.json` first, then any other `*.json`),
 * or undefined when it has none. Throws PdfInputError for bytes that are not a readable PDF.
 */
export async function credentialFromPdf(bytes: Uint8Array): Promise<{ json: string } | undefined> {
  if (bytes.byteLength > MAX_PDF_BYTES) {
    const mb = (bytes.byteLength / 1024 / 1024).toFixed(1);
    fail('too_large', `Plik PDF ma ${mb} MB: może mieć najwyżej ${MAX_PDF_BYTES / 1024 / 1024} MB.`,
      `The PDF is ${mb} MB: it may be at most ${MAX_PDF_BYTES / 1024 / 1024} MB.`);
  }
  if (!looksLikePdf(bytes)) {
    fail('not_pdf', 'To nie jest plik PDF. Wczytaj certyfikat PDF albo plik .json z poświadczeniem.',
      'This is not a PDF file. Use the PDF certificate or the .json file of the credential.');
  }
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  } catch {
    fail('damaged', 'Pliku PDF nie da się odczytać: jest uszkodzony albo niekompletny.',
      'The PDF cannot be read: it is damaged or incomplete.');
  }
  if (doc.isEncrypted) {
    fail('encrypted', 'Plik PDF jest zaszyfrowany, więc nie można odczytać załączonego poświadczenia.',
      'The PDF is encrypted, so the attached credential cannot be read.');
  }
  let files: EmbeddedFile[];
  try {
    files = embeddedFiles(doc);
  } catch {
    fail('damaged', 'Struktura pliku PDF jest uszkodzona: nie można odczytać załączników.',
      'The structure of the PDF is damaged: its attachments cannot be read.');
  }
  const ordered = [
    ...files.filter((f) => f.name.toLowerCase() === 'credential.json'),
    ...files.filter((f) => f.name.toLowerCase() !== 'credential.json' && /\.json(ld)?$/i.test(f.name)),
  ];
  for (const file of ordered) {
    const contents = contentsOf(file.stream);
    const json = contents && credentialText(contents);
    if (json !== undefined) return { json };
  }
  return undefined;
}
