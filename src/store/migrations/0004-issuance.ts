/**
 * Issuance at scale: credentials know the specification version they came from, their learner, an idempotency key
 * (specification version + learner + external reference: the same award is never issued twice), an optional
 * suspension entry, a short code for the public verification URL and a claim token; cohort batches and their rows
 * (claimed by workers with FOR UPDATE SKIP LOCKED, so several app instances share one batch); and the e-mail outbox.
 */
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  sql`
    ALTER TABLE learners
      ADD COLUMN full_name text,
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()
  `,
  sql`CREATE INDEX learners_institution_student ON learners (institution_id, student_number)`,
  sql`
    ALTER TABLE credentials
      ADD COLUMN spec_id uuid,
      ADD COLUMN spec_version integer,
      ADD COLUMN external_ref text,
      ADD COLUMN idempotency_key text,
      ADD COLUMN batch_id uuid,
      ADD COLUMN suspension_list_id uuid REFERENCES status_lists(id),
      ADD COLUMN suspension_index integer,
      ADD COLUMN suspension_reason text,
      ADD COLUMN short_code text UNIQUE,
      ADD COLUMN claim_token_hash text,
      ADD COLUMN language text,
      ADD CONSTRAINT credentials_suspension_unique UNIQUE (suspension_list_id, suspension_index)
  `,
  sql`CREATE UNIQUE INDEX credentials_idempotency ON credentials (institution_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
  sql`CREATE INDEX credentials_spec ON credentials (institution_id, spec_id, spec_version)`,
  sql`CREATE INDEX credentials_learner ON credentials (learner_id)`,
  sql`CREATE INDEX credentials_batch ON credentials (batch_id)`,
  sql`
    CREATE TABLE batches (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      institution_id uuid NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
      specification_id uuid NOT NULL REFERENCES specifications(id),
      spec_id uuid NOT NULL,
      spec_version integer NOT NULL,
      status text NOT NULL CHECK (status IN ('preview', 'queued', 'running', 'done', 'cancelled')),
      file_name text,
      source jsonb,
      mapping jsonb,
      options jsonb NOT NULL DEFAULT '{}',
      actor jsonb NOT NULL DEFAULT '{}',
      total integer NOT NULL DEFAULT 0,
      invalid integer NOT NULL DEFAULT 0,
      issued integer NOT NULL DEFAULT 0,
      duplicates integer NOT NULL DEFAULT 0,
      failed integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz
    )
  `,
  sql`CREATE INDEX batches_institution ON batches (institution_id, created_at DESC)`,
  sql`CREATE INDEX batches_open ON batches (created_at) WHERE status IN ('queued', 'running')`,
  sql`
    CREATE TABLE batch_rows (
      batch_id uuid NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
      row_number integer NOT NULL,
      award jsonb,
      problems jsonb NOT NULL DEFAULT '[]',
      status text NOT NULL CHECK (status IN ('invalid', 'pending', 'issued', 'duplicate', 'failed')),
      idempotency_key text,
      credential_id uuid REFERENCES credentials(id) ON DELETE SET NULL,
      status_list_id uuid REFERENCES status_lists(id),
      status_index integer,
      suspension_list_id uuid REFERENCES status_lists(id),
      suspension_index integer,
      lease_until timestamptz,
      leased_by text,
      PRIMARY KEY (batch_id, row_number)
    )
  `,
  sql`CREATE INDEX batch_rows_pending ON batch_rows (batch_id, row_number) WHERE status = 'pending'`,
  sql`
    CREATE TABLE outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      institution_id uuid NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
      credential_id uuid REFERENCES credentials(id) ON DELETE SET NULL,
      kind text NOT NULL,
      to_address text NOT NULL,
      subject text NOT NULL,
      text_body text NOT NULL,
      html_body text,
      status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')) DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    )
  `,
  sql`CREATE INDEX outbox_institution ON outbox (institution_id, created_at DESC)`,
  sql`CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE outbox, batch_rows, batches`.execute(db);
  await sql`DROP INDEX credentials_idempotency, credentials_spec, credentials_learner, credentials_batch, learners_institution_student`.execute(db);
  await sql`
    ALTER TABLE credentials DROP CONSTRAINT credentials_suspension_unique, DROP COLUMN spec_id, DROP COLUMN spec_version,
      DROP COLUMN external_ref, DROP COLUMN idempotency_key, DROP COLUMN batch_id, DROP COLUMN suspension_list_id,
      DROP COLUMN suspension_index, DROP COLUMN suspension_reason, DROP COLUMN short_code, DROP COLUMN claim_token_hash, DROP COLUMN language
  `.execute(db);
  await sql`ALTER TABLE learners DROP COLUMN full_name, DROP COLUMN updated_at`.execute(db);
}
