/**
 * The public catalogue (docs/catalogue.md): search over the current published version of every specification of
 * every institution, by text (diacritics-insensitive, Polish endings tolerated: search-text.ts) and by filters, with
 * paging, sorting and facet counts (each facet counted with every other filter applied, not its own), in two
 * queries; and one offer with its full document, by its stable id.
 */
import { sql, type RawBuilder, type Selectable } from 'kysely';
import { iscedField } from '../model/index.ts';
import type { SpecificationsTable } from '../store/schema.ts';
import { notFound, type Platform } from './platform.ts';
import { normalise, queryStems } from './search-text.ts';
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

type Row = Selectable<SpecificationsTable> & { slug: string; name_pl: string; name_en: string };

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

function textCondition(stems: readonly string[]): RawBuilder<boolean> {
  return all(stems.map((stem) => sql<boolean>`s.search_text LIKE ${`%${stem}%`}`));
}

const CURRENT = sql<boolean>`s.status = 'published' AND s.superseded_at IS NULL`;

function orderBy(query: CatalogueQuery, stems: readonly string[]): RawBuilder<unknown> {
  const sort = query.sort ?? (stems.length > 0 ? 'relevance' : 'newest');
  switch (sort) {
    case 'relevance': {
      if (stems.length === 0) return sql`s.published_at DESC, s.spec_id`;
      const inTitle = sql.join(stems.map((stem) => sql`(CASE WHEN s.title_search LIKE ${`%${stem}%`} THEN 1 ELSE 0 END)`), sql` + `);
      return sql`(${inTitle}) DESC, similarity(s.title_search, ${normalise(query.q ?? '')}) DESC, s.published_at DESC, s.spec_id`;
    }
    case 'newest': return sql`s.published_at DESC, s.spec_id`;
    case 'title': return query.lang === 'pl' ? sql`s.title_search, s.spec_id` : sql`lower(s.title_en), s.spec_id`;
    case 'ects': return sql`s.ects, s.title_search, s.spec_id`;
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

export async function searchCatalogue(platform: Platform, query: CatalogueQuery): Promise<CatalogueSearch> {
  const { db } = platform.store;
  const stems = queryStems(query.q ?? '');
  const text = textCondition(stems);
  const filters = filterConditions(query);
  const where = all([CURRENT, text, ...DIMENSIONS.map((d) => filters[d])]);
  const offset = (query.page - 1) * query.pageSize;

  const itemsQuery = sql<Row & { total: string | number }>`
    SELECT s.*, i.slug, i.name_pl, i.name_en, count(*) OVER () AS total
    FROM specifications s JOIN institutions i ON i.id = s.institution_id
    WHERE ${where}
    ORDER BY ${orderBy(query, stems)}
    LIMIT ${query.pageSize} OFFSET ${offset}`;

  // Facets: each dimension with every filter but its own.
  const except = (dimension: Dimension): RawBuilder<boolean> => all(DIMENSIONS.filter((d) => d !== dimension).map((d) => sql<boolean>`${sql.ref(`f_${d}`)}`));
  const bucket = sql.join(ECTS_BUCKETS.map((b, n) => (b.max === null ? sql`ELSE ${String(n)}` : sql`WHEN ects <= ${b.max} THEN ${String(n)}`)), sql` `);
  const facetsQuery = sql<{ dim: Dimension; value: string | null; count: string | number }>`
    WITH base AS (
      SELECT s.eqf_level, s.isced_f, s.languages, s.participation, s.ects, i.slug,
        ${filters.eqf} AS f_eqf, ${filters.isced} AS f_isced, ${filters.language} AS f_language,
        ${filters.participation} AS f_participation, ${filters.institution} AS f_institution, ${filters.ects} AS f_ects
      FROM specifications s JOIN institutions i ON i.id = s.institution_id
      WHERE ${CURRENT} AND ${text}
    )
    SELECT 'eqf' AS dim, eqf_level::text AS value, count(*) AS count FROM base WHERE ${except('eqf')} GROUP BY eqf_level
    UNION ALL
    SELECT 'isced', left(isced_f, 2), count(*) FROM base WHERE isced_f IS NOT NULL AND ${except('isced')} GROUP BY left(isced_f, 2)
    UNION ALL
    SELECT 'language', language, count(*) FROM base, unnest(languages) AS language WHERE ${except('language')} GROUP BY language
    UNION ALL
    SELECT 'participation', participation, count(*) FROM base WHERE ${except('participation')} GROUP BY participation
    UNION ALL
    SELECT 'institution', slug, count(*) FROM base WHERE ${except('institution')} GROUP BY slug
    UNION ALL
    SELECT 'ects', CASE ${bucket} END, count(*) FROM base WHERE ${except('ects')} GROUP BY 2`;

  const [items, facetRows] = await Promise.all([itemsQuery.execute(db), facetsQuery.execute(db)]);
  const total = Number(items.rows[0]?.total ?? 0);
  const pathways = await pathwaysOf(platform, items.rows.map((r) => r.spec_id));
  const facets = await buildFacets(platform, facetRows.rows);
  return {
    total: total === 0 && offset > 0 ? await countOnly(platform, where) : total,
    page: query.page, pageSize: query.pageSize,
    items: items.rows.map((row) => offerOf(platform, row, pathways.get(row.spec_id) ?? [])),
    facets,
  };
}

/** The total when the requested page is past the end (the window count has no row to ride on). */
async function countOnly(platform: Platform, where: RawBuilder<boolean>): Promise<number> {
  const result = await sql<{ n: string | number }>`
    SELECT count(*) AS n FROM specifications s JOIN institutions i ON i.id = s.institution_id WHERE ${where}`.execute(platform.store.db);
  return Number(result.rows[0]?.n ?? 0);
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
