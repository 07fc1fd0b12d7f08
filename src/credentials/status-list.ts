/**
 * W3C Bitstring Status List v1.0: the `BitstringStatusListEntry` a credential carries, and the
 * `BitstringStatusListCredential` holding the bits, built and decoded with the Digital Bazaar library.
 *
 * Open Badges 3.0 allows one `credentialStatus` per credential (multiplicity [0..1] in its schema), so a credential
 * carries the revocation entry by default; a suspension entry as well is an option (valid VC 2.0, allowed from
 * OB 3.1 on; our verifier reports that the OB 3.0 schema forbids it).
 */
import { createCredential, createList, decodeList, type BitstringStatusList } from '@digitalbazaar/vc-bitstring-status-list';
import { VC_V2_CONTEXT_URL } from './contexts.ts';
import { xsdDateTime } from './dates.ts';

export type StatusPurpose = 'revocation' | 'suspension';
export const STATUS_PURPOSES: readonly StatusPurpose[] = ['revocation', 'suspension'];

/** 131,072 entries (16 KiB): the minimum size the specification sets, for group privacy. */
export const DEFAULT_LIST_LENGTH = 131_072;

export interface StatusEntry {
  readonly id: string;
  readonly type: 'BitstringStatusListEntry';
  readonly statusPurpose: StatusPurpose;
  readonly statusListIndex: string;
  readonly statusListCredential: string;
}

/** The entry for position `index` of the list credential at `listUrl`. */
export function statusEntry(listUrl: string, index: number, statusPurpose: StatusPurpose): StatusEntry {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`Invalid status list index ${index}`);
  return {
    id: `${listUrl}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose,
    statusListIndex: String(index),
    statusListCredential: listUrl,
  };
}

/** A new list with every bit clear. */
export function newStatusList(length = DEFAULT_LIST_LENGTH): Promise<BitstringStatusList> {
  return createList({ length });
}

export function decodeStatusList(encodedList: string): Promise<BitstringStatusList> {
  return decodeList({ encodedList });
}

export interface StatusListCredentialOptions {
  /** The URL the list credential is served at (`statusListCredential` of the entries). */
  readonly id: string;
  readonly issuerId: string;
  readonly statusPurpose: StatusPurpose;
  readonly list: BitstringStatusList;
  readonly validFrom?: Date;
  /** When verifiers should fetch the list again; the specification's `ttl` is in milliseconds. */
  readonly ttlMs?: number;
}

/** The unsigned `BitstringStatusListCredential`; sign it with signCredential. */
export async function buildStatusListCredential(options: StatusListCredentialOptions): Promise<Record<string, unknown>> {
  const credential = await createCredential({
    id: options.id, list: options.list, statusPurpose: options.statusPurpose, context: [VC_V2_CONTEXT_URL],
  });
  const subject = credential.credentialSubject as Record<string, unknown>;
  if (options.ttlMs !== undefined) subject.ttl = options.ttlMs;
  return { ...credential, issuer: options.issuerId, validFrom: xsdDateTime(options.validFrom ?? new Date()) };
}
