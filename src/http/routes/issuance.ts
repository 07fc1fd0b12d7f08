/**
 * Issuance for staff (docs: README "Issuance"): one credential from a published specification version; cohort
 * batches from CSV/XLSX (upload → preview with per-row problems → mapping → start → progress → report); the issued
 * credentials with their JSON and PDF; revocation, suspension and reinstatement; the e-mail outbox.
 * Issuing, revoking and batches need the issuer role; reading needs any role; the outbox (claim links) the issuer role.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AWARD_LANGUAGES } from '../../services/awards.ts';
import { batchReport, cancelBatch, createBatch, getBatch, listBatches, setBatchMapping, startBatch } from '../../services/batches.ts';
import { issueAward } from '../../services/issue-award.ts';
import { issuedCredential, issuedDocument, listIssued } from '../../services/issued-credentials.ts';
import { credentialPdf } from '../../services/certificates.ts';
import { listOutbox, retryOutboxMessage } from '../../services/notifications.ts';
import { ServiceError, type Platform } from '../../services/platform.ts';
import { changeStatus } from '../../services/revocation.ts';
import { actorOf, tenantOf } from '../auth.ts';
import { JsonObjectSchema, SlugParams, SpecIdParam } from './schemas.ts';

const SAMPLE_COHORT = new URL('../../../examples/cohort-sample.csv', import.meta.url);

/** Largest uploaded cohort file (base64 in JSON: a third more on the wire). */
export const UPLOAD_LIMIT = 10 * 1024 * 1024;

const IdParams = SlugParams.extend({ id: z.uuid() });
const LangText = z.object({ pl: z.string(), en: z.string() });

const OptionsSchema = z.strictObject({
  language: z.enum(AWARD_LANGUAGES).optional(),
  suspendable: z.boolean().optional(),
  notify: z.boolean().optional(),
});

const IssuedSchema = z.object({
  id: z.string(), credentialId: z.string(), specId: z.string().nullable(), version: z.number().nullable(), title: LangText,
  learner: z.object({ name: z.string(), email: z.string().nullable(), studentNumber: z.string().nullable() }),
  issuedAt: z.date(), status: z.enum(['active', 'revoked', 'suspended']), revokedAt: z.date().nullable(), revocationReason: z.string().nullable(),
  suspendedAt: z.date().nullable(), suspensionReason: z.string().nullable(), suspendable: z.boolean(),
  externalReference: z.string().nullable(), batchId: z.string().nullable(), verifyUrl: z.string().nullable(),
});

const RowProblemSchema = z.object({
  row: z.number(), column: z.string().optional(), field: z.string(), code: z.string(), severity: z.enum(['error', 'warning']), message: LangText,
});

const BatchSchema = z.object({
  id: z.string(), specId: z.string(), version: z.number(), status: z.enum(['preview', 'queued', 'running', 'done', 'cancelled']),
  fileName: z.string().nullable(), createdAt: z.date(), startedAt: z.date().nullable(), finishedAt: z.date().nullable(),
  counts: z.object({ total: z.number(), invalid: z.number(), pending: z.number(), issued: z.number(), duplicates: z.number(), failed: z.number() }),
  progress: z.number(), headers: z.array(z.string()), mapping: z.record(z.string(), z.number()),
  mappingProblems: z.array(z.object({ field: z.string(), code: z.string(), message: LangText })),
  problems: z.array(RowProblemSchema), options: z.object({ language: z.string().optional(), suspendable: z.boolean().optional(), notify: z.boolean().optional() }),
});

const ReasonBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export function issuanceRoutes(platform: Platform): FastifyPluginAsyncZod {
  return async (app) => {
    const base = '/api/v1/institutions/:slug';

    app.post(`${base}/credentials`, {
      config: { access: { tenant: 'issuer' } },
      schema: {
        tags: ['issuance'], summary: 'Issue one micro-credential from a published specification (the same award again returns the first credential, 200)',
        params: SlugParams,
        body: z.strictObject({
          specId: SpecIdParam, version: z.int().min(1).optional(), learner: JsonObjectSchema, result: JsonObjectSchema.optional(), options: OptionsSchema.optional(),
        }),
        response: { 200: z.object({ created: z.boolean(), credential: IssuedSchema }), 201: z.object({ created: z.boolean(), credential: IssuedSchema }) },
      },
    }, async (request, reply) => {
      const { specId, version, learner, result, options } = request.body;
      const issued = await issueAward(platform, tenantOf(request), { specId, version, award: { learner, result: result ?? {} }, options, pathPrefix: 'body' }, actorOf(request));
      return reply.code(issued.created ? 201 : 200).send(issued);
    });

    app.get(`${base}/credentials`, {
      config: { access: { tenant: 'viewer' } },
      schema: {
        tags: ['issuance'], summary: 'Issued credentials (newest first), by specification, batch, status or learner', params: SlugParams,
        querystring: z.strictObject({
          specId: SpecIdParam.optional(), batchId: z.uuid().optional(), status: z.enum(['active', 'revoked', 'suspended']).optional(),
          q: z.string().trim().max(200).optional(), limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
        response: { 200: z.object({ total: z.number(), items: z.array(IssuedSchema) }) },
      },
    }, async (request) => listIssued(platform, tenantOf(request), request.query));

    app.get(`${base}/credentials/:id`, {
      config: { access: { tenant: 'viewer' } },
      schema: { tags: ['issuance'], summary: 'One issued credential and its status', params: IdParams, response: { 200: IssuedSchema } },
    }, async (request) => issuedCredential(platform, tenantOf(request), request.params.id));

    app.get(`${base}/credentials/:id/json`, {
      config: { access: { tenant: 'viewer' } },
      schema: { tags: ['issuance'], summary: 'The signed credential, byte for byte as issued (Open Badges 3.0 JSON-LD)', params: IdParams },
    }, async (request, reply) => {
      const json = await issuedDocument(platform, tenantOf(request), request.params.id);
      return reply.type('application/vc+ld+json; charset=utf-8').header('content-disposition', `attachment; filename="credential-${request.params.id}.json"`).send(json);
    });

    app.get(`${base}/credentials/:id/pdf`, {
      config: { access: { tenant: 'viewer' } },
      schema: {
        tags: ['issuance'], summary: 'The PDF certificate (A4; the signed credential attached inside)', params: IdParams,
        querystring: z.strictObject({ lang: z.enum(['pl', 'en', 'both']).optional() }),
      },
    }, async (request, reply) => {
      const pdf = await credentialPdf(platform, tenantOf(request), request.params.id, request.query.lang);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${pdf.fileName}"`).send(Buffer.from(pdf.bytes));
    });

    for (const change of ['revoke', 'suspend', 'reinstate'] as const) {
      app.post(`${base}/credentials/:id/${change}`, {
        config: { access: { tenant: 'issuer' } },
        schema: {
          tags: ['issuance'],
          summary: { revoke: 'Revoke (final), with a reason', suspend: 'Suspend, with a reason (credentials issued with a suspension entry)', reinstate: 'Lift a suspension' }[change],
          params: IdParams, body: change === 'reinstate' ? z.strictObject({ reason: z.string().trim().min(1).max(500).optional() }) : ReasonBody,
          response: { 200: IssuedSchema },
        },
      }, async (request) => changeStatus(platform, tenantOf(request), request.params.id, change, request.body.reason, actorOf(request)));
    }

    app.post(`${base}/batches`, {
      config: { access: { tenant: 'issuer' } },
      bodyLimit: Math.ceil(UPLOAD_LIMIT * 4 / 3) + 4096,
      schema: {
        tags: ['batches'], summary: 'Upload a cohort (CSV or XLSX, base64): a preview with every row checked and the suggested column mapping',
        params: SlugParams,
        body: z.strictObject({
          specId: SpecIdParam, version: z.int().min(1).optional(), fileName: z.string().trim().min(1).max(200).optional(),
          content: z.base64().min(1),
        }),
        response: { 201: BatchSchema },
      },
    }, async (request, reply) => {
      const bytes = Buffer.from(request.body.content, 'base64');
      if (bytes.length > UPLOAD_LIMIT) throw new ServiceError(413, 'too_large', { pl: 'Plik jest większy niż 10 MB', en: 'The file is larger than 10 MB' }, { path: 'body.content' });
      const { specId, version, fileName } = request.body;
      return reply.code(201).send(await createBatch(platform, tenantOf(request), { specId, version, fileName, bytes }, actorOf(request)));
    });

    app.get(`${base}/batches`, {
      config: { access: { tenant: 'viewer' } },
      schema: { tags: ['batches'], summary: 'The latest batches with their progress', params: SlugParams, response: { 200: z.array(BatchSchema) } },
    }, async (request) => listBatches(platform, tenantOf(request)));

    app.get(`${base}/batches/:id`, {
      config: { access: { tenant: 'viewer' } },
      schema: { tags: ['batches'], summary: 'A batch: its counts, progress, mapping and row problems', params: IdParams, response: { 200: BatchSchema } },
    }, async (request) => getBatch(platform, tenantOf(request), request.params.id));

    app.put(`${base}/batches/:id/mapping`, {
      config: { access: { tenant: 'issuer' } },
      schema: {
        tags: ['batches'], summary: 'Change the column mapping of a preview (every row is checked again)', params: IdParams,
        body: z.strictObject({ mapping: z.record(z.string().max(60), z.int().min(0).max(500)) }), response: { 200: BatchSchema },
      },
    }, async (request) => setBatchMapping(platform, tenantOf(request), request.params.id, request.body.mapping, actorOf(request)));

    app.post(`${base}/batches/:id/start`, {
      config: { access: { tenant: 'issuer' } },
      schema: { tags: ['batches'], summary: 'Issue the valid rows of a preview', params: IdParams, body: OptionsSchema, response: { 200: BatchSchema } },
    }, async (request) => startBatch(platform, tenantOf(request), request.params.id, request.body, actorOf(request)));

    app.post(`${base}/batches/:id/cancel`, {
      config: { access: { tenant: 'issuer' } },
      schema: { tags: ['batches'], summary: 'Stop a batch (rows issued so far stay issued)', params: IdParams, body: z.strictObject({}), response: { 200: BatchSchema } },
    }, async (request) => cancelBatch(platform, tenantOf(request), request.params.id, actorOf(request)));

    app.get(`${base}/batches/:id/report`, {
      config: { access: { tenant: 'viewer' } },
      schema: {
        tags: ['batches'], summary: 'Every row problem of a batch as CSV (row; column; problem)', params: IdParams,
        querystring: z.strictObject({ lang: z.enum(['pl', 'en']).optional() }),
      },
    }, async (request, reply) => {
      const csv = await batchReport(platform, tenantOf(request), request.params.id, request.query.lang ?? 'pl');
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="batch-${request.params.id}-report.csv"`).send(csv);
    });

    // A sample cohort file for the upload page: twelve learners, two of them with a problem the preview reports.
    app.get('/api/v1/samples/cohort.csv', {
      config: { access: 'public' },
      schema: { tags: ['batches'], summary: 'A sample cohort file (CSV, UTF-8, ";"), with two rows the preview reports as wrong' },
    }, async (_request, reply) => reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="kohorta-przyklad.csv"')
      .header('cache-control', 'public, max-age=3600').send(await readFile(SAMPLE_COHORT)));

    app.get(`${base}/outbox`, {
      config: { access: { tenant: 'issuer' } },
      schema: {
        tags: ['outbox'], summary: 'E-mails to learners: sent, waiting (no SMTP configured, or retrying) and failed; smtpConfigured says whether they are sent at all', params: SlugParams,
        querystring: z.strictObject({
          status: z.enum(['pending', 'sent', 'failed']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
        response: { 200: JsonObjectSchema },
      },
    }, async (request) => {
      const { status, limit, offset } = request.query;
      const page = await listOutbox(platform, tenantOf(request).id, { ...(status ? { status } : {}), limit, offset });
      return { ...page, smtpConfigured: platform.mailConfigured === true } as unknown as Record<string, unknown>;
    });

    app.post(`${base}/outbox/:id/retry`, {
      config: { access: { tenant: 'issuer' } },
      schema: { tags: ['outbox'], summary: 'Send a failed e-mail again', params: IdParams, body: z.strictObject({}).optional(), response: { 204: z.null() } },
    }, async (request, reply) => {
      await retryOutboxMessage(platform, tenantOf(request).id, request.params.id, actorOf(request));
      return reply.code(204).send(null);
    });
  };
}
