/**
 * The PDF certificate: made in Polish, English and both; the attached credential is read back byte for byte and
 * verifies; the text (extracted by pdf.js) has every element with Polish glyphs intact and nothing lost or off the
 * page for very long texts; logos embed; the QR code decodes to the verification URL; PDF/A-3 structures are there;
 * credentialFromPdf finds credentials in other PDFs and refuses what is not a PDF with a clear reason.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import jsqr from 'jsqr';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import {
  AFRelationship, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFStream, PDFString, decodePDFRawStream,
  type PDFObject,
} from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { certificatePdf, type CertificateInput } from '../src/documents/certificate-pdf.ts';
import { credentialFromPdf, PdfInputError } from '../src/documents/pdf-credential.ts';
import { verifyCredential, type JsonObject } from '../src/credentials/index.ts';
import { validateSpecification, type Specification } from '../src/model/index.ts';
import { issueExample, newKey, specification } from './fixtures.ts';

const VERIFY_URL = 'https://mikrocred.example.pl/v/7QmX2k9p';
const LEARNER = 'Zofia Wiśniewska-Łęcka';
/** The x where element values start (MARGIN + label column + gap in certificate-pdf.ts). */
const VALUE_X = 210;

interface TextItem { str: string; x: number; y: number; width: number; page: number }
interface Extracted { pages: number; items: TextItem[]; flat: string; attachments: Record<string, { filename: string; content: Uint8Array }> }

/** Text items and attachments as pdf.js (Mozilla's PDF reader) sees them. */
async function extract(bytes: Uint8Array): Promise<Extracted> {
  const doc = await getDocument({ data: bytes.slice(), verbosity: 0, isEvalSupported: false }).promise;
  const items: TextItem[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    for (const item of content.items) {
      if ('str' in item) items.push({ str: item.str, x: Number(item.transform[4]), y: Number(item.transform[5]), width: item.width, page: p });
    }
  }
  const attachments = (await doc.getAttachments() ?? {}) as Extracted['attachments'];
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, items, flat: items.map((i) => i.str).join(' ').replace(/\s+/g, ' '), attachments };
}

const dense = (s: string): string => s.replace(/\s+/g, '');

/** The raw stream `ref` points to (lookup with a stream class is not typed in pdf-lib). */
function rawStream(doc: PDFDocument, ref: PDFObject | undefined): PDFRawStream {
  const stream = ref === undefined ? undefined : doc.context.lookup(ref);
  assert.ok(stream instanceof PDFRawStream);
  return stream;
}

/** Equality of long texts without printing them whole on failure. */
function sameText(actual: string | undefined, expected: string | undefined, what: string): void {
  assert.ok(actual === expected, `${what}: ${actual?.length ?? 'no'} characters, expected ${expected?.length ?? 'none'}`);
}

/** The text of the element values column (no labels, running heads or footers), whitespace removed. */
function valueColumn(extracted: Extracted): string {
  return dense(extracted.items.filter((i) => i.x >= VALUE_X - 0.5 && i.y > 60 && i.y < 790).map((i) => i.str).join(''));
}

let credential: JsonObject;
let spec: Specification;
let base: CertificateInput;
const pdfs: Partial<Record<CertificateInput['language'], { bytes: Uint8Array; text: Extracted }>> = {};

async function made(language: CertificateInput['language']): Promise<{ bytes: Uint8Array; text: Extracted }> {
  const cached = pdfs[language];
  if (cached) return cached;
  const bytes = await certificatePdf({ ...base, language });
  const result = { bytes, text: await extract(bytes) };
  pdfs[language] = result;
  return result;
}

function validSpec(input: unknown): Specification {
  const result = validateSpecification(input);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
  return result.value;
}

before(async () => {
  const { key } = await newKey();
  credential = await issueExample(key);
  spec = validSpec(specification());
  base = {
    credential, credentialJson: JSON.stringify(credential), specification: spec, learnerName: LEARNER,
    issuedAt: new Date(String(credential.validFrom)), grade: '4.5',
    institution: { namePl: 'Uniwersytet Przykładowy w Warszawie', nameEn: 'Example University in Warsaw' },
    verifyUrl: VERIFY_URL, language: 'pl',
  };
});

describe('the attached credential', () => {
  for (const language of ['pl', 'en', 'both'] as const) {
    it(`${language}: is read back byte for byte and verifies`, async () => {
      const { bytes, text } = await made(language);
      const found = await credentialFromPdf(bytes);
      assert.ok(found, 'no credential found');
      sameText(found.json, base.credentialJson, 'attached JSON');
      const report = await verifyCredential(JSON.parse(found.json));
      assert.equal(report.verdict, 'valid', JSON.stringify(report.checks.map((c) => [c.id, c.status, c.message.en])));
      // Another reader (pdf.js) sees the same attachment.
      const attached = text.attachments['credential.json'];
      assert.ok(attached);
      sameText(new TextDecoder().decode(attached.content), base.credentialJson, 'pdf.js attachment');
    });
  }

  it('without credentialJson the credential is attached pretty-printed; a mismatching text is refused', async () => {
    const found = await credentialFromPdf(await certificatePdf({ ...base, credentialJson: undefined }));
    sameText(found?.json, JSON.stringify(credential, null, 2), 'pretty-printed JSON');
    await assert.rejects(certificatePdf({ ...base, credentialJson: '{"other":true}' }), TypeError);
  });
});

describe('the printed text', () => {
  const polish = ['Efekty uczenia się', 'Podmiot przyznający', 'Rodzaj oceny', 'Forma udziału', 'Zapewnianie jakości',
    'Wymagania wstępne', 'Możliwość łączenia', 'Dodatkowe informacje', 'Języki kształcenia i oceny', 'Ważność poświadczenia'];
  const english = ['Learning outcomes', 'Awarding body', 'Type of assessment', 'Form of participation', 'Quality assurance',
    'Prerequisites', 'Integration / stackability', 'Further information', 'Languages of instruction and assessment',
    'Validity of the credential', 'Notional workload', 'Date of issue'];

  it('pl: title, learner, institution, Polish words intact, labels of codes, outcomes, the short URL', async () => {
    const { text } = await made('pl');
    for (const s of ['Analiza danych w Pythonie', LEARNER, 'Uniwersytet Przykładowy w Warszawie', VERIFY_URL, 'MIKROPOŚWIADCZENIE',
      ...polish, 'typowe źródła błędów', 'Hybrydowo', 'Pozaformalne', 'Projekt', 'polski, angielski',
      'Pod nadzorem online lub stacjonarnie, z weryfikacją tożsamości', 'Uczelniany system zapewniania jakości kształcenia',
      '4,5 (dobry plus) — Skala ocen szkolnictwa wyższego 2–5', 'Poziom 6 ERK · Poziom 6 PRK', 'REGON: 142036717',
      '0613 Tworzenie i analiza oprogramowania i aplikacji', 'Możliwe do łączenia w większe poświadczenie', 'credential.json']) {
      assert.ok(text.flat.includes(s), `missing: ${s}`);
    }
    for (const raw of ['supervised-with-id', 'internal-hei-qa', 'pl-he-2-5', 'blended', 'non-formal', 'stackable']) {
      assert.ok(!text.flat.includes(raw), `raw code printed: ${raw}`);
    }
    const values = valueColumn(text);
    for (const outcome of spec.learningOutcomes) assert.ok(values.includes(dense(outcome.text.pl)), outcome.id);
    assert.ok(!text.flat.includes('Learning outcomes'));
  });

  it('en: English labels and texts, the Polish title and name as well', async () => {
    const { text } = await made('en');
    for (const s of ['Data analysis in Python', 'Analiza danych w Pythonie', LEARNER, 'Uniwersytet Przykładowy w Warszawie',
      'Example University in Warsaw', VERIFY_URL, 'MICRO-CREDENTIAL', ...english, 'Blended', 'Non-formal', 'Polish, English',
      'Supervised online or onsite with identity verification', '4.5 (good plus) — Polish higher education grading scale 2–5']) {
      assert.ok(text.flat.includes(s), `missing: ${s}`);
    }
    for (const s of polish) assert.ok(!text.flat.includes(s), `Polish label in the English version: ${s}`);
    const values = valueColumn(text);
    for (const outcome of spec.learningOutcomes) assert.ok(values.includes(dense(outcome.text.en)), outcome.id);
  });

  it('both: Polish pages, then English pages, with every element in both languages', async () => {
    const both = (await made('both')).text;
    const pl = (await made('pl')).text;
    const en = (await made('en')).text;
    assert.equal(both.pages, pl.pages + en.pages);
    for (const s of [...polish, ...english]) assert.ok(both.flat.includes(s), `missing: ${s}`);
    assert.ok(both.flat.indexOf('Efekty uczenia się') < both.flat.indexOf('Learning outcomes'));
    assert.ok(both.flat.includes(`Strona 1 z ${both.pages}`) && both.flat.includes(`Page ${both.pages} of ${both.pages}`));
  });

  it('every Polish letter, small and capital, survives embedding and extraction', async () => {
    const pangram = 'Zażółć gęślą jaźń. ZAŻÓŁĆ GĘŚLĄ JAŹŃ. Źdźbło, ćma, żółw, łódź, ńą.';
    const withPangram = validSpec({ ...specification(), furtherInfo: { pl: pangram, en: pangram } });
    // The learner's name in decomposed form (letters + combining marks) is printed with the precomposed letters.
    const { flat } = await extract(await certificatePdf({ ...base, specification: withPangram, learnerName: 'Łucja Ćwiek-Śliż'.normalize('NFD') }));
    assert.ok(flat.includes(pangram));
    assert.ok(flat.includes('Łucja Ćwiek-Śliż'));
  });
});

describe('layout', () => {
  it('very long texts flow onto more pages; nothing is lost or leaves the page', async () => {
    const words = 'Uczestnik potrafi samodzielnie zaprojektować, wdrożyć i ocenić potok przetwarzania danych, uwzględniając jakość, źródła błędów, łączność z bazą i żądania użytkowników';
    const long = (n: number, max: number): string => `${n}: ${`${words} `.repeat(20)}`.slice(0, max).trim();
    const unbroken = `https://example.org/${'x'.repeat(300)}`;
    const raw = specification();
    raw.learningOutcomes = Array.from({ length: 24 }, (_, i) => ({
      id: `LO${i + 1}`, type: 'skill',
      text: { pl: i === 3 ? `${long(i, 1500)} ${unbroken}` : long(i, 1990), en: long(i, 1990) },
    }));
    raw.furtherInfo = { pl: long(99, 4990), en: long(99, 4990) };
    raw.prerequisites = { pl: long(98, 1990), en: long(98, 1990) };
    const longSpec = validSpec(raw);
    const bytes = await certificatePdf({
      ...base, specification: longSpec, learnerName: `${LEARNER} ${'Długonazwiskowa-'.repeat(12)}`,
      institution: { namePl: 'Uniwersytet Przykładowy '.repeat(30), nameEn: 'Example University '.repeat(30) },
      verifyUrl: `${VERIFY_URL}?${'q=ź&'.repeat(100)}`,
    });
    const text = await extract(bytes);
    assert.ok(text.pages > (await made('pl')).text.pages + 5, `only ${text.pages} pages`);
    const values = valueColumn(text);
    for (const outcome of longSpec.learningOutcomes) assert.ok(values.includes(dense(outcome.text.pl)), `${outcome.id} lost`);
    assert.ok(values.includes(dense(longSpec.furtherInfo?.pl ?? '')), 'further information lost');
    assert.ok(values.includes(dense(longSpec.prerequisites?.pl ?? '')), 'prerequisites lost');
    for (const item of text.items) {
      if (item.str.trim() === '') continue;
      assert.ok(item.x >= 49 && item.x + item.width <= 595.28 - 49, `off the page sideways (p. ${item.page}): ${item.str}`);
      assert.ok(item.y >= 20 && item.y <= 841.89 - 30, `off the page vertically (p. ${item.page}): ${item.str}`);
    }
    sameText((await credentialFromPdf(bytes))?.json, base.credentialJson, 'attached JSON');
  });

  it('a PNG (with transparency) and a JPEG logo are embedded', async () => {
    const width = 120;
    const height = 48;
    const png = new PNG({ width, height });
    const rgba = Buffer.alloc(width * height * 4);
    for (let i = 0; i < width * height; i++) rgba.set([0, 51, 153, i % width < 20 ? 0 : 255], i * 4);
    rgba.copy(png.data);
    const logos = [
      { bytes: PNG.sync.write(png), type: 'image/png' as const },
      { bytes: jpeg.encode({ data: rgba, width, height }, 85).data, type: 'image/jpeg' as const },
    ];
    for (const logo of logos) {
      const bytes = await certificatePdf({ ...base, institution: { ...base.institution, logo } });
      const doc = await PDFDocument.load(bytes);
      const xobjects = doc.getPage(0).node.Resources()?.lookup(PDFName.of('XObject'), PDFDict);
      assert.ok(xobjects, `${logo.type}: no image on page 1`);
      const images = xobjects.values().map((ref) => doc.context.lookup(ref)).filter((o): o is PDFStream =>
        o instanceof PDFStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'));
      assert.equal(images.length, 1, logo.type);
      const image = images[0];
      assert.ok(image);
      if (logo.type === 'image/png') assert.ok(image.dict.get(PDFName.of('SMask')), 'the PNG alpha channel is kept');
      else assert.equal(image.dict.get(PDFName.of('Filter')), PDFName.of('DCTDecode'));
      sameText((await credentialFromPdf(bytes))?.json, base.credentialJson, logo.type);
    }
  });

  it('the QR code, as drawn on the page, decodes to the verification URL', async () => {
    const doc = await PDFDocument.load((await made('pl')).bytes);
    const contents = doc.getPage(0).node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
    const ops = streams.filter((s): s is PDFRawStream => s instanceof PDFRawStream)
      .map((s) => Buffer.from(decodePDFRawStream(s).decode()).toString('latin1')).join('\n');
    const block = /\/QRCode BMC([\s\S]*?)EMC/.exec(ops)?.[1];
    assert.ok(block, 'no QR code block');
    const rects = [...block.matchAll(/([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re/g)].map((m) => m.slice(1, 5).map(Number) as [number, number, number, number]);
    const m = rects[0]?.[3] ?? 1;
    const minX = Math.min(...rects.map((r) => r[0]));
    const maxY = Math.max(...rects.map((r) => r[1] + r[3]));
    const n = Math.round((Math.max(...rects.map((r) => r[0] + r[2])) - minX) / m);
    const px = 4;
    const side = (n + 8) * px;
    const image = new Uint8ClampedArray(side * side * 4).fill(255);
    for (const [x, y, w, h] of rects) {
      const col0 = Math.round((x - minX) / m) + 4;
      const row0 = Math.round((maxY - (y + h)) / m) + 4;
      for (let r = row0 * px; r < (row0 + 1) * px; r++) {
        for (let c = col0 * px; c < (col0 + Math.round(w / m)) * px; c++) image.fill(0, (r * side + c) * 4, (r * side + c) * 4 + 3);
      }
    }
    assert.equal(jsqr.default(image, side, side)?.data, VERIFY_URL);
  });
});

describe('document metadata and PDF/A-3', () => {
  it('title, author, subject, language, dates, XMP, OutputIntent, trailer ID, associated file', async () => {
    const doc = await PDFDocument.load((await made('pl')).bytes, { updateMetadata: false });
    assert.match(doc.getTitle() ?? '', /Analiza danych w Pythonie — Zofia Wiśniewska-Łęcka/);
    assert.equal(doc.getAuthor(), 'Uniwersytet Przykładowy w Warszawie');
    assert.match(doc.getSubject() ?? '', /credential\.json/);
    assert.ok(doc.getCreationDate());
    assert.equal(doc.catalog.lookup(PDFName.of('Lang'))?.toString(), '(pl)');
    const xmp = rawStream(doc, doc.catalog.get(PDFName.of('Metadata')));
    const packet = Buffer.from(xmp.getContents()).toString('utf8');
    assert.match(packet, /<pdfaid:part>3<\/pdfaid:part>/);
    assert.ok(packet.includes('Uniwersytet Przykładowy w Warszawie'));
    const intent = doc.catalog.lookup(PDFName.of('OutputIntents'), PDFArray).lookup(0, PDFDict);
    assert.equal(intent.get(PDFName.of('S')), PDFName.of('GTS_PDFA1'));
    const profile = rawStream(doc, intent.get(PDFName.of('DestOutputProfile')));
    const icc = Buffer.from(decodePDFRawStream(profile).decode());
    assert.equal(icc.toString('latin1', 36, 40), 'acsp');
    assert.equal(icc.readUInt32BE(0), icc.length);
    assert.ok(doc.context.trailerInfo.ID, 'a trailer ID');
    const fileSpec = doc.catalog.lookup(PDFName.of('AF'), PDFArray).lookup(0, PDFDict);
    assert.equal(fileSpec.get(PDFName.of('AFRelationship')), PDFName.of(AFRelationship.Data));
    const file = rawStream(doc, fileSpec.lookup(PDFName.of('EF'), PDFDict).get(PDFName.of('F')));
    assert.equal(file.dict.get(PDFName.of('Subtype')), PDFName.of('application/vc+ld+json'));
  });
});

describe('credentialFromPdf on other input', () => {
  it('finds a credential in another PDF: name tree, or a file attachment annotation with an unfiltered stream', async () => {
    const other = await PDFDocument.create();
    other.addPage();
    await other.attach(new TextEncoder().encode('{"note":"not a credential"}'), 'notes.json', { mimeType: 'application/json' });
    await other.attach(new TextEncoder().encode(base.credentialJson ?? ''), 'my-badge.json', { mimeType: 'application/json' });
    sameText((await credentialFromPdf(await other.save()))?.json, base.credentialJson, 'name tree');

    const annotated = await PDFDocument.create();
    const page = annotated.addPage();
    const { context } = annotated;
    const stream = context.register(context.stream(new TextEncoder().encode(base.credentialJson ?? ''), { Type: 'EmbeddedFile' }));
    const spec = context.obj({ Type: 'Filespec', F: PDFString.of('badge.json'), EF: { F: stream } });
    page.node.addAnnot(context.register(context.obj({ Type: 'Annot', Subtype: 'FileAttachment', Rect: [0, 0, 10, 10], FS: spec })));
    sameText((await credentialFromPdf(await annotated.save()))?.json, base.credentialJson, 'annotation');
  });

  it('a PDF without a credential gives undefined', async () => {
    const plain = await PDFDocument.create();
    plain.addPage();
    assert.equal(await credentialFromPdf(await plain.save()), undefined);
    const withJson = await PDFDocument.create();
    withJson.addPage();
    await withJson.attach(new TextEncoder().encode('{"type":["Something"]}'), 'data.json');
    await withJson.attach(new TextEncoder().encode(base.credentialJson ?? ''), 'credential.txt');
    assert.equal(await credentialFromPdf(await withJson.save()), undefined);
  });

  it('bytes that are not a PDF, or a broken PDF, give a clear error in both languages, never a crash', async () => {
    const cases: Array<[string, Uint8Array]> = [
      ['JSON', new TextEncoder().encode(base.credentialJson ?? '')],
      ['empty', new Uint8Array()],
      ['PNG', PNG.sync.write(new PNG({ width: 1, height: 1 }))],
    ];
    for (const [name, bytes] of cases) {
      await assert.rejects(credentialFromPdf(bytes), (error: unknown) => {
        assert.ok(error instanceof PdfInputError, name);
        assert.equal(error.code, 'not_pdf', name);
        assert.ok(error.text.pl !== error.text.en && /PDF/.test(error.text.pl) && /PDF/.test(error.text.en), name);
        return true;
      });
    }
    const { bytes } = await made('pl');
    for (const broken of [bytes.slice(0, 300), Buffer.from('%PDF-1.7\n%garbage\n1 0 obj << /Type /Catalog')]) {
      try {
        assert.equal(await credentialFromPdf(broken), undefined);
      } catch (error) {
        assert.ok(error instanceof PdfInputError, String(error));
        assert.equal(error.code, 'damaged');
      }
    }
  });
});
