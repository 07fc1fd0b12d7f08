/**
 * W3C VC-API: `POST /credentials/issue` (an API key with the issuer role; the credential is issued by the key's
 * institution) and `POST /credentials/verify` (public), with the standard request and response shapes; the verify
 * response adds Mikrocred's full report (`verdict`, `report`). Verification is the public verifier's
 * (services/verification.ts): our institutions from the database, did:key offline, other did:web documents and
 * status lists over HTTPS through the SSRF-safe fetcher.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { issueCredential } from '../../services/issuance.ts';
import type { Platform } from '../../services/platform.ts';
import { verifyOnPlatform } from '../../services/verification.ts';
import { actorOf, tenantOf } from '../auth.ts';
import { JsonObjectSchema } from './schemas.ts';

export function vcApiRoutes(platform: Platform): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/credentials/issue', {
      config: { access: { apiKey: 'issuer' } },
      schema: {
        tags: ['vc-api'], summary: 'Issue a credential (signed by the API key\'s institution, with a revocation status entry)',
        body: z.strictObject({
          credential: JsonObjectSchema,
          options: z.object({ credentialStatus: z.object({ type: z.literal('BitstringStatusListEntry') }).optional() }).passthrough().optional(),
        }),
        response: { 201: JsonObjectSchema },
      },
    }, async (request, reply) => {
      const signed = await issueCredential(platform, tenantOf(request), request.body.credential, {}, actorOf(request));
      return reply.code(201).send({ verifiableCredential: signed });
    });

    app.post('/credentials/verify', {
      config: { access: 'public' },
      schema: {
        tags: ['vc-api'], summary: 'Verify a credential: VC-API checks, warnings, errors, plus the full Mikrocred report',
        body: z.strictObject({ verifiableCredential: JsonObjectSchema, options: z.object({}).passthrough().optional() }),
        response: {
          200: z.object({
            checks: z.array(z.string()), warnings: z.array(z.string()), errors: z.array(z.string()),
            verdict: z.enum(['valid', 'invalid', 'indeterminate']), report: JsonObjectSchema,
          }),
        },
      },
    }, async (request) => {
      const report = await verifyOnPlatform(platform, request.body.verifiableCredential);
      return {
        checks: report.checks.filter((c) => c.status === 'passed').map((c) => c.id),
        warnings: report.checks.filter((c) => c.status === 'warning').map((c) => `${c.id}: ${c.message.en}`),
        errors: report.checks.filter((c) => c.status === 'failed').map((c) => `${c.id}: ${c.message.en}`),
        verdict: report.verdict,
        report: report as unknown as Record<string, unknown>,
      };
    });
  };
}
