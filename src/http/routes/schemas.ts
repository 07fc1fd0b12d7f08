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
