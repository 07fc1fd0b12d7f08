/** Date helpers for credentials: XSD dateTimeStamp strings without milliseconds, ISO 8601 durations. */

/** `2026-06-30T10:00:00Z`: UTC, whole seconds, as VC 2.0 examples and OB 3.0 `DateTimeZ` use. */
export function xsdDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const DURATION = /^P(?:(\d+)W|(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?)$/;

/** `date` plus an ISO 8601 duration (`P5Y`, `P18M`, `P2W`, `P1DT12H`); calendar units in UTC. */
export function addDuration(date: Date, duration: string): Date {
  const m = DURATION.exec(duration);
  if (!m) throw new RangeError(`Not an ISO 8601 duration: ${duration}`);
  const n = (i: number): number => Number((m[i] ?? '0').replace(',', '.'));
  const out = new Date(date.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + n(2), out.getUTCMonth() + n(3), out.getUTCDate() + n(4) + 7 * n(1));
  out.setTime(out.getTime() + ((n(5) * 60 + n(6)) * 60 + n(7)) * 1000);
  return out;
}
