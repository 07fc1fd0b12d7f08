/**
 * OpenID for Verifiable Credential Issuance 1.0 (docs/learner.md, "OpenID4VCI"): the platform is one credential
 * issuer (identifier: its base URL) and its own authorization server, with the pre-authorized code flow only.
 * A learner makes an offer of one of their credentials (a single-use pre-authorized code, 10 minutes, optionally
 * with a transaction code sent by e-mail); the wallet exchanges the code for an access token (5 minutes), fetches a
 * nonce, and asks for the credential with a `jwt` proof of possession of its key. The credential it receives is the
 * learner's credential bound to the holder: the same content and id, `credentialSubject.id` set to the holder's DID
 * (`did:key` of the proof's `kid`, or `did:jwk` of its `jwk`), signed anew by the institution's active key. It keeps
 * the same status entries: revoking or suspending the credential applies to every copy delivered.
 * A second configuration, `MicroCredential_dc+sd-jwt`, delivers the same credential as an SD-JWT VC bound to the
 * holder's key (`cnf.jwk`), with selective disclosure and an IETF Token Status List entry for revocation
 * (openid4vci-sd-jwt.ts). Offers list both configurations; the wallet chooses in its credential request.
 * Codes, transaction codes and access tokens are stored as SHA-256 only. Protocol errors are OAuth-shaped
 * (`Oid4vciError`: `{ error, error_description }`), not problem+json.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { base64url, decodeProtectedHeader, importJWK, jwtVerify, type JWK, type JWTHeaderParameters } from 'jose';
import QRCode from 'qrcode';
import {
  MIKROCRED_CONTEXT_URL, OB_V3_CONTEXT_URL, OB_V3_EXTENSIONS_CONTEXT_URL, OfflineDidResolver, resolveVerificationMethod, SigningError,
  VC_V2_CONTEXT_URL, type JsonObject,
} from '../credentials/index.ts';
import { audit, SYSTEM } from './audit.ts';
import { activeSigningKeyFile, findInstitutionById, type Institution } from './institutions.ts';
import type { LearnerAccount } from './learner-accounts.ts';
import { ownedRow } from './learner-credentials.ts';
import { enqueueEmail, escapeHtml, isEmailAddress, nudgeOutbox } from './notifications.ts';
import { SD_JWT_CONFIGURATION_ID, SdJwtRefusal, sdJwtConfiguration, sdJwtCopy } from './openid4vci-sd-jwt.ts';
import { ServiceError, type Platform } from './platform.ts';
import { signerOf } from './signing.ts';

export const PRE_AUTHORIZED_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
export const CONFIGURATION_ID = 'OpenBadgeCredential_ldp_vc';
export { SD_JWT_CONFIGURATION_ID };
/** Every credential configuration, in the order offers list them. */
export const CONFIGURATION_IDS = [CONFIGURATION_ID, SD_JWT_CONFIGURATION_ID] as const;
export const PROOF_JWT_TYPE = 'openid4vci-proof+jwt';
export const PROOF_ALGORITHMS = ['EdDSA', 'ES256'] as const;
export const OFFER_MINUTES = 10;
export const TOKEN_SECONDS = 300;
export const NONCE_SECONDS = 300;
/** Wrong transaction codes before the offer is dead. */
export const TX_CODE_ATTEMPTS = 5;
export const TX_CODE_LENGTH = 6;
export const OFFER_EMAIL = 'oid4vci_tx_code';

/** An OAuth / OpenID4VCI error: HTTP status, `error` code and `error_description`. */
export class Oid4vciError extends Error {
  constructor(readonly status: 400 | 401, readonly error: string, description: string) {
    super(description);
    this.name = 'Oid4vciError';
  }
}

const sha256 = (value: string): string => createHash('sha256').update(value).digest('base64url');
const token = (): string => randomBytes(32).toString('base64url');

export const endpoints = (platform: Platform) => ({
  issuer: platform.baseUrl,
  token: `${platform.baseUrl}/openid4vci/token`,
  nonce: `${platform.baseUrl}/openid4vci/nonce`,
  credential: `${platform.baseUrl}/openid4vci/credential`,
});

/** `/.well-known/openid-credential-issuer` (OpenID4VCI 1.0 §12.2). */
export function credentialIssuerMetadata(platform: Platform): JsonObject {
  const e = endpoints(platform);
  return {
    credential_issuer: e.issuer,
    credential_endpoint: e.credential,
    nonce_endpoint: e.nonce,
    display: [{ name: 'Mikrocred', locale: 'pl' }, { name: 'Mikrocred', locale: 'en' }],
    credential_configurations_supported: {
      [CONFIGURATION_ID]: {
        format: 'ldp_vc',
        credential_definition: {
          '@context': [VC_V2_CONTEXT_URL, OB_V3_CONTEXT_URL, OB_V3_EXTENSIONS_CONTEXT_URL, MIKROCRED_CONTEXT_URL],
          type: ['VerifiableCredential', 'OpenBadgeCredential'],
        },
        cryptographic_binding_methods_supported: ['did:key', 'jwk'],
        credential_signing_alg_values_supported: ['eddsa-rdfc-2022'],
        proof_types_supported: { jwt: { proof_signing_alg_values_supported: [...PROOF_ALGORITHMS] } },
        credential_metadata: {
          display: [{ name: 'Mikropoświadczenie', locale: 'pl' }, { name: 'Micro-credential', locale: 'en' }],
        },
      },
      [SD_JWT_CONFIGURATION_ID]: sdJwtConfiguration(platform, PROOF_ALGORITHMS),
    },
  };
}

/** `/.well-known/oauth-authorization-server` (RFC 8414): the issuer is its own authorization server. */
export function authorizationServerMetadata(platform: Platform): JsonObject {
  const e = endpoints(platform);
  return {
    issuer: e.issuer,
    token_endpoint: e.token,
    grant_types_supported: [PRE_AUTHORIZED_GRANT],
    token_endpoint_auth_methods_supported: ['none'],
    response_types_supported: [],
    'pre-authorized_grant_anonymous_access_supported': true,
  };
}

// ---- Offers ----

export interface CredentialOffer {
  readonly offerUri: string;
  /** The offer URI as a QR code (PNG data URL). */
  readonly qr: string;
  readonly expiresAt: Date;
  /** Whether a transaction code was e-mailed to the learner. */
  readonly txCode: boolean;
}

/** A credential offer of one of the learner's credentials (`openid-credential-offer://` by value). */
export async function createOffer(platform: Platform, account: LearnerAccount, id: string, options: { txCode?: boolean | undefined } = {}): Promise<CredentialOffer> {
  const row = await ownedRow(platform, account, id);
  if (row.revoked_at) {
    throw new ServiceError(409, 'revoked', { pl: 'Poświadczenie zostało unieważnione', en: 'The credential has been revoked' });
  }
  const code = token();
  const txCode = options.txCode ? String(randomInt(0, 10 ** TX_CODE_LENGTH)).padStart(TX_CODE_LENGTH, '0') : undefined;
  if (txCode !== undefined && !isEmailAddress(account.email)) {
    throw new ServiceError(422, 'no_email', { pl: 'Brak adresu e-mail do wysłania kodu', en: 'No e-mail address to send the code to' });
  }
  const expiresAt = new Date(Date.now() + OFFER_MINUTES * 60_000);
  await platform.store.db.transaction().execute(async (trx) => {
    await trx.insertInto('oid4vci_offers').values({
      credential_id: row.id, account_id: account.id, code_hash: sha256(code), tx_code_hash: txCode !== undefined ? sha256(txCode) : null, expires_at: expiresAt,
    }).execute();
    if (txCode !== undefined) {
      const text = [
        `Kod transakcji do odebrania poświadczenia w portfelu: ${txCode} (ważny ${OFFER_MINUTES} minut).`,
        '',
        `Transaction code to receive the credential in your wallet: ${txCode} (valid for ${OFFER_MINUTES} minutes).`,
      ].join('\n');
      await enqueueEmail(trx, {
        institutionId: row.institution_id, credentialId: row.id, kind: OFFER_EMAIL, to: account.email,
        subject: 'Kod transakcji / Transaction code', text, html: `<p>${escapeHtml(text).replace(/\n/g, '<br>')}</p>`,
      });
    }
  });
  if (txCode !== undefined) nudgeOutbox(platform);
  const grant: JsonObject = { 'pre-authorized_code': code };
  if (txCode !== undefined) {
    grant.tx_code = { input_mode: 'numeric', length: TX_CODE_LENGTH, description: 'Kod z e-maila / The code from the e-mail' };
  }
  const offer = { credential_issuer: platform.baseUrl, credential_configuration_ids: [...CONFIGURATION_IDS], grants: { [PRE_AUTHORIZED_GRANT]: grant } };
  const offerUri = `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;
  const qr = await QRCode.toDataURL(offerUri, { errorCorrectionLevel: 'M', margin: 2, width: 320 });
  return { offerUri, qr, expiresAt, txCode: txCode !== undefined };
}

// ---- Token endpoint ----

export interface TokenRequest {
  readonly grant_type?: string | undefined;
  readonly 'pre-authorized_code'?: string | undefined;
  readonly tx_code?: string | undefined;
}

/** Exchanges a pre-authorized code (and its transaction code) for an access token. */
export async function exchangeCode(platform: Platform, request: TokenRequest): Promise<JsonObject> {
  if (request.grant_type !== PRE_AUTHORIZED_GRANT) {
    throw new Oid4vciError(400, 'unsupported_grant_type', `Only ${PRE_AUTHORIZED_GRANT} is supported`);
  }
  const code = request['pre-authorized_code'];
  if (!code) throw new Oid4vciError(400, 'invalid_request', 'pre-authorized_code is missing');
  const db = platform.store.db;
  const offer = await db.selectFrom('oid4vci_offers').selectAll().where('code_hash', '=', sha256(code)).executeTakeFirst();
  const now = new Date();
  if (!offer || offer.used_at || offer.expires_at <= now || offer.tx_code_attempts >= TX_CODE_ATTEMPTS) {
    throw new Oid4vciError(400, 'invalid_grant', 'The pre-authorized code is unknown, used or expired');
  }
  if (offer.tx_code_hash !== null) {
    if (!request.tx_code || sha256(request.tx_code) !== offer.tx_code_hash) {
      await db.updateTable('oid4vci_offers').set((eb) => ({ tx_code_attempts: eb('tx_code_attempts', '+', 1) })).where('id', '=', offer.id).execute();
      throw new Oid4vciError(400, 'invalid_grant', request.tx_code ? 'Wrong transaction code' : 'The transaction code (tx_code) is missing');
    }
  }
  const accessToken = token();
  const issued = await db.transaction().execute(async (trx) => {
    // Single use: only the first of concurrent exchanges marks the offer used.
    const used = await trx.updateTable('oid4vci_offers').set({ used_at: now }).where('id', '=', offer.id).where('used_at', 'is', null).returning('id').executeTakeFirst();
    if (!used) return false;
    await trx.insertInto('oid4vci_tokens').values({
      token_hash: sha256(accessToken), offer_id: offer.id, credential_id: offer.credential_id, expires_at: new Date(now.getTime() + TOKEN_SECONDS * 1000),
    }).execute();
    return true;
  });
  if (!issued) throw new Oid4vciError(400, 'invalid_grant', 'The pre-authorized code is unknown, used or expired');
  return { access_token: accessToken, token_type: 'Bearer', expires_in: TOKEN_SECONDS };
}

// ---- Nonces ----

export async function newNonce(platform: Platform): Promise<string> {
  const nonce = token();
  await platform.store.db.insertInto('oid4vci_nonces').values({ nonce, expires_at: new Date(Date.now() + NONCE_SECONDS * 1000) }).execute();
  // Old nonces go now and then.
  if (randomInt(0, 50) === 0) await platform.store.db.deleteFrom('oid4vci_nonces').where('expires_at', '<', new Date(Date.now() - 3_600_000)).execute();
  return nonce;
}

async function consumeNonce(platform: Platform, nonce: unknown): Promise<void> {
  if (typeof nonce !== 'string' || nonce === '') throw new Oid4vciError(400, 'invalid_nonce', 'The proof has no nonce: get one from the nonce endpoint');
  const used = await platform.store.db.updateTable('oid4vci_nonces').set({ used_at: new Date() })
    .where('nonce', '=', nonce).where('used_at', 'is', null).where('expires_at', '>', new Date()).returning('nonce').executeTakeFirst();
  if (!used) throw new Oid4vciError(400, 'invalid_nonce', 'The nonce is unknown, used or expired: get a new one from the nonce endpoint');
}

// ---- Credential endpoint ----

export interface CredentialRequest {
  readonly credential_configuration_id?: string | undefined;
  readonly proofs?: { readonly jwt?: readonly string[] | undefined } | undefined;
  /** Drafts before 1.0. */
  readonly proof?: { readonly proof_type?: string | undefined; readonly jwt?: string | undefined } | undefined;
}

const didKeyResolver = new OfflineDidResolver();

/** The holder of a verified proof: its DID (`did:key` or `did:jwk`) and its public key as a JWK (`cnf.jwk`). */
export interface ProofHolder {
  readonly did: string;
  readonly jwk: JWK;
}

/** The holder's DID and the public key of a proof JWT's header (`kid` = a did:key URL, or `jwk`). */
async function holderKey(header: JWTHeaderParameters): Promise<ProofHolder & { key: Awaited<ReturnType<typeof importJWK>> }> {
  const alg = header.alg;
  if (!(PROOF_ALGORITHMS as readonly string[]).includes(alg)) throw new Oid4vciError(400, 'invalid_proof', `Unsupported proof algorithm ${alg}`);
  if (header.jwk && header.kid) throw new Oid4vciError(400, 'invalid_proof', 'The proof header has both kid and jwk');
  if (header.jwk) {
    const { kty, crv, x, y } = header.jwk as JWK;
    if ('d' in header.jwk) throw new Oid4vciError(400, 'invalid_proof', 'The proof header carries a private key');
    const publicJwk: JWK = y !== undefined ? { kty, crv, x, y } : { kty, crv, x };
    const key = await importJWK(publicJwk, alg).catch(() => {
      throw new Oid4vciError(400, 'invalid_proof', 'The jwk of the proof header is not a usable public key');
    });
    return { did: `did:jwk:${base64url.encode(JSON.stringify(publicJwk))}`, jwk: publicJwk, key };
  }
  const kid = header.kid;
  if (!kid?.startsWith('did:key:') || !kid.includes('#')) {
    throw new Oid4vciError(400, 'invalid_proof', 'The proof header needs kid (a did:key verification method) or jwk');
  }
  if (alg !== 'EdDSA') throw new Oid4vciError(400, 'invalid_proof', 'did:key proofs must be EdDSA (Ed25519)');
  let publicKey: Uint8Array;
  try {
    const method = await resolveVerificationMethod(didKeyResolver, kid);
    const pair = await Ed25519Multikey.from({ ...method, '@context': undefined });
    publicKey = pair.publicKey;
  } catch {
    throw new Oid4vciError(400, 'invalid_proof', `The kid ${kid} does not resolve to an Ed25519 key`);
  }
  const jwk: JWK = { kty: 'OKP', crv: 'Ed25519', x: base64url.encode(publicKey) };
  const key = await importJWK(jwk, 'EdDSA');
  return { did: kid.split('#')[0] as string, jwk, key };
}

/** Verifies a `jwt` proof of possession: signature by its header's key, type, audience, iat and a fresh nonce. */
export async function verifyProof(platform: Platform, jwt: string): Promise<string> {
  return (await verifyProofHolder(platform, jwt)).did;
}

/** verifyProof, answering the holder's DID and public JWK. */
export async function verifyProofHolder(platform: Platform, jwt: string): Promise<ProofHolder> {
  let header: JWTHeaderParameters;
  try {
    header = decodeProtectedHeader(jwt) as JWTHeaderParameters;
  } catch {
    throw new Oid4vciError(400, 'invalid_proof', 'The proof is not a JWT');
  }
  if (header.typ !== PROOF_JWT_TYPE) throw new Oid4vciError(400, 'invalid_proof', `The proof's typ must be ${PROOF_JWT_TYPE}`);
  const holder = await holderKey(header);
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(jwt, holder.key, {
      algorithms: [...PROOF_ALGORITHMS], typ: PROOF_JWT_TYPE, audience: platform.baseUrl, requiredClaims: ['iat'], maxTokenAge: '10m', clockTolerance: '1m',
    }));
  } catch (error) {
    throw new Oid4vciError(400, 'invalid_proof', `The proof does not verify: ${(error as Error).message}`);
  }
  await consumeNonce(platform, payload.nonce);
  return { did: holder.did, jwk: holder.jwk };
}

/** The access token of an `Authorization: Bearer` header: the credential it is for, or invalid_token. */
export async function credentialOfToken(platform: Platform, authorization: string | undefined): Promise<string> {
  const match = /^(?:Bearer|DPoP) +(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) throw new Oid4vciError(401, 'invalid_token', 'An access token (Authorization: Bearer) is needed');
  const row = await platform.store.db.selectFrom('oid4vci_tokens').select(['credential_id', 'expires_at'])
    .where('token_hash', '=', sha256(match[1])).executeTakeFirst();
  if (!row || row.expires_at <= new Date()) throw new Oid4vciError(401, 'invalid_token', 'The access token is unknown or expired');
  return row.credential_id;
}

/** The learner's credential re-signed as `ldp_vc`, `credentialSubject.id` = the holder's DID. */
async function ldpCopy(platform: Platform, stored: JsonObject, institution: Institution, holder: string, now: Date): Promise<JsonObject> {
  const subject = stored.credentialSubject;
  if (typeof subject !== 'object' || subject === null || Array.isArray(subject)) throw new Error(`credential ${String(stored.id)} has no single credentialSubject`);
  // The holder's DID first in the subject (any earlier id replaced).
  const { id: _formerId, ...claims } = subject as JsonObject;
  void _formerId;
  const bound: JsonObject = { ...stored, credentialSubject: { id: holder, ...claims } };
  try {
    return await signerOf(platform).sign(bound, await activeSigningKeyFile(platform, institution), now);
  } catch (error) {
    if (error instanceof SigningError) throw new Oid4vciError(400, 'credential_request_denied', `The credential cannot be signed: ${error.message}`);
    throw error;
  }
}

/** The learner's credential as an SD-JWT VC bound to the holder's key. */
async function sdJwtVcCopy(platform: Platform, rowId: string, stored: JsonObject, institution: Institution, holder: ProofHolder, now: Date): Promise<string> {
  try {
    return await sdJwtCopy(platform, { credentialRowId: rowId, credential: stored, institution, holderJwk: holder.jwk, now });
  } catch (error) {
    if (error instanceof SdJwtRefusal) throw new Oid4vciError(400, 'credential_request_denied', error.message);
    throw error;
  }
}

interface DeliveryRecord {
  readonly rowId: string;
  readonly institutionId: string;
  /** The credential's own `id` (the same in every copy). */
  readonly credentialId: unknown;
  readonly holder: string;
  /** The delivered document: JSON text (ldp_vc) or the compact SD-JWT VC. */
  readonly document: string;
  readonly format?: string | undefined;
  readonly now: Date;
}

/** Stores the delivery and audit-logs it as `credential.deliver`. */
async function recordDelivery(platform: Platform, record: DeliveryRecord): Promise<void> {
  await platform.store.db.transaction().execute(async (trx) => {
    const delivery = await trx.insertInto('oid4vci_deliveries').values({
      credential_id: record.rowId, holder: record.holder, document: record.document, delivered_at: record.now,
    }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, {
      institutionId: record.institutionId, actor: SYSTEM, action: 'credential.deliver', targetType: 'credential', targetId: record.rowId,
      details: {
        credentialId: record.credentialId, holder: record.holder, deliveryId: delivery.id, protocol: 'openid4vci', ...(record.format ? { format: record.format } : {}),
      },
    });
  });
}

/** The credential endpoint: the access token's credential, bound to the holder of the proof's key, in the configuration asked for. */
export async function deliverCredential(platform: Platform, authorization: string | undefined, request: CredentialRequest): Promise<JsonObject> {
  const credentialId = await credentialOfToken(platform, authorization);
  const configuration = request.credential_configuration_id;
  if (configuration !== CONFIGURATION_ID && configuration !== SD_JWT_CONFIGURATION_ID) {
    throw new Oid4vciError(400, 'unknown_credential_configuration', `Unknown credential_configuration_id: this issuer offers ${CONFIGURATION_IDS.join(', ')}`);
  }
  const proofs = request.proofs?.jwt ?? (request.proof?.proof_type === 'jwt' && request.proof.jwt ? [request.proof.jwt] : []);
  if (proofs.length !== 1 || typeof proofs[0] !== 'string') {
    throw new Oid4vciError(400, 'invalid_proof', 'Exactly one jwt proof is needed (proofs.jwt)');
  }
  const holder = await verifyProofHolder(platform, proofs[0]);
  const row = await platform.store.db.selectFrom('credentials').select(['id', 'institution_id', 'document', 'revoked_at']).where('id', '=', credentialId).executeTakeFirst();
  if (!row) throw new Oid4vciError(401, 'invalid_token', 'The access token is unknown or expired');
  if (row.revoked_at) throw new Oid4vciError(400, 'credential_request_denied', 'The credential has been revoked');
  const institution = await findInstitutionById(platform, row.institution_id);
  if (!institution) throw new Error(`institution ${row.institution_id} of credential ${row.id} not found`);
  const stored = JSON.parse(row.document) as JsonObject;
  delete stored.proof;
  const now = new Date();
  const record = { rowId: row.id, institutionId: row.institution_id, credentialId: stored.id, holder: holder.did, now };
  if (configuration === SD_JWT_CONFIGURATION_ID) {
    const sdJwt = await sdJwtVcCopy(platform, row.id, stored, institution, holder, now);
    await recordDelivery(platform, { ...record, document: sdJwt, format: 'dc+sd-jwt' });
    return { credentials: [{ credential: sdJwt }] };
  }
  const signed = await ldpCopy(platform, stored, institution, holder.did, now);
  await recordDelivery(platform, { ...record, credentialId: signed.id, document: JSON.stringify(signed) });
  return { credentials: [{ credential: signed }] };
}
