/**
 * Liveness, readiness, and the public documents: our JSON-LD extension context and its JSON Schema, the documents
 * `https://w3id.org/mikrocred/v1` and `…/v1/schema.json` name (docs/contexts.md: how that redirect points here).
 */
import { readFileSync } from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONTEXTS, MIKROCRED_CONTEXT_URL } from '../../credentials/index.ts';
import type { Platform } from '../../services/platform.ts';

const MIKROCRED_SCHEMA = readFileSync(new URL('../../../schemas/mikrocred-v1.schema.json', import.meta.url), 'utf8');

export function systemRoutes(platform: Platform): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/health', {
      config: { access: 'public' },
      schema: { tags: ['system'], summary: 'Liveness: the process answers', response: { 200: z.object({ status: z.literal('ok') }) } },
    }, async () => ({ status: 'ok' as const }));

    app.get('/ready', {
      config: { access: 'public' },
      schema: {
        tags: ['system'], summary: 'Readiness: the database answers',
        response: { 200: z.object({ status: z.literal('ready'), database: z.string() }), 503: z.object({ status: z.literal('unavailable'), database: z.string() }) },
      },
    }, async (_request, reply) => {
      const ok = await platform.store.ping();
      if (ok) return { status: 'ready' as const, database: platform.store.kind };
      return reply.code(503).send({ status: 'unavailable' as const, database: platform.store.kind });
    });

    app.get('/ns/mikrocred/v1', {
      config: { access: 'public' },
      schema: { tags: ['public'], summary: 'The Mikrocred JSON-LD extension context (https://w3id.org/mikrocred/v1)' },
    }, async (_request, reply) => {
      return reply.type('application/ld+json').header('cache-control', 'public, max-age=86400').send(CONTEXTS.get(MIKROCRED_CONTEXT_URL));
    });

    app.get('/ns/mikrocred/v1/schema.json', {
      config: { access: 'public' },
      schema: { tags: ['public'], summary: 'The JSON Schema of the Mikrocred extension (https://w3id.org/mikrocred/v1/schema.json), a credentialSchema of every credential' },
    }, async (_request, reply) => reply.type('application/schema+json').header('cache-control', 'public, max-age=86400').send(MIKROCRED_SCHEMA));
  };
}
