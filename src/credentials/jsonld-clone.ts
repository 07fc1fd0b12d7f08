/**
 * Copy-on-write cloning of jsonld.js active contexts: the cost that dominates signing and verifying OB 3.0
 * credentials here.
 *
 * jsonld.js clones the active context each time expansion enters a node inside a type-scoped context (OB 3.0 uses
 * them for every class), and its clone deep-copies every term definition, including the large scoped contexts they
 * carry. Measured on our example credential: `jsonld.expand` ≈ 31 ms, of which ≈ 56 % is `util.clone` and the
 * garbage it makes; RDF canonicalisation of the ready dataset ≈ 0.8 ms. (Known upstream: jsonld.js issue #414.)
 *
 * Term definitions are never changed once created: context processing creates a new definition object for every
 * (re)definition, and the only per-context mutable state is the `mappings` map, the `protected` flags and the inverse
 * cache. So a clone may share the definitions and copy just the map and the flags, which is what this does.
 * Output is unchanged; test/jsonld-clone.test.ts compares canonical N-Quads with and without it.
 *
 * The patch is process-wide (jsonld.js is one module instance): it sets `clone` on jsonld's cached initial contexts,
 * from which every active context inherits its `clone`. `uninstall()` restores the library's own clone.
 */
import { createRequire } from 'node:module';

interface ActiveContext {
  mappings: Map<string, unknown>;
  protected: Record<string, boolean>;
  inverse: unknown;
  previousContext?: ActiveContext;
  clone: (this: ActiveContext) => ActiveContext;
  getInverse: unknown;
  revertToPreviousContext: unknown;
  '@base'?: unknown;
  '@language'?: unknown;
  '@vocab'?: unknown;
}

interface ContextModule {
  getInitialContext(options: { processingMode?: string }): ActiveContext;
}

const require = createRequire(import.meta.url);
const contextModule = require('jsonld/lib/context.js') as ContextModule;

/** The processing modes jsonld.js keys its cached initial contexts by. */
const MODES: ReadonlyArray<string | undefined> = [undefined, 'json-ld-1.1', 'json-ld-1.0'];
const originals = new Map<ActiveContext, ActiveContext['clone']>();

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

/** The same fields as jsonld.js's `_cloneActiveContext`, sharing the (immutable) term definitions. */
function sharingClone(this: ActiveContext): ActiveContext {
  const child = {
    mappings: new CopyOnWriteMap(this.mappings),
    clone: this.clone,
    inverse: null,
    getInverse: this.getInverse,
    protected: { ...this.protected },
    revertToPreviousContext: this.revertToPreviousContext,
  } as ActiveContext;
  if (this.previousContext) child.previousContext = this.previousContext.clone();
  if ('@base' in this) child['@base'] = this['@base'];
  if ('@language' in this) child['@language'] = this['@language'];
  if ('@vocab' in this) child['@vocab'] = this['@vocab'];
  return child;
}

export function installSharingClone(): void {
  for (const processingMode of MODES) {
    const initial = contextModule.getInitialContext(processingMode === undefined ? {} : { processingMode });
    if (!originals.has(initial)) originals.set(initial, initial.clone);
    initial.clone = sharingClone;
  }
}

export function uninstallSharingClone(): void {
  for (const [initial, clone] of originals) initial.clone = clone;
}

export function isSharingCloneInstalled(): boolean {
  return contextModule.getInitialContext({}).clone === sharingClone;
}
