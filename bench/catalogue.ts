/**
 * The public catalogue under load: 10,000 published offers of 50 institutions, searched by text and filters, on
 * PGlite and on PostgreSQL in one run, printed side by side. Goal (issue): p99 of the filtered text search under 50 ms
 * on PostgreSQL at that size.
 *
 *   npm run bench:catalogue                      10 s per case (BENCH_CATALOGUE_SECONDS), 10 connections
 *   BENCH_CATALOGUE_OFFERS=2000                  fewer offers (default 10,000), for a quick try
 *   BENCH_CATALOGUE_DATABASE_URL=postgres://…    the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres;
 *                                                a fresh database is created and dropped)
 *
 * Per database: the store is opened here first (openStore, the same data folder or DATABASE_URL the server gets, so
 * migrations run), 50 institutions are created with createInstitution, and the offers are inserted in batches of
 * 500 rows straight into specification_owners and specifications (bench/catalogue-data.ts: generated from a seeded
 * PRNG, the same on both databases; every document validated; the search columns of searchColumns()), then ANALYZE
 * and a count check. The EXPLAIN ANALYZE of the filtered text search (the exact SQL and parameters searchCatalogue
 * sends, captured with a Kysely plugin; the last of 3 runs) is taken right after the bulk insert, then again after
 * VACUUM ANALYZE (what autovacuum does on a live PostgreSQL after a bulk insert; it also merges a GIN index's
 * GIN pending list; PGlite has no autovacuum). The load runs on that vacuumed state: the store is closed and
 * `mikrocred serve` starts in its own process; autocannon loads it from this one over loopback.
 *
 * Cases (each request takes the next query of the case's list, so no single query is answered from warm caches
 * only): a filtered text search (`q` + `eqf` + `language=pl`), a text search alone with inflected Polish words, filters
 * without text (facets are always computed), a deep page (page 46–55 of 20, three sorts), one offer by id.
 */
import { CompiledQuery, PostgresQueryCompiler, type KyselyPlugin } from 'kysely';
import { searchCatalogue, type CatalogueQuery } from '../src/services/catalogue.ts';
import type { Platform } from '../src/services/platform.ts';
import { secretsFromKey } from '../src/services/secrets.ts';
import { openStore, type Store } from '../src/store/db.ts';
import { pick, prng, seedCatalogue, type Rng, type SeededCatalogue } from './catalogue-data.ts';
import {
  DEFAULT_PG_URL, fmt, load, loadCell, removeSetup, serverSetup, withFreshDatabase, withServer,
  type DatabaseKind, type LoadCase, type LoadResult, type ServerSetup,
} from './harness.ts';

const SECONDS = Number(process.env.BENCH_CATALOGUE_SECONDS ?? 10);
const OFFERS = Number(process.env.BENCH_CATALOGUE_OFFERS ?? 10_000);
const PG_URL = process.env.BENCH_CATALOGUE_DATABASE_URL ?? DEFAULT_PG_URL;
const INSTITUTIONS = 50;
const CONNECTIONS = 10;
const BATCH = 500;
const GOAL_P99_MS = 50;
const FILTERED = 'filtered text search';
/** The query whose plan is printed: the issue's example of a filtered text search. */
const EXPLAINED: CatalogueQuery = { q: 'analiza', eqf: [6], language: ['pl'], lang: 'pl', page: 1, pageSize: 20 };

// ---- Seeding, straight into the database ----

interface Seeded extends SeededCatalogue {
  readonly seconds: number;
  readonly afterInsert: PlanSummary[];
  readonly plans: PlanSummary[];
}

async function seed(kind: DatabaseKind, setup: ServerSetup): Promise<Seeded> {
  const started = performance.now();
  const store = await openStore(setup.databaseUrl ? { databaseUrl: setup.databaseUrl } : { dataDir: setup.dataDir });
  try {
    const platform: Platform = { store, secrets: secretsFromKey(Buffer.from(setup.masterKey, 'base64')), baseUrl: setup.base };
    const catalogue = await seedCatalogue(platform, {
      institutions: INSTITUTIONS, offers: OFFERS, batch: BATCH,
      onProgress: (n) => process.stderr.write(`\r  ${kind}: seeded ${fmt(n)} / ${fmt(OFFERS)} offers`),
    });
    process.stderr.write('\n');
    await sqlRaw(store, 'ANALYZE');
    // The plan right after the bulk insert (the full-text index has no pending list: fastupdate = off), then the steady state
    // a live PostgreSQL reaches when autovacuum has run (PGlite has no autovacuum), which the load runs on.
    const afterInsert = await explainSearch(platform, EXPLAINED);
    await sqlRaw(store, 'VACUUM ANALYZE');
    const counted = await store.db.selectFrom('specifications').select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('status', '=', 'published').where('superseded_at', 'is', null).executeTakeFirstOrThrow();
    if (Number(counted.n) !== OFFERS) throw new Error(`${kind}: ${counted.n} current published offers in the database, expected ${OFFERS}`);
    const seconds = (performance.now() - started) / 1000;
    const plans = await explainSearch(platform, EXPLAINED);
    return { ...catalogue, seconds, afterInsert, plans };
  } finally {
    await store.close();
  }
}

async function sqlRaw(store: Store, text: string, parameters: readonly unknown[] = []): Promise<Array<Record<string, unknown>>> {
  return (await store.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, [...parameters]))).rows;
}

// ---- Plans ----

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Actual Total Time'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Sort Method'?: string;
  Plans?: PlanNode[];
}

interface PlanSummary {
  readonly label: string;
  readonly planningMs: number;
  readonly executionMs: number;
  readonly searchIndex: boolean;
  /** How `specifications` was read: one entry per scan node. */
  readonly scans: string[];
  readonly tree: string[];
}

function walk(node: PlanNode, visit: (n: PlanNode, depth: number) => void, depth = 0): void {
  visit(node, depth);
  for (const child of node.Plans ?? []) walk(child, visit, depth + 1);
}

function describe(node: PlanNode): string {
  const on = node['Index Name'] ? ` using ${node['Index Name']}` : node['Relation Name'] ? ` on ${node['Relation Name']}` : '';
  const removed = [
    node['Rows Removed by Filter'] ? `${fmt(node['Rows Removed by Filter'])} removed by filter` : '',
    node['Rows Removed by Index Recheck'] ? `${fmt(node['Rows Removed by Index Recheck'])} removed by recheck` : '',
    node['Sort Method'] ? node['Sort Method'] : '',
  ].filter((s) => s !== '').join(', ');
  const loops = (node['Actual Loops'] ?? 1) > 1 ? ` ×${node['Actual Loops']}` : '';
  return `${node['Node Type']}${on}: ${fmt(node['Actual Rows'] ?? 0)} rows${loops}, ${fmt(node['Actual Total Time'] ?? 0, 2)} ms${removed ? ` (${removed})` : ''}`;
}

/**
 * EXPLAIN ANALYZE of the queries searchCatalogue sends for `query` (the same SQL and parameters: captured with a
 * plugin that compiles each query as the PostgreSQL dialect does): the page of offers and the facet counts.
 */
async function explainSearch(platform: Platform, query: CatalogueQuery): Promise<PlanSummary[]> {
  const captured: CompiledQuery[] = [];
  const compiler = new PostgresQueryCompiler();
  const capture: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      captured.push(compiler.compileQuery(node, queryId));
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  const db = platform.store.db.withPlugin(capture);
  await searchCatalogue({ ...platform, store: { ...platform.store, db } }, query);
  // The query that matches the text (page, total and facets in one statement); not the page's rows, pathways or names.
  const searches = captured.filter((q) => q.sql.includes('search_tsv'));
  if (searches.length === 0) throw new Error('no text search query of searchCatalogue was captured');
  const out: PlanSummary[] = [];
  for (const [n, compiled] of searches.entries()) {
    const label = compiled.sql.includes('WITH m AS MATERIALIZED') ? 'page, total and facets' : `search query ${n + 1}`;
    let plan: { Plan: PlanNode; 'Planning Time': number; 'Execution Time': number } | undefined;
    for (let run = 0; run < 3; run++) {
      // As searchCatalogue runs it: in a transaction with sequential scans off when there is a text query.
      const [row] = await platform.store.db.transaction().execute(async (trx) => {
        if (compiled.sql.includes('to_tsquery')) await trx.executeQuery(CompiledQuery.raw('SET LOCAL enable_seqscan = off'));
        return (await trx.executeQuery<Record<string, unknown>>(CompiledQuery.raw(`EXPLAIN (ANALYZE, FORMAT JSON) ${compiled.sql}`, [...compiled.parameters]))).rows;
      });
      const value = row?.['QUERY PLAN'];
      plan = (typeof value === 'string' ? JSON.parse(value) : value)[0];
    }
    if (!plan) throw new Error(`no plan for the ${label} query`);
    let searchIndex = false;
    const scans: string[] = [];
    const tree: string[] = [];
    walk(plan.Plan, (node, depth) => {
      if (node['Index Name'] === 'specifications_search') searchIndex = true;
      if (node['Relation Name'] === 'specifications' || node['Index Name']?.startsWith('specifications')) scans.push(describe(node));
      tree.push(`${'  '.repeat(depth)}${describe(node)}`);
    });
    out.push({ label, planningMs: plan['Planning Time'], executionMs: plan['Execution Time'], searchIndex, scans, tree });
  }
  return out;
}

// ---- The cases ----

function shuffle<T>(rng: Rng, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [list[i], list[j]] = [list[j] as T, list[i] as T];
  }
  return list;
}

const qs = (params: Record<string, string | number | ReadonlyArray<string | number>>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const v of Array.isArray(value) ? value : [value]) search.append(key, String(v));
  return search.toString();
};

function cases(seeded: Seeded): LoadCase[] {
  const rng = prng(7);
  const words = ['analiza', 'zarządzanie', 'bezpieczeństwo', 'programowanie', 'komunikacja', 'marketing', 'prawo', 'energia', 'logistyka',
    'statystyka', 'python', 'sieci', 'projekt', 'finanse', 'chmura', 'negocjacje'];
  const filtered = shuffle(rng, words.flatMap((q) => [4, 5, 6, 7, 8].map((eqf) => `/api/v1/catalogue?${qs({ q, eqf, language: 'pl', pageSize: 20 })}`)));
  const inflected = ['analizy', 'zarządzania', 'bezpieczeństwa', 'programowania', 'komunikacji', 'projektów', 'danych', 'sieciach', 'finansów',
    'marketingu', 'energii', 'logistyki', 'negocjacjach', 'pracowników', 'przedsiębiorstwach', 'analizy danych', 'zarządzania projektami',
    'ochrony danych osobowych', 'uczenia maszynowego', 'zasobami ludzkimi'];
  const text = shuffle(rng, inflected.map((q) => `/api/v1/catalogue?${qs({ q, pageSize: 20 })}`));
  const filters: string[] = [];
  for (let k = 0; k < 60; k++) {
    const params: Record<string, string | number | string[]> = { pageSize: 20 };
    const choices = shuffle(rng, ['eqf', 'isced', 'language', 'participation', 'ects', 'institution']).slice(0, 2 + Math.floor(rng() * 2));
    for (const choice of choices) {
      if (choice === 'eqf') params.eqf = pick(rng, [5, 6, 7]);
      if (choice === 'isced') params.isced = pick(rng, ['06', '04', '0413', '0613', '07']);
      if (choice === 'language') params.language = pick(rng, [['pl'], ['en'], ['de'], ['pl', 'en']]);
      if (choice === 'participation') params.participation = pick(rng, ['online', 'onsite', 'blended']);
      if (choice === 'ects') Object.assign(params, pick(rng, [{ ectsMax: 2 }, { ectsMin: 2.5, ectsMax: 5 }, { ectsMin: 5.5, ectsMax: 10 }, { ectsMin: 10.5 }]));
      if (choice === 'institution') params.institution = pick(rng, seeded.slugs);
    }
    filters.push(`/api/v1/catalogue?${qs(params)}`);
  }
  const deep = shuffle(rng, ['newest', 'title', 'ects'].flatMap((sort) => [46, 47, 48, 49, 50, 51, 52, 53, 54, 55]
    .map((page) => `/api/v1/catalogue?${qs({ sort, lang: 'pl', page, pageSize: 20 })}`)));
  const ids = shuffle(rng, [...seeded.specIds]).slice(0, 1000).map((id) => `/api/v1/catalogue/${id}`);
  return [
    { name: `${FILTERED} (q + eqf + language=pl, ${filtered.length} queries)`, paths: filtered },
    { name: `text search, inflected Polish (${text.length} queries)`, paths: text },
    { name: `filters only + facets (${filters.length} queries)`, paths: filters },
    { name: `deep page 46–55 × 20 (${deep.length} queries)`, paths: deep },
    { name: `one offer by id (${ids.length} ids)`, paths: ids },
  ];
}

/** Every query of a case once (also a warm-up): all must answer 200; the mean number of matches, for context. */
async function check(base: string, c: LoadCase): Promise<string> {
  const totals: number[] = [];
  for (const path of c.paths ?? []) {
    const res = await fetch(`${base}${path}`);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { total?: number; page?: number; pageSize?: number; items?: unknown[] };
    if (body.total !== undefined) {
      totals.push(body.total);
      const expected = Math.max(0, Math.min(body.pageSize ?? 0, body.total - ((body.page ?? 1) - 1) * (body.pageSize ?? 0)));
      if (body.items?.length !== expected) throw new Error(`${path}: ${body.items?.length} items, expected ${expected} of ${body.total}`);
    }
  }
  if (totals.length === 0) return '';
  const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
  return `matches ${fmt(Math.min(...totals))}–${fmt(Math.max(...totals))}, mean ${fmt(mean)}`;
}

interface Measured {
  readonly seeded: Seeded;
  readonly results: Map<string, LoadResult>;
  readonly matches: Map<string, string>;
}

async function measure(kind: DatabaseKind, databaseUrl?: string): Promise<Measured> {
  const setup = await serverSetup('mikrocred-bench-catalogue-', databaseUrl);
  try {
    const seeded = await seed(kind, setup);
    process.stderr.write(`  ${kind}: ${fmt(OFFERS)} offers of ${INSTITUTIONS} institutions in ${fmt(seeded.seconds, 1)} s\n`);
    return await withServer(setup, async (base) => {
      const all = await (await fetch(`${base}/api/v1/catalogue?pageSize=1`)).json() as { total: number };
      if (all.total !== OFFERS) throw new Error(`${kind}: the catalogue shows ${all.total} offers, expected ${OFFERS}`);
      const results = new Map<string, LoadResult>();
      const matches = new Map<string, string>();
      for (const c of cases(seeded)) {
        matches.set(c.name, await check(base, c));
        process.stderr.write(`  ${kind}: ${c.name} (${SECONDS} s)\n`);
        results.set(c.name, await load(base, c, SECONDS, CONNECTIONS));
      }
      return { seeded, results, matches };
    });
  } finally {
    removeSetup(setup);
  }
}

const pglite = await measure('pglite');
let postgres: Measured | undefined;
try {
  postgres = await withFreshDatabase(PG_URL, 'mikrocred_bench_catalogue', (url) => measure('postgres', url));
} catch (error) {
  process.stderr.write(`PostgreSQL not measured: ${(error as Error).stack ?? String(error)}\n`);
}

const cell = (r: LoadResult | undefined): string => (r ? `${loadCell(r)}${r.errors + r.non2xx === 0 ? '  (0 errors, 0 non-2xx)' : ''}` : 'not measured');
const width = Math.max(...[...pglite.results.keys()].map((n) => n.length)) + 2;
console.log(`\nMikrocred catalogue benchmark: ${fmt(OFFERS)} published offers of ${INSTITUTIONS} institutions; ${SECONDS} s per case, ${CONNECTIONS} connections, server in its own process (one Node.js process), loopback`);
console.log(`seeding: PGlite ${fmt(pglite.seeded.seconds, 1)} s, PostgreSQL ${postgres ? `${fmt(postgres.seeded.seconds, 1)} s` : 'not measured'}`);
console.log(`${'case'.padEnd(width)}${'PGlite (embedded)'.padEnd(72)}PostgreSQL server`);
for (const [name, result] of pglite.results) console.log(`${name.padEnd(width)}${cell(result).padEnd(72)}${cell(postgres?.results.get(name))}`);
console.log('');
for (const [name, matches] of pglite.matches) if (matches) console.log(`${name.padEnd(width)}${matches}`);

const explained = `q=${EXPLAINED.q}&eqf=${EXPLAINED.eqf?.join(',')}&language=${EXPLAINED.language?.join(',')}&pageSize=${EXPLAINED.pageSize}`;
for (const [label, m] of [['PGlite', pglite], ['PostgreSQL', postgres]] as const) {
  if (!m) continue;
  console.log(`\nEXPLAIN ANALYZE on ${label} of the filtered text search (${explained}), warm (last of 3 runs):`);
  console.log(`  right after the bulk insert (ANALYZE, no VACUUM: the full-text index has fastupdate off): ${m.seeded.afterInsert
    .map((p) => `${p.label} ${fmt(p.executionMs, 2)} ms (full-text index ${p.searchIndex ? 'used' : 'NOT used'})`).join(', ')}`);
  console.log('  after VACUUM ANALYZE (steady state; the load runs on this):');
  for (const [n, plan] of m.seeded.plans.entries()) {
    console.log(`  ${plan.label}: execution ${fmt(plan.executionMs, 2)} ms, planning ${fmt(plan.planningMs, 2)} ms; full-text index specifications_search ${plan.searchIndex ? 'used' : 'NOT used'}`);
    // The whole tree of the first query; the reads of `specifications` of the others.
    for (const line of (n === 0 ? plan.tree : plan.scans)) console.log(`      ${line}`);
  }
}

const goal = postgres?.results.get([...postgres.results.keys()].find((n) => n.startsWith(FILTERED)) ?? '');
console.log(goal
  ? `\nPostgreSQL p99 of the ${FILTERED}: ${fmt(goal.p99, 1)} ms: ${goal.p99 < GOAL_P99_MS ? 'under' : 'NOT under'} the ${GOAL_P99_MS} ms goal (${fmt(OFFERS)} offers, ${CONNECTIONS} connections)`
  : `\nPostgreSQL p99 of the ${FILTERED}: not measured`);
