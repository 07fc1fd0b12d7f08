/** The platform's signer: its signing pool when it has one (the server), else signing in this thread. */
import { loadIssuerKey, signCredential, type IssuerKey, type IssuerKeyFile, type JsonObject } from '../credentials/index.ts';
import type { Platform, Signer } from './platform.ts';

const keys = new Map<string, IssuerKey>();

/** Signs in the calling thread, keeping loaded keys (by id and public key) for the next signature. */
export const INLINE_SIGNER: Signer = {
  async sign(credential: JsonObject, file: IssuerKeyFile, now?: Date): Promise<JsonObject> {
    const cacheKey = `${file.id} ${file.publicKeyMultibase}`;
    let key = keys.get(cacheKey);
    if (!key) {
      key = await loadIssuerKey(file);
      if (keys.size > 100) keys.clear();
      keys.set(cacheKey, key);
    }
    return signCredential(credential, key, now ? { now } : {});
  },
};

export function signerOf(platform: Platform): Signer {
  return platform.signer ?? INLINE_SIGNER;
}
