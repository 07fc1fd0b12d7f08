/**
 * The human name of a place in a specification document (`learningOutcomes[1].text.en` → "Treść efektu 2 po
 * angielsku"), with the labels the editor gives its inputs and the names of the standard elements (t.elements): for
 * pages that list problems or elements of a document outside the editor (the ELM import). Undefined when there is
 * no name for the path (the caller shows the path itself, as the editor does). `asProblem`: a path to a whole element
 * (`title`, `qualityAssurance`) is named by its first input, as the editor's summary of problems names it.
 */
import type { Dictionary } from './i18n.ts';
import { pathSegments } from './specForm.ts';

/** A standard element's name (t.elements holds formatting functions too). */
function elementName(t: Dictionary, key: string): string | undefined {
  const value = (t.elements as Readonly<Record<string, unknown>>)[key];
  return typeof value === 'string' ? value : undefined;
}

export function specPathLabel(path: string, t: Dictionary, options: { asProblem?: boolean } = {}): string | undefined {
  const first = options.asProblem === true;
  const [head, ...rest] = pathSegments(path);
  if (typeof head !== 'string') return undefined;
  const [a, b, c, d, e] = rest;
  /** `x.pl` / `x.en` → the editor's label of that language's input; `x` → the element's name. */
  const pair = (name: string, pl: string, en: string): string | undefined =>
    rest.length === 0 ? (first ? pl : name) : rest.length === 1 ? (a === 'pl' ? pl : a === 'en' ? en : undefined) : undefined;
  const n = typeof a === 'number' ? a + 1 : 0;
  switch (head) {
    case 'title': return pair(t.specLabels.title, t.spec.titlePl, t.spec.titleEn);
    case 'description': return pair(t.specLabels.description, t.spec.descriptionPl, t.spec.descriptionEn);
    case 'assessmentDescription': return pair(t.elements.assessmentDescription, t.spec.assessmentDescriptionPl, t.spec.assessmentDescriptionEn);
    case 'prerequisites': return pair(t.elements.prerequisites, t.spec.prerequisitesPl, t.spec.prerequisitesEn);
    case 'furtherInfo': return pair(t.elements.furtherInfo, t.spec.furtherInfoPl, t.spec.furtherInfoEn);
    case 'issuerRegion': return rest.length === 0 ? (first ? t.spec.issuerRegion : t.specLabels.issuerRegion) : undefined;
    case 'issuerCountry': return rest.length === 0 ? (first ? t.spec.issuerCountry : t.elements.issuerCountry) : undefined;
    case 'awardingBody': {
      if (a === undefined) return first ? t.spec.legalNamePl : t.elements.awardingBody;
      if (a === 'legalName') return b === 'en' ? t.spec.legalNameEn : t.spec.legalNamePl;
      if (a === 'identifiers') {
        if (typeof b !== 'number') return t.elements.legalIdentifiers;
        return c === 'scheme' || (c === undefined && first) ? t.profile.scheme(b + 1) : t.profile.value(b + 1);
      }
      if (a === 'homepage') return t.spec.abHomepage;
      if (a === 'email') return t.spec.abEmail;
      if (a === 'address') {
        if (b === 'street' || b === 'postalCode' || b === 'locality' || b === 'region') return t.profile[b];
        if (b === 'country') return t.spec.addressCountry;
        return first ? t.profile.street : t.elements.address;
      }
      return undefined;
    }
    case 'learningOutcomes': {
      if (a === undefined) return t.elements.learningOutcomes;
      if (typeof a !== 'number') return undefined;
      if (b === undefined) return first ? t.spec.outcomeCode(n) : t.spec.outcome(n);
      if (b === 'id') return t.spec.outcomeCode(n);
      if (b === 'type') return t.spec.outcomeType(n);
      if (b === 'text') return c === 'en' ? t.spec.outcomeTextEn(n) : c === 'pl' || first ? t.spec.outcomeTextPl(n) : t.spec.outcome(n);
      if (b === 'escoSkills') {
        if (typeof c !== 'number') return t.spec.escoLegend(n);
        if (d === 'label') return e === 'en' ? t.spec.escoLabelEn(n, c + 1) : t.spec.escoLabelPl(n, c + 1);
        return t.spec.escoUri(n, c + 1);
      }
      return undefined;
    }
    case 'qualityAssurance': {
      if (a === undefined) return first ? t.elements.qaType : t.elements.qualityAssurance;
      if (a === 'type') return t.elements.qaType;
      if (a === 'description') return b === 'en' ? t.spec.qaDescriptionEn : t.spec.qaDescriptionPl;
      if (a === 'accreditationId' || a === 'agency') return t.elements[a];
      return undefined;
    }
    case 'stackability': {
      if (a === undefined) return first ? t.spec.stackMode : t.elements.stackability;
      if (a === 'mode') return t.spec.stackMode;
      if (a !== 'stacksInto') return undefined;
      if (typeof b !== 'number') return t.elements.stacksInto;
      if (c === 'title' || (c === undefined && first)) return d === 'en' ? t.spec.targetTitleEn(b + 1) : t.spec.targetTitlePl(b + 1);
      if (c === 'url') return t.spec.targetUrl(b + 1);
      if (c === 'id') return t.spec.targetId(b + 1);
      return undefined;
    }
    // `languages[2]`: the list of languages.
    case 'languages': return t.elements.languages;
    default: return rest.length === 0 ? elementName(t, head) : undefined;
  }
}
