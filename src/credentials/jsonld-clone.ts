/**
 * Copy-on-write cloning of jsonld.js active contexts: the cost that dominates signing and verifying OB 3.0
 * credentials here.
 *
 * jsonld.js clones the active context each time expansion enters a node inside a type-scoped context (OB 3.0 uses
 * them for every class), and its clone deep-copies the map of term definitions, including the large scoped contexts
 * they carry. Measured on our example credential: `jsonld.expand` ≈ 31 ms, of which ≈ 56 % is `util.clone` and the
 * garbage it makes; RDF canonicalisation of the ready dataset ≈ 0.8 ms. (Known upstream: jsonld.js issue #414.)
 *
 * Term definitions are never changed once created: context processing creates a new definition object for every
 * (re)definition and changes only the `mappings` map of the context it is building. So a clone may share the
 * definitions and copy the map lazily, on its first write. jsonld.js calls `util.clone` on a `Map` only for that
 * map, so this module replaces `util.clone` with one that returns a copy-on-write map for a `Map` and does what the
 * library did for anything else. Output is unchanged; test/jsonld-clone.test.ts compares canonical N-Quads with a
 * process running jsonld.js untouched.
 *
 * The change is process-wide (jsonld.js is one module instance) and can be undone at any time with `uninstall`,
 * because jsonld.js looks `util.clone` up on each call.
 */
import { createRequire } from 'node:module';

interface UtilModule {
  clone(value: unknown): unknown;
}

const require = createRequire(import.meta.url);
const util = require('jsonld/lib/util.js') as UtilModule;
const stockClone = util.clone;

/**
 * A map that reads through to its source until the first write, then copies it. Every clone of an active context
 * starts as one; most are only read (expansion reverts to the previous context for each nested node).
 */
class CopyOnWriteMap<K, V> extends Map<K, V> {
  #source: ReadonlyMap<K, V> | undefined;

  constructor(source: ReadonlyMap<K, V>) {
    super();
    this.#source = source;
  }

  #own(): Map<K, V> {
    const source = this.#source;
    if (source) {
      this.#source = undefined;
      for (const [k, v] of source) super.set(k, v);
    }
    return this;
  }

  override get(key: K): V | undefined {
    return this.#source ? this.#source.get(key) : super.get(key);
  }
  override has(key: K): boolean {
    return this.#source ? this.#source.has(key) : super.has(key);
  }
  override get size(): number {
    return this.#source ? this.#source.size : super.size;
  }
  override set(key: K, value: V): this {
    this.#own();
    return super.set(key, value);
  }
  override delete(key: K): boolean {
    this.#own();
    return super.delete(key);
  }
  override clear(): void {
    this.#source = undefined;
    super.clear();
  }
  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) callback.call(thisArg, v, k, this);
  }
  override entries(): MapIterator<[K, V]> {
    return this.#source ? (this.#source as Map<K, V>).entries() : super.entries();
  }
  override keys(): MapIterator<K> {
    return this.#source ? (this.#source as Map<K, V>).keys() : super.keys();
  }
  override values(): MapIterator<V> {
    return this.#source ? (this.#source as Map<K, V>).values() : super.values();
  }
  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}

function sharingClone(value: unknown): unknown {
  return value instanceof Map ? new CopyOnWriteMap(value) : stockClone(value);
}

export function installSharingClone(): void {
  util.clone = sharingClone;
}

export function uninstallSharingClone(): void {
  util.clone = stockClone;
}

export function isSharingCloneInstalled(): boolean {
  return util.clone === sharingClone;
}
