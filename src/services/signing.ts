/** The platform's signer: its signing pool when it has one (the server), else signing in this thread. */
import { cachedIssuerKey, signCredential, type IssuerKeyFile, type JsonObject } from '../credentials/index.ts';
import type { Platform, Signer } from './platform.ts';

/** Signs in the calling thread, keeping loaded keys (cachedIssuerKey) for the next signature. */
export const INLINE_SIGNER: Signer = {
  async sign(credential: JsonObject, file: IssuerKeyFile, now?: Date): Promise<JsonObject> {
    return signCredential(credential, await cachedIssuerKey(file), now ? { now } : {});
  },
};

export function signerOf(platform: Platform): Signer {
  return platform.signer ?? INLINE_SIGNER;
}
