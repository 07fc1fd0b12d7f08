/**
 * The catalogue in a real browser against the real server (harness.ts): the demo owner creates a micro-credential
 * in the editor, fills in part of it, tries to publish and sees the validation errors next to their fields (and in a
 * summary linking to them), fixes them, sees a warning that does not block, publishes; then, signed out, finds the
 * offer in the public catalogue with a search written without Polish diacritics and in another grammatical form,
 * narrows it with filters (the search lives in the address: Back undoes a filter), checks a facet count, and reads
 * the offer page in Polish and in English. Screenshots go to test-results/catalogue-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { eventually, openBrowserSession, SLUG, TIMEOUT, type BrowserSession, signInAsOwner } from './harness.ts';

const TITLE_PL = 'Analiza danych środowiskowych w języku R';
const TITLE_EN = 'Environmental data analysis in R';

describe('catalogue: editor, publishing, public search and offer page (browser)', { timeout: TIMEOUT * 2 }, () => {
  let session: BrowserSession | undefined;
  let page: Page;
  let base = '';
  let shot: (name: string) => Promise<Buffer>;
  let specId = '';

  const h1 = (): Locator => page.locator('h1');
  /** The error (or warning) shown at the input with this label, found through its aria-describedby. */
  async function messageAt(label: string, kind: 'error' | 'warning' = 'error'): Promise<string> {
    const input = page.getByLabel(label, { exact: false }).first();
    const id = await input.getAttribute('id');
    assert.ok(id, `no input labelled ${label}`);
    assert.match(await input.getAttribute('aria-describedby') ?? '', new RegExp(`${id}-${kind}`), `${label} is not described by its ${kind}`);
    return page.locator(`#${id}-${kind}`).innerText();
  }

  before(async () => {
    // 401 before signing in; 422 is the refused publish the test provokes.
    session = await openBrowserSession({ expectedStatuses: [401, 422] });
    ({ page, base, shot } = session);
  }, { timeout: TIMEOUT });

  after(async () => {
    await session?.close();
  });

  it('signs in as the demo owner and starts a new micro-credential from the list', async () => {
    assert.ok(session);
    await signInAsOwner(session);

    await page.getByRole('navigation', { name: 'Nawigacja główna' }).getByRole('link', { name: 'Mikropoświadczenia' }).click();
    await h1().filter({ hasText: 'Mikropoświadczenia' }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/institutions/${SLUG}/specifications`);
    // The demo catalogue: published offers and a draft, each with its status.
    const table = page.getByRole('table', { name: 'Mikropoświadczenia instytucji' });
    await table.getByRole('row', { name: /Analiza danych w Pythonie/ }).getByText('Opublikowana').waitFor();
    await table.getByText('Szkic').first().waitFor();

    await page.getByRole('link', { name: 'Nowe mikropoświadczenie' }).click();
    await h1().filter({ hasText: 'Nowe mikropoświadczenie' }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/institutions/${SLUG}/specifications/new`);
    for (const section of ['Podstawowe informacje', 'Efekty uczenia się', 'Poziom i nakład pracy', 'Ocena i zapewnianie jakości', 'Opcje']) {
      await page.getByRole('heading', { name: section, level: 2 }).waitFor();
    }
  });

  it('publishing an incomplete draft shows every error next to its field and in a summary', async () => {
    await page.getByLabel('Tytuł po polsku').fill(TITLE_PL);
    await page.getByLabel('Treść efektu 1 po polsku').fill('Potrafi wczytać, oczyścić i zwizualizować dane pomiarowe jakości powietrza w języku R.');
    await page.getByLabel('Punkty ECTS').fill('4');
    await page.getByLabel('Poziom ERK (EQF)').selectOption('6');
    await page.getByRole('button', { name: 'Opublikuj' }).click();

    const summary = page.locator('#spec-problems');
    await summary.getByRole('alert').filter({ hasText: 'Nie opublikowano' }).waitFor();
    // The draft was saved first: the address is the new specification's.
    await eventually(async () => assert.match(new URL(page.url()).pathname, new RegExp(`^/institutions/${SLUG}/specifications/[0-9a-f-]{36}$`)));
    specId = new URL(page.url()).pathname.split('/').at(-1) ?? '';

    assert.match(await messageAt('Tytuł po angielsku'), /Brak tekstu w języku angielskim/);
    assert.equal(await page.getByLabel('Tytuł po angielsku').getAttribute('aria-invalid'), 'true');
    assert.match(await messageAt('Treść efektu 1 po angielsku'), /Brak tekstu w języku angielskim/);
    assert.match(await messageAt('Rodzaj oceny'), /Pole wymagane/);
    assert.match(await messageAt('Forma udziału'), /Pole wymagane/);
    assert.match(await messageAt('Rodzaj zapewniania jakości'), /Pole wymagane/);
    // Filled fields carry no error.
    assert.equal(await page.getByLabel('Tytuł po polsku').getAttribute('aria-invalid'), null);
    // The summary counts the errors and links each to its field.
    await summary.getByRole('heading', { name: /^\d+ błęd(y|ów)$/ }).waitFor();
    await shot('catalogue-01-publish-errors');
    await summary.getByRole('link', { name: /Treść efektu 1 po angielsku: Brak tekstu/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), await page.getByLabel('Treść efektu 1 po angielsku').getAttribute('id'));
    // The messages follow the language switch.
    await page.getByRole('button', { name: /^EN/ }).click();
    assert.match(await messageAt('Title in English'), /The English text is missing/);
    await page.getByRole('button', { name: /^PL/ }).click();
    await h1().filter({ hasText: TITLE_PL }).waitFor();
  });

  it('fixes every error; a warning shows apart and does not block publishing', async () => {
    await page.getByLabel('Tytuł po angielsku').fill(TITLE_EN);
    await page.getByLabel('Treść efektu 1 po angielsku').fill('Can load, clean and visualise air quality measurements in R.');
    await page.getByLabel('Nakład pracy w godzinach').fill('100');
    await page.getByLabel('Rodzaj oceny').selectOption('written-exam');
    await page.getByLabel('Forma udziału').selectOption('online');
    await page.getByLabel('Rodzaj zapewniania jakości').selectOption('internal-hei-qa');
    await page.getByLabel('Opis zapewniania jakości po polsku').fill('Program zatwierdzony przez Radę Wydziału w ramach uczelnianego systemu jakości.');
    await page.getByLabel('Opis zapewniania jakości po angielsku').fill('Programme approved by the Faculty Council under the internal quality assurance system.');
    // The field of education: a searchable list of the ISCED-F codes.
    const isced = page.getByRole('combobox', { name: 'Dziedzina kształcenia (ISCED-F)' });
    await isced.fill('nauki o srodowisku');
    await page.getByRole('option', { name: /^0521 / }).waitFor();
    await isced.press('ArrowDown');
    await isced.press('Enter');
    assert.match(await isced.inputValue(), /^0521 /);

    await page.getByRole('button', { name: 'Zapisz szkic' }).click();
    await page.getByRole('status').filter({ hasText: 'Zapisano szkic wersji 1.' }).waitFor();
    const summary = page.locator('#spec-problems');
    await summary.getByRole('heading', { name: '1 ostrzeżenie' }).waitFor();
    assert.equal(await summary.getByRole('heading', { name: /błęd/ }).count(), 0);
    assert.match(await messageAt('Poziom PRK', 'warning'), /podaj poziom PRK/);
    assert.equal(await page.locator('.field-error').count(), 0);
    await shot('catalogue-02-warning');

    await page.getByRole('button', { name: 'Opublikuj' }).click();
    await page.getByRole('status').filter({ hasText: 'Opublikowano wersję 1.' }).waitFor();
    await page.locator('.spec-meta .status').filter({ hasText: 'Opublikowana' }).waitFor();
    await page.getByRole('button', { name: 'Edytuj (nowa wersja)' }).waitFor();
    assert.ok(await page.getByLabel('Tytuł po polsku').isDisabled(), 'a published version is read-only');
    assert.equal(await page.getByRole('link', { name: 'Zobacz stronę w katalogu' }).first().getAttribute('href'), `/catalogue/${specId}/v/1`);
    await shot('catalogue-03-published');
  });

  it('signed out, finds the offer by a word without diacritics in another form, with filters and facet counts', async () => {
    await page.getByRole('button', { name: 'Wyloguj' }).click();
    await h1().filter({ hasText: 'Zaloguj się' }).waitFor();
    await page.getByRole('link', { name: 'Katalog publiczny' }).click();
    await h1().filter({ hasText: 'Katalog mikropoświadczeń' }).waitFor();
    const results = page.locator('.results');
    const count = page.locator('.results-count');
    await count.filter({ hasText: /^\d+ ofert/ }).waitFor();

    await page.getByLabel('Szukaj', { exact: true }).fill('xyzzy');
    await page.getByLabel('Szukaj', { exact: true }).press('Enter');
    await results.getByText('Nie znaleziono ofert pasujących do wyszukiwania.').waitFor();

    // "analizy środowiskowych" typed without diacritics finds "Analiza danych środowiskowych …".
    await page.getByLabel('Szukaj', { exact: true }).fill('analizy srodowiskowych');
    await page.getByLabel('Szukaj', { exact: true }).press('Enter');
    await count.filter({ hasText: '1 oferta' }).waitFor();
    const offer = results.getByRole('link', { name: TITLE_PL });
    await offer.waitFor();
    assert.equal(new URL(page.url()).searchParams.get('q'), 'analizy srodowiskowych');

    await page.getByRole('checkbox', { name: /^Poziom 6 ERK/ }).check();
    await eventually(async () => assert.deepEqual(new URL(page.url()).searchParams.getAll('eqf'), ['6']));
    await page.getByRole('checkbox', { name: /^polski/ }).check();
    await eventually(async () => assert.deepEqual(new URL(page.url()).searchParams.getAll('language'), ['pl']));
    await page.getByRole('checkbox', { name: /^Online/ }).check();
    await eventually(async () => assert.deepEqual(new URL(page.url()).searchParams.getAll('participation'), ['online']));
    await count.filter({ hasText: '1 oferta' }).waitFor();
    await offer.waitFor();
    // Facets count with the other filters applied: one offer at EQF level 6, none onsite.
    await page.getByRole('checkbox', { name: 'Poziom 6 ERK (1)' }).waitFor();
    assert.ok(await page.getByRole('checkbox', { name: 'Online (1)' }).isChecked());
    await shot('catalogue-04-search');

    // The search is in the address: Back undoes the last filter, without reloading the page.
    await page.goBack();
    await eventually(async () => assert.deepEqual(new URL(page.url()).searchParams.getAll('participation'), []));
    await eventually(async () => assert.equal(await page.getByRole('checkbox', { name: /^Online/ }).isChecked(), false));
    assert.ok(await page.getByRole('checkbox', { name: /^Poziom 6 ERK/ }).isChecked());
    assert.equal(await page.getByLabel('Szukaj', { exact: true }).inputValue(), 'analizy srodowiskowych');
    await offer.waitFor();
  });

  it('shows every element of the offer with labels in Polish, then in English', async () => {
    await results().getByRole('link', { name: TITLE_PL }).click();
    await h1().filter({ hasText: TITLE_PL }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/catalogue/${specId}`);
    const details = page.locator('main');
    const value = (label: string): Locator => details.locator('.item').filter({ has: page.locator('dt', { hasText: label }) }).locator('dd');
    assert.equal(await value('Poziom ERK (EQF)').innerText(), 'Poziom 6 ERK');
    assert.equal(await value('Nakład pracy').innerText(), '4 ECTS (100 godzin)');
    assert.equal(await value('Forma udziału').innerText(), 'Online');
    assert.equal(await value('Języki kształcenia i oceny').innerText(), 'polski');
    assert.equal(await value('Rodzaj oceny').innerText(), 'Egzamin pisemny');
    assert.match(await value('Zapewnianie jakości').innerText(), /Uczelniany system zapewniania jakości kształcenia/);
    assert.match(await value('Dziedzina kształcenia (ISCED-F)').innerText(), /^0521 /);
    assert.match(await value('Podmiot przyznający').innerText(), /Uniwersytet Przykładowy w Warszawie/);
    assert.equal(await value('Kraj wystawcy').innerText(), 'Polska');
    await details.getByText('Potrafi wczytać, oczyścić i zwizualizować dane pomiarowe').waitFor();
    const ob3 = page.getByRole('link', { name: 'Open Badges 3.0 (Achievement)' });
    assert.equal(await ob3.getAttribute('href'), `/catalogue/${specId}?format=ob3`);
    const json = await page.request.get(`${base}/catalogue/${specId}?format=json`);
    assert.equal(json.status(), 200);
    assert.equal((await json.json() as { title: { en: string } }).title.en, TITLE_EN);
    await shot('catalogue-05-offer-pl');

    await page.getByRole('button', { name: /^EN/ }).click();
    await h1().filter({ hasText: TITLE_EN }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await value('EQF level').innerText(), 'EQF level 6');
    assert.equal(await value('Notional workload').innerText(), '4 ECTS (100 hours)');
    assert.equal(await value('Type of assessment').innerText(), 'Written exam');
    assert.equal(await value('Languages of instruction and assessment').innerText(), 'Polish');
    assert.match(await value('Quality assurance').innerText(), /Internal quality assurance of the higher education institution/);
    assert.equal(await value('Country of the issuer').innerText(), 'Poland');
    await details.getByText('Can load, clean and visualise air quality measurements in R.').waitFor();
    assert.equal(await page.title(), `${TITLE_EN} · Mikrocred`);
    await shot('catalogue-06-offer-en');
  });

  it('ran without script errors or CSP violations', () => {
    assert.deepEqual(session?.pageErrors, []);
  });

  function results(): Locator {
    return page.locator('.results');
  }
});
