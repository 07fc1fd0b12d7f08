/**
 * Rate-limit counters in the database, so that every app instance counts the same attempts (sign-in limits hold
 * behind a load balancer). Keys are hashes of the client address and the route, never the address itself.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE rate_limits (
      key text PRIMARY KEY,
      count integer NOT NULL,
      reset_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX rate_limits_reset ON rate_limits (reset_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE rate_limits`.execute(db);
}
