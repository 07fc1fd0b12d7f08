/**
 * The catalogue's staff side (docs/catalogue.md): specifications and their lifecycle, pathways, and the import and
 * export of a whole catalogue. Designers write; every member reads. No route writes to a published version.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportCatalogue, importCatalogue } from '../../services/catalogue-io.ts';
import { createPathway, deletePathway, listPathways, updatePathway } from '../../services/pathways.ts';
import { importElmSpecification } from '../../services/specification-import.ts';
import type { Platform } from '../../services/platform.ts';
import {
  archiveSpecification, createSpecification, discardDraft, getSpecification, getVersion, listSpecifications, publishDraft, saveDraft,
} from '../../services/specifications.ts';
import { actorOf, tenantOf } from '../auth.ts';
import {
  CatalogueExportOutSchema, CatalogueExportSchema, DocumentBody, ElmImportResultSchema, ImportReportSchema, JsonObjectSchema, PathwayInputSchema, PathwaySchema, SlugParams, SpecificationSummarySchema,
  SpecificationVersionSchema, SpecIdParam, VersionParam, VersionSummarySchema,
} from './schemas.ts';

const SpecParams = SlugParams.extend({ specId: SpecIdParam });
/** An ELM document with its display images: the EC's samples are 110–150 KB; a credential with large images more. */
const ELM_BODY_LIMIT = 6 * 1024 * 1024;

export function specificationRoutes(platform: Platform): FastifyPluginAsyncZod {
  return async (app) => {
    const base = '/api/v1/institutions/:slug/specifications';
    const tags = ['specifications'];

    app.get(base, {
      config: { access: { tenant: 'viewer' } },
      schema: { tags, summary: 'The institution\'s specifications (newest version of each)', params: SlugParams, response: { 200: z.array(SpecificationSummarySchema) } },
    }, async (request) => listSpecifications(platform, tenantOf(request)));

    app.post(base, {
      config: { access: { tenant: 'designer' } },
      schema: {
        tags, summary: 'Create a specification (version 1, a draft; may be incomplete: the answer lists its problems)',
        params: SlugParams, body: DocumentBody, response: { 201: SpecificationVersionSchema },
      },
    }, async (request, reply) => reply.code(201).send(await createSpecification(platform, tenantOf(request), request.body.document, actorOf(request))));

    app.post(`${base}/import/elm`, {
      config: { access: { tenant: 'designer' } },
      bodyLimit: ELM_BODY_LIMIT,
      schema: {
        tags, summary: 'Import an ELM v3 document (Europass / EDC credential, learning opportunity or qualification) as a new draft; dryRun only shows the result',
        params: SlugParams,
        body: z.strictObject({ document: z.union([JsonObjectSchema, z.array(JsonObjectSchema).min(1)]), dryRun: z.boolean().optional() }),
        response: { 200: ElmImportResultSchema, 201: ElmImportResultSchema },
      },
    }, async (request, reply) => {
      const result = await importElmSpecification(platform, tenantOf(request), request.body.document, actorOf(request), { dryRun: request.body.dryRun === true });
      return reply.code(result.draft ? 201 : 200).send(result);
    });

    app.get(`${base}/:specId`, {
      config: { access: { tenant: 'viewer' } },
      schema: {
        tags, summary: 'A specification: its versions and the newest one', params: SpecParams,
        response: { 200: z.object({ specId: z.string(), versions: z.array(VersionSummarySchema), latest: SpecificationVersionSchema }) },
      },
    }, async (request) => getSpecification(platform, tenantOf(request), request.params.specId));

    app.get(`${base}/:specId/versions/:version`, {
      config: { access: { tenant: 'viewer' } },
      schema: { tags, summary: 'One version of a specification', params: SpecParams.extend({ version: VersionParam }), response: { 200: SpecificationVersionSchema } },
    }, async (request) => getVersion(platform, tenantOf(request), request.params.specId, request.params.version));

    app.put(`${base}/:specId/draft`, {
      config: { access: { tenant: 'designer' } },
      schema: {
        tags, summary: 'Save the draft (starts version n+1 when the newest version is published or archived)',
        params: SpecParams, body: DocumentBody, response: { 200: SpecificationVersionSchema },
      },
    }, async (request) => saveDraft(platform, tenantOf(request), request.params.specId, request.body.document, actorOf(request)));

    app.delete(`${base}/:specId/draft`, {
      config: { access: { tenant: 'designer' } },
      schema: { tags, summary: 'Discard the draft', params: SpecParams, response: { 204: z.null() } },
    }, async (request, reply) => {
      await discardDraft(platform, tenantOf(request), request.params.specId, actorOf(request));
      return reply.code(204).send(null);
    });

    app.post(`${base}/:specId/publish`, {
      config: { access: { tenant: 'designer' } },
      schema: {
        tags, summary: 'Publish the draft: 422 with every problem when it is not complete and valid',
        params: SpecParams, body: z.strictObject({}).optional(), response: { 200: SpecificationVersionSchema },
      },
    }, async (request) => publishDraft(platform, tenantOf(request), request.params.specId, actorOf(request)));

    app.post(`${base}/:specId/archive`, {
      config: { access: { tenant: 'designer' } },
      schema: {
        tags, summary: 'Take the specification out of the catalogue (its published versions stay readable)',
        params: SpecParams, body: z.strictObject({}).optional(), response: { 200: z.object({ specId: z.string(), archivedVersions: z.array(z.number()) }) },
      },
    }, async (request) => archiveSpecification(platform, tenantOf(request), request.params.specId, actorOf(request)));

    const pathways = '/api/v1/institutions/:slug/pathways';
    const PathwayParams = SlugParams.extend({ id: z.uuid() });

    app.get(pathways, {
      config: { access: { tenant: 'viewer' } },
      schema: { tags: ['pathways'], summary: 'The institution\'s pathways', params: SlugParams, response: { 200: z.array(PathwaySchema) } },
    }, async (request) => listPathways(platform, { institution: tenantOf(request) }));

    app.post(pathways, {
      config: { access: { tenant: 'designer' } },
      schema: { tags: ['pathways'], summary: 'Create a pathway', params: SlugParams, body: PathwayInputSchema, response: { 201: PathwaySchema } },
    }, async (request, reply) => reply.code(201).send(await createPathway(platform, tenantOf(request), request.body, actorOf(request))));

    app.put(`${pathways}/:id`, {
      config: { access: { tenant: 'designer' } },
      schema: { tags: ['pathways'], summary: 'Change a pathway', params: PathwayParams, body: PathwayInputSchema, response: { 200: PathwaySchema } },
    }, async (request) => updatePathway(platform, tenantOf(request), request.params.id, request.body, actorOf(request)));

    app.delete(`${pathways}/:id`, {
      config: { access: { tenant: 'designer' } },
      schema: { tags: ['pathways'], summary: 'Delete a pathway', params: PathwayParams, response: { 204: z.null() } },
    }, async (request, reply) => {
      await deletePathway(platform, tenantOf(request), request.params.id, actorOf(request));
      return reply.code(204).send(null);
    });

    app.get('/api/v1/institutions/:slug/catalogue/export', {
      config: { access: { tenant: 'viewer' } },
      schema: { tags: ['catalogue'], summary: 'The whole catalogue of the institution as JSON (every version, and the pathways)', params: SlugParams, response: { 200: CatalogueExportOutSchema } },
    }, async (request) => exportCatalogue(platform, tenantOf(request)));

    app.post('/api/v1/institutions/:slug/catalogue/import', {
      config: { access: { tenant: 'designer' } },
      schema: {
        tags: ['catalogue'], summary: 'Import a catalogue exported by Mikrocred (as drafts, or published with publish: true)',
        params: SlugParams, body: CatalogueExportSchema.extend({ publish: z.boolean().optional() }), response: { 200: ImportReportSchema },
      },
    }, async (request) => importCatalogue(platform, tenantOf(request), request.body, actorOf(request)));
  };
}
