/**
 * IETF Token Status List (draft-ietf-oauth-status-list) for the SD-JWT VC copies of our credentials, signed as a
 * Status List Token (`typ: statuslist+jwt`, EdDSA, `sub` = its URI, `iat`, `ttl`, `status_list: { bits: 2, lst }`).
 *
 * Two bits per status, the draft's registered values (§7.1): 0x00 VALID, 0x01 INVALID (revoked, final), 0x02
 * SUSPENDED (may become VALID again). One token covers one revocation list of the institution, indexed like it; the
 * caller says which indices are INVALID or SUSPENDED (src/services/openid4vci-sd-jwt.ts takes them from the same
 * columns the W3C revocation and suspension Bitstring Status Lists are built from). Packing the bits is left to
 * `@sd-jwt/jwt-status-list` (index 0 in the least significant bits of the first byte, unlike W3C lists whose index 0
 * is the most significant bit: nothing here touches bytes, statuses are set by index).
 */
import type { KeyObject } from 'node:crypto';
import { StatusList, type BitsPerStatus, type StatusListJWTHeaderParameters, type StatusListJWTPayload } from '@sd-jwt/jwt-status-list';
import { SignJWT } from 'jose';

export const STATUS_LIST_JWT_TYPE = 'statuslist+jwt';
export const STATUS_LIST_JWT_MEDIA_TYPE = 'application/statuslist+jwt';
/** Bits per status of our tokens: room for VALID, INVALID and SUSPENDED. */
export const TOKEN_STATUS_BITS: BitsPerStatus = 2;
/** draft-ietf-oauth-status-list §7.1: 0x00 VALID. */
export const TOKEN_STATUS_VALID = 0;
/** 0x01 INVALID: the credential is revoked (final). */
export const TOKEN_STATUS_INVALID = 1;
/** 0x02 SUSPENDED: temporarily not valid. */
export const TOKEN_STATUS_SUSPENDED = 2;

export type TokenStatus = typeof TOKEN_STATUS_VALID | typeof TOKEN_STATUS_INVALID | typeof TOKEN_STATUS_SUSPENDED;

/** The status of one index that is not VALID. */
export interface TokenStatusEntry {
  readonly index: number;
  readonly status: TokenStatus;
}

/** The Token Status List (2 bits per status) of `length` statuses, VALID except `entries`. */
export function tokenStatusList(length: number, entries: Iterable<TokenStatusEntry>): StatusList {
  if (!Number.isSafeInteger(length) || length <= 0) throw new RangeError(`Invalid status list length ${length}`);
  const list = new StatusList(new Array<number>(length).fill(TOKEN_STATUS_VALID), TOKEN_STATUS_BITS);
  for (const { index, status } of entries) {
    if (!Number.isSafeInteger(index) || index < 0 || index >= length) throw new RangeError(`Invalid status list index ${index}`);
    list.setStatus(index, status);
  }
  return list;
}

export interface StatusListTokenOptions {
  /** The URI the token is served at: its `sub`, and `status.status_list.uri` of the credentials it covers. */
  readonly uri: string;
  /** The compressed list (`StatusList.compressStatusList()`), so that a cached list can be signed again cheaply. */
  readonly lst: string;
  readonly bits: BitsPerStatus;
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
  const payload: StatusListJWTPayload = {
    sub: options.uri, iat: Math.floor((options.now ?? new Date()).getTime() / 1000), ttl: options.ttlSeconds,
    status_list: { bits: options.bits, lst: options.lst },
  };
  const header: StatusListJWTHeaderParameters = { alg: 'EdDSA', typ: STATUS_LIST_JWT_TYPE, kid: options.kid };
  return new SignJWT(payload).setProtectedHeader({ ...header, alg: 'EdDSA' }).sign(options.privateKey);
}
