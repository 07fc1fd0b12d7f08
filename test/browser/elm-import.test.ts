/**
 * Importing an ELM document (Europass / EDC) into the catalogue, in a real browser against the real server
 * (harness.ts): the demo owner opens the import page from the list of micro-credentials; a file that is not JSON is
 * refused in the browser (no request), a JSON file that is not ELM (dropped on the drop zone) gets the server's 422
 * message in Polish and in English; the EC's sample credential (../shared/vendor/examples/elm/elm-Sample-MC-Annex1-unsigned.jsonld) is shown
 * as a dry run (nothing saved): its title, the elements carried over by their names, what is kept as further
 * information, what is left out, and the problems of the draft, in Polish and in English; "Create draft" opens the
 * new draft in the editor, without the learner's data. Screenshots go to test-results/elm-import-*.png.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page, Request } from 'playwright-core';
import { eventually, openBrowserSession, ROOT, SLUG, TIMEOUT, type BrowserSession, signInAsOwner } from './harness.ts';

const SAMPLE = resolve(ROOT, 'test/fixtures/elm/elm-Sample-MC-Annex1-unsigned.jsonld');
const TITLE = 'Digital micro-credential creation';
const IMPORT_API = `/api/v1/institutions/${SLUG}/specifications/import/elm`;

describe('catalogue: importing an ELM (Europass) document (browser)', { timeout: TIMEOUT * 2 }, () => {
  let session: BrowserSession | undefined;
  let page: Page;
  let base = '';
  let shot: (name: string) => Promise<Buffer>;
  /** The bodies of the import requests the page sent. */
  const imports: Array<{ dryRun?: boolean; document?: unknown }> = [];

  const h1 = (): Locator => page.locator('h1');
  const fileInput = (): Locator => page.locator('#elm-file');
  const table = (name: string): Locator => page.getByRole('table', { name });
  const row = (tableName: string, text: string | RegExp): Locator => table(tableName).getByRole('row').filter({ hasText: text });

  async function specificationTitles(): Promise<string[]> {
    const answer = await page.request.get(`${base}/api/v1/institutions/${SLUG}/specifications`);
    assert.equal(answer.status(), 200);
    return (await answer.json() as Array<{ title: { pl: string; en: string } }>).map((s) => s.title.en || s.title.pl);
  }

  before(async () => {
    assert.ok(existsSync(SAMPLE), `The EC sample is missing: ${SAMPLE}`);
    // 401 before signing in; 422 is the refused document the test sends on purpose.
    session = await openBrowserSession({ expectedStatuses: [401, 422] });
    ({ page, base, shot } = session);
    page.on('request', (request: Request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === IMPORT_API) imports.push(request.postDataJSON() as { dryRun?: boolean });
    });
  }, { timeout: TIMEOUT });

  after(async () => {
    await session?.close();
  });

  it('a designer opens the import page from the list of micro-credentials', async () => {
    assert.ok(session);
    await signInAsOwner(session);
    await page.getByRole('navigation', { name: 'Nawigacja główna' }).getByRole('link', { name: 'Mikropoświadczenia' }).click();
    await h1().filter({ hasText: 'Mikropoświadczenia' }).waitFor();
    await page.getByRole('table', { name: 'Mikropoświadczenia instytucji' }).waitFor();
    await shot('elm-import-00-list');
    await page.getByRole('link', { name: 'Importuj z Europass (ELM)' }).click();
    await h1().filter({ hasText: 'Import z Europass (ELM)' }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/institutions/${SLUG}/specifications/import`);
    assert.equal(await page.title(), 'Import z Europass (ELM) · Mikrocred');
    // The page's own address works too (reload).
    await page.reload();
    await h1().filter({ hasText: 'Import z Europass (ELM)' }).waitFor();
    await page.getByText('Danych uczącego się z poświadczenia nigdy się nie importuje.').waitFor();
  });

  it('a file that is not JSON is refused in the browser, without a request', async () => {
    await fileInput().setInputFiles({ name: 'notatki.json', mimeType: 'application/json', buffer: Buffer.from('To nie jest JSON, tylko notatki.\n') });
    const problem = page.locator('#elm-file-problem');
    await problem.getByText('Plik „notatki.json” nie jest poprawnym plikiem JSON.').waitFor();
    assert.equal(await problem.getAttribute('role'), 'alert');
    assert.equal(await fileInput().getAttribute('aria-invalid'), 'true');
    assert.match(await fileInput().getAttribute('aria-describedby') ?? '', /elm-file-problem/);
    assert.equal(imports.length, 0, 'no request for a file that is not JSON');
    await page.getByRole('button', { name: /^EN/ }).click();
    await problem.getByText('The file "notatki.json" is not valid JSON.').waitFor();
    await page.getByRole('button', { name: /^PL/ }).click();
    await problem.getByText('Plik „notatki.json” nie jest poprawnym plikiem JSON.').waitFor();
    await shot('elm-import-01-not-json');
  });

  it('a JSON file that is not ELM, dropped on the page, gets the server\'s 422 message, in Polish and in English', async () => {
    // Dropped on the drop zone (a real drop event with the file), not chosen with the input.
    await page.locator('[data-drop-zone="elm-file"]').evaluate((zone, text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'osoba.json', { type: 'application/json' }));
      zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }, JSON.stringify({ type: 'Qualification', title: 'X' }));
    await page.getByText('Plik: osoba.json').waitFor();
    const problem = page.locator('#elm-file-problem');
    await problem.getByText('Dokument nie ma „@context”: to nie jest JSON-LD modelu ELM').waitFor();
    assert.equal(imports.length, 1);
    assert.equal(imports[0]?.dryRun, true);
    await page.getByRole('button', { name: /^EN/ }).click();
    await problem.getByText('The document has no "@context": it is not ELM JSON-LD').waitFor();
    await page.getByRole('button', { name: /^PL/ }).click();
    await problem.getByText('Dokument nie ma „@context”').waitFor();
  });

  it('the EC sample credential shows as a dry run: title, carried-over elements, kept texts, left-out parts, problems', async () => {
    await fileInput().setInputFiles(SAMPLE);
    const result = page.getByRole('heading', { name: 'Co zostanie zaimportowane', level: 2 });
    await result.waitFor();
    assert.equal(await page.locator('#elm-file-problem').count(), 0, 'the earlier refusal is gone');
    assert.equal(await fileInput().getAttribute('aria-invalid'), null);
    // Focus moves to the result.
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'elm-result'));
    assert.equal(imports.length, 2);
    assert.equal(imports[1]?.dryRun, true);
    assert.equal((imports[1]?.document as { type?: unknown } | undefined)?.type !== undefined, true, 'the parsed document is sent');

    const preview = page.locator('.elm-preview');
    await preview.getByText(TITLE, { exact: true }).waitFor();
    await preview.getByText('Poświadczenie ELM (Europass / EDC) wydane osobie').waitFor();
    await preview.getByText('Certificate number: C012').waitFor();
    // The learner's data is never imported: said on the page, and the report lists it as left out.
    await preview.getByRole('status').filter({ hasText: 'Dane uczącego się (imię i nazwisko, data urodzenia' }).waitFor();

    // Carried over: the model's elements by the editor's names, with their source in the ELM document.
    await row('Elementy mikropoświadczenia wypełnione z dokumentu', /^Tytuł/).getByText('Qualification.title').waitFor();
    await row('Elementy mikropoświadczenia wypełnione z dokumentu', 'Efekty uczenia się').getByText('Qualification.learningOutcome').waitFor();
    await row('Elementy mikropoświadczenia wypełnione z dokumentu', 'Punkty ECTS').getByText('Qualification.creditPoint').waitFor();
    await row('Elementy mikropoświadczenia wypełnione z dokumentu', 'Poziom ERK (EQF)').waitFor();
    // Kept as further information: the label and the text.
    const nqf = row('Treści zachowane jako dodatkowe informacje', 'RQF Level 6');
    await nqf.getByRole('rowheader', { name: 'Poziom krajowej ramy kwalifikacji' }).waitFor();
    await nqf.getByText('Qualification.nqfLevel').waitFor();
    await row('Treści zachowane jako dodatkowe informacje', 'EDC building training course').getByRole('rowheader', { name: 'Działanie edukacyjne' }).waitFor();
    // Left out, with the reason.
    await row('Pominięte części dokumentu i powód', 'credentialSubject.nationalID').getByText('Numer identyfikacji krajowej nie jest przenoszony').waitFor();
    await row('Pominięte części dokumentu i powód', /^credentialSubject, issued/).getByText('katalog przyjmuje tylko specyfikację').waitFor();

    // The problems the draft will have, named like the editor's fields.
    const problems = page.locator('#elm-problems');
    await problems.getByRole('heading', { name: 'Co trzeba będzie uzupełnić w szkicu' }).waitFor();
    await problems.getByRole('heading', { name: /^\d+ błęd(y|ów)$/ }).waitFor();
    await problems.getByRole('listitem').filter({ hasText: /^Rodzaj oceny: Pole wymagane$/ }).waitFor();
    await problems.getByRole('listitem').filter({ hasText: /^Tytuł po polsku: Brak tekstu w języku polskim$/ }).waitFor();
    await problems.getByRole('listitem').filter({ hasText: /^Treść efektu 1 po polsku: Brak tekstu w języku polskim$/ }).waitFor();
    await problems.getByRole('listitem').filter({ hasText: /^Rodzaj zapewniania jakości: Pole wymagane$/ }).waitFor();
    await shot('elm-import-02-preview-pl');

    // A dry run saves nothing.
    assert.ok(!(await specificationTitles()).includes(TITLE), 'the dry run created no specification');
  });

  it('the preview follows the language switch', async () => {
    await page.getByRole('button', { name: /^EN/ }).click();
    await page.getByRole('heading', { name: 'What will be imported', level: 2 }).waitFor();
    await h1().filter({ hasText: 'Import from Europass (ELM)' }).waitFor();
    const problems = page.locator('#elm-problems');
    await problems.getByRole('listitem').filter({ hasText: /^Type of assessment: Required$/ }).waitFor();
    await problems.getByRole('listitem').filter({ hasText: /^Title in Polish: The Polish text is missing$/ }).waitFor();
    await row('Content kept as further information', 'RQF Level 6').getByRole('rowheader', { name: 'National qualifications framework level' }).waitFor();
    await row('Micro-credential elements filled in from the document', /^Title/).getByText('Qualification.title').waitFor();
    await row('Parts of the document left out, and why', 'credentialSubject.nationalID').getByText('The national identity number is not carried over').waitFor();
    await page.locator('.elm-preview').getByText('ELM credential (Europass / EDC) awarded to a person').waitFor();
    await shot('elm-import-03-preview-en');
  });

  it('"Create draft" imports it and opens the new draft in the editor, without the learner\'s data', async () => {
    await page.getByRole('button', { name: 'Create draft' }).click();
    await eventually(async () => assert.match(new URL(page.url()).pathname, new RegExp(`^/institutions/${SLUG}/specifications/[0-9a-f-]{36}$`)));
    await h1().filter({ hasText: TITLE }).waitFor();
    assert.equal(imports.length, 3);
    assert.equal(imports[2]?.dryRun, false);
    assert.equal(await page.getByLabel('Title in English').inputValue(), TITLE);
    assert.equal(await page.getByLabel('Title in Polish').inputValue(), '');
    await page.locator('.spec-meta .status').filter({ hasText: 'Draft' }).waitFor();
    // The editor shows the same gaps at the fields.
    const summary = page.locator('#spec-problems');
    await summary.getByRole('link', { name: /^Type of assessment: Required/ }).waitFor();
    // Kept texts are in the further information.
    assert.match(await page.getByLabel('Further information in English').inputValue(), /RQF Level 6/);
    await shot('elm-import-04-editor');

    const specId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    assert.ok((await specificationTitles()).includes(TITLE));
    const stored = await page.request.get(`${base}/api/v1/institutions/${SLUG}/specifications/${specId}`);
    const text = await stored.text();
    for (const personal of ['Andromeda', 'ana.andromeda@email.com', '1999-10-01']) assert.ok(!text.includes(personal), `${personal} is not stored`);
    await page.getByRole('button', { name: /^PL/ }).click();
    await h1().filter({ hasText: TITLE }).waitFor();
  });

  it('ran without script errors or CSP violations', () => {
    assert.deepEqual(session?.pageErrors, []);
  });
});
