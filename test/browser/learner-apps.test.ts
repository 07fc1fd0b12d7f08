/**
 * The learner's authorised applications (/me/apps; docs/learner.md, "Authorised applications" and "Open Badges 3.0
 * API") in a real browser against the real server (harness.ts): Anna Wiśniewska signs in with her claim link from the
 * demo outbox; an OAuth client "Portfolio App" (client_uri https://portfolio.example) registers over HTTP; Anna
 * approves it on the consent page in the browser (PKCE S256, "Zezwól"), whose redirect to the client's host is
 * answered by the browser itself (page.route: nothing leaves for portfolio.example); the code is exchanged for tokens
 * over HTTP and the access token reads her credentials once (GET /ims/ob/v3p0/credentials: 200). Then /me/apps,
 * opened from the learner navigation, lists the application with its site, where it sends back to, what it may do in
 * Polish words, last use and "Odbierz dostęp"; in English likewise; a cancelled confirmation keeps it, a confirmed
 * revocation takes it off the list (empty state, notice, focus on the heading), and the old access token gets a 401
 * invalid_token, the refresh token an invalid_grant. Screenshots: test-results/learner-apps-*.png.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { claimLinkFromOutbox, eventually, openBrowserSession, TIMEOUT, type BrowserSession } from './harness.ts';

const ANNA_EMAIL = 'anna.wisniewska@student.example.pl';
const APP_NAME = 'Portfolio App';
const APP_SITE = 'https://portfolio.example';
const REDIRECT = 'https://portfolio.example/callback';
const STATE = 'portfolio-state-42';
const SCOPE = {
  read: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly',
  profile: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly',
};
const SCOPES_PL = ['odczyt Twoich poświadczeń', 'odczyt Twojego profilu (adres e-mail, imię i nazwisko)'];
const SCOPES_EN = ['read your credentials', 'read your profile (e-mail address, name)'];

interface Tokens { access_token: string; refresh_token: string; token_type: string; scope: string }

describe('learner: an application authorised through the OAuth consent page, listed and revoked on /me/apps (browser)', { timeout: TIMEOUT }, () => {
  let session: BrowserSession | undefined;
  let page: Page;
  let base = '';
  let clientId = '';
  let tokens: Tokens | undefined;
  /** Requests the browser tried to send to the application's host (all answered by page.route). */
  const toPortfolio: string[] = [];

  const h1 = (): Locator => page.locator('h1');
  const appItem = (): Locator => page.locator('li.app-item').filter({ has: page.getByRole('heading', { level: 2, name: APP_NAME, exact: true }) });
  /** The value of one fact (dt → dd) of an application. */
  const fact = (item: Locator, label: string): Locator =>
    item.locator('.app-facts > div').filter({ has: page.locator('dt').getByText(label, { exact: true }) }).locator('dd');
  const credentialsWith = (token: string): Promise<Response> =>
    fetch(`${base}/ims/ob/v3p0/credentials`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });

  before(async () => {
    // 401: the staff session check on public pages and the learner check before sign-in.
    session = await openBrowserSession({ expectedStatuses: [401] });
    ({ page, base } = session);
  }, { timeout: TIMEOUT });

  after(async () => {
    await session?.close();
  });

  it('Anna signs in with her claim link from the outbox; no application has access yet', async () => {
    assert.ok(session);
    const claimLink = await claimLinkFromOutbox(session, ANNA_EMAIL);

    await page.goto(claimLink);
    await eventually(async () => assert.match(new URL(page.url()).pathname, /^\/me\/credentials\/[0-9a-f-]{36}$/));
    await page.locator('.user-email').filter({ hasText: ANNA_EMAIL }).waitFor();
    const apps = await page.request.get(`${base}/api/v1/me/apps`);
    assert.equal(apps.status(), 200, await apps.text());
    assert.deepEqual(await apps.json(), []);
  });

  it('"Portfolio App" registers over HTTP (a public client: PKCE, no secret)', async () => {
    const res = await fetch(`${base}/oauth/register`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: APP_NAME, client_uri: APP_SITE, redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' }),
    });
    const body = await res.json() as { client_id?: string; client_secret?: string; client_name?: string };
    assert.equal(res.status, 201, JSON.stringify(body));
    assert.equal(body.client_name, APP_NAME);
    assert.equal(body.client_secret, undefined);
    assert.ok(body.client_id);
    clientId = body.client_id;
  });

  it('Anna approves it on the consent page in the browser; the code is exchanged over HTTP and the token reads her credentials', async () => {
    // The approval sends the browser to the application: the browser answers for it, nothing reaches portfolio.example.
    await page.route('https://portfolio.example/**', (route) => {
      toPortfolio.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!DOCTYPE html><title>Portfolio App</title><p>Portfolio App</p>' });
    });
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const query = new URLSearchParams({
      response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, scope: `${SCOPE.read} ${SCOPE.profile}`,
      state: STATE, code_challenge: challenge, code_challenge_method: 'S256',
    });
    await page.goto(`${base}/oauth/authorize?${query.toString()}`);
    await h1().filter({ hasText: 'Zgoda na dostęp' }).waitFor();
    await page.getByText(`${APP_NAME} prosi o dostęp do Twojego konta Mikrocred.`).waitFor();
    await page.getByText(`Zalogowano jako: ${ANNA_EMAIL}`).waitFor();
    assert.deepEqual(await page.locator('ul > li').allInnerTexts(), SCOPES_PL);
    assert.equal(await page.getByRole('link', { name: '/me/apps' }).getAttribute('href'), '/me/apps');
    await session?.shot('learner-apps-01-consent');

    await page.getByRole('button', { name: 'Zezwól' }).click();
    await page.waitForURL((url) => url.origin === APP_SITE);
    const back = new URL(page.url());
    assert.equal(`${back.origin}${back.pathname}`, REDIRECT);
    assert.equal(back.searchParams.get('state'), STATE);
    assert.equal(back.searchParams.get('error'), null);
    const code = back.searchParams.get('code');
    assert.ok(code, page.url());
    assert.ok(toPortfolio.some((url) => url.startsWith(`${REDIRECT}?`)), toPortfolio.join('\n'));

    const res = await fetch(`${base}/oauth/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: clientId, code_verifier: verifier }).toString(),
    });
    const body = await res.json() as Tokens;
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.scope, `${SCOPE.read} ${SCOPE.profile}`);
    tokens = body;

    const pulled = await credentialsWith(body.access_token);
    const result = await pulled.json() as { credential?: Array<{ credentialSubject?: { identifier?: unknown } }> };
    assert.equal(pulled.status, 200, JSON.stringify(result));
    assert.ok(Array.isArray(result.credential) && result.credential.length >= 1, JSON.stringify(result));
    assert.match(JSON.stringify(result.credential), /Analiza danych w Pythonie|Data analysis in Python/);
  });

  it('/me/apps, from the learner navigation: the application, its site, what it may do in Polish words, "Odbierz dostęp"', async () => {
    await page.goto(`${base}/me`);
    await h1().filter({ hasText: 'Moje poświadczenia' }).waitFor();
    await page.getByRole('navigation', { name: 'Katalog publiczny' }).getByRole('link', { name: 'Aplikacje z dostępem' }).click();
    await h1().filter({ hasText: 'Aplikacje z dostępem' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/me/apps');
    assert.equal(await page.title().then((title) => title.startsWith('Aplikacje z dostępem')), true, await page.title());

    const list = page.getByRole('list', { name: 'Aplikacje z dostępem do Twoich poświadczeń' });
    await list.waitFor();
    assert.equal(await list.locator('li.app-item').count(), 1);
    const item = appItem();
    await item.waitFor();
    const site = item.getByRole('link', { name: /https:\/\/portfolio\.example/ });
    assert.match(await site.getAttribute('href') ?? '', /^https:\/\/portfolio\.example\/?$/);
    assert.equal(await site.getAttribute('target'), '_blank');
    assert.match(await site.getAttribute('rel') ?? '', /noopener/);
    assert.match(await fact(item, 'Strona aplikacji').innerText(), /https:\/\/portfolio\.example/);
    assert.equal(await fact(item, 'Odsyła do').innerText(), 'portfolio.example');
    await fact(item, 'Zgoda od').waitFor();
    assert.notEqual((await fact(item, 'Ostatnio odnowiła dostęp').innerText()).trim(), 'jeszcze nie');
    // The access token was used once (GET /ims/ob/v3p0/credentials).
    assert.notEqual((await fact(item, 'Ostatnio użyła dostępu').innerText()).trim(), 'jeszcze nie');
    await item.getByText('Może:', { exact: true }).waitFor();
    assert.deepEqual(await item.locator('ul.app-scopes > li').allInnerTexts(), SCOPES_PL);
    await item.getByText('Ma teraz ważny dostęp.').waitFor();
    const revoke = item.getByRole('button', { name: `Odbierz dostęp aplikacji „${APP_NAME}”` });
    assert.equal((await revoke.innerText()).trim(), 'Odbierz dostęp');
    await session?.shot('learner-apps-02-list-pl');

    // A cancelled confirmation changes nothing, and gives the focus back to the button.
    await revoke.click();
    const question = item.getByRole('group', { name: /^Odebrać dostęp aplikacji „Portfolio App”\?/ });
    await question.waitFor();
    await question.getByRole('button', { name: 'Anuluj' }).click();
    await question.waitFor({ state: 'detached' });
    await eventually(async () => assert.equal(await revoke.evaluate((button) => button === document.activeElement), true));
    assert.equal(await appItem().count(), 1);
  });

  it('in English: the same application in English words', async () => {
    await page.getByRole('button', { name: /^EN/ }).click();
    await h1().filter({ hasText: 'Applications with access' }).waitFor();
    const item = appItem();
    await page.getByRole('list', { name: 'Applications with access to your credentials' }).waitFor();
    assert.match(await fact(item, 'Website').innerText(), /https:\/\/portfolio\.example/);
    assert.equal(await fact(item, 'Sends you back to').innerText(), 'portfolio.example');
    await fact(item, 'Allowed since').waitFor();
    assert.notEqual((await fact(item, 'Access last used').innerText()).trim(), 'not yet');
    await item.getByText('It may:', { exact: true }).waitFor();
    assert.deepEqual(await item.locator('ul.app-scopes > li').allInnerTexts(), SCOPES_EN);
    await item.getByText('It has valid access now.').waitFor();
    const revoke = item.getByRole('button', { name: `Revoke the access of "${APP_NAME}"` });
    assert.equal((await revoke.innerText()).trim(), 'Revoke access');
    await session?.shot('learner-apps-03-list-en');
  });

  it('revoking (confirmed) takes the application off the list: the empty state shows; the old access token gets a 401', async () => {
    assert.ok(tokens);
    const item = appItem();
    await item.getByRole('button', { name: `Revoke the access of "${APP_NAME}"` }).click();
    const question = item.getByRole('group', { name: /^Revoke the access of "Portfolio App"\?/ });
    await question.waitFor();
    const confirm = question.getByRole('button', { name: 'Yes, revoke access' });
    await eventually(async () => assert.equal(await confirm.evaluate((button) => button === document.activeElement), true));
    await session?.shot('learner-apps-04-confirm-en');
    await confirm.click();

    await page.getByRole('status').filter({ hasText: `"${APP_NAME}" no longer has access to your credentials.` }).waitFor();
    await page.locator('p.empty').filter({ hasText: 'No applications have access to your credentials.' }).waitFor();
    assert.equal(await page.locator('li.app-item').count(), 0);
    assert.equal(await page.getByRole('list', { name: 'Applications with access to your credentials' }).count(), 0);
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'main-heading'));
    await session?.shot('learner-apps-05-revoked-en');

    // The server agrees: nothing listed after a reload, in Polish too.
    await page.getByRole('button', { name: /^PL/ }).click();
    await page.reload();
    await h1().filter({ hasText: 'Aplikacje z dostępem' }).waitFor();
    await page.locator('p.empty').filter({ hasText: 'Żadna aplikacja nie ma dostępu do Twoich poświadczeń.' }).waitFor();
    assert.equal(await appItem().count(), 0);

    // The access ended at once: the access token is refused, the refresh token too.
    const refused = await credentialsWith(tokens.access_token);
    const imsx = await refused.json() as { imsx_codeMajor?: string };
    assert.equal(refused.status, 401, JSON.stringify(imsx));
    assert.equal(imsx.imsx_codeMajor, 'failure');
    assert.match(refused.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    const refresh = await fetch(`${base}/oauth/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: clientId }).toString(),
    });
    const refreshBody = await refresh.json() as { error?: string };
    assert.equal(refresh.status, 400, JSON.stringify(refreshBody));
    assert.equal(refreshBody.error, 'invalid_grant');
  });

  it('ran without script errors or CSP violations', () => {
    assert.deepEqual(session?.pageErrors, []);
  });
});
