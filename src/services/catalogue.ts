/**
 * The public catalogue (docs/catalogue.md): search over the current published version of every specification of
 * every institution, by text (diacritics-insensitive, Polish endings tolerated: search-text.ts; each word's stem must
 * start a word of the offer, answered by full-text search) and by filters, with paging, sorting and facet counts
 * (each facet counted with every other filter applied, not its own); and one offer with its document, by its id.
 */
import { sql, type RawBuilder, type Selectable } from 'kysely';
import { iscedField } from '../model/index.ts';
import type { SpecificationsTable } from '../store/schema.ts';
import { notFound, type Platform } from './platform.ts';
import { queryStems } from './search-text.ts';
import { CACHE_ENTRIES, CACHE_MS, searchCache as cacheOf } from './catalogue-cache.ts';
import { catalogueUrl } from './specifications.ts';

export const SORTS = ['relevance', 'newest', 'title', 'ects'] as const;
export type Sort = (typeof SORTS)[number];

export interface CatalogueQuery {
  readonly q?: string;
  readonly eqf?: readonly number[];
  readonly ectsMin?: number;
  readonly ectsMax?: number;
  readonly isced?: readonly string[];
  readonly language?: readonly string[];
  readonly participation?: readonly string[];
  readonly institution?: readonly string[];
  readonly sort?: Sort;
  readonly lang: 'pl' | 'en';
  readonly page: number;
  readonly pageSize: number;
}

type Lang = { pl: string; en: string };

export interface OfferPathway {
  readonly id: string;
  readonly title: Lang;
  readonly url: string;
}

export interface CatalogueOffer {
  readonly specId: string;
  readonly version: number;
  readonly url: string;
  readonly title: Lang;
  readonly description: Lang | null;
  readonly institution: { slug: string; namePl: string; nameEn: string };
  readonly ectsCredits: number;
  readonly workloadHours: number | null;
  readonly eqfLevel: number | null;
  readonly prkLevel: number | null;
  readonly iscedF: string | null;
  readonly languages: string[];
  readonly participationMode: string;
  readonly assessmentType: string;
  readonly publishedAt: Date;
  readonly pathways: OfferPathway[];
}

export interface CatalogueEntry extends CatalogueOffer {
  readonly status: 'published' | 'archived';
  readonly superseded: boolean;
  readonly document: Record<string, unknown>;
  readonly versions: Array<{ version: number; status: string; publishedAt: Date | null; url: string }>;
}

export interface Facets {
  eqf: Array<{ value: number | null; count: number }>;
  isced: Array<{ value: string; label: Lang; count: number }>;
  language: Array<{ value: string; count: number }>;
  participation: Array<{ value: string; count: number }>;
  institution: Array<{ value: string; label: Lang; count: number }>;
  ects: Array<{ min: number; max: number | null; count: number }>;
}

export interface CatalogueSearch {
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly items: CatalogueOffer[];
  readonly facets: Facets;
}

/** ECTS facet buckets (upper bounds inclusive); the last is open. */
export const ECTS_BUCKETS: ReadonlyArray<{ min: number; max: number | null }> = [
  { min: 0, max: 2 }, { min: 2.5, max: 5 }, { min: 5.5, max: 10 }, { min: 10.5, max: null },
];

const DIMENSIONS = ['eqf', 'isced', 'language', 'participation', 'institution', 'ects'] as const;
type Dimension = (typeof DIMENSIONS)[number];

type Row = Pick<Selectable<SpecificationsTable>, 'spec_id' | 'version' | 'document' | 'published_at' | 'created_at'> & { slug: string; name_pl: string; name_en: string };

const TRUE = sql<boolean>`TRUE`;

function all(conditions: ReadonlyArray<RawBuilder<boolean>>): RawBuilder<boolean> {
  return conditions.length === 0 ? TRUE : sql<boolean>`(${sql.join(conditions, sql` AND `)})`;
}

function any(conditions: ReadonlyArray<RawBuilder<boolean>>): RawBuilder<boolean> {
  return conditions.length === 0 ? TRUE : sql<boolean>`(${sql.join(conditions, sql` OR `)})`;
}

/** Each filter as a condition on `s` (specifications) and `i` (institutions); TRUE when not filtered. */
function filterConditions(query: CatalogueQuery): Record<Dimension, RawBuilder<boolean>> {
  const list = <T>(values: readonly T[] | undefined): T[] => [...new Set(values ?? [])];
  const eqf = list(query.eqf);
  const isced = list(query.isced);
  const language = list(query.language);
  const participation = list(query.participation);
  const institution = list(query.institution);
  const ects: RawBuilder<boolean>[] = [];
  if (query.ectsMin !== undefined) ects.push(sql<boolean>`s.ects >= ${query.ectsMin}`);
  if (query.ectsMax !== undefined) ects.push(sql<boolean>`s.ects <= ${query.ectsMax}`);
  return {
    eqf: eqf.length === 0 ? TRUE : sql<boolean>`s.eqf_level IN (${sql.join(eqf)})`,
    isced: any(isced.map((code) => sql<boolean>`s.isced_f LIKE ${`${code}%`}`)),
    language: any(language.map((code) => sql<boolean>`${code} = ANY(s.languages)`)),
    participation: participation.length === 0 ? TRUE : sql<boolean>`s.participation IN (${sql.join(participation)})`,
    institution: institution.length === 0 ? TRUE : sql<boolean>`i.slug IN (${sql.join(institution)})`,
    ects: all(ects),
  };
}

/** The query's stems as a prefix tsquery (`analiz:* & dan:*`); the stems hold letters and digits only. */
function tsquery(stems: readonly string[]): string | undefined {
  return stems.length === 0 ? undefined : stems.map((stem) => `${stem}:*`).join(' & ');
}

const CURRENT = sql<boolean>`s.status = 'published' AND s.superseded_at IS NULL`;

/** The ORDER BY of the matching set `m` (its columns: see searchCatalogue). */
function orderBy(query: CatalogueQuery, hasText: boolean): RawBuilder<unknown> {
  const sort = query.sort ?? (hasText ? 'relevance' : 'newest');
  switch (sort) {
    case 'relevance': return hasText ? sql`m.in_title DESC, m.published_at DESC, m.spec_id` : sql`m.published_at DESC, m.spec_id`;
    case 'newest': return sql`m.published_at DESC, m.spec_id`;
    case 'title': return query.lang === 'pl' ? sql`m.title_search, m.spec_id` : sql`lower(m.title_en), m.spec_id`;
    case 'ects': return sql`m.ects, m.title_search, m.spec_id`;
  }
}

function langMap(value: unknown): Lang | null {
  if (typeof value !== 'object' || value === null) return null;
  const map = value as Record<string, unknown>;
  return { pl: typeof map.pl === 'string' ? map.pl : '', en: typeof map.en === 'string' ? map.en : '' };
}

function offerOf(platform: Platform, row: Row, pathways: OfferPathway[]): CatalogueOffer {
  const doc = row.document;
  const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  return {
    specId: row.spec_id, version: row.version, url: catalogueUrl(platform, row.spec_id),
    title: langMap(doc.title) ?? { pl: '', en: '' }, description: langMap(doc.description),
    institution: { slug: row.slug, namePl: row.name_pl, nameEn: row.name_en },
    ectsCredits: num(doc.ectsCredits) ?? 0, workloadHours: num(doc.workloadHours), eqfLevel: num(doc.eqfLevel), prkLevel: num(doc.prkLevel),
    iscedF: typeof doc.iscedF === 'string' ? doc.iscedF : null,
    languages: Array.isArray(doc.languages) ? doc.languages.filter((l): l is string => typeof l === 'string') : [],
    participationMode: String(doc.participationMode ?? ''), assessmentType: String(doc.assessmentType ?? ''),
    publishedAt: row.published_at ?? row.created_at, pathways,
  };
}

/** The public URL of a pathway. */
export function pathwayUrl(platform: Platform, id: string): string {
  return `${platform.baseUrl}/pathways/${id}`;
}

/** The pathways each of these specifications counts toward. */
async function pathwaysOf(platform: Platform, specIds: readonly string[]): Promise<Map<string, OfferPathway[]>> {
  const out = new Map<string, OfferPathway[]>();
  if (specIds.length === 0) return out;
  const rows = await platform.store.db.selectFrom('pathway_members').innerJoin('pathways', 'pathways.id', 'pathway_members.pathway_id')
    .select(['pathway_members.spec_id', 'pathways.id', 'pathways.title']).where('pathway_members.spec_id', 'in', [...specIds])
    .orderBy('pathways.created_at').execute();
  for (const row of rows) {
    out.set(row.spec_id, [...(out.get(row.spec_id) ?? []), { id: row.id, title: row.title, url: pathwayUrl(platform, row.id) }]);
  }
  return out;
}

/**
 * One pass over the matching offers: a materialised set `m` of the offers that match the text (narrow columns and
 * a flag per filter), from which the page's ids, the total and every facet are computed in the same statement;
 * then the page's rows are read by id.
 */
export async function searchCatalogue(platform: Platform, query: CatalogueQuery): Promise<CatalogueSearch> {
  const cache = cacheOf<CatalogueSearch>(platform);
  const key = JSON.stringify([query.q ?? '', query.eqf, query.ectsMin, query.ectsMax, query.isced, query.language, query.participation,
    query.institution, query.sort, query.lang, query.page, query.pageSize]);
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < CACHE_MS) return hit.value;
  const value = await runSearch(platform, query);
  if (CACHE_MS > 0) {
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(key, { at: now, value });
  }
  return value;
}

async function runSearch(platform: Platform, query: CatalogueQuery): Promise<CatalogueSearch> {
  const { db } = platform.store;
  const q = tsquery(queryStems(query.q ?? ''));
  const text = q ? sql<boolean>`s.search_tsv @@ to_tsquery('simple', ${q})` : TRUE;
  const inTitle = q ? sql<boolean>`s.title_tsv @@ to_tsquery('simple', ${q})` : sql<boolean>`FALSE`;
  const filters = filterConditions(query);
  const offset = (query.page - 1) * query.pageSize;
  const flag = (d: Dimension): RawBuilder<boolean> => sql<boolean>`${sql.ref(`m.f_${d}`)}`;
  const every = all(DIMENSIONS.map(flag));
  const except = (dimension: Dimension): RawBuilder<boolean> => all(DIMENSIONS.filter((d) => d !== dimension).map(flag));
  const bucket = sql.join(ECTS_BUCKETS.map((b, n) => (b.max === null ? sql`ELSE ${n}` : sql`WHEN m.ects <= ${b.max} THEN ${n}`)), sql` `);
  const facet = (dimension: Dimension, value: RawBuilder<unknown>, from: RawBuilder<unknown> = sql`m`, extra: RawBuilder<boolean> = TRUE): RawBuilder<unknown> => sql`
    (SELECT coalesce(json_agg(json_build_array(f.v, f.n)), '[]'::json) FROM (
      SELECT ${value} AS v, count(*) AS n FROM ${from} WHERE ${except(dimension)} AND ${extra} GROUP BY 1) f)`;
  type Pairs = Array<[unknown, number]>;
  const statement = sql<{ page: string[] | null; total: string | number } & Record<Dimension, Pairs>>`
    WITH m AS MATERIALIZED (
      SELECT s.id, s.spec_id, s.published_at, s.title_search, s.title_en, s.ects, s.eqf_level, s.isced_f, s.languages, s.participation,
        i.slug, ${inTitle} AS in_title,
        ${filters.eqf} AS f_eqf, ${filters.isced} AS f_isced, ${filters.language} AS f_language,
        ${filters.participation} AS f_participation, ${filters.institution} AS f_institution, ${filters.ects} AS f_ects
      FROM specifications s JOIN institutions i ON i.id = s.institution_id
      WHERE ${CURRENT} AND ${text}
    )
    SELECT
      (SELECT json_agg(p.id) FROM (SELECT m.id FROM m WHERE ${every} ORDER BY ${orderBy(query, q !== undefined)} LIMIT ${query.pageSize} OFFSET ${offset}) p) AS page,
      (SELECT count(*) FROM m WHERE ${every}) AS total,
      ${facet('eqf', sql`m.eqf_level`)} AS eqf,
      ${facet('isced', sql`left(m.isced_f, 2)`, sql`m`, sql<boolean>`m.isced_f IS NOT NULL`)} AS isced,
      ${facet('language', sql`l`, sql`m, unnest(m.languages) AS l`)} AS language,
      ${facet('participation', sql`m.participation`)} AS participation,
      ${facet('institution', sql`m.slug`)} AS institution,
      ${facet('ects', sql`CASE ${bucket} END`)} AS ects`;
  // PostgreSQL's planner does not count the cost of reading each row's tsvector (1–2 KB, out of line): for a word
  // in a quarter of the offers it picks a sequential scan that is ~15× slower than the GIN index (35 ms against
  // 2.3 ms at 10,000 offers). With a text query the statement therefore runs with sequential scans off.
  const result = await db.transaction().execute(async (trx) => {
    if (q) await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    return statement.execute(trx);
  });
  const row = result.rows[0];
  const ids = row?.page ?? [];
  const rows = ids.length === 0 ? [] : await db.selectFrom('specifications as s').innerJoin('institutions as i', 'i.id', 's.institution_id')
    .select(['s.id', 's.spec_id', 's.version', 's.document', 's.published_at', 's.created_at', 'i.slug', 'i.name_pl', 'i.name_en'])
    .where('s.id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const page = ids.map((id) => byId.get(id)).filter((r): r is NonNullable<typeof r> => r !== undefined);
  const pathways = await pathwaysOf(platform, page.map((r) => r.spec_id));
  const facetRows: Array<{ dim: Dimension; value: string | null; count: number }> = [];
  for (const dim of DIMENSIONS) {
    for (const [value, count] of row?.[dim] ?? []) facetRows.push({ dim, value: value === null ? null : String(value), count: Number(count) });
  }
  return {
    total: Number(row?.total ?? 0), page: query.page, pageSize: query.pageSize,
    items: page.map((r) => offerOf(platform, r, pathways.get(r.spec_id) ?? [])),
    facets: await buildFacets(platform, facetRows),
  };
}

async function buildFacets(platform: Platform, rows: ReadonlyArray<{ dim: Dimension; value: string | null; count: string | number }>): Promise<Facets> {
  const facets: Facets = { eqf: [], isced: [], language: [], participation: [], institution: [], ects: [] };
  const slugs = rows.filter((r) => r.dim === 'institution' && r.value !== null).map((r) => r.value as string);
  const names = slugs.length === 0 ? [] : await platform.store.db.selectFrom('institutions').select(['slug', 'name_pl', 'name_en']).where('slug', 'in', slugs).execute();
  const nameOf = new Map(names.map((n) => [n.slug, { pl: n.name_pl, en: n.name_en }]));
  for (const row of rows) {
    const count = Number(row.count);
    switch (row.dim) {
      case 'eqf': facets.eqf.push({ value: row.value === null ? null : Number(row.value), count }); break;
      case 'isced': {
        const field = iscedField(String(row.value));
        facets.isced.push({ value: String(row.value), label: { pl: field?.pl ?? String(row.value), en: field?.en ?? String(row.value) }, count });
        break;
      }
      case 'language': facets.language.push({ value: String(row.value), count }); break;
      case 'participation': facets.participation.push({ value: String(row.value), count }); break;
      case 'institution': {
        const value = String(row.value);
        facets.institution.push({ value, label: nameOf.get(value) ?? { pl: value, en: value }, count });
        break;
      }
      case 'ects': {
        const b = ECTS_BUCKETS[Number(row.value)];
        if (b) facets.ects.push({ ...b, count });
        break;
      }
    }
  }
  facets.eqf.sort((a, b) => (a.value ?? 99) - (b.value ?? 99));
  facets.ects.sort((a, b) => a.min - b.min);
  for (const list of [facets.isced, facets.language, facets.participation, facets.institution]) {
    (list as Array<{ value: string; count: number }>).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  return facets;
}

/**
 * One offer for its public URL: the current published version (or the given version), or, when the specification
 * was archived, its newest archived version. Drafts are never public.
 */
export async function catalogueEntry(platform: Platform, specId: string, version?: number): Promise<CatalogueEntry> {
  const rows = await platform.store.db.selectFrom('specifications as s').innerJoin('institutions as i', 'i.id', 's.institution_id')
    .selectAll('s').select(['i.slug', 'i.name_pl', 'i.name_en'])
    .where('s.spec_id', '=', specId).where('s.status', 'in', ['published', 'archived']).orderBy('s.version', 'desc').execute();
  const chosen = version !== undefined
    ? rows.find((r) => r.version === version)
    : rows.find((r) => r.status === 'published' && r.superseded_at === null) ?? rows[0];
  if (!chosen) {
    throw notFound(version !== undefined
      ? { pl: `opublikowana wersja ${version} oferty ${specId}`, en: `published version ${version} of offer ${specId}` }
      : { pl: `oferta ${specId}`, en: `offer ${specId}` });
  }
  const pathways = await pathwaysOf(platform, [specId]);
  return {
    ...offerOf(platform, chosen as Row, pathways.get(specId) ?? []),
    status: chosen.status === 'archived' ? 'archived' : 'published',
    superseded: chosen.superseded_at !== null,
    document: chosen.document,
    versions: rows.map((r) => ({ version: r.version, status: r.status, publishedAt: r.published_at, url: catalogueUrl(platform, specId, r.version) })),
  };
}

/** Every current offer's id and last change, for the sitemap. */
export async function catalogueIndex(platform: Platform): Promise<Array<{ specId: string; publishedAt: Date }>> {
  const rows = await platform.store.db.selectFrom('specifications as s').select(['s.spec_id', 's.published_at'])
    .where('s.status', '=', 'published').where('s.superseded_at', 'is', null).orderBy('s.published_at', 'desc').execute();
  return rows.map((r) => ({ specId: r.spec_id, publishedAt: r.published_at ?? new Date(0) }));
}
