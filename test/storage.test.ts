/**
 * Storage: migrations on open (idempotent), the append-only audit log, issuer keys encrypted at rest, status-list
 * index allocation under concurrency, transactions that leave nothing behind, and the slug uniqueness of tenants.
 * Runs on PGlite, or on a fresh PostgreSQL database when MIKROCRED_TEST_DATABASE_URL is set (see platform-fixture.ts).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createUser } from '../src/services/access.ts';
import { SYSTEM } from '../src/services/audit.ts';
import { activeSigningKey, createInstitution, type Institution, type InstitutionProfile } from '../src/services/institutions.ts';
import { issueCredential } from '../src/services/issuance.ts';
import { ServiceError, type Platform } from '../src/services/platform.ts';
import { MasterKeyError, secretsFromKey } from '../src/services/secrets.ts';
import { migrate, openStore, type Store } from '../src/store/db.ts';
import { MIGRATIONS } from '../src/store/migrations/index.ts';
import type { Database } from '../src/store/schema.ts';
import { loadIssuerKey } from '../src/credentials/index.ts';
import {
  badgeToIssue, createTestDatabase, databaseKind, openTestPlatform, postgresDatabaseExists, storeKind, type TestPlatform,
} from './platform-fixture.ts';

const TABLES: ReadonlyArray<keyof Database> = [
  'institutions', 'issuer_keys', 'users', 'memberships', 'sessions', 'api_keys', 'learners', 'specifications',
  'status_lists', 'credentials', 'audit_log',
];

function profile(slug: string, name = slug): InstitutionProfile {
  return {
    slug, namePl: `Uczelnia ${name}`, nameEn: `University ${name}`, country: 'PL', identifiers: [], website: null, email: null, address: null,
  };
}

async function tablesOf(store: Store): Promise<string[]> {
  const result = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name
  `.execute(store.db);
  return result.rows.map((r) => r.table_name);
}

async function appliedMigrations(store: Store): Promise<string[]> {
  const result = await sql<{ name: string }>`SELECT name FROM mikrocred_migrations ORDER BY name`.execute(store.db);
  return result.rows.map((r) => r.name);
}

/** Every row of every table, as text: to show that an operation changed nothing at all. */
async function dump(store: Store): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} ORDER BY 1`.execute(store.db);
    out[table] = JSON.stringify(rows.rows);
  }
  return out;
}

async function count(store: Store, table: keyof Database, institutionId?: string): Promise<number> {
  let query = store.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n'));
  if (institutionId !== undefined) query = query.where(sql.ref('institution_id'), '=', institutionId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

describe(`storage on ${databaseKind}`, () => {
  describe('migrations', () => {
    it('run on open, create every table, and are idempotent when the same database is opened again', async () => {
      const database = await createTestDatabase({ persistent: true });
      try {
        const first = await openStore(database.options);
        assert.equal(first.kind, storeKind);
        const tables = await tablesOf(first);
        for (const table of TABLES) assert.ok(tables.includes(table), `table ${table} missing after open: ${tables.join(', ')}`);
        assert.deepEqual(await appliedMigrations(first), Object.keys(MIGRATIONS).sort());
        assert.deepEqual(await migrate(first.db), [], 'migrating a migrated database applies nothing');
        await createInstitution({ store: first, secrets: secretsFromKey(randomBytes(32)), baseUrl: 'https://m.example' }, profile('persisted'), SYSTEM);
        await first.close();

        const second = await openStore(database.options);
        try {
          assert.deepEqual(await appliedMigrations(second), Object.keys(MIGRATIONS).sort(), 'each migration recorded once');
          assert.deepEqual(await tablesOf(second), tables);
          const kept = await second.db.selectFrom('institutions').select('slug').execute();
          assert.deepEqual(kept.map((r) => r.slug), ['persisted'], 'reopening keeps the data');
          assert.deepEqual(await migrate(second.db), []);
        } finally {
          await second.close();
        }
      } finally {
        await database.drop();
      }
      if (databaseKind === 'PostgreSQL') assert.equal(await postgresDatabaseExists(database.name), false, 'the test database is dropped');
    });

    it('instances opening a new database at the same time migrate it once', {
      skip: databaseKind === 'PGlite' ? 'one PGlite folder belongs to one process' : false,
    }, async () => {
      const database = await createTestDatabase();
      try {
        const stores = await Promise.all([openStore(database.options), openStore(database.options), openStore(database.options)]);
        try {
          for (const store of stores) assert.deepEqual(await appliedMigrations(store), Object.keys(MIGRATIONS).sort());
        } finally {
          await Promise.all(stores.map((s) => s.close()));
        }
      } finally {
        await database.drop();
      }
    });
  });

  describe('on one platform', () => {
    let tp: TestPlatform;
    let platform: Platform;
    let store: Store;

    before(async () => {
      tp = await openTestPlatform();
      platform = tp.platform;
      store = platform.store;
    });
    after(async () => {
      await tp?.close();
    });

    it('the audit log refuses UPDATE and DELETE (append-only trigger)', async () => {
      await store.db.insertInto('audit_log').values({ institution_id: null, actor_type: 'system', action: 'test.append', details: JSON.stringify({ n: 1 }) }).execute();
      const before = await store.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
      const last = before.at(-1);
      assert.ok(last);
      await assert.rejects(
        store.db.updateTable('audit_log').set({ action: 'test.rewritten' }).where('id', '=', last.id).execute(),
        /append-only/,
      );
      await assert.rejects(store.db.deleteFrom('audit_log').where('id', '=', last.id).execute(), /append-only/);
      await assert.rejects(store.db.deleteFrom('audit_log').execute(), /append-only/);
      await assert.rejects(sql`UPDATE audit_log SET details = '{}'::jsonb`.execute(store.db), /append-only/);
      // Inside a transaction too: the whole transaction fails, the log is as it was.
      await assert.rejects(store.db.transaction().execute(async (trx) => {
        await trx.insertInto('audit_log').values({ institution_id: null, actor_type: 'system', action: 'test.in_trx', details: '{}' }).execute();
        await trx.deleteFrom('audit_log').where('action', '=', 'test.append').execute();
      }), /append-only/);
      assert.deepEqual(await store.db.selectFrom('audit_log').selectAll().orderBy('id').execute(), before);
    });

    it('issuer secret keys are stored encrypted with the master key, bound to their key id', async () => {
      const institution = await createInstitution(platform, profile('sealed'), SYSTEM);
      const row = await store.db.selectFrom('issuer_keys').selectAll().where('institution_id', '=', institution.id).executeTakeFirstOrThrow();
      const secret = platform.secrets.open(row.secret_key_enc, row.key_id);
      assert.match(secret, /^z[1-9A-HJ-NP-Za-km-z]{40,}$/, 'the sealed value is a multibase secret key');
      // It is the secret of the stored public key (loadIssuerKey checks that the pair matches).
      const key = await loadIssuerKey({ type: 'Multikey', id: row.key_id, controller: institution.did, publicKeyMultibase: row.public_key_multibase, secretKeyMultibase: secret });
      assert.equal(key.id, row.key_id);
      assert.ok(!JSON.stringify(row).includes(secret), 'the issuer_keys row holds the secret key in clear');
      assert.match(row.secret_key_enc, /^v1\./);
      const everything = JSON.stringify(await dump(store));
      assert.ok(!everything.includes(secret), 'the secret key appears in clear somewhere in the database');

      const otherMaster = secretsFromKey(randomBytes(32));
      assert.throws(() => otherMaster.open(row.secret_key_enc, row.key_id), MasterKeyError);
      await assert.rejects(activeSigningKey({ ...platform, secrets: otherMaster }, institution), MasterKeyError);
      // Bound to its record: the same ciphertext does not open as another key's secret.
      assert.throws(() => platform.secrets.open(row.secret_key_enc, `${row.key_id}x`), MasterKeyError);
      // The right master key signs.
      assert.equal((await activeSigningKey(platform, institution)).id, row.key_id);
    });

    it('status-list indices are distinct and consecutive under 50 concurrent issuances', { timeout: 120_000 }, async () => {
      const institution = await createInstitution(platform, profile('concurrent'), SYSTEM);
      const issued = await Promise.all(Array.from({ length: 50 }, (_, i) => issueCredential(platform, institution, badgeToIssue(`Badge ${i}`), {}, SYSTEM)));
      const indices = issued.map((c) => Number((c.credentialStatus as { statusListIndex: string }).statusListIndex)).sort((a, b) => a - b);
      assert.deepEqual(indices, Array.from({ length: 50 }, (_, i) => i), 'indices 0..49, each once');
      const lists = await store.db.selectFrom('status_lists').selectAll().where('institution_id', '=', institution.id).execute();
      assert.equal(lists.length, 1);
      assert.equal(lists[0]?.next_index, 50);
      const rows = await store.db.selectFrom('credentials').select(['status_index', 'status_list_id', 'document', 'credential_id'])
        .where('institution_id', '=', institution.id).execute();
      assert.equal(rows.length, 50);
      assert.deepEqual(rows.map((r) => r.status_index).sort((a, b) => Number(a) - Number(b)), indices);
      for (const row of rows) {
        assert.equal(row.status_list_id, lists[0]?.id);
        const doc = issued.find((c) => c.id === row.credential_id);
        assert.equal(row.document, JSON.stringify(doc), 'stored byte-exact');
      }
      assert.equal(await store.db.selectFrom('audit_log').select('id').where('institution_id', '=', institution.id)
        .where('action', '=', 'credential.issue').execute().then((r) => r.length), 50);
    });

    describe('a failing transaction leaves no row behind', () => {
      let institution: Institution;
      before(async () => {
        institution = await createInstitution(platform, profile('rollback'), SYSTEM);
      });

      it('an issuance whose signing fails stores no credential, no status list, no audit entry', async () => {
        const before = await dump(store);
        // Passes the shape checks, fails in signing (inside the transaction, after the status index was allocated):
        // the second context cannot be loaded.
        const credential = badgeToIssue('Unsignable');
        credential['@context'] = ['https://www.w3.org/ns/credentials/v2', 'https://unknown.example/context.jsonld'];
        await assert.rejects(issueCredential(platform, institution, credential, {}, SYSTEM), (error: unknown) => {
          assert.ok(error instanceof ServiceError, String(error));
          assert.equal(error.status, 422);
          assert.equal(error.code, 'invalid_credential');
          return true;
        });
        assert.deepEqual(await dump(store), before, 'the database changed');
        assert.equal(await count(store, 'credentials', institution.id), 0);
        assert.equal(await count(store, 'status_lists', institution.id), 0);

        // The next issuance gets the first index: the failed one allocated nothing durable.
        const ok = await issueCredential(platform, institution, badgeToIssue('Signable'), {}, SYSTEM);
        assert.equal((ok.credentialStatus as { statusListIndex: string }).statusListIndex, '0');
        const failedAgain = badgeToIssue('Unsignable again');
        failedAgain['@context'] = ['https://www.w3.org/ns/credentials/v2', 'https://unknown.example/context.jsonld'];
        const middle = await dump(store);
        await assert.rejects(issueCredential(platform, institution, failedAgain, {}, SYSTEM), ServiceError);
        assert.deepEqual(await dump(store), middle, 'a failure on an existing status list moves its counter');
        const next = await issueCredential(platform, institution, badgeToIssue('Signable 2'), {}, SYSTEM);
        assert.equal((next.credentialStatus as { statusListIndex: string }).statusListIndex, '1');
      });

      it('an error thrown inside a transaction rolls back every statement of it', async () => {
        const before = await dump(store);
        await assert.rejects(store.db.transaction().execute(async (trx) => {
          await trx.insertInto('users').values({ email: 'rolled-back@example.pl', name: 'Rolled Back', password_hash: 'x' }).execute();
          await trx.insertInto('audit_log').values({ institution_id: institution.id, actor_type: 'system', action: 'test.rollback', details: '{}' }).execute();
          throw new Error('boom');
        }), /boom/);
        assert.deepEqual(await dump(store), before);
      });
    });

    it('createInstitution with a taken slug: ServiceError 409, nothing changed', async () => {
      const first = await createInstitution(platform, profile('taken', 'First'), SYSTEM);
      const before = await dump(store);
      await assert.rejects(createInstitution(platform, profile('taken', 'Second'), SYSTEM), (error: unknown) => {
        assert.ok(error instanceof ServiceError, String(error));
        assert.equal(error.status, 409);
        assert.equal(error.code, 'slug_taken');
        return true;
      });
      assert.deepEqual(await dump(store), before, 'the database changed');
      const row = await store.db.selectFrom('institutions').select(['name_en', 'did']).where('slug', '=', 'taken').executeTakeFirstOrThrow();
      assert.deepEqual(row, { name_en: 'University First', did: first.did });
    });

    it('concurrent createInstitution with one new slug: one institution, every other call ServiceError 409', async () => {
      const before = await count(store, 'institutions');
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => createInstitution(platform, profile('race', `Racer ${i}`), SYSTEM)));
      assert.equal(await count(store, 'institutions'), before + 1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
      assert.equal(rejected.length, 7);
      const institution = await store.db.selectFrom('institutions').select('id').where('slug', '=', 'race').executeTakeFirstOrThrow();
      assert.equal(await count(store, 'issuer_keys', institution.id), 1);
      for (const error of rejected) assert.ok(error instanceof ServiceError && error.status === 409, `expected ServiceError 409, got ${String(error)}`);
    });

    it('concurrent createUser with one new e-mail: one account, every other call ServiceError 409', async () => {
      const results = await Promise.allSettled(Array.from({ length: 4 }, (_, i) => createUser(platform, { email: 'race@example.pl', name: `Racer ${i}`, password: 'correct horse battery staple' }, SYSTEM)));
      const users = await store.db.selectFrom('users').select('id').where('email', '=', 'race@example.pl').execute();
      assert.equal(users.length, 1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
      assert.equal(rejected.length, 3);
      for (const error of rejected) assert.ok(error instanceof ServiceError && error.status === 409, `expected ServiceError 409, got ${String(error)}`);
    });
  });
});
