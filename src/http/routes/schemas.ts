/** Shared request and response schemas of the HTTP API (zod; the OpenAPI document is generated from them). */
import { z } from 'zod';
import { AddressSchema, LegalIdentifierSchema } from '../../model/specification.ts';
import { countryCode, line, webUrl } from '../../model/fields.ts';

export const SlugParams = z.strictObject({ slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/) });

export const RoleSchema = z.enum(['owner', 'designer', 'issuer', 'viewer']);

export const InstitutionSchema = z.object({
  slug: z.string(),
  did: z.string(),
  namePl: z.string(),
  nameEn: z.string(),
  country: z.string(),
  identifiers: z.array(z.object({ scheme: z.string(), value: z.string() })),
  website: z.string().nullable(),
  email: z.string().nullable(),
  logoUrl: z.string().nullable(),
  address: z.object({
    street: z.string().optional(), postalCode: z.string().optional(), locality: z.string(), region: z.string().optional(), country: z.string(),
  }).nullable(),
});

export const ProfileChangesSchema = z.strictObject({
  namePl: line(300).optional(),
  nameEn: line(300).optional(),
  country: countryCode.optional(),
  identifiers: z.array(LegalIdentifierSchema).max(20).optional(),
  website: webUrl.nullable().optional(),
  email: z.email().max(254).nullable().optional(),
  address: AddressSchema.nullable().optional(),
});

export const ApiKeyInfoSchema = z.object({
  id: z.string(), name: z.string(), prefix: z.string(), role: z.string(), createdAt: z.date(), lastUsedAt: z.date().nullable(),
});

/** Any JSON object (a credential, a DID document): described, not constrained, in the OpenAPI document. */
export const JsonObjectSchema = z.record(z.string(), z.unknown());

// ---- Catalogue (docs/catalogue.md) ----

export const SpecIdParam = z.uuid();
export const VersionParam = z.coerce.number().int().min(1).max(100_000);

const LangText = z.object({ pl: z.string(), en: z.string() });
/** A PL/EN text a user writes: both languages, trimmed, not empty. */
const LangInput = (max: number) => z.strictObject({ pl: line(max), en: line(max) });

export const ProblemSchema = z.object({
  path: z.string(), code: z.string(), severity: z.enum(['error', 'warning']), message: LangText,
});

/** A specification document as a draft holds it: any JSON object (validated on save, enforced on publish). */
export const DocumentBody = z.strictObject({ document: JsonObjectSchema });

export const SpecificationVersionSchema = z.object({
  specId: z.string(), version: z.number(), status: z.enum(['draft', 'published', 'archived']), superseded: z.boolean(),
  document: JsonObjectSchema, problems: z.array(ProblemSchema),
  createdAt: z.date(), updatedAt: z.date(), publishedAt: z.date().nullable(), publicUrl: z.string().nullable(),
});

export const VersionSummarySchema = z.object({
  version: z.number(), status: z.string(), superseded: z.boolean(), createdAt: z.date(), publishedAt: z.date().nullable(),
});

export const SpecificationSummarySchema = z.object({
  specId: z.string(), version: z.number(), status: z.string(), title: LangText, ectsCredits: z.number().nullable(),
  eqfLevel: z.number().nullable(), updatedAt: z.date(), publishedVersion: z.number().nullable(), hasDraft: z.boolean(), errorCount: z.number(),
});

export const PathwayRuleSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('all') }),
  z.strictObject({ type: z.literal('n-of'), n: z.int().min(1).max(50) }),
  z.strictObject({ type: z.literal('ects'), minEcts: z.number().positive().max(600) }),
]);

export const PathwayInputSchema = z.strictObject({
  title: LangInput(300),
  description: LangInput(2000).optional(),
  rule: PathwayRuleSchema,
  specIds: z.array(z.uuid()).min(1).max(50),
  target: z.strictObject({ title: LangInput(300), url: webUrl.optional() }).optional(),
});

const InstitutionRefSchema = z.object({ slug: z.string(), namePl: z.string(), nameEn: z.string() });

export const PathwaySchema = z.object({
  id: z.string(), institution: InstitutionRefSchema, title: LangText, description: LangText.optional(),
  rule: z.union([z.object({ type: z.literal('all') }), z.object({ type: z.literal('n-of'), n: z.number() }), z.object({ type: z.literal('ects'), minEcts: z.number() })]),
  specIds: z.array(z.string()), target: z.object({ title: LangText, url: z.string().optional() }).optional(),
  publicUrl: z.string(), createdAt: z.date(), updatedAt: z.date(),
});

/** A catalogue as exported, and as import takes it (dates as ISO strings there). */
export const CatalogueExportSchema = z.strictObject({
  format: z.literal('mikrocred-catalogue/1'),
  institution: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  exportedAt: z.union([z.date(), z.iso.datetime()]),
  specifications: z.array(z.object({
    specId: z.uuid(),
    versions: z.array(z.object({
      version: z.int().min(1), status: z.enum(['draft', 'published', 'archived']), document: JsonObjectSchema,
    }).loose()).min(1).max(1000),
  }).loose()).max(5000),
  pathways: z.array(z.object({
    id: z.uuid(), title: LangText, description: LangText.optional(), rule: PathwayRuleSchema, specIds: z.array(z.uuid()).max(50),
    target: z.object({ title: LangText, url: z.string().optional() }).optional(),
  }).loose()).max(1000),
});

/** The answer of an ELM import into the catalogue (src/services/specification-import.ts). */
export const ElmImportResultSchema = z.object({
  kind: z.enum(['credential', 'specification']),
  sourceId: z.string().nullable(),
  sourceIdentifiers: z.array(z.object({ schemeName: z.string(), notation: z.string() })),
  draft: SpecificationVersionSchema.nullable(),
  document: JsonObjectSchema,
  problems: z.array(ProblemSchema),
  report: z.object({
    mapped: z.array(z.object({ path: z.string(), from: z.string() })),
    keptAsFurtherInfo: z.array(z.object({ from: z.string(), label: LangText, text: z.record(z.string(), z.string()) })),
    ignored: z.array(z.object({ from: z.string(), reason: LangText })),
  }),
});

export const ImportReportSchema = z.object({
  specifications: z.array(z.object({
    specId: z.string(), sourceSpecId: z.string(), outcome: z.enum(['created', 'new-version', 'unchanged', 'refused']),
    version: z.number().optional(), status: z.string().optional(), problems: z.array(ProblemSchema),
  })),
  pathways: z.array(z.object({ id: z.string(), outcome: z.string(), problems: z.array(ProblemSchema) })),
});

/** The export as the API answers it (the import schema accepts it back). */
export const CatalogueExportOutSchema = z.object({
  format: z.literal('mikrocred-catalogue/1'), institution: z.string(), exportedAt: z.date(),
  specifications: z.array(z.object({ specId: z.string(), versions: z.array(SpecificationVersionSchema) })),
  pathways: z.array(PathwaySchema),
});
