/**
 * The SD-JWT VC credential configuration of our OpenID4VCI issuer (docs/learner.md, "OpenID4VCI", "SD-JWT VC"):
 * `MicroCredential_dc+sd-jwt`, format `dc+sd-jwt`. A learner's credential is delivered as an SD-JWT VC bound to the
 * wallet's key (`cnf.jwk`), signed by the institution's active key; the claims and which of them are selectively
 * disclosable are in src/credentials/sd-jwt-vc.ts. Its type (`vct`) is `<base>/vct/micro-credential`, whose Type
 * Metadata this module also answers.
 *
 * Revocation reaches SD-JWT copies through an IETF Token Status List: `status.status_list.idx` is the credential's
 * index in the institution's revocation Bitstring Status List `<base>/i/<slug>/status/<seq>`, and
 * `status.status_list.uri` is `<base>/i/<slug>/status/<seq>/token`, the Status List Token built from that very list's
 * bits (src/credentials/token-status-list.ts). Suspension lists have no token: a suspended credential is not delivered
 * in this format.
 */
import {
  issueSdJwtVc, jwsKeyOf, MICRO_CREDENTIAL_CLAIMS, MICRO_CREDENTIAL_VCT_PATH, microCredentialClaims, microCredentialTypeMetadata,
  SD_JWT_VC_ALGORITHM, SD_JWT_VC_FORMAT, type JwsKey, type LearnerClaims,
} from '../credentials/sd-jwt-vc.ts';
import { signStatusListToken, tokenStatusListOf } from '../credentials/token-status-list.ts';
import { InvalidKeyError, type JsonObject } from '../credentials/index.ts';
import type { JWK } from 'jose';
import { verifyUrl } from './awards.ts';
import { activeSigningKeyFile, type Institution } from './institutions.ts';
import { notFound, type Platform } from './platform.ts';
import { statusListCredential } from './status-lists.ts';

export const SD_JWT_CONFIGURATION_ID = 'MicroCredential_dc+sd-jwt';
/** How long a relying party may cache a Status List Token (`ttl`, seconds). */
export const STATUS_TOKEN_TTL_SECONDS = 300;

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

/** The signed Status List Token of the institution's revocation list `seq` as it is now (404 for other lists). */
export async function statusListToken(platform: Platform, institution: Institution, seq: number): Promise<string> {
  const listCredential = await statusListCredential(platform, institution, seq);
  const subject = listCredential.credentialSubject as JsonObject | undefined;
  if (subject?.statusPurpose !== 'revocation' || typeof subject.encodedList !== 'string') {
    throw notFound({ pl: `lista statusów ${seq} jako token`, en: `status list ${seq} as a token` });
  }
  const key = await jwsKeyOf(await activeSigningKeyFile(platform, institution));
  return signStatusListToken({
    uri: statusListTokenUrl(platform, institution, seq), list: await tokenStatusListOf(subject.encodedList),
    kid: key.kid, privateKey: key.privateKey, ttlSeconds: STATUS_TOKEN_TTL_SECONDS,
  });
}
