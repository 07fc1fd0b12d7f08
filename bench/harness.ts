/**
 * Small timing and printing helpers for the benchmarks: run an operation N times in sequence (after an untimed
 * warm-up), keep the best of several rounds, and print aligned tables; and, for the HTTP benchmarks, a throw-away
 * server (`mikrocred serve` in its own process, on PGlite or on a fresh PostgreSQL database) loaded with autocannon.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import pg from 'pg';

/** One timed run of `ops` operations. */
export interface Timing {
  readonly ops: number;
  readonly ms: number;
}

export function opsPerSecond(t: Timing): number {
  return (t.ops * 1000) / t.ms;
}

export function msPerOp(t: Timing): number {
  return t.ms / t.ops;
}

/** Operations run before the timed loop (JIT warm-up, caches filled); not counted. */
export const WARM_UP_OPS = 50;

/**
 * Runs `op(i)` for i = 0..n-1 one after another (each awaited: the latency of one operation, on one core) after
 * WARM_UP_OPS untimed calls, and returns the time of the n timed calls.
 */
export async function timeAsync(n: number, op: (i: number) => Promise<unknown>, warmUp = WARM_UP_OPS): Promise<Timing> {
  for (let i = 0; i < warmUp; i++) await op(n > 0 ? i % n : i);
  const start = performance.now();
  for (let i = 0; i < n; i++) await op(i);
  return { ops: n, ms: performance.now() - start };
}

/** The synchronous counterpart of timeAsync, for primitives far too fast for one await per call. */
export function timeSync(n: number, op: (i: number) => unknown, warmUp = WARM_UP_OPS): Timing {
  for (let i = 0; i < warmUp; i++) op(n > 0 ? i % n : i);
  const start = performance.now();
  for (let i = 0; i < n; i++) op(i);
  return { ops: n, ms: performance.now() - start };
}

/** The results of one benchmark line over its rounds; `best` is the fastest round. */
export class Series {
  readonly rounds: Timing[] = [];
  constructor(readonly label: string) {}

  add(t: Timing): void {
    this.rounds.push(t);
  }

  get best(): Timing {
    const [first, ...rest] = this.rounds;
    if (!first) throw new Error(`No timing recorded for "${this.label}"`);
    return rest.reduce((a, b) => (opsPerSecond(b) > opsPerSecond(a) ? b : a), first);
  }

  get opsPerSecond(): number {
    return opsPerSecond(this.best);
  }

  get msPerOp(): number {
    return msPerOp(this.best);
  }
}

/** A number with thousands separators and `digits` decimals. */
export function fmt(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Picks decimals so small and large values both read well (0.0123, 1.23, 123). */
export function fmtAuto(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 100) return fmt(value, 0);
  if (abs >= 10) return fmt(value, 1);
  if (abs >= 1) return fmt(value, 2);
  if (abs >= 0.01) return fmt(value, 3);
  return value.toPrecision(2);
}

export function percent(share: number): string {
  return `${fmtAuto(share * 100)} %`;
}

export function mib(bytes: number): string {
  return `${fmt(bytes / 1024 / 1024, 1)} MiB`;
}

/** An aligned text table: the first column left-aligned, the others right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ').trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return ['  ' + line(header), '  ' + rule, ...rows.map((r) => '  ' + line(r))].join('\n');
}

// ---- HTTP benchmarks (bench/api.ts, bench/catalogue.ts): `mikrocred serve` in its own process, autocannon here ----

export const MIKROCRED_BIN = new URL('../bin/mikrocred.js', import.meta.url).pathname;
/** The PostgreSQL server the HTTP benchmarks create their throw-away database on (trust auth on loopback). */
export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const ADMIN_PASSWORD = 'correct horse battery staple';

export type DatabaseKind = 'pglite' | 'postgres';

/** One load case: a fixed path, or `paths` taken in turn (each request the next one, over all connections). */
export interface LoadCase {
  readonly name: string;
  readonly method?: 'GET' | 'POST';
  readonly path?: string;
  readonly paths?: readonly string[];
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface LoadResult {
  /** Requests per second (mean over the run's one-second samples). */
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly errors: number;
  readonly non2xx: number;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export async function waitReady(base: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/ready`)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server not ready');
}

/** Runs a `mikrocred` CLI command with this environment; its stdout, trimmed. */
export function cli(env: NodeJS.ProcessEnv, ...args: string[]): string {
  const r = spawnSync(process.execPath, [MIKROCRED_BIN, ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mikrocred ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** Where and how a benchmarked server runs: a temporary folder, a free port, and its environment. */
export interface ServerSetup {
  readonly dir: string;
  readonly base: string;
  readonly env: NodeJS.ProcessEnv;
  /** MIKROCRED_DATA_DIR (the PGlite data and nothing else when DATABASE_URL is set). */
  readonly dataDir: string;
  readonly masterKey: string;
  readonly databaseUrl: string | undefined;
}

/** A fresh setup: PGlite in a temporary folder, or the PostgreSQL database at `databaseUrl`. Remove it with `removeSetup`. */
export async function serverSetup(prefix: string, databaseUrl?: string): Promise<ServerSetup> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = join(dir, 'data');
  const masterKey = randomBytes(32).toString('base64');
  const env: NodeJS.ProcessEnv = {
    ...process.env, PORT: String(port), HOST: '127.0.0.1', MIKROCRED_DATA_DIR: dataDir, MIKROCRED_DEMO: '0',
    MIKROCRED_BASE_URL: base, MIKROCRED_MASTER_KEY: masterKey, MIKROCRED_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'warn',
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  return { dir, base, env, dataDir, masterKey, databaseUrl };
}

export function removeSetup(setup: ServerSetup): void {
  rmSync(setup.dir, { recursive: true, force: true });
}

/** Starts `mikrocred serve` with the setup's environment, runs `action` once it is ready, and stops it (SIGTERM). */
export async function withServer<T>(setup: ServerSetup, action: (base: string) => Promise<T>): Promise<T> {
  const server = spawn(process.execPath, [MIKROCRED_BIN, 'serve'], { env: setup.env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await waitReady(setup.base, server);
    return await action(setup.base);
  } finally {
    if (server.exitCode === null) server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
  }
}

/** Loads the server with autocannon for `seconds` over `connections` keep-alive connections. */
export function load(base: string, c: LoadCase, seconds: number, connections = 10): Promise<LoadResult> {
  const paths = c.paths;
  let next = 0;
  // With several paths, every request (on any connection) takes the next one, so no single query is repeated back to back.
  const requests = paths && paths.length > 0
    ? [{ setupRequest: (request: autocannon.Request): autocannon.Request => ({ ...request, path: paths[next++ % paths.length] as string }) }]
    : undefined;
  return new Promise((resolve, reject) => {
    autocannon({
      url: `${base}${c.path ?? paths?.[0] ?? '/'}`, method: c.method ?? 'GET', connections, duration: seconds,
      headers: { ...(c.body ? { 'content-type': 'application/json' } : {}), ...c.headers }, ...(c.body ? { body: c.body } : {}),
      ...(requests ? { requests } : {}),
    }, (error, result) => {
      if (error) reject(error);
      else resolve({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, requests: result.requests.total, errors: result.errors, non2xx: result.non2xx });
    });
  });
}

/** Creates a database on the PostgreSQL server at `adminUrl`, runs `action` with its URL, and drops it. */
export async function withFreshDatabase<T>(adminUrl: string, prefix: string, action: (url: string) => Promise<T>): Promise<T> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await action(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** One load result as a table cell: `req/s  p50  p99  (errors, non-2xx)`. */
export function loadCell(r: LoadResult | undefined): string {
  if (!r) return 'not measured';
  const failures = r.errors + r.non2xx > 0 ? `  (${r.errors} errors, ${r.non2xx} non-2xx)` : '';
  return `${fmt(r.rps).padStart(7)} req/s  p50 ${fmt(r.p50, 1).padStart(6)} ms  p99 ${fmt(r.p99, 1).padStart(6)} ms${failures}`;
}
