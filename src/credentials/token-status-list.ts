/**
 * IETF Token Status List (draft-ietf-oauth-status-list) for the SD-JWT VC copies of our credentials: the same
 * revocation bits as the institution's W3C Bitstring Status List, re-encoded and signed as a Status List Token
 * (`typ: statuslist+jwt`, EdDSA, `sub` = its URI, `iat`, `ttl`, `status_list: { bits: 1, lst }`).
 *
 * The two formats number their bits differently: in a W3C Bitstring Status List, index 0 is the most significant
 * (left-most) bit of the first byte; in a Token Status List, index 0 is the least significant bit of the first byte.
 * Both libraries (`@digitalbazaar/vc-bitstring-status-list` and `@sd-jwt/jwt-status-list`) read and write by
 * index, so the conversion copies status by status and never touches bytes: index i of one is index i of the other.
 */
import type { KeyObject } from 'node:crypto';
import { createHeaderAndPayload, StatusList, type StatusListJWTHeaderParameters } from '@sd-jwt/jwt-status-list';
import type { JwtPayload } from '@sd-jwt/types';
import { SignJWT } from 'jose';
import { decodeStatusList } from './status-list.ts';

export const STATUS_LIST_JWT_TYPE = 'statuslist+jwt';
export const STATUS_LIST_JWT_MEDIA_TYPE = 'application/statuslist+jwt';
/** Token Status List value of a revoked credential (draft-ietf-oauth-status-list §7.1: 0x01 INVALID). */
export const TOKEN_STATUS_INVALID = 1;

/** The Token Status List (1 bit per status) holding the same statuses as a W3C `encodedList`. */
export async function tokenStatusListOf(encodedList: string): Promise<StatusList> {
  const bitstring = await decodeStatusList(encodedList);
  const statuses = new Array<number>(bitstring.length).fill(0);
  for (let index = 0; index < bitstring.length; index++) {
    if (bitstring.getStatus(index)) statuses[index] = TOKEN_STATUS_INVALID;
  }
  return new StatusList(statuses, 1);
}

export interface StatusListTokenOptions {
  /** The URI the token is served at: its `sub`, and `status.status_list.uri` of the credentials it covers. */
  readonly uri: string;
  readonly list: StatusList;
  /** The signing key's id (a DID URL): the header's `kid`. */
  readonly kid: string;
  /** The Ed25519 private key (JWS `EdDSA`). */
  readonly privateKey: KeyObject;
  /** Seconds a relying party may cache the token. */
  readonly ttlSeconds: number;
  readonly now?: Date;
}

/** The signed Status List Token (compact JWS). */
export async function signStatusListToken(options: StatusListTokenOptions): Promise<string> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const base: JwtPayload = { sub: options.uri, iat, ttl: options.ttlSeconds };
  const { header, payload } = createHeaderAndPayload(options.list, base, { alg: 'EdDSA', typ: STATUS_LIST_JWT_TYPE, kid: options.kid } satisfies StatusListJWTHeaderParameters);
  return new SignJWT(payload).setProtectedHeader({ ...header, alg: 'EdDSA' }).sign(options.privateKey);
}
