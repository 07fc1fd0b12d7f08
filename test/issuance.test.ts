/**
 * Issuance through the HTTP API, on PGlite (or PostgreSQL with MIKROCRED_TEST_DATABASE_URL): one credential from a
 * published specification (idempotent, valid for our verifier and the reference library, pointing to its exact
 * version), revocation / suspension / reinstatement seen by both verifiers through the served status lists, the
 * PDF whose attached JSON verifies, and a 500-row cohort with bad rows: the exact report, the good rows issued once,
 * a re-upload issuing nothing, status indices without gap or repeat.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { buildApp } from '../src/http/app.ts';
import { credentialFromPdf } from '../src/documents/pdf-credential.ts';
import { BatchRunner } from '../src/services/batch-runner.ts';
import type { Platform } from '../src/services/platform.ts';
import { verifyOnPlatform } from '../src/services/verification.ts';
import { appReferenceLoader, plainCryptosuite } from './fixtures.ts';
import { databaseKind, openTestPlatform, seedTenant, type Tenant, type TestPlatform } from './platform-fixture.ts';

type Json = Record<string, unknown>;
type Response = LightMyRequestResponse;

const BASE = 'https://wydawanie.test.example';

describe(`issuance on ${databaseKind}`, () => {
  let tp: TestPlatform;
  let platform: Platform;
  let app: FastifyInstance;
  let A: Tenant;
  let specId: string;

  async function send(method: string, url: string, key: string | null, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (key) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return app.inject({ method: method as InjectOptions['method'], url, headers, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
  }

  function ok(res: Response, status = 200): Json {
    assert.equal(res.statusCode, status, res.body.slice(0, 800));
    return res.json<Json>();
  }

  const path = (rest: string): string => `/api/v1/institutions/${A.institution.slug}${rest}`;
  const issuer = (): string => A.keys.issuer.key;

  /** The stored credential JSON. */
  async function documentOf(id: string): Promise<Json> {
    return ok(await send('GET', path(`/credentials/${id}/json`), A.keys.viewer.key));
  }

  const appLoader = (): vc.DocumentLoader => appReferenceLoader(app, BASE);

  /** What the reference library says of the credential: its proof, and each status entry's bit. */
  async function reference(credential: Json): Promise<{ verified: boolean; status: Record<string, boolean> }> {
    const documentLoader = appLoader();
    const result = await vc.verifyCredential({
      credential, suite: new DataIntegrityProof({ cryptosuite: plainCryptosuite }), documentLoader, checkStatus: async () => ({ verified: true }),
    });
    const status: Record<string, boolean> = {};
    const entries = Array.isArray(credential.credentialStatus) ? credential.credentialStatus as Json[] : [credential.credentialStatus as Json];
    for (const entry of entries) {
      const checked = await checkStatus({
        credential: { ...credential, credentialStatus: entry }, documentLoader, suite: new DataIntegrityProof({ cryptosuite: plainCryptosuite }),
        verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true,
      });
      assert.equal(checked.verified, true, JSON.stringify(checked.error));
      status[String(entry.statusPurpose)] = checked.results?.[0]?.status === true;
    }
    return { verified: result.verified, status };
  }

  before(async () => {
    tp = await openTestPlatform({ baseUrl: BASE });
    platform = tp.platform;
    ({ app } = await buildApp({ platform }));
    A = await seedTenant(platform, 'uczelnia-wydajaca', [], { publish: true });
    specId = String(A.publishedSpecId);
  });

  after(async () => {
    await app?.close();
    await tp?.close();
  });

  const learner = { givenName: 'Małgorzata', familyName: 'Żółkiewska-Łęcka', email: 'm.zolkiewska@example.pl', studentNumber: '123456', dateOfBirth: '2000-02-29' };

  describe('one credential', () => {
    let id: string;

    it('issued from the published version: 201, valid for our verifier and the reference library, its achievement the exact version', async () => {
      const created = ok(await send('POST', path('/credentials'), issuer(), { specId, learner, result: { grade: '4.5', externalReference: 'protokół 17/2026' } }), 201);
      assert.equal(created.created, true);
      const info = created.credential as Json;
      id = String(info.id);
      assert.equal(info.status, 'active');
      assert.equal(info.version, 1);
      assert.match(String(info.verifyUrl), new RegExp(`^${BASE}/v/[a-z2-9]{10}$`));
      const credential = await documentOf(id);
      const achievement = (credential.credentialSubject as Json).achievement as Json;
      assert.equal(achievement.id, `${BASE}/catalogue/${specId}/v/1`);
      assert.equal((credential.issuer as Json).id, A.institution.did);
      const report = await verifyOnPlatform(platform, credential);
      assert.equal(report.verdict, 'valid', JSON.stringify(report.checks.filter((c) => c.status !== 'passed')));
      const ref = await reference(credential);
      assert.deepEqual(ref, { verified: true, status: { revocation: false } });
      // The e-mail to the learner waits in the outbox (no SMTP in tests).
      const outbox = ok(await send('GET', path('/outbox'), issuer())) as { items?: Json[]; messages?: Json[] };
      const messages = (outbox.items ?? outbox.messages ?? []) as Json[];
      assert.ok(messages.some((m) => JSON.stringify(m).includes('m.zolkiewska@example.pl')), JSON.stringify(outbox).slice(0, 400));
    });

    it('the same award again returns the first credential (200); another reference is a new one', async () => {
      const again = ok(await send('POST', path('/credentials'), issuer(), { specId, learner: { ...learner, email: 'M.Zolkiewska@Example.pl' }, result: { grade: '4.5', externalReference: 'protokół 17/2026' } }));
      assert.deepEqual([again.created, (again.credential as Json).id], [false, id]);
      const other = ok(await send('POST', path('/credentials'), issuer(), { specId, learner, result: { grade: '5', externalReference: 'protokół 18/2026' } }), 201);
      assert.notEqual((other.credential as Json).id, id);
    });

    it('concurrent requests for one award: one credential', async () => {
      const body = { specId, learner: { ...learner, email: 'wyscig@example.pl' }, result: { externalReference: 'race' } };
      const results = await Promise.all(Array.from({ length: 5 }, () => send('POST', path('/credentials'), issuer(), body)));
      const statuses = results.map((r) => r.statusCode).sort();
      assert.ok(statuses.filter((s) => s === 201).length === 1 && statuses.every((s) => s === 200 || s === 201), results.map((r) => `${r.statusCode} ${r.body.slice(0, 200)}`).join('\n'));
      assert.equal(new Set(results.map((r) => (r.json<Json>().credential as Json).id)).size, 1);
    });

    it('bad awards: every problem with its path under body; a draft or unknown specification is refused', async () => {
      const bad = await send('POST', path('/credentials'), issuer(), { specId, learner: { givenName: 'X', email: 'not-an-email' }, result: { grade: '7' } });
      assert.equal(bad.statusCode, 422, bad.body);
      const paths = (bad.json<Json>().errors as Json[]).map((e) => e.path).sort();
      assert.deepEqual(paths, ['body.learner.email', 'body.learner.familyName']);
      const fail = await send('POST', path('/credentials'), issuer(), { specId, learner, result: { grade: '2' } });
      assert.equal(fail.statusCode, 422);
      assert.deepEqual((fail.json<Json>().errors as Json[]).map((e) => e.path), ['body.result.grade']);
      assert.equal((await send('POST', path('/credentials'), issuer(), { specId: '00000000-0000-4000-8000-000000000000', learner })).statusCode, 404);
      assert.equal((await send('POST', path('/credentials'), issuer(), { specId, version: 9, learner })).statusCode, 404);
      assert.equal((await send('POST', path('/credentials'), A.keys.designer.key, { specId, learner })).statusCode, 403);
    });

    it('revoke: both verifiers see it; it is final; audited', async () => {
      const info = ok(await send('POST', path(`/credentials/${id}/revoke`), issuer(), { reason: 'Błąd w protokole' }));
      assert.deepEqual([info.status, info.revocationReason], ['revoked', 'Błąd w protokole']);
      const credential = await documentOf(id);
      const report = await verifyOnPlatform(platform, credential);
      assert.equal(report.verdict, 'invalid');
      assert.equal(report.checks.find((c) => c.id === 'status')?.status, 'failed');
      assert.deepEqual((await reference(credential)).status, { revocation: true });
      assert.equal((await send('POST', path(`/credentials/${id}/revoke`), issuer(), { reason: 'again' })).statusCode, 409);
      assert.equal((await send('POST', path(`/credentials/${id}/suspend`), issuer(), { reason: 'x' })).statusCode, 409);
      const audit = await platform.store.db.selectFrom('audit_log').select('action').where('target_id', '=', id).execute();
      assert.deepEqual(audit.map((a) => a.action).sort(), ['credential.issue', 'credential.revoke']);
    });

    it('suspend and reinstate a suspendable credential: both verifiers follow; one without a suspension entry cannot be suspended', async () => {
      const created = ok(await send('POST', path('/credentials'), issuer(), { specId, learner: { ...learner, email: 'zawieszony@example.pl' }, options: { suspendable: true, language: 'en' } }), 201);
      const sid = String((created.credential as Json).id);
      let credential = await documentOf(sid);
      assert.equal((credential.credentialStatus as Json[]).length, 2);
      assert.equal(ok(await send('POST', path(`/credentials/${sid}/suspend`), issuer(), { reason: 'Wyjaśnianie' })).status, 'suspended');
      credential = await documentOf(sid);
      assert.equal((await verifyOnPlatform(platform, credential)).verdict, 'invalid');
      assert.deepEqual((await reference(credential)).status, { revocation: false, suspension: true });
      assert.equal(ok(await send('POST', path(`/credentials/${sid}/reinstate`), issuer(), {})).status, 'active');
      assert.equal((await verifyOnPlatform(platform, credential)).verdict, 'valid');
      assert.deepEqual((await reference(credential)).status, { revocation: false, suspension: false });
      assert.equal((await send('POST', path(`/credentials/${sid}/reinstate`), issuer(), {})).statusCode, 409);
      const plain = ok(await send('POST', path('/credentials'), issuer(), { specId, learner: { ...learner, email: 'zwykly@example.pl' } }), 201);
      const refused = await send('POST', path(`/credentials/${String((plain.credential as Json).id)}/suspend`), issuer(), { reason: 'x' });
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json<Json>().code, 'not_suspendable');
    });

    it('the status list is served with caching headers', async () => {
      const credential = await documentOf(id);
      const url = String(((credential.credentialStatus as Json).statusListCredential));
      const res = await app.inject({ method: 'GET', url: url.slice(BASE.length) });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['cache-control']), /max-age=\d+/);
      assert.match(String(res.headers['content-type']), /application\/vc\+ld\+json/);
    });

    it('the PDF: its attached JSON is the credential, byte for byte, and verifies', async () => {
      const res = await send('GET', path(`/credentials/${id}/pdf?lang=both`), A.keys.viewer.key);
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      assert.equal(res.headers['content-type'], 'application/pdf');
      const attached = await credentialFromPdf(new Uint8Array(res.rawPayload));
      assert.ok(attached);
      const stored = await send('GET', path(`/credentials/${id}/json`), A.keys.viewer.key);
      assert.equal(attached.json, stored.body);
      const report = await verifyOnPlatform(platform, JSON.parse(attached.json));
      assert.equal(report.checks.find((c) => c.id === 'proof')?.status, 'passed');
    });

    it('the list: by status and by learner name without diacritics case', async () => {
      const revoked = ok(await send('GET', path('/credentials?status=revoked'), A.keys.viewer.key));
      assert.deepEqual((revoked.items as Json[]).map((i) => i.id), [id]);
      const byName = ok(await send('GET', path('/credentials?q=%C5%BC%C3%B3%C5%82kiewska'), A.keys.viewer.key));
      assert.ok(Number(byName.total) >= 3);
    });
  });

  describe('a cohort of 500 rows', () => {
    const csvOf = (rows: string[][]): string => `\uFEFF${[['Lp.', 'Imię', 'Nazwisko', 'E-mail', 'Nr albumu', 'Ocena', 'Data zaliczenia'], ...rows].map((r) => r.join(';')).join('\r\n')}\r\n`;
    const cohort = (): string[][] => Array.from({ length: 500 }, (_, i) => {
      const n = i + 1;
      return [String(n), `Student${n}`, `Kowalski-Łęcki${n}`, `student${n}@uczelnia.example.pl`, String(300000 + n), n % 2 === 0 ? '4,5' : '5', '30.06.2026'];
    });
    let batchId: string;

    async function upload(csv: string): Promise<Json> {
      return ok(await send('POST', path('/batches'), issuer(), { specId, fileName: 'kohorta.csv', content: Buffer.from(csv, 'utf8').toString('base64') }), 201);
    }

    async function runToEnd(id: string): Promise<Json> {
      const runner = new BatchRunner(platform, { chunk: 100 });
      while (await runner.runOnce()) { /* chunk by chunk */ }
      return ok(await send('GET', path(`/batches/${id}`), A.keys.viewer.key));
    }

    it('the preview reports exactly the bad rows, by row and column; starting issues the good rows once, with their own status indices', async () => {
      const rows = cohort();
      rows[16 - 2]![3] = 'zły-adres';            // spreadsheet row 16: e-mail
      rows[101 - 2]![5] = '6';                   // row 101: grade not on the scale
      rows[250 - 2]![2] = '';                    // row 250: no family name
      const preview = await upload(csvOf(rows));
      batchId = String(preview.id);
      assert.equal(preview.status, 'preview');
      assert.deepEqual(preview.counts, { total: 500, invalid: 3, pending: 497, issued: 0, duplicates: 0, failed: 0 });
      const problems = (preview.problems as Json[]).filter((p) => p.severity === 'error').map((p) => [p.row, p.column, p.field]);
      assert.deepEqual(problems, [[16, 'E-mail', 'learner.email'], [101, 'Ocena', 'result.grade'], [250, 'Nazwisko', 'learner.familyName']]);
      const report = await send('GET', path(`/batches/${batchId}/report?lang=pl`), A.keys.viewer.key);
      assert.equal(report.statusCode, 200);
      assert.match(report.body, /^\uFEFF/);
      assert.ok(report.body.includes('16;E-mail;'), report.body.slice(0, 400));

      const started = ok(await send('POST', path(`/batches/${batchId}/start`), issuer(), { language: 'pl', notify: false }));
      assert.equal(started.status, 'queued');
      const done = await runToEnd(batchId);
      assert.equal(done.status, 'done');
      assert.deepEqual(done.counts, { total: 500, invalid: 3, pending: 0, issued: 497, duplicates: 0, failed: 0 });
      assert.equal(done.progress, 1);
      const credentials = await platform.store.db.selectFrom('credentials').select(['status_list_id', 'status_index', 'idempotency_key', 'document'])
        .where('batch_id', '=', batchId).execute();
      assert.equal(credentials.length, 497);
      assert.equal(new Set(credentials.map((c) => c.idempotency_key)).size, 497);
      // Status indices: consecutive, none repeated, none skipped.
      const indices = credentials.map((c) => Number(c.status_index)).sort((a, b) => a - b);
      assert.equal(new Set(indices).size, 497);
      assert.equal(indices.at(-1)! - indices[0]! + 1, 497);
      const sample = JSON.parse(credentials[0]!.document) as Json;
      assert.equal((await verifyOnPlatform(platform, sample)).verdict, 'valid');
    });

    it('re-uploading the same file, fixed: only the fixed rows are issued; the same file again issues nothing', async () => {
      const rows = cohort();
      const again = await upload(csvOf(rows));
      assert.deepEqual(again.counts, { total: 500, invalid: 0, pending: 3, issued: 0, duplicates: 497, failed: 0 });
      ok(await send('POST', path(`/batches/${String(again.id)}/start`), issuer(), { notify: false }));
      const done = await runToEnd(String(again.id));
      assert.deepEqual((done.counts as Json).issued, 3);
      const third = await upload(csvOf(rows));
      assert.deepEqual(third.counts, { total: 500, invalid: 0, pending: 0, issued: 0, duplicates: 500, failed: 0 });
      const refused = await send('POST', path(`/batches/${String(third.id)}/start`), issuer(), {});
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json<Json>().code, 'nothing_to_issue');
    });

    it('unreadable files and bad mappings are clear 4xx problems', async () => {
      const garbage = await send('POST', path('/batches'), issuer(), { specId, fileName: 'x.csv', content: Buffer.from([0, 1, 2, 3, 255, 254]).toString('base64') });
      assert.equal(garbage.statusCode, 422, garbage.body);
      const pdf = await send('POST', path('/batches'), issuer(), { specId, fileName: 'x.pdf', content: Buffer.from('%PDF-1.7\n').toString('base64') });
      assert.equal(pdf.statusCode, 422, pdf.body);
      const preview = await upload(csvOf(cohort().slice(0, 3)));
      const remapped = ok(await send('PUT', path(`/batches/${String(preview.id)}/mapping`), issuer(), { mapping: { 'learner.givenName': 1 } }));
      assert.ok((remapped.mappingProblems as Json[]).some((p) => p.field === 'learner.familyName'));
      const start = await send('POST', path(`/batches/${String(preview.id)}/start`), issuer(), {});
      assert.equal(start.statusCode, 422);
    });
  });
});
