/**
 * The Open Badges 3.0 API (docs/learner.md, "Open Badges 3.0 API"): OAuth 2.0 clients registered dynamically
 * (RFC 7591; only the SHA-256 of a confidential client's secret is kept), authorization codes (single use, bound to
 * the PKCE S256 challenge and the redirect URI, only their SHA-256 kept) and access / refresh tokens (opaque, only
 * their SHA-256 kept), each for one learner account and deleted with it.
 */
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  sql`
    CREATE TABLE oauth_clients (
      id text PRIMARY KEY,
      secret_hash text,
      client_name text NOT NULL,
      redirect_uris jsonb NOT NULL,
      scope text NOT NULL,
      token_endpoint_auth_method text NOT NULL CHECK (token_endpoint_auth_method IN ('none', 'client_secret_basic', 'client_secret_post')),
      metadata jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )
  `,
  sql`
    CREATE TABLE oauth_codes (
      id text PRIMARY KEY,
      client_id text NOT NULL REFERENCES oauth_clients(id) ON DELETE CASCADE,
      account_id uuid NOT NULL REFERENCES learner_accounts(id) ON DELETE CASCADE,
      redirect_uri text NOT NULL,
      scope text NOT NULL,
      code_challenge text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )
  `,
  sql`
    CREATE TABLE oauth_tokens (
      id text PRIMARY KEY,
      refresh_hash text UNIQUE,
      client_id text NOT NULL REFERENCES oauth_clients(id) ON DELETE CASCADE,
      account_id uuid NOT NULL REFERENCES learner_accounts(id) ON DELETE CASCADE,
      code_id text,
      scope text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      refresh_expires_at timestamptz NOT NULL,
      revoked_at timestamptz
    )
  `,
  sql`CREATE INDEX oauth_tokens_account ON oauth_tokens (account_id)`,
  sql`CREATE INDEX oauth_tokens_code ON oauth_tokens (code_id) WHERE code_id IS NOT NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE oauth_tokens, oauth_codes, oauth_clients`.execute(db);
}
