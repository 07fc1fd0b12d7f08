/**
 * The learner side in a real browser against the real server (harness.ts; the demo has three issued credentials whose
 * e-mails wait in the outbox): the demo owner copies Anna Wiśniewska's claim link from the outbox and signs out; the
 * claim link signs Anna in and opens her credential (verified: valid); she creates a share link and an OpenID4VCI
 * wallet offer (QR code and openid-credential-offer:// link); an anonymous visitor
 * (another browser context) sees it valid, with the issuer's identity as the public verifier shows it, in Polish and
 * in English; the public verifier says valid for her
 * credential's JSON dropped on it and not valid for a tampered copy chosen with the file input (a PDF without a
 * credential and text that is not JSON are refused with a clear message); staff revoke the credential and the same
 * share page says revoked; once Anna withdraws the link, its page says it does not work; she signs out, asks for a
 * sign-in link (the same answer for any address; `?next=` is kept for after the magic link only when it is a
 * same-origin path, and /me follows a kept path once), and a used link says so. A revoked credential is not sent to a
 * wallet. Screenshots: test-results/learner-*.png.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import type { Locator, Page } from 'playwright-core';
import { claimLinkFromOutbox, eventually, openBrowserSession, OWNER, RESULTS, SLUG, TIMEOUT, type BrowserSession } from './harness.ts';

const TITLE_PL = 'Analiza danych w Pythonie';
const TITLE_EN = 'Data analysis in Python';
const ANNA = 'Anna Wiśniewska';
const ANNA_EMAIL = 'anna.wisniewska@student.example.pl';
/** Where the sign-in form keeps `next` (web/src/learnerNext.ts). */
const NEXT_KEY = 'mikrocred.learner.next';

describe('learner: claim link, portal, sharing, public verification and revocation (browser)', { timeout: TIMEOUT }, () => {
  let session: BrowserSession | undefined;
  let page: Page;
  let visitor: Page;
  let base = '';
  let claimLink = '';
  let credentialId = '';
  let shareUrl = '';
  let credentialJson = '';
  const visitorErrors: string[] = [];

  const h1 = (p: Page = page): Locator => p.locator('h1');
  const verdict = (p: Page): Locator => p.locator('.verdict-title');

  before(async () => {
    // 401: the staff session check on public pages and the learner check before sign-in; 409: a revoked credential's wallet offer.
    session = await openBrowserSession({ expectedStatuses: [401, 409] });
    ({ page, base } = session);
  }, { timeout: TIMEOUT });

  after(async () => {
    await session?.close();
  });

  it('staff: the demo owner copies Anna\'s claim link from the outbox and signs out', async () => {
    assert.ok(session);
    claimLink = await claimLinkFromOutbox(session, ANNA_EMAIL);
  });

  it('the claim link signs Anna in and opens her credential, verified now: valid', async () => {
    await page.goto(claimLink);
    await eventually(async () => assert.match(new URL(page.url()).pathname, /^\/me\/credentials\/[0-9a-f-]{36}$/));
    credentialId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    await h1().filter({ hasText: TITLE_PL }).waitFor();
    await page.getByText(ANNA_EMAIL).waitFor();
    await page.locator('#credential-status').getByText('Aktywne').waitFor();
    await verdict(page).filter({ hasText: 'Ważne' }).waitFor();
    assert.equal(await page.locator('.vcheck[data-status="passed"]').count(), 7);
    // The verification as the public verifier shows it: labelled checks, the credential's summary, the issuer's identity.
    await page.locator('.vcheck[data-check="status"]').getByText('Status (unieważnienie, zawieszenie)').waitFor();
    assert.equal(await page.locator('.learner-verification .verify-credential [data-field="learner"]').innerText(), ANNA);
    await page.locator('.learner-verification .verify-identity')
      .filter({ hasText: /^Wystawca: Uniwersytet Przykładowy w Warszawie.*instytucja zarejestrowana na tej platformie/ }).waitFor();
    assert.equal(await page.locator('.learner-verification .verify-issuer [data-registered]').getAttribute('data-registered'), 'yes');
    // Downloads, LinkedIn, the standard elements.
    assert.equal(await page.getByRole('link', { name: 'PDF dwujęzyczny (PL i EN)' }).getAttribute('href'), `/api/v1/me/credentials/${credentialId}/pdf?lang=both`);
    assert.equal(await page.getByRole('link', { name: 'Europass / ELM (JSON-LD)' }).getAttribute('href'), `/api/v1/me/credentials/${credentialId}/elm`);
    const linkedIn = page.getByRole('link', { name: /Dodaj do profilu LinkedIn/ });
    assert.match(await linkedIn.getAttribute('href') ?? '', /^https:\/\/www\.linkedin\.com\/profile\/add\?startTask=CERTIFICATION_NAME&/);
    assert.equal(await linkedIn.getAttribute('target'), '_blank');
    await page.getByRole('heading', { name: 'Efekty uczenia się' }).waitFor();
    await page.getByText('Rodzaj oceny').waitFor();

    // The signed JSON, as the learner downloads it.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Open Badges 3.0 (JSON, podpisany)' }).click(),
    ]);
    credentialJson = await readFile(await download.path(), 'utf8');
    assert.match(JSON.parse(credentialJson).id as string, /^urn:uuid:/);
    await session?.shot('learner-01-credential');
  });

  it('lists the credential, pathway progress and the data links on /me', async () => {
    await page.getByRole('navigation', { name: 'Katalog publiczny' }).getByRole('link', { name: 'Moje poświadczenia' }).click();
    await h1().filter({ hasText: 'Moje poświadczenia' }).waitFor();
    const row = page.locator('table.learner-table tbody tr').filter({ hasText: TITLE_PL });
    await row.getByText('Uniwersytet Przykładowy w Warszawie').waitFor();
    await row.getByText('Aktywne').waitFor();
    await page.getByRole('heading', { name: 'Postęp na ścieżkach' }).waitFor();
    await page.locator('.pathway-progress').first().getByText(/Zebrano: 1 mikropoświadczenie/).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Pobierz moje dane (JSON)' }).getAttribute('href'), '/api/v1/me/export');
    await page.getByRole('link', { name: 'Usuń moje dane' }).waitFor();
    await session?.shot('learner-02-home');
    await row.getByRole('link', { name: TITLE_PL }).click();
    await h1().filter({ hasText: TITLE_PL }).waitFor();
  });

  it('arriving at /me signed in goes once to a stored next path, never to another origin', async () => {
    const stored = (): Promise<string | null> => page.evaluate((key) => sessionStorage.getItem(key), NEXT_KEY);
    const keep = (next: string): Promise<void> => page.evaluate(([key, value]) => {
      sessionStorage.setItem(key ?? '', JSON.stringify({ next: value, until: Date.now() + 60_000 }));
    }, [NEXT_KEY, next]);
    await keep('//evil.example/me');
    await page.goto(`${base}/me`);
    await h1().filter({ hasText: 'Moje poświadczenia' }).waitFor();
    await page.locator('table.learner-table').waitFor();
    assert.equal(new URL(page.url()).origin + new URL(page.url()).pathname, `${base}/me`);
    assert.equal(await stored(), null);
    await keep(`/me/credentials/${credentialId}`);
    await page.goto(`${base}/me`);
    await eventually(async () => assert.equal(new URL(page.url()).pathname, `/me/credentials/${credentialId}`));
    await h1().filter({ hasText: TITLE_PL }).waitFor();
    assert.equal(await stored(), null);
  });

  it('creates a share link', async () => {
    await page.getByRole('button', { name: 'Utwórz link udostępniania' }).click();
    await page.getByRole('status').filter({ hasText: 'Utworzono link udostępniania' }).waitFor();
    shareUrl = await page.getByRole('textbox', { name: 'Nowy link udostępniania' }).inputValue();
    assert.match(shareUrl, /^http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{32}$/);
    const row = page.locator('table.shares-table tbody tr').filter({ hasText: shareUrl });
    await row.getByText('aktywny').waitFor();
    await row.getByRole('button', { name: /Wycofaj link/ }).waitFor();
  });

  it('sends the credential to a wallet (OpenID4VCI): the QR code and the openid-credential-offer:// link', async () => {
    await page.getByRole('heading', { name: 'Wyślij do portfela (OpenID4VCI)' }).waitFor();
    await page.getByRole('button', { name: 'Wyślij do portfela' }).click();
    const qr = page.getByRole('img', { name: 'Kod QR oferty poświadczenia dla portfela (OpenID4VCI)' });
    await qr.waitFor();
    assert.match(await qr.getAttribute('src') ?? '', /^data:image\/png;base64,/);
    assert.ok(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the QR image loads');
    const offerUri = await page.getByRole('textbox', { name: 'Link oferty (openid-credential-offer://)' }).inputValue();
    assert.match(offerUri, /^openid-credential-offer:\/\/\?credential_offer=/);
    assert.equal(await page.getByRole('link', { name: 'Otwórz w portfelu na tym urządzeniu' }).getAttribute('href'), offerUri);
    await page.getByText(/Oferta ważna do/).waitFor();
    await session?.shot('learner-01b-wallet-offer');
  });

  it('an anonymous visitor opens the share link: valid (ważne), in Polish and English', async () => {
    const context = await session?.browser.newContext({ locale: 'pl-PL', viewport: { width: 1280, height: 900 } });
    assert.ok(context);
    visitor = await context.newPage();
    visitor.on('pageerror', (error) => visitorErrors.push(`pageerror: ${error.message}`));
    // 401: the staff session check; 400 and 422: what is not a credential, sent to the verifier on purpose; 404: the withdrawn link.
    visitor.on('console', (message) => {
      if (message.type() === 'error' && !/status of (400|401|404|422)\b/.test(message.text())) visitorErrors.push(`console: ${message.text()}`);
    });
    await visitor.goto(shareUrl);
    await h1(visitor).filter({ hasText: TITLE_PL }).waitFor();
    await verdict(visitor).filter({ hasText: /ważne/i }).waitFor();
    assert.equal(await visitor.locator('[data-field="learner"]').innerText(), ANNA);
    await visitor.getByText('Uniwersytet Przykładowy w Warszawie').first().waitFor();
    // The issuer's identity, as the public verifier says it: the institution, registered on this platform.
    const identity = visitor.locator('.verify-issuer .verify-identity');
    await identity.filter({ hasText: /^Wystawca: Uniwersytet Przykładowy w Warszawie.*instytucja zarejestrowana na tej platformie/ }).waitFor();
    assert.equal(await visitor.locator('.verify-issuer [data-registered]').getAttribute('data-registered'), 'yes');
    await visitor.locator('.verify-issuer').getByText('REGON: 142036717').waitFor();
    assert.equal(await visitor.locator('.vcheck[data-status="passed"]').count(), 7);
    await visitor.locator('.vcheck[data-check="proof"]').getByText('Podpis i integralność').waitFor();
    await visitor.getByRole('heading', { name: 'Efekty uczenia się' }).waitFor();
    await visitor.screenshot({ path: join(RESULTS, 'learner-03-shared-valid-pl.png'), fullPage: true });
    await visitor.getByRole('button', { name: /^EN/ }).click();
    await h1(visitor).filter({ hasText: TITLE_EN }).waitFor();
    await verdict(visitor).filter({ hasText: /valid/i }).waitFor();
    assert.match(await verdict(visitor).innerText(), /^(Verification result:\s*)?Valid$/);
    await identity.filter({ hasText: /^Issuer: Example University in Warsaw.*, an institution registered on this platform/ }).waitFor();
    await visitor.locator('.vcheck[data-check="proof"]').getByText('Signature and integrity').waitFor();
  });

  it('the public verifier: the dropped JSON is valid, a tampered copy is not valid; a PDF without a credential and text that is not JSON are refused', async () => {
    await visitor.getByRole('navigation', { name: 'Public catalogue' }).getByRole('link', { name: 'Verify a credential' }).click();
    await h1(visitor).filter({ hasText: 'Verify a credential' }).waitFor();
    await visitor.getByRole('button', { name: /^PL/ }).click();
    await h1(visitor).filter({ hasText: 'Sprawdź poświadczenie' }).waitFor();

    // Dropped on the drop zone.
    const dataTransfer = await visitor.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'credential.json', { type: 'application/json' }));
      return transfer;
    }, credentialJson);
    const zone = visitor.locator('[data-drop-zone="verify-file"]');
    await zone.dispatchEvent('dragenter', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
    await verdict(visitor).filter({ hasText: 'Ważne' }).waitFor();
    await visitor.getByText('Plik: credential.json').waitFor();
    assert.equal(await visitor.evaluate(() => document.activeElement?.id), 'verify-verdict');
    assert.equal(await visitor.locator('.vcheck[data-status="passed"]').count(), 7);
    await visitor.locator('.verify-issuer').getByText('REGON: 142036717').waitFor();
    assert.equal(await visitor.locator('.verify-issuer [data-registered]').getAttribute('data-registered'), 'yes');
    assert.equal(await visitor.locator('.verify-credential [data-field="learner"]').innerText(), ANNA);
    await visitor.screenshot({ path: join(RESULTS, 'learner-04-verifier-valid.png'), fullPage: true });

    // A copy with another learner's name, chosen with the file input: the signature no longer matches.
    const tampered = credentialJson.replace(ANNA, 'Jan Nowak');
    assert.notEqual(tampered, credentialJson);
    await visitor.getByLabel('Plik poświadczenia (JSON lub PDF)').setInputFiles({ name: 'tampered.json', mimeType: 'application/json', buffer: Buffer.from(tampered) });
    await verdict(visitor).filter({ hasText: 'Nieważne' }).waitFor();
    await visitor.locator('.vcheck[data-check="proof"][data-status="failed"]').getByText('nie przeszło').waitFor();
    await visitor.screenshot({ path: join(RESULTS, 'learner-05-verifier-tampered.png'), fullPage: true });

    // A PDF without a credential attached.
    const plain = await PDFDocument.create();
    plain.addPage();
    await visitor.getByLabel('Plik poświadczenia (JSON lub PDF)').setInputFiles({ name: 'plain.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await plain.save()) });
    await visitor.getByRole('alert').filter({ hasText: /nie zawiera załączonego poświadczenia/ }).waitFor();
    assert.equal(await visitor.getByLabel('Plik poświadczenia (JSON lub PDF)').getAttribute('aria-invalid'), 'true');

    await visitor.getByLabel('Treść poświadczenia (JSON)').fill('to nie jest JSON');
    await visitor.getByRole('button', { name: 'Sprawdź wklejony JSON' }).click();
    await visitor.getByRole('alert').filter({ hasText: /Nieprawidłowy JSON/ }).waitFor();
    assert.equal(await visitor.getByLabel('Treść poświadczenia (JSON)').getAttribute('aria-invalid'), 'true');
  });

  it('staff revoke the credential: the same share page now says revoked (unieważnione)', async () => {
    const staff = await session?.browser.newContext();
    assert.ok(staff);
    const signIn = await staff.request.post(`${base}/api/v1/session`, { data: { email: OWNER, password: session?.password } });
    assert.equal(signIn.status(), 200);
    const { csrfToken } = await signIn.json() as { csrfToken: string };
    const revoke = await staff.request.post(`${base}/api/v1/institutions/${SLUG}/credentials/${credentialId}/revoke`, {
      data: { reason: 'Błąd w protokole (test)' }, headers: { 'x-csrf-token': csrfToken },
    });
    assert.equal(revoke.status(), 200, await revoke.text());
    await staff.close();

    await visitor.goto(shareUrl);
    await verdict(visitor).filter({ hasText: /unieważnione/i }).waitFor();
    await visitor.locator('.vcheck[data-check="status"][data-status="failed"]').waitFor();
    // Still the same issuer: the revocation does not change who signed it.
    await visitor.locator('.verify-issuer .verify-identity').filter({ hasText: /instytucja zarejestrowana na tej platformie/ }).waitFor();
    await visitor.screenshot({ path: join(RESULTS, 'learner-06-shared-revoked-pl.png'), fullPage: true });
    await visitor.getByRole('button', { name: /^EN/ }).click();
    await verdict(visitor).filter({ hasText: /revoked/i }).waitFor();

    // The learner's own page says so too.
    await page.reload();
    await page.locator('#credential-status').getByText('Unieważnione').waitFor();
    await verdict(page).filter({ hasText: 'Unieważnione' }).waitFor();
    // A revoked credential is not sent to a wallet.
    await page.getByRole('button', { name: 'Wyślij do portfela' }).click();
    await page.getByRole('alert').filter({ hasText: 'Unieważnionego poświadczenia nie można wysłać do portfela.' }).waitFor();
    await eventually(async () => {
      const views = await page.locator('table.shares-table tbody tr').filter({ hasText: shareUrl }).locator('td.num').innerText();
      assert.ok(Number(views) >= 2, views);
    });
  });

  it('withdraws the share link: its page no longer works', async () => {
    const row = page.locator('table.shares-table tbody tr').filter({ hasText: shareUrl });
    await row.getByRole('button', { name: /Wycofaj link/ }).click();
    await row.getByRole('button', { name: 'Tak, wycofaj' }).click();
    await page.getByRole('status').filter({ hasText: 'Wycofano link' }).waitFor();
    await row.getByText(/wycofany/).waitFor();
    await visitor.reload();
    await h1(visitor).filter({ hasText: 'This link does not work' }).waitFor();
  });

  it('Anna signs out; the sign-in form answers the same for any address; a used link says so', async () => {
    await page.getByRole('button', { name: 'Wyloguj' }).click();
    await h1().filter({ hasText: 'Moje poświadczenia: logowanie' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Wylogowano.' }).waitFor();
    await page.getByLabel('Adres e-mail').fill('nikt@example.org');
    await page.getByRole('button', { name: 'Wyślij link do logowania' }).click();
    await page.getByRole('status').filter({ hasText: /Jeśli pod tym adresem są mikropoświadczenia/ }).waitFor();
    await session?.shot('learner-07-sign-in');

    // `next` (GET /oauth/authorize sends a signed-out learner here) is kept for after the magic link; another origin is not.
    const next = '/oauth/authorize?response_type=code&client_id=test&state=xyz';
    await page.goto(`${base}/me/sign-in?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Adres e-mail').fill('nikt@example.org');
    await page.getByRole('button', { name: 'Wyślij link do logowania' }).click();
    await page.getByRole('status').filter({ hasText: /Jeśli pod tym adresem są mikropoświadczenia/ }).waitFor();
    const kept = JSON.parse(await page.evaluate((key) => sessionStorage.getItem(key), NEXT_KEY) ?? '{}') as { next?: string };
    assert.equal(kept.next, next);
    // (The sign-in route allows a few requests a minute: this answer is the browser's own, not the server's.)
    await page.route('**/api/v1/learner/sign-in', (route) => route.fulfill({
      status: 202, contentType: 'application/json',
      json: { status: 'accepted', message: { pl: 'Jeśli pod tym adresem są mikropoświadczenia, wysłaliśmy link.', en: 'If…' } },
    }));
    await page.goto(`${base}/me/sign-in?next=${encodeURIComponent('//evil.example/oauth/authorize')}`);
    await page.getByLabel('Adres e-mail').fill('nikt@example.org');
    await page.getByRole('button', { name: 'Wyślij link do logowania' }).click();
    await page.getByRole('status').filter({ hasText: /Jeśli pod tym adresem są mikropoświadczenia/ }).waitFor();
    assert.equal(await page.evaluate((key) => sessionStorage.getItem(key), NEXT_KEY), null);
    await page.unroute('**/api/v1/learner/sign-in');

    await page.goto(`${base}/claim/${'x'.repeat(32)}`);
    await page.getByRole('alert').filter({ hasText: 'Ten link do logowania został już użyty albo wygasł' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('error'), 'invalid_link');
  });

  it('ran without script errors or CSP violations', () => {
    assert.deepEqual(session?.pageErrors, []);
    assert.deepEqual(visitorErrors, []);
  });
});
