/**
 * The institution's Bitstring Status Lists: allocating an index for each new credential (atomically, in the
 * database, so several app instances never hand out the same index), and the signed list credential served at
 * `<base>/i/<slug>/status/<seq>`, built from the credentials' revocation state.
 */
import { sql, type Transaction } from 'kysely';
import { buildStatusListCredential, newStatusList, signCredential, statusEntry, type JsonObject, type StatusEntry, type StatusPurpose } from '../credentials/index.ts';
import type { Database } from '../store/schema.ts';
import { activeSigningKey, type Institution } from './institutions.ts';
import { notFound, type Platform } from './platform.ts';

export const LIST_LENGTH = 131_072;

export function statusListUrl(platform: Platform, institution: Institution, seq: number): string {
  return `${platform.baseUrl}/i/${institution.slug}/status/${seq}`;
}

export interface AllocatedStatus {
  readonly listId: string;
  readonly index: number;
  readonly entry: StatusEntry;
}

/**
 * `count` consecutive free indices of the institution's lists for `purpose` (opening new lists as they fill), in the
 * caller's transaction: if it rolls back, the indices are free again, so a crash never leaves a gap.
 */
export async function allocateStatuses(
  trx: Transaction<Database>, platform: Platform, institution: Institution, purpose: StatusPurpose, count: number,
): Promise<AllocatedStatus[]> {
  // Serialise allocations of one institution (a transaction-scoped advisory lock; PostgreSQL and PGlite both have it).
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`status:${institution.id}:${purpose}`}))`.execute(trx);
  const out: AllocatedStatus[] = [];
  while (out.length < count) {
    let list = await trx.selectFrom('status_lists').select(['id', 'seq', 'next_index', 'length'])
      .where('institution_id', '=', institution.id).where('purpose', '=', purpose).where(sql<boolean>`next_index < length`)
      .orderBy('seq', 'desc').executeTakeFirst();
    if (!list) {
      const last = await trx.selectFrom('status_lists').select((eb) => eb.fn.max('seq').as('seq')).where('institution_id', '=', institution.id).executeTakeFirst();
      list = await trx.insertInto('status_lists').values({
        institution_id: institution.id, seq: Number(last?.seq ?? 0) + 1, purpose, length: LIST_LENGTH,
      }).returning(['id', 'seq', 'next_index', 'length']).executeTakeFirstOrThrow();
    }
    const take = Math.min(count - out.length, list.length - list.next_index);
    const updated = await trx.updateTable('status_lists').set({ next_index: sql`next_index + ${take}` })
      .where('id', '=', list.id).returning(['next_index']).executeTakeFirstOrThrow();
    const url = statusListUrl(platform, institution, list.seq);
    for (let index = updated.next_index - take; index < updated.next_index; index++) {
      out.push({ listId: list.id, index, entry: statusEntry(url, index, purpose) });
    }
  }
  return out;
}

/** The next free index of the institution's current list for `purpose`, opening a new list when it is full. */
export async function allocateStatus(
  trx: Transaction<Database>, platform: Platform, institution: Institution, purpose: StatusPurpose,
): Promise<AllocatedStatus> {
  const [allocated] = await allocateStatuses(trx, platform, institution, purpose, 1);
  if (!allocated) throw new Error('no status index allocated');
  return allocated;
}

/**
 * Signed lists by list id, reused while the set bits and the signing key are the same: signing costs milliseconds
 * and a verifier of a fresh signature cannot reuse its check. Every instance keeps its own; they sign equal bits.
 */
const signedLists = new Map<string, { readonly state: string; readonly credential: JsonObject }>();
const SIGNED_LISTS_MAX = 1000;

/** The signed `BitstringStatusListCredential` of list `seq` as it is now. */
export async function statusListCredential(platform: Platform, institution: Institution, seq: number): Promise<JsonObject> {
  const { db } = platform.store;
  const list = await db.selectFrom('status_lists').select(['id', 'purpose', 'length'])
    .where('institution_id', '=', institution.id).where('seq', '=', seq).executeTakeFirst();
  if (!list) throw notFound({ pl: `lista statusów ${seq}`, en: `status list ${seq}` });
  const set = list.purpose === 'revocation'
    ? await db.selectFrom('credentials').select('status_index as index').where('status_list_id', '=', list.id).where('revoked_at', 'is not', null).execute()
    : await db.selectFrom('credentials').select('suspension_index as index').where('suspension_list_id', '=', list.id).where('suspended_at', 'is not', null).execute();
  const indices = set.map((row) => row.index).filter((i): i is number => i !== null).sort((a, b) => a - b);
  const active = await db.selectFrom('issuer_keys').select('key_id')
    .where('institution_id', '=', institution.id).where('active', '=', true).executeTakeFirst();
  const state = `${active?.key_id ?? ''} ${platform.baseUrl} ${indices.join(',')}`;
  const cached = signedLists.get(list.id);
  if (cached?.state === state) return cached.credential;
  const key = await activeSigningKey(platform, institution);
  const bits = await newStatusList(list.length);
  for (const index of indices) bits.setStatus(index, true);
  const unsigned = await buildStatusListCredential({
    id: statusListUrl(platform, institution, seq), issuerId: institution.did, statusPurpose: list.purpose, list: bits, ttlMs: 300_000,
  });
  const credential = await signCredential(unsigned, key);
  if (signedLists.size >= SIGNED_LISTS_MAX) signedLists.delete(signedLists.keys().next().value as string);
  signedLists.set(list.id, { state, credential });
  return credential;
}
