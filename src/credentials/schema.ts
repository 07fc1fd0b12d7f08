/**
 * JSON Schema validation of credentials: the official 1EdTech Open Badges 3.0 `AchievementCredential` schema
 * (draft 2019-09, copied in `schemas/ob-v3p0/`, registered under its canonical purl URL too) and our extension
 * schema (`schemas/mikrocred-v1.schema.json`). Each schema is compiled once per process, when first needed.
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

/**
 * The schemas we can check offline, by every URL a credential may name them with. The OB 3.0 build carries a
 * gh-pages `$id`; credentials name it by its canonical purl URL: both map to one schema, compiled once, lazily
 * (compiling the OB 3.0 schema takes a noticeable part of a second).
 */
const SCHEMA_FILES = new Map<string, string>([
  [OB_V3_SCHEMA_URL, 'ob-v3p0/achievementcredential.json'],
  ['https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential-jsonschema1.json', 'ob-v3p0/achievementcredential.json'],
  [MIKROCRED_SCHEMA_URL, 'mikrocred-v1.schema.json'],
]);

let ajv: Ajv2019 | undefined;
const compiled = new Map<string, ValidateFunction>();

function validatorFor(file: string): ValidateFunction {
  let validate = compiled.get(file);
  if (!validate) {
    ajv ??= addFormats(new Ajv2019({ allErrors: true, strict: false }));
    validate = ajv.compile(readSchema(file));
    compiled.set(file, validate);
  }
  return validate;
}

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

/** Ajv's errors, one per place and message (`oneOf` branches repeat the same complaint). */
function simplify(errors: readonly ErrorObject[] | null | undefined): SchemaError[] {
  const seen = new Set<string>();
  const out: SchemaError[] = [];
  for (const e of errors ?? []) {
    const error = {
      instancePath: e.instancePath || '/',
      keyword: e.keyword,
      message: `${e.message ?? 'invalid'}${e.keyword === 'enum' ? `: ${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)}` : ''}`,
    };
    const key = `${error.instancePath} ${error.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(error);
    }
  }
  return out;
}

export function hasSchema(schemaId: string): boolean {
  return SCHEMA_FILES.has(schemaId);
}

/** Validates `document` against a known schema; `undefined` when the schema is not available offline. */
export function validateAgainst(schemaId: string, document: unknown): SchemaResult | undefined {
  const file = SCHEMA_FILES.get(schemaId);
  if (!file) return undefined;
  const validate = validatorFor(file);
  const valid = validate(document) as boolean;
  return { schemaId, valid, errors: valid ? [] : simplify(validate.errors) };
}

/** The official OB 3.0 AchievementCredential schema. */
export function validateOpenBadge(document: unknown): SchemaResult {
  return validateAgainst(OB_V3_SCHEMA_URL, document) as SchemaResult;
}
