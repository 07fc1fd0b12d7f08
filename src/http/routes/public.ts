/** What anyone may fetch: institutions' DID documents and their status list credentials. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getInstitution, getLogo, institutionDidDocument } from '../../services/institutions.ts';
import { notFound, type Platform } from '../../services/platform.ts';
import { statusListCredential } from '../../services/status-lists.ts';
import { JsonObjectSchema, SlugParams } from './schemas.ts';

export function publicRoutes(platform: Platform): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/i/:slug/did.json', {
      config: { access: 'public' },
      schema: { tags: ['public'], summary: 'The institution\'s did:web DID document', params: SlugParams, response: { 200: JsonObjectSchema } },
    }, async (request, reply) => {
      const document = await institutionDidDocument(platform, await getInstitution(platform, request.params.slug));
      return reply.type('application/did+json').header('cache-control', 'public, max-age=300').send(document);
    });

    app.get('/i/:slug/logo', {
      config: { access: 'public' },
      schema: { tags: ['public'], summary: 'The institution logo (PNG or JPEG)', params: SlugParams },
    }, async (request, reply) => {
      const logo = await getLogo(platform, await getInstitution(platform, request.params.slug));
      if (!logo) throw notFound({ pl: 'logo', en: 'logo' });
      return reply.type(logo.type).header('cache-control', 'public, max-age=3600').header('x-content-type-options', 'nosniff').send(logo.image);
    });

    app.get('/i/:slug/status/:seq', {
      config: { access: 'public' },
      schema: {
        tags: ['public'], summary: 'A Bitstring Status List credential of the institution',
        params: SlugParams.extend({ seq: z.coerce.number().int().min(1).max(1_000_000) }), response: { 200: JsonObjectSchema },
      },
    }, async (request, reply) => {
      const institution = await getInstitution(platform, request.params.slug);
      const credential = await statusListCredential(platform, institution, request.params.seq);
      return reply.type('application/vc+ld+json').header('cache-control', 'public, max-age=60').send(credential);
    });
  };
}
