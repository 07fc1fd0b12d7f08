/** Reading untrusted JSON values: an object or nothing, a value or list as a list. */

export type Json = Record<string, unknown>;

/** `value` when it is a plain JSON object (not an array, not null), else undefined. */
export function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** JSON-LD's "one value or a set": `[]` for undefined, the array itself, or `[value]`. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}
