/**
 * Opening the database: PGlite in a data folder by default (nothing to install), or a PostgreSQL server when
 * `DATABASE_URL` is set (a pool; several app instances may share it). Migrations run on open, under a lock on
 * PostgreSQL (Kysely's migrator takes one), so instances starting together migrate once.
 */
import { mkdirSync } from 'node:fs';
import { Kysely, Migrator, PostgresDialect, type MigrationProvider } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from './schema.ts';
import { MIGRATIONS } from './migrations/index.ts';

export type StoreKind = 'pglite' | 'postgres';

export interface Store {
  readonly db: Kysely<Database>;
  readonly kind: StoreKind;
  /** Whether the database answers (for `/ready`). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** `postgres://…`; when absent, PGlite in `dataDir`. */
  readonly databaseUrl?: string;
  /** PGlite data folder; `memory://` for a throw-away in-memory database. */
  readonly dataDir?: string;
  /** Connections in the PostgreSQL pool. */
  readonly poolSize?: number;
}

const provider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** Runs every pending migration; returns the names of those applied now. */
export async function migrate(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'mikrocred_migrations', migrationLockTableName: 'mikrocred_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new MigrationError(`Database migration failed: ${(error as Error).message ?? String(error)}`, { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function openStore(options: StoreOptions = {}): Promise<Store> {
  let db: Kysely<Database>;
  let kind: StoreKind;
  if (options.databaseUrl) {
    kind = 'postgres';
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    kind = 'pglite';
    const dataDir = options.dataDir ?? './data';
    if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
    const pglite = new PGlite(dataDir === 'memory://' ? {} : { dataDir });
    db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  }
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  return {
    db,
    kind,
    async ping() {
      try {
        await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}
