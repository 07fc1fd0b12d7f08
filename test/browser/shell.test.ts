/**
 * The web app in a real browser against the real server: `npm run test:browser` (not part of `npm test`).
 * Needs Chromium at /usr/bin/chromium (Debian: `apt-get install chromium`; CHROMIUM_PATH overrides); playwright-core
 * drives it and never downloads a browser. Builds the app when web/dist is missing, starts `mikrocred serve` on a
 * free port with a fresh data folder, signs in as the demo owner (the password printed at start), switches the
 * language, edits the institution profile, creates an API key, visits the staff page and signs out.
 * Screenshots go to test-results/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { eventually, openBrowserSession, OWNER, SLUG, TIMEOUT, type BrowserSession } from './harness.ts';

describe('web app shell (browser)', { timeout: TIMEOUT * 3 }, () => {
  let session: BrowserSession | undefined;
  let password = '';
  let base = '';
  let page: Page;
  let shot: (name: string) => Promise<Buffer>;

  const h1 = (): ReturnType<Page['locator']> => page.locator('h1');
  const htmlLang = (): Promise<string | null> => page.locator('html').getAttribute('lang');

  before(async () => {
    // 401s (not signed in yet, the wrong password), 400s and 404s (invalid input) are expected answers, logged by Chromium.
    session = await openBrowserSession({ expectedStatuses: [400, 401, 404] });
    ({ page, password, base, shot } = session);
  }, { timeout: TIMEOUT });

  after(async () => {
    await session?.close();
  });

  it('shows the sign-in page in the browser\'s language (Polish) and the errors of a wrong password next to the form', async () => {
    await page.goto(`${base}/`);
    await h1().filter({ hasText: 'Zaloguj się' }).waitFor();
    assert.equal(await htmlLang(), 'pl');
    assert.equal(await page.title(), 'Zaloguj się · Mikrocred');
    await shot('01-sign-in-pl');

    await page.getByLabel('E-mail').fill(OWNER);
    await page.getByLabel('Hasło').fill('not-the-password');
    await page.getByRole('button', { name: 'Zaloguj się' }).click();
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'Nieprawidłowy e-mail lub hasło' }).waitFor();
    assert.equal(await page.getByLabel('E-mail').getAttribute('aria-invalid'), 'true');
    assert.match(await page.getByLabel('Hasło').getAttribute('aria-describedby') ?? '', /sign-in-error/);
    // The message follows the language switch (both languages come with the problem).
    await page.getByRole('button', { name: /^EN/ }).click();
    await alert.filter({ hasText: 'Wrong e-mail or password' }).waitFor();
    await h1().filter({ hasText: 'Sign in' }).waitFor();
    await shot('02-sign-in-error-en');
    await page.getByRole('button', { name: /^PL/ }).click();
    await h1().filter({ hasText: 'Zaloguj się' }).waitFor();
  });

  it('signs in as the demo owner and lands on the institution profile', async () => {
    await page.getByLabel('Hasło').fill(password);
    await page.getByRole('button', { name: 'Zaloguj się' }).click();
    await h1().filter({ hasText: 'Profil instytucji' }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/institutions/${SLUG}/profile`);
    assert.equal(await page.getByLabel('Instytucja').inputValue(), SLUG);
    assert.equal(await page.getByLabel('Nazwa po polsku').inputValue(), 'Uniwersytet Przykładowy w Warszawie');
    const nav = page.getByRole('navigation', { name: 'Nawigacja główna' });
    for (const name of ['Profil instytucji', 'Pracownicy i role', 'Klucze API']) await nav.getByRole('link', { name }).waitFor();
    await shot('03-profile-pl');
  });

  it('switches the language PL → EN and back, on <html lang>, remembered across reloads', async () => {
    await page.getByRole('button', { name: /^EN/ }).click();
    await h1().filter({ hasText: 'Institution profile' }).waitFor();
    assert.equal(await htmlLang(), 'en');
    assert.equal(await page.getByRole('button', { name: /^EN/ }).getAttribute('aria-pressed'), 'true');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'API keys' }).waitFor();
    await page.getByLabel('Name in English').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 1);
    assert.equal(await page.title(), 'Institution profile · Mikrocred');
    await shot('04-profile-en');

    await page.reload();
    await h1().filter({ hasText: 'Institution profile' }).waitFor();
    assert.equal(await htmlLang(), 'en');

    await page.getByRole('button', { name: /^PL/ }).click();
    await h1().filter({ hasText: 'Profil instytucji' }).waitFor();
    assert.equal(await htmlLang(), 'pl');
    await page.getByRole('button', { name: 'Wyloguj' }).waitFor();
    assert.equal(await page.getByText('Institution profile').count(), 0);
  });

  it('shows field errors from errors[].path next to their fields', async () => {
    const website = page.getByLabel('Strona internetowa');
    await website.fill('nie-adres');
    await page.getByRole('button', { name: 'Zapisz zmiany' }).click();
    const error = page.locator('#profile-website-error');
    await error.waitFor();
    assert.equal(await website.getAttribute('aria-invalid'), 'true');
    assert.match(await website.getAttribute('aria-describedby') ?? '', /profile-website-error/);
    await page.getByRole('alert').getByRole('link', { name: /Strona internetowa/ }).waitFor();
    await shot('05-profile-field-error');
    await website.fill('https://uni.example.pl');
  });

  it('edits the institution profile and the change is saved (a reload shows it)', async () => {
    const newName = 'Example University in Warsaw (Faculty of Micro-credentials)';
    await page.getByLabel('Nazwa po angielsku').fill(newName);
    await page.getByRole('button', { name: 'Zapisz zmiany' }).click();
    await page.getByRole('status').filter({ hasText: 'Zapisano zmiany.' }).waitFor();
    assert.equal(await page.locator('#profile-website-error').count(), 0);

    await page.reload();
    await h1().filter({ hasText: 'Profil instytucji' }).waitFor();
    await eventually(async () => assert.equal(await page.getByLabel('Nazwa po angielsku').inputValue(), newName));
    assert.equal(await page.getByLabel('Strona internetowa').inputValue(), 'https://uni.example.pl');
    // The switcher names the institution in the chosen language.
    await page.getByRole('button', { name: /^EN/ }).click();
    await eventually(async () => assert.match(await page.getByLabel('Institution').locator('option:checked').innerText(), /Faculty of Micro-credentials/));
    await page.getByRole('button', { name: /^PL/ }).click();
    await h1().filter({ hasText: 'Profil instytucji' }).waitFor();
  });

  it('creates an API key, shows it once with a warning and a copy button, and the key works', async () => {
    await page.getByRole('navigation', { name: 'Nawigacja główna' }).getByRole('link', { name: 'Klucze API' }).click();
    await h1().filter({ hasText: 'Klucze API' }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/institutions/${SLUG}/api-keys`);
    await page.getByText('Instytucja nie ma jeszcze kluczy API.').waitFor();

    await page.getByLabel('Nazwa klucza').fill('Integracja z USOS');
    await page.getByLabel('Rola klucza').selectOption('issuer');
    await page.getByRole('button', { name: 'Utwórz klucz' }).click();
    const keyInput = page.locator('#new-key-value');
    await keyInput.waitFor();
    // The key's field is labelled with the key's name.
    assert.equal(await page.getByLabel('Klucz „Integracja z USOS”', { exact: true }).getAttribute('id'), 'new-key-value');
    const key = await keyInput.inputValue();
    assert.match(key, /^mkc_\S{20,}$/);
    await page.getByText('Jest pokazywany tylko raz').waitFor();
    await page.getByRole('button', { name: 'Kopiuj klucz' }).waitFor();
    const row = page.getByRole('row', { name: /Integracja z USOS/ });
    await row.getByText('Wystawca').waitFor();
    assert.ok((await row.innerText()).includes(key.slice(0, 10)), 'the list shows the start of the key');
    await shot('06-api-key-created');

    // The key authenticates API calls for this institution.
    const response = await fetch(`${base}/api/v1/institutions/${SLUG}`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(response.status, 200);

    await page.getByRole('button', { name: 'Zapisałem klucz, ukryj go' }).click();
    await eventually(async () => assert.equal(await keyInput.count(), 0));
    await page.reload();
    await page.getByRole('row', { name: /Integracja z USOS/ }).waitFor();
    assert.ok(!(await page.content()).includes(key), 'the key is never shown again');
  });

  it('revokes an API key after a confirmation', async () => {
    await page.getByRole('button', { name: 'Unieważnij klucz „Integracja z USOS”' }).click();
    await page.getByText('Unieważnić klucz „Integracja z USOS”?').waitFor();
    await page.getByRole('button', { name: 'Tak, unieważnij' }).click();
    await page.getByRole('status').filter({ hasText: 'Unieważniono klucz „Integracja z USOS”.' }).waitFor();
    await page.getByText('Instytucja nie ma jeszcze kluczy API.').waitFor();
  });

  it('lists the staff and their roles', async () => {
    await page.getByRole('link', { name: 'Pracownicy i role' }).click();
    await h1().filter({ hasText: 'Pracownicy i role' }).waitFor();
    const row = page.getByRole('row', { name: /owner@uni\.example\.pl/ });
    await row.getByText('Właściciel').waitFor();
    await page.getByLabel('E-mail pracownika').fill('nobody@uni.example.pl');
    await page.getByRole('button', { name: 'Zapisz rolę' }).click();
    await page.locator('#staff-email-error').filter({ hasText: 'Nie ma konta z tym adresem e-mail' }).waitFor();
    await shot('07-staff');
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Wyloguj' }).click();
    await h1().filter({ hasText: 'Zaloguj się' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Wylogowano.' }).waitFor();
    const session = await page.request.get(`${base}/api/v1/session`);
    assert.equal(session.status(), 401);
  });

  it('ran without script errors or CSP violations', () => {
    assert.deepEqual(session?.pageErrors, []);
  });
});
