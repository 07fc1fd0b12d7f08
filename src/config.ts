/**
 * Configuration from the environment, with defaults that make `npm start` work on a laptop with nothing installed.
 *
 * | variable | default | meaning |
 * | `PORT` | 3000 | HTTP port |
 * | `HOST` | 0.0.0.0 | interface to listen on |
 * | `MIKROCRED_BASE_URL` | http://localhost:$PORT | public URL: DIDs, status lists and links are built from it |
 * | `DATABASE_URL` | (none) | `postgres://…` to use a PostgreSQL server instead of the embedded PGlite |
 * | `MIKROCRED_DATA_DIR` | ./data | PGlite data folder and the master key file |
 * | `MIKROCRED_MASTER_KEY` | (key file) | 32 bytes, base64 or hex, encrypting issuer keys at rest |
 * | `MIKROCRED_DEMO` | 1 | create a demo institution when the database is empty (0 to skip) |
 * | `LOG_LEVEL` | info | pino log level |
 * | `SMTP_URL` | (none) | `smtp://user:pass@host:587` or `smtps://…`: e-mail to learners; without it e-mails wait in the outbox |
 * | `SMTP_FROM` | Mikrocred <no-reply@host> | the sender of those e-mails |
 * | `MIKROCRED_SIGNING_THREADS` | cores (max 8) | threads that sign credentials (0: sign in the main thread) |
 * | `MIKROCRED_BATCH_LEASE_MS` | 30000 | how long a claimed chunk of a batch is reserved for one instance |
 * | `MIKROCRED_FETCH_ALLOW_PRIVATE` | 0 | 1: the verifier may fetch DID documents, status lists and credentials from private/loopback addresses |
 * | `MIKROCRED_FETCH_ALLOW_HOSTS` | (none) | `host:port,…`: these hosts may be on private addresses and use plain HTTP |
 * | `MIKROCRED_FETCH_ALLOW_HTTP` | 0 | 1: plain HTTP allowed for every host (development) |
 * | `MIKROCRED_FETCH_TIMEOUT_MS` | 5000 | deadline of one remote fetch, redirects included |
 * | `MIKROCRED_FETCH_MAX_BYTES` | 1048576 | largest remote document |
 * | `MIKROCRED_CATALOGUE_CACHE_MS` | 15000 | how long an instance keeps a catalogue search result (0: no cache) |
 */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly baseUrl: string;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly masterKey: string | undefined;
  readonly demo: boolean;
  readonly logLevel: string;
  readonly smtpUrl: string | undefined;
  readonly smtpFrom: string | undefined;
  readonly signingThreads: number | undefined;
  readonly batchLeaseMs: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, not "${env.PORT}"`);
  const baseUrl = (env.MIKROCRED_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw new ConfigError(`MIKROCRED_BASE_URL must be an http(s) URL, not "${baseUrl}"`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('DATABASE_URL must start with postgres://');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    baseUrl,
    databaseUrl,
    dataDir: env.MIKROCRED_DATA_DIR ?? './data',
    masterKey: env.MIKROCRED_MASTER_KEY || undefined,
    demo: env.MIKROCRED_DEMO !== '0',
    logLevel: env.LOG_LEVEL ?? 'info',
    smtpUrl: smtpUrl(env.SMTP_URL),
    smtpFrom: env.SMTP_FROM || undefined,
    signingThreads: integer('MIKROCRED_SIGNING_THREADS', env.MIKROCRED_SIGNING_THREADS, 0, 64),
    batchLeaseMs: integer('MIKROCRED_BATCH_LEASE_MS', env.MIKROCRED_BATCH_LEASE_MS, 1000, 3_600_000) ?? 30_000,
  };
}

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

function smtpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^smtps?:\/\//.test(value)) throw new ConfigError('SMTP_URL must start with smtp:// or smtps://');
  return value;
}
