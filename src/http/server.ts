/**
 * Running the server: open the store (migrating it), seed the demo on an empty database, listen, and on SIGTERM or
 * SIGINT stop taking requests, let those in flight finish, close the database and exit.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { openStore } from '../store/db.ts';
import { seedDemo, type DemoSeed } from '../services/demo.ts';
import type { Platform } from '../services/platform.ts';
import { loadSecrets } from '../services/secrets.ts';
import { buildApp } from './app.ts';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly platform: Platform;
  readonly url: string;
  readonly demo: DemoSeed | undefined;
  close(): Promise<void>;
}

export async function startServer(config: Config, options: { logger?: boolean } = {}): Promise<RunningServer> {
  const store = await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  const platform: Platform = { store, secrets: loadSecrets({ env: config.masterKey, dataDir: config.dataDir }), baseUrl: config.baseUrl };
  const demo = config.demo ? await seedDemo(platform) : undefined;
  const { app } = await buildApp({
    platform,
    logger: options.logger === false ? false : {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
  });
  const url = await app.listen({ port: config.port, host: config.host });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= app.close().then(() => store.close());
    return closing;
  };
  return { app, platform, url, demo, close };
}
