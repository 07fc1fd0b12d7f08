/**
 * OpenID4VCI (docs/learner.md, "OpenID4VCI"): credential offers of the pre-authorized code flow (the code and the
 * optional transaction code stored as SHA-256 only, single use, 10 minutes), the access tokens they are exchanged for
 * (SHA-256 only, 5 minutes), the nonces wallets sign in their proofs (single use, 5 minutes), and the credentials
 * delivered to wallets (the learner's credential re-signed for the holder's DID).
 */
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  sql`
    CREATE TABLE oid4vci_offers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      credential_id uuid NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
      account_id uuid NOT NULL REFERENCES learner_accounts(id) ON DELETE CASCADE,
      code_hash text NOT NULL UNIQUE,
      tx_code_hash text,
      tx_code_attempts integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )
  `,
  sql`CREATE INDEX oid4vci_offers_credential ON oid4vci_offers (credential_id)`,
  sql`
    CREATE TABLE oid4vci_tokens (
      token_hash text PRIMARY KEY,
      offer_id uuid NOT NULL REFERENCES oid4vci_offers(id) ON DELETE CASCADE,
      credential_id uuid NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )
  `,
  sql`
    CREATE TABLE oid4vci_nonces (
      nonce text PRIMARY KEY,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )
  `,
  sql`
    CREATE TABLE oid4vci_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      credential_id uuid NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
      holder text NOT NULL,
      document text NOT NULL,
      delivered_at timestamptz NOT NULL DEFAULT now()
    )
  `,
  sql`CREATE INDEX oid4vci_deliveries_credential ON oid4vci_deliveries (credential_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE oid4vci_deliveries, oid4vci_nonces, oid4vci_tokens, oid4vci_offers`.execute(db);
}
