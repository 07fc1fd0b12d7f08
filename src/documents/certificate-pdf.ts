/**
 * The PDF certificate of an issued micro-credential: A4 portrait, in Polish, English or both (Polish pages, then
 * English pages), with the institution's name and logo, the title, the learner, the date of issue, every standard
 * element of Annex I of the Council Recommendation of 16 June 2022 with its label, a vector QR code of the public
 * verification page with its short URL, and the signed credential attached as `credential.json` so that the PDF alone
 * verifies (credentialFromPdf in pdf-credential.ts reads it back).
 *
 * Fonts: DejaVu Sans, DejaVu Sans Bold and DejaVu Serif Bold (npm `dejavu-fonts-ttf`; Bitstream Vera licence with
 * DejaVu changes in the public domain: free to embed and redistribute), subset and embedded, with every Polish glyph.
 * (Noto Sans was tried first: @pdf-lib/fontkit's subsetter corrupts its glyphs.)
 *
 * PDF/A: the file is written to the PDF/A-3b rules as far as pdf-lib allows: XMP metadata with `pdfaid:part 3` that
 * matches the Info dictionary, an sRGB OutputIntent (a v2 ICC profile built below, checked against Little CMS's own
 * sRGB), embedded subset fonts only, a trailer ID, and the attachment as a PDF/A-3 associated file (`/AF`,
 * `AFRelationship /Data`, MIME subtype, dates). It has not been checked with veraPDF (not available here), so it is
 * claimed in the metadata but not certified. A CMYK JPEG logo would break the rules (DeviceCMYK under an RGB intent).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import fontkit, { type Font, type Glyph, type GlyphRun } from '@pdf-lib/fontkit';
import {
  AFRelationship, PDFDocument, PDFHexString, PDFName, PDFString, beginMarkedContent, endMarkedContent, fill,
  popGraphicsState, pushGraphicsState, rectangle, rgb, setFillingColor,
  type Color, type PDFFont, type PDFImage, type PDFPage,
} from 'pdf-lib';
import QRCode from 'qrcode';
import {
  ASSESSMENT_TYPES, EQF_LEVELS, LEARNING_SETTINGS, OUTCOME_TYPES, PARTICIPATION_MODES, PRK_LEVELS, QF_EHEA_CYCLES,
  QUALITY_ASSURANCE_TYPES, STACKABILITY_MODES, SUPERVISION_VERIFICATION, concept, countryName, gradingScheme,
  iscedField, languageName, type Concept, type Message, type Specification,
} from '../model/index.ts';

export type CertificateLanguage = 'pl' | 'en' | 'both';

export interface CertificateInput {
  /** The signed credential; attached as `credential.json` (pretty-printed JSON unless `credentialJson` is given). */
  readonly credential: Record<string, unknown>;
  /** The exact stored JSON text of `credential` to attach byte for byte, when the caller has it. */
  readonly credentialJson?: string;
  readonly specification: Specification;
  readonly learnerName: string;
  readonly issuedAt: Date;
  /** The grade achieved, on the specification's grading scheme; read from the credential when absent. */
  readonly grade?: string;
  /** End of validity; read from the credential's `validUntil` when absent; no expiry when neither. */
  readonly validUntil?: Date;
  readonly institution: {
    readonly namePl: string;
    readonly nameEn: string;
    readonly logo?: { readonly bytes: Uint8Array; readonly type: 'image/png' | 'image/jpeg' };
  };
  /** The public verification page: the QR code and the printed short URL. */
  readonly verifyUrl: string;
  readonly language: CertificateLanguage;
}

type Lang = 'pl' | 'en';

/** The attachment's file name and media type. */
export const CREDENTIAL_ATTACHMENT = 'credential.json';
export const CREDENTIAL_MEDIA_TYPE = 'application/vc+ld+json';

// ---------------------------------------------------------------------------------------------------------------
// Fonts: read once from node_modules, embedded (subset) into each document.

const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', serif: 'DejaVuSerif-Bold.ttf' } as const;
/** BaseFont names of the subsets, with the six-letter subset tag ISO 32000 asks for (pdf-lib would add a number). */
const SUBSET_NAMES = { regular: 'MCREGA+DejaVuSans', bold: 'MCBOLD+DejaVuSans-Bold', serif: 'MCSERF+DejaVuSerif-Bold' } as const;
type FontName = keyof typeof FONT_FILES;
type Fonts = Record<FontName, PDFFont>;

let fontBytes: Promise<Record<FontName, Uint8Array>> | undefined;

function loadFontBytes(): Promise<Record<FontName, Uint8Array>> {
  fontBytes ??= (async () => {
    const require = createRequire(import.meta.url);
    const read = (file: string): Promise<Uint8Array> => readFile(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
    const [regular, bold, serif] = await Promise.all([read(FONT_FILES.regular), read(FONT_FILES.bold), read(FONT_FILES.serif)]);
    return { regular, bold, serif };
  })().catch((error: unknown) => {
    fontBytes = undefined;
    throw error;
  });
  return fontBytes;
}

/**
 * fontkit for pdf-lib, with speed-ups that keep the output the same: a parsed font is kept for the next document
 * (parsing DejaVu's tables is most of the cost of a certificate), and text is mapped to glyphs one code point at a
 * time through the cmap (cached), without OpenType shaping (GSUB/GPOS): pdf-lib reads only the glyphs of a layout
 * and draws them with their own advance widths. Text is NFC-normalised first (clean), so Polish letters are single
 * precomposed glyphs.
 */
const parsedFonts = new Map<Uint8Array, Font>();
const plainFontkit = {
  create(bytes: Uint8Array): Font {
    let font = parsedFonts.get(bytes);
    if (!font) {
      const parsed = fontkit.create(bytes);
      const glyphs = new Map<number, Glyph>();
      parsed.layout = (value: string): GlyphRun => {
        const run: Glyph[] = [];
        for (const ch of value) {
          const codePoint = ch.codePointAt(0) ?? 0;
          let glyph = glyphs.get(codePoint);
          if (!glyph) {
            glyph = parsed.glyphForCodePoint(codePoint);
            glyphs.set(codePoint, glyph);
          }
          run.push(glyph);
        }
        return { glyphs: run } as unknown as GlyphRun;
      };
      parsedFonts.set(bytes, parsed);
      font = parsed;
    }
    return font;
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Page geometry and styles (PDF points; the origin is the bottom left corner).

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const TOP = A4[1] - 44;
const BOTTOM = 70;
const CONTENT_WIDTH = A4[0] - 2 * MARGIN;
const LABEL_WIDTH = 148;
const VALUE_X = MARGIN + LABEL_WIDTH + 12;
const VALUE_WIDTH = A4[0] - MARGIN - VALUE_X;
const QR_SIZE = 86;
const QR_COLUMN = 150;

const INK = rgb(0.11, 0.13, 0.18);
const MUTED = rgb(0.36, 0.39, 0.45);
const ACCENT = rgb(0, 0.2, 0.6);
const RULE = rgb(0.79, 0.81, 0.85);

interface Style {
  readonly font: FontName;
  readonly size: number;
  readonly leading: number;
  readonly color: Color;
}

const S = {
  body: { font: 'regular', size: 9.5, leading: 13, color: INK },
  bodyBold: { font: 'bold', size: 9.5, leading: 13, color: INK },
  small: { font: 'regular', size: 8, leading: 11, color: MUTED },
  label: { font: 'bold', size: 8, leading: 11, color: MUTED },
  institution: { font: 'bold', size: 12.5, leading: 16, color: INK },
  caption: { font: 'bold', size: 10, leading: 16, color: ACCENT },
  title: { font: 'serif', size: 20, leading: 25, color: INK },
  subtitle: { font: 'regular', size: 10, leading: 14, color: MUTED },
  name: { font: 'serif', size: 17, leading: 23, color: INK },
  heading: { font: 'bold', size: 10, leading: 14, color: ACCENT },
  url: { font: 'regular', size: 7, leading: 9, color: ACCENT },
  footer: { font: 'regular', size: 6.5, leading: 8.5, color: MUTED },
} as const satisfies Record<string, Style>;

// ---------------------------------------------------------------------------------------------------------------
// Words: labels and sentences in both languages.

const T = {
  caption: { pl: 'MIKROPOŚWIADCZENIE', en: 'MICRO-CREDENTIAL' },
  certify: { pl: 'Niniejszym poświadcza się, że', en: 'This is to certify that' },
  elements: {
    pl: 'Elementy mikropoświadczenia (załącznik I do zalecenia Rady UE z 16 czerwca 2022 r.)',
    en: 'Elements of the micro-credential (Annex I to the Council Recommendation of 16 June 2022)',
  },
  learner: { pl: 'Osoba ucząca się', en: 'Learner' },
  issuedAt: { pl: 'Data wydania', en: 'Date of issue' },
  awardingBody: { pl: 'Podmiot przyznający', en: 'Awarding body' },
  issuerDid: { pl: 'Identyfikator wystawcy (DID)', en: 'Issuer identifier (DID)' },
  issuerCountry: { pl: 'Kraj wystawcy', en: 'Country of the issuer' },
  outcomes: { pl: 'Efekty uczenia się', en: 'Learning outcomes' },
  workload: { pl: 'Nakład pracy', en: 'Notional workload' },
  level: { pl: 'Poziom (ERK, PRK) i cykl QF-EHEA', en: 'Level (EQF, PQF) and QF-EHEA cycle' },
  assessment: { pl: 'Rodzaj oceny', en: 'Type of assessment' },
  participation: { pl: 'Forma udziału', en: 'Form of participation' },
  setting: { pl: 'Rodzaj kształcenia', en: 'Learning setting' },
  qa: { pl: 'Zapewnianie jakości', en: 'Quality assurance' },
  accreditation: { pl: 'Numer akredytacji lub uchwały', en: 'Accreditation or resolution number' },
  agency: { pl: 'Instytucja akredytująca lub zatwierdzająca', en: 'Accrediting or approving body' },
  prerequisites: { pl: 'Wymagania wstępne', en: 'Prerequisites' },
  supervision: { pl: 'Nadzór i weryfikacja tożsamości podczas oceny', en: 'Supervision and identity verification during assessment' },
  grade: { pl: 'Uzyskana ocena i skala ocen', en: 'Grade achieved and grading scheme' },
  stackability: { pl: 'Możliwość łączenia', en: 'Integration / stackability' },
  stacksInto: { pl: 'Poświadczenia docelowe', en: 'Credentials it stacks into' },
  furtherInfo: { pl: 'Dodatkowe informacje', en: 'Further information' },
  homepage: { pl: 'Strona mikropoświadczenia', en: 'Web page of the micro-credential' },
  isced: { pl: 'Dziedzina kształcenia (ISCED-F)', en: 'Field of education (ISCED-F)' },
  languages: { pl: 'Języki kształcenia i oceny', en: 'Languages of instruction and assessment' },
  validity: { pl: 'Ważność poświadczenia', en: 'Validity of the credential' },
  humanCode: { pl: 'Kod przedmiotu w instytucji', en: 'Course code at the institution' },
  zskCode: { pl: 'Kod kwalifikacji w ZSK', en: 'Qualification code in the Polish ZSK register' },
  credentialId: { pl: 'Identyfikator poświadczenia', en: 'Credential identifier' },
  verification: { pl: 'Weryfikacja', en: 'Verification' },
  notApplicable: { pl: 'nie dotyczy', en: 'not applicable' },
  notSpecified: { pl: 'nie określono', en: 'not specified' },
  none: { pl: 'brak', en: 'none' },
  noGrade: { pl: 'bez oceny', en: 'no grade given' },
  noExpiry: { pl: 'bezterminowo', en: 'does not expire' },
  continued: { pl: '(cd.)', en: '(cont.)' },
} as const satisfies Record<string, Message>;

const sentences = {
  awarded: (lang: Lang, date: string): string => lang === 'pl'
    ? `uzyskał(a) to mikropoświadczenie w dniu ${date}` // the date ends with "r."
    : `has been awarded this micro-credential on ${date}.`,
  validUntil: (lang: Lang, date: string): string => (lang === 'pl' ? `ważne do ${date}` : `valid until ${date}`),
  hours: (lang: Lang, hours: number): string => lang === 'en'
    ? `${hours} ${hours === 1 ? 'hour' : 'hours'}`
    : `${hours} ${plural(hours, 'godzina', 'godziny', 'godzin')}`,
  verify: (lang: Lang, url: string): string => lang === 'pl'
    ? `Do tego pliku PDF jest załączone podpisane cyfrowo poświadczenie (plik ${CREDENTIAL_ATTACHMENT}, Open Badges 3.0 / W3C ` +
      `Verifiable Credential). Sam plik PDF wystarcza do weryfikacji: wczytaj go w weryfikatorze, zeskanuj kod QR albo otwórz ${url}`
    : `The digitally signed credential is attached to this PDF (file ${CREDENTIAL_ATTACHMENT}, Open Badges 3.0 / W3C ` +
      `Verifiable Credential). The PDF alone is enough to verify it: load it in a verifier, scan the QR code or open ${url}`,
  footer: (lang: Lang, url: string): string => lang === 'pl'
    ? `Podpisane poświadczenie jest załączone do tego pliku PDF (${CREDENTIAL_ATTACHMENT}) i można je tu zweryfikować: ${url}`
    : `The signed credential is attached to this PDF (${CREDENTIAL_ATTACHMENT}) and can be verified there: ${url}`,
  page: (lang: Lang, n: number, of: number): string => (lang === 'pl' ? `Strona ${n} z ${of}` : `Page ${n} of ${of}`),
};

function plural(n: number, one: string, few: string, many: string): string {
  if (n === 1) return one;
  const tens = n % 100;
  return n % 10 >= 2 && n % 10 <= 4 && (tens < 12 || tens > 14) ? few : many;
}

const IDENTIFIER_NAMES: Readonly<Record<string, Message>> = {
  ErasmusCode: { pl: 'Kod Erasmus', en: 'Erasmus code' },
  VAT: { pl: 'VAT UE', en: 'EU VAT' },
  other: { pl: 'Identyfikator', en: 'Identifier' },
};

/** Names of the grades of the Polish higher education scale and of the pass/fail scheme. */
const GRADE_NAMES: Readonly<Record<string, Readonly<Record<string, Message>>>> = {
  'pl-he-2-5': {
    '2': { pl: 'niedostateczny', en: 'fail' },
    '3': { pl: 'dostateczny', en: 'satisfactory' },
    '3.5': { pl: 'dostateczny plus', en: 'satisfactory plus' },
    '4': { pl: 'dobry', en: 'good' },
    '4.5': { pl: 'dobry plus', en: 'good plus' },
    '5': { pl: 'bardzo dobry', en: 'very good' },
  },
  'pass-fail': { pass: { pl: 'zaliczone', en: 'pass' }, fail: { pl: 'niezaliczone', en: 'fail' } },
};

/** The label of `code` in a vocabulary; never the raw code unless the vocabulary does not know it. */
function labelOf<C extends string | number>(list: readonly Concept<C>[], code: C, lang: Lang): string {
  return concept(list, code)?.label[lang] ?? String(code);
}

function text(map: Message, lang: Lang): string {
  return map[lang] || map.pl || map.en;
}

/** Intl formatters are costly to make: one per language and time zone. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function formatDate(date: Date, lang: Lang, timeZone: string): string {
  const key = `${lang} ${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'pl' ? 'pl-PL' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone });
    dateFormats.set(key, format);
  }
  return lang === 'pl' ? `${format.format(date)} r.` : format.format(date);
}

const numberFormats = {
  pl: new Intl.NumberFormat('pl-PL', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }),
};

function formatNumber(n: number, lang: Lang): string {
  return numberFormats[lang].format(n);
}

// ---------------------------------------------------------------------------------------------------------------
// Text: cleaning and wrapping.

/** NFC; control characters become spaces (line breaks are kept) and variation selectors go; the fonts draw the rest. */
function clean(value: string): string {
  return value.normalize('NFC').replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029]/g, ' ').replace(/[\uFE00-\uFE0F]/g, '');
}

/** Greedy word wrap to `width`; a word longer than a line is broken between characters. Never loses text. */
function wrap(value: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  const space = font.widthOfTextAtSize(' ', size);
  for (const paragraph of clean(value).split('\n')) {
    // Split at white space, but not at no-break spaces.
    const words = paragraph.split(/[^\S\u00A0]+/).filter((w) => w !== '');
    let line = '';
    let lineWidth = 0;
    for (const word of words) {
      const w = font.widthOfTextAtSize(word, size);
      if (line !== '' && lineWidth + space + w <= width) {
        line += ` ${word}`;
        lineWidth += space + w;
        continue;
      }
      if (line !== '') lines.push(line);
      if (w <= width) {
        line = word;
        lineWidth = w;
        continue;
      }
      let chunk = '';
      let chunkWidth = 0;
      for (const ch of word) {
        const c = font.widthOfTextAtSize(ch, size);
        if (chunk !== '' && chunkWidth + c > width) {
          lines.push(chunk);
          chunk = '';
          chunkWidth = 0;
        }
        chunk += ch;
        chunkWidth += c;
      }
      line = chunk;
      lineWidth = chunkWidth;
    }
    if (line !== '' || words.length === 0) lines.push(line);
  }
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** One line, shortened with an ellipsis to fit `width`. */
function fitLine(value: string, font: PDFFont, size: number, width: number): string {
  const flat = clean(value).replace(/\s+/g, ' ').trim();
  if (font.widthOfTextAtSize(flat, size) <= width) return flat;
  let out = '';
  let used = font.widthOfTextAtSize('…', size);
  for (const ch of flat) {
    used += font.widthOfTextAtSize(ch, size);
    if (used > width) break;
    out += ch;
  }
  return `${out.trimEnd()}…`;
}

/** At most `max` lines, the last one ending with an ellipsis when more were cut (for the fixed-size page header). */
function capLines(lines: string[], max: number, font: PDFFont, size: number, width: number): string[] {
  if (lines.length <= max) return lines;
  let last = lines[max - 1] ?? '';
  while (last !== '' && font.widthOfTextAtSize(`${last}…`, size) > width) last = [...last].slice(0, -1).join('');
  return [...lines.slice(0, max - 1), `${last.trimEnd()}…`];
}

// ---------------------------------------------------------------------------------------------------------------
// Layout: a cursor that flows lines down the page and onto new pages.

/** A piece of a row's value: a paragraph, optionally a list item with a marker and a hanging indent. */
interface Piece {
  readonly text: string;
  readonly style?: Style;
  readonly marker?: string;
  readonly gapBefore?: number;
}

class Flow {
  readonly pages: PDFPage[] = [];
  page!: PDFPage;
  y = TOP;
  private runningLine: string | undefined;
  /** Where the content of a continuation page starts: a row there needs no rule above it. */
  private pageTop = TOP;
  /** Drawn at the top of a page the flow breaks onto, e.g. a row's label with "(cont.)". */
  private onBreak: (() => void) | undefined;

  /** The language of the "(cont.)" marker. */
  runningLang: Lang = 'pl';

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
    private readonly runningHead: string,
  ) {}

  /** Starts a page; the first page of a section gets its own header from the caller. */
  newPage(first = false): void {
    this.page = this.doc.addPage(A4);
    this.pages.push(this.page);
    this.y = TOP;
    if (!first) {
      this.runningLine ??= fitLine(this.runningHead, this.fonts.regular, S.small.size, CONTENT_WIDTH);
      this.draw(this.runningLine, MARGIN, this.y - 8, S.small);
      this.y -= 14;
      this.rule(this.y);
      this.y -= 10;
      this.pageTop = this.y;
      this.onBreak?.();
    }
  }

  /** Makes room for `height` points: a new page when this one has less left. */
  room(height: number): void {
    if (this.y - height < BOTTOM) this.newPage();
  }

  draw(line: string, x: number, baseline: number, style: Style, page: PDFPage = this.page): void {
    if (line !== '') page.drawText(line, { x, y: baseline, size: style.size, font: this.fonts[style.font], color: style.color });
  }

  /** The baseline of a line whose box starts at `top`. */
  static baseline(top: number, style: Style): number {
    return top - style.leading / 2 - style.size * 0.35;
  }

  rule(y: number, x0 = MARGIN, x1 = A4[0] - MARGIN): void {
    this.page.drawLine({ start: { x: x0, y }, end: { x: x1, y }, thickness: 0.5, color: RULE });
  }

  /** A paragraph across the full width (or from `x` with `width`), flowing onto new pages. */
  paragraph(value: string, style: Style, x = MARGIN, width = CONTENT_WIDTH): void {
    for (const line of wrap(value, this.fonts[style.font], style.size, width)) {
      this.room(style.leading);
      this.draw(line, x, Flow.baseline(this.y, style), style);
      this.y -= style.leading;
    }
  }

  /** A labelled element: the label on the left, the value pieces on the right, flowing onto new pages. */
  row(label: string, pieces: readonly Piece[]): void {
    const labelStyle = S.label;
    const labelLines = wrap(label, this.fonts[labelStyle.font], labelStyle.size, LABEL_WIDTH);
    const lines: Array<{ text: string; style: Style; x: number; marker?: string; gap: number }> = [];
    for (const piece of pieces) {
      const style = piece.style ?? S.body;
      const indent = piece.marker === undefined ? 0 : 16;
      wrap(piece.text, this.fonts[style.font], style.size, VALUE_WIDTH - indent).forEach((line, i) => {
        lines.push({
          text: line, style, x: VALUE_X + indent, gap: i === 0 ? (piece.gapBefore ?? 0) : 0,
          ...(i === 0 && piece.marker !== undefined ? { marker: piece.marker } : {}),
        });
      });
    }
    const labelHeight = labelLines.length * labelStyle.leading;
    const firstLines = lines.slice(0, 2).reduce((h, l) => h + l.gap + l.style.leading, 0);
    this.room(Math.max(labelHeight, firstLines) + 10);
    if (this.y < this.pageTop) this.rule(this.y);
    this.y -= 6;
    const rowPage = this.page;
    labelLines.forEach((line, i) => this.draw(line, MARGIN, Flow.baseline(this.y - i * labelStyle.leading, labelStyle), labelStyle));
    const labelBottom = this.y - labelHeight;
    this.onBreak = () => {
      const cont = `${labelLines.join(' ')} ${text(T.continued, this.runningLang)}`;
      wrap(cont, this.fonts[labelStyle.font], labelStyle.size, LABEL_WIDTH)
        .forEach((line, i) => this.draw(line, MARGIN, Flow.baseline(this.y - i * labelStyle.leading, labelStyle), labelStyle));
    };
    for (const line of lines) {
      this.room(line.gap + line.style.leading);
      this.y -= line.gap;
      const baseline = Flow.baseline(this.y, line.style);
      if (line.marker !== undefined) this.draw(line.marker, VALUE_X, baseline, line.style);
      this.draw(line.text, line.x, baseline, line.style);
      this.y -= line.style.leading;
    }
    this.onBreak = undefined;
    if (this.page === rowPage) this.y = Math.min(this.y, labelBottom);
    this.y -= 5;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The QR code, drawn as vector rectangles (one filled path, so no seams between modules).

function drawQrCode(page: PDFPage, url: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const m = size / n;
  const ops = [pushGraphicsState(), beginMarkedContent('QRCode'), setFillingColor(rgb(0, 0, 0))];
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (qr.modules.data[row * n + col] !== 1) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && qr.modules.data[row * n + col] === 1) col++;
      ops.push(rectangle(x + start * m, y + size - (row + 1) * m, (col - start) * m, m));
    }
  }
  ops.push(fill(), endMarkedContent(), popGraphicsState());
  page.pushOperators(...ops);
}

/** A clickable link (PDF/A: printable, no border) over a rectangle of the page. */
function addLink(doc: PDFDocument, page: PDFPage, url: string, x: number, y: number, width: number, height: number): void {
  if (!URL.canParse(url)) return;
  const annotation = doc.context.obj({
    Type: 'Annot', Subtype: 'Link', Rect: [x, y, x + width, y + height], Border: [0, 0, 0], F: 4,
    A: { Type: 'Action', S: 'URI', URI: PDFString.of(new URL(url).href) },
  });
  page.node.addAnnot(doc.context.register(annotation));
}

// ---------------------------------------------------------------------------------------------------------------
// One language section: header, certification, elements.

interface Section {
  readonly input: CertificateInput;
  readonly lang: Lang;
  readonly logo: PDFImage | undefined;
  readonly timeZone: string;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'object' && first !== null ? first as Record<string, unknown> : undefined;
}

function firstPageHeader(flow: Flow, section: Section, title: string, otherTitle: string): void {
  const { input, lang, logo } = section;
  const { page, fonts } = flow;
  const top = TOP;
  let left = MARGIN;
  let headerBottom = top;
  if (logo) {
    const scale = Math.min(130 / logo.width, 56 / logo.height);
    const w = logo.width * scale;
    const h = logo.height * scale;
    page.drawImage(logo, { x: MARGIN, y: top - h, width: w, height: h });
    left = MARGIN + w + 14;
    headerBottom = Math.min(headerBottom, top - h);
  }
  // The institution's name in the section's language, the other name below it.
  const nameWidth = A4[0] - MARGIN - QR_COLUMN - 12 - left;
  const [primary, secondary] = lang === 'pl' ? [input.institution.namePl, input.institution.nameEn] : [input.institution.nameEn, input.institution.namePl];
  let y = top;
  for (const line of capLines(wrap(primary, fonts.bold, S.institution.size, nameWidth), 5, fonts.bold, S.institution.size, nameWidth)) {
    flow.draw(line, left, Flow.baseline(y, S.institution), S.institution);
    y -= S.institution.leading;
  }
  if (secondary.trim() !== '' && secondary !== primary) {
    for (const line of capLines(wrap(secondary, fonts.regular, S.small.size, nameWidth), 3, fonts.regular, S.small.size, nameWidth)) {
      flow.draw(line, left, Flow.baseline(y, S.small), S.small);
      y -= S.small.leading;
    }
  }
  headerBottom = Math.min(headerBottom, y);
  // The QR code and the short URL under it, in the right column.
  const qrX = A4[0] - MARGIN - QR_COLUMN + (QR_COLUMN - QR_SIZE) / 2;
  drawQrCode(page, input.verifyUrl, qrX, top - QR_SIZE, QR_SIZE);
  let urlY = top - QR_SIZE - 3;
  // The URL in full is also in the Verification element; here it is kept to a few lines.
  for (const line of capLines(wrap(input.verifyUrl, fonts.regular, S.url.size, QR_COLUMN), 4, fonts.regular, S.url.size, QR_COLUMN)) {
    const w = fonts.regular.widthOfTextAtSize(line, S.url.size);
    flow.draw(line, A4[0] - MARGIN - QR_COLUMN + (QR_COLUMN - w) / 2, Flow.baseline(urlY, S.url), S.url);
    urlY -= S.url.leading;
  }
  addLink(flow.doc, page, input.verifyUrl, A4[0] - MARGIN - QR_COLUMN, urlY, QR_COLUMN, top - urlY);
  headerBottom = Math.min(headerBottom, urlY);
  flow.y = headerBottom - 8;
  flow.rule(flow.y);
  flow.y -= 14;
  // The certification.
  flow.paragraph(text(T.caption, lang), S.caption);
  flow.paragraph(title, S.title);
  if (otherTitle !== title) flow.paragraph(otherTitle, S.subtitle);
  flow.y -= 10;
  flow.paragraph(text(T.certify, lang), S.body);
  flow.y -= 2;
  flow.paragraph(input.learnerName, S.name);
  flow.paragraph(sentences.awarded(lang, formatDate(input.issuedAt, lang, section.timeZone)), S.body);
  const description = section.input.specification.description;
  if (description) {
    flow.y -= 6;
    flow.paragraph(text(description, lang), S.small);
  }
  flow.y -= 14;
  flow.paragraph(text(T.elements, lang), S.heading);
  flow.y -= 4;
}

function awardingBodyPieces(spec: Specification, lang: Lang): Piece[] {
  const body = spec.awardingBody;
  const address = body.address;
  const place = [address.street, [address.postalCode, address.locality].filter(Boolean).join(' '), address.region,
    countryName(address.country)[lang]].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  const pieces: Piece[] = [{ text: text(body.legalName, lang), style: S.bodyBold }, { text: place.join(', ') }];
  if (body.identifiers.length > 0) {
    const ids = body.identifiers.map((id) => `${IDENTIFIER_NAMES[id.scheme]?.[lang] ?? id.scheme}: ${id.value}`.replace(/ /g, '\u00A0'));
    pieces.push({ text: ids.join(' · ') });
  }
  pieces.push({ text: [body.homepage, body.email].filter(Boolean).join(' · ') });
  return pieces;
}

function outcomePieces(spec: Specification, lang: Lang): Piece[] {
  const pieces: Piece[] = [];
  spec.learningOutcomes.forEach((outcome, i) => {
    pieces.push({ text: text(outcome.text, lang), marker: `${i + 1}.`, gapBefore: i === 0 ? 0 : 4 });
    const about = [outcome.id, outcome.type ? labelOf(OUTCOME_TYPES, outcome.type, lang) : undefined].filter(Boolean).join(' · ');
    const skills = outcome.escoSkills.map((s) => (s.label ? text(s.label, lang) : s.uri));
    const line = skills.length > 0 ? `${about} · ESCO: ${skills.join('; ')}` : about;
    pieces.push({ text: line, style: S.small, marker: '' });
  });
  return pieces;
}

function levelText(spec: Specification, lang: Lang): string {
  if (spec.eqfLevel === null) return text(T.notApplicable, lang);
  const parts = [labelOf(EQF_LEVELS, spec.eqfLevel, lang)];
  if (spec.prkLevel != null) parts.push(labelOf(PRK_LEVELS, spec.prkLevel, lang));
  parts.push(`QF-EHEA: ${spec.qfEheaCycle == null ? text(T.notApplicable, lang) : labelOf(QF_EHEA_CYCLES, spec.qfEheaCycle, lang)}`);
  return parts.join(' · ');
}

function gradeText(section: Section, grade: string | undefined): string {
  const { lang } = section;
  const code = section.input.specification.gradingScheme;
  const scheme = code ? gradingScheme(code) : undefined;
  if (grade === undefined) return scheme ? `${text(T.noGrade, lang)} (${text(scheme.label, lang)})` : text(T.noGrade, lang);
  const name = code ? GRADE_NAMES[code]?.[grade] : undefined;
  let shown = grade;
  if (code === 'percent') shown = `${grade}%`;
  else if (code === 'pass-fail' && name) shown = text(name, lang);
  else if (/^\d+(\.\d+)?$/.test(grade)) shown = formatNumber(Number(grade), lang) + (name ? ` (${text(name, lang)})` : '');
  return scheme ? `${shown} — ${text(scheme.label, lang)}` : shown;
}

function elementRows(flow: Flow, section: Section): void {
  const { input, lang } = section;
  const spec = input.specification;
  const credential = input.credential;
  const subject = objectOf(credential.credentialSubject);
  const notSpecified = text(T.notSpecified, lang);

  flow.row(text(T.learner, lang), [{ text: input.learnerName, style: S.bodyBold }]);
  flow.row(text(T.issuedAt, lang), [{ text: formatDate(input.issuedAt, lang, section.timeZone) }]);
  flow.row(text(T.awardingBody, lang), awardingBodyPieces(spec, lang));
  const issuerId = str(objectOf(credential.issuer)?.id) ?? str(credential.issuer);
  if (issuerId) flow.row(text(T.issuerDid, lang), [{ text: issuerId, style: S.small }]);
  const country = countryName(spec.issuerCountry)[lang];
  flow.row(text(T.issuerCountry, lang), [{ text: spec.issuerRegion ? `${country} (${spec.issuerRegion})` : country }]);
  flow.row(text(T.outcomes, lang), outcomePieces(spec, lang));
  const ects = `${formatNumber(spec.ectsCredits, lang)} ECTS`;
  flow.row(text(T.workload, lang), [{ text: spec.workloadHours ? `${ects} (${sentences.hours(lang, spec.workloadHours)})` : ects }]);
  flow.row(text(T.level, lang), [{ text: levelText(spec, lang) }]);
  flow.row(text(T.assessment, lang), [
    { text: labelOf(ASSESSMENT_TYPES, spec.assessmentType, lang) },
    ...(spec.assessmentDescription ? [{ text: text(spec.assessmentDescription, lang), gapBefore: 2 }] : []),
  ]);
  flow.row(text(T.participation, lang), [{ text: labelOf(PARTICIPATION_MODES, spec.participationMode, lang) }]);
  if (spec.learningSetting) flow.row(text(T.setting, lang), [{ text: labelOf(LEARNING_SETTINGS, spec.learningSetting, lang) }]);
  const qa = spec.qualityAssurance;
  flow.row(text(T.qa, lang), [
    { text: labelOf(QUALITY_ASSURANCE_TYPES, qa.type, lang), style: S.bodyBold },
    { text: text(qa.description, lang), gapBefore: 2 },
    ...(qa.accreditationId ? [{ text: `${text(T.accreditation, lang)}: ${qa.accreditationId}`, gapBefore: 2 }] : []),
    ...(qa.agency ? [{ text: `${text(T.agency, lang)}: ${qa.agency}` }] : []),
  ]);
  flow.row(text(T.prerequisites, lang), [{ text: spec.prerequisites ? text(spec.prerequisites, lang) : text(T.none, lang) }]);
  const usedCode = str(subject?.['mc:supervisionVerificationUsed']);
  const used = usedCode ? SUPERVISION_VERIFICATION.find((c) => c.code === usedCode) : undefined;
  const supervision = used?.code ?? spec.supervisionVerification;
  flow.row(text(T.supervision, lang), [{ text: supervision ? labelOf(SUPERVISION_VERIFICATION, supervision, lang) : notSpecified }]);
  const grade = input.grade ?? str(objectOf(subject?.result)?.value);
  flow.row(text(T.grade, lang), [{ text: gradeText(section, grade) }]);
  const stack = spec.stackability;
  flow.row(text(T.stackability, lang), stack ? [
    { text: labelOf(STACKABILITY_MODES, stack.mode, lang) },
    ...stack.stacksInto.map((target, i) => ({
      text: [text(target.title, lang), target.url ?? target.id].filter(Boolean).join(' — '),
      marker: '•', gapBefore: i === 0 ? 2 : 0,
    })),
  ] : [{ text: notSpecified }]);
  const further: Piece[] = [];
  if (spec.furtherInfo) further.push({ text: text(spec.furtherInfo, lang) });
  if (spec.homepage) further.push({ text: `${text(T.homepage, lang)}: ${spec.homepage}`, gapBefore: further.length > 0 ? 2 : 0 });
  flow.row(text(T.furtherInfo, lang), further.length > 0 ? further : [{ text: notSpecified }]);
  const isced = spec.iscedF ? iscedField(spec.iscedF) : undefined;
  flow.row(text(T.isced, lang), [{ text: isced ? `${isced.code} ${isced[lang]}` : spec.iscedF ?? notSpecified }]);
  flow.row(text(T.languages, lang), [{ text: spec.languages.map((code) => languageName(code)[lang]).join(', ') }]);
  const validUntil = input.validUntil ?? dateOf(credential.validUntil);
  flow.row(text(T.validity, lang), [{ text: validUntil ? sentences.validUntil(lang, formatDate(validUntil, lang, section.timeZone)) : text(T.noExpiry, lang) }]);
  if (spec.humanCode) flow.row(text(T.humanCode, lang), [{ text: spec.humanCode }]);
  if (spec.zskCode) flow.row(text(T.zskCode, lang), [{ text: spec.zskCode }]);
  const id = str(credential.id);
  if (id) flow.row(text(T.credentialId, lang), [{ text: id, style: S.small }]);
  flow.row(text(T.verification, lang), [{ text: sentences.verify(lang, input.verifyUrl) }]);
}

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

// ---------------------------------------------------------------------------------------------------------------
// PDF/A-3: XMP metadata, the sRGB OutputIntent, the trailer ID.

/**
 * A small ICC v2 display profile of sRGB (IEC 61966-2-1): D50-adapted primaries and the sRGB tone curve as a
 * 1024-point table. Built here, so it carries no third-party copyright.
 */
function srgbIccProfile(): Uint8Array {
  const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
  const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  const u16 = (n: number): number[] => [(n >>> 8) & 255, n & 255];
  const s15 = (x: number): number[] => u32(Math.round(x * 65536) >>> 0);
  const xyz = (x: number, y: number, z: number): number[] => [...ascii('XYZ '), ...u32(0), ...s15(x), ...s15(y), ...s15(z)];
  const name = 'sRGB IEC61966-2.1';
  const desc = [...ascii('desc'), ...u32(0), ...u32(name.length + 1), ...ascii(name), 0, ...u32(0), ...u32(0), ...u16(0), 0, ...new Array<number>(67).fill(0)];
  const cprt = [...ascii('text'), ...u32(0), ...ascii('Public domain'), 0];
  const points = 1024;
  const curve = [...ascii('curv'), ...u32(0), ...u32(points)];
  for (let i = 0; i < points; i++) {
    const v = i / (points - 1);
    curve.push(...u16(Math.round(65535 * (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))));
  }
  const d50 = [0.9642, 1, 0.8249] as const;
  const tags: Array<[string, number[]]> = [
    ['desc', desc], ['cprt', cprt], ['wtpt', xyz(...d50)],
    ['rXYZ', xyz(0.4360747, 0.2225045, 0.0139322)], ['gXYZ', xyz(0.3850649, 0.7168786, 0.0971045)],
    ['bXYZ', xyz(0.1430804, 0.0606169, 0.7141733)], ['rTRC', curve], ['gTRC', curve], ['bTRC', curve],
  ];
  const table: number[] = [];
  const data: number[] = [];
  const placed = new Map<number[], number>();
  let offset = 128 + 4 + tags.length * 12;
  for (const [signature, bytes] of tags) {
    let at = placed.get(bytes);
    if (at === undefined) {
      at = offset;
      placed.set(bytes, at);
      const padded = [...bytes, ...new Array<number>((4 - (bytes.length % 4)) % 4).fill(0)];
      data.push(...padded);
      offset += padded.length;
    }
    table.push(...ascii(signature), ...u32(at), ...u32(bytes.length));
  }
  const header = [
    ...u32(offset), ...u32(0), ...u32(0x02100000), ...ascii('mntr'), ...ascii('RGB '), ...ascii('XYZ '),
    ...u16(2026), ...u16(1), ...u16(1), ...u16(0), ...u16(0), ...u16(0), ...ascii('acsp'),
    ...new Array<number>(28).fill(0), ...s15(d50[0]), ...s15(d50[1]), ...s15(d50[2]),
  ];
  return Uint8Array.from([...header, ...new Array<number>(128 - header.length).fill(0), ...u32(tags.length), ...table, ...data]);
}

let iccProfile: Uint8Array | undefined;

function xml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface DocumentInfo {
  readonly title: string;
  readonly author: string;
  readonly subject: string;
  readonly keywords: string;
  readonly language: string;
  readonly created: Date;
}

const CREATOR = 'Mikrocred';
const PRODUCER = 'Mikrocred certificate-pdf (pdf-lib)';

function xmpPacket(info: DocumentInfo): string {
  const date = info.created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(info.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>${xml(info.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(info.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>${xml(info.language)}</rdf:li></rdf:Bag></dc:language>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreateDate>${date}</xmp:CreateDate>
   <xmp:ModifyDate>${date}</xmp:ModifyDate>
   <xmp:MetadataDate>${date}</xmp:MetadataDate>
   <xmp:CreatorTool>${CREATOR}</xmp:CreatorTool>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>${xml(PRODUCER)}</pdf:Producer>
   <pdf:Keywords>${xml(info.keywords)}</pdf:Keywords>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** The Info dictionary, the matching XMP packet, the OutputIntent and the trailer ID. */
function setPdfA(doc: PDFDocument, info: DocumentInfo, idSeed: string): void {
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  doc.setAuthor(info.author);
  doc.setSubject(info.subject);
  doc.setKeywords([info.keywords]);
  doc.setCreator(CREATOR);
  doc.setProducer(PRODUCER);
  doc.setCreationDate(info.created);
  doc.setModificationDate(info.created);
  doc.setLanguage(info.language);
  const { context, catalog } = doc;
  const metadata = context.stream(new TextEncoder().encode(xmpPacket(info)), { Type: 'Metadata', Subtype: 'XML' });
  catalog.set(PDFName.of('Metadata'), context.register(metadata));
  iccProfile ??= srgbIccProfile();
  const profile = context.register(context.flateStream(iccProfile, { N: 3 }));
  const intent = context.obj({
    Type: 'OutputIntent', S: 'GTS_PDFA1', OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'), Info: PDFString.of('sRGB IEC61966-2.1'), DestOutputProfile: profile,
  });
  catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]));
  const id = createHash('sha256').update(idSeed).digest('hex').slice(0, 32);
  context.trailerInfo.ID = context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
}

// ---------------------------------------------------------------------------------------------------------------

/** The attached JSON: the caller's exact text, which must be the credential, or the credential pretty-printed. */
function attachmentText(input: CertificateInput): string {
  if (input.credentialJson === undefined) return JSON.stringify(input.credential, null, 2);
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.credentialJson);
  } catch {
    throw new TypeError('credentialJson is not JSON');
  }
  // Compared as JSON values (key order aside), so a credential read from a JSONB column matches its stored text.
  if (!isDeepStrictEqual(parsed, JSON.parse(JSON.stringify(input.credential)))) {
    throw new TypeError('credentialJson is not the JSON text of credential');
  }
  return input.credentialJson;
}

/** The institution's logo; a copy of the bytes, since pdf-lib reads a Buffer's whole underlying ArrayBuffer. */
async function embedLogo(doc: PDFDocument, logo: NonNullable<CertificateInput['institution']['logo']>): Promise<PDFImage> {
  const bytes = new Uint8Array(logo.bytes);
  try {
    return await (logo.type === 'image/png' ? doc.embedPng(bytes) : doc.embedJpg(bytes));
  } catch (error) {
    throw new TypeError(`The institution's logo is not a valid ${logo.type === 'image/png' ? 'PNG' : 'JPEG'} image: ${(error as Error).message}`);
  }
}

/** The PDF certificate of an issued micro-credential (see the file header). */
export async function certificatePdf(input: CertificateInput): Promise<Uint8Array> {
  const json = attachmentText(input);
  if (Number.isNaN(input.issuedAt.getTime())) throw new RangeError('issuedAt is not a valid date');
  const spec = input.specification;
  const languages: Lang[] = input.language === 'both' ? ['pl', 'en'] : [input.language];
  const bytes = await loadFontBytes();
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(plainFontkit);
  const embed = (name: FontName): Promise<PDFFont> => doc.embedFont(bytes[name], { subset: true, customName: SUBSET_NAMES[name] });
  const [regular, bold, serif] = await Promise.all([embed('regular'), embed('bold'), embed('serif')]);
  const fonts: Fonts = { regular, bold, serif };
  const logo = input.institution.logo ? await embedLogo(doc, input.institution.logo) : undefined;
  const timeZone = spec.issuerCountry === 'PL' ? 'Europe/Warsaw' : 'UTC';

  const sections: Array<{ lang: Lang; pages: PDFPage[] }> = [];
  for (const lang of languages) {
    const title = text(spec.title, lang);
    const otherTitle = text(spec.title, lang === 'pl' ? 'en' : 'pl');
    const institution = lang === 'pl' ? input.institution.namePl : input.institution.nameEn;
    const flow = new Flow(doc, fonts, `${institution} · ${title} · ${input.learnerName}`);
    flow.runningLang = lang;
    flow.newPage(true);
    const section: Section = { input, lang, logo, timeZone };
    firstPageHeader(flow, section, title, otherTitle);
    elementRows(flow, section);
    sections.push({ lang, pages: flow.pages });
  }

  // Footers: the attachment note with the URL, and page numbers across the whole document.
  const total = sections.reduce((n, s) => n + s.pages.length, 0);
  let number = 0;
  for (const { lang, pages } of sections) {
    for (const page of pages) {
      number++;
      const pageLabel = sentences.page(lang, number, total);
      const labelWidth = regular.widthOfTextAtSize(pageLabel, S.footer.size);
      page.drawLine({ start: { x: MARGIN, y: 52 }, end: { x: A4[0] - MARGIN, y: 52 }, thickness: 0.5, color: RULE });
      page.drawText(pageLabel, { x: A4[0] - MARGIN - labelWidth, y: 42, size: S.footer.size, font: regular, color: MUTED });
      wrap(sentences.footer(lang, input.verifyUrl), regular, S.footer.size, CONTENT_WIDTH - labelWidth - 20).slice(0, 3)
        .forEach((line, i) => page.drawText(line, { x: MARGIN, y: 42 - i * S.footer.leading, size: S.footer.size, font: regular, color: MUTED }));
    }
  }

  const created = new Date(Math.floor(Date.now() / 1000) * 1000);
  const both = input.language === 'both';
  const lang0 = languages[0] ?? 'pl';
  const author = lang0 === 'pl' ? input.institution.namePl : input.institution.nameEn;
  const titles = languages.map((l) => `${text(T.caption, l).charAt(0)}${text(T.caption, l).slice(1).toLowerCase()}: ${text(spec.title, l)}`);
  const subjects = languages.map((l) => (l === 'pl'
    ? `Mikropoświadczenie wydane przez ${input.institution.namePl}; podpisane poświadczenie jest załączone jako ${CREDENTIAL_ATTACHMENT}`
    : `Micro-credential issued by ${input.institution.nameEn}; the signed credential is attached as ${CREDENTIAL_ATTACHMENT}`));
  const info: DocumentInfo = {
    title: `${titles.join(' / ')} — ${input.learnerName}`,
    author,
    subject: subjects.join(' / '),
    keywords: ['mikropoświadczenie', 'micro-credential', 'Open Badges 3.0', 'Verifiable Credential', str(input.credential.id)].filter(Boolean).join(', '),
    language: both ? 'pl' : lang0,
    created,
  };
  await doc.attach(new TextEncoder().encode(json), CREDENTIAL_ATTACHMENT, {
    mimeType: CREDENTIAL_MEDIA_TYPE,
    description: lang0 === 'pl' ? 'Podpisane poświadczenie (Open Badges 3.0, W3C Verifiable Credential)' : 'The signed credential (Open Badges 3.0, W3C Verifiable Credential)',
    creationDate: input.issuedAt,
    modificationDate: input.issuedAt,
    afRelationship: AFRelationship.Data,
  });
  setPdfA(doc, info, `${json}\n${input.language}\n${created.toISOString()}`);
  return doc.save();
}
