/**
 * The public verifier's API. `POST /api/v1/verify` takes a credential as JSON (`{ "credential": {…} }` or its text
 * `{ "credential": "{…}" }`), a URL to fetch it from (`{ "url": "https://…" }`; our own `/v/<code>` short links
 * are read from the database), or a file sent as it is: a PDF certificate (`application/pdf`, up to 20 MB: the
 * credential attached to it is verified) or a credential file (`application/vc+ld+json`, `application/ld+json`,
 * `application/vc`, up to 5 MB). `GET /api/v1/verify/:code` verifies one of our credentials by its short code (the
 * public credential page and QR codes). The answer: the verdict in plain language (PL/EN), each check, the issuer
 * (its legal identity, and whether it is an institution registered here) and the credential's summary. Input that
 * is not a credential is a 4xx problem with a PL/EN reason, never a 5xx.
 */
import type { FastifyError, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_CREDENTIAL_BYTES } from '../../credentials/input.ts';
import { MAX_PDF_BYTES } from '../../documents/pdf-credential.ts';
import type { Platform } from '../../services/platform.ts';
import { verifyByShortCode, verifyForPublic, type VerifyUpload } from '../../services/public-verify.ts';
import { errorHandler, sendProblem } from '../problems.ts';
import { JsonObjectSchema } from './schemas.ts';

const MessageSchema = z.object({ pl: z.string(), en: z.string() });
const IdentifierSchema = z.object({ scheme: z.string(), value: z.string() });

export const VerificationAnswerSchema = z.object({
  verdict: z.enum(['valid', 'invalid', 'indeterminate']),
  verdictMessage: MessageSchema,
  verifiedAt: z.string(),
  checks: z.array(z.object({
    id: z.enum(['format', 'issuer', 'proof', 'schema', 'validity', 'status', 'elements']),
    status: z.enum(['passed', 'failed', 'warning', 'skipped']),
    label: MessageSchema,
    message: MessageSchema,
    indeterminate: z.boolean().optional(),
    details: JsonObjectSchema.optional(),
  })),
  summary: z.object({
    id: z.string().optional(), name: z.string().optional(), issuerId: z.string().optional(), issuerName: z.string().optional(),
    learnerName: z.string().optional(), validFrom: z.string().optional(), validUntil: z.string().optional(), microCredential: z.boolean(),
  }).optional(),
  issuer: z.object({
    id: z.string().optional(),
    name: z.string().optional(),
    names: z.record(z.string(), z.string()).optional(),
    url: z.string().optional(),
    email: z.string().optional(),
    country: z.string().optional(),
    identifiers: z.array(IdentifierSchema),
    didMethod: z.string().optional(),
    platform: z.object({
      slug: z.string(), namePl: z.string(), nameEn: z.string(), identifiers: z.array(IdentifierSchema),
      website: z.string().nullable(), didDocumentUrl: z.string(),
    }).nullable(),
    confirmed: z.boolean(),
    identity: MessageSchema,
  }),
  credential: z.object({
    id: z.string().optional(),
    title: z.string().optional(),
    titles: z.record(z.string(), z.string()).optional(),
    description: z.string().optional(),
    learnerName: z.string().optional(),
    issuedAt: z.string().optional(),
    validFrom: z.string().optional(),
    validUntil: z.string().optional(),
    achievementId: z.string().optional(),
    achievementUrl: z.string().optional(),
    microCredential: z.boolean(),
    types: z.array(z.string()),
  }),
  source: z.enum(['json', 'pdf', 'url', 'short-code']),
  shortCode: z.string().optional(),
  verifyUrl: z.string().optional(),
});

const VerifyBodySchema = z.strictObject({
  credential: z.union([JsonObjectSchema, z.string().max(MAX_CREDENTIAL_BYTES)]).optional()
    .describe('The credential: a JSON object, or its JSON text'),
  url: z.url({ protocol: /^https?$/ }).max(2048).optional()
    .describe('Where to fetch the credential (HTTPS); a /v/<code> short link of this platform is read from its database'),
});

export const ShortCodeParams = z.strictObject({ code: z.string().regex(/^[A-Za-z0-9]{4,64}$/) });

/** Media types of a credential file sent as it is (up to 5 MB; PDFs up to 20 MB). */
const FILE_TYPES = ['application/vc+ld+json', 'application/ld+json', 'application/vc', 'application/vc+jwt', 'application/jwt'];

/** Files sent as they are, taken off the body before validation (which sees `{}`). */
const uploads = new WeakMap<FastifyRequest, VerifyUpload>();

/** How many credentials one client address may have fetched by URL per minute. */
export const URL_FETCHES_PER_MINUTE = 30;

export function verifyRoutes(platform: Platform): FastifyPluginAsyncZod {
  return async (app) => {
    // Parsers of this plugin only: other routes keep refusing these types (415).
    app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: MAX_PDF_BYTES }, (_request, body, done) => done(null, body));
    app.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_CREDENTIAL_BYTES }, (_request, body, done) => done(null, body));
    // A body over its limit gets the limits in its message; everything else the application's answer.
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') return errorHandler(error, request, reply);
      return sendProblem(request, reply, 413, 'too_large', {
        pl: 'Przesłany plik jest za duży: certyfikat PDF może mieć najwyżej 20 MB, plik poświadczenia 5 MB, a treść JSON 1 MB.',
        en: 'The upload is too large: a PDF certificate may be at most 20 MB, a credential file 5 MB, and a JSON body 1 MB.',
      });
    });

    app.post('/api/v1/verify', {
      config: {
        access: 'public',
        // `{ url }` makes this server fetch from the internet for the caller: limited per client address, after the body
        // is read (other inputs, verified locally, are not limited).
        rateLimit: {
          max: URL_FETCHES_PER_MINUTE, timeWindow: '1 minute', hook: 'preHandler',
          allowList: (request) => !(typeof request.body === 'object' && request.body !== null && 'url' in request.body),
        },
      },
      schema: {
        tags: ['verify'],
        summary: 'Verify a credential: JSON, JSON text, a URL, or a file sent as it is (application/pdf certificate up to 20 MB; application/vc+ld+json)',
        body: VerifyBodySchema,
        response: { 200: VerificationAnswerSchema },
      },
      preValidation: async (request) => {
        const body: unknown = request.body;
        if (Buffer.isBuffer(body)) {
          const contentType = String(request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
          uploads.set(request, { contentType, bytes: body });
          (request as { body: unknown }).body = {};
        }
      },
    }, async (request) => verifyForPublic(platform, request.body, uploads.get(request)));

    app.get('/api/v1/verify/:code', {
      config: { access: 'public' },
      schema: {
        tags: ['verify'], summary: 'Verify a credential issued on this platform by its short code (the /v/<code> link and QR code)',
        params: ShortCodeParams, response: { 200: VerificationAnswerSchema },
      },
    }, async (request, reply) => {
      const answer = await verifyByShortCode(platform, request.params.code);
      return reply.header('cache-control', 'no-store').send(answer);
    });
  };
}
