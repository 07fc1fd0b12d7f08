/**
 * Pathways: an institution groups published micro-credentials (its own or other institutions') toward a larger
 * credential, with a rule: all of them, N of them, or at least X ECTS. The learner's progress view reads them later.
 */
import type { Transaction } from 'kysely';
import type { Database, LangMapRow, PathwayRuleRow } from '../store/schema.ts';
import { audit, type Actor } from './audit.ts';
import { catalogueChanged } from './catalogue-cache.ts';
import { catalogueEntry, pathwayUrl, type CatalogueEntry } from './catalogue.ts';
import type { Institution } from './institutions.ts';
import { notFound, ServiceError, type Platform } from './platform.ts';

export interface PathwayInput {
  readonly title: LangMapRow;
  readonly description?: LangMapRow | undefined;
  readonly rule: PathwayRuleRow;
  readonly specIds: readonly string[];
  readonly target?: { title: LangMapRow; url?: string | undefined } | undefined;
}

export interface Pathway {
  readonly id: string;
  readonly institution: { slug: string; namePl: string; nameEn: string };
  readonly title: LangMapRow;
  readonly description?: LangMapRow;
  readonly rule: PathwayRuleRow;
  readonly specIds: string[];
  readonly target?: { title: LangMapRow; url?: string };
  readonly publicUrl: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

function invalid(path: string, pl: string, en: string): ServiceError {
  return new ServiceError(422, 'invalid_pathway', { pl, en }, { path });
}

/** Checks the members (published, current specifications) and that the rule can be met by them. */
async function checkInput(trx: Transaction<Database>, input: PathwayInput): Promise<void> {
  const ids = [...new Set(input.specIds)];
  if (ids.length !== input.specIds.length) throw invalid('body.specIds', 'Ta sama mikropoświadczenie występuje dwa razy', 'The same micro-credential is listed twice');
  const rows = await trx.selectFrom('specifications').select(['spec_id', 'ects']).where('spec_id', 'in', ids)
    .where('status', '=', 'published').where('superseded_at', 'is', null).execute();
  const found = new Map(rows.map((r) => [r.spec_id, r.ects ?? 0]));
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) {
    throw invalid(`body.specIds[${missing}]`, `Nie ma opublikowanej oferty ${ids[missing]}`, `There is no published offer ${ids[missing]}`);
  }
  const rule = input.rule;
  if (rule.type === 'n-of' && rule.n > ids.length) {
    throw invalid('body.rule.n', `Reguła wymaga ${rule.n} z ${ids.length} mikropoświadczeń`, `The rule needs ${rule.n} of ${ids.length} micro-credentials`);
  }
  if (rule.type === 'ects') {
    const sum = [...found.values()].reduce((a, b) => a + b, 0);
    if (rule.minEcts > sum) {
      throw invalid('body.rule.minEcts', `Wszystkie mikropoświadczenia dają razem ${sum} ECTS, mniej niż ${rule.minEcts}`, `All the micro-credentials together give ${sum} ECTS, less than ${rule.minEcts}`);
    }
  }
}

async function writeMembers(trx: Transaction<Database>, pathwayId: string, specIds: readonly string[]): Promise<void> {
  await trx.deleteFrom('pathway_members').where('pathway_id', '=', pathwayId).execute();
  if (specIds.length > 0) {
    await trx.insertInto('pathway_members').values(specIds.map((specId, position) => ({ pathway_id: pathwayId, spec_id: specId, position }))).execute();
  }
}

function columns(input: PathwayInput): { title: string; description: string; rule: string; target: string } {
  return {
    title: JSON.stringify(input.title), description: JSON.stringify(input.description ?? null),
    rule: JSON.stringify(input.rule), target: JSON.stringify(input.target ?? null),
  };
}

/** Creates a pathway; `options.id` keeps the id of an imported one (when it is free). */
export async function createPathway(platform: Platform, institution: Institution, input: PathwayInput, actor: Actor, options: { id?: string } = {}): Promise<Pathway> {
  const id = await platform.store.db.transaction().execute(async (trx) => {
    await checkInput(trx, input);
    const taken = options.id ? await trx.selectFrom('pathways').select('id').where('id', '=', options.id).executeTakeFirst() : undefined;
    const row = await trx.insertInto('pathways').values({ ...(options.id && !taken ? { id: options.id } : {}), institution_id: institution.id, ...columns(input) })
      .returning('id').executeTakeFirstOrThrow();
    await writeMembers(trx, row.id, input.specIds);
    await audit(trx, { institutionId: institution.id, actor, action: 'pathway.create', targetType: 'pathway', targetId: row.id });
    return row.id;
  });
  catalogueChanged(platform);
  return getPathway(platform, id, institution);
}

export async function updatePathway(platform: Platform, institution: Institution, id: string, input: PathwayInput, actor: Actor): Promise<Pathway> {
  await platform.store.db.transaction().execute(async (trx) => {
    const result = await trx.updateTable('pathways').set({ ...columns(input), updated_at: new Date() })
      .where('id', '=', id).where('institution_id', '=', institution.id).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound({ pl: 'ścieżka', en: 'pathway' });
    await checkInput(trx, input);
    await writeMembers(trx, id, input.specIds);
    await audit(trx, { institutionId: institution.id, actor, action: 'pathway.update', targetType: 'pathway', targetId: id });
  });
  catalogueChanged(platform);
  return getPathway(platform, id, institution);
}

export async function deletePathway(platform: Platform, institution: Institution, id: string, actor: Actor): Promise<void> {
  await platform.store.db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom('pathways').where('id', '=', id).where('institution_id', '=', institution.id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound({ pl: 'ścieżka', en: 'pathway' });
    await audit(trx, { institutionId: institution.id, actor, action: 'pathway.delete', targetType: 'pathway', targetId: id });
  });
  catalogueChanged(platform);
}

/** Pathways of an institution, or one pathway by id (of any institution when `institution` is not given). */
export async function listPathways(platform: Platform, filter: { institution?: Institution; id?: string }): Promise<Pathway[]> {
  let query = platform.store.db.selectFrom('pathways as p').innerJoin('institutions as i', 'i.id', 'p.institution_id')
    .selectAll('p').select(['i.slug', 'i.name_pl', 'i.name_en']).orderBy('p.created_at');
  if (filter.institution) query = query.where('p.institution_id', '=', filter.institution.id);
  if (filter.id) query = query.where('p.id', '=', filter.id);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const members = await platform.store.db.selectFrom('pathway_members').select(['pathway_id', 'spec_id'])
    .where('pathway_id', 'in', rows.map((r) => r.id)).orderBy('position').execute();
  return rows.map((r) => ({
    id: r.id, institution: { slug: r.slug, namePl: r.name_pl, nameEn: r.name_en },
    title: r.title, ...(r.description ? { description: r.description } : {}), rule: r.rule,
    specIds: members.filter((m) => m.pathway_id === r.id).map((m) => m.spec_id),
    ...(r.target ? { target: r.target } : {}),
    publicUrl: pathwayUrl(platform, r.id), createdAt: r.created_at, updatedAt: r.updated_at,
  }));
}

export async function getPathway(platform: Platform, id: string, institution?: Institution): Promise<Pathway> {
  const [found] = await listPathways(platform, { id, ...(institution ? { institution } : {}) });
  if (!found) throw notFound({ pl: 'ścieżka', en: 'pathway' });
  return found;
}

/** A pathway with its member offers as the public catalogue shows them (archived members included, marked). */
export async function publicPathway(platform: Platform, id: string): Promise<Pathway & { offers: CatalogueEntry[] }> {
  const pathway = await getPathway(platform, id);
  const offers: CatalogueEntry[] = [];
  for (const specId of pathway.specIds) {
    try {
      offers.push(await catalogueEntry(platform, specId));
    } catch (error) {
      if (!(error instanceof ServiceError && error.status === 404)) throw error;
    }
  }
  return { ...pathway, offers };
}
