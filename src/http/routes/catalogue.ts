/**
 * The public catalogue (no sign-in; docs/catalogue.md): search with filters and facets, one offer by its stable id,
 * pathways, and the offer's stable URL `/catalogue/:specId[/v/:version]`, which answers by `Accept` (or `?format=`)
 * with the web page (its head carries the title, Open Graph tags and schema.org `Course` JSON-LD), our JSON, the
 * Open Badges 3.0 `Achievement`, the European Learning Model JSON-LD, or the schema.org `Course`, each linking the
 * others with `Link` headers. Also `/sitemap.xml` and `/robots.txt`.
 */
import { resolve } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PARTICIPATION_CODES, validateSpecification, type Specification } from '../../model/index.ts';
import { languageCode } from '../../model/fields.ts';
import { catalogueEntry, catalogueIndex, searchCatalogue, SORTS, type CatalogueEntry } from '../../services/catalogue.ts';
import { publicPathway } from '../../services/pathways.ts';
import { findInstitution } from '../../services/institutions.ts';
import { catalogueUrl } from '../../services/specifications.ts';
import type { Platform } from '../../services/platform.ts';
import { achievementDocument } from '../../credentials/achievement.ts';
import { buildElmSpecification } from '../../formats/elm.ts';
import { buildSchemaOrgCourse } from '../../formats/schema-org.ts';
import { escapeHtml, openGraphTags, scriptJson, sendAppShell } from '../app-shell.ts';
import { requestLanguage, sendProblem } from '../problems.ts';
import { JsonObjectSchema, PathwaySchema, SpecIdParam, VersionParam } from './schemas.ts';
import { DEFAULT_WEB_DIST } from './web.ts';

/** A query parameter that may be repeated (`?eqf=6&eqf=7`): always an array. */
function many<T extends z.ZodType>(item: T, max: number) {
  return z.preprocess((value) => (value === undefined || Array.isArray(value) ? value : [value]), z.array(item).max(max)).optional();
}

/** A number parameter; an empty value (`?ectsMin=`) counts as absent. */
function optionalNumber(schema: z.ZodNumber) {
  return z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().pipe(schema).optional());
}

export const CatalogueQuerySchema = z.strictObject({
  q: z.string().max(200).optional(),
  eqf: many(z.coerce.number().int().min(1).max(8), 8),
  ectsMin: optionalNumber(z.number().min(0).max(180)),
  ectsMax: optionalNumber(z.number().min(0).max(180)),
  isced: many(z.string().regex(/^\d{2,4}$/), 30),
  language: many(languageCode, 30),
  participation: many(z.enum(PARTICIPATION_CODES), 3),
  institution: many(z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/), 50),
  sort: z.enum(SORTS).optional(),
  lang: z.enum(['pl', 'en']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const LangText = z.object({ pl: z.string(), en: z.string() });
const OfferSchema = z.object({
  specId: z.string(), version: z.number(), url: z.string(), title: LangText, description: LangText.nullable(),
  institution: z.object({ slug: z.string(), namePl: z.string(), nameEn: z.string() }),
  ectsCredits: z.number(), workloadHours: z.number().nullable(), eqfLevel: z.number().nullable(), prkLevel: z.number().nullable(),
  iscedF: z.string().nullable(), languages: z.array(z.string()), participationMode: z.string(), assessmentType: z.string(),
  publishedAt: z.date(), pathways: z.array(z.object({ id: z.string(), title: LangText, url: z.string() })),
});
const EntrySchema = OfferSchema.extend({
  status: z.enum(['published', 'archived']), superseded: z.boolean(), document: JsonObjectSchema,
  versions: z.array(z.object({ version: z.number(), status: z.string(), publishedAt: z.date().nullable(), url: z.string() })),
});
const FacetSchema = z.array(z.object({ value: z.string(), count: z.number() }));
const LabelledFacetSchema = z.array(z.object({ value: z.string(), label: LangText, count: z.number() }));
const SearchSchema = z.object({
  total: z.number(), page: z.number(), pageSize: z.number(), items: z.array(OfferSchema),
  facets: z.object({
    eqf: z.array(z.object({ value: z.number().nullable(), count: z.number() })), isced: LabelledFacetSchema, language: FacetSchema,
    participation: FacetSchema, institution: LabelledFacetSchema,
    ects: z.array(z.object({ min: z.number(), max: z.number().nullable(), count: z.number() })),
  }),
});

export const FORMATS = ['html', 'json', 'ob3', 'elm', 'schema-org'] as const;
export type Format = (typeof FORMATS)[number];

const OB3_PROFILE = 'https://purl.imsglobal.org/spec/ob/v3p0';
const ELM_PROFILE = 'http://data.europa.eu/snb/model/elm';
const SCHEMA_ORG_PROFILE = 'https://schema.org';

const MEDIA: Record<Exclude<Format, 'html'>, { type: string; profile?: string }> = {
  json: { type: 'application/json' },
  ob3: { type: 'application/ld+json', profile: OB3_PROFILE },
  elm: { type: 'application/ld+json', profile: ELM_PROFILE },
  'schema-org': { type: 'application/ld+json', profile: SCHEMA_ORG_PROFILE },
};

/** The format a request asks for: `?format=`, else the first acceptable media type in `Accept` order of quality. */
export function negotiate(accept: string | undefined, format: Format | undefined): Format | undefined {
  if (format) return format;
  if (!accept) return 'html';
  const ranges = accept.split(',').map((part, index) => {
    const [range = '', ...params] = part.split(';').map((p) => p.trim());
    const values = new Map(params.map((p) => {
      const eq = p.indexOf('=');
      return [p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/^"|"$/g, '')] as const;
    }));
    const q = Number(values.get('q') ?? '1');
    return { range: range.toLowerCase(), profile: values.get('profile'), q: Number.isFinite(q) ? q : 0, index };
  }).filter((r) => r.q > 0).sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { range, profile } of ranges) {
    if (range === 'text/html' || range === 'application/xhtml+xml') return 'html';
    if (range === 'application/json') return 'json';
    if (range === 'application/ld+json') {
      if (profile?.startsWith(OB3_PROFILE)) return 'ob3';
      if (profile?.startsWith(SCHEMA_ORG_PROFILE) || profile?.startsWith('http://schema.org')) return 'schema-org';
      return 'elm';
    }
    if (range === '*/*' || range === 'application/*') return range === '*/*' ? 'html' : 'json';
    if (range === 'text/*') return 'html';
  }
  return undefined;
}

function linkHeader(url: string): string {
  const alternates = (Object.entries(MEDIA) as Array<[Format, { type: string; profile?: string }]>).map(([format, media]) =>
    `<${url}?format=${format}>; rel="alternate"; type="${media.type}"${media.profile ? `; profile="${media.profile}"` : ''}`);
  return [`<${url}>; rel="canonical"`, `<${url}>; rel="alternate"; type="text/html"`, ...alternates].join(', ');
}

export function catalogueRoutes(platform: Platform, options: { distDir?: string } = {}): FastifyPluginAsyncZod {
  const indexFile = resolve(options.distDir ?? DEFAULT_WEB_DIST, 'index.html');

  /** The machine-readable form of an offer. */
  async function render(entry: CatalogueEntry, format: Exclude<Format, 'html'>, lang: 'pl' | 'en'): Promise<unknown> {
    const spec = specificationOf(entry);
    const url = catalogueUrl(platform, entry.specId, entry.version);
    switch (format) {
      case 'json': return entry;
      case 'ob3': {
        const institution = await findInstitution(platform, entry.institution.slug);
        return achievementDocument(spec, { achievementId: url, lang, ...(institution ? { creator: { id: institution.did, type: ['Profile'], name: lang === 'pl' ? institution.namePl : institution.nameEn } } : {}) });
      }
      case 'elm': {
        const institution = await findInstitution(platform, entry.institution.slug);
        return buildElmSpecification(spec, { id: url, institution: { did: institution?.did ?? url, ...(institution?.website ? { homepage: institution.website } : {}) }, baseUrl: platform.baseUrl });
      }
      case 'schema-org': return schemaOrg(entry, lang);
    }
  }

  /** The offer's specification with the model's defaults filled in (a published version is always valid). */
  function specificationOf(entry: CatalogueEntry): Specification {
    const validated = validateSpecification(entry.document);
    if (!validated.ok) throw new Error(`Published specification ${entry.specId} v${entry.version} does not validate`);
    return validated.value;
  }

  function schemaOrg(entry: CatalogueEntry, lang: 'pl' | 'en'): Record<string, unknown> {
    return buildSchemaOrgCourse(specificationOf(entry), {
      url: entry.url, lang, provider: { name: lang === 'pl' ? entry.institution.namePl : entry.institution.nameEn },
    });
  }

  async function sendOffer(request: FastifyRequest, reply: FastifyReply, specId: string, version: number | undefined, format: Format | undefined): Promise<FastifyReply> {
    const entry = await catalogueEntry(platform, specId, version);
    const url = version === undefined ? entry.url : catalogueUrl(platform, specId, version);
    const chosen = negotiate(request.headers.accept, format);
    reply.header('vary', 'Accept').header('link', linkHeader(url)).header('cache-control', 'public, max-age=60');
    if (!chosen) {
      return sendProblem(request, reply, 406, 'not_acceptable', {
        pl: 'Dostępne formaty: text/html, application/json, application/ld+json (ELM; profile Open Badges 3.0 lub schema.org)',
        en: 'Available: text/html, application/json, application/ld+json (ELM; profiles for Open Badges 3.0 or schema.org)',
      });
    }
    const lang = requestLanguage(request);
    if (chosen !== 'html') {
      const media = MEDIA[chosen];
      return reply.type(`${media.type}; charset=utf-8${media.profile ? `; profile="${media.profile}"` : ''}`).send(await render(entry, chosen, lang));
    }
    const title = entry.title[lang] || entry.title.pl;
    const institution = lang === 'pl' ? entry.institution.namePl : entry.institution.nameEn;
    const description = entry.description?.[lang] ?? '';
    reply.header('cache-control', 'no-cache');
    return sendAppShell(request, reply, indexFile, [
      `<title>${escapeHtml(`${title} — ${institution} · Mikrocred`)}</title>`,
      `<meta name="description" content="${escapeHtml(description)}">`,
      `<link rel="canonical" href="${escapeHtml(url)}">`,
      ...openGraphTags({ type: 'website', title, description, url, site_name: 'Mikrocred' }),
      `<script type="application/ld+json">${scriptJson(schemaOrg(entry, lang))}</script>`,
    ]);
  }

  return async (app) => {
    const tags = ['catalogue'];
    const FormatQuery = z.strictObject({ format: z.enum(FORMATS).optional() });

    app.get('/api/v1/catalogue', {
      config: { access: 'public' },
      schema: { tags, summary: 'Search the public catalogue of micro-credentials', querystring: CatalogueQuerySchema, response: { 200: SearchSchema } },
    }, async (request, reply) => {
      const { q, eqf, ectsMin, ectsMax, isced, language, participation, institution, sort, lang, page, pageSize } = request.query;
      reply.header('cache-control', 'public, max-age=15').header('vary', 'Accept-Language');
      return searchCatalogue(platform, {
        ...(q !== undefined ? { q } : {}), ...(eqf ? { eqf } : {}), ...(ectsMin !== undefined ? { ectsMin } : {}), ...(ectsMax !== undefined ? { ectsMax } : {}),
        ...(isced ? { isced } : {}), ...(language ? { language } : {}), ...(participation ? { participation } : {}),
        ...(institution ? { institution } : {}), ...(sort ? { sort } : {}), lang: lang ?? requestLanguage(request), page, pageSize,
      });
    });

    app.get('/api/v1/catalogue/:specId', {
      config: { access: 'public' },
      schema: { tags, summary: 'One offer: its current published version with every standard element', params: z.strictObject({ specId: SpecIdParam }), response: { 200: EntrySchema } },
    }, async (request) => catalogueEntry(platform, request.params.specId));

    app.get('/api/v1/catalogue/:specId/versions/:version', {
      config: { access: 'public' },
      schema: { tags, summary: 'One published (or archived) version of an offer', params: z.strictObject({ specId: SpecIdParam, version: VersionParam }), response: { 200: EntrySchema } },
    }, async (request) => catalogueEntry(platform, request.params.specId, request.params.version));

    app.get('/api/v1/pathways/:id', {
      config: { access: 'public' },
      schema: {
        tags: ['pathways'], summary: 'A pathway with its member offers', params: z.strictObject({ id: z.uuid() }),
        response: { 200: PathwaySchema.extend({ offers: z.array(EntrySchema) }) },
      },
    }, async (request) => publicPathway(platform, request.params.id));

    app.get('/catalogue/:specId', {
      config: { access: 'public' },
      schema: { tags, summary: 'The stable URL of an offer: HTML, JSON, OB 3.0 Achievement, ELM or schema.org by Accept or ?format=', params: z.strictObject({ specId: SpecIdParam }), querystring: FormatQuery },
    }, async (request, reply) => sendOffer(request, reply, request.params.specId, undefined, request.query.format));

    app.get('/catalogue/:specId/v/:version', {
      config: { access: 'public' },
      schema: { tags, summary: 'The stable URL of one version of an offer (formats as above)', params: z.strictObject({ specId: SpecIdParam, version: VersionParam }), querystring: FormatQuery },
    }, async (request, reply) => sendOffer(request, reply, request.params.specId, request.params.version, request.query.format));

    app.get('/sitemap.xml', { config: { access: 'public' }, schema: { tags: ['catalogue'], summary: 'Sitemap of the public catalogue (offers and pathways)' } }, async (_request, reply) => {
      const offers = await catalogueIndex(platform);
      const pathways = await platform.store.db.selectFrom('pathways').select(['id', 'updated_at']).orderBy('created_at').execute();
      const url = (loc: string, lastmod?: Date): string => `  <url><loc>${escapeHtml(loc)}</loc>${lastmod ? `<lastmod>${lastmod.toISOString()}</lastmod>` : ''}</url>`;
      const xml = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        url(`${platform.baseUrl}/catalogue`),
        ...offers.map((o) => url(catalogueUrl(platform, o.specId), o.publishedAt)),
        ...pathways.map((p) => url(`${platform.baseUrl}/pathways/${p.id}`, p.updated_at)),
        '</urlset>',
      ].join('\n');
      return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml);
    });

    app.get('/robots.txt', { config: { access: 'public' }, schema: { tags: ['catalogue'], summary: 'Robots rules pointing to the sitemap' } }, async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send(`User-agent: *\nAllow: /catalogue\nAllow: /pathways\nDisallow: /api/\nDisallow: /institutions/\nSitemap: ${platform.baseUrl}/sitemap.xml\n`));
  };
}
