/**
 * The first schema: tenants, keys, people, access, specifications, credentials, status lists, and the audit log,
 * which a trigger keeps append-only.
 */
import { sql, type Kysely } from 'kysely';

/** Statements run one by one: PGlite's extended protocol takes one statement per query. */
const STATEMENTS = [
  sql`
    CREATE TABLE institutions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      name_pl text NOT NULL,
      name_en text NOT NULL,
      country char(2) NOT NULL,
      identifiers jsonb NOT NULL DEFAULT '[]',
      website text,
      email text,
      address jsonb,
      logo bytea,
      logo_type text,
      did text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )
  `,
  sql`
    CREATE TABLE issuer_keys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      institution_id uuid NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
      key_id text NOT NULL UNIQUE,
      public_key_multibase text NOT NULL,
      secret_key_enc text NOT NULL,
      active boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      retired_at timestamptz
    )
  `,
  sql`
    CREATE UNIQUE INDEX issuer_keys_one_active ON issuer_keys (institution_id) WHERE active
  `,
  sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL UNIQUE CHECK (email = lower(email)),
      name text NOT NULL,
      password_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      disabled boolean NOT NULL DEFAULT false
    )
  `,
  sql`
    CREATE TABLE memberships (
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      institution_id uuid NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('owner', 'designer', 'issuer', 'viewer')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, institution_id)
    )
  `,
  sql`
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )
  `,
  sql`
    CREATE INDEX sessions_user ON sessions (user_id)
  `,
  sql`
    CREATE TABLE api_keys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      institution_id uuid NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
      name text NOT NULL,
      prefix text NOT NULL,
      hash text NOT NULL UNIQUE,
      role text NOT NULL CHECK (role IN ('owner', 'designer', 'issuer', 'viewer')),
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )
  `,
  sql`
    CREATE TABLE learners (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      institution_id uuid NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
      given_name text NOT NULL,
      family_name text NOT NULL,
      email text,
      date_of_birth date,
      student_number text,
      created_at timestamptz NOT NULL DEFAULT now()
    )
  `,
  sql`
    CREATE INDEX learners_institution_email ON learners (institution_id, email)
  `,
  sql`
    CREATE TABLE specifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      institution_id uuid NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
      spec_id uuid NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      status text NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
      document jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz,
      UNIQUE (spec_id, version)
    )
  `,
  sql`
    CREATE TABLE status_lists (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      institution_id uuid NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
      seq integer NOT NULL,
      purpose text NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
      length integer NOT NULL CHECK (length > 0 AND length % 8 = 0),
      next_index integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (institution_id, seq),
      CHECK (next_index <= length)
    )
  `,
  sql`
    CREATE TABLE credentials (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      institution_id uuid NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
      credential_id text NOT NULL UNIQUE,
      specification_id uuid REFERENCES specifications(id),
      learner_id uuid REFERENCES learners(id) ON DELETE SET NULL,
      document text NOT NULL,
      issued_at timestamptz NOT NULL,
      status_list_id uuid REFERENCES status_lists(id),
      status_index integer,
      revoked_at timestamptz,
      suspended_at timestamptz,
      status_reason text,
      UNIQUE (status_list_id, status_index)
    )
  `,
  sql`
    CREATE INDEX credentials_institution ON credentials (institution_id, issued_at DESC)
  `,
  sql`
    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      institution_id uuid REFERENCES institutions(id),
      actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'system')),
      actor_id text,
      action text NOT NULL,
      target_type text,
      target_id text,
      details jsonb NOT NULL DEFAULT '{}'
    )
  `,
  sql`
    CREATE INDEX audit_log_institution ON audit_log (institution_id, at DESC)
  `,
  sql`
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only';
    END $$
  `,
  sql`
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
  `,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE audit_log, credentials, status_lists, specifications, learners, api_keys, sessions, memberships,
    users, issuer_keys, institutions CASCADE`.execute(db);
  await sql`DROP FUNCTION audit_log_append_only()`.execute(db);
}
