/**
 * A signing thread of the SignPool: receives `{ id, key, credential, now }` messages, signs with eddsa-rdfc-2022
 * (the key is loaded once per thread and kept: cachedIssuerKey), and answers `{ id, signed }` or `{ id, error }`.
 * One credential at a time: signing is CPU-bound, so interleaving several canonicalisations in one thread gains
 * nothing and only keeps all of their intermediate documents alive at once. `{ id, stats: true }` answers
 * `{ id, stats }`: this thread's heap (for measurements).
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import type { JsonObject } from './build.ts';
import { cachedIssuerKey, type IssuerKeyFile } from './keys.ts';
import { signCredential } from './sign.ts';

export interface SignRequest {
  readonly id: number;
  readonly key: IssuerKeyFile;
  readonly credential: JsonObject;
  readonly now: string;
}

export interface StatsRequest {
  readonly id: number;
  readonly stats: true;
}

/** A thread's V8 heap, in bytes. */
export interface ThreadStats {
  readonly heapTotal: number;
  readonly heapUsed: number;
  readonly heapLimit: number;
}

export type SignResponse =
  | { readonly id: number; readonly signed: JsonObject }
  | { readonly id: number; readonly error: string }
  | { readonly id: number; readonly stats: ThreadStats };

const queue: SignRequest[] = [];
let working = false;

async function signOne(request: SignRequest): Promise<SignResponse> {
  try {
    const signed = await signCredential(request.credential, await cachedIssuerKey(request.key), { now: new Date(request.now) });
    return { id: request.id, signed };
  } catch (error) {
    return { id: request.id, error: (error as Error).message ?? String(error) };
  }
}

async function drain(): Promise<void> {
  working = true;
  try {
    for (let request = queue.shift(); request; request = queue.shift()) parentPort?.postMessage(await signOne(request));
  } finally {
    working = false;
  }
}

parentPort?.on('message', (message: SignRequest | StatsRequest) => {
  if ('stats' in message) {
    const heap = getHeapStatistics();
    const stats: ThreadStats = { heapTotal: heap.total_heap_size, heapUsed: heap.used_heap_size, heapLimit: heap.heap_size_limit };
    parentPort?.postMessage({ id: message.id, stats } satisfies SignResponse);
    return;
  }
  queue.push(message);
  if (!working) void drain();
});
