/**
 * Catalogue search results are kept briefly (MIKROCRED_CATALOGUE_CACHE_MS, default 15 s; 0 turns it off), per app
 * instance and database: the public catalogue is read far more often than it changes. A publication, an archiving
 * or a pathway change on this instance empties the cache at once; other instances catch up within the same time.
 */
import type { Platform } from './platform.ts';

export const CACHE_MS = Number(process.env.MIKROCRED_CATALOGUE_CACHE_MS ?? 15_000);
export const CACHE_ENTRIES = 1000;

const caches = new WeakMap<object, Map<string, { at: number; value: unknown }>>();

/** The cache of one platform's database; values are search results. */
export function searchCache<T>(platform: Platform): Map<string, { at: number; value: T }> {
  let cache = caches.get(platform.store.db);
  if (!cache) {
    cache = new Map();
    caches.set(platform.store.db, cache);
  }
  return cache as Map<string, { at: number; value: T }>;
}

/** Forgets cached search results (the catalogue changed). */
export function catalogueChanged(platform: Platform): void {
  caches.get(platform.store.db)?.clear();
}
