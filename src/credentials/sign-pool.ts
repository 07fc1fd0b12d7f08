/**
 * Signing on every core: a pool of worker threads (sign-worker.ts) that sign credentials in parallel. JSON-LD
 * canonicalisation is the cost of a signature and runs in JavaScript, so one thread signs ~100 credentials/s; the
 * pool multiplies that by the number of threads. `size: 0` signs in this thread (tests, tiny machines).
 *
 * Memory (bench/README.md, "Cohort issuance"):
 * - A thread signs one credential at a time (sign-worker.ts): before, every request sent to a thread started at
 *   once, so a thread interleaved up to a whole chunk of canonicalisations and kept all of them in its heap.
 * - Back-pressure: a thread is sent at most `perThread` requests (default 32, a few KB each, ~0.3 s of work: enough
 *   that a thread does not run dry while this thread is busy in a PGlite transaction); the rest wait here in order.
 * - Each thread's V8 heap is capped (SIGN_THREAD_LIMITS): a signing thread keeps ~25 MB alive, but by default V8
 *   lets a thread's heap grow past 100 MB before collecting, its young generation alone taking 32 MB. A smaller
 *   young generation (12 MB) saved ~10 MB more per thread but cost ~10 % throughput (more scavenges).
 * Each thread starts at sign-worker-entry.mjs, which registers tsx there (loader hooks are per thread).
 */
import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { JsonObject } from './build.ts';
import { cachedIssuerKey, type IssuerKeyFile } from './keys.ts';
import { signCredential, SigningError } from './sign.ts';
import type { SignRequest, SignResponse, StatsRequest, ThreadStats } from './sign-worker.ts';

export type { ThreadStats } from './sign-worker.ts';

/** Heap limits of a signing thread: measured with `npm run bench:issuance` (bench/README.md). */
export const SIGN_THREAD_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 24, maxOldGenerationSizeMb: 256 };

export interface SignPoolOptions {
  /** Threads (default: the number of cores, at most 8); 0 signs in the calling thread. */
  readonly size?: number;
  /** Requests sent to one thread at a time (default 32); the rest wait in this thread. */
  readonly perThread?: number;
  /** V8 heap limits of each thread (default SIGN_THREAD_LIMITS). */
  readonly resourceLimits?: ResourceLimits;
}

interface Slot {
  readonly worker: Worker;
  /** Sign requests sent to this thread and not answered yet. */
  busy: number;
}

interface Job {
  readonly request: SignRequest;
  readonly resolve: (signed: JsonObject) => void;
  readonly reject: (error: Error) => void;
}

interface Sent {
  readonly slot: Slot;
  readonly job?: Job;
  readonly stats?: { resolve: (stats: ThreadStats) => void; reject: (error: Error) => void };
}

const TSX_ENTRY = new URL('./sign-worker-entry.mjs', import.meta.url);

export class SignPool {
  readonly size: number;
  readonly #perThread: number;
  readonly #resourceLimits: ResourceLimits;
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  readonly #sent = new Map<number, Sent>();
  #next = 0;
  #closed = false;

  constructor(options: SignPoolOptions = {}) {
    this.size = options.size ?? Math.max(1, Math.min(availableParallelism(), 8));
    this.#perThread = Math.max(1, options.perThread ?? 32);
    this.#resourceLimits = options.resourceLimits ?? SIGN_THREAD_LIMITS;
  }

  #spawn(): Slot {
    const worker = new Worker(TSX_ENTRY, { resourceLimits: this.#resourceLimits });
    const slot: Slot = { worker, busy: 0 };
    worker.on('message', (response: SignResponse) => {
      const sent = this.#sent.get(response.id);
      if (!sent) return;
      this.#sent.delete(response.id);
      if ('stats' in response) {
        sent.stats?.resolve(response.stats);
        this.#idle(slot);
        return;
      }
      slot.busy -= 1;
      this.#idle(slot);
      if ('signed' in response) sent.job?.resolve(response.signed);
      else sent.job?.reject(new SigningError(response.error));
      this.#dispatch();
    });
    worker.on('error', (error) => this.#fail(slot, error));
    worker.on('exit', (code) => {
      if (!this.#closed && code !== 0) this.#fail(slot, new Error(`signing thread exited with ${code}`));
    });
    worker.unref();
    return slot;
  }

  /** An idle pool does not keep the process alive; a busy one does. */
  #idle(slot: Slot): void {
    if (slot.busy === 0 && ![...this.#sent.values()].some((s) => s.slot === slot)) slot.worker.unref();
  }

  /** A thread died: its requests fail (the caller retries them), and a new thread takes its place. */
  #fail(slot: Slot, error: Error): void {
    const index = this.#slots.indexOf(slot);
    if (index < 0) return;
    this.#slots.splice(index, 1);
    for (const [id, sent] of this.#sent) {
      if (sent.slot !== slot) continue;
      this.#sent.delete(id);
      (sent.job ?? sent.stats)?.reject(error);
    }
    this.#dispatch();
  }

  /** Sends waiting requests to the least busy threads, at most `perThread` each. */
  #dispatch(): void {
    while (this.#queue.length > 0 && !this.#closed) {
      while (this.#slots.length < this.size) this.#slots.push(this.#spawn());
      const slot = this.#slots.reduce((a, b) => (b.busy < a.busy ? b : a));
      if (slot.busy >= this.#perThread) return;
      const job = this.#queue.shift() as Job;
      slot.busy += 1;
      slot.worker.ref();
      this.#sent.set(job.request.id, { slot, job });
      slot.worker.postMessage(job.request);
    }
  }

  /** Signs `credential` with `key` (its issuer must be the key's controller). */
  async sign(credential: JsonObject, key: IssuerKeyFile, now: Date = new Date()): Promise<JsonObject> {
    if (this.#closed) throw new Error('The signing pool is closed');
    if (this.size === 0) return signCredential(credential, await cachedIssuerKey(key), { now });
    const request: SignRequest = { id: this.#next++, key, credential, now: now.toISOString() };
    return new Promise<JsonObject>((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      this.#dispatch();
    });
  }

  /** The V8 heap of each running thread (for measurements). */
  async threadStats(): Promise<ThreadStats[]> {
    return Promise.all(this.#slots.map((slot) => new Promise<ThreadStats>((resolve, reject) => {
      const request: StatsRequest = { id: this.#next++, stats: true };
      this.#sent.set(request.id, { slot, stats: { resolve, reject } });
      slot.worker.ref();
      slot.worker.postMessage(request);
    })));
  }

  async close(): Promise<void> {
    this.#closed = true;
    const slots = this.#slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
    const error = new Error('The signing pool closed');
    for (const sent of this.#sent.values()) (sent.job ?? sent.stats)?.reject(error);
    for (const job of this.#queue.splice(0)) job.reject(error);
    this.#sent.clear();
  }
}
