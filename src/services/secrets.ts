/**
 * The master key that encrypts issuer private keys at rest (AES-256-GCM), from `MIKROCRED_MASTER_KEY` (32 bytes,
 * base64 or hex) or, when unset, a key file created on first start in the data folder (mode 0600). Several app
 * instances sharing a PostgreSQL server must share the same master key: set the variable.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ALGORITHM = 'aes-256-gcm';
const VERSION = 'v1';

export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

export interface Secrets {
  /** Encrypts `plaintext`, bound to `context` (e.g. the key id): it cannot be moved to another record. */
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new MasterKeyError('MIKROCRED_MASTER_KEY must be 32 bytes, in base64 or hex (e.g. `openssl rand -base64 32`)');
  return key;
}

export function secretsFromKey(key: Buffer): Secrets {
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv(ALGORITHM, key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed, context) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || body === undefined) throw new MasterKeyError('Unknown secret format');
      const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new MasterKeyError('A secret cannot be decrypted: the master key is not the one it was sealed with');
      }
    },
  };
}

/** The master key from the environment, or from `<dataDir>/master.key`, created when missing. */
export function loadSecrets(options: { env?: string; dataDir: string }): Secrets {
  if (options.env) return secretsFromKey(parseKey(options.env));
  const path = join(options.dataDir, 'master.key');
  if (!existsSync(path)) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return secretsFromKey(parseKey(readFileSync(path, 'utf8')));
}
