/**
 * Micro-credential specifications of an institution, and their lifecycle (docs/catalogue.md):
 * draft → published → archived, versioned. A draft may be incomplete and every save reports its problems; publishing
 * validates the whole document and fills the catalogue's search columns; a published version never changes (editing
 * makes version n+1; the older one stays published for the credentials that point to it, but is superseded).
 * Every write locks the specification's owner row first, so concurrent writes to one specification run one by one.
 */
import { randomUUID } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import { iscedField, validateSpecification, type Problem, type Specification } from '../model/index.ts';
import type { Database, SpecificationsTable } from '../store/schema.ts';
import { audit, type Actor } from './audit.ts';
import type { Institution } from './institutions.ts';
import { conflictOnUnique, notFound, ServiceError, type Platform } from './platform.ts';
import { catalogueChanged } from './catalogue-cache.ts';
import { normalise } from './search-text.ts';

/** Largest specification document (serialised JSON). */
export const DOCUMENT_LIMIT = 256 * 1024;

export type SpecificationStatus = SpecificationsTable['status'];
export type Document = Record<string, unknown>;

export interface SpecificationVersion {
  readonly specId: string;
  readonly version: number;
  readonly status: SpecificationStatus;
  readonly superseded: boolean;
  readonly document: Document;
  readonly problems: Problem[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly publishedAt: Date | null;
  readonly publicUrl: string | null;
}

export interface VersionSummary {
  readonly version: number;
  readonly status: SpecificationStatus;
  readonly superseded: boolean;
  readonly createdAt: Date;
  readonly publishedAt: Date | null;
}

export interface SpecificationSummary {
  readonly specId: string;
  readonly version: number;
  readonly status: SpecificationStatus;
  readonly title: { pl: string; en: string };
  readonly ectsCredits: number | null;
  readonly eqfLevel: number | null;
  readonly updatedAt: Date;
  readonly publishedVersion: number | null;
  readonly hasDraft: boolean;
  readonly errorCount: number;
}

type Row = Selectable<SpecificationsTable>;

/** The stable public URL of a specification (its newest published version), or of one version. */
export function catalogueUrl(platform: Platform, specId: string, version?: number): string {
  return version === undefined ? `${platform.baseUrl}/catalogue/${specId}` : `${platform.baseUrl}/catalogue/${specId}/v/${version}`;
}

export function problemsOf(document: Document): Problem[] {
  return [...validateSpecification(document).problems];
}

export function presentVersion(platform: Platform, row: Row): SpecificationVersion {
  return {
    specId: row.spec_id, version: row.version, status: row.status, superseded: row.superseded_at !== null,
    document: row.document, problems: problemsOf(row.document),
    createdAt: row.created_at, updatedAt: row.updated_at, publishedAt: row.published_at,
    publicUrl: row.status === 'draft' ? null : catalogueUrl(platform, row.spec_id, row.version),
  };
}

function text(value: unknown): { pl: string; en: string } {
  const map = typeof value === 'object' && value !== null ? value as Record<string, unknown> : {};
  return { pl: typeof map.pl === 'string' ? map.pl : '', en: typeof map.en === 'string' ? map.en : '' };
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** What the awarding body and issuer country default to: the institution's profile. */
export function institutionDefaults(institution: Institution): Document {
  const awardingBody: Document = {
    legalName: { pl: institution.namePl, en: institution.nameEn },
    identifiers: institution.identifiers.map((i) => ({ scheme: i.scheme, value: i.value })),
  };
  if (institution.website) awardingBody.homepage = institution.website;
  if (institution.email) awardingBody.email = institution.email;
  if (institution.address) awardingBody.address = { ...institution.address };
  return { awardingBody, issuerCountry: institution.country };
}

/** A new specification's document: the institution's defaults (awarding body, country) under what it gives. */
export function withInstitutionDefaults(institution: Institution, document: Document): Document {
  return { ...institutionDefaults(institution), ...document };
}

/** The document as stored: the server owns `specId` and `version`; the size is limited. */
function prepare(document: Document, specId: string, version: number): Document {
  const prepared = { ...document, specId, version };
  if (Buffer.byteLength(JSON.stringify(prepared)) > DOCUMENT_LIMIT) {
    throw new ServiceError(413, 'too_large', {
      pl: `Specyfikacja jest za duża (limit ${DOCUMENT_LIMIT / 1024} KiB)`, en: `The specification is too large (limit ${DOCUMENT_LIMIT / 1024} KiB)`,
    }, { path: 'document' });
  }
  return prepared;
}

function notFoundSpec(specId: string): ServiceError {
  return notFound({ pl: `specyfikacja ${specId}`, en: `specification ${specId}` });
}

/** Locks the specification for this transaction; not found unless it belongs to the institution. */
async function lock(trx: Transaction<Database>, institution: Institution, specId: string): Promise<void> {
  const owner = await trx.selectFrom('specification_owners').select('institution_id').where('spec_id', '=', specId).forUpdate().executeTakeFirst();
  if (!owner || owner.institution_id !== institution.id) throw notFoundSpec(specId);
}

async function versionsOf(trx: Transaction<Database> | Platform['store']['db'], specId: string): Promise<Row[]> {
  return trx.selectFrom('specifications').selectAll().where('spec_id', '=', specId).orderBy('version', 'desc').execute();
}

/** Creates a specification: version 1, a draft. `specId` may be given (import); it must not be taken. */
export async function createSpecification(
  platform: Platform, institution: Institution, document: Document, actor: Actor, options: { specId?: string } = {},
): Promise<SpecificationVersion> {
  const specId = options.specId ?? randomUUID();
  const prepared = prepare(withInstitutionDefaults(institution, document), specId, 1);
  const taken = (): ServiceError => new ServiceError(409, 'spec_id_taken', {
    pl: `Identyfikator specyfikacji ${specId} jest już używany`, en: `The specification id ${specId} is already in use`,
  }, { path: 'specId' });
  return conflictOnUnique(() => platform.store.db.transaction().execute(async (trx) => {
    await trx.insertInto('specification_owners').values({ spec_id: specId, institution_id: institution.id }).execute();
    const row = await trx.insertInto('specifications').values({
      institution_id: institution.id, spec_id: specId, version: 1, status: 'draft', document: JSON.stringify(prepared),
    }).returningAll().executeTakeFirstOrThrow();
    await audit(trx, { institutionId: institution.id, actor, action: 'specification.create', targetType: 'specification', targetId: specId, details: { version: 1 } });
    return presentVersion(platform, row);
  }), taken);
}

/**
 * Saves the draft of a specification: replaces the current draft's document, or, when there is none, starts
 * version n+1 as a draft. Published and archived versions are never written.
 */
export async function saveDraft(platform: Platform, institution: Institution, specId: string, document: Document, actor: Actor): Promise<SpecificationVersion> {
  return platform.store.db.transaction().execute(async (trx) => {
    await lock(trx, institution, specId);
    const versions = await versionsOf(trx, specId);
    const draft = versions.find((v) => v.status === 'draft');
    const now = new Date();
    if (draft) {
      const prepared = prepare(document, specId, draft.version);
      const row = await trx.updateTable('specifications').set({ document: JSON.stringify(prepared), updated_at: now })
        .where('id', '=', draft.id).where('status', '=', 'draft').returningAll().executeTakeFirstOrThrow();
      await audit(trx, { institutionId: institution.id, actor, action: 'specification.save', targetType: 'specification', targetId: specId, details: { version: draft.version } });
      return presentVersion(platform, row);
    }
    const version = (versions[0]?.version ?? 0) + 1;
    const prepared = prepare(document, specId, version);
    const row = await trx.insertInto('specifications').values({
      institution_id: institution.id, spec_id: specId, version, status: 'draft', document: JSON.stringify(prepared),
    }).returningAll().executeTakeFirstOrThrow();
    await audit(trx, { institutionId: institution.id, actor, action: 'specification.new_version', targetType: 'specification', targetId: specId, details: { version } });
    return presentVersion(platform, row);
  });
}

export async function discardDraft(platform: Platform, institution: Institution, specId: string, actor: Actor): Promise<void> {
  await platform.store.db.transaction().execute(async (trx) => {
    await lock(trx, institution, specId);
    const versions = await versionsOf(trx, specId);
    const draft = versions.find((v) => v.status === 'draft');
    if (!draft) throw new ServiceError(404, 'no_draft', { pl: 'Ta specyfikacja nie ma wersji roboczej', en: 'This specification has no draft' });
    // The first version's draft is the whole specification: discarding it removes the specification.
    await trx.deleteFrom('specifications').where('id', '=', draft.id).execute();
    if (versions.length === 1) await trx.deleteFrom('specification_owners').where('spec_id', '=', specId).execute();
    await audit(trx, { institutionId: institution.id, actor, action: 'specification.discard_draft', targetType: 'specification', targetId: specId, details: { version: draft.version } });
  });
}

/** The filterable and searchable columns of a valid specification. */
export function searchColumns(spec: Specification): Pick<Row, 'search_text' | 'title_search' | 'title_pl' | 'title_en' | 'eqf_level' | 'ects' | 'isced_f' | 'languages' | 'participation'> {
  const parts: string[] = [spec.title.pl, spec.title.en, spec.description?.pl ?? '', spec.description?.en ?? '',
    spec.awardingBody.legalName.pl, spec.awardingBody.legalName.en, spec.humanCode ?? '', spec.zskCode ?? ''];
  for (const outcome of spec.learningOutcomes) {
    parts.push(outcome.text.pl, outcome.text.en);
    for (const skill of outcome.escoSkills) if (skill.label) parts.push(skill.label.pl, skill.label.en);
  }
  const field = spec.iscedF ? iscedField(spec.iscedF) : undefined;
  if (field) parts.push(field.pl, field.en);
  return {
    search_text: normalise(parts.join(' ')), title_search: normalise(`${spec.title.pl} ${spec.title.en}`),
    title_pl: spec.title.pl, title_en: spec.title.en, eqf_level: spec.eqfLevel, ects: spec.ectsCredits,
    isced_f: spec.iscedF ?? null, languages: [...spec.languages], participation: spec.participationMode,
  };
}

/** Publishes the draft: 422 with every problem when it is not valid (nothing changes then). */
export async function publishDraft(platform: Platform, institution: Institution, specId: string, actor: Actor): Promise<SpecificationVersion> {
  const published = await platform.store.db.transaction().execute(async (trx) => {
    await lock(trx, institution, specId);
    const versions = await versionsOf(trx, specId);
    const draft = versions.find((v) => v.status === 'draft');
    if (!draft) throw new ServiceError(409, 'no_draft', { pl: 'Nie ma wersji roboczej do opublikowania', en: 'There is no draft to publish' });
    const validated = validateSpecification(draft.document);
    if (!validated.ok) {
      const errors = validated.problems.filter((p) => p.severity === 'error');
      throw new ServiceError(422, 'invalid_specification', {
        pl: `Specyfikacji nie można opublikować: ${errors.length} ${errors.length === 1 ? 'błąd' : 'błędów'} do poprawienia`,
        en: `The specification cannot be published: ${errors.length} ${errors.length === 1 ? 'error' : 'errors'} to fix`,
      }, { problems: errors.map((p) => ({ ...p, path: p.path === '' ? 'document' : `document.${p.path}` })) });
    }
    const now = new Date();
    await trx.updateTable('specifications').set({ superseded_at: now })
      .where('spec_id', '=', specId).where('status', '=', 'published').where('superseded_at', 'is', null).execute();
    const row = await trx.updateTable('specifications')
      .set({ status: 'published', published_at: now, updated_at: now, ...searchColumns(validated.value) })
      .where('id', '=', draft.id).where('status', '=', 'draft').returningAll().executeTakeFirstOrThrow();
    await audit(trx, { institutionId: institution.id, actor, action: 'specification.publish', targetType: 'specification', targetId: specId, details: { version: draft.version } });
    return presentVersion(platform, row);
  });
  catalogueChanged(platform);
  return published;
}

/** Takes a specification out of the catalogue: its published versions become archived (still readable). */
export async function archiveSpecification(platform: Platform, institution: Institution, specId: string, actor: Actor): Promise<{ specId: string; archivedVersions: number[] }> {
  const archived = await platform.store.db.transaction().execute(async (trx) => {
    await lock(trx, institution, specId);
    const now = new Date();
    const rows = await trx.updateTable('specifications').set({ status: 'archived', archived_at: now, updated_at: now })
      .where('spec_id', '=', specId).where('status', '=', 'published').returning('version').execute();
    if (rows.length === 0) {
      throw new ServiceError(409, 'not_published', { pl: 'Specyfikacja nie ma opublikowanej wersji', en: 'The specification has no published version' });
    }
    const archivedVersions = rows.map((r) => r.version).sort((a, b) => a - b);
    await audit(trx, { institutionId: institution.id, actor, action: 'specification.archive', targetType: 'specification', targetId: specId, details: { versions: archivedVersions } });
    return { specId, archivedVersions };
  });
  catalogueChanged(platform);
  return archived;
}

export async function listSpecifications(platform: Platform, institution: Institution): Promise<SpecificationSummary[]> {
  const rows = await platform.store.db.selectFrom('specifications').selectAll()
    .where('institution_id', '=', institution.id).orderBy('spec_id').orderBy('version', 'desc').execute();
  const bySpec = new Map<string, Row[]>();
  for (const row of rows) bySpec.set(row.spec_id, [...(bySpec.get(row.spec_id) ?? []), row]);
  const out: SpecificationSummary[] = [];
  for (const [specId, versions] of bySpec) {
    const newest = versions[0] as Row;
    const current = versions.find((v) => v.status === 'published' && v.superseded_at === null);
    const doc = newest.document;
    out.push({
      specId, version: newest.version, status: newest.status, title: text(doc.title),
      ectsCredits: numberOrNull(doc.ectsCredits), eqfLevel: numberOrNull(doc.eqfLevel), updatedAt: newest.updated_at,
      publishedVersion: current?.version ?? null, hasDraft: newest.status === 'draft',
      errorCount: problemsOf(doc).filter((p) => p.severity === 'error').length,
    });
  }
  return out.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
}

export async function getSpecification(platform: Platform, institution: Institution, specId: string): Promise<{ specId: string; versions: VersionSummary[]; latest: SpecificationVersion }> {
  const versions = await platform.store.db.selectFrom('specifications').selectAll()
    .where('institution_id', '=', institution.id).where('spec_id', '=', specId).orderBy('version', 'desc').execute();
  const latest = versions[0];
  if (!latest) throw notFoundSpec(specId);
  return {
    specId,
    versions: versions.map((v) => ({ version: v.version, status: v.status, superseded: v.superseded_at !== null, createdAt: v.created_at, publishedAt: v.published_at })),
    latest: presentVersion(platform, latest),
  };
}

export async function getVersion(platform: Platform, institution: Institution, specId: string, version: number): Promise<SpecificationVersion> {
  const row = await platform.store.db.selectFrom('specifications').selectAll()
    .where('institution_id', '=', institution.id).where('spec_id', '=', specId).where('version', '=', version).executeTakeFirst();
  if (!row) throw notFound({ pl: `wersja ${version} specyfikacji ${specId}`, en: `version ${version} of specification ${specId}` });
  return presentVersion(platform, row);
}
