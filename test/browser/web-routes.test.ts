/**
 * Serving the built web app (src/http/routes/web.ts), without a browser: files, the SPA fallback for page
 * addresses, 404 problems for API paths and missing files, and the 503 problem when the app is not built.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { notFoundHandler } from '../../src/http/problems.ts';
import { webRoutes } from '../../src/http/routes/web.ts';

async function appWith(distDir: string): Promise<FastifyInstance> {
  const app = Fastify();
  app.setNotFoundHandler(notFoundHandler);
  app.addHook('onRoute', (route) => {
    assert.equal((route.config as { access?: unknown } | undefined)?.access, 'public', `${route.method} ${route.url} declares public access`);
  });
  await app.register(webRoutes({ distDir }));
  await app.ready();
  return app;
}

describe('web app routes', () => {
  let dir: string;
  let built: FastifyInstance;
  let missing: FastifyInstance;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mikrocred-web-'));
    const dist = join(dir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, 'secret.txt'), 'outside dist');
    built = await appWith(dist);
    missing = await appWith(join(dir, 'nothing-here'));
  });

  after(async () => {
    await built.close();
    await missing.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / (not cached) and the hashed assets (cached for good)', async () => {
    const index = await built.inject({ url: '/' });
    assert.equal(index.statusCode, 200);
    assert.match(String(index.headers['content-type']), /^text\/html/);
    assert.equal(index.headers['cache-control'], 'no-cache');
    assert.match(index.body, /<title>app<\/title>/);
    const asset = await built.inject({ url: '/assets/index-abc123.js' });
    assert.equal(asset.statusCode, 200);
    assert.match(String(asset.headers['content-type']), /javascript/);
    assert.match(String(asset.headers['cache-control']), /immutable/);
    assert.equal((await built.inject({ url: '/favicon.svg' })).statusCode, 200);
  });

  it('answers index.html for page addresses a browser asks for', async () => {
    const page = await built.inject({ url: '/institutions/uni/profile', headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<title>app<\/title>/);
  });

  it('keeps 404 problems for API paths, missing files and non-HTML requests', async () => {
    const html = { accept: 'text/html' };
    for (const url of ['/api/v1/nothing', '/i/uni/nothing', '/assets/missing.js', '/robots.txt', '/credentials/x']) {
      const response = await built.inject({ url, headers: html });
      assert.equal(response.statusCode, 404, url);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/, url);
    }
    assert.equal((await built.inject({ url: '/institutions/uni', headers: { accept: 'application/json' } })).statusCode, 404);
  });

  it('never serves files outside the build', async () => {
    for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/.hidden']) {
      const response = await built.inject({ url, headers: { accept: 'text/html' } });
      assert.ok(!response.body.includes('outside dist'), url);
    }
  });

  it('answers 503 with a problem saying to run npm run build when the app is not built', async () => {
    for (const url of ['/', '/institutions/uni/profile']) {
      const response = await missing.inject({ url, headers: { accept: 'text/html', 'accept-language': 'en' } });
      assert.equal(response.statusCode, 503, url);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
      const body = response.json<{ code: string; detail: string; messages: { pl: string } }>();
      assert.equal(body.code, 'web_app_not_built');
      assert.match(body.detail, /npm run build/);
      assert.match(body.messages.pl, /npm run build/);
    }
  });
});
