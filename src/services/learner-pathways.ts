/**
 * Pathway progress (docs/learner.md): for every pathway that at least one of the learner's credentials counts
 * toward, what they have gathered (member micro-credentials and their ECTS), whether the rule (all / n of them /
 * at least X ECTS) is met, and what is missing, with each missing offer's catalogue URL and institution (where it
 * can be earned). A credential counts when it was issued from a member specification (any version) and is neither
 * revoked nor suspended; each member counts once, with the ECTS of the version the learner holds (the highest, when
 * they hold several).
 */
import type { LangMapRow, PathwayRuleRow } from '../store/schema.ts';
import { catalogueEntry, type CatalogueEntry } from './catalogue.ts';
import type { LearnerAccount } from './learner-accounts.ts';
import { ownedRows } from './learner-credentials.ts';
import { getPathway } from './pathways.ts';
import { ServiceError, type Platform } from './platform.ts';

export interface PathwayOffer {
  readonly specId: string;
  readonly title: LangMapRow;
  readonly ectsCredits: number;
  /** The offer's public catalogue page. */
  readonly url: string;
  readonly institution: { slug: string; namePl: string; nameEn: string };
  readonly status: 'published' | 'archived';
}

export interface EarnedOffer extends PathwayOffer {
  /** The learner's credentials of this offer (their ids in the portal). */
  readonly credentialIds: string[];
  /** The ECTS counted (of the version the learner holds). */
  readonly ectsCounted: number;
}

export interface PathwayProgress {
  readonly pathway: {
    readonly id: string; readonly title: LangMapRow; readonly description?: LangMapRow; readonly institution: { slug: string; namePl: string; nameEn: string };
    readonly rule: PathwayRuleRow; readonly target?: { title: LangMapRow; url?: string }; readonly publicUrl: string;
  };
  readonly done: boolean;
  readonly credentialsGathered: number;
  readonly ectsGathered: number;
  /** What the rule asks: a number of member credentials (`all`, `n-of`) or of ECTS (`ects`). */
  readonly required: { readonly credentials?: number; readonly ects?: number };
  /** What is still missing to meet the rule (0 when done). */
  readonly stillNeeded: { readonly credentials?: number; readonly ects?: number };
  readonly earned: EarnedOffer[];
  readonly missing: PathwayOffer[];
}

function offerOf(entry: CatalogueEntry): PathwayOffer {
  return { specId: entry.specId, title: entry.title, ectsCredits: entry.ectsCredits, url: entry.url, institution: entry.institution, status: entry.status };
}

async function offer(platform: Platform, specId: string): Promise<PathwayOffer | undefined> {
  try {
    return offerOf(await catalogueEntry(platform, specId));
  } catch (error) {
    if (error instanceof ServiceError && error.status === 404) return undefined;
    throw error;
  }
}

/** Rounds ECTS sums (steps of 0.5) against floating-point dust. */
function ects(value: number): number {
  return Math.round(value * 100) / 100;
}

export async function pathwayProgress(platform: Platform, account: LearnerAccount): Promise<PathwayProgress[]> {
  const held = new Map<string, { ids: string[]; ects: number }>();
  for (const row of await ownedRows(platform, account)) {
    if (!row.spec_id || row.revoked_at || row.suspended_at) continue;
    const credits = typeof row.spec_document?.ectsCredits === 'number' ? row.spec_document.ectsCredits : row.ects ?? 0;
    const entry = held.get(row.spec_id) ?? { ids: [], ects: 0 };
    entry.ids.push(row.id);
    entry.ects = Math.max(entry.ects, credits);
    held.set(row.spec_id, entry);
  }
  if (held.size === 0) return [];
  const memberships = await platform.store.db.selectFrom('pathway_members').innerJoin('pathways', 'pathways.id', 'pathway_members.pathway_id')
    .select(['pathways.id', 'pathways.created_at']).distinct()
    .where('pathway_members.spec_id', 'in', [...held.keys()]).orderBy('pathways.created_at').orderBy('pathways.id').execute();
  const offers = new Map<string, PathwayOffer | undefined>();
  const out: PathwayProgress[] = [];
  for (const { id } of memberships) {
    const pathway = await getPathway(platform, id);
    const earned: EarnedOffer[] = [];
    const missing: PathwayOffer[] = [];
    for (const specId of pathway.specIds) {
      if (!offers.has(specId)) offers.set(specId, await offer(platform, specId));
      const found = offers.get(specId);
      const mine = held.get(specId);
      if (mine) {
        earned.push({
          ...(found ?? { specId, title: { pl: '', en: '' }, ectsCredits: mine.ects, url: '', institution: { slug: '', namePl: '', nameEn: '' }, status: 'archived' as const }),
          credentialIds: mine.ids, ectsCounted: mine.ects,
        });
      } else if (found) {
        missing.push(found);
      }
    }
    const credentialsGathered = earned.length;
    const ectsGathered = ects(earned.reduce((sum, e) => sum + e.ectsCounted, 0));
    const rule = pathway.rule;
    let required: PathwayProgress['required'];
    let stillNeeded: PathwayProgress['stillNeeded'];
    let done: boolean;
    switch (rule.type) {
      case 'all':
        required = { credentials: pathway.specIds.length };
        stillNeeded = { credentials: pathway.specIds.length - credentialsGathered };
        done = credentialsGathered >= pathway.specIds.length;
        break;
      case 'n-of':
        required = { credentials: rule.n };
        stillNeeded = { credentials: Math.max(0, rule.n - credentialsGathered) };
        done = credentialsGathered >= rule.n;
        break;
      case 'ects':
        required = { ects: rule.minEcts };
        stillNeeded = { ects: ects(Math.max(0, rule.minEcts - ectsGathered)) };
        done = ectsGathered >= rule.minEcts;
        break;
    }
    out.push({
      pathway: {
        id: pathway.id, title: pathway.title, ...(pathway.description ? { description: pathway.description } : {}), institution: pathway.institution,
        rule, ...(pathway.target ? { target: pathway.target } : {}), publicUrl: pathway.publicUrl,
      },
      done, credentialsGathered, ectsGathered, required, stillNeeded, earned, missing,
    });
  }
  return out;
}
