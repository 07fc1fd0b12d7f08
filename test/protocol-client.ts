/**
 * Requests to the app as a wallet or an OAuth client sends them (app.inject): JSON or form bodies, the learner's
 * cookie and CSRF header on request, and the checks of a success and of an OAuth-shaped error (`{ error,
 * error_description }`, not problem+json); and the learner's sign-in with the claim link of the e-mail their
 * credential sent. Shared by the OpenID4VCI suites.
 */
import assert from 'node:assert/strict';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Platform } from '../src/services/platform.ts';

type Json = Record<string, unknown>;

export interface SendOptions {
  readonly json?: unknown;
  readonly form?: Record<string, string>;
  readonly headers?: Record<string, string>;
  /** Send the learner's session cookie and CSRF token. */
  readonly learner?: boolean;
}

export interface ProtocolClient {
  send(method: string, url: string, options?: SendOptions): Promise<LightMyRequestResponse>;
  /** The JSON body of a response with `status` (200 by default). */
  ok(res: LightMyRequestResponse, status?: number): Json;
  /** Asserts an OAuth-shaped error with `status` and `error`; returns its body. */
  oauthError(res: LightMyRequestResponse, status: number, error: string): Json;
}

/** A client of the app behind `base` (absolute URLs under it are sent as paths); `app` and `learner` are read at each call. */
export function protocolClient(base: string, app: () => FastifyInstance, learner: () => { token: string; csrf: string }): ProtocolClient {
  const path = (url: string): string => url.startsWith(base) ? url.slice(base.length) : url;
  return {
    async send(method, url, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      let payload: string | undefined;
      if (options.json !== undefined) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(options.json);
      } else if (options.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        payload = new URLSearchParams(options.form).toString();
      }
      if (options.learner) {
        const session = learner();
        headers.cookie = `mikrocred_learner=${session.token}`;
        headers['x-csrf-token'] = session.csrf;
      }
      return app().inject({ method: method as InjectOptions['method'], url: path(url), headers, ...(payload !== undefined ? { payload } : {}) });
    },
    ok(res, status = 200) {
      assert.equal(res.statusCode, status, res.body.slice(0, 800));
      return res.json<Json>();
    },
    oauthError(res, status, error) {
      assert.equal(res.statusCode, status, res.body.slice(0, 500));
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const body = res.json<Json>();
      assert.equal(body.error, error, res.body);
      assert.equal(typeof body.error_description, 'string');
      return body;
    },
  };
}

/** The learner signs in with the claim link of the "credential issued" e-mail to `email`: their session and CSRF token. */
export async function learnerFromClaimMail(platform: Platform, app: FastifyInstance, email: string): Promise<{ token: string; csrf: string }> {
  const mail = await platform.store.db.selectFrom('outbox').select('text_body').where('to_address', '=', email).where('kind', '=', 'credential_issued').executeTakeFirstOrThrow();
  const claim = /\/claim\/([A-Za-z0-9_-]+)/.exec(mail.text_body)?.[1];
  assert.ok(claim, 'the e-mail has a claim link');
  const signedIn = await app.inject({ method: 'GET', url: `/claim/${claim}` });
  const cookie = signedIn.cookies.find((c) => c.name === 'mikrocred_learner');
  assert.ok(cookie, signedIn.body);
  const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `mikrocred_learner=${cookie.value}` } });
  assert.equal(me.statusCode, 200, me.body);
  return { token: cookie.value, csrf: String(me.json<Json>().csrfToken) };
}
