/**
 * Small timing and printing helpers for the benchmarks: run an operation N times in sequence (after an untimed
 * warm-up), keep the best of several rounds, and print aligned tables.
 */
import { performance } from 'node:perf_hooks';

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
