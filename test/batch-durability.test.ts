/**
 * Cohort batches survive crashes and share work: a 5,000-row batch whose server is killed (SIGKILL) mid-batch and
 * started again ends with exactly 5,000 credentials, each row issued once, their status indices one contiguous run
 * with no gap and no repeat, one e-mail and one audit entry each. On PostgreSQL (MIKROCRED_TEST_DATABASE_URL), two
 * app processes on one database share one batch without a duplicate. Runs the real `mikrocred serve`.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createApiKey } from '../src/services/access.ts';
import { SYSTEM } from '../src/services/audit.ts';
import { createInstitution } from '../src/services/institutions.ts';
import type { Platform } from '../src/services/platform.ts';
import { secretsFromKey } from '../src/services/secrets.ts';
import { createSpecification, publishDraft } from '../src/services/specifications.ts';
import { openStore, type StoreOptions } from '../src/store/db.ts';
import { createTestDatabase, databaseKind, exampleSpecification, freePort, type TestDatabase } from './platform-fixture.ts';

const BIN = new URL('../bin/mikrocred.js', import.meta.url).pathname;
const ROWS = 5000;
type Json = Record<string, unknown>;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function cohortCsv(rows: number, prefix: string): string {
  const lines = ['Imię;Nazwisko;E-mail;Nr albumu;Ocena'];
  for (let n = 1; n <= rows; n++) lines.push(`Student${n};Łęcki-${prefix}${n};${prefix}${n}@uczelnia.example.pl;${prefix}${n};${n % 3 === 0 ? '4,5' : '5'}`);
  return `${lines.join('\n')}\n`;
}

describe(`batches under crashes and several instances (${databaseKind})`, () => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let key: string;
  let specId: string;
  const masterKey = randomBytes(32);
  const children: ChildProcess[] = [];

  async function withPlatform<T>(action: (platform: Platform) => Promise<T>): Promise<T> {
    const store = await openStore(database.options as StoreOptions);
    try {
      return await action({ store, secrets: secretsFromKey(masterKey), baseUrl: 'http://127.0.0.1' });
    } finally {
      await store.close();
    }
  }

  async function serve(port: number): Promise<{ child: ChildProcess; base: string }> {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...env, PORT: String(port), MIKROCRED_BASE_URL: `http://127.0.0.1:${port}` }, stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 600; i++) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      try {
        if ((await fetch(`${base}/ready`)).ok) return { child, base };
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('server did not become ready');
  }

  async function api(base: string, method: string, path: string, body?: unknown): Promise<Json> {
    const res = await fetch(`${base}/api/v1/institutions/kohorta${path}`, {
      method, headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
    return JSON.parse(text) as Json;
  }

  async function startBatch(base: string, csv: string): Promise<string> {
    const preview = await api(base, 'POST', '/batches', { specId, fileName: 'kohorta.csv', content: Buffer.from(csv).toString('base64') });
    const id = String(preview.id);
    await api(base, 'POST', `/batches/${id}/start`, { language: 'pl' });
    return id;
  }

  async function waitFor(base: string, id: string, done: (batch: Json) => boolean, timeoutMs: number): Promise<Json> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const batch = await api(base, 'GET', `/batches/${id}`);
      if (done(batch)) return batch;
      if (Date.now() > until) throw new Error(`batch not there in time: ${JSON.stringify(batch.counts)} ${String(batch.status)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Everything about the batch's credentials that must hold however the batch ran. */
  async function assertConsistent(id: string, rows: number): Promise<void> {
    await withPlatform(async ({ store: { db } }) => {
      const credentials = await db.selectFrom('credentials').select(['id', 'document', 'status_list_id', 'status_index', 'idempotency_key'])
        .where('batch_id', '=', id).execute();
      assert.equal(credentials.length, rows, 'credentials of the batch');
      assert.equal(new Set(credentials.map((c) => c.idempotency_key)).size, rows, 'one credential per row');
      const batchRows = await db.selectFrom('batch_rows').select(['status', sql<string>`count(*)`.as('n')]).where('batch_id', '=', id).groupBy('status').execute();
      assert.deepEqual(batchRows.map((r) => [r.status, Number(r.n)]), [['issued', rows]]);
      const byList = new Map<string, number[]>();
      for (const c of credentials) {
        const doc = JSON.parse(c.document) as { credentialStatus: { statusListIndex: string } };
        assert.equal(Number(doc.credentialStatus.statusListIndex), c.status_index, 'the signed index is the stored one');
        byList.set(String(c.status_list_id), [...(byList.get(String(c.status_list_id)) ?? []), Number(c.status_index)]);
      }
      for (const [, indices] of byList) {
        indices.sort((a, b) => a - b);
        assert.equal(new Set(indices).size, indices.length, 'a status index used twice');
        assert.equal(indices.at(-1)! - indices[0]! + 1, indices.length, 'a gap in the status indices');
      }
      const ids = credentials.map((c) => c.id);
      const mails = await db.selectFrom('outbox').select(sql<string>`count(*)`.as('n')).where('credential_id', 'in', ids).executeTakeFirstOrThrow();
      assert.equal(Number(mails.n), rows, 'one e-mail per credential');
      const audits = await db.selectFrom('audit_log').select(sql<string>`count(*)`.as('n')).where('action', '=', 'credential.issue').where('target_id', 'in', ids).executeTakeFirstOrThrow();
      assert.equal(Number(audits.n), rows, 'one audit entry per credential');
    });
  }

  before(async () => {
    database = await createTestDatabase({ persistent: true });
    env = {
      ...process.env, HOST: '127.0.0.1', MIKROCRED_DEMO: '0', MIKROCRED_MASTER_KEY: masterKey.toString('base64'), LOG_LEVEL: 'warn',
      MIKROCRED_BATCH_LEASE_MS: '3000', MIKROCRED_SIGNING_THREADS: '2',
      ...(database.options.databaseUrl ? { DATABASE_URL: database.options.databaseUrl } : { DATABASE_URL: '', MIKROCRED_DATA_DIR: String(database.options.dataDir) }),
    };
    await withPlatform(async (platform) => {
      const institution = await createInstitution(platform, {
        slug: 'kohorta', namePl: 'Uczelnia Kohortowa', nameEn: 'Cohort University', country: 'PL', identifiers: [], website: null, email: null,
        address: { locality: 'Kraków', country: 'PL' },
      }, SYSTEM);
      const draft = await createSpecification(platform, institution, exampleSpecification(), SYSTEM);
      await publishDraft(platform, institution, draft.specId, SYSTEM);
      specId = draft.specId;
      key = (await createApiKey(platform, { institutionId: institution.id, name: 'batch', role: 'issuer', createdBy: null }, SYSTEM)).key;
    });
  });

  after(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    await database?.drop();
  });

  it(`SIGKILL in the middle of a ${ROWS}-row batch, then a restart: exactly ${ROWS} credentials, no gap, no repeat`, { timeout: 600_000 }, async () => {
    const port = await freePort();
    const first = await serve(port);
    const id = await startBatch(first.base, cohortCsv(ROWS, 'k'));
    const before = await waitFor(first.base, id, (b) => Number((b.counts as Json).issued) >= 600, 300_000);
    first.child.kill('SIGKILL');
    await exited(first.child);
    const issuedBefore = Number((before.counts as Json).issued);
    assert.ok(issuedBefore < ROWS, 'the batch finished before the kill: make it bigger');

    const second = await serve(port);
    const done = await waitFor(second.base, id, (b) => b.status === 'done', 480_000);
    assert.deepEqual(done.counts, { total: ROWS, invalid: 0, pending: 0, issued: ROWS, duplicates: 0, failed: 0 });
    second.child.kill('SIGTERM');
    await exited(second.child);
    await assertConsistent(id, ROWS);
  });

  it('two app processes on one PostgreSQL database share one batch, without a duplicate', { skip: databaseKind !== 'PostgreSQL' && 'PostgreSQL only', timeout: 600_000 }, async () => {
    const [a, b] = await Promise.all([serve(await freePort()), serve(await freePort())]);
    const rows = 1500;
    const id = await startBatch(a.base, cohortCsv(rows, 'd'));
    const done = await waitFor(b.base, id, (batch) => batch.status === 'done', 480_000);
    assert.deepEqual(done.counts, { total: rows, invalid: 0, pending: 0, issued: rows, duplicates: 0, failed: 0 });
    for (const s of [a, b]) s.child.kill('SIGTERM');
    await Promise.all([exited(a.child), exited(b.child)]);
    await assertConsistent(id, rows);
    const runners = await withPlatform(({ store: { db } }) => db.selectFrom('batch_rows').select(['leased_by', sql<string>`count(*)`.as('n')])
      .where('batch_id', '=', id).groupBy('leased_by').execute());
    assert.equal(runners.length, 2, `rows issued by ${JSON.stringify(runners)}`);
  });
});
