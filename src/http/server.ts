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
import { SignPool } from '../credentials/sign-pool.ts';
import { BatchRunner } from '../services/batch-runner.ts';
import { defaultSmtpFrom, startOutboxSender } from '../services/notifications.ts';
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
  const pool = new SignPool(config.signingThreads === undefined ? {} : { size: config.signingThreads });
  const running: { runner?: BatchRunner } = {};
  const platform: Platform = {
    store, secrets: loadSecrets({ env: config.masterKey, dataDir: config.dataDir }), baseUrl: config.baseUrl,
    signer: pool, onBatchQueued: () => running.runner?.nudge(), mailConfigured: config.smtpUrl !== undefined,
  };
  const demo = config.demo ? await seedDemo(platform) : undefined;
  const { app } = await buildApp({
    platform,
    logger: options.logger === false ? false : {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
  });
  // Every instance issues queued batches (a batch interrupted by a crash is resumed here) and, with SMTP, sends e-mail.
  const runner = new BatchRunner(platform, { leaseMs: config.batchLeaseMs, log: app.log });
  running.runner = runner;
  runner.start();
  const sender = startOutboxSender({ db: store.db, smtpUrl: config.smtpUrl, from: config.smtpFrom ?? defaultSmtpFrom(config.baseUrl), logger: app.log });
  const url = await app.listen({ port: config.port, host: config.host });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= app.close()
      .then(() => Promise.all([runner.stop(), sender?.stop()]))
      .then(() => pool.close())
      .then(() => store.close());
    return closing;
  };
  return { app, platform, url, demo, close };
}
