/**
 * Importing an ELM v3 document (Europass / EDC) into an institution's catalogue (docs/catalogue.md, "Import from
 * ELM"): a specification, a learning opportunity or a credential's specification becomes a new draft of the
 * institution, with the report of what mapped, what was kept as further information and what was left out
 * (src/formats/elm-import.ts). A credential's learner, dates and grade are per award and never stored here: the
 * report only says that they were left out. `dryRun` shows the result without creating anything.
 */
import { ElmImportError, importElm, type ElmImportReport, type IgnoredElement } from '../formats/elm-import.ts';
import { createSpecification, problemsOf, withInstitutionDefaults, type SpecificationVersion } from './specifications.ts';
import type { Actor } from './audit.ts';
import type { Institution } from './institutions.ts';
import { ServiceError, type Platform } from './platform.ts';
import type { Problem } from '../model/index.ts';

export interface ElmSpecificationImport {
  /** What the document was: an ELM credential or a specification / learning opportunity. */
  readonly kind: 'credential' | 'specification';
  readonly sourceId: string | null;
  readonly sourceIdentifiers: { schemeName: string; notation: string }[];
  /** The new draft (absent in a dry run). */
  readonly draft: SpecificationVersion | null;
  /** The draft's document as imported (what a dry run would save). */
  readonly document: Record<string, unknown>;
  /** What the draft still lacks or has wrong before it can be published. */
  readonly problems: Problem[];
  readonly report: ElmImportReport;
}

const LEARNER_LEFT_OUT: IgnoredElement = {
  from: 'credentialSubject, issued, validUntil, LearningAchievement.provenBy.grade',
  reason: {
    pl: 'Dane uczącego się, daty i ocena dotyczą jednego wydania: katalog przyjmuje tylko specyfikację',
    en: 'The learner, the dates and the grade belong to one award: the catalogue takes the specification only',
  },
};

export async function importElmSpecification(
  platform: Platform, institution: Institution, document: unknown, actor: Actor, options: { dryRun?: boolean } = {},
): Promise<ElmSpecificationImport> {
  let imported;
  try {
    imported = await importElm(document);
  } catch (error) {
    if (error instanceof ElmImportError) throw new ServiceError(422, error.code, error.detail, { path: `body.${error.path}` });
    throw error;
  }
  const report: ElmImportReport = imported.kind === 'credential'
    ? { ...imported.report, ignored: [...imported.report.ignored, LEARNER_LEFT_OUT] }
    : imported.report;
  const base = {
    kind: imported.kind,
    sourceId: imported.sourceId ?? null,
    sourceIdentifiers: imported.sourceIdentifiers,
    document: imported.specification,
    report,
  };
  if (options.dryRun) {
    const wouldSave = { ...withInstitutionDefaults(institution, imported.specification), specId: '00000000-0000-4000-8000-000000000000', version: 1 };
    return { ...base, draft: null, problems: problemsOf(wouldSave) };
  }
  const draft = await createSpecification(platform, institution, imported.specification, actor);
  return { ...base, draft, problems: draft.problems };
}
