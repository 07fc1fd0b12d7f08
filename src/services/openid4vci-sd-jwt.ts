/**
 * The SD-JWT VC credential configuration of our OpenID4VCI issuer (docs/learner.md, "OpenID4VCI", "SD-JWT VC"):
 * `MicroCredential_dc+sd-jwt`, format `dc+sd-jwt`. A learner's credential is delivered as an SD-JWT VC bound to the
 * wallet's key (`cnf.jwk`), signed by the institution's active key; the claims and which of them are selectively
 * disclosable are in src/credentials/sd-jwt-vc.ts. Its type (`vct`) is `<base>/vct/micro-credential`, whose Type
 * Metadata this module also answers.
 *
 * Revocation and suspension reach SD-JWT copies through an IETF Token Status List, one token per revocation list:
 * `status.status_list.idx` is the credential's index in the institution's revocation Bitstring Status List
 * `<base>/i/<slug>/status/<seq>`, and `status.status_list.uri` is `<base>/i/<slug>/status/<seq>/token`. The token has
 * 2 bits per status (src/credentials/token-status-list.ts): at the credential's revocation index, 0x01 INVALID when it
 * is revoked, else 0x02 SUSPENDED when its suspension entry is set, else 0x00 VALID. Revocation and suspension lists
 * are allocated apart (different lists, different indices), so the suspension bit is found through the credential's
 * row, which holds both entries; the values are read from the very columns (`revoked_at`, `suspended_at`) the two W3C
 * lists are built from, so the three documents never disagree. A credential without a suspension entry can only be
 * VALID or INVALID. The URI is the one credentials delivered before suspension was carried name, so those copies see
 * suspensions too (a token names its own `bits`). A currently suspended credential is still not delivered.
 *
 * The signed token is kept per list, keyed by a digest of its non-VALID entries and the signing key (read from the
 * database on every request: correct with several instances, no invalidation needed), and signed again (cheaply,
 * from the kept compressed list) once it is STATUS_TOKEN_RESIGN_SECONDS old, so that its `iat` stays recent.
 */
import {
  issueSdJwtVc, jwsKeyOf, MICRO_CREDENTIAL_CLAIMS, MICRO_CREDENTIAL_VCT_PATH, microCredentialClaims, microCredentialTypeMetadata,
  SD_JWT_VC_ALGORITHM, SD_JWT_VC_FORMAT, type JwsKey, type LearnerClaims,
} from '../credentials/sd-jwt-vc.ts';
import {
  signStatusListToken, TOKEN_STATUS_BITS, TOKEN_STATUS_INVALID, TOKEN_STATUS_SUSPENDED, tokenStatusList, type TokenStatusEntry,
} from '../credentials/token-status-list.ts';
import { InvalidKeyError, type JsonObject } from '../credentials/index.ts';
import { createHash } from 'node:crypto';
import type { JWK } from 'jose';
import { verifyUrl } from './awards.ts';
import { activeSigningKeyFile, type Institution } from './institutions.ts';
import { notFound, type Platform } from './platform.ts';

export const SD_JWT_CONFIGURATION_ID = 'MicroCredential_dc+sd-jwt';
/** How long a relying party may cache a Status List Token (`ttl`, seconds; also the response's `max-age`): as long as the W3C status lists. */
export const STATUS_TOKEN_TTL_SECONDS = 60;
/** Age (seconds) at which a kept token whose statuses did not change is signed again, with a fresh `iat`. */
export const STATUS_TOKEN_RESIGN_SECONDS = 60;

/** A reason not to deliver the SD-JWT VC (the credential endpoint answers `credential_request_denied`). */
export class SdJwtRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SdJwtRefusal';
  }
}

export function vctUrl(platform: Platform): string {
  return `${platform.baseUrl}${MICRO_CREDENTIAL_VCT_PATH}`;
}

export function statusListTokenUrl(platform: Platform, institution: Pick<Institution, 'slug'>, seq: number): string {
  return `${platform.baseUrl}/i/${institution.slug}/status/${seq}/token`;
}

/** The SD-JWT VC Type Metadata served at the `vct` URL. */
export function typeMetadata(platform: Platform): JsonObject {
  return microCredentialTypeMetadata(vctUrl(platform));
}

/** The entry of `credential_configurations_supported` (OpenID4VCI 1.0 §12.2.4 and Appendix A.3.2). */
export function sdJwtConfiguration(platform: Platform, proofAlgorithms: readonly string[]): JsonObject {
  return {
    format: SD_JWT_VC_FORMAT,
    vct: vctUrl(platform),
    cryptographic_binding_methods_supported: ['jwk'],
    credential_signing_alg_values_supported: [SD_JWT_VC_ALGORITHM],
    proof_types_supported: { jwt: { proof_signing_alg_values_supported: [...proofAlgorithms] } },
    credential_metadata: {
      display: [{ name: 'Mikropoświadczenie', locale: 'pl' }, { name: 'Micro-credential', locale: 'en' }],
      claims: MICRO_CREDENTIAL_CLAIMS.map((claim) => ({
        path: [...claim.path],
        display: [{ name: claim.pl, locale: 'pl' }, { name: claim.en, locale: 'en' }],
      })),
    },
  };
}

// ---- Delivery ----

interface CredentialFacts {
  readonly status_index: number | null;
  readonly short_code: string | null;
  readonly suspended_at: Date | null;
  readonly seq: number | null;
  readonly purpose: string | null;
  readonly given_name: string | null;
  readonly family_name: string | null;
  readonly email: string | null;
  readonly student_number: string | null;
  readonly date_of_birth: string | null;
}

async function credentialFacts(platform: Platform, credentialRowId: string): Promise<CredentialFacts | undefined> {
  return platform.store.db.selectFrom('credentials as c')
    .leftJoin('learners as l', 'l.id', 'c.learner_id')
    .leftJoin('status_lists as s', 's.id', 'c.status_list_id')
    .select((eb) => [
      'c.status_index', 'c.short_code', 'c.suspended_at', 's.seq', 's.purpose',
      'l.given_name', 'l.family_name', 'l.email', 'l.student_number', eb.cast<string | null>('l.date_of_birth', 'text').as('date_of_birth'),
    ])
    .where('c.id', '=', credentialRowId).executeTakeFirst();
}

function learnerOf(facts: CredentialFacts): LearnerClaims {
  if (facts.given_name === null || facts.family_name === null) throw new SdJwtRefusal('The learner\'s data is no longer held by the issuer');
  return {
    givenName: facts.given_name, familyName: facts.family_name, email: facts.email, studentNumber: facts.student_number,
    birthdate: facts.date_of_birth?.slice(0, 10) ?? null,
  };
}

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

async function institutionJwsKey(platform: Platform, institution: Institution): Promise<JwsKey> {
  try {
    return await jwsKeyOf(await activeSigningKeyFile(platform, institution));
  } catch (error) {
    if (error instanceof InvalidKeyError) throw new SdJwtRefusal(`The credential cannot be signed: ${error.message}`);
    throw error;
  }
}

export interface SdJwtDelivery {
  /** The `credentials` row. */
  readonly credentialRowId: string;
  /** The stored OB 3.0 credential, without its proof. */
  readonly credential: JsonObject;
  readonly institution: Institution;
  readonly holderJwk: JWK;
  readonly now: Date;
}

/** The learner's credential as an SD-JWT VC bound to `holderJwk`. */
export async function sdJwtCopy(platform: Platform, delivery: SdJwtDelivery): Promise<string> {
  const facts = await credentialFacts(platform, delivery.credentialRowId);
  if (!facts) throw new SdJwtRefusal('The credential is gone');
  if (facts.suspended_at) throw new SdJwtRefusal('The credential is suspended');
  let claims: JsonObject;
  try {
    claims = microCredentialClaims(delivery.credential, learnerOf(facts), {
      verificationUrl: facts.short_code ? verifyUrl(platform, facts.short_code) : undefined,
    });
  } catch (error) {
    if (error instanceof SdJwtRefusal) throw error;
    throw new SdJwtRefusal(`The credential cannot be expressed as an SD-JWT VC: ${(error as Error).message}`);
  }
  const status = facts.seq !== null && facts.status_index !== null && facts.purpose === 'revocation'
    ? { idx: facts.status_index, uri: statusListTokenUrl(platform, delivery.institution, facts.seq) }
    : undefined;
  return issueSdJwtVc({
    claims, issuer: delivery.institution.did, vct: vctUrl(platform), holderJwk: delivery.holderJwk, status,
    validFrom: dateOf(delivery.credential.validFrom), validUntil: dateOf(delivery.credential.validUntil),
    key: await institutionJwsKey(platform, delivery.institution), now: delivery.now,
  });
}

// ---- Status List Token ----

interface KeptToken {
  /** Digest of the non-VALID entries, the signing key id, the token's URI and the list length it was made from. */
  readonly state: string;
  readonly lst: string;
  readonly token: string;
  /** `iat` of `token`, in milliseconds. */
  readonly signedAt: number;
}

/** Status List Tokens by list id. Every instance keeps its own; they sign equal lists. */
const keptTokens = new Map<string, KeptToken>();
const KEPT_TOKENS_MAX = 1000;

/** The credentials of revocation list `listId` that are not VALID, as token statuses, by index. */
async function tokenStatusEntries(platform: Platform, listId: string): Promise<TokenStatusEntry[]> {
  const rows = await platform.store.db.selectFrom('credentials')
    .select(['status_index', 'revoked_at', 'suspended_at'])
    .where('status_list_id', '=', listId).where('status_index', 'is not', null)
    .where((eb) => eb.or([eb('revoked_at', 'is not', null), eb.and([eb('suspended_at', 'is not', null), eb('suspension_list_id', 'is not', null)])]))
    .orderBy('status_index').execute();
  return rows.flatMap((row) => row.status_index === null ? [] : [{
    index: row.status_index, status: row.revoked_at !== null ? TOKEN_STATUS_INVALID : TOKEN_STATUS_SUSPENDED,
  }]);
}

/**
 * The signed Status List Token of the institution's revocation list `seq` as it is now (404 for other lists): 2 bits
 * per status, INVALID for revoked credentials, SUSPENDED for suspended ones, VALID for the rest.
 */
export async function statusListToken(platform: Platform, institution: Institution, seq: number, now = new Date()): Promise<string> {
  const { db } = platform.store;
  const list = await db.selectFrom('status_lists').select(['id', 'purpose', 'length'])
    .where('institution_id', '=', institution.id).where('seq', '=', seq).executeTakeFirst();
  if (list?.purpose !== 'revocation') throw notFound({ pl: `lista statusów ${seq} jako token`, en: `status list ${seq} as a token` });
  const entries = await tokenStatusEntries(platform, list.id);
  const active = await db.selectFrom('issuer_keys').select('key_id')
    .where('institution_id', '=', institution.id).where('active', '=', true).executeTakeFirst();
  const state = createHash('sha256')
    .update(`${active?.key_id ?? ''} ${statusListTokenUrl(platform, institution, seq)} ${list.length} ${entries.map((e) => `${e.index}:${e.status}`).join(',')}`)
    .digest('base64url');
  const kept = keptTokens.get(list.id);
  const age = kept ? now.getTime() - kept.signedAt : Infinity;
  if (kept?.state === state && age >= 0 && age < STATUS_TOKEN_RESIGN_SECONDS * 1000) return kept.token;
  const lst = kept?.state === state ? kept.lst : tokenStatusList(list.length, entries).compressStatusList();
  const key = await jwsKeyOf(await activeSigningKeyFile(platform, institution));
  const token = await signStatusListToken({
    uri: statusListTokenUrl(platform, institution, seq), lst, bits: TOKEN_STATUS_BITS,
    kid: key.kid, privateKey: key.privateKey, ttlSeconds: STATUS_TOKEN_TTL_SECONDS, now,
  });
  keptTokens.delete(list.id);
  if (keptTokens.size >= KEPT_TOKENS_MAX) keptTokens.delete(keptTokens.keys().next().value as string);
  keptTokens.set(list.id, { state, lst, token, signedAt: Math.floor(now.getTime() / 1000) * 1000 });
  return token;
}
