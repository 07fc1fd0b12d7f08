/**
 * Import of European Learning Model (ELM) v3 JSON-LD into the micro-credential model: a `EuropeanDigitalCredential`
 * (Europass / EDC) gives a specification and an award; a `LearningOpportunity`, `Qualification` or
 * `LearningAchievementSpecification` gives a specification. It is the inverse of elm.ts and elm-credential.ts, and
 * reads documents of other issuers too (the EC's sample "Sample-MC-Annex1-unsigned.jsonld" is a test case).
 *
 * The document is first brought to one shape: expanded and compacted with the EDC context (offline: only the
 * contexts in contexts/), so any JSON-LD form of the same graph reads the same; nodes given by reference only
 * (`"awardingBody": "urn:…"`) are looked up by IRI.
 *
 * What maps (Q = the Qualification / specification, LAssS = its LearningAssessmentSpecification, Org = the awarding
 * body; "note <kind>" = a tagged note, elm-notes.ts):
 *   title ← Q.title · description ← Q.description (dropped when it is the one Mikrocred generates)
 *   awardingBody ← Org: legalName, registration / taxIdentifier / vatIdentifier / identifier (scheme by `schemeName`,
 *     else by property and format: KRS, REGON, NIP, VAT, other), homepage, contactPoint e-mail, address (country
 *     concept and the full address split into street, postal code, locality, region)
 *   issuerCountry, issuerRegion ← Q.awardingOpportunity.location (else the Org's country, the ATU label)
 *   learningOutcomes ← Q.learningOutcome (code ← identifier, text ← title, ESCO skills ← relatedESCOSkill,
 *     type ← note outcome-type); ectsCredits ← Q.creditPoint (ECTS framework); workloadHours ← Q.volumeOfLearning
 *   eqfLevel ← Q.eqfLevel (absent: not applicable); prkLevel, qfEheaCycle ← notes
 *   assessmentType ← LAssS.dcType (our assessment-type concepts); assessmentDescription ← LAssS.description
 *     (a foreign document's assessment title when it has no description); gradingScheme ← LAssS.gradingScheme's
 *     identifier; supervisionVerification ← note, else the award's LearningAssessment.idVerification concept
 *   participationMode ← Q.mode (concept) or note · learningSetting ← Q.learningSetting or note
 *   languages ← Q.language (EU language table) and notes · iscedF ← Q.thematicArea · homepage ← Q.homepage
 *   qualityAssurance ← notes (type, decision, agency), else Q.accreditation (external accreditation)
 *   prerequisites ← Q.entryRequirement · stackability ← note (mode) or Q.isPartialQualification, Q.isPartOf
 *   humanCode, zskCode ← Q.identifier by scheme name · validityPeriod ← note · furtherInfo ← note further-information
 *   the award (credentials): learner ← credentialSubject (names, date of birth, e-mail, student number);
 *     issuedAt ← issued; validUntil; grade ← LearningAchievement.provenBy.grade
 * What has no place in the model is kept as further information (furtherInfo, labelled, in every language the
 * document has): other notes, NQF levels, other credit frameworks, other thematic areas, non-ESCO skills, grading
 * scheme texts of other issuers, learning activities, other identifiers. What is left out on purpose is listed with
 * the reason (national identity numbers, display images, signatures). The result is a draft: what the document lacks
 * (an assessment type or quality assurance of another issuer, Polish texts…) is reported by the model's validation.
 */
import jsonld from 'jsonld';
import {
  GRADING_SCHEMES, LEARNING_SETTINGS, PARTICIPATION_MODES, SUPERVISION_VERIFICATION, ASSESSMENT_CODES,
  countryName, countryOfUri, iscedField, isValidNip, isValidRegon, validateSpecification,
  type Concept, type Message,
} from '../model/index.ts';
import { defaultDescription } from '../credentials/achievement.ts';
import type { JsonObject } from '../credentials/build.ts';
import { CONTEXTS, VC_V1_CONTEXT_URL } from '../credentials/contexts.ts';
import { EDC_AP_CONTEXT_URL, ECTS_FRAMEWORK, EU_LANGUAGE_CODES, IDENTIFIER_SCHEME_NAMES, localId, SCHEME_NAMES } from './elm.ts';
import { MIKROCRED_VOCAB, readTaggedNote, type TaggedNote } from './elm-notes.ts';

/** The context every imported document is compacted to (the one EDC credentials use). */
const CANONICAL_CONTEXT = [VC_V1_CONTEXT_URL, EDC_AP_CONTEXT_URL];
const ESCO_SKILL = /^http:\/\/data\.europa\.eu\/esco\/skill\/[0-9a-f-]{36}$/;
const MAX_FURTHER_INFO = 5000;

/** A document that cannot be imported: not JSON-LD, an unknown context, not an ELM credential or specification. */
export class ElmImportError extends Error {
  constructor(readonly code: string, readonly detail: Message, readonly path = 'document') {
    super(detail.en);
    this.name = 'ElmImportError';
  }
}

export interface ImportedElement {
  /** The element in our model, e.g. `learningOutcomes[0].escoSkills`. */
  readonly path: string;
  /** Where it came from in the ELM document, e.g. `Qualification.learningOutcome[0].relatedESCOSkill`. */
  readonly from: string;
}

export interface KeptText {
  readonly from: string;
  readonly label: Message;
  readonly text: Readonly<Record<string, string>>;
}

export interface IgnoredElement {
  readonly from: string;
  readonly reason: Message;
}

export interface ElmImportReport {
  readonly mapped: ImportedElement[];
  readonly keptAsFurtherInfo: KeptText[];
  readonly ignored: IgnoredElement[];
}

export interface ImportedLearner {
  givenName?: string;
  familyName?: string;
  fullName?: string;
  email?: string;
  dateOfBirth?: string;
  studentNumber?: string;
}

export interface ImportedAward {
  readonly learner: ImportedLearner;
  readonly result: { issuedAt?: string; grade?: string; supervisionVerificationUsed?: string; validUntil?: string };
}

export interface ElmImport {
  readonly kind: 'credential' | 'specification';
  /** The IRI of the document's root node. */
  readonly sourceId?: string;
  /** Identifiers the document gives itself: our specification id and version, the signed credential, … */
  readonly sourceIdentifiers: { schemeName: string; notation: string }[];
  /** The specification as a draft document of the model (it may be incomplete: validate it). */
  readonly specification: Record<string, unknown>;
  /** For a credential: the learner and the result. */
  readonly award?: ImportedAward;
  readonly report: ElmImportReport;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the graph

type Node = JsonObject;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The document's nodes by IRI (the description with the most properties wins), to follow references. */
class Graph {
  private readonly byId = new Map<string, Node>();

  constructor(root: Node) {
    this.index(root);
  }

  private index(value: unknown): void {
    if (Array.isArray(value)) {
      for (const item of value) this.index(item);
      return;
    }
    if (!isNode(value)) return;
    const id = value.id;
    if (typeof id === 'string') {
      const known = this.byId.get(id);
      if (!known || Object.keys(value).length > Object.keys(known).length) this.byId.set(id, value);
    }
    for (const [key, child] of Object.entries(value)) if (key !== '@context') this.index(child);
  }

  /** The nodes of a property value, references followed. */
  all(value: unknown): Node[] {
    return asList(value).flatMap((item) => {
      if (typeof item === 'string') {
        const found = this.byId.get(item);
        return found ? [found] : [];
      }
      if (!isNode(item)) return [];
      const keys = Object.keys(item).filter((k) => k !== 'id' && k !== 'type');
      const found = keys.length === 0 && typeof item.id === 'string' ? this.byId.get(item.id) : undefined;
      return [found ?? item];
    });
  }

  one(value: unknown): Node | undefined {
    return this.all(value)[0];
  }
}

function types(node: Node | undefined): string[] {
  return asList(node?.type).filter((t): t is string => typeof t === 'string');
}

function iri(value: unknown): string | undefined {
  const first = asList(value)[0];
  if (typeof first === 'string') return first;
  return isNode(first) && typeof first.id === 'string' ? first.id : undefined;
}

function iris(value: unknown): string[] {
  return asList(value).map((v) => iri(v)).filter((v): v is string => v !== undefined);
}

function scalar(value: unknown): string | undefined {
  const first = asList(value)[0];
  if (typeof first === 'string') return first.trim() || undefined;
  if (typeof first === 'number' || typeof first === 'boolean') return String(first);
  if (isNode(first) && typeof first['@value'] === 'string') return first['@value'];
  return undefined;
}

/** A language map (`{ en: "…" }`, several values joined by new lines); a plain string counts as English. */
function text(value: unknown): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const item of asList(value)) {
    if (typeof item === 'string') {
      out.en = out.en ? `${out.en}\n${item}` : item;
      continue;
    }
    if (!isNode(item)) continue;
    for (const [lang, v] of Object.entries(item)) {
      const values = asList(v).filter((s): s is string => typeof s === 'string');
      if (values.length === 0) continue;
      const key = lang === '@none' ? 'en' : lang.toLowerCase().split('-')[0] ?? lang;
      out[key] = [out[key], ...values].filter(Boolean).join('\n');
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function anyText(map: Readonly<Record<string, string>> | undefined): string | undefined {
  if (!map) return undefined;
  return map.en ?? map.pl ?? Object.values(map)[0];
}

function codeOfUri<C extends string | number>(list: readonly Concept<C>[], uri: string | undefined): C | undefined {
  return uri === undefined ? undefined : list.find((c) => c.uri === uri)?.code;
}

const LANGUAGE_OF_TABLE_CODE: ReadonlyMap<string, string> = new Map(Object.entries(EU_LANGUAGE_CODES).map(([iso, table]) => [table, iso]));


// ---------------------------------------------------------------------------------------------------------------
// Normalising the document

const loader = async (url: string) => {
  const document = CONTEXTS.get(url);
  if (document === undefined) {
    throw new ElmImportError('unknown_context', {
      pl: `Nieznany kontekst JSON-LD „${url}”: import działa bez sieci i zna konteksty ELM / EDC, VC i Open Badges`,
      en: `Unknown JSON-LD context "${url}": the import works offline and knows the ELM / EDC, VC and Open Badges contexts`,
    }, 'document.@context');
  }
  return { contextUrl: null, documentUrl: url, document };
};

/** The document compacted with the EDC context, so that every JSON-LD form of the same graph reads the same. */
export async function normaliseElm(input: unknown): Promise<Node> {
  // Expanded JSON-LD is an array of node objects (or one object with @graph / @id / @type) without a context.
  const expandedForm = (Array.isArray(input) && input.length > 0 && input.every(isNode))
    || (isNode(input) && input['@context'] === undefined && ['@graph', '@id', '@type'].some((k) => k in input));
  if (!isNode(input) && !expandedForm) {
    throw new ElmImportError('not_json_ld', { pl: 'Oczekiwano obiektu JSON-LD', en: 'Expected a JSON-LD object' });
  }
  if (!expandedForm && isNode(input) && input['@context'] === undefined) {
    throw new ElmImportError('not_json_ld', {
      pl: 'Dokument nie ma „@context”: to nie jest JSON-LD modelu ELM',
      en: 'The document has no "@context": it is not ELM JSON-LD',
    }, 'document.@context');
  }
  try {
    const expanded = await jsonld.expand(input, { documentLoader: loader });
    return await jsonld.compact(expanded, CANONICAL_CONTEXT, { documentLoader: loader }) as Node;
  } catch (error) {
    if (error instanceof ElmImportError) throw error;
    const cause = (error as { details?: { cause?: unknown } }).details?.cause;
    if (cause instanceof ElmImportError) throw cause;
    throw new ElmImportError('invalid_json_ld', {
      pl: `Nieprawidłowy JSON-LD: ${(error as Error).message}`, en: `Invalid JSON-LD: ${(error as Error).message}`,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Building the specification

const L = {
  note: { pl: 'Uwaga', en: 'Note' },
  nqf: { pl: 'Poziom krajowej ramy kwalifikacji', en: 'National qualifications framework level' },
  credit: { pl: 'Punkty', en: 'Credit points' },
  thematicArea: { pl: 'Dziedzina', en: 'Thematic area' },
  skill: { pl: 'Powiązana umiejętność', en: 'Related skill' },
  grading: { pl: 'Skala ocen', en: 'Grading scheme' },
  activity: { pl: 'Działanie edukacyjne', en: 'Learning activity' },
  identifier: { pl: 'Identyfikator', en: 'Identifier' },
  volume: { pl: 'Nakład pracy', en: 'Volume of learning' },
  duration: { pl: 'Maksymalny czas trwania', en: 'Maximum duration' },
} as const satisfies Record<string, Message>;

const IDENTIFIER_SCHEME_OF_NAME: ReadonlyMap<string, string> = new Map(Object.entries(IDENTIFIER_SCHEME_NAMES).map(([scheme, name]) => [name.toLowerCase(), scheme]));

class SpecificationReader {
  readonly spec: Record<string, unknown> = {};
  readonly mapped: ImportedElement[] = [];
  readonly kept: KeptText[] = [];
  readonly ignored: IgnoredElement[] = [];
  readonly sourceIdentifiers: { schemeName: string; notation: string }[] = [];

  constructor(private readonly g: Graph) {}

  set(path: string, value: unknown, from: string): void {
    if (value === undefined) return;
    this.spec[path] = value;
    this.mapped.push({ path, from });
  }

  keep(from: string, label: Message, value: Readonly<Record<string, string>> | string | undefined): void {
    if (value === undefined) return;
    this.kept.push({ from, label, text: typeof value === 'string' ? { en: value } : value });
  }

  /** The tagged notes (ours) of a node's `additionalNote`; foreign notes are kept as further information. */
  notes(node: Node | undefined, from: string): TaggedNote[] {
    const out: TaggedNote[] = [];
    this.g.all(node?.additionalNote).forEach((n, i) => {
      const literal = text(n.noteLiteral);
      if (!literal) return;
      const tagged = readTaggedNote(n, literal);
      if (tagged) out.push(tagged);
      else this.keep(`${from}.additionalNote[${i}]`, L.note, literal);
    });
    return out;
  }
}

/** Splits an ELM full address ("street, 00-000 Locality, region, Country") into the model's address parts. */
export function parseFullAddress(full: string, country: string | undefined): Record<string, string> {
  const parts = full.split(',').map((p) => p.trim()).filter(Boolean);
  if (country && parts.length > 1) {
    const names = countryName(country);
    const last = parts[parts.length - 1]?.toLowerCase();
    if (last === names.pl.toLowerCase() || last === names.en.toLowerCase() || last === country.toLowerCase()) parts.pop();
  }
  // The postal code and locality: the last part that starts with a token holding a digit ("00-927 Warszawa", "D08 Dublin").
  let postal = -1;
  parts.forEach((p, i) => { if (/^\S*\d\S*\s+\S/.test(p)) postal = i; });
  const out: Record<string, string> = {};
  if (postal >= 0) {
    const match = /^(\S+)\s+(.+)$/.exec(parts[postal] ?? '');
    if (postal > 0) out.street = parts.slice(0, postal).join(', ');
    if (match?.[1] && match[2]) {
      out.postalCode = match[1];
      out.locality = match[2];
    }
    const region = parts.slice(postal + 1).join(', ');
    if (region) out.region = region;
    return out;
  }
  if (parts.length === 1) out.locality = parts[0] ?? '';
  if (parts.length === 2) {
    out.street = parts[0] ?? '';
    out.locality = parts[1] ?? '';
  }
  if (parts.length > 2) {
    out.street = parts.slice(0, -2).join(', ');
    out.locality = parts[parts.length - 2] ?? '';
    out.region = parts[parts.length - 1] ?? '';
  }
  return out;
}

function schemeOf(property: 'registration' | 'taxIdentifier' | 'vatIdentifier' | 'identifier' | 'eIDASIdentifier', node: Node): string {
  const name = scalar(node.schemeName)?.toLowerCase();
  const byName = name ? IDENTIFIER_SCHEME_OF_NAME.get(name) : undefined;
  if (byName) return byName;
  const value = scalar(node.notation) ?? '';
  if (property === 'vatIdentifier') return 'VAT';
  if (property === 'taxIdentifier') return isValidNip(value) ? 'NIP' : 'other';
  if (property === 'identifier') return 'other';
  if (/^\d{10}$/.test(value) && !isValidNip(value)) return 'KRS';
  return isValidRegon(value) ? 'REGON' : 'other';
}

function readOrganisation(r: SpecificationReader, g: Graph, org: Node, from: string): void {
  const body: Record<string, unknown> = {};
  const legalName = text(org.legalName) ?? text(org.prefLabel) ?? text(org.altLabel);
  if (legalName) body.legalName = legalName;
  const identifiers: { scheme: string; value: string }[] = [];
  const properties = ['registration', 'taxIdentifier', 'vatIdentifier', 'eIDASIdentifier', 'identifier'] as const;
  for (const property of properties) {
    for (const id of g.all(org[property])) {
      const value = scalar(id.notation);
      if (!value) continue;
      const scheme = schemeOf(property, id);
      if (identifiers.some((i) => i.value === value && (i.scheme === scheme || property === 'eIDASIdentifier'))) continue;
      identifiers.push({ scheme, value });
      const name = scalar(id.schemeName);
      if (scheme === 'other' && name && !IDENTIFIER_SCHEME_OF_NAME.has(name.toLowerCase())) r.keep(`${from}.${property}`, L.identifier, `${name}: ${value}`);
    }
  }
  body.identifiers = identifiers;
  const homepage = scalar(g.one(org.homepage)?.contentURL) ?? iri(org.homepage);
  if (homepage) body.homepage = homepage;
  const mailbox = iri(g.one(g.one(org.contactPoint)?.emailAddress));
  if (mailbox?.startsWith('mailto:')) body.email = mailbox.slice('mailto:'.length);
  const address = g.one(g.one(org.location)?.address);
  const country = countryOfUri(iri(address?.countryCode));
  const full = anyText(text(g.one(address?.fullAddress)?.noteLiteral));
  if (country || full) body.address = { ...(full ? parseFullAddress(full, country) : {}), ...(country ? { country } : {}) };
  r.set('awardingBody', body, from);
}

function readOutcomes(r: SpecificationReader, g: Graph, q: Node): void {
  const outcomes = g.all(q.learningOutcome).map((lo, i) => {
    const from = `Qualification.learningOutcome[${i}]`;
    const code = g.all(lo.identifier).find((id) => scalar(id.schemeName) === SCHEME_NAMES.outcome);
    const out: Record<string, unknown> = { id: scalar(code?.notation) ?? `LO${i + 1}`, text: text(lo.title) ?? {} };
    const type = r.notes(lo, from).find((n) => n.kind === 'outcome-type');
    if (type?.code) out.type = type.code;
    const skills: Record<string, unknown>[] = [];
    for (const skill of g.all(lo.relatedESCOSkill)) {
      const uri = iri(skill);
      const label = text(skill.prefLabel);
      if (uri && ESCO_SKILL.test(uri)) skills.push(label?.pl && label.en ? { uri, label } : { uri });
      else if (uri) r.keep(`${from}.relatedESCOSkill`, L.skill, `${anyText(label) ?? ''} (${uri})`.trim());
    }
    out.escoSkills = skills;
    for (const skill of g.all(lo.relatedSkill)) {
      r.keep(`${from}.relatedSkill`, L.skill, `${out.id}: ${anyText(text(skill.prefLabel)) ?? ''} (${iri(skill) ?? ''})`);
    }
    return out;
  });
  if (outcomes.length > 0) {
    r.set('learningOutcomes', outcomes, 'Qualification.learningOutcome');
    return;
  }
  const summary = text(g.one(q.learningOutcomeSummary)?.noteLiteral);
  if (summary) r.set('learningOutcomes', [{ id: 'LO1', text: summary, escoSkills: [] }], 'Qualification.learningOutcomeSummary');
}

function hoursOf(duration: string): number | undefined {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(duration);
  if (!m || (!m[1] && !m[2])) return undefined;
  const hours = Number(m[1] ?? 0) + Number(m[2] ?? 0) / 60;
  return hours >= 1 ? Math.round(hours) : undefined;
}

function readLevels(r: SpecificationReader, g: Graph, q: Node, notes: readonly TaggedNote[]): void {
  const eqf = /\/snb\/eqf\/(\d)$/.exec(iri(q.eqfLevel) ?? '')?.[1];
  if (eqf) r.set('eqfLevel', Number(eqf), 'Qualification.eqfLevel');
  else r.set('eqfLevel', null, 'Qualification.eqfLevel (absent: not applicable)');
  const prk = notes.find((n) => n.kind === 'prk-level');
  if (prk?.code) r.set('prkLevel', Number(prk.code), 'Qualification.additionalNote (prk-level)');
  const cycle = notes.find((n) => n.kind === 'qf-ehea-cycle');
  if (cycle?.code) r.set('qfEheaCycle', cycle.code, 'Qualification.additionalNote (qf-ehea-cycle)');
  for (const nqf of g.all(q.nqfLevel)) r.keep('Qualification.nqfLevel', L.nqf, text(nqf.prefLabel) ?? iri(nqf));
}

function readCredits(r: SpecificationReader, g: Graph, q: Node): void {
  for (const credit of g.all(q.creditPoint)) {
    const point = scalar(credit.point)?.replace(',', '.');
    if (iri(credit.framework) === ECTS_FRAMEWORK && point !== undefined && !Number.isNaN(Number(point)) && r.spec.ectsCredits === undefined) {
      r.set('ectsCredits', Number(point), 'Qualification.creditPoint');
    } else if (point !== undefined) {
      r.keep('Qualification.creditPoint', L.credit, `${point} ${anyText(text(g.one(credit.framework)?.prefLabel)) ?? iri(credit.framework) ?? ''}`.trim());
    }
  }
  const volume = scalar(q.volumeOfLearning);
  const hours = volume ? hoursOf(volume) : undefined;
  if (hours) r.set('workloadHours', hours, 'Qualification.volumeOfLearning');
  else if (volume) r.keep('Qualification.volumeOfLearning', L.volume, volume);
  const maximum = scalar(q.maximumDuration);
  if (maximum) r.keep('Qualification.maximumDuration', L.duration, maximum);
}

function readAssessment(r: SpecificationReader, g: Graph, lass: Node | undefined, assessment: Node | undefined): void {
  const from = 'LearningAssessmentSpecification';
  const dcType = iri(lass?.dcType);
  const prefix = `${MIKROCRED_VOCAB}/assessment-type/`;
  const code = dcType?.startsWith(prefix) ? dcType.slice(prefix.length) : undefined;
  const ours = code !== undefined && (ASSESSMENT_CODES as readonly string[]).includes(code);
  if (ours) r.set('assessmentType', code, `${from}.dcType`);
  const description = text(lass?.description);
  if (description) r.set('assessmentDescription', description, `${from}.description`);
  else if (!ours && lass) r.set('assessmentDescription', text(lass.title) ?? text(g.one(lass.dcType)?.prefLabel), `${from}.title`);
  const notes = r.notes(lass, from);
  const supervision = notes.find((n) => n.kind === 'supervision-verification')?.code
    ?? codeOfUri(SUPERVISION_VERIFICATION, iri(assessment?.idVerification));
  if (supervision) r.set('supervisionVerification', supervision, notes.length > 0 ? `${from}.additionalNote` : 'LearningAssessment.idVerification');
  const scheme = g.one(lass?.gradingScheme);
  if (scheme) {
    const codeId = g.all(scheme.identifier).find((id) => scalar(id.schemeName) === SCHEME_NAMES.gradingScheme);
    const gradingCode = scalar(codeId?.notation);
    if (gradingCode && GRADING_SCHEMES.some((s) => s.code === gradingCode)) r.set('gradingScheme', gradingCode, `${from}.gradingScheme.identifier`);
    else {
      const title = anyText(text(scheme.title)) ?? '';
      const desc = anyText(text(scheme.description));
      r.keep(`${from}.gradingScheme`, L.grading, desc ? `${title}: ${desc}` : title);
    }
  }
}

function readQualityAssurance(r: SpecificationReader, g: Graph, q: Node, notes: readonly TaggedNote[]): void {
  const qa = notes.find((n) => n.kind === 'quality-assurance');
  if (qa?.code) {
    const out: Record<string, unknown> = { type: qa.code, description: qa.text };
    const decision = anyText(notes.find((n) => n.kind === 'quality-assurance-decision')?.text);
    if (decision) out.accreditationId = decision;
    const agency = anyText(notes.find((n) => n.kind === 'quality-assurance-agency')?.text);
    if (agency) out.agency = agency;
    r.set('qualityAssurance', out, 'Qualification.additionalNote (quality-assurance)');
    return;
  }
  const accreditation = g.one(q.accreditation);
  if (!accreditation) return;
  const description = text(accreditation.description) ?? text(accreditation.title) ?? { en: 'Accreditation' };
  const out: Record<string, unknown> = { type: 'external-accreditation', description };
  const decision = scalar(g.one(accreditation.identifier)?.notation) ?? anyText(text(accreditation.title));
  if (decision) out.accreditationId = decision;
  const agency = anyText(text(g.one(accreditation.accreditingAgent)?.legalName));
  if (agency) out.agency = agency;
  r.set('qualityAssurance', out, 'Qualification.accreditation');
}

function readSettings(r: SpecificationReader, g: Graph, q: Node, opportunity: Node | undefined, notes: readonly TaggedNote[]): void {
  const mode = codeOfUri(PARTICIPATION_MODES, iri(q.mode)) ?? codeOfUri(PARTICIPATION_MODES, iri(opportunity?.mode));
  const modeNote = notes.find((n) => n.kind === 'participation-mode')?.code;
  if (mode) r.set('participationMode', mode, 'Qualification.mode');
  else if (modeNote) r.set('participationMode', modeNote, 'Qualification.additionalNote (participation-mode)');
  const setting = codeOfUri(LEARNING_SETTINGS, iri(q.learningSetting)) ?? notes.find((n) => n.kind === 'learning-setting')?.code;
  if (setting) r.set('learningSetting', setting, 'Qualification.learningSetting');
  const languages = iris(q.language).map((u) => LANGUAGE_OF_TABLE_CODE.get(/\/language\/([A-Z]{3})$/.exec(u)?.[1] ?? '')).filter((c): c is string => c !== undefined);
  for (const n of notes) if (n.kind === 'language' && n.code && !languages.includes(n.code)) languages.push(n.code);
  if (languages.length > 0) r.set('languages', languages, 'Qualification.language');
  const fields = g.all(q.thematicArea);
  fields.forEach((field) => {
    const code = /\/isced-f\/(\d{2,4})$/.exec(iri(field) ?? '')?.[1];
    if (code && iscedField(code) && r.spec.iscedF === undefined) r.set('iscedF', code, 'Qualification.thematicArea');
    else r.keep('Qualification.thematicArea', L.thematicArea, text(field.prefLabel) ?? iri(field));
  });
}

function readStackability(r: SpecificationReader, g: Graph, q: Node, notes: readonly TaggedNote[], base: string | undefined): void {
  const mode = notes.find((n) => n.kind === 'stackability')?.code;
  const partial = scalar(q.isPartialQualification);
  const targets = g.all(q.isPartOf).map((t, i) => {
    const out: Record<string, unknown> = { title: text(t.title) ?? {} };
    const url = scalar(g.one(t.homepage)?.contentURL);
    if (url) out.url = url;
    const generated = base !== undefined && t.id === localId(base, `stacks-into-${i + 1}`);
    if (typeof t.id === 'string' && !generated) out.id = t.id;
    return out;
  });
  if (mode) r.set('stackability', { mode, stacksInto: targets }, 'Qualification.additionalNote (stackability), Qualification.isPartOf');
  else if (partial !== undefined || targets.length > 0) {
    r.set('stackability', { mode: partial === 'true' || targets.length > 0 ? 'stackable' : 'standalone', stacksInto: targets }, 'Qualification.isPartialQualification, Qualification.isPartOf');
  }
}

function readIdentifiers(r: SpecificationReader, g: Graph, q: Node): void {
  for (const id of g.all(q.identifier)) {
    const name = scalar(id.schemeName) ?? '';
    const notation = scalar(id.notation);
    if (!notation) continue;
    if (name === SCHEME_NAMES.humanCode) r.set('humanCode', notation, 'Qualification.identifier (course code)');
    else if (name === SCHEME_NAMES.zsk) r.set('zskCode', notation, 'Qualification.identifier (ZSK)');
    else if (name === SCHEME_NAMES.specification || name === SCHEME_NAMES.version) r.sourceIdentifiers.push({ schemeName: name, notation });
    else r.keep('Qualification.identifier', L.identifier, name ? `${name}: ${notation}` : notation);
  }
}

/** furtherInfo: the document's own further information, then every kept text, labelled, in each language. */
function furtherInfo(own: Readonly<Record<string, string>> | undefined, kept: readonly KeptText[]): Record<string, string> | undefined {
  const langs = new Set<string>(['pl', 'en', ...Object.keys(own ?? {})]);
  for (const k of kept) for (const lang of Object.keys(k.text)) langs.add(lang);
  if (!own && kept.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const lang of langs) {
    const lines = kept.map((k) => `${lang === 'pl' ? k.label.pl : k.label.en}: ${k.text[lang] ?? k.text.en ?? Object.values(k.text)[0] ?? ''}`);
    const ownText = own?.[lang] ?? (own ? own.en ?? Object.values(own)[0] : undefined);
    const all = [ownText, ...lines].filter((s): s is string => Boolean(s)).join('\n');
    out[lang] = all.length > MAX_FURTHER_INFO ? `${all.slice(0, MAX_FURTHER_INFO - 1)}…` : all;
  }
  return out;
}

interface ReadContext {
  readonly opportunity?: Node | undefined;
  readonly org?: Node | undefined;
  readonly lass?: Node | undefined;
  readonly assessment?: Node | undefined;
  readonly base?: string | undefined;
}

function readSpecification(r: SpecificationReader, g: Graph, q: Node, ctx: ReadContext): void {
  const notes = r.notes(q, 'Qualification');
  r.set('title', text(q.title) ?? text(ctx.opportunity?.title), 'Qualification.title');
  const description = text(q.description) ?? text(ctx.opportunity?.description);
  if (description) r.set('description', description, 'Qualification.description');
  const ao = g.one(q.awardingOpportunity);
  const org = g.one(ao?.awardingBody) ?? ctx.org;
  if (org) readOrganisation(r, g, org, 'Organisation (awarding body)');
  const aoAddress = g.one(g.one(ao?.location)?.address);
  const orgLocation = org ? g.one(org.location) : undefined;
  const country = countryOfUri(iri(aoAddress?.countryCode)) ?? countryOfUri(iri(g.one(orgLocation?.address)?.countryCode));
  if (country) r.set('issuerCountry', country, aoAddress ? 'AwardingOpportunity.location.address.countryCode' : 'Organisation.location.address.countryCode');
  const region = anyText(text(g.one(ao?.location)?.geographicName));
  const spatial = anyText(text(g.one(orgLocation?.spatialCode)?.prefLabel));
  if (region) r.set('issuerRegion', region, 'AwardingOpportunity.location.geographicName');
  else if (spatial) r.set('issuerRegion', spatial, 'Organisation.location.spatialCode');
  readOutcomes(r, g, q);
  readCredits(r, g, q);
  readLevels(r, g, q, notes);
  readAssessment(r, g, ctx.lass ?? g.one(q.provenBy), ctx.assessment);
  readSettings(r, g, q, ctx.opportunity, notes);
  readQualityAssurance(r, g, q, notes);
  const prerequisites = text(g.one(q.entryRequirement)?.noteLiteral);
  if (prerequisites) r.set('prerequisites', prerequisites, 'Qualification.entryRequirement');
  readStackability(r, g, q, notes, ctx.base);
  // A Mikrocred export's offer lists the platform's catalogue page too: only another issuer's offer page is taken.
  const ours = g.all(q.identifier).some((id) => scalar(id.schemeName) === SCHEME_NAMES.specification);
  const homepage = scalar(g.one(q.homepage)?.contentURL) ?? (ours ? undefined : scalar(g.one(ctx.opportunity?.homepage)?.contentURL));
  if (homepage) r.set('homepage', homepage, 'Qualification.homepage');
  readIdentifiers(r, g, q);
  const validity = notes.find((n) => n.kind === 'validity-period')?.code;
  if (validity) r.set('validityPeriod', validity, 'Qualification.additionalNote (validity-period)');
  const own = notes.find((n) => n.kind === 'further-information')?.text;
  const info = furtherInfo(own, r.kept);
  if (info) r.set('furtherInfo', info, own ? 'Qualification.additionalNote (further-information)' : 'texts with no place in the model (keptAsFurtherInfo)');
  dropGeneratedDescription(r.spec);
}

/** The description Mikrocred generates when a specification has none is not imported as a description of its own. */
function dropGeneratedDescription(spec: Record<string, unknown>): void {
  if (spec.description === undefined) return;
  const checked = validateSpecification({ specId: '00000000-0000-4000-8000-000000000000', ...spec, description: undefined });
  if (!checked.ok) return;
  const generated = defaultDescription(checked.value);
  const own = spec.description as Record<string, string>;
  if (own.pl === generated.pl && own.en === generated.en && Object.keys(own).length === 2) delete spec.description;
}

// ---------------------------------------------------------------------------------------------------------------
// Credentials

function readAward(g: Graph, root: Node, person: Node, achievement: Node, ignored: IgnoredElement[]): ImportedAward {
  const first = (value: unknown): string | undefined => anyText(text(value));
  const learner: ImportedLearner = {};
  const given = first(person.givenName);
  const family = first(person.familyName);
  const full = first(person.fullName);
  if (given) learner.givenName = given;
  if (family) learner.familyName = family;
  if (full && full !== `${given ?? ''} ${family ?? ''}`) learner.fullName = full;
  const birth = scalar(person.dateOfBirth);
  if (birth && /^\d{4}-\d{2}-\d{2}/.test(birth)) learner.dateOfBirth = birth.slice(0, 10);
  const mailbox = iri(g.one(g.one(person.contactPoint)?.emailAddress));
  if (mailbox?.startsWith('mailto:')) learner.email = mailbox.slice('mailto:'.length);
  const student = g.all(person.identifier).find((id) => scalar(id.schemeName)?.toLowerCase() === 'student number');
  if (student) learner.studentNumber = scalar(student.notation) ?? '';
  if (person.nationalID !== undefined) {
    ignored.push({
      from: 'credentialSubject.nationalID',
      reason: { pl: 'Numer identyfikacji krajowej nie jest przenoszony (minimalizacja danych)', en: 'The national identity number is not carried over (data minimisation)' },
    });
  }
  const result: ImportedAward['result'] = {};
  const issued = scalar(root.issued) ?? scalar(root.issuanceDate) ?? scalar(g.one(achievement.awardedBy)?.awardingDate) ?? scalar(root.validFrom);
  if (issued) result.issuedAt = issued;
  const validUntil = scalar(root.validUntil) ?? scalar(root.expirationDate);
  if (validUntil) result.validUntil = validUntil;
  const assessment = g.one(achievement.provenBy);
  const grade = anyText(text(g.one(assessment?.grade)?.noteLiteral));
  if (grade && !['passed', 'zaliczone'].includes(grade.toLowerCase())) result.grade = grade;
  const used = codeOfUri(SUPERVISION_VERIFICATION, iri(assessment?.idVerification));
  if (used) result.supervisionVerificationUsed = used;
  if (root.displayParameter !== undefined) {
    ignored.push({ from: 'displayParameter', reason: { pl: 'Obrazy wyświetlania nie są importowane: Mikrocred tworzy własny PDF', en: 'Display images are not imported: Mikrocred makes its own PDF' } });
  }
  if (root.proof !== undefined || root.signature !== undefined) {
    ignored.push({ from: 'proof', reason: { pl: 'Podpis dokumentu ELM nie jest sprawdzany ani przenoszony', en: 'The ELM document\'s signature is neither checked nor carried over' } });
  }
  return { learner, result };
}

function rootSpecification(g: Graph, root: Node): { kind: 'credential' | 'specification'; q: Node; opportunity?: Node; person?: Node; achievement?: Node } {
  const t = types(root);
  if (t.includes('EuropeanDigitalCredential') || t.includes('VerifiableCredential')) {
    const person = g.one(root.credentialSubject);
    const achievement = g.all(person?.hasClaim).find((c) => types(c).includes('LearningAchievement')) ?? g.one(person?.hasClaim);
    const q = g.one(achievement?.specifiedBy);
    if (!person || !achievement || !q) {
      throw new ElmImportError('no_achievement', {
        pl: 'Poświadczenie nie zawiera osiągnięcia (credentialSubject.hasClaim) z jego specyfikacją (specifiedBy)',
        en: 'The credential has no achievement (credentialSubject.hasClaim) with its specification (specifiedBy)',
      }, 'document.credentialSubject');
    }
    return { kind: 'credential', q, person, achievement };
  }
  if (t.includes('LearningOpportunity')) {
    const q = g.one(root.learningAchievementSpecification);
    if (!q) {
      throw new ElmImportError('no_specification', {
        pl: 'Oferta (LearningOpportunity) nie ma specyfikacji (learningAchievementSpecification)',
        en: 'The learning opportunity has no learningAchievementSpecification',
      }, 'document.learningAchievementSpecification');
    }
    return { kind: 'specification', q, opportunity: root };
  }
  if (t.includes('Qualification') || t.includes('LearningAchievementSpecification')) return { kind: 'specification', q: root };
  throw new ElmImportError('not_elm', {
    pl: `Oczekiwano poświadczenia ELM (EuropeanDigitalCredential), oferty (LearningOpportunity) lub specyfikacji (Qualification), a typ to ${t.join(', ') || 'brak'}`,
    en: `Expected an ELM credential (EuropeanDigitalCredential), learning opportunity or specification (Qualification); the type is ${t.join(', ') || 'none'}`,
  }, 'document.type');
}

const ROOT_TYPES = ['EuropeanDigitalCredential', 'VerifiableCredential', 'LearningOpportunity', 'Qualification', 'LearningAchievementSpecification'];

/**
 * The root node: the document itself, or in a flattened document (`@graph`) the node of the first root type that no
 * other node refers to.
 */
function rootNode(doc: Node): Node {
  if (!Array.isArray(doc['@graph'])) return doc;
  const nodes = doc['@graph'].filter(isNode);
  const referenced = new Set<string>();
  const collect = (value: unknown, top: boolean): void => {
    if (typeof value === 'string' && !top) referenced.add(value);
    else if (Array.isArray(value)) for (const v of value) collect(v, false);
    else if (isNode(value)) {
      if (!top && typeof value.id === 'string') referenced.add(value.id);
      for (const [key, v] of Object.entries(value)) if (key !== 'id' && key !== 'type') collect(v, false);
    }
  };
  for (const node of nodes) collect(node, true);
  for (const type of ROOT_TYPES) {
    const found = nodes.find((n) => types(n).includes(type) && !(typeof n.id === 'string' && referenced.has(n.id)));
    if (found) return found;
  }
  return nodes[0] ?? doc;
}

/**
 * A credential as EDC issues it is a JAdES envelope (JWS JSON serialization: `{ payload, signatures }`) whose payload
 * is the credential's JSON (unencoded, or base64url). The credential is imported; the seal is not checked.
 */
function unwrapJades(input: unknown): { document: unknown; sealed: boolean } {
  if (!isNode(input) || input['@context'] !== undefined || typeof input.payload !== 'string' || !Array.isArray(input.signatures)) {
    return { document: input, sealed: false };
  }
  const payload = input.payload.trim();
  const candidates = [payload, Buffer.from(payload, 'base64url').toString('utf8')];
  for (const text of candidates) {
    try {
      return { document: JSON.parse(text) as unknown, sealed: true };
    } catch {
      // try the next reading of the payload
    }
  }
  throw new ElmImportError('invalid_jades', {
    pl: 'Koperta JAdES (payload, signatures) nie zawiera poświadczenia w JSON',
    en: 'The JAdES envelope (payload, signatures) does not hold a JSON credential',
  }, 'document.payload');
}

/** Reads an ELM v3 credential or specification (any JSON-LD form, or sealed in a JAdES envelope) into the model. */
export async function importElm(input: unknown): Promise<ElmImport> {
  const { document, sealed } = unwrapJades(input);
  const doc = await normaliseElm(document);
  const g = new Graph(doc);
  const root = rootNode(doc);
  const found = rootSpecification(g, root);
  const r = new SpecificationReader(g);
  const achievement = found.achievement;
  const assessment = achievement ? g.one(achievement.provenBy) : undefined;
  const ctx: ReadContext = {
    opportunity: found.opportunity,
    org: achievement ? g.one(g.one(achievement.awardedBy)?.awardingBody) ?? g.one(root.issuer) : g.one(found.opportunity?.providedBy),
    lass: g.one(found.q.provenBy) ?? g.one(assessment?.specifiedBy),
    assessment,
    base: typeof found.q.id === 'string' ? found.q.id.replace(/#specification$/, '') : undefined,
  };
  if (achievement) {
    for (const activity of g.all(achievement.influencedBy)) {
      r.keep('LearningAchievement.influencedBy', L.activity, text(activity.title) ?? text(g.one(activity.specifiedBy)?.title));
    }
  }
  readSpecification(r, g, found.q, ctx);
  const ignored = [...r.ignored];
  if (sealed) {
    ignored.push({
      from: 'signatures',
      reason: { pl: 'Pieczęć JAdES (eIDAS) wystawcy nie jest sprawdzana ani przenoszona', en: 'The issuer\'s JAdES (eIDAS) seal is neither checked nor carried over' },
    });
  }
  const award = found.person && achievement ? readAward(g, root, found.person, achievement, ignored) : undefined;
  const sourceIdentifiers = [...r.sourceIdentifiers];
  for (const id of g.all(root.identifier)) {
    const schemeName = scalar(id.schemeName);
    const notation = scalar(id.notation);
    if (found.kind === 'credential' && schemeName && notation) sourceIdentifiers.push({ schemeName, notation });
  }
  return {
    kind: found.kind,
    ...(typeof root.id === 'string' ? { sourceId: root.id } : {}),
    sourceIdentifiers,
    specification: r.spec,
    ...(award ? { award } : {}),
    report: { mapped: r.mapped, keptAsFurtherInfo: r.kept, ignored },
  };
}
