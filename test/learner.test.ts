/**
 * The learner side through the HTTP API (docs/learner.md), on PGlite (or PostgreSQL with MIKROCRED_TEST_DATABASE_URL):
 * sign-in by the claim link of an issued credential and by magic link (the same 202 for unknown addresses, single
 * use, expiry, rate limits), access (learner sessions only, CSRF), the learner's own credentials only, downloads (the
 * signed JSON byte for byte, the PDF, the ELM / Europass export valid against the official ELM SHACL shapes), the
 * Verifiable Presentation, share links and the public page with the live verdict and Open Graph tags, imports of
 * foreign credentials (signed by the reference library, tampered, in a PDF), pathway progress (n-of met and not met,
 * ECTS), the data export, and erasure under both institution policies with a scan of every row of every table for
 * the learner's name, e-mail and birth date, after which the credential still verifies (keep) or is revoked (revoke)
 * for whoever holds its JSON.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { PDFDocument } from 'pdf-lib';
import { buildApp, type RouteEntry } from '../src/http/app.ts';
import { learnerRoutes } from '../src/http/routes/learner.ts';
import { DEFAULT_WEB_DIST } from '../src/http/routes/web.ts';
import type { JsonObject } from '../src/credentials/index.ts';
import { credentialFromPdf } from '../src/documents/pdf-credential.ts';
import { BatchRunner } from '../src/services/batch-runner.ts';
import type { Platform } from '../src/services/platform.ts';
import { verifyOnPlatform } from '../src/services/verification.ts';
import { assertShaclValid, elmShapes, RDF_TYPE, SH_TARGET_CLASS, toStore } from './elm-shacl.ts';
import { appReferenceLoader, newKey, plainCryptosuite, referenceIssued } from './fixtures.ts';
import { databaseKind, exampleSpecification, openTestPlatform, seedTenant, type Tenant, type TestPlatform } from './platform-fixture.ts';

type Json = Record<string, unknown>;
type Response = LightMyRequestResponse;

const BASE = 'https://portal.test.example';

interface LearnerSession {
  readonly token: string;
  readonly csrfToken: string;
}

interface Call {
  readonly learner?: LearnerSession;
  /** Send the CSRF header on unsafe methods (default true), or this value. */
  readonly csrf?: boolean | string;
  readonly key?: string;
  readonly staffCookie?: string;
  readonly body?: unknown;
  readonly raw?: { readonly contentType: string; readonly payload: string | Buffer };
  readonly ip?: string;
  readonly headers?: Record<string, string>;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
let ipCounter = 0;
function nextIp(): string {
  ipCounter += 1;
  return `10.77.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

/** The learner: a name, e-mail and birth date found nowhere else in the database. */
const EULALIA = {
  givenName: 'Eulalia', familyName: 'Przybyszewska-Żmudzka', email: 'eulalia.przybyszewska@example.org', dateOfBirth: '2000-02-29', studentNumber: 'S-777123',
};
/** Another learner, who must see nothing of Eulalia's and keep everything of theirs. */
const BARTEK = { givenName: 'Bartłomiej', familyName: 'Nowakowski', email: 'b.nowakowski@example.org' };

describe(`the learner side on ${databaseKind}`, () => {
  let tp: TestPlatform;
  let platform: Platform;
  let app: FastifyInstance;
  let routeTable: readonly RouteEntry[];
  /** Institution A keeps credentials verifiable on erasure; B revokes them. */
  let A: Tenant;
  let B: Tenant;
  /** Specifications of A: S1 (the example, 5 ECTS), S2 (5 ECTS), S3 (10 ECTS), S4 (3 ECTS), S5 (2 ECTS). */
  const S = { S1: '', S2: '', S3: '', S4: '', S5: '' };
  /** Eulalia's credentials: A/S1, A/S2, A/S4 (revoked later), B/its offer. */
  const mine = { aS1: '', aS2: '', aS4: '', b: '' };
  let bartekCredential: string;
  let eulalia: LearnerSession;
  let bartek: LearnerSession;
  /** What a third party holds: Eulalia's signed JSON of A/S1 and of B's credential, downloaded before erasure. */
  const held = { aS1: '', b: '' };

  async function send(method: string, url: string, call: Call = {}): Promise<Response> {
    const headers: Record<string, string> = { ...call.headers };
    const cookies: string[] = [];
    if (call.learner) {
      cookies.push(`mikrocred_learner=${call.learner.token}`);
      if (call.csrf !== false && UNSAFE.has(method)) headers['x-csrf-token'] = typeof call.csrf === 'string' ? call.csrf : call.learner.csrfToken;
    }
    if (call.staffCookie) cookies.push(`mikrocred_session=${call.staffCookie}`);
    if (cookies.length > 0) headers.cookie = cookies.join('; ');
    if (call.key) headers.authorization = `Bearer ${call.key}`;
    let payload: string | Buffer | undefined;
    if (call.raw) {
      headers['content-type'] = call.raw.contentType;
      payload = call.raw.payload;
    } else if (call.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(call.body);
    }
    return app.inject({ method: method as InjectOptions['method'], url, headers, remoteAddress: call.ip ?? nextIp(), ...(payload !== undefined ? { payload } : {}) });
  }

  function ok(res: Response, status = 200): Json {
    assert.equal(res.statusCode, status, res.body.slice(0, 800));
    return res.json<Json>();
  }

  function problem(res: Response, status: number, code?: string): Json {
    assert.equal(res.statusCode, status, res.body.slice(0, 500));
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const body = res.json<Json>();
    if (code) assert.equal(body.code, code, res.body);
    return body;
  }

  const inst = (t: Tenant, rest: string): string => `/api/v1/institutions/${t.institution.slug}${rest}`;

  async function issue(t: Tenant, specId: string, learner: Json, result: Json = {}): Promise<string> {
    const created = ok(await send('POST', inst(t, '/credentials'), { key: t.keys.issuer.key, body: { specId, learner, result } }), 201);
    return String((created.credential as Json).id);
  }

  async function publish(t: Tenant, title: string, ects: number): Promise<string> {
    const document = { ...exampleSpecification({ pl: title, en: title }), ectsCredits: ects, workloadHours: ects * 25 };
    const draft = ok(await send('POST', inst(t, '/specifications'), { key: t.keys.designer.key, body: { document } }), 201);
    const specId = String(draft.specId);
    ok(await send('POST', inst(t, `/specifications/${specId}/publish`), { key: t.keys.designer.key, body: {} }));
    return specId;
  }

  /** The token of a link in the newest e-mail to `to` of `kind`. */
  async function linkToken(to: string, kind: string, pattern: RegExp): Promise<string> {
    const row = await platform.store.db.selectFrom('outbox').select('text_body').where('to_address', '=', to).where('kind', '=', kind)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const match = pattern.exec(row.text_body);
    assert.ok(match?.[1], `no link in ${row.text_body}`);
    return match[1];
  }

  async function claimTokens(email: string): Promise<string[]> {
    const rows = await platform.store.db.selectFrom('outbox').select('text_body').where('to_address', '=', email).where('kind', '=', 'credential_issued').execute();
    return rows.map((r) => /\/claim\/([A-Za-z0-9_-]+)/.exec(r.text_body)?.[1] ?? '');
  }

  /** Follows a sign-in link: the session from its cookie, the CSRF token from GET /api/v1/me. */
  async function follow(path: string, expectLocation: RegExp): Promise<LearnerSession> {
    const res = await send('GET', path);
    assert.equal(res.statusCode, 303, res.body);
    assert.match(String(res.headers.location), expectLocation);
    const cookie = res.cookies.find((c) => c.name === 'mikrocred_learner');
    assert.ok(cookie, 'no learner cookie');
    const me = ok(await send('GET', '/api/v1/me', { learner: { token: cookie.value, csrfToken: '' } }));
    return { token: cookie.value, csrfToken: String(me.csrfToken) };
  }

  const appLoader = (): vc.DocumentLoader => appReferenceLoader(app, BASE);

  /** What the reference library says of a credential: its proof, and whether its revocation bit is set. */
  async function reference(credential: Json): Promise<{ verified: boolean; revoked: boolean }> {
    const documentLoader = appLoader();
    const suite = new DataIntegrityProof({ cryptosuite: plainCryptosuite });
    const result = await vc.verifyCredential({ credential, suite, documentLoader, checkStatus: async () => ({ verified: true }) });
    const entry = Array.isArray(credential.credentialStatus) ? (credential.credentialStatus as Json[])[0] : credential.credentialStatus as Json;
    const checked = await checkStatus({
      credential: { ...credential, credentialStatus: entry }, documentLoader, suite, verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true,
    });
    assert.equal(checked.verified, true, JSON.stringify(checked.error));
    return { verified: result.verified, revoked: checked.results?.[0]?.status === true };
  }

  before(async () => {
    tp = await openTestPlatform({ baseUrl: BASE });
    platform = tp.platform;
    ({ app, routeTable } = await buildApp({ platform }));
    // Until src/http/app.ts registers the learner routes, the suite does.
    if (!routeTable.some((r) => r.url === '/api/v1/me')) await app.register(learnerRoutes(platform));
    [A, B] = await Promise.all([
      seedTenant(platform, 'uczelnia-pamietajaca', ['owner'], { publish: true }),
      seedTenant(platform, 'uczelnia-uniewazniajaca', [], { publish: true }),
    ]);
    S.S1 = String(A.publishedSpecId);
    S.S2 = await publish(A, 'Statystyka opisowa', 5);
    S.S3 = await publish(A, 'Uczenie maszynowe', 10);
    S.S4 = await publish(A, 'Wizualizacja danych', 3);
    S.S5 = await publish(A, 'Etyka danych', 2);
    mine.aS1 = await issue(A, S.S1, EULALIA, { grade: '4.5' });
    mine.aS2 = await issue(A, S.S2, EULALIA, { grade: '5' });
    mine.aS4 = await issue(A, S.S4, EULALIA);
    mine.b = await issue(B, String(B.publishedSpecId), { ...EULALIA, email: 'Eulalia.Przybyszewska@Example.org' }, { grade: '4' });
    bartekCredential = await issue(A, S.S1, BARTEK, { grade: '3' });
  });

  after(async () => {
    await app?.close();
    await tp?.close();
  });

  describe('signing in', () => {
    it('the claim link from the e-mail signs in and opens the credential: HTTP-only, SameSite=Lax, Secure cookie', async () => {
      const [token] = await claimTokens(EULALIA.email);
      assert.ok(token);
      const res = await send('GET', `/claim/${token}`);
      assert.equal(res.statusCode, 303, res.body);
      assert.match(String(res.headers.location), /^\/me\/credentials\/[0-9a-f-]{36}$/);
      const cookie = res.cookies.find((c) => c.name === 'mikrocred_learner');
      assert.ok(cookie);
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.secure, true);
      assert.equal(String(cookie.sameSite).toLowerCase(), 'lax');
      assert.equal(cookie.path, '/');
      const me = ok(await send('GET', '/api/v1/me', { learner: { token: cookie.value, csrfToken: '' } }));
      assert.equal((me.account as Json).email, EULALIA.email);
      assert.ok(String(me.csrfToken).length >= 16);
      // Only the hash of the session token is stored.
      assert.equal(await platform.store.db.selectFrom('learner_sessions').select('id').where('id', '=', cookie.value).executeTakeFirst(), undefined);
      // The claim link of B's credential (e-mail in other letter case) is the same account.
      const [bToken] = await claimTokens('Eulalia.Przybyszewska@Example.org');
      eulalia = await follow(`/claim/${String(bToken)}`, new RegExp(`^/me/credentials/${mine.b}$`));
      assert.equal((await platform.store.db.selectFrom('learner_accounts').select('id').where('email', '=', EULALIA.email).execute()).length, 1);
      const [bartekToken] = await claimTokens(BARTEK.email);
      bartek = await follow(`/claim/${String(bartekToken)}`, /^\/me\/credentials\//);
    });

    it('an unknown claim link signs nobody in; a malformed one is a 400', async () => {
      const res = await send('GET', `/claim/${'x'.repeat(32)}`);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/me/sign-in?error=invalid_link');
      assert.equal(res.cookies.length, 0);
      problem(await send('GET', '/claim/bad!token'), 400, 'invalid_input');
    });

    it('a magic link: the same 202 for a known and an unknown address; only the known one gets an e-mail (institution-less)', async () => {
      const known = await send('POST', '/api/v1/learner/sign-in', { body: { email: EULALIA.email.toUpperCase() } });
      const unknown = await send('POST', '/api/v1/learner/sign-in', { body: { email: 'nobody-here@example.org' } });
      assert.equal(known.statusCode, 202);
      assert.equal(unknown.statusCode, 202);
      assert.deepEqual(known.json(), unknown.json());
      problem(await send('POST', '/api/v1/learner/sign-in', { body: { email: 'not an address' } }), 400, 'invalid_input');
      const mails = await platform.store.db.selectFrom('outbox').select(['to_address', 'institution_id', 'kind', 'subject'])
        .where('kind', '=', 'learner_sign_in').execute();
      assert.deepEqual(mails.map((m) => [m.to_address, m.institution_id]), [[EULALIA.email, null]]);
      assert.equal(await platform.store.db.selectFrom('learner_login_tokens').select('id').where('email', '=', 'nobody-here@example.org').executeTakeFirst(), undefined);
      // Staff never see it in their outbox.
      const staffOutbox = ok(await send('GET', inst(A, '/outbox?limit=500'), { key: A.keys.issuer.key }));
      assert.ok(!JSON.stringify(staffOutbox).includes('/learner/sign-in/'));
    });

    it('the magic link signs in once; used again it is refused', async () => {
      const token = await linkToken(EULALIA.email, 'learner_sign_in', /\/learner\/sign-in\/([A-Za-z0-9_-]+)/);
      const session = await follow(`/learner/sign-in/${token}`, /^\/me$/);
      assert.equal((ok(await send('GET', '/api/v1/me', { learner: session })).account as Json).email, EULALIA.email);
      const again = await send('GET', `/learner/sign-in/${token}`);
      assert.equal(again.statusCode, 303);
      assert.equal(again.headers.location, '/me/sign-in?error=invalid_link');
      assert.equal(again.cookies.length, 0);
      // Sign-out ends that session only.
      problem(await send('DELETE', '/api/v1/me/session', { learner: session, csrf: false }), 403, 'csrf');
      assert.equal((await send('DELETE', '/api/v1/me/session', { learner: session })).statusCode, 204);
      problem(await send('GET', '/api/v1/me', { learner: session }), 401, 'unauthenticated');
      assert.equal((await send('GET', '/api/v1/me', { learner: eulalia })).statusCode, 200);
    });

    it('an expired magic link is refused', async () => {
      assert.equal((await send('POST', '/api/v1/learner/sign-in', { body: { email: EULALIA.email } })).statusCode, 202);
      const token = await linkToken(EULALIA.email, 'learner_sign_in', /\/learner\/sign-in\/([A-Za-z0-9_-]+)/);
      await platform.store.db.updateTable('learner_login_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('used_at', 'is', null).execute();
      const res = await send('GET', `/learner/sign-in/${token}`);
      assert.equal(res.headers.location, '/me/sign-in?error=invalid_link');
      assert.equal(res.cookies.length, 0);
    });

    it('limits: 5 requests a minute from one address (429), and at most 3 unused links per e-mail (still 202, no e-mail)', async () => {
      const count = async (): Promise<number> => (await platform.store.db.selectFrom('learner_login_tokens').select('id').where('email', '=', BARTEK.email).execute()).length;
      for (let i = 1; i <= 5; i++) assert.equal((await send('POST', '/api/v1/learner/sign-in', { body: { email: BARTEK.email }, ip: '192.0.2.77' })).statusCode, 202, `request ${i}`);
      problem(await send('POST', '/api/v1/learner/sign-in', { body: { email: BARTEK.email }, ip: '192.0.2.77' }), 429, 'rate_limited');
      assert.equal(await count(), 3);
      assert.equal((await send('POST', '/api/v1/learner/sign-in', { body: { email: BARTEK.email } })).statusCode, 202);
      assert.equal(await count(), 3);
    });

    it('learner routes refuse staff: no credentials 401, an API key or a staff session 403; CSRF on unsafe methods', async () => {
      problem(await send('GET', '/api/v1/me/credentials'), 401, 'unauthenticated');
      problem(await send('GET', '/api/v1/me/credentials', { key: A.keys.owner.key }), 403, 'learner_session_required');
      const staff = await send('POST', '/api/v1/session', { body: { email: A.staff.owner.email, password: A.staff.owner.password } });
      const staffCookie = staff.cookies.find((c) => c.name === 'mikrocred_session')?.value;
      assert.ok(staffCookie);
      problem(await send('GET', '/api/v1/me', { staffCookie }), 403, 'learner_session_required');
      problem(await send('GET', '/api/v1/me', { headers: { cookie: 'mikrocred_learner=forged' } }), 401, 'unauthenticated');
      problem(await send('POST', `/api/v1/me/credentials/${mine.aS1}/shares`, { learner: eulalia, csrf: false, body: {} }), 403, 'csrf');
      problem(await send('POST', `/api/v1/me/credentials/${mine.aS1}/shares`, { learner: eulalia, csrf: bartek.csrfToken, body: {} }), 403, 'csrf');
      // And a learner session is nobody on staff routes.
      problem(await send('GET', inst(A, ''), { learner: eulalia }), 401, 'unauthenticated');
    });
  });

  describe('my credentials', () => {
    it('the list: mine in both institutions with status and short URL, nobody else\'s', async () => {
      const list = ok(await send('GET', '/api/v1/me/credentials', { learner: eulalia })) as unknown as Json[];
      assert.deepEqual(list.map((c) => c.id).sort(), Object.values(mine).sort());
      const b = list.find((c) => c.id === mine.b) as Json;
      assert.deepEqual(b.institution, { slug: B.institution.slug, namePl: B.institution.namePl, nameEn: B.institution.nameEn, logoUrl: null });
      assert.equal(b.status, 'active');
      assert.equal(b.onErasure, 'keep');
      assert.match(String(b.verifyUrl), new RegExp(`^${BASE}/v/[a-z2-9]{10}$`));
      assert.deepEqual(b.title, { pl: `Oferta ${B.institution.slug}`, en: `Offer ${B.institution.slug}` });
      const theirs = ok(await send('GET', '/api/v1/me/credentials', { learner: bartek })) as unknown as Json[];
      assert.deepEqual(theirs.map((c) => c.id), [bartekCredential]);
    });

    it('another learner\'s credential is not found, exactly like a missing one, on every credential route', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      for (const suffix of ['', '/json', '/pdf', '/elm', '/shares']) {
        const other = problem(await send('GET', `/api/v1/me/credentials/${bartekCredential}${suffix}`, { learner: eulalia }), 404, 'not_found');
        const none = problem(await send('GET', `/api/v1/me/credentials/${missing}${suffix}`, { learner: eulalia }), 404, 'not_found');
        assert.equal(other.detail, none.detail);
      }
      problem(await send('POST', `/api/v1/me/credentials/${bartekCredential}/shares`, { learner: eulalia, body: {} }), 404);
      problem(await send('POST', '/api/v1/me/presentations', { learner: eulalia, body: { credentialIds: [mine.aS1, bartekCredential] } }), 404);
    });

    it('one credential: every standard element, status, the verification now, the LinkedIn link', async () => {
      const detail = ok(await send('GET', `/api/v1/me/credentials/${mine.aS1}`, { learner: eulalia }));
      const spec = detail.specification as Json;
      for (const key of ['title', 'awardingBody', 'issuerCountry', 'learningOutcomes', 'ectsCredits', 'eqfLevel', 'assessmentType', 'participationMode', 'qualityAssurance']) {
        assert.ok(key in spec, `no ${key}`);
      }
      assert.equal(detail.specificationUrl, `${BASE}/catalogue/${S.S1}/v/1`);
      assert.equal(detail.status, 'active');
      // The public verifier's answer, as /v/<code> gives it: the verdict with its PL/EN line, each check labelled, who the issuer is.
      const verification = detail.verification as Json;
      assert.equal(verification.verdict, 'valid', JSON.stringify(verification));
      assert.match(String((verification.verdictMessage as Json).pl), /^WAŻNE/);
      assert.match(String((verification.verdictMessage as Json).en), /^VALID/);
      const checks = verification.checks as Json[];
      assert.equal(checks.length, 7);
      assert.deepEqual(checks.find((c) => c.id === 'status')?.label, { pl: 'Status (unieważnienie, zawieszenie)', en: 'Status (revocation, suspension)' });
      const issuer = verification.issuer as Json;
      assert.equal(issuer.id, A.institution.did);
      assert.equal(issuer.confirmed, true);
      assert.deepEqual(issuer.platform, {
        slug: A.institution.slug, namePl: A.institution.namePl, nameEn: A.institution.nameEn, identifiers: [{ scheme: 'REGON', value: '142036717' }],
        website: `https://${A.institution.slug}.example.pl`, didDocumentUrl: `${BASE}/i/${A.institution.slug}/did.json`,
      });
      assert.match(String((issuer.identity as Json).pl), new RegExp(`^Wystawca: ${A.institution.namePl} \\(REGON 142036717\\), instytucja zarejestrowana na tej platformie`));
      assert.match(String((issuer.identity as Json).en), /registered on this platform/);
      assert.equal((verification.credential as Json).id, detail.credentialId);
      assert.equal((verification.credential as Json).learnerName, `${EULALIA.givenName} ${EULALIA.familyName}`);
      assert.equal(verification.source, 'short-code');
      assert.equal(verification.verifyUrl, detail.verifyUrl);
      assert.equal(verification.shortCode, String(detail.verifyUrl).split('/').pop());
      // The same answer as the public verifier gives for its short code (but for the moment each was made).
      const byCode = ok(await send('GET', `/api/v1/verify/${String(verification.shortCode)}`));
      assert.deepEqual({ ...byCode, verifiedAt: undefined, checks: undefined }, { ...verification, verifiedAt: undefined, checks: undefined });
      assert.deepEqual((byCode.checks as Json[]).map((c) => [c.id, c.status, c.label]), checks.map((c) => [c.id, c.status, c.label]));
      assert.equal((detail.learner as Json).name, `${EULALIA.givenName} ${EULALIA.familyName}`);
      assert.equal((detail.credential as Json).id, detail.credentialId);
      const linkedIn = new URL(String(detail.linkedInUrl));
      assert.equal(`${linkedIn.origin}${linkedIn.pathname}`, 'https://www.linkedin.com/profile/add');
      const p = linkedIn.searchParams;
      assert.equal(p.get('startTask'), 'CERTIFICATION_NAME');
      assert.equal(p.get('name'), (spec.title as Json).pl);
      assert.equal(p.get('organizationName'), A.institution.namePl);
      const issued = new Date(String(detail.issuedAt));
      assert.deepEqual([p.get('issueYear'), p.get('issueMonth')], [String(issued.getUTCFullYear()), String(issued.getUTCMonth() + 1)]);
      assert.equal(p.get('certUrl'), detail.verifyUrl);
      assert.equal(p.get('certId'), String(detail.verifyUrl).split('/').pop());
      assert.deepEqual(detail.downloads, {
        json: `${BASE}/api/v1/me/credentials/${mine.aS1}/json`, pdf: `${BASE}/api/v1/me/credentials/${mine.aS1}/pdf`, elm: `${BASE}/api/v1/me/credentials/${mine.aS1}/elm`,
      });
    });

    it('downloads: the signed JSON byte for byte as issued', async () => {
      for (const [name, id, t] of [['aS1', mine.aS1, A], ['b', mine.b, B]] as const) {
        const res = await send('GET', `/api/v1/me/credentials/${id}/json`, { learner: eulalia });
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-type']), /^application\/vc\+ld\+json/);
        assert.match(String(res.headers['content-disposition']), /^attachment/);
        const stored = await platform.store.db.selectFrom('credentials').select('document').where('id', '=', id).executeTakeFirstOrThrow();
        assert.equal(res.body, stored.document);
        assert.equal(res.body, (await send('GET', inst(t, `/credentials/${id}/json`), { key: t.keys.viewer.key })).body);
        held[name] = res.body;
      }
    });

    it('downloads: the PDF, with the signed JSON attached', async () => {
      const res = await send('GET', `/api/v1/me/credentials/${mine.aS1}/pdf?lang=en`, { learner: eulalia });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      assert.equal(res.headers['content-type'], 'application/pdf');
      const attached = await credentialFromPdf(new Uint8Array(res.rawPayload));
      assert.equal(attached?.json, held.aS1);
      problem(await send('GET', `/api/v1/me/credentials/${mine.aS1}/pdf?lang=de`, { learner: eulalia }), 400);
    });

    it('downloads: the ELM / Europass EuropeanDigitalCredential, valid against the official ELM SHACL shapes', async () => {
      const res = await send('GET', `/api/v1/me/credentials/${mine.aS1}/elm`, { learner: eulalia });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      assert.match(String(res.headers['content-type']), /^application\/ld\+json/);
      const doc = res.json<JsonObject>();
      assert.deepEqual(doc.type, ['VerifiableCredential', 'EuropeanDigitalCredential']);
      await assertShaclValid(doc);
      const subject = doc.credentialSubject as Json;
      assert.deepEqual(subject.givenName, { pl: EULALIA.givenName });
      assert.equal(subject.dateOfBirth, `${EULALIA.dateOfBirth}T00:00:00Z`);
      const claim = subject.hasClaim as Json;
      assert.equal((claim.specifiedBy as Json).id, `${BASE}/catalogue/${S.S1}/v/1#specification`);
      assert.deepEqual(((claim.provenBy as Json).grade as Json).noteLiteral, { pl: '4.5' });
      assert.ok((doc.identifier as Json[]).some((i) => i.notation === JSON.parse(held.aS1 ?? '{}').id));
      // Every class in the graph is the target of some shape: nothing escapes validation.
      const store = await toStore(doc);
      const { full, noCv } = elmShapes();
      const targeted = new Set([...full.getQuads(null, SH_TARGET_CLASS, null, null), ...noCv.getQuads(null, SH_TARGET_CLASS, null, null)].map((q) => q.object.value));
      const classes = new Set(store.getQuads(null, RDF_TYPE, null, null).map((q) => q.object.value));
      assert.deepEqual([...classes].filter((c) => !targeted.has(c)), []);
      assert.ok(classes.has('http://data.europa.eu/snb/model/elm/EuropeanDigitalCredential'));
      // The shapes are not vacuous for the credential: without its display and issue date it fails.
      const broken = { ...doc };
      delete broken.displayParameter;
      delete broken.issued;
      await assert.rejects(assertShaclValid(broken), /displayParameter[\s\S]*issued|issued[\s\S]*displayParameter/);
    });

    it('a Verifiable Presentation of chosen credentials: unsigned, no holder, each credential inside verifies', async () => {
      const vp = ok(await send('POST', '/api/v1/me/presentations', { learner: eulalia, body: { credentialIds: [mine.aS1, mine.b, mine.aS1] } }));
      assert.deepEqual(vp['@context'], ['https://www.w3.org/ns/credentials/v2']);
      assert.deepEqual(vp.type, ['VerifiablePresentation']);
      assert.match(String(vp.id), /^urn:uuid:/);
      assert.equal(vp.holder, undefined);
      assert.equal(vp.proof, undefined);
      const inside = vp.verifiableCredential as Json[];
      assert.deepEqual(inside, [JSON.parse(held.aS1 ?? ''), JSON.parse(held.b ?? '')]);
      for (const credential of inside) assert.equal((await verifyOnPlatform(platform, credential)).verdict, 'valid');
      problem(await send('POST', '/api/v1/me/presentations', { learner: eulalia, body: { credentialIds: [] } }), 400);
    });
  });

  describe('sharing', () => {
    let share: Json;
    const tokenOf = (s: Json): string => String(s.url).split('/').pop() ?? '';

    it('a share link: its public page shows the credential, its verdict now, its elements and Open Graph data; views are counted', async () => {
      share = ok(await send('POST', `/api/v1/me/credentials/${mine.aS4}/shares`, { learner: eulalia, body: {} }), 201);
      assert.match(String(share.url), new RegExp(`^${BASE}/s/[A-Za-z0-9_-]{32}$`));
      const shared = ok(await send('GET', `/api/v1/shared/${tokenOf(share)}`, { headers: { 'accept-language': 'pl' } }));
      const verification = shared.verification as Json;
      assert.equal(verification.verdict, 'valid');
      assert.match(String((verification.verdictMessage as Json).pl), /^WAŻNE/);
      assert.ok((verification.checks as Json[]).every((c) => typeof (c.label as Json | undefined)?.pl === 'string'));
      assert.equal(((verification.issuer as Json).platform as Json).slug, A.institution.slug);
      assert.match(String(((verification.issuer as Json).identity as Json).pl), /instytucja zarejestrowana na tej platformie/);
      assert.equal(verification.source, 'short-code');
      assert.equal(shared.learnerName, `${EULALIA.givenName} ${EULALIA.familyName}`);
      assert.equal((shared.specification as Json).ectsCredits, 3);
      assert.equal((shared.credential as Json).id, mine.aS4);
      const og = shared.openGraph as Json;
      assert.equal(og.title, 'Wizualizacja danych');
      assert.equal(og.url, share.url);
      assert.match(String(og.description), /zweryfikowane: WAŻNE/);
      const list = ok(await send('GET', `/api/v1/me/credentials/${mine.aS4}/shares`, { learner: eulalia })) as unknown as Json[];
      assert.deepEqual(list.map((s) => [s.id, s.views, s.withdrawnAt]), [[share.id, 1, null]]);
    });

    it('the HTML page carries the Open Graph tags (and noindex)', async () => {
      const res = await send('GET', `/s/${tokenOf(share)}`, { headers: { 'accept-language': 'en' } });
      if (!existsSync(resolve(DEFAULT_WEB_DIST, 'index.html'))) {
        problem(res, 503, 'web_app_not_built');
        return;
      }
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(res.body, /<meta property="og:title" content="Wizualizacja danych">/);
      assert.match(res.body, /<meta property="og:description" content="[^"]*verified: VALID">/);
      assert.ok(res.body.includes(`<meta property="og:url" content="${String(share.url)}">`));
      assert.match(res.body, /<meta name="robots" content="noindex">/);
    });

    it('the verdict is live: once the institution revokes the credential the same page says invalid', async () => {
      ok(await send('POST', inst(A, `/credentials/${mine.aS4}/revoke`), { key: A.keys.issuer.key, body: { reason: 'Błąd w protokole' } }));
      const shared = ok(await send('GET', `/api/v1/shared/${tokenOf(share)}`));
      const verification = shared.verification as Json;
      assert.equal(verification.verdict, 'invalid');
      assert.match(String((verification.verdictMessage as Json).en), /^INVALID/);
      const status = (verification.checks as Json[]).find((c) => c.id === 'status');
      assert.equal(status?.status, 'failed');
      assert.deepEqual((status?.details as Json).set, ['revocation']);
      // The issuer is still who signed it: revocation does not change who the issuer is.
      assert.equal((verification.issuer as Json).confirmed, true);
      assert.equal((shared.credential as Json).status, 'revoked');
      assert.match(String((shared.openGraph as Json).description), /verification: INVALID/);
    });

    it('withdrawn: the page is gone (404, API and HTML); withdrawing again, or another learner\'s link, is a 404', async () => {
      problem(await send('DELETE', `/api/v1/me/credentials/${mine.aS4}/shares/${String(share.id)}`, { learner: bartek }), 404);
      assert.equal((await send('DELETE', `/api/v1/me/credentials/${mine.aS4}/shares/${String(share.id)}`, { learner: eulalia })).statusCode, 204);
      problem(await send('GET', `/api/v1/shared/${tokenOf(share)}`), 404, 'not_found');
      const html = await send('GET', `/s/${tokenOf(share)}`);
      assert.ok(html.statusCode === 404 || html.statusCode === 503);
      problem(await send('DELETE', `/api/v1/me/credentials/${mine.aS4}/shares/${String(share.id)}`, { learner: eulalia }), 404);
      const list = ok(await send('GET', `/api/v1/me/credentials/${mine.aS4}/shares`, { learner: eulalia })) as unknown as Json[];
      assert.ok(list[0]?.withdrawnAt);
      problem(await send('GET', `/api/v1/shared/${'A'.repeat(32)}`), 404);
      // A second link of another credential stays until erasure.
      ok(await send('POST', `/api/v1/me/credentials/${mine.aS1}/shares`, { learner: eulalia, body: {} }), 201);
    });
  });

  describe('imports from other issuers', () => {
    let foreign: JsonObject;

    before(async () => {
      foreign = await referenceIssued(await newKey());
    });

    it('a credential signed by the reference library: verified on import, valid, kept with its report', async () => {
      const imported = ok(await send('POST', '/api/v1/me/imports', { learner: eulalia, body: { credential: foreign } }), 201);
      assert.equal(imported.format, 'json');
      assert.equal(imported.verdict, 'valid', JSON.stringify(imported.report));
      assert.equal(((imported.report as Json).checks as Json[]).find((c) => c.id === 'proof')?.status, 'passed');
      assert.deepEqual(imported.credential, foreign);
    });

    it('a tampered one: kept and shown invalid', async () => {
      const tampered = structuredClone(foreign);
      ((tampered.credentialSubject as Json).achievement as Json).creditsAvailable = 30;
      const imported = ok(await send('POST', '/api/v1/me/imports', { learner: eulalia, body: { credential: tampered } }), 201);
      assert.equal(imported.verdict, 'invalid');
      assert.equal(((imported.report as Json).checks as Json[]).find((c) => c.id === 'proof')?.status, 'failed');
    });

    it('a PDF with a credential attached: as an application/pdf body and as base64 JSON', async () => {
      const pdf = await send('GET', `/api/v1/me/credentials/${mine.b}/pdf`, { learner: eulalia });
      assert.equal(pdf.statusCode, 200);
      const raw = ok(await send('POST', '/api/v1/me/imports', { learner: eulalia, raw: { contentType: 'application/pdf', payload: pdf.rawPayload } }), 201);
      assert.equal(raw.format, 'pdf');
      assert.equal(raw.verdict, 'valid', JSON.stringify(raw.report));
      assert.deepEqual(raw.credential, JSON.parse(held.b ?? ''));
      const base64 = ok(await send('POST', '/api/v1/me/imports', { learner: eulalia, body: { pdf: pdf.rawPayload.toString('base64') } }), 201);
      assert.equal(base64.verdict, 'valid');
      assert.equal((await platform.store.db.selectFrom('learner_imports').select('document').where('id', '=', String(raw.id)).executeTakeFirstOrThrow()).document, held.b);
    });

    it('what is not a credential is refused: plain JSON, a PDF without one, both or neither given; a PDF needs the CSRF token too', async () => {
      problem(await send('POST', '/api/v1/me/imports', { learner: eulalia, body: { credential: { hello: 'world' } } }), 422, 'not_a_credential');
      const empty = await PDFDocument.create();
      empty.addPage();
      const bytes = Buffer.from(await empty.save());
      problem(await send('POST', '/api/v1/me/imports', { learner: eulalia, raw: { contentType: 'application/pdf', payload: bytes } }), 422, 'no_credential_in_pdf');
      problem(await send('POST', '/api/v1/me/imports', { learner: eulalia, body: { pdf: Buffer.from('not a pdf').toString('base64') } }), 422, 'pdf_not_pdf');
      problem(await send('POST', '/api/v1/me/imports', { learner: eulalia, body: {} }), 422, 'credential_or_pdf');
      problem(await send('POST', '/api/v1/me/imports', { learner: eulalia, body: { credential: foreign, pdf: 'AAAA' } }), 422, 'credential_or_pdf');
      problem(await send('POST', '/api/v1/me/imports', { learner: eulalia, csrf: false, raw: { contentType: 'application/pdf', payload: bytes } }), 403, 'csrf');
    });

    it('the list (newest first) and removal; another learner sees none of them', async () => {
      const list = ok(await send('GET', '/api/v1/me/imports', { learner: eulalia })) as unknown as Json[];
      assert.deepEqual(list.map((i) => [i.format, i.verdict]), [['pdf', 'valid'], ['pdf', 'valid'], ['json', 'invalid'], ['json', 'valid']]);
      assert.deepEqual(ok(await send('GET', '/api/v1/me/imports', { learner: bartek })), []);
      const last = String(list[0]?.id);
      problem(await send('DELETE', `/api/v1/me/imports/${last}`, { learner: bartek }), 404);
      assert.equal((await send('DELETE', `/api/v1/me/imports/${last}`, { learner: eulalia })).statusCode, 204);
      problem(await send('DELETE', `/api/v1/me/imports/${last}`, { learner: eulalia }), 404);
      assert.equal((ok(await send('GET', '/api/v1/me/imports', { learner: eulalia })) as unknown as Json[]).length, 3);
    });
  });

  describe('pathway progress', () => {
    const ids: Record<string, string> = {};

    before(async () => {
      const pathway = async (name: string, rule: Json, specIds: string[]): Promise<void> => {
        const created = ok(await send('POST', inst(A, '/pathways'), {
          key: A.keys.designer.key, body: { title: { pl: name, en: name }, rule, specIds, target: { title: { pl: 'Studia podyplomowe', en: 'Postgraduate' } } },
        }), 201);
        ids[name] = String(created.id);
      };
      await pathway('Dwa z trzech', { type: 'n-of', n: 2 }, [S.S1 ?? '', S.S2 ?? '', S.S3 ?? '']);
      await pathway('Dwa z trzech bez unieważnionych', { type: 'n-of', n: 2 }, [S.S1 ?? '', S.S4 ?? '', S.S5 ?? '']);
      await pathway('Dwanaście ECTS', { type: 'ects', minEcts: 12 }, [S.S1 ?? '', S.S2 ?? '', S.S3 ?? '']);
      await pathway('Wszystkie', { type: 'all' }, [S.S1 ?? '', S.S2 ?? '']);
      await pathway('Nie moja', { type: 'all' }, [S.S3 ?? '', S.S5 ?? '']);
    });

    it('for each pathway my credentials count toward: gathered, done or not, what is missing and where to earn it; revoked credentials do not count', async () => {
      const progress = ok(await send('GET', '/api/v1/me/pathways', { learner: eulalia })) as unknown as Json[];
      const byName = new Map(progress.map((p) => [((p.pathway as Json).title as Json).pl, p]));
      assert.deepEqual([...byName.keys()].sort(), ['Dwa z trzech', 'Dwa z trzech bez unieważnionych', 'Dwanaście ECTS', 'Wszystkie'].sort());

      const met = byName.get('Dwa z trzech') as Json;
      assert.deepEqual([met.done, met.credentialsGathered, met.ectsGathered, met.required, met.stillNeeded], [true, 2, 10, { credentials: 2 }, { credentials: 0 }]);
      assert.deepEqual((met.earned as Json[]).map((e) => [e.specId, e.credentialIds, e.ectsCounted]), [[S.S1, [mine.aS1], 5], [S.S2, [mine.aS2], 5]]);
      assert.deepEqual((met.missing as Json[]).map((m) => m.specId), [S.S3]);

      const notMet = byName.get('Dwa z trzech bez unieważnionych') as Json;
      assert.deepEqual([notMet.done, notMet.credentialsGathered, notMet.stillNeeded], [false, 1, { credentials: 1 }]);
      const missing = notMet.missing as Json[];
      assert.deepEqual(missing.map((m) => m.specId), [S.S4, S.S5], 'the revoked S4 credential does not count');
      assert.deepEqual(missing[1], {
        specId: S.S5, title: { pl: 'Etyka danych', en: 'Etyka danych' }, ectsCredits: 2, url: `${BASE}/catalogue/${S.S5}`,
        institution: { slug: A.institution.slug, namePl: A.institution.namePl, nameEn: A.institution.nameEn }, status: 'published',
      });

      const ects = byName.get('Dwanaście ECTS') as Json;
      assert.deepEqual([ects.done, ects.ectsGathered, ects.required, ects.stillNeeded], [false, 10, { ects: 12 }, { ects: 2 }]);
      assert.deepEqual((ects.missing as Json[]).map((m) => [m.specId, m.ectsCredits, m.url]), [[S.S3, 10, `${BASE}/catalogue/${S.S3}`]]);

      const all = byName.get('Wszystkie') as Json;
      assert.deepEqual([all.done, all.credentialsGathered, all.missing], [true, 2, []]);
      assert.equal((all.pathway as Json).publicUrl, `${BASE}/pathways/${ids.Wszystkie}`);
      assert.deepEqual(((all.pathway as Json).target as Json).title, { pl: 'Studia podyplomowe', en: 'Postgraduate' });
    });

    it('another learner sees only the pathways of their own credentials', async () => {
      const progress = ok(await send('GET', '/api/v1/me/pathways', { learner: bartek })) as unknown as Json[];
      const names = progress.map((p) => ((p.pathway as Json).title as Json).pl).sort();
      assert.deepEqual(names, ['Dwa z trzech', 'Dwa z trzech bez unieważnionych', 'Dwanaście ECTS', 'Wszystkie'].sort());
      const ects = progress.find((p) => ((p.pathway as Json).title as Json).pl === 'Dwanaście ECTS') as Json;
      assert.deepEqual([ects.done, ects.ectsGathered], [false, 5]);
    });
  });

  describe('my data', () => {
    it('the export: account, learner records of every institution, credentials with documents, shares, imports, e-mails, sign-ins', async () => {
      const res = await send('GET', '/api/v1/me/export', { learner: eulalia });
      const data = ok(res);
      assert.match(String(res.headers['content-disposition']), /^attachment/);
      assert.equal(data.format, 'mikrocred-learner-export/1');
      assert.equal((data.account as Json).email, EULALIA.email);
      const records = data.learnerRecords as Json[];
      assert.deepEqual(records.map((r) => [(r.institution as Json).slug, r.givenName, r.familyName, r.dateOfBirth, r.studentNumber]).sort(), [
        [A.institution.slug, EULALIA.givenName, EULALIA.familyName, EULALIA.dateOfBirth, EULALIA.studentNumber],
        [B.institution.slug, EULALIA.givenName, EULALIA.familyName, EULALIA.dateOfBirth, EULALIA.studentNumber],
      ].sort());
      const credentials = data.credentials as Json[];
      assert.deepEqual(credentials.map((c) => c.id).sort(), Object.values(mine).sort());
      assert.deepEqual(credentials.find((c) => c.id === mine.aS1)?.document, JSON.parse(held.aS1 ?? ''));
      assert.equal((data.shares as Json[]).length, 2);
      assert.equal((data.imports as Json[]).length, 3);
      const emails = data.emails as Json[];
      assert.equal(emails.filter((e) => e.kind === 'credential_issued').length, 4);
      assert.ok(emails.some((e) => e.kind === 'learner_sign_in' && e.institution === null));
      assert.ok(emails.every((e) => String(e.to).toLowerCase() === EULALIA.email));
      assert.deepEqual([...new Set((data.signIns as Json[]).map((s) => s.method))].sort(), ['claim_link', 'magic_link']);
      assert.ok(!JSON.stringify(data).includes(BARTEK.familyName), 'nothing of another learner');
    });
  });

  describe('erasure', () => {
    /** Every table of the database, every row, as JSON text (PostgreSQL's row_to_json and the driver's rows through JSON.stringify). */
    async function everyRow(): Promise<Array<{ table: string; text: string }>> {
      const { db } = platform.store;
      const tables = await sql<{ table_name: string }>`
        SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db);
      assert.ok(tables.rows.length >= 20, `only ${tables.rows.length} tables`);
      const out: Array<{ table: string; text: string }> = [];
      for (const { table_name: table } of tables.rows) {
        const asJson = await sql<{ j: string }>`SELECT row_to_json(t)::text AS j FROM ${sql.table(table)} t`.execute(db);
        for (const row of asJson.rows) out.push({ table, text: row.j });
        const plain = await sql<Json>`SELECT * FROM ${sql.table(table)}`.execute(db);
        for (const row of plain.rows) out.push({ table, text: JSON.stringify(row) });
      }
      return out;
    }

    const NEEDLES = [
      EULALIA.givenName, EULALIA.familyName, `${EULALIA.givenName} ${EULALIA.familyName}`, EULALIA.email, EULALIA.dateOfBirth, '29.02.2000', EULALIA.studentNumber,
    ].map((n) => n.toLowerCase());

    function hits(rows: ReadonlyArray<{ table: string; text: string }>, needles: readonly string[]): string[] {
      return rows.flatMap(({ table, text }) => needles.filter((n) => text.toLowerCase().includes(n)).map((n) => `${table}: "${n}" in ${text.slice(0, 200)}`));
    }

    let noEmail: string;
    /** An application Eulalia let read her credentials (OAuth, the Open Badges 3.0 API): its client and access token. */
    const oauth = { clientId: '', accessToken: '' };

    /** Eulalia approves a public client on the consent page and the client exchanges the code (PKCE). */
    async function authoriseApp(): Promise<void> {
      const redirect = 'https://wallet.example.org/cb';
      const registered = ok(await send('POST', '/oauth/register', { body: { client_name: 'Portfel', redirect_uris: [redirect], token_endpoint_auth_method: 'none' } }), 201);
      oauth.clientId = String(registered.client_id);
      const verifier = randomBytes(32).toString('base64url');
      const query = new URLSearchParams({
        response_type: 'code', client_id: oauth.clientId, redirect_uri: redirect, scope: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly',
        code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
      });
      const page = await send('GET', `/oauth/authorize?${query.toString()}`, { learner: eulalia });
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      const fields = new URLSearchParams([...page.body.matchAll(/<input type="hidden" name="([a-z_]+)" value="([^"]*)">/g)].map((m) => [m[1] ?? '', (m[2] ?? '').replace(/&amp;/g, '&')]));
      fields.set('decision', 'approve');
      const approved = await send('POST', '/oauth/authorize', { learner: eulalia, raw: { contentType: 'application/x-www-form-urlencoded', payload: fields.toString() } });
      const code = new URL(String(approved.headers.location)).searchParams.get('code') ?? '';
      const token = await send('POST', '/oauth/token', {
        raw: { contentType: 'application/x-www-form-urlencoded', payload: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirect, client_id: oauth.clientId, code_verifier: verifier }).toString() },
      });
      oauth.accessToken = String(ok(token).access_token);
      assert.equal((ok(await send('GET', '/api/v1/me/apps', { learner: eulalia })) as unknown as Json[]).length, 1);
    }

    before(async () => {
      // B revokes on erasure (owner only).
      problem(await send('PUT', inst(B, '/erasure-policy'), { key: B.keys.issuer.key, body: { policy: 'revoke' } }), 403, 'forbidden_role');
      assert.deepEqual(ok(await send('PUT', inst(B, '/erasure-policy'), { key: B.keys.owner.key, body: { policy: 'revoke' } })), { policy: 'revoke' });
      assert.deepEqual(ok(await send('GET', inst(A, '/erasure-policy'), { key: A.keys.viewer.key })), { policy: 'keep' });
      const list = ok(await send('GET', '/api/v1/me/credentials', { learner: eulalia })) as unknown as Json[];
      assert.deepEqual(list.map((c) => [c.id, c.onErasure]).sort(), [[mine.aS1, 'keep'], [mine.aS2, 'keep'], [mine.aS4, 'keep'], [mine.b, 'revoke']].sort());
      // Cohort data in A: a finished batch with Eulalia's rows (a duplicate of her S1 credential, an invalid one) and a
      // preview still holding the uploaded table.
      const csv = (rows: string[][]): string => `${[['Imię', 'Nazwisko', 'E-mail', 'Nr albumu', 'Data urodzenia', 'Ocena'], ...rows].map((r) => r.join(';')).join('\n')}\n`;
      const rows = [
        [EULALIA.givenName, EULALIA.familyName, EULALIA.email, EULALIA.studentNumber, '29.02.2000', '4,5'],
        [EULALIA.givenName, EULALIA.familyName, 'eulalia.przybyszewska@', EULALIA.studentNumber, '29.02.2000', '7'],
        ['Kazimierz', 'Wielki', 'kazimierz.wielki@example.org', 'K-1', '01.01.1999', '5'],
      ];
      const upload = async (): Promise<string> => String(ok(await send('POST', inst(A, '/batches'), {
        key: A.keys.issuer.key, body: { specId: S.S1, fileName: 'kohorta.csv', content: Buffer.from(csv(rows)).toString('base64') },
      }), 201).id);
      const done = await upload();
      ok(await send('POST', inst(A, `/batches/${done}/start`), { key: A.keys.issuer.key, body: { notify: false } }));
      const runner = new BatchRunner(platform, { chunk: 100 });
      while (await runner.runOnce()) { /* to the end */ }
      const finished = ok(await send('GET', inst(A, `/batches/${done}`), { key: A.keys.viewer.key }));
      assert.equal(finished.status, 'done');
      // The preview also has a line with her name only.
      rows.push([EULALIA.givenName, EULALIA.familyName, '', '', '', '5']);
      await upload();
      // And B recorded her once without e-mail (name and birth date): the same person, erased too.
      noEmail = await issue(B, String(B.publishedSpecId), { givenName: EULALIA.givenName, familyName: EULALIA.familyName, dateOfBirth: EULALIA.dateOfBirth });
      await authoriseApp();
      const before = hits(await everyRow(), NEEDLES);
      for (const table of ['learners', 'credentials', 'outbox', 'batches', 'batch_rows', 'learner_accounts', 'learner_imports', 'learner_login_tokens']) {
        assert.ok(before.some((h) => h.startsWith(`${table}:`)), `the scan finds nothing in ${table} before erasure: the test would prove nothing`);
      }
    });

    it('needs confirmation: a wrong word changes nothing', async () => {
      problem(await send('POST', '/api/v1/me/erase', { learner: eulalia, body: { confirm: 'tak' } }), 422, 'confirmation_mismatch');
      problem(await send('POST', '/api/v1/me/erase', { learner: eulalia, csrf: false, body: { confirm: 'USUŃ' } }), 403, 'csrf');
      assert.equal((ok(await send('GET', '/api/v1/me/credentials', { learner: eulalia })) as unknown as Json[]).length, 4);
    });

    it('erases, signs out, and records it per institution with counts only', async () => {
      const res = await send('POST', '/api/v1/me/erase', { learner: eulalia, body: { confirm: 'usuń' } });
      const result = ok(res);
      const cleared = res.cookies.find((c) => c.name === 'mikrocred_learner');
      assert.ok(cleared && cleared.value === '', 'the cookie is cleared');
      problem(await send('GET', '/api/v1/me', { learner: eulalia }), 401, 'unauthenticated');
      const byInstitution = new Map((result.institutions as Json[]).map((i) => [i.slug, i]));
      const a = byInstitution.get(A.institution.slug) as Json;
      assert.deepEqual([a.policy, a.learnerRecords, a.credentials, a.revoked, a.keptVerifiable], ['keep', 1, 3, 0, 2]);
      // E-mails: her three claim e-mails of A. Batch rows: her valid row of the finished batch, three rows of the preview.
      assert.deepEqual([a.emailsDeleted, a.batchRowsRedacted, a.uploadedRowsRemoved], [3, 4, 3]);
      const b = byInstitution.get(B.institution.slug) as Json;
      assert.deepEqual([b.policy, b.learnerRecords, b.credentials, b.revoked, b.keptVerifiable, b.emailsDeleted], ['revoke', 2, 2, 2, 0, 1]);
      const withoutEmail = await platform.store.db.selectFrom('credentials').select(['revoked_at', 'learner_id']).where('id', '=', noEmail).executeTakeFirstOrThrow();
      assert.ok(withoutEmail.revoked_at && withoutEmail.learner_id === null);
      // Sessions: the first claim's and `eulalia`; sign-in links: the used one and the expired one.
      assert.deepEqual(result.account, { deleted: true, shares: 2, imports: 3, sessions: 2, signInLinks: 2 });
      assert.equal(result.otherEmailsDeleted, 2);
      const audit = await platform.store.db.selectFrom('audit_log').select(['institution_id', 'actor_type', 'actor_id', 'target_id', 'details'])
        .where('action', '=', 'learner.erase').orderBy('id').execute();
      assert.deepEqual(audit.map((e) => e.institution_id).sort(), [A.institution.id, B.institution.id, null].sort());
      for (const entry of audit) {
        assert.deepEqual([entry.actor_type, entry.actor_id, entry.target_id], ['system', null, null]);
        assert.ok(Object.values(entry.details).every((v) => typeof v === 'number' || typeof v === 'boolean' || v === 'keep' || v === 'revoke'), JSON.stringify(entry.details));
      }
    });

    it('the applications she authorised lose their tokens and codes with the account', async () => {
      const { db } = platform.store;
      assert.equal((await send('GET', '/ims/ob/v3p0/credentials', { headers: { authorization: `Bearer ${oauth.accessToken}` } })).statusCode, 401);
      assert.deepEqual(await db.selectFrom('oauth_tokens').select('id').where('client_id', '=', oauth.clientId).execute(), []);
      assert.deepEqual(await db.selectFrom('oauth_codes').select('id').where('client_id', '=', oauth.clientId).execute(), []);
    });

    it('afterwards no row of any table holds her name, e-mail, birth date or student number', async () => {
      const rows = await everyRow();
      assert.deepEqual(hits(rows, NEEDLES), []);
      // The other learner and the other cohort row are still there: the scan does see data.
      assert.ok(hits(rows, [BARTEK.familyName.toLowerCase(), 'kazimierz.wielki@example.org']).length > 0);
    });

    it('the credential of a keep institution still verifies for whoever holds its JSON; the revoke institution\'s is revoked', async () => {
      const kept = JSON.parse(held.aS1 ?? '') as Json;
      assert.equal((await verifyOnPlatform(platform, kept)).verdict, 'valid');
      assert.deepEqual(await reference(kept), { verified: true, revoked: false });
      const revoked = JSON.parse(held.b ?? '') as Json;
      const report = await verifyOnPlatform(platform, revoked);
      assert.equal(report.verdict, 'invalid');
      assert.equal(report.checks.find((c) => c.id === 'status')?.status, 'failed');
      assert.deepEqual(await reference(revoked), { verified: true, revoked: true });
      const row = await platform.store.db.selectFrom('credentials').select(['status_reason', 'learner_id', 'claim_token_hash', 'document']).where('id', '=', mine.b).executeTakeFirstOrThrow();
      assert.deepEqual([row.status_reason, row.learner_id, row.claim_token_hash], ['GDPR erasure', null, null]);
      const stub = JSON.parse(row.document) as Json;
      assert.equal(stub.id, revoked.id);
      assert.deepEqual(stub.credentialStatus, revoked.credentialStatus);
      // Staff still see the credential (without its learner).
      const staffView = ok(await send('GET', inst(B, `/credentials/${mine.b}`), { key: B.keys.viewer.key }));
      assert.deepEqual([staffView.status, (staffView.learner as Json).email], ['revoked', null]);
    });

    it('the claim links and the other learner are unaffected in the right way', async () => {
      const res = await send('GET', `/claim/${(await claimTokens(BARTEK.email))[0] ?? ''}`);
      assert.equal(res.statusCode, 303);
      assert.match(String(res.headers.location), new RegExp(`^/me/credentials/${bartekCredential}$`));
      assert.deepEqual((ok(await send('GET', '/api/v1/me/credentials', { learner: bartek })) as unknown as Json[]).map((c) => c.id), [bartekCredential]);
      // A sign-in request for the erased address sends nothing now.
      assert.equal((await send('POST', '/api/v1/learner/sign-in', { body: { email: EULALIA.email } })).statusCode, 202);
      assert.equal(await platform.store.db.selectFrom('learner_login_tokens').select('id').where('email', '=', EULALIA.email).executeTakeFirst(), undefined);
    });
  });
});
