/**
 * What the browser suites share: the web app in a real browser against the real server. Needs Chromium at
 * /usr/bin/chromium (Debian: `apt-get install chromium`; CHROMIUM_PATH overrides); playwright-core drives it and never
 * downloads a browser. `openBrowserSession()` builds the app when web/dist is missing, starts `mikrocred serve` on a
 * free port with a fresh data folder (and the demo institution, whose owner's password it reads from the output),
 * and opens a Polish-speaking page; `close()` stops all of it. Screenshots go to test-results/.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { freePort } from '../platform-fixture.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RESULTS = resolve(ROOT, 'test-results');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SLUG = 'uniwersytet-przykladowy';
export const OWNER = 'owner@uni.example.pl';
export const TIMEOUT = 120_000;

/** Starts `mikrocred serve` and resolves once it listens, with the demo owner's password from its output. */
export function startServer(port: number, dataDir: string): Promise<{ child: ChildProcess; password: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/mikrocred.js'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', MIKROCRED_BASE_URL: `http://127.0.0.1:${port}`,
      MIKROCRED_DATA_DIR: dataDir, MIKROCRED_DEMO: '1', LOG_LEVEL: 'warn', DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolveStart, reject) => {
    let output = '';
    let password: string | undefined;
    const timer = setTimeout(() => reject(new Error(`The server did not start in time:\n${output}`)), 90_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      password ??= new RegExp(`${OWNER.replace(/\./g, '\\.')}\\s+/\\s+(\\S+)`).exec(output)?.[1];
      if (password && output.includes('is listening on')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolveStart({ child, password });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${code}) before listening:\n${output}`));
    });
  });
}

/** Retries an assertion until it passes (the UI updates asynchronously). */
export async function eventually(check: () => Promise<void>, timeout = 10_000): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export interface BrowserSession {
  /** The server's base URL, e.g. http://127.0.0.1:41234. */
  readonly base: string;
  /** The demo owner's password. */
  readonly password: string;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Script errors, CSP violations and unexpected failed requests the page logged. */
  readonly pageErrors: string[];
  /** A full-page screenshot to test-results/<name>.png. */
  shot(name: string): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Builds the app if needed, starts a server and a browser page (Polish, 1280×900). `expectedStatuses` lists the HTTP
 * statuses the page may log as failed loads without that counting as an error (e.g. 401 before sign-in).
 */
export async function openBrowserSession(options: { expectedStatuses?: readonly number[] } = {}): Promise<BrowserSession> {
  assert.ok(existsSync(CHROMIUM), `No Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  if (!existsSync(join(ROOT, 'web/dist/index.html'))) {
    const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', 'web'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, `vite build failed:\n${build.stdout}\n${build.stderr}`);
  }
  mkdirSync(RESULTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'mikrocred-browser-'));
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;

  async function close(): Promise<void> {
    await browser?.close();
    if (server && server.exitCode === null) {
      const running = server;
      const exited = new Promise((r) => running.once('exit', r));
      running.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (running.exitCode === null) running.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  }

  try {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const started = await startServer(port, dataDir);
    server = started.child;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    const context = await browser.newContext({ locale: 'pl-PL', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const pageErrors: string[] = [];
    const expected = options.expectedStatuses ?? [];
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      const status = /Failed to load resource: the server responded with a status of (\d+)/.exec(message.text())?.[1];
      if (message.type() === 'error' && !(status !== undefined && expected.includes(Number(status)))) {
        pageErrors.push(`console: ${message.text()}`);
      }
    });
    return {
      base, password: started.password, browser, context, page, pageErrors, close,
      shot: (name) => page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true }),
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Signs the demo owner in through the sign-in form (Polish), and waits for the institution profile. */
export async function signInAsOwner(session: BrowserSession): Promise<void> {
  const { page, base, password } = session;
  await page.goto(`${base}/`);
  await page.getByLabel('E-mail').fill(OWNER);
  await page.getByLabel('Hasło').fill(password);
  await page.getByRole('button', { name: 'Zaloguj się' }).click();
  await page.locator('h1').filter({ hasText: 'Profil instytucji' }).waitFor();
}

/**
 * The demo owner signs in, opens the e-mail outbox, copies the claim link of the first message to `email`, and signs
 * out: how a learner's first sign-in link is obtained when no SMTP server is set.
 */
export async function claimLinkFromOutbox(session: BrowserSession, email: string): Promise<string> {
  const { page } = session;
  await signInAsOwner(session);
  await page.getByRole('navigation', { name: 'Nawigacja główna' }).getByRole('link', { name: 'Skrzynka e-mail' }).click();
  await page.locator('h1').filter({ hasText: 'Skrzynka e-mail' }).waitFor();
  const row = page.locator('table.outbox-table tbody tr').filter({ hasText: email }).first();
  await row.getByRole('button', { name: /Pokaż treść/ }).click();
  const claimLink = await page.getByRole('textbox', { name: 'Link do odebrania poświadczenia' }).inputValue();
  assert.match(claimLink, /^http:\/\/127\.0\.0\.1:\d+\/claim\/[A-Za-z0-9_-]+$/);
  await page.getByRole('button', { name: 'Wyloguj' }).click();
  await page.locator('h1').filter({ hasText: 'Zaloguj się' }).waitFor();
  return claimLink;
}
