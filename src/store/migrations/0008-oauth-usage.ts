/**
 * What the learner's "authorised applications" page (docs/learner.md, "Authorised applications") shows of each OAuth
 * token beyond 0007: `authorized_at`, when the learner approved the grant it descends from (carried over on refresh
 * rotation, so the first approval survives the rotated rows being cleaned up), and `last_used_at`, when the access
 * token last opened an Open Badges 3.0 API route (written at most once a minute per token).
 */
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  sql`ALTER TABLE oauth_tokens ADD COLUMN authorized_at timestamptz`,
  sql`UPDATE oauth_tokens SET authorized_at = created_at`,
  sql`ALTER TABLE oauth_tokens ALTER COLUMN authorized_at SET DEFAULT now(), ALTER COLUMN authorized_at SET NOT NULL`,
  sql`ALTER TABLE oauth_tokens ADD COLUMN last_used_at timestamptz`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE oauth_tokens DROP COLUMN last_used_at, DROP COLUMN authorized_at`.execute(db);
}
