/**
 * The catalogue through the HTTP API (docs/catalogue.md), on PGlite, or on PostgreSQL with
 * MIKROCRED_TEST_DATABASE_URL: the specification lifecycle, every mandatory element reported by its path, version
 * immutability against every write route (and in the database itself), search with Polish text and filters and
 * facets, the stable offer URL in every format, pathways, and catalogue export and import.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { importElm } from '../src/formats/elm-import.ts';
import { buildApp, type RouteEntry } from '../src/http/app.ts';
import { createSpecification, listSpecifications, publishDraft } from '../src/services/specifications.ts';
import { searchCatalogue } from '../src/services/catalogue.ts';
import { listPathways } from '../src/services/pathways.ts';
import { seedDemo } from '../src/services/demo.ts';
import { SYSTEM } from '../src/services/audit.ts';
import type { Platform } from '../src/services/platform.ts';
import { ROLES } from '../src/store/schema.ts';
import {
  databaseKind, exampleSpecification, openTestPlatform, PASSWORD, seedTenant, type Tenant, type TestPlatform,
} from './platform-fixture.ts';

type Json = Record<string, unknown>;
type Response = LightMyRequestResponse;
type Caller = { session: { token: string; csrf: string } } | { apiKey: string } | null;

const BASE = 'https://katalog.test.example';

describe(`catalogue on ${databaseKind}`, () => {
  let tp: TestPlatform;
  let platform: Platform;
  let app: FastifyInstance;
  let routeTable: readonly RouteEntry[];
  let A: Tenant;
  let B: Tenant;
  let designer: Caller;
  let viewer: Caller;

  async function send(method: string, url: string, caller: Caller, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const all: Record<string, string> = { ...headers };
    if (caller && 'session' in caller) {
      all.cookie = `mikrocred_session=${caller.session.token}`;
      if (method !== 'GET') all['x-csrf-token'] = caller.session.csrf;
    } else if (caller) all.authorization = `Bearer ${caller.apiKey}`;
    if (body !== undefined) all['content-type'] = 'application/json';
    return app.inject({ method: method as InjectOptions['method'], url, headers: all, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
  }

  function ok(res: Response, status = 200): Json {
    assert.equal(res.statusCode, status, res.body.slice(0, 600));
    return res.json<Json>();
  }

  const specs = (t: Tenant): string => `/api/v1/institutions/${t.institution.slug}/specifications`;

  /** Creates a specification with `document` and publishes it; returns its id. */
  async function publish(t: Tenant, document: Json): Promise<string> {
    const created = ok(await send('POST', specs(t), designer && t === A ? designer : { apiKey: t.keys.designer.key }, { document }), 201);
    const specId = String(created.specId);
    ok(await send('POST', `${specs(t)}/${specId}/publish`, { apiKey: t.keys.designer.key }, {}));
    return specId;
  }

  function problemPaths(body: Json): string[] {
    return ((body.problems ?? body.errors) as Array<{ path: string; severity?: string }>).filter((p) => p.severity !== 'warning').map((p) => p.path);
  }

  before(async () => {
    tp = await openTestPlatform({ baseUrl: BASE });
    platform = tp.platform;
    ({ app, routeTable } = await buildApp({ platform }));
    [A, B] = await Promise.all([seedTenant(platform, 'politechnika-a', ['designer']), seedTenant(platform, 'akademia-b', [])]);
    const res = await send('POST', '/api/v1/session', null, { email: A.staff.designer.email, password: PASSWORD });
    const cookie = res.cookies.find((c) => c.name === 'mikrocred_session');
    assert.ok(cookie, res.body);
    designer = { session: { token: cookie.value, csrf: String(res.json<Json>().csrfToken) } };
    viewer = { apiKey: A.keys.viewer.key };
  });

  after(async () => {
    await app?.close();
    await tp?.close();
  });

  describe('lifecycle', () => {
    it('a draft may be incomplete: saved, with every missing element in problems; publishing it is 422 with every one, and nothing changes', async () => {
      const created = ok(await send('POST', specs(A), designer, { document: { title: { pl: 'Szkic', en: 'Draft' } } }), 201);
      assert.equal(created.status, 'draft');
      assert.equal(created.version, 1);
      assert.equal(created.publicUrl, null);
      // The awarding body and the country come from the institution profile.
      assert.deepEqual((created.document as Json).issuerCountry, 'PL');
      assert.deepEqual(((created.document as Json).awardingBody as Json).legalName, { pl: A.institution.namePl, en: A.institution.nameEn });
      const missing = problemPaths(created);
      for (const path of ['learningOutcomes', 'ectsCredits', 'eqfLevel', 'assessmentType', 'participationMode', 'qualityAssurance', 'languages']) {
        assert.ok(missing.includes(path), `${path} not in ${JSON.stringify(missing)}`);
      }
      const specId = String(created.specId);
      const refused = await send('POST', `${specs(A)}/${specId}/publish`, designer, {});
      assert.equal(refused.statusCode, 422, refused.body);
      assert.match(String(refused.headers['content-type']), /problem\+json/);
      const body = refused.json<Json>();
      assert.equal(body.code, 'invalid_specification');
      assert.deepEqual(problemPaths(body).sort(), missing.map((p) => `document.${p}`).sort());
      const messages = body.errors as Array<{ message: { pl: string; en: string } }>;
      assert.ok(messages.every((m) => m.message.pl.length > 0 && m.message.en.length > 0));
      const after = ok(await send('GET', `${specs(A)}/${specId}`, viewer));
      assert.equal((after.latest as Json).status, 'draft');
    });

    it('every mandatory element, missing or wrong on its own, is reported by its path when saving and refused when publishing', async () => {
      const cases: Array<[string, (d: Json) => void, string]> = [
        ['no title', (d) => { delete d.title; }, 'title'],
        ['no English title', (d) => { d.title = { pl: 'Tylko po polsku' }; }, 'title.en'],
        ['an empty Polish title', (d) => { d.title = { pl: ' ', en: 'Title' }; }, 'title.pl'],
        ['no awarding body', (d) => { delete d.awardingBody; }, 'awardingBody'],
        ['awarding body without a name', (d) => { delete (d.awardingBody as Json).legalName; }, 'awardingBody.legalName'],
        ['a wrong REGON', (d) => { (d.awardingBody as Json).identifiers = [{ scheme: 'REGON', value: '123456789' }]; }, 'awardingBody.identifiers[0].value'],
        ['no issuer country', (d) => { delete d.issuerCountry; }, 'issuerCountry'],
        ['a country that is not one', (d) => { d.issuerCountry = 'XX'; }, 'issuerCountry'],
        ['no learning outcomes', (d) => { delete d.learningOutcomes; }, 'learningOutcomes'],
        ['an empty list of outcomes', (d) => { d.learningOutcomes = []; }, 'learningOutcomes'],
        ['an outcome without English', (d) => { ((d.learningOutcomes as Json[])[1] as Json).text = { pl: 'Tylko PL' }; }, 'learningOutcomes[1].text.en'],
        ['a wrong ESCO URI', (d) => { ((d.learningOutcomes as Json[])[1] as Json).escoSkills = ['http://example.org/skill']; }, 'learningOutcomes[1].escoSkills[0].uri'],
        ['no ECTS', (d) => { delete d.ectsCredits; }, 'ectsCredits'],
        ['negative ECTS', (d) => { d.ectsCredits = -1; }, 'ectsCredits'],
        ['ECTS not in halves', (d) => { d.ectsCredits = 2.3; }, 'ectsCredits'],
        ['no EQF level', (d) => { delete d.eqfLevel; }, 'eqfLevel'],
        ['EQF level 9', (d) => { d.eqfLevel = 9; }, 'eqfLevel'],
        ['PRK different from EQF', (d) => { d.prkLevel = 5; }, 'prkLevel'],
        ['no assessment type', (d) => { delete d.assessmentType; }, 'assessmentType'],
        ['an unknown assessment type', (d) => { d.assessmentType = 'telepathy'; }, 'assessmentType'],
        ['no form of participation', (d) => { delete d.participationMode; }, 'participationMode'],
        ['an unknown form of participation', (d) => { d.participationMode = 'hybrid'; }, 'participationMode'],
        ['no quality assurance', (d) => { delete d.qualityAssurance; }, 'qualityAssurance'],
        ['quality assurance without a description', (d) => { delete (d.qualityAssurance as Json).description; }, 'qualityAssurance.description'],
        ['no languages', (d) => { delete d.languages; }, 'languages'],
        ['a language that is not ISO 639-1', (d) => { d.languages = ['pl', 'xx']; }, 'languages[1]'],
        ['an ISCED-F code that does not exist', (d) => { d.iscedF = '0699'; }, 'iscedF'],
        ['a validity period that is not ISO 8601', (d) => { d.validityPeriod = '3 years'; }, 'validityPeriod'],
      ];
      const specId = await publish(A, exampleSpecification({ pl: 'Wzorzec', en: 'Template' }));
      const failures: string[] = [];
      for (const [what, change, path] of cases) {
        const document = exampleSpecification();
        change(document);
        const saved = ok(await send('PUT', `${specs(A)}/${specId}/draft`, { apiKey: A.keys.designer.key }, { document }));
        const paths = problemPaths(saved);
        if (!paths.includes(path)) failures.push(`${what}: expected ${path} among ${JSON.stringify(paths)}`);
        const refused = await send('POST', `${specs(A)}/${specId}/publish`, { apiKey: A.keys.designer.key }, {});
        if (refused.statusCode !== 422 || !problemPaths(refused.json<Json>()).includes(`document.${path}`)) {
          failures.push(`${what}: publish answered ${refused.statusCode} ${refused.body.slice(0, 200)}`);
        }
      }
      assert.deepEqual(failures, []);
      // The published version 1 is what it was; the attempts were all version 2's draft.
      const detail = ok(await send('GET', `${specs(A)}/${specId}`, viewer));
      assert.deepEqual((detail.versions as Json[]).map((v) => [v.version, v.status]), [[2, 'draft'], [1, 'published']]);
    });

    it('editing a published specification makes version 2; the catalogue shows version 1 until 2 is published, then 2 (1 stays at its URL, superseded)', async () => {
      const specId = await publish(A, exampleSpecification({ pl: 'Wersjonowanie', en: 'Versioning' }));
      const draft = ok(await send('PUT', `${specs(A)}/${specId}/draft`, designer, { document: exampleSpecification({ pl: 'Wersjonowanie 2', en: 'Versioning 2' }) }));
      assert.deepEqual([draft.version, draft.status], [2, 'draft']);
      assert.equal((ok(await send('GET', `/api/v1/catalogue/${specId}`, null)).title as Json).pl, 'Wersjonowanie');
      const published = ok(await send('POST', `${specs(A)}/${specId}/publish`, designer, {}));
      assert.equal(published.publicUrl, `${BASE}/catalogue/${specId}/v/2`);
      const entry = ok(await send('GET', `/api/v1/catalogue/${specId}`, null));
      assert.deepEqual([entry.version, (entry.title as Json).pl, entry.url], [2, 'Wersjonowanie 2', `${BASE}/catalogue/${specId}`]);
      const v1 = ok(await send('GET', `/api/v1/catalogue/${specId}/versions/1`, null));
      assert.deepEqual([v1.version, (v1.title as Json).pl, v1.superseded], [1, 'Wersjonowanie', true]);
      // Only the current version is in the search.
      const found = ok(await send('GET', '/api/v1/catalogue?q=wersjonowanie', null));
      assert.deepEqual((found.items as Json[]).map((i) => [i.specId, i.version]), [[specId, 2]]);
    });

    it('archive takes the offer out of the search; its URL still answers, marked archived; a draft can be discarded', async () => {
      const specId = await publish(A, exampleSpecification({ pl: 'Archiwizacja', en: 'Archiving' }));
      ok(await send('POST', `${specs(A)}/${specId}/archive`, designer, {}));
      assert.equal(ok(await send('GET', '/api/v1/catalogue?q=archiwizacja', null)).total, 0);
      const entry = ok(await send('GET', `/api/v1/catalogue/${specId}`, null));
      assert.equal(entry.status, 'archived');
      assert.equal((await send('POST', `${specs(A)}/${specId}/archive`, designer, {})).statusCode, 409);
      const only = ok(await send('POST', specs(A), designer, { document: { title: { pl: 'Do usunięcia', en: 'To discard' } } }), 201);
      assert.equal((await send('DELETE', `${specs(A)}/${String(only.specId)}/draft`, designer)).statusCode, 204);
      assert.equal((await send('GET', `${specs(A)}/${String(only.specId)}`, viewer)).statusCode, 404);
      assert.equal((await send('GET', `/api/v1/catalogue/${String(only.specId)}`, null)).statusCode, 404);
    });

    it('roles: a viewer or an issuer may read but not write; a designer key may write', async () => {
      for (const role of ['viewer', 'issuer'] as const) {
        const res = await send('POST', specs(A), { apiKey: A.keys[role].key }, { document: {} });
        assert.equal(res.statusCode, 403, `${role}: ${res.body}`);
        assert.equal((await send('GET', specs(A), { apiKey: A.keys[role].key })).statusCode, 200);
      }
      assert.equal((await send('POST', specs(A), { apiKey: A.keys.designer.key }, { document: {} })).statusCode, 201);
    });

    it('drafts are never public', async () => {
      const draft = ok(await send('POST', specs(A), designer, { document: exampleSpecification({ pl: 'Tajny szkic', en: 'Secret draft' }) }), 201);
      assert.equal((await send('GET', `/api/v1/catalogue/${String(draft.specId)}`, null)).statusCode, 404);
      assert.equal((await send('GET', `/catalogue/${String(draft.specId)}`, null, undefined, { accept: 'application/json' })).statusCode, 404);
      assert.equal(ok(await send('GET', '/api/v1/catalogue?q=tajny', null)).total, 0);
    });
  });

  describe('version immutability', () => {
    it('no write route changes a published version: every write route of the specification API is tried on it', async () => {
      const specId = await publish(A, exampleSpecification({ pl: 'Niezmienna', en: 'Immutable' }));
      const snapshot = async (): Promise<unknown> => JSON.parse(JSON.stringify(await platform.store.db.selectFrom('specifications')
        .select(['version', 'document', 'published_at', 'spec_id', 'institution_id']).where('spec_id', '=', specId).where('version', '=', 1).executeTakeFirstOrThrow()));
      const before = await snapshot();
      const writes = routeTable.filter((r) => r.method !== 'GET' && r.url.startsWith('/api/v1/institutions/:slug/specifications'));
      assert.ok(writes.length >= 5, `only ${writes.length} write routes`);
      const bodies: Record<string, unknown> = {
        POST: { document: { ...exampleSpecification({ pl: 'Zmieniona', en: 'Changed' }), specId, version: 1 } },
        PUT: { document: { ...exampleSpecification({ pl: 'Zmieniona', en: 'Changed' }), specId, version: 1 } },
      };
      for (const route of writes) {
        const url = route.url.replace(':slug', A.institution.slug).replace(':specId', specId).replace(':version', '1');
        const body = route.url.endsWith('/publish') || route.url.endsWith('/archive') ? {} : bodies[route.method];
        await send(route.method, url, designer, body);
        await send(route.method, url, designer, body);
        assert.deepEqual(await snapshot(), before, `${route.method} ${route.url} changed version 1`);
      }
      // The body's specId and version are the server's to set: the draft it made is version 2.
      const detail = ok(await send('GET', `${specs(A)}/${specId}`, viewer));
      assert.ok((detail.versions as Json[]).every((v) => v.version !== 1 || v.status !== 'draft'));
    });

    it('the database itself refuses to change or delete a published version', async () => {
      const specId = await publish(A, exampleSpecification({ pl: 'Baza', en: 'Database' }));
      const { db } = platform.store;
      await assert.rejects(sql`UPDATE specifications SET document = '{}'::jsonb WHERE spec_id = ${specId}`.execute(db), /cannot be changed/);
      await assert.rejects(sql`UPDATE specifications SET status = 'draft' WHERE spec_id = ${specId}`.execute(db), /cannot be changed/);
      await assert.rejects(sql`DELETE FROM specifications WHERE spec_id = ${specId}`.execute(db), /cannot be deleted/);
    });

    it('concurrent saves of one specification: one draft (version 2), never two, never a 500', async () => {
      const specId = await publish(A, exampleSpecification({ pl: 'Wyścig', en: 'Race' }));
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) =>
        send('PUT', `${specs(A)}/${specId}/draft`, { apiKey: A.keys.designer.key }, { document: exampleSpecification({ pl: `Wyścig ${i}`, en: `Race ${i}` }) })));
      assert.deepEqual(results.map((r) => r.statusCode), [200, 200, 200, 200, 200, 200], results.map((r) => r.body.slice(0, 200)).join('\n'));
      const rows = await platform.store.db.selectFrom('specifications').select(['version', 'status']).where('spec_id', '=', specId).orderBy('version').execute();
      assert.deepEqual(rows, [{ version: 1, status: 'published' }, { version: 2, status: 'draft' }]);
    });
  });

  describe('search', () => {
    const offers: Record<string, string> = {};

    before(async () => {
      // Each with its own description and outcomes, so that a word matches where the test says it does.
      const make = (title: { pl: string; en: string }, changes: Json): Json => ({
        ...exampleSpecification(title), description: title,
        learningOutcomes: [{ id: 'LO1', type: 'skill', text: { pl: `Potrafi: ${title.pl}`, en: `Can: ${title.en}` } }], ...changes,
      });
      offers.analiza = await publish(A, make({ pl: 'Analizą danych w praktyce', en: 'Data analysis in practice' }, { eqfLevel: 6, prkLevel: 6, ectsCredits: 4, iscedF: '0613', languages: ['pl'], participationMode: 'online' }));
      offers.sieci = await publish(A, make({ pl: 'Sieć komputerowa', en: 'Computer networks' }, { eqfLevel: 5, prkLevel: 5, qfEheaCycle: 'short', ectsCredits: 2, iscedF: '0612', languages: ['pl', 'en'], participationMode: 'onsite' }));
      offers.zarzadzanie = await publish(B, make({ pl: 'Zarządzanie projektami', en: 'Project management' }, { eqfLevel: 7, prkLevel: 7, qfEheaCycle: 'second', ectsCredits: 12, iscedF: '0413', languages: ['en'], participationMode: 'blended' }));
      offers.lodz = await publish(B, make({ pl: 'Historia Łodzi', en: 'History of Łódź' }, { eqfLevel: 6, prkLevel: 6, ectsCredits: 1, iscedF: '0222', languages: ['pl'], participationMode: 'online' }));
    });

    const search = async (query: string): Promise<Json> => ok(await send('GET', `/api/v1/catalogue?${query}`, null));
    const ids = (result: Json): string[] => (result.items as Json[]).map((i) => String(i.specId));

    it('text: case, diacritics and Polish endings do not matter ("analiza", "analizy", "lodz", "sieci", "zarzadzania")', async () => {
      // Other tests' offers (the example specification) speak of data analysis too: only this block's offers count here.
      const ids = (result: Json): string[] => (result.items as Json[]).map((i) => String(i.specId)).filter((id) => Object.values(offers).includes(id));
      assert.deepEqual(ids(await search('q=analiza')), [offers.analiza]);
      assert.deepEqual(ids(await search('q=ANALIZY')), [offers.analiza]);
      assert.deepEqual(ids(await search('q=lodz')), [offers.lodz]);
      assert.deepEqual(ids(await search('q=%C5%81%C3%B3d%C5%BA')), [offers.lodz]);
      assert.deepEqual(ids(await search('q=sieci')), [offers.sieci]);
      assert.deepEqual(ids(await search('q=zarzadzania%20projektami')), [offers.zarzadzanie]);
      assert.deepEqual(ids(await search('q=project%20management')), [offers.zarzadzanie]);
      assert.deepEqual(ids(await search('q=nieistniejacesformulowanie')), []);
      // Every word must match.
      assert.deepEqual(ids(await search('q=analiza%20projektami')), []);
      // Relevance: a match in the title comes before matches elsewhere.
      const ranked = await search('q=analiza&pageSize=100');
      assert.ok(Number(ranked.total) > 1);
      assert.equal((ranked.items as Json[])[0]?.specId, offers.analiza);
    });

    it('filters: EQF level, ECTS range, field of education (broad or exact), language, participation, institution; combined', async () => {
      const mine = (result: Json): string[] => ids(result).filter((id) => Object.values(offers).includes(id)).sort();
      const sorted = (...keys: string[]): string[] => keys.map((k) => String(offers[k])).sort();
      assert.deepEqual(mine(await search('eqf=5&eqf=7&pageSize=100')), sorted('sieci', 'zarzadzanie'));
      assert.deepEqual(mine(await search('ectsMin=2&ectsMax=4&pageSize=100')), sorted('analiza', 'sieci'));
      assert.deepEqual(mine(await search('isced=061&pageSize=100')), sorted('analiza', 'sieci'));
      assert.deepEqual(mine(await search('isced=0613&pageSize=100')), sorted('analiza'));
      assert.deepEqual(mine(await search('language=en&pageSize=100')), sorted('sieci', 'zarzadzanie'));
      assert.deepEqual(mine(await search('participation=online&pageSize=100')), sorted('analiza', 'lodz'));
      assert.deepEqual(mine(await search(`institution=${B.institution.slug}&pageSize=100`)), sorted('zarzadzanie', 'lodz'));
      assert.deepEqual(mine(await search(`institution=${B.institution.slug}&participation=online&eqf=6`)), sorted('lodz'));
    });

    it('facets count each value with the other filters applied, not their own', async () => {
      const result = await search(`institution=${B.institution.slug}&eqf=6`);
      const facets = result.facets as Record<string, Array<{ value: unknown; count: number }>>;
      const count = (facet: string, value: unknown): number | undefined => facets[facet]?.find((f) => f.value === value)?.count;
      assert.equal(result.total, 1);
      // EQF counted over B's offers (its own filter off): 6 → 1, 7 → 1.
      assert.equal(count('eqf', 6), 1);
      assert.equal(count('eqf', 7), 1);
      // Institutions counted over EQF 6 offers of everyone: A has analiza (6) and the other EQF 6 offers of other tests.
      assert.equal(count('institution', B.institution.slug), 1);
      assert.ok((count('institution', A.institution.slug) ?? 0) >= 1);
      assert.equal(count('participation', 'online'), 1);
      const labelled = facets.institution?.find((f) => f.value === B.institution.slug) as { label?: { pl: string } } | undefined;
      assert.equal(labelled?.label?.pl, B.institution.namePl);
      const isced = (result.facets as { isced: Array<{ value: string; label: { en: string } }> }).isced;
      assert.deepEqual(isced.map((f) => f.value), ['02']);
      assert.match(isced[0]?.label.en ?? '', /Arts and humanities/);
    });

    it('paging and sorting: totals, page size, sort by title (Polish) and ECTS', async () => {
      const all = await search(`institution=${A.institution.slug}&institution=${B.institution.slug}&pageSize=100`);
      const total = Number(all.total);
      assert.ok(total >= 4);
      const page1 = await search('pageSize=2&page=1&sort=title&lang=pl');
      const page2 = await search('pageSize=2&page=2&sort=title&lang=pl');
      assert.equal((page1.items as Json[]).length, 2);
      assert.equal(page1.total, page2.total);
      assert.equal(ids(page1).filter((id) => ids(page2).includes(id)).length, 0);
      const titles = ((await search('pageSize=100&sort=title&lang=pl')).items as Json[]).map((i) => String((i.title as Json).pl));
      const collator = new Intl.Collator('pl', { sensitivity: 'base' });
      const normal = (t: string): string => t.toLowerCase().replace(/ł/g, 'l').normalize('NFD').replace(/\p{M}/gu, '');
      assert.deepEqual(titles, [...titles].sort((a, b) => normal(a) < normal(b) ? -1 : normal(a) > normal(b) ? 1 : collator.compare(a, b)));
      const ects = ((await search('pageSize=100&sort=ects')).items as Json[]).map((i) => Number(i.ectsCredits));
      assert.deepEqual(ects, [...ects].sort((a, b) => a - b));
      const past = await search('page=500');
      assert.deepEqual([past.total, (past.items as Json[]).length], [(await search('')).total, 0]);
    });
  });

  describe('the stable offer URL', () => {
    let specId: string;
    before(async () => {
      specId = await publish(A, exampleSpecification({ pl: 'Formaty <script>alert(1)</script>', en: 'Formats' }));
    });

    it('answers by Accept: HTML with schema.org Course JSON-LD and Open Graph in the head, JSON, OB 3.0, ELM, schema.org; Link headers to each', async () => {
      const get = (accept: string, query = ''): Promise<Response> => send('GET', `/catalogue/${specId}${query}`, null, undefined, { accept });
      const json = await get('application/json');
      assert.equal(json.statusCode, 200, json.body.slice(0, 300));
      assert.match(String(json.headers['content-type']), /^application\/json/);
      assert.equal(json.json<Json>().specId, specId);
      assert.match(String(json.headers.vary), /Accept/);
      const link = String(json.headers.link);
      for (const format of ['json', 'ob3', 'elm', 'schema-org']) assert.ok(link.includes(`?format=${format}>`), `${format} not in Link: ${link}`);
      assert.ok(link.includes(`<${BASE}/catalogue/${specId}>; rel="canonical"`));

      const ob3 = await get('application/ld+json; profile="https://purl.imsglobal.org/spec/ob/v3p0"');
      assert.equal(ob3.statusCode, 200, ob3.body.slice(0, 300));
      const achievement = ob3.json<Json>();
      assert.ok((achievement.type as string[]).includes('Achievement'));
      assert.equal(achievement.achievementType, 'MicroCredential');
      assert.equal(achievement.creditsAvailable, 5);

      const elm = await get('application/ld+json');
      assert.equal(elm.statusCode, 200, elm.body.slice(0, 300));
      assert.ok(JSON.stringify(elm.json<Json>()['@context']).includes('data.europa.eu/snb/model/context'));

      const course = await get('application/ld+json;profile="https://schema.org"');
      assert.equal(course.json<Json>()['@type'], 'Course');
      assert.equal((await get('*/*', '?format=schema-org')).json<Json>()['@type'], 'Course');

      assert.equal((await get('image/png')).statusCode, 406);
      assert.equal((await get('application/json', '?format=pdf')).statusCode, 400);
    });

    it('the HTML page (when the app is built) carries the title, description, Open Graph and Course markup, escaped', async (t) => {
      const res = await send('GET', `/catalogue/${specId}`, null, undefined, { accept: 'text/html', 'accept-language': 'pl' });
      if (res.statusCode === 503) {
        t.skip('web/dist is not built (npm run build)');
        return;
      }
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<title>Formaty &#60;script&#62;alert\(1\)&#60;\/script&#62; — /);
      assert.match(res.body, /<meta property="og:title" content="Formaty &#60;script/);
      const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(res.body)?.[1];
      assert.ok(ld, 'no JSON-LD');
      assert.ok(!ld.includes('</script'), 'JSON-LD can end the script element');
      assert.equal((JSON.parse(ld) as Json)['@type'], 'Course');
    });

    it('/sitemap.xml lists the offer; /robots.txt points to the sitemap', async () => {
      const sitemap = await send('GET', '/sitemap.xml', null);
      assert.equal(sitemap.statusCode, 200);
      assert.ok(sitemap.body.includes(`<loc>${BASE}/catalogue/${specId}</loc>`));
      assert.match((await send('GET', '/robots.txt', null)).body, new RegExp(`Sitemap: ${BASE}/sitemap.xml`));
    });
  });

  describe('pathways', () => {
    it('a pathway of offers of two institutions: created with its rule, public with its offers, shown on each offer', async () => {
      const mine = await publish(A, exampleSpecification({ pl: 'Ścieżka część 1', en: 'Pathway part 1' }));
      const theirs = await publish(B, exampleSpecification({ pl: 'Ścieżka część 2', en: 'Pathway part 2' }));
      const url = `/api/v1/institutions/${A.institution.slug}/pathways`;
      const input = { title: { pl: 'Analityk danych', en: 'Data analyst' }, rule: { type: 'ects', minEcts: 10 }, specIds: [mine, theirs], target: { title: { pl: 'Studia podyplomowe', en: 'Postgraduate studies' } } };
      const created = ok(await send('POST', url, designer, input), 201);
      const id = String(created.id);
      const pub = ok(await send('GET', `/api/v1/pathways/${id}`, null));
      assert.deepEqual((pub.offers as Json[]).map((o) => o.specId), [mine, theirs]);
      const offer = ok(await send('GET', `/api/v1/catalogue/${theirs}`, null));
      assert.deepEqual((offer.pathways as Json[]).map((p) => p.id), [id]);
      // Rules that cannot be met, unknown offers, drafts: refused with the path.
      const draft = ok(await send('POST', specs(A), designer, { document: exampleSpecification() }), 201);
      const bad: Array<[Json, string]> = [
        [{ ...input, rule: { type: 'n-of', n: 3 } }, 'body.rule.n'],
        [{ ...input, rule: { type: 'ects', minEcts: 11 } }, 'body.rule.minEcts'],
        [{ ...input, specIds: [mine, '00000000-0000-4000-8000-000000000000'] }, 'body.specIds[1]'],
        [{ ...input, specIds: [mine, String(draft.specId)] }, 'body.specIds[1]'],
        [{ ...input, specIds: [mine, mine] }, 'body.specIds'],
      ];
      for (const [body, path] of bad) {
        const res = await send('POST', url, designer, body);
        assert.equal(res.statusCode, 422, res.body);
        assert.deepEqual((res.json<Json>().errors as Json[]).map((e) => e.path), [path]);
      }
      const changed = ok(await send('PUT', `${url}/${id}`, designer, { ...input, rule: { type: 'n-of', n: 1 } }));
      assert.deepEqual(changed.rule, { type: 'n-of', n: 1 });
      assert.equal((await send('PUT', `/api/v1/institutions/${B.institution.slug}/pathways/${id}`, { apiKey: B.keys.designer.key }, input)).statusCode, 404);
      assert.equal((await send('DELETE', `${url}/${id}`, designer)).statusCode, 204);
      assert.equal((await send('GET', `/api/v1/pathways/${id}`, null)).statusCode, 404);
    });
  });

  describe('export and import', () => {
    it('export → import into another platform keeps every specification and pathway; importing again changes nothing', async () => {
      const pathwaySpec = await publish(A, exampleSpecification({ pl: 'Eksport', en: 'Export' }));
      ok(await send('POST', `/api/v1/institutions/${A.institution.slug}/pathways`, designer, { title: { pl: 'Ścieżka eksportu', en: 'Export pathway' }, rule: { type: 'all' }, specIds: [pathwaySpec] }), 201);
      const exported = ok(await send('GET', `/api/v1/institutions/${A.institution.slug}/catalogue/export`, viewer));
      assert.equal(exported.format, 'mikrocred-catalogue/1');
      const other = await openTestPlatform({ baseUrl: 'https://inny.example' });
      try {
        const { app: otherApp } = await buildApp({ platform: other.platform });
        const C = await seedTenant(other.platform, 'nowa-uczelnia', []);
        const importing = async (): Promise<Json> => {
          const res = await otherApp.inject({ method: 'POST', url: `/api/v1/institutions/${C.institution.slug}/catalogue/import`, headers: { authorization: `Bearer ${C.keys.designer.key}`, 'content-type': 'application/json' }, payload: JSON.stringify({ ...exported, publish: true }) });
          assert.equal(res.statusCode, 200, res.body.slice(0, 500));
          return res.json<Json>();
        };
        const first = await importing();
        const entries = first.specifications as Json[];
        assert.equal(entries.length, (exported.specifications as Json[]).length);
        assert.ok(entries.every((e) => e.specId === e.sourceSpecId && e.outcome === 'created'), JSON.stringify(entries.filter((e) => e.outcome !== 'created')).slice(0, 500));
        // Valid newest versions are published; the others are drafts with their problems.
        const source = new Map((exported.specifications as Array<{ specId: string; versions: Json[] }>).map((s) => [s.specId, s.versions.at(-1) as Json]));
        for (const e of entries) {
          const newest = source.get(String(e.specId)) as Json;
          const valid = (newest.problems as Json[]).every((p) => p.severity !== 'error');
          assert.equal(e.status, valid ? 'published' : 'draft', String(e.specId));
        }
        assert.deepEqual((first.pathways as Json[]).map((p) => p.outcome), (exported.pathways as Json[]).map(() => 'created'));
        const again = await importing();
        assert.ok((again.specifications as Json[]).every((e) => e.outcome === 'unchanged'), JSON.stringify(again).slice(0, 500));
        const reexported = (await otherApp.inject({ method: 'GET', url: `/api/v1/institutions/${C.institution.slug}/catalogue/export`, headers: { authorization: `Bearer ${C.keys.viewer.key}` } })).json<Json>();
        const docs = (e: Json): Record<string, unknown> => Object.fromEntries((e.specifications as Array<{ specId: string; versions: Json[] }>).map((s) => {
          const rest = { ...((s.versions.at(-1) as Json).document as Json) };
          delete rest.awardingBody;
          return [s.specId, rest];
        }));
        assert.deepEqual(docs(reexported), Object.fromEntries(Object.entries(docs(exported)).map(([id, d]) => [id, { ...(d as Json), version: 1 }])));
        await otherApp.close();
      } finally {
        await other.close();
      }
    });

    it('ELM import: a published offer\'s ELM document (fetched from the stable URL) becomes a publishable draft elsewhere; its ELM export has the same elements', async () => {
      const specId = await publish(A, exampleSpecification({ pl: 'Oferta do Europass', en: 'An offer for Europass' }));
      const source = await app.inject({ method: 'GET', url: `/catalogue/${specId}?format=elm` });
      assert.equal(source.statusCode, 200, source.body.slice(0, 300));
      const elm = source.json<Json>();
      const url = `/api/v1/institutions/${B.institution.slug}/specifications/import/elm`;
      const before = (await listSpecifications(platform, B.institution)).length;
      const dry = ok(await send('POST', url, { apiKey: B.keys.designer.key }, { document: elm, dryRun: true }));
      assert.equal(dry.draft, null);
      assert.deepEqual(dry.problems, []);
      assert.equal((await listSpecifications(platform, B.institution)).length, before, 'a dry run creates nothing');
      const created = ok(await send('POST', url, { apiKey: B.keys.designer.key }, { document: elm }), 201);
      assert.equal(created.kind, 'specification');
      assert.deepEqual(created.sourceIdentifiers, [
        { schemeName: 'Mikrocred specification', notation: specId }, { schemeName: 'Mikrocred specification version', notation: `${specId}/v1` },
      ]);
      const draft = created.draft as Json;
      assert.equal(draft.status, 'draft');
      assert.notEqual(draft.specId, specId, 'a new specification of B');
      assert.deepEqual(draft.problems, []);
      const copyId = String(draft.specId);
      ok(await send('POST', `${specs(B)}/${copyId}/publish`, { apiKey: B.keys.designer.key }, {}));
      const copy = (await app.inject({ method: 'GET', url: `/catalogue/${copyId}?format=elm` })).json<Json>();
      // Read back, both documents hold the same elements (the ids and the institutions' own homepages aside).
      const [original, again] = await Promise.all([importElm(elm), importElm(copy)]);
      assert.deepEqual(again.specification, original.specification);
      assert.deepEqual(again.report.keptAsFurtherInfo, []);
    });

    it('ELM import: the EC sample credential becomes a draft with its gaps listed and no learner data; a document that is not ELM is 422', async () => {
      const url = `/api/v1/institutions/${A.institution.slug}/specifications/import/elm`;
      const sample = JSON.parse(readFileSync(new URL('fixtures/elm/elm-Sample-MC-Annex1-unsigned.jsonld', import.meta.url), 'utf8')) as Json;
      const created = ok(await send('POST', url, designer, { document: sample }), 201);
      assert.equal(created.kind, 'credential');
      const paths = problemPaths(created);
      for (const gap of ['assessmentType', 'qualityAssurance', 'title.pl']) assert.ok(paths.includes(gap), `${gap} in ${paths.join(', ')}`);
      const ignored = ((created.report as Json).ignored as Array<{ from: string }>).map((i) => i.from);
      assert.ok(ignored.some((f) => f.startsWith('credentialSubject')), JSON.stringify(ignored));
      const stored = await platform.store.db.selectFrom('specifications').select('document').where('spec_id', '=', String((created.draft as Json).specId)).executeTakeFirstOrThrow();
      const text = JSON.stringify(stored.document);
      assert.ok(text.includes('Digital micro-credential creation'));
      for (const personal of ['Andromeda', 'ana.andromeda@email.com', 'LA-234218', '1999-10-01']) assert.ok(!text.includes(personal), `${personal} is not stored`);
      for (const [document, status, code] of [
        [{ '@context': 'https://example.com/ctx.jsonld', type: 'Qualification' }, 422, 'unknown_context'],
        [{ '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['Person'] }, 422, 'not_elm'],
        [{ type: 'Qualification' }, 422, 'not_json_ld'],
        ['text', 400, undefined],
      ] as const) {
        const refused = await send('POST', url, designer, { document });
        assert.equal(refused.statusCode, status, refused.body);
        assert.match(String(refused.headers['content-type']), /problem\+json/);
        if (code) assert.equal(refused.json<Json>().code, code);
      }
    });

    it('importing into another institution of the same platform gives derived ids, the same on every import', async () => {
      const exported = ok(await send('GET', `/api/v1/institutions/${A.institution.slug}/catalogue/export`, viewer));
      const D = await seedTenant(platform, 'kopia-d', []);
      const url = `/api/v1/institutions/${D.institution.slug}/catalogue/import`;
      const first = ok(await send('POST', url, { apiKey: D.keys.designer.key }, exported));
      const second = ok(await send('POST', url, { apiKey: D.keys.designer.key }, exported));
      const idsOf = (r: Json): string[] => (r.specifications as Json[]).map((e) => String(e.specId));
      assert.deepEqual(idsOf(first), idsOf(second));
      assert.ok((first.specifications as Json[]).every((e) => e.specId !== e.sourceSpecId && e.outcome === 'created'));
      assert.ok((second.specifications as Json[]).every((e) => e.outcome === 'unchanged'));
      // A's specifications are untouched.
      const owners = await platform.store.db.selectFrom('specification_owners').select('institution_id').where('spec_id', 'in', idsOf(first)).execute();
      assert.ok(owners.every((o) => o.institution_id === D.institution.id));
    });
  });

  it('the demo data of an empty database: four published, valid offers of several levels and forms, a draft and a pathway', async () => {
    const demo = await openTestPlatform({ baseUrl: 'https://demo.example' });
    try {
      const seeded = await seedDemo(demo.platform);
      assert.ok(seeded);
      const found = await searchCatalogue(demo.platform, { lang: 'pl', page: 1, pageSize: 20 });
      assert.equal(found.total, 4);
      assert.deepEqual(found.facets.eqf.map((f) => f.value), [6, 7, 8]);
      assert.deepEqual(found.facets.participation.map((f) => f.value).sort(), ['blended', 'online', 'onsite']);
      const list = await listSpecifications(demo.platform, seeded.institution);
      assert.deepEqual(list.map((l) => l.status).sort(), ['draft', 'published', 'published', 'published', 'published']);
      assert.ok(list.filter((l) => l.status === 'published').every((l) => l.errorCount === 0));
      const pathways = await listPathways(demo.platform, { institution: seeded.institution });
      assert.equal(pathways.length, 1);
      assert.equal(pathways[0]?.specIds.length, 3);
      assert.equal((await searchCatalogue(demo.platform, { q: 'cyberbezpieczenstwo', lang: 'pl', page: 1, pageSize: 20 })).total, 1);
    } finally {
      await demo.close();
    }
  });

  it('service level: createSpecification refuses a taken specId with 409', async () => {
    const first = await createSpecification(platform, A.institution, exampleSpecification(), SYSTEM);
    await publishDraft(platform, A.institution, first.specId, SYSTEM);
    await assert.rejects(createSpecification(platform, B.institution, exampleSpecification(), SYSTEM, { specId: first.specId }), (e: unknown) => (e as { status?: number }).status === 409);
    assert.ok(ROLES.length > 0);
  });
});
