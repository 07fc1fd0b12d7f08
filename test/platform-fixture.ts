/**
 * Test platforms on a fresh database: PGlite (in memory, or in a temporary folder) by default, or, when
 * `MIKROCRED_TEST_DATABASE_URL` is set (e.g. `postgres://postgres@127.0.0.1:5432/postgres`), a new PostgreSQL
 * database with a random name created on that server and dropped (WITH (FORCE)) afterwards, so that parallel and
 * repeated runs never share or leave anything. Also: tenants with staff and API keys of every role, a credential to
 * issue, and a free TCP port.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildElmSpecification } from '../src/formats/elm.ts';
import { validateSpecification } from '../src/model/index.ts';
import { createApiKey, createUser, setMembership, type User } from '../src/services/access.ts';
import { SYSTEM } from '../src/services/audit.ts';
import { createInstitution, type Institution } from '../src/services/institutions.ts';
import type { Platform } from '../src/services/platform.ts';
import { secretsFromKey } from '../src/services/secrets.ts';
import { createSpecification, publishDraft } from '../src/services/specifications.ts';
import { openStore, type StoreOptions } from '../src/store/db.ts';
import { ROLES, type Role } from '../src/store/schema.ts';

const DATABASE_URL = process.env.MIKROCRED_TEST_DATABASE_URL || undefined;

/** The database the suites run on, for test names. */
export const databaseKind: 'PostgreSQL' | 'PGlite' = DATABASE_URL ? 'PostgreSQL' : 'PGlite';

/** The store kind `openStore` reports for that database. */
export const storeKind: 'postgres' | 'pglite' = DATABASE_URL ? 'postgres' : 'pglite';

export interface TestDatabase {
  /** What to give `openStore`: every call opens the same database. */
  readonly options: StoreOptions;
  /** The PostgreSQL database name, or the PGlite folder (`memory://` for none). */
  readonly name: string;
  /** Drops the database (PostgreSQL) or removes the folder (PGlite); close the stores first. */
  drop(): Promise<void>;
}

async function withAdminClient<T>(url: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database. PGlite: in memory, or in a new temporary folder when `persistent` (to be opened more than
 * once). PostgreSQL: `CREATE DATABASE mikrocred_test_<random>` on the server of `MIKROCRED_TEST_DATABASE_URL`.
 */
export async function createTestDatabase(options: { persistent?: boolean } = {}): Promise<TestDatabase> {
  if (DATABASE_URL) {
    const name = `mikrocred_test_${randomBytes(8).toString('hex')}`;
    await withAdminClient(DATABASE_URL, (c) => c.query(`CREATE DATABASE ${name}`));
    const url = new URL(DATABASE_URL);
    url.pathname = `/${name}`;
    let dropped = false;
    return {
      options: { databaseUrl: url.toString() },
      name,
      async drop() {
        if (dropped) return;
        dropped = true;
        await withAdminClient(DATABASE_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      },
    };
  }
  if (!options.persistent) return { options: { dataDir: 'memory://' }, name: 'memory://', drop: async () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'mikrocred-pglite-'));
  return { options: { dataDir: join(dir, 'data') }, name: dir, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** Whether a PostgreSQL database of that name exists (to check that `drop` really dropped it). */
export async function postgresDatabaseExists(name: string): Promise<boolean> {
  if (!DATABASE_URL) return false;
  return withAdminClient(DATABASE_URL, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}

export interface TestPlatform {
  readonly platform: Platform;
  readonly database: TestDatabase;
  /** Closes the store and drops the database. */
  close(): Promise<void>;
}

/** A platform on a fresh database, with a random master key. */
export async function openTestPlatform(options: { baseUrl?: string; persistent?: boolean } = {}): Promise<TestPlatform> {
  const database = await createTestDatabase(options);
  let store;
  try {
    store = await openStore(database.options);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const platform: Platform = { store, secrets: secretsFromKey(randomBytes(32)), baseUrl: options.baseUrl ?? 'https://mikrocred.test.example' };
  let closing: Promise<void> | undefined;
  return {
    platform,
    database,
    close: () => (closing ??= store.close().finally(() => database.drop())),
  };
}

export interface StaffMember {
  readonly user: User;
  readonly email: string;
  readonly password: string;
  readonly role: Role;
}

export interface Tenant {
  readonly institution: Institution;
  /** One staff member per role, `owner` first. */
  readonly staff: Readonly<Record<Role, StaffMember>>;
  /** One API key per role. */
  readonly keys: Readonly<Record<Role, { readonly key: string; readonly id: string }>>;
  /** A published specification of the institution, when seeded with `{ publish: true }`. */
  readonly publishedSpecId?: string;
}

/** examples/specification.json without its specId (the server gives one), as a fresh object. */
export function exampleSpecification(title?: { pl: string; en: string }): Record<string, unknown> {
  const spec = JSON.parse(readFileSync(new URL('../examples/specification.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  delete spec.specId;
  delete spec.version;
  if (title) spec.title = title;
  return spec;
}

/** examples/specification.json as the catalogue's ELM v3 document (a LearningOpportunity around its Qualification). */
export function elmSpecification(): Record<string, unknown> {
  const checked = validateSpecification(JSON.parse(readFileSync(new URL('../examples/specification.json', import.meta.url), 'utf8')));
  if (!checked.ok) throw new Error('examples/specification.json is not valid');
  return buildElmSpecification(checked.value, {
    id: `https://mikrocred.example.pl/catalogue/${checked.value.specId}/v/1`, institution: { did: 'did:web:uni.example.pl' },
  });
}

export const PASSWORD = 'correct horse battery staple';

/**
 * An institution with a staff member of each role in `staffRoles` (each costs one scrypt hash) and an API key of every
 * role.
 */
export async function seedTenant(platform: Platform, slug: string, staffRoles: readonly Role[] = ROLES, options: { publish?: boolean } = {}): Promise<Tenant> {
  const institution = await createInstitution(platform, {
    slug, namePl: `Uczelnia ${slug}`, nameEn: `University ${slug}`, country: 'PL',
    identifiers: [{ scheme: 'REGON', value: '142036717' }], website: `https://${slug}.example.pl`, email: `kontakt@${slug}.example.pl`,
    address: { street: 'ul. Testowa 1', postalCode: '00-001', locality: 'Warszawa', country: 'PL' },
  }, SYSTEM);
  const staff = {} as Record<Role, StaffMember>;
  await Promise.all(staffRoles.map(async (role) => {
    const email = `${role}@${slug}.example.pl`;
    const user = await createUser(platform, { email, name: `${role} of ${slug}`, password: PASSWORD }, SYSTEM);
    await setMembership(platform, { userId: user.id, institutionId: institution.id, role }, SYSTEM);
    staff[role] = { user, email, password: PASSWORD, role };
  }));
  const keys = {} as Record<Role, { key: string; id: string }>;
  for (const role of ROLES) {
    const created = await createApiKey(platform, { institutionId: institution.id, name: `${role} key`, role, createdBy: null }, SYSTEM);
    keys[role] = { key: created.key, id: created.info.id };
  }
  if (!options.publish) return { institution, staff, keys };
  const draft = await createSpecification(platform, institution, exampleSpecification({ pl: `Oferta ${slug}`, en: `Offer ${slug}` }), SYSTEM);
  await publishDraft(platform, institution, draft.specId, SYSTEM);
  return { institution, staff, keys, publishedSpecId: draft.specId };
}

/** An Open Badges 3.0 credential as an integration sends it to `POST /credentials/issue`: no issuer, id or status. */
export function badgeToIssue(name = 'Test badge'): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'Jan Kowalski' }],
      achievement: {
        id: 'urn:uuid:5f0c3d2e-8a4b-4c1e-9d2a-7b6e1f0a9c11', type: ['Achievement'], name, description: 'A test achievement',
        criteria: { narrative: 'Done.' },
      },
    },
  };
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
