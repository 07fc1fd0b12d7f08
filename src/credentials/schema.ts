/**
 * JSON Schema validation of credentials: the official 1EdTech Open Badges 3.0 `AchievementCredential` schema
 * (draft 2019-09, copied in `schemas/ob-v3p0/`, registered under its canonical purl URL too) and our extension
 * schema (`schemas/mikrocred-v1.schema.json`). Schemas are compiled once per process.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2019, type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import { MIKROCRED_SCHEMA_URL, OB_V3_SCHEMA_URL } from './build.ts';

const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

function readSchema(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${SCHEMAS_DIR}${file}`, 'utf8')) as Record<string, unknown>;
}

// ajv-formats is CommonJS; its default export arrives as `.default` under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2019) => Ajv2019;

const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats(ajv);

const ob3 = readSchema('ob-v3p0/achievementcredential.json');
ajv.addSchema(ob3);
ajv.addSchema({ ...ob3, $id: OB_V3_SCHEMA_URL });
ajv.addSchema(readSchema('mikrocred-v1.schema.json'));

/** Canonical URL → compiled validator of every schema we can check offline. */
const validators = new Map<string, ValidateFunction>([
  [OB_V3_SCHEMA_URL, ajv.getSchema(OB_V3_SCHEMA_URL) as ValidateFunction],
  [String(ob3.$id), ajv.getSchema(String(ob3.$id)) as ValidateFunction],
  [MIKROCRED_SCHEMA_URL, ajv.getSchema(MIKROCRED_SCHEMA_URL) as ValidateFunction],
]);

export interface SchemaError {
  /** JSON Pointer of the failing value, e.g. `/credentialSubject/achievement/criteria`. */
  readonly instancePath: string;
  readonly message: string;
  readonly keyword: string;
}

export interface SchemaResult {
  readonly schemaId: string;
  readonly valid: boolean;
  readonly errors: readonly SchemaError[];
}

function simplify(errors: readonly ErrorObject[] | null | undefined): SchemaError[] {
  return (errors ?? []).map((e) => ({
    instancePath: e.instancePath || '/',
    keyword: e.keyword,
    message: `${e.message ?? 'invalid'}${e.keyword === 'enum' ? `: ${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)}` : ''}`,
  }));
}

export function hasSchema(schemaId: string): boolean {
  return validators.has(schemaId);
}

/** Validates `document` against a known schema; `undefined` when the schema is not available offline. */
export function validateAgainst(schemaId: string, document: unknown): SchemaResult | undefined {
  const validate = validators.get(schemaId);
  if (!validate) return undefined;
  const valid = validate(document) as boolean;
  return { schemaId, valid, errors: valid ? [] : simplify(validate.errors) };
}

/** The official OB 3.0 AchievementCredential schema. */
export function validateOpenBadge(document: unknown): SchemaResult {
  return validateAgainst(OB_V3_SCHEMA_URL, document) as SchemaResult;
}
