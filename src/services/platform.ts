/**
 * What every use case needs: the store, the master-key secrets, and the public base URL the platform is reached at
 * (DIDs, status list URLs and links are built from it). Nothing shared between app instances lives in memory.
 */
import type { JsonObject } from '../credentials/build.ts';
import type { IssuerKeyFile } from '../credentials/keys.ts';
import type { Store } from '../store/db.ts';
import type { Secrets } from './secrets.ts';

/** Signs credentials (the signing pool's threads in the server; in this thread when absent). */
export interface Signer {
  sign(credential: JsonObject, key: IssuerKeyFile, now?: Date): Promise<JsonObject>;
}

export interface Platform {
  readonly store: Store;
  readonly secrets: Secrets;
  /** e.g. `http://localhost:3000` or `https://mikrocred.uni.example.pl`, without a trailing slash. */
  readonly baseUrl: string;
  /** Where credentials are signed; in the calling thread when absent. */
  readonly signer?: Signer | undefined;
  /** Whether e-mail is sent through SMTP (else it waits in the outbox for staff to pass on). */
  readonly mailConfigured?: boolean | undefined;
  /** Told when a batch is queued, so that issuing starts at once rather than at the next poll. */
  readonly onBatchQueued?: (() => void) | undefined;
}

/** An error a use case reports to its caller (HTTP maps `status`; the CLI prints `message`). */
export class ServiceError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429,
    readonly code: string,
    readonly text: { pl: string; en: string },
    readonly details?: Record<string, unknown>,
  ) {
    super(text.en);
    this.name = 'ServiceError';
  }
}

export function notFound(what: { pl: string; en: string }): ServiceError {
  return new ServiceError(404, 'not_found', { pl: `Nie znaleziono: ${what.pl}`, en: `Not found: ${what.en}` });
}

/** Whether `error` is PostgreSQL's unique violation (23505): a concurrent request won the race for a unique key. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/** Runs `action`; a unique violation it raises becomes `conflict` (the answer the earlier check would have given). */
export async function conflictOnUnique<T>(action: () => Promise<T>, conflict: () => ServiceError): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
}
