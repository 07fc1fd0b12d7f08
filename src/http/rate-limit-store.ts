/**
 * A store for @fastify/rate-limit that keeps its counters in the platform's database (table `rate_limits`), so
 * that several app instances share them. One statement per request counts atomically: a new or expired window
 * starts at 1, a live one goes up by one. Expired rows are swept now and then.
 */
import { createHash } from 'node:crypto';
import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** Sweep expired rows about once in this many requests. */
const SWEEP_EVERY = 200;

export function databaseRateLimitStore(db: Kysely<Database>): new (options: FastifyRateLimitOptions) => FastifyRateLimitStore {
  let calls = 0;
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    constructor(_options: FastifyRateLimitOptions, private readonly prefix = '') {}

    incr(key: string, callback: Callback, timeWindow: number): void {
      const hashed = createHash('sha256').update(`${this.prefix}|${key}`).digest('base64url');
      const window = `${Math.max(1, Math.round(timeWindow))} milliseconds`;
      sql<{ count: number; ttl: string | number }>`
        INSERT INTO rate_limits AS r (key, count, reset_at) VALUES (${hashed}, 1, now() + ${window}::interval)
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN r.reset_at <= now() THEN 1 ELSE r.count + 1 END,
          reset_at = CASE WHEN r.reset_at <= now() THEN now() + ${window}::interval ELSE r.reset_at END
        RETURNING count, (extract(epoch FROM (reset_at - now())) * 1000)::bigint AS ttl`.execute(db)
        .then((result) => {
          const row = result.rows[0];
          callback(null, { current: Number(row?.count ?? 1), ttl: Math.max(0, Number(row?.ttl ?? timeWindow)) });
        }, (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      calls += 1;
      if (calls % SWEEP_EVERY === 0) void sql`DELETE FROM rate_limits WHERE reset_at < now()`.execute(db).catch(() => undefined);
    }

    child(routeOptions: { method?: unknown; url?: unknown; path?: string }): FastifyRateLimitStore {
      return new DatabaseRateLimitStore({}, `${String(routeOptions.method ?? '')} ${String(routeOptions.url ?? routeOptions.path ?? '')}`);
    }
  }
  return DatabaseRateLimitStore;
}
