/**
 * Issuance in a real browser against the real server (harness.ts): the demo owner issues one credential (an invalid
 * e-mail shows next to its field; the same award again says it existed), uploads examples/cohort-sample.csv (twelve
 * rows; the preview reports row 9's bad e-mail and row 10's failing grade by row and column), changes the column
 * mapping and back, issues the ten valid rows and watches the progress bar reach 100 %, opens the batch's
 * credentials, downloads a PDF, revokes one credential with a reason (its status changes in place), and reads the
 * e-mails in the outbox with their claim links. Screenshots go to test-results/issuance-*.png.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { eventually, openBrowserSession, ROOT, SLUG, TIMEOUT, type BrowserSession, signInAsOwner } from './harness.ts';

const SPEC = 'Analiza danych w Pythonie (wersja 1)';
const SAMPLE = join(ROOT, 'examples/cohort-sample.csv');

describe('issuance: one credential, a cohort batch, the issued list, revocation and the outbox (browser)', { timeout: TIMEOUT * 2 }, () => {
  let session: BrowserSession | undefined;
  let page: Page;
  let base = '';
  let shot: (name: string) => Promise<Buffer>;
  let batchId = '';

  const h1 = (): Locator => page.locator('h1');
  const nav = (): Locator => page.getByRole('navigation', { name: 'Nawigacja główna' });
  const count = (name: string): Locator => page.locator(`dd[data-count="${name}"]`);

  before(async () => {
    // 401 before signing in; 422 is the invalid award the test sends on purpose.
    session = await openBrowserSession({ expectedStatuses: [401, 422] });
    ({ page, base, shot } = session);
  }, { timeout: TIMEOUT });

  after(async () => {
    await session?.close();
  });

  it('signs in as the demo owner and finds the issuance pages in the navigation', async () => {
    assert.ok(session);
    await signInAsOwner(session);
    for (const name of ['Wydawanie', 'Wydane', 'Skrzynka e-mail']) await nav().getByRole('link', { name, exact: true }).waitFor();
    await nav().getByRole('link', { name: 'Wydawanie', exact: true }).click();
    await h1().filter({ hasText: 'Wydawanie mikropoświadczeń' }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/institutions/${SLUG}/issue`);
    assert.equal(await page.getByRole('tab', { name: 'Jedno poświadczenie' }).getAttribute('aria-selected'), 'true');
  });

  it('issues one credential: a field error next to its field, then the summary; the same award again existed', async () => {
    await page.getByLabel('Mikropoświadczenie').selectOption({ label: SPEC });
    // The specification's grading scheme (2–5) gives the grades to choose from.
    const grade = page.getByLabel('Ocena');
    await grade.waitFor();
    await grade.selectOption('4.5');
    await page.getByLabel('Imię (imiona)').fill('Jan');
    await page.getByLabel('Nazwisko').fill('Kowalski');
    await page.getByLabel('E-mail', { exact: true }).fill('jan.kowalski(at)example.pl');
    await page.getByLabel('Data egzaminu / zaliczenia').fill('2026-06-20');
    await page.getByRole('button', { name: 'Wydaj mikropoświadczenie' }).click();
    await page.locator('#issue-email-error').filter({ hasText: 'Nieprawidłowy adres e-mail' }).waitFor();
    assert.equal(await page.getByLabel('E-mail', { exact: true }).getAttribute('aria-invalid'), 'true');
    await page.getByRole('alert').getByRole('link', { name: /E-mail: Nieprawidłowy adres e-mail/ }).waitFor();

    await page.getByLabel('E-mail', { exact: true }).fill('jan.kowalski@example.pl');
    await page.getByRole('button', { name: 'Wydaj mikropoświadczenie' }).click();
    const summary = page.getByRole('region', { name: 'Wydano mikropoświadczenie' });
    await summary.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'issued-title');
    assert.match(await summary.getByRole('link', { name: 'PDF po polsku' }).getAttribute('href') ?? '', /\/credentials\/[0-9a-f-]{36}\/pdf\?lang=pl$/);
    assert.match(await summary.getByRole('link', { name: /^JSON/ }).getAttribute('href') ?? '', /\/credentials\/[0-9a-f-]{36}\/json$/);
    assert.match(await summary.getByRole('textbox', { name: 'Publiczna strona weryfikacji' }).inputValue(), /^http:\/\/127\.0\.0\.1:\d+\/v\/[a-z0-9]{10}$/);
    await shot('issuance-01-one-issued');

    // The same learner again (the form keeps the specification): the credential issued before.
    await page.getByLabel('Imię (imiona)').fill('Jan');
    await page.getByLabel('Nazwisko').fill('Kowalski');
    await page.getByLabel('E-mail', { exact: true }).fill('jan.kowalski@example.pl');
    await page.getByRole('button', { name: 'Wydaj mikropoświadczenie' }).click();
    await page.getByRole('region', { name: 'To poświadczenie wydano już wcześniej' }).waitFor();
  });

  it('uploads the sample cohort: the preview counts the rows and shows row 9 and row 10 with their columns', async () => {
    await page.getByRole('tab', { name: 'Grupa z pliku (CSV, XLSX)' }).click();
    await eventually(async () => assert.equal(new URL(page.url()).searchParams.get('tab'), 'cohort'));
    assert.equal(await page.getByRole('link', { name: 'Pobierz przykładowy plik (CSV)' }).getAttribute('href'), '/api/v1/samples/cohort.csv');
    await page.getByLabel('Mikropoświadczenie').selectOption({ label: SPEC });
    await page.getByLabel('Plik CSV lub XLSX').setInputFiles(SAMPLE);
    await page.getByRole('button', { name: 'Wczytaj i sprawdź' }).click();
    await h1().filter({ hasText: 'Partia: cohort-sample.csv' }).waitFor();
    batchId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    assert.match(batchId, /^[0-9a-f-]{36}$/);

    assert.equal(await count('total').innerText(), '12');
    assert.equal(await count('valid').innerText(), '10');
    assert.equal(await count('invalid').innerText(), '2');
    assert.equal(await count('duplicates').innerText(), '0');

    const problems = page.locator('table.problems-table tbody tr');
    const row9 = problems.filter({ has: page.locator('th', { hasText: /^9$/ }) });
    assert.equal(await row9.locator('td').nth(0).innerText(), 'E-mail');
    assert.match(await row9.locator('td').nth(1).innerText(), /Nieprawidłowy adres e-mail/);
    const row10 = problems.filter({ has: page.locator('th', { hasText: /^10$/ }) });
    assert.equal(await row10.locator('td').nth(0).innerText(), 'Ocena');
    assert.match(await row10.locator('td').nth(1).innerText(), /Ocena „2” jest niedostateczna/);
    assert.equal(await problems.count(), 2);

    // The suggested mapping, one select per field (the file's headers as options).
    assert.equal(await page.getByLabel('Adres e-mail').inputValue(), '3');
    assert.equal(await page.getByLabel('Ocena').inputValue(), '6');
    assert.match(await page.locator('label[for="mapping-learner-familyName"]').innerText(), /wymagane/);

    // The full report (CSV) lists both rows.
    const report = await page.getByRole('link', { name: 'Pobierz pełny raport (CSV)' }).getAttribute('href');
    const csv = await (await page.request.get(`${base}${report ?? ''}`)).text();
    assert.match(csv, /^\uFEFF?Wiersz;Kolumna;Problem/);
    assert.match(csv, /\n9;E-mail;/);
    assert.match(csv, /\n10;Ocena;/);
    await shot('issuance-02-preview');
  });

  it('a mapping change checks every row again; the problem shows at its field', async () => {
    const familyName = page.locator('#mapping-learner-familyName');
    await familyName.selectOption('');
    await page.locator('#mapping-learner-familyName-error').filter({ hasText: /Wskaż kolumnę „Nazwisko”/ }).waitFor();
    await eventually(async () => assert.equal(await count('valid').innerText(), '0'));
    await familyName.selectOption({ label: 'C: Nazwisko' });
    await eventually(async () => assert.equal(await count('valid').innerText(), '10'));
    await page.getByRole('status').filter({ hasText: 'Sprawdzono ponownie wszystkie wiersze.' }).waitFor();
    assert.equal(await page.locator('#mapping-learner-familyName-error').count(), 0);
  });

  it('issues the ten valid rows and the progress bar reaches 100 %', async () => {
    await page.getByRole('button', { name: 'Wydaj 10 poświadczeń' }).click();
    const bar = page.getByRole('progressbar', { name: 'Postęp wydawania' });
    await bar.waitFor();
    assert.equal(await bar.getAttribute('aria-valuemin'), '0');
    assert.equal(await bar.getAttribute('aria-valuemax'), '100');
    await eventually(async () => assert.equal(await bar.getAttribute('aria-valuenow'), '100'), 30_000);
    await page.getByRole('status').filter({ hasText: 'Zakończono: wydano 10 poświadczeń.' }).waitFor();
    assert.equal(await count('issued').innerText(), '10');
    assert.equal(await count('invalid').innerText(), '2');
    await page.locator('.status[data-status="done"]').waitFor();
    await shot('issuance-03-done');
  });

  it('lists the batch\'s credentials, downloads a PDF, and revokes one with a reason', async () => {
    await page.getByRole('link', { name: 'Zobacz wydane poświadczenia tej partii' }).click();
    await h1().filter({ hasText: 'Wydane mikropoświadczenia' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('batchId'), batchId);
    await page.locator('.results-count').filter({ hasText: '10 poświadczeń' }).waitFor();
    await page.getByText('Tylko partia: cohort-sample.csv').waitFor();
    const rows = page.locator('table.issued-table tbody tr');
    assert.equal(await rows.count(), 10);
    assert.equal(await rows.filter({ hasText: 'Agnieszka Kozłowska' }).count(), 0, 'the failing grade was not issued');
    await shot('issuance-04-list');

    await page.getByRole('link', { name: 'Anna Wiśniewska' }).click();
    await h1().filter({ hasText: 'Anna Wiśniewska' }).waitFor();
    await page.locator('#credential-status').getByText('Aktywne').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'PDF po polsku' }).click(),
    ]);
    const pdf = await readFile(await download.path());
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.length > 10_000, `the PDF has ${pdf.length} bytes`);

    await page.getByRole('button', { name: 'Unieważnij', exact: true }).click();
    await page.getByText('Unieważnienie jest ostateczne').waitFor();
    await page.getByLabel('Powód').fill('Błąd w protokole egzaminu');
    await page.getByRole('button', { name: 'Unieważnij', exact: true }).click();
    await page.getByRole('button', { name: 'Tak, unieważnij' }).click();
    await page.getByRole('status').filter({ hasText: 'Unieważniono poświadczenie.' }).waitFor();
    await page.locator('#credential-status').getByText('Unieważnione').waitFor();
    await page.getByText(/Powód: Błąd w protokole egzaminu/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Unieważnij', exact: true }).count(), 0, 'revocation is final');
    await shot('issuance-05-revoked');

    // The list shows the new status too.
    await page.getByRole('link', { name: /Wydane mikropoświadczenia/ }).click();
    await page.getByLabel('Stan', { exact: true }).selectOption('revoked');
    await eventually(async () => assert.equal(new URL(page.url()).searchParams.get('status'), 'revoked'));
    await eventually(async () => {
      const statuses = await page.locator('table.issued-table tbody .status').allInnerTexts();
      assert.ok(statuses.length > 0 && statuses.every((s) => s === 'Unieważnione'), statuses.join());
    });
    await page.locator('table.issued-table').getByRole('link', { name: 'Anna Wiśniewska' }).first().waitFor();
  });

  it('shows the e-mails in the outbox with their claim links', async () => {
    await nav().getByRole('link', { name: 'Skrzynka e-mail' }).click();
    await h1().filter({ hasText: 'Skrzynka e-mail' }).waitFor();
    await page.getByText(/bez skonfigurowanego|nie ma skonfigurowanego serwera poczty/).waitFor();
    const pending = page.getByRole('link', { name: /^Oczekuje \(\d+\)$/ });
    await pending.waitFor();
    assert.ok(Number(/\((\d+)\)/.exec(await pending.innerText())?.[1]) >= 11, 'ten batch e-mails and the single one wait');
    // Newest first: the batch's e-mail to Anna (the demo's own credentials wrote to her too).
    const row = page.locator('table.outbox-table tbody tr').filter({ hasText: 'anna.wisniewska@student.example.pl' }).first();
    await row.getByText('Oczekuje').waitFor();
    await row.getByRole('button', { name: /Pokaż treść/ }).click();
    const claim = page.getByRole('textbox', { name: 'Link do odebrania poświadczenia' });
    assert.match(await claim.inputValue(), /^http:\/\/127\.0\.0\.1:\d+\/claim\/[A-Za-z0-9_-]+$/);
    await page.locator('.message-text').filter({ hasText: 'Dzień dobry, Anna Wiśniewska!' }).waitFor();
    await shot('issuance-06-outbox');
  });

  it('ran without script errors or CSP violations', () => {
    assert.deepEqual(session?.pageErrors, []);
  });
});
