/**
 * The database schema as Kysely table types. One PostgreSQL schema serves PGlite (embedded) and PostgreSQL servers;
 * the SQL that creates it is in migrations/. Column names are snake_case; Kysely maps nothing implicitly.
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** A timestamptz: read as Date; optional on insert where the column has a default. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type Role = 'owner' | 'designer' | 'issuer' | 'viewer';
export const ROLES: readonly Role[] = ['owner', 'designer', 'issuer', 'viewer'];

export interface LegalIdentifierRow {
  scheme: string;
  value: string;
}

export interface AddressRow {
  street?: string;
  postalCode?: string;
  locality: string;
  region?: string;
  country: string;
}

export interface InstitutionsTable {
  id: Generated<string>;
  slug: string;
  name_pl: string;
  name_en: string;
  country: string;
  identifiers: JSONColumnType<LegalIdentifierRow[]>;
  website: string | null;
  email: string | null;
  address: JSONColumnType<AddressRow | null>;
  logo: Buffer | null;
  logo_type: string | null;
  did: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** What a learner's erasure does to the credentials the institution issued them (migration 0005). */
  erasure_policy: ColumnType<ErasurePolicy, ErasurePolicy | undefined, ErasurePolicy>;
}

/** `keep`: issued credentials stay verifiable; `revoke`: they are revoked ("GDPR erasure"). */
export type ErasurePolicy = 'keep' | 'revoke';
export const ERASURE_POLICIES: readonly ErasurePolicy[] = ['keep', 'revoke'];

export interface IssuerKeysTable {
  id: Generated<string>;
  institution_id: string;
  key_id: string;
  public_key_multibase: string;
  /** The secret key, encrypted with the master key (AES-256-GCM); never logged, never returned. */
  secret_key_enc: string;
  active: boolean;
  created_at: Timestamp;
  retired_at: Timestamp | null;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  created_at: Timestamp;
  disabled: Generated<boolean>;
}

export interface MembershipsTable {
  user_id: string;
  institution_id: string;
  role: Role;
  created_at: Timestamp;
}

export interface SessionsTable {
  /** SHA-256 of the session token (the cookie holds the token). */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiKeysTable {
  id: Generated<string>;
  institution_id: string;
  name: string;
  /** The first characters of the key, to recognise it in lists. */
  prefix: string;
  /** SHA-256 of the whole key. */
  hash: string;
  role: Role;
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LearnersTable {
  id: Generated<string>;
  institution_id: string;
  given_name: string;
  family_name: string;
  email: string | null;
  date_of_birth: ColumnType<string | null, string | null | undefined, string | null>;
  student_number: string | null;
  full_name: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SpecificationsTable {
  id: Generated<string>;
  institution_id: string;
  spec_id: string;
  version: number;
  status: 'draft' | 'published' | 'archived';
  document: JSONColumnType<Record<string, unknown>>;
  created_at: Timestamp;
  published_at: Timestamp | null;
  updated_at: Timestamp;
  /** Set when a newer version of the specification is published: the catalogue shows the current version only. */
  superseded_at: Timestamp | null;
  archived_at: Timestamp | null;
  /** Search columns, filled when the version is published (null for drafts). */
  search_text: string | null;
  title_search: string | null;
  title_pl: string | null;
  title_en: string | null;
  eqf_level: number | null;
  ects: number | null;
  isced_f: string | null;
  languages: string[] | null;
  participation: string | null;
  /** Generated: the tsvectors of search_text and title_search (never written). */
  search_tsv: ColumnType<string | null, never, never>;
  title_tsv: ColumnType<string | null, never, never>;
}

/** Which institution a specification id belongs to (ids are global: catalogue URLs and pathways use them). */
export interface SpecificationOwnersTable {
  spec_id: string;
  institution_id: string;
}

export interface LangMapRow {
  pl: string;
  en: string;
}

export type PathwayRuleRow = { type: 'all' } | { type: 'n-of'; n: number } | { type: 'ects'; minEcts: number };

export interface PathwaysTable {
  id: Generated<string>;
  institution_id: string;
  title: JSONColumnType<LangMapRow>;
  description: JSONColumnType<LangMapRow | null>;
  rule: JSONColumnType<PathwayRuleRow>;
  target: JSONColumnType<{ title: LangMapRow; url?: string } | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PathwayMembersTable {
  pathway_id: string;
  spec_id: string;
  position: number;
}

export interface StatusListsTable {
  id: Generated<string>;
  institution_id: string;
  /** Public sequence number of the list within its institution: the list's URL ends in it. */
  seq: number;
  purpose: 'revocation' | 'suspension';
  length: number;
  next_index: Generated<number>;
  created_at: Timestamp;
}

export interface CredentialsTable {
  id: Generated<string>;
  institution_id: string;
  credential_id: string;
  specification_id: string | null;
  learner_id: string | null;
  /** The signed credential exactly as issued (text, not jsonb: byte-exact). */
  document: string;
  issued_at: Timestamp;
  status_list_id: string | null;
  status_index: number | null;
  revoked_at: Timestamp | null;
  suspended_at: Timestamp | null;
  /** Why it was revoked. */
  status_reason: string | null;
  /** The specification version it was issued from (`specification_id` is that version's row). */
  spec_id: string | null;
  spec_version: number | null;
  /** The institution's own reference of the award (a row id, a protocol number). */
  external_ref: string | null;
  /** sha256 of specification version + learner + external reference: the same award is issued once. */
  idempotency_key: string | null;
  batch_id: string | null;
  suspension_list_id: string | null;
  suspension_index: number | null;
  suspension_reason: string | null;
  /** The code of the short public verification URL (`/v/<code>`). */
  short_code: string | null;
  /** sha256 of the learner's claim token (the link in their e-mail). */
  claim_token_hash: string | null;
  /** The language the credential's single-language fields are in. */
  language: string | null;
}

export type BatchStatus = 'preview' | 'queued' | 'running' | 'done' | 'cancelled';
export type BatchRowStatus = 'invalid' | 'pending' | 'issued' | 'duplicate' | 'failed';

export interface BatchSource {
  headers: string[];
  rows: string[][];
  /** Spreadsheet row numbers of `rows` (empty rows of the file are left out). */
  rowNumbers?: number[];
  format: string;
}

export interface BatchesTable {
  id: Generated<string>;
  institution_id: string;
  specification_id: string;
  spec_id: string;
  spec_version: number;
  status: BatchStatus;
  file_name: string | null;
  /** The uploaded table (headers and rows as text), kept until the batch is done, for re-mapping. */
  source: ColumnType<BatchSource | null, string | null | undefined, string | null>;
  mapping: ColumnType<Record<string, number> | null, string | null | undefined, string | null>;
  options: ColumnType<Record<string, unknown>, string | undefined, string>;
  actor: ColumnType<{ type: string; id: string | null }, string | undefined, string>;
  total: Generated<number>;
  invalid: Generated<number>;
  issued: Generated<number>;
  duplicates: Generated<number>;
  failed: Generated<number>;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface BatchRowsTable {
  batch_id: string;
  row_number: number;
  award: JSONColumnType<Record<string, unknown> | null>;
  problems: JSONColumnType<unknown[]>;
  status: BatchRowStatus;
  idempotency_key: string | null;
  credential_id: string | null;
  /** Status indices given when the batch was started, so a resumed batch reuses them: no gap, no duplicate. */
  status_list_id: string | null;
  status_index: number | null;
  suspension_list_id: string | null;
  suspension_index: number | null;
  /** A worker's claim on the row while it signs; an expired lease (a crashed worker) lets another take it. */
  lease_until: Timestamp | null;
  leased_by: string | null;
}

export interface OutboxTable {
  id: Generated<string>;
  /** Null for e-mails of no institution (a learner's magic sign-in link). */
  institution_id: string | null;
  credential_id: string | null;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  status: ColumnType<'pending' | 'sent' | 'failed', 'pending' | 'sent' | 'failed' | undefined, 'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  institution_id: string | null;
  actor_type: 'user' | 'api_key' | 'system';
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: JSONColumnType<Record<string, unknown>>;
}

export interface RateLimitsTable {
  key: string;
  count: number;
  reset_at: Timestamp;
}

// ---- The learner side (migration 0005, docs/learner.md) ----

export interface LearnerAccountsTable {
  id: Generated<string>;
  /** Lower-case; the account owns the credentials whose learner row has this e-mail, in any institution. */
  email: string;
  created_at: Timestamp;
  last_sign_in_at: Timestamp | null;
}

export interface LearnerSessionsTable {
  /** SHA-256 of the session token (the `mikrocred_learner` cookie holds the token). */
  id: string;
  account_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface LearnerLoginTokensTable {
  /** SHA-256 of the token in the magic sign-in link. */
  id: string;
  email: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface LearnerSignInsTable {
  id: Generated<string>;
  account_id: string;
  at: Timestamp;
  method: 'magic_link' | 'claim_link';
}

export interface ShareLinksTable {
  id: Generated<string>;
  /** The random token of the public URL `/s/<token>`. */
  token: string;
  credential_id: string;
  account_id: string;
  created_at: Timestamp;
  withdrawn_at: Timestamp | null;
  views: Generated<number>;
}

export interface LearnerImportsTable {
  id: Generated<string>;
  account_id: string;
  /** The credential as imported (for a PDF: the JSON attached to it, byte for byte). */
  document: string;
  format: 'json' | 'pdf';
  /** The verification report made on import. */
  report: JSONColumnType<Record<string, unknown>>;
  imported_at: Timestamp;
}

export interface Database {
  institutions: InstitutionsTable;
  issuer_keys: IssuerKeysTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  learners: LearnersTable;
  specifications: SpecificationsTable;
  specification_owners: SpecificationOwnersTable;
  pathways: PathwaysTable;
  pathway_members: PathwayMembersTable;
  status_lists: StatusListsTable;
  credentials: CredentialsTable;
  audit_log: AuditLogTable;
  rate_limits: RateLimitsTable;
  batches: BatchesTable;
  batch_rows: BatchRowsTable;
  outbox: OutboxTable;
  learner_accounts: LearnerAccountsTable;
  learner_sessions: LearnerSessionsTable;
  learner_login_tokens: LearnerLoginTokensTable;
  learner_sign_ins: LearnerSignInsTable;
  share_links: ShareLinksTable;
  learner_imports: LearnerImportsTable;
}

// ---- OpenID4VCI (migration 0006) ----

export interface Oid4vciOffersTable {
  id: Generated<string>;
  credential_id: string;
  account_id: string;
  /** SHA-256 (base64url) of the pre-authorized code. */
  code_hash: string;
  /** SHA-256 (base64url) of the transaction code, when the offer needs one. */
  tx_code_hash: string | null;
  tx_code_attempts: Generated<number>;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface Oid4vciTokensTable {
  /** SHA-256 (base64url) of the access token. */
  token_hash: string;
  offer_id: string;
  credential_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface Oid4vciNoncesTable {
  nonce: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface Oid4vciDeliveriesTable {
  id: Generated<string>;
  credential_id: string;
  /** The holder's DID the delivered credential is bound to. */
  holder: string;
  /** The delivered credential, byte for byte. */
  document: string;
  delivered_at: Timestamp;
}

// Declaration merging: the OpenID4VCI tables join the Database interface above.
export interface Database {
  oid4vci_offers: Oid4vciOffersTable;
  oid4vci_tokens: Oid4vciTokensTable;
  oid4vci_nonces: Oid4vciNoncesTable;
  oid4vci_deliveries: Oid4vciDeliveriesTable;
  oauth_clients: OauthClientsTable;
  oauth_codes: OauthCodesTable;
  oauth_tokens: OauthTokensTable;
}

/** An OAuth 2.0 client of the Open Badges 3.0 API, registered dynamically (RFC 7591). */
export interface OauthClientsTable {
  id: string;
  /** SHA-256 of the client secret (confidential clients); null for public clients. */
  secret_hash: string | null;
  client_name: string;
  redirect_uris: JSONColumnType<string[]>;
  /** The scopes the client may ask for, space-separated. */
  scope: string;
  token_endpoint_auth_method: 'none' | 'client_secret_basic' | 'client_secret_post';
  /** The client metadata as registered. */
  metadata: JSONColumnType<Record<string, unknown>>;
  created_at: Generated<Date>;
}

/** An authorization code (SHA-256 of it as id), single use, bound to its PKCE S256 challenge and redirect URI. */
export interface OauthCodesTable {
  id: string;
  client_id: string;
  account_id: string;
  redirect_uri: string;
  scope: string;
  code_challenge: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** An access token (SHA-256 of it as id) with its refresh token (SHA-256), for one learner account. */
export interface OauthTokensTable {
  id: string;
  refresh_hash: string | null;
  client_id: string;
  account_id: string;
  /** The authorization code it was issued for (a reused code revokes it). */
  code_id: string | null;
  scope: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  refresh_expires_at: Timestamp;
  revoked_at: Timestamp | null;
  /** When the learner approved the grant (the first token's time, carried over on refresh; migration 0008). */
  authorized_at: Timestamp;
  /** When the access token last opened an API route, at most once a minute (migration 0008). */
  last_used_at: Timestamp | null;
}
