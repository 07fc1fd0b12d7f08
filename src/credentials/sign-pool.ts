/**
 * Signing on every core: a pool of worker threads (sign-worker.ts) that sign credentials in parallel. JSON-LD
 * canonicalisation is the cost of a signature and runs in JavaScript, so one thread signs ~100 credentials/s; the
 * pool multiplies that by the number of threads. `size: 0` signs in this thread (tests, tiny machines).
 * Each thread starts at sign-worker-entry.mjs, which registers tsx there (loader hooks are per thread).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { JsonObject } from './build.ts';
import { cachedIssuerKey, type IssuerKeyFile } from './keys.ts';
import { signCredential, SigningError } from './sign.ts';
import type { SignRequest, SignResponse } from './sign-worker.ts';

interface Pending {
  readonly resolve: (signed: JsonObject) => void;
  readonly reject: (error: Error) => void;
  readonly slot: Slot;
}

interface Slot {
  readonly worker: Worker;
  busy: number;
}

export class SignPool {
  readonly size: number;
  readonly #slots: Slot[] = [];
  readonly #pending = new Map<number, Pending>();
  #next = 0;
  #closed = false;

  constructor(options: { size?: number } = {}) {
    this.size = options.size ?? Math.max(1, Math.min(availableParallelism(), 8));
  }

  #spawn(): Slot {
    const worker = new Worker(new URL('./sign-worker-entry.mjs', import.meta.url));
    const slot: Slot = { worker, busy: 0 };
    worker.on('message', (response: SignResponse) => {
      slot.busy -= 1;
      // An idle pool does not keep the process alive; a busy one does.
      if (slot.busy === 0) worker.unref();
      const pending = this.#pending.get(response.id);
      if (!pending) return;
      this.#pending.delete(response.id);
      if ('signed' in response) pending.resolve(response.signed);
      else pending.reject(new SigningError(response.error));
    });
    worker.on('error', (error) => this.#fail(slot, error));
    worker.on('exit', (code) => {
      if (!this.#closed && code !== 0) this.#fail(slot, new Error(`signing thread exited with ${code}`));
    });
    worker.unref();
    return slot;
  }

  /** A thread died: its requests fail (the caller retries them), and a new thread takes its place. */
  #fail(slot: Slot, error: Error): void {
    const index = this.#slots.indexOf(slot);
    if (index >= 0) this.#slots.splice(index, 1);
    for (const [id, pending] of this.#pending) {
      if (pending.slot !== slot) continue;
      pending.reject(error);
      this.#pending.delete(id);
    }
  }

  #slot(): Slot {
    while (this.#slots.length < this.size) this.#slots.push(this.#spawn());
    return this.#slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  /** Signs `credential` with `key` (its issuer must be the key's controller). */
  async sign(credential: JsonObject, key: IssuerKeyFile, now: Date = new Date()): Promise<JsonObject> {
    if (this.#closed) throw new Error('The signing pool is closed');
    if (this.size === 0) return signCredential(credential, await cachedIssuerKey(key), { now });
    const slot = this.#slot();
    const id = this.#next++;
    slot.busy += 1;
    slot.worker.ref();
    const request: SignRequest = { id, key, credential, now: now.toISOString() };
    return new Promise<JsonObject>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, slot });
      slot.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const slots = this.#slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
    for (const pending of this.#pending.values()) pending.reject(new Error('The signing pool closed'));
    this.#pending.clear();
  }
}
