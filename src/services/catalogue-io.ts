/**
 * Moving a catalogue in and out: the export is every version of every specification of an institution and its
 * pathways, in the shape the API returns; the import takes such a file (from this or another Mikrocred) and brings
 * each specification's newest version in as a draft (or published, when asked and valid), reporting per entry.
 * Re-importing the same file changes nothing ("unchanged"). Each entry is its own transaction.
 */
import { createHash } from 'node:crypto';
import type { Problem } from '../model/index.ts';
import type { LangMapRow, PathwayRuleRow } from '../store/schema.ts';
import type { Actor } from './audit.ts';
import type { Institution } from './institutions.ts';
import { createPathway, getPathway, listPathways, updatePathway, type Pathway } from './pathways.ts';
import { ServiceError, type Platform } from './platform.ts';
import {
  createSpecification, presentVersion, problemsOf, publishDraft, saveDraft, type Document, type SpecificationVersion,
} from './specifications.ts';

export const EXPORT_FORMAT = 'mikrocred-catalogue/1';

export interface CatalogueExport {
  readonly format: typeof EXPORT_FORMAT;
  readonly institution: string;
  readonly exportedAt: Date;
  readonly specifications: Array<{ specId: string; versions: SpecificationVersion[] }>;
  readonly pathways: Pathway[];
}

export interface CatalogueImport {
  readonly specifications: ReadonlyArray<{ specId: string; versions: ReadonlyArray<{ version: number; status: string; document: Document }> }>;
  readonly pathways: ReadonlyArray<{
    id: string; title: LangMapRow; description?: LangMapRow | undefined; rule: PathwayRuleRow; specIds: readonly string[];
    target?: { title: LangMapRow; url?: string | undefined } | undefined;
  }>;
  readonly publish?: boolean | undefined;
}

export interface ImportReport {
  specifications: Array<{ specId: string; sourceSpecId: string; outcome: 'created' | 'new-version' | 'unchanged' | 'refused'; version?: number; status?: string; problems: Problem[] }>;
  pathways: Array<{ id: string; outcome: 'created' | 'updated' | 'refused'; problems: Problem[] }>;
}

export async function exportCatalogue(platform: Platform, institution: Institution): Promise<CatalogueExport> {
  const rows = await platform.store.db.selectFrom('specifications').selectAll()
    .where('institution_id', '=', institution.id).orderBy('spec_id').orderBy('version').execute();
  const bySpec = new Map<string, SpecificationVersion[]>();
  for (const row of rows) bySpec.set(row.spec_id, [...(bySpec.get(row.spec_id) ?? []), presentVersion(platform, row)]);
  return {
    format: EXPORT_FORMAT, institution: institution.slug, exportedAt: new Date(),
    specifications: [...bySpec].map(([specId, versions]) => ({ specId, versions })),
    pathways: await listPathways(platform, { institution }),
  };
}

/** The document without the fields the server owns, for comparing two versions' content. */
function content(document: Document): string {
  const rest: Document = { ...document };
  delete rest.specId;
  delete rest.version;
  return JSON.stringify(rest, Object.keys(rest).sort());
}

/** A UUID (version 8, RFC 9562) derived from a namespace and a name: the same inputs give the same id. */
export function derivedUuid(namespace: string, name: string): string {
  const bytes = createHash('sha256').update(`${namespace}\u0000${name}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function refusal(error: unknown): Problem[] {
  if (!(error instanceof ServiceError)) throw error;
  const listed = Array.isArray(error.details?.problems) ? error.details.problems as Problem[] : undefined;
  const path = typeof error.details?.path === 'string' ? error.details.path : '';
  return listed ?? [{ path, code: error.code, severity: 'error', message: error.text }];
}

export async function importCatalogue(platform: Platform, institution: Institution, input: CatalogueImport, actor: Actor): Promise<ImportReport> {
  const report: ImportReport = { specifications: [], pathways: [] };
  const { db } = platform.store;
  const ownerOf = async (specId: string): Promise<string | undefined> =>
    (await db.selectFrom('specification_owners').select('institution_id').where('spec_id', '=', specId).executeTakeFirst())?.institution_id;
  /** Source id → the id here (the same, unless another institution of this platform has it). */
  const ids = new Map<string, string>();
  for (const entry of input.specifications) {
    const newest = [...entry.versions].sort((a, b) => b.version - a.version)[0];
    if (!newest) continue;
    const document = newest.document;
    let specId = entry.specId;
    try {
      let owner = await ownerOf(specId);
      if (owner !== undefined && owner !== institution.id) {
        // Another institution here owns that id (a copy of its catalogue): the copy gets an id derived from both,
        // so importing the same file again finds it.
        specId = derivedUuid(institution.id, entry.specId);
        owner = await ownerOf(specId);
      }
      ids.set(entry.specId, specId);
      let saved: SpecificationVersion;
      let outcome: 'created' | 'new-version' | 'unchanged';
      if (owner === undefined) {
        saved = await createSpecification(platform, institution, document, actor, { specId });
        outcome = 'created';
      } else {
        const current = await db.selectFrom('specifications').selectAll().where('spec_id', '=', specId)
          .orderBy('version', 'desc').limit(1).executeTakeFirstOrThrow();
        if (content(current.document) === content(document)) {
          report.specifications.push({ specId, sourceSpecId: entry.specId, outcome: 'unchanged', version: current.version, status: current.status, problems: problemsOf(current.document) });
          continue;
        }
        saved = await saveDraft(platform, institution, specId, document, actor);
        outcome = 'new-version';
      }
      const errors = saved.problems.filter((p) => p.severity === 'error');
      if (input.publish && errors.length === 0) saved = await publishDraft(platform, institution, specId, actor);
      report.specifications.push({ specId, sourceSpecId: entry.specId, outcome, version: saved.version, status: saved.status, problems: [...saved.problems] });
    } catch (error) {
      report.specifications.push({ specId, sourceSpecId: entry.specId, outcome: 'refused', problems: refusal(error) });
    }
  }
  for (const pathway of input.pathways) {
    const pathwayInput = {
      title: pathway.title, description: pathway.description, rule: pathway.rule,
      specIds: pathway.specIds.map((id) => ids.get(id) ?? id), target: pathway.target,
    };
    try {
      const existing = await getPathway(platform, pathway.id, institution).catch(() => undefined);
      if (existing) await updatePathway(platform, institution, pathway.id, pathwayInput, actor);
      else await createPathway(platform, institution, pathwayInput, actor, { id: pathway.id });
      report.pathways.push({ id: pathway.id, outcome: existing ? 'updated' : 'created', problems: [] });
    } catch (error) {
      report.pathways.push({ id: pathway.id, outcome: 'refused', problems: refusal(error) });
    }
  }
  return report;
}
