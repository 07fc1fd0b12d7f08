/**
 * The learner side (docs/learner.md): learner accounts (one per e-mail address; a learner owns the credentials whose
 * learner row carries that address, in any institution), their browser sessions (token in an HTTP-only cookie, only
 * its SHA-256 stored, with a CSRF token), single-use magic sign-in links (SHA-256 stored, 15 minutes), the sign-in
 * history, share links, credentials imported from other issuers with their verification report, and each
 * institution's erasure policy (what happens to issued credentials when a learner asks for erasure). E-mails that
 * belong to no institution (the magic sign-in link) need an outbox row without institution.
 */
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  sql`
    CREATE TABLE learner_accounts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL UNIQUE CHECK (email = lower(email)),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_sign_in_at timestamptz
    )
  `,
  sql`
    CREATE TABLE learner_sessions (
      id text PRIMARY KEY,
      account_id uuid NOT NULL REFERENCES learner_accounts(id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )
  `,
  sql`CREATE INDEX learner_sessions_account ON learner_sessions (account_id)`,
  sql`
    CREATE TABLE learner_login_tokens (
      id text PRIMARY KEY,
      email text NOT NULL CHECK (email = lower(email)),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )
  `,
  sql`CREATE INDEX learner_login_tokens_email ON learner_login_tokens (email, created_at DESC)`,
  sql`
    CREATE TABLE learner_sign_ins (
      id bigserial PRIMARY KEY,
      account_id uuid NOT NULL REFERENCES learner_accounts(id) ON DELETE CASCADE,
      at timestamptz NOT NULL DEFAULT now(),
      method text NOT NULL CHECK (method IN ('magic_link', 'claim_link'))
    )
  `,
  sql`CREATE INDEX learner_sign_ins_account ON learner_sign_ins (account_id, at DESC)`,
  sql`
    CREATE TABLE share_links (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      token text NOT NULL UNIQUE,
      credential_id uuid NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
      account_id uuid NOT NULL REFERENCES learner_accounts(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      withdrawn_at timestamptz,
      views integer NOT NULL DEFAULT 0
    )
  `,
  sql`CREATE INDEX share_links_account ON share_links (account_id, created_at DESC)`,
  sql`CREATE INDEX share_links_credential ON share_links (credential_id)`,
  sql`
    CREATE TABLE learner_imports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL REFERENCES learner_accounts(id) ON DELETE CASCADE,
      document text NOT NULL,
      format text NOT NULL CHECK (format IN ('json', 'pdf')),
      report jsonb NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now()
    )
  `,
  sql`CREATE INDEX learner_imports_account ON learner_imports (account_id, imported_at DESC)`,
  sql`
    ALTER TABLE institutions
      ADD COLUMN erasure_policy text NOT NULL DEFAULT 'keep' CHECK (erasure_policy IN ('keep', 'revoke'))
  `,
  // The magic sign-in e-mail belongs to no institution.
  sql`ALTER TABLE outbox ALTER COLUMN institution_id DROP NOT NULL`,
  sql`CREATE INDEX outbox_recipient ON outbox (lower(to_address))`,
  // A learner's credentials are found by e-mail across institutions.
  sql`CREATE INDEX learners_email ON learners (email) WHERE email IS NOT NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX learners_email, outbox_recipient`.execute(db);
  await sql`DELETE FROM outbox WHERE institution_id IS NULL`.execute(db);
  await sql`ALTER TABLE outbox ALTER COLUMN institution_id SET NOT NULL`.execute(db);
  await sql`ALTER TABLE institutions DROP COLUMN erasure_policy`.execute(db);
  await sql`DROP TABLE learner_imports, share_links, learner_sign_ins, learner_login_tokens, learner_sessions, learner_accounts`.execute(db);
}
