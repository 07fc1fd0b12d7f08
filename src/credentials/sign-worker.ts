/**
 * A signing thread of the SignPool: receives `{ id, key, credential, now }` messages, signs with eddsa-rdfc-2022
 * (the key is loaded once per thread and kept: cachedIssuerKey), and answers `{ id, signed }` or `{ id, error }`.
 */
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

export type SignResponse = { readonly id: number; readonly signed: JsonObject } | { readonly id: number; readonly error: string };

parentPort?.on('message', (request: SignRequest) => {
  void (async (): Promise<SignResponse> => {
    try {
      const signed = await signCredential(request.credential, await cachedIssuerKey(request.key), { now: new Date(request.now) });
      return { id: request.id, signed };
    } catch (error) {
      return { id: request.id, error: (error as Error).message ?? String(error) };
    }
  })().then((response) => parentPort?.postMessage(response));
});
