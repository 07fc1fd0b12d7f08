/**
 * The specification editor's form: reading a saved document (drafts may be incomplete or hold wrong types) into
 * strings the inputs show, writing the form back into a document (empty inputs left out, so that the server names
 * what is missing; what the form does not show, such as texts in other languages or unknown fields, kept as it was),
 * and placing the server's problems (`learningOutcomes[1].text.en`) at the inputs they are about.
 */
import type { SpecDocument, SpecProblem } from './api.ts';

export interface LangPair {
  readonly pl: string;
  readonly en: string;
}

export interface IdentifierRow {
  readonly key: number;
  readonly scheme: string;
  readonly value: string;
}

export interface EscoRow {
  readonly key: number;
  readonly uri: string;
  readonly labelPl: string;
  readonly labelEn: string;
}

export interface OutcomeRow {
  readonly key: number;
  readonly id: string;
  readonly type: string;
  readonly text: LangPair;
  readonly esco: readonly EscoRow[];
  /** The outcome as loaded, for what the form does not show. */
  readonly base: Readonly<Record<string, unknown>>;
}

export interface TargetRow {
  readonly key: number;
  readonly title: LangPair;
  readonly url: string;
  readonly id: string;
  readonly base: Readonly<Record<string, unknown>>;
}

export const VALIDITY_UNITS = ['Y', 'M', 'W', 'D', 'custom'] as const;
export type ValidityUnit = (typeof VALIDITY_UNITS)[number];

export interface SpecForm {
  readonly title: LangPair;
  readonly description: LangPair;
  readonly abLegalName: LangPair;
  readonly abIdentifiers: readonly IdentifierRow[];
  readonly abHomepage: string;
  readonly abEmail: string;
  readonly abStreet: string;
  readonly abPostalCode: string;
  readonly abLocality: string;
  readonly abRegion: string;
  readonly abCountry: string;
  readonly issuerCountry: string;
  readonly issuerRegion: string;
  readonly outcomes: readonly OutcomeRow[];
  readonly ectsCredits: string;
  readonly workloadHours: string;
  /** '' not chosen, 'null' not applicable, '1'…'8'. */
  readonly eqfLevel: string;
  readonly prkLevel: string;
  readonly qfEheaCycle: string;
  readonly assessmentType: string;
  readonly assessmentDescription: LangPair;
  readonly participationMode: string;
  readonly qaType: string;
  readonly qaDescription: LangPair;
  readonly qaAccreditationId: string;
  readonly qaAgency: string;
  readonly prerequisites: LangPair;
  readonly supervisionVerification: string;
  readonly gradingScheme: string;
  readonly stackMode: string;
  readonly targets: readonly TargetRow[];
  readonly furtherInfo: LangPair;
  readonly homepage: string;
  readonly iscedF: string;
  readonly languages: readonly string[];
  readonly learningSetting: string;
  readonly humanCode: string;
  readonly zskCode: string;
  readonly validityAmount: string;
  readonly validityUnit: ValidityUnit;
  readonly validityCustom: string;
}

let nextKey = 1;

/** A key for a new list row (stable across reordering, unlike its index). */
export function newKey(): number {
  return nextKey++;
}

type Json = Readonly<Record<string, unknown>>;

function obj(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Json : {};
}

function arr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A value as the text an input shows (numbers too; objects and lists as nothing). */
function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

function pair(value: unknown): LangPair {
  const o = obj(value);
  return { pl: str(o.pl), en: str(o.en) };
}

function level(value: unknown): string {
  if (value === null) return 'null';
  return str(value);
}

export function emptyOutcome(index: number): OutcomeRow {
  return { key: newKey(), id: `LO${index + 1}`, type: '', text: { pl: '', en: '' }, esco: [], base: {} };
}

export function emptyEsco(): EscoRow {
  return { key: newKey(), uri: '', labelPl: '', labelEn: '' };
}

export function emptyTarget(): TargetRow {
  return { key: newKey(), title: { pl: '', en: '' }, url: '', id: '', base: {} };
}

export function emptyIdentifier(): IdentifierRow {
  return { key: newKey(), scheme: 'REGON', value: '' };
}

/** The form for a new specification: the server fills in the awarding body and the issuer's country. */
export function blankForm(): SpecForm {
  return formOf({ learningOutcomes: [{ id: 'LO1' }], languages: ['pl'] });
}

export function formOf(document: SpecDocument): SpecForm {
  const ab = obj(document.awardingBody);
  const address = obj(ab.address);
  const qa = obj(document.qualityAssurance);
  const stack = obj(document.stackability);
  const validity = str(document.validityPeriod);
  const simple = /^P([1-9]\d{0,3})([YMWD])$/.exec(validity);
  return {
    title: pair(document.title),
    description: pair(document.description),
    abLegalName: pair(ab.legalName),
    abIdentifiers: arr(ab.identifiers).map((raw) => {
      const id = obj(raw);
      return { key: newKey(), scheme: str(id.scheme) || 'other', value: str(id.value) };
    }),
    abHomepage: str(ab.homepage),
    abEmail: str(ab.email),
    abStreet: str(address.street),
    abPostalCode: str(address.postalCode),
    abLocality: str(address.locality),
    abRegion: str(address.region),
    abCountry: str(address.country),
    issuerCountry: str(document.issuerCountry),
    issuerRegion: str(document.issuerRegion),
    outcomes: arr(document.learningOutcomes).map((raw) => {
      const outcome = obj(raw);
      return {
        key: newKey(),
        id: str(outcome.id),
        type: str(outcome.type),
        text: pair(outcome.text),
        esco: arr(outcome.escoSkills).map((skill) => {
          const s = typeof skill === 'string' ? { uri: skill } : obj(skill);
          const label = obj(s.label);
          return { key: newKey(), uri: str(s.uri), labelPl: str(label.pl), labelEn: str(label.en) };
        }),
        base: outcome,
      };
    }),
    ectsCredits: str(document.ectsCredits),
    workloadHours: str(document.workloadHours),
    eqfLevel: level(document.eqfLevel),
    prkLevel: level(document.prkLevel),
    qfEheaCycle: level(document.qfEheaCycle),
    assessmentType: str(document.assessmentType),
    assessmentDescription: pair(document.assessmentDescription),
    participationMode: str(document.participationMode),
    qaType: str(qa.type),
    qaDescription: pair(qa.description),
    qaAccreditationId: str(qa.accreditationId),
    qaAgency: str(qa.agency),
    prerequisites: pair(document.prerequisites),
    supervisionVerification: str(document.supervisionVerification),
    gradingScheme: str(document.gradingScheme),
    stackMode: str(stack.mode),
    targets: arr(stack.stacksInto).map((raw) => {
      const target = obj(raw);
      return { key: newKey(), title: pair(target.title), url: str(target.url), id: str(target.id), base: target };
    }),
    furtherInfo: pair(document.furtherInfo),
    homepage: str(document.homepage),
    iscedF: str(document.iscedF),
    languages: arr(document.languages).filter((l): l is string => typeof l === 'string'),
    learningSetting: str(document.learningSetting),
    humanCode: str(document.humanCode),
    zskCode: str(document.zskCode),
    validityAmount: simple ? simple[1] as string : '',
    validityUnit: validity === '' ? 'Y' : simple ? simple[2] as ValidityUnit : 'custom',
    validityCustom: simple ? '' : validity,
  };
}

/* ---------- form → document ---------- */

function text(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A language map: PL and EN from the form, other languages as loaded; undefined when it has no text at all. */
function langMap(value: LangPair, base: unknown): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [lang, t] of Object.entries(obj(base))) {
    if (lang !== 'pl' && lang !== 'en' && typeof t === 'string') out[lang] = t;
  }
  const pl = text(value.pl);
  const en = text(value.en);
  if (pl !== undefined) out.pl = pl;
  if (en !== undefined) out.en = en;
  return Object.keys(out).length === 0 ? undefined : out;
}

/** A number typed by a person (a decimal comma too); what is not a number is sent as typed, for the server to name. */
function numberOf(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const normalised = trimmed.replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : trimmed;
}

function levelOf(value: string): number | null | string | undefined {
  if (value === '') return undefined;
  if (value === 'null') return null;
  return numberOf(value);
}

/** `{ ...base, ...fields }` without the fields that are undefined (the form's empty inputs). */
function merge(base: unknown, fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...obj(base) };
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

function nonEmpty(o: Record<string, unknown>): Record<string, unknown> | undefined {
  return Object.keys(o).length === 0 ? undefined : o;
}

function validityOf(form: SpecForm): string | undefined {
  if (form.validityUnit === 'custom') return text(form.validityCustom)?.toUpperCase();
  const amount = text(form.validityAmount);
  return amount === undefined ? undefined : `P${amount}${form.validityUnit}`;
}

/** The document to save: `base` (the version loaded) with every element of the form written over it. */
export function documentOf(form: SpecForm, base: SpecDocument): Record<string, unknown> {
  const ab = obj(base.awardingBody);
  const address = nonEmpty(merge(ab.address, {
    street: text(form.abStreet),
    postalCode: text(form.abPostalCode),
    locality: text(form.abLocality),
    region: text(form.abRegion),
    country: text(form.abCountry)?.toUpperCase(),
  }));
  const identifiers = form.abIdentifiers
    .filter((row) => row.value.trim() !== '')
    .map((row) => ({ scheme: row.scheme, value: row.value.trim() }));
  const awardingBody = nonEmpty(merge(ab, {
    legalName: langMap(form.abLegalName, ab.legalName),
    identifiers: identifiers.length > 0 || Array.isArray(ab.identifiers) ? identifiers : undefined,
    homepage: text(form.abHomepage),
    email: text(form.abEmail),
    address,
  }));
  // Nothing but an empty identifier list is no awarding body at all.
  const abEmpty = awardingBody !== undefined && Object.keys(awardingBody).every((k) => k === 'identifiers') && identifiers.length === 0;

  const outcomes = form.outcomes.map((row) => merge(row.base, {
    id: text(row.id),
    type: row.type === '' ? undefined : row.type,
    text: langMap(row.text, row.base.text),
    escoSkills: row.esco.filter((s) => s.uri.trim() !== '' || s.labelPl.trim() !== '' || s.labelEn.trim() !== '').map((s) => {
      const label = langMap({ pl: s.labelPl, en: s.labelEn }, undefined);
      return label === undefined ? s.uri.trim() : { uri: s.uri.trim(), label };
    }),
  }));

  const qa = nonEmpty(merge(base.qualityAssurance, {
    type: form.qaType === '' ? undefined : form.qaType,
    description: langMap(form.qaDescription, obj(base.qualityAssurance).description),
    accreditationId: text(form.qaAccreditationId),
    agency: text(form.qaAgency),
  }));

  const targets = form.targets.map((row) => merge(row.base, {
    title: langMap(row.title, row.base.title),
    url: text(row.url),
    id: text(row.id),
  }));
  const stackability = form.stackMode === '' && targets.length === 0
    ? undefined
    : merge(base.stackability, { mode: form.stackMode === '' ? undefined : form.stackMode, stacksInto: targets });

  return merge(base, {
    title: langMap(form.title, base.title),
    description: langMap(form.description, base.description),
    awardingBody: abEmpty ? undefined : awardingBody,
    issuerCountry: text(form.issuerCountry)?.toUpperCase(),
    issuerRegion: text(form.issuerRegion),
    learningOutcomes: outcomes.length === 0 ? undefined : outcomes,
    ectsCredits: numberOf(form.ectsCredits),
    workloadHours: numberOf(form.workloadHours),
    eqfLevel: levelOf(form.eqfLevel),
    prkLevel: levelOf(form.prkLevel),
    qfEheaCycle: form.qfEheaCycle === '' ? undefined : form.qfEheaCycle === 'null' ? null : form.qfEheaCycle,
    assessmentType: form.assessmentType === '' ? undefined : form.assessmentType,
    assessmentDescription: langMap(form.assessmentDescription, base.assessmentDescription),
    participationMode: form.participationMode === '' ? undefined : form.participationMode,
    qualityAssurance: qa,
    prerequisites: langMap(form.prerequisites, base.prerequisites),
    supervisionVerification: form.supervisionVerification === '' ? undefined : form.supervisionVerification,
    gradingScheme: form.gradingScheme === '' ? undefined : form.gradingScheme,
    stackability,
    furtherInfo: langMap(form.furtherInfo, base.furtherInfo),
    homepage: text(form.homepage),
    iscedF: form.iscedF === '' ? undefined : form.iscedF,
    languages: form.languages.length === 0 ? undefined : [...form.languages],
    learningSetting: form.learningSetting === '' ? undefined : form.learningSetting,
    humanCode: text(form.humanCode),
    zskCode: text(form.zskCode),
    validityPeriod: validityOf(form),
  });
}

/* ---------- problems → fields ---------- */

/** The list rows as they were when the document was sent: problem paths count rows by their index then. */
export interface RowSnapshot {
  readonly identifiers: readonly number[];
  readonly outcomes: ReadonlyArray<{ readonly key: number; readonly esco: readonly number[] }>;
  readonly targets: readonly number[];
}

/** The rows of a form just read from a document (every row is in the document, in its order). */
export function loadedSnapshot(form: SpecForm): RowSnapshot {
  return {
    identifiers: form.abIdentifiers.map((row) => row.key),
    outcomes: form.outcomes.map((row) => ({ key: row.key, esco: row.esco.map((s) => s.key) })),
    targets: form.targets.map((row) => row.key),
  };
}

/** Input ids: `spec-` and the document path, list rows by their key (`spec-learningOutcomes-k7-text-pl`). */
export function fieldId(...parts: Array<string | number>): string {
  return ['spec', ...parts.map((p) => (typeof p === 'number' ? `k${p}` : p))].join('-');
}

const pl = ['pl', 'en'] as const;

/** Every input (or group) of the form that a problem can point at, in the order of the form. */
export function knownFieldIds(form: SpecForm): string[] {
  const ids: string[] = [];
  const lang = (...prefix: Array<string | number>): void => { for (const l of pl) ids.push(fieldId(...prefix, l)); };
  lang('title');
  lang('description');
  lang('awardingBody', 'legalName');
  for (const row of form.abIdentifiers) ids.push(fieldId('awardingBody', 'identifiers', row.key, 'scheme'), fieldId('awardingBody', 'identifiers', row.key, 'value'));
  ids.push(fieldId('awardingBody', 'identifiers'));
  ids.push(fieldId('awardingBody', 'homepage'), fieldId('awardingBody', 'email'));
  for (const f of ['street', 'postalCode', 'locality', 'region', 'country']) ids.push(fieldId('awardingBody', 'address', f));
  ids.push(fieldId('issuerCountry'), fieldId('issuerRegion'));
  for (const row of form.outcomes) {
    ids.push(fieldId('learningOutcomes', row.key, 'id'), fieldId('learningOutcomes', row.key, 'type'));
    lang('learningOutcomes', row.key, 'text');
    for (const s of row.esco) {
      ids.push(fieldId('learningOutcomes', row.key, 'escoSkills', s.key, 'uri'));
      lang('learningOutcomes', row.key, 'escoSkills', s.key, 'label');
    }
    ids.push(fieldId('learningOutcomes', row.key, 'escoSkills'));
  }
  ids.push(fieldId('learningOutcomes'));
  ids.push(fieldId('ectsCredits'), fieldId('workloadHours'), fieldId('eqfLevel'), fieldId('prkLevel'), fieldId('qfEheaCycle'));
  ids.push(fieldId('assessmentType'));
  lang('assessmentDescription');
  ids.push(fieldId('participationMode'), fieldId('qualityAssurance', 'type'));
  lang('qualityAssurance', 'description');
  ids.push(fieldId('qualityAssurance', 'accreditationId'), fieldId('qualityAssurance', 'agency'));
  ids.push(fieldId('supervisionVerification'), fieldId('gradingScheme'));
  lang('prerequisites');
  ids.push(fieldId('stackability', 'mode'));
  for (const row of form.targets) {
    lang('stackability', 'stacksInto', row.key, 'title');
    ids.push(fieldId('stackability', 'stacksInto', row.key, 'url'), fieldId('stackability', 'stacksInto', row.key, 'id'));
  }
  ids.push(fieldId('stackability', 'stacksInto'));
  lang('furtherInfo');
  ids.push(fieldId('homepage'), fieldId('iscedF'), fieldId('languages'), fieldId('learningSetting'), fieldId('humanCode'), fieldId('zskCode'), fieldId('validityPeriod'));
  return ids;
}

/** `learningOutcomes[1].text.pl` → `['learningOutcomes', 1, 'text', 'pl']`. */
export function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) out.push(Number(match[2]));
    else if (match[1] !== undefined) out.push(match[1]);
  }
  return out;
}

/** The segments of the field id a problem path points at: list indexes become the rows' keys. */
function idSegments(path: string, rows: RowSnapshot): Array<string | number> {
  const segments = pathSegments(path);
  const out: Array<string | number> = [];
  let outcome: { key: number; esco: readonly number[] } | undefined;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string | number;
    if (typeof segment === 'string') {
      out.push(segment);
      continue;
    }
    const list = out.at(-1);
    let key: number | undefined;
    if (list === 'learningOutcomes' && out.length === 1) {
      outcome = rows.outcomes[segment];
      key = outcome?.key;
    } else if (list === 'escoSkills' && outcome) key = outcome.esco[segment];
    else if (list === 'identifiers' && out[0] === 'awardingBody') key = rows.identifiers[segment];
    else if (list === 'stacksInto' && out[0] === 'stackability') key = rows.targets[segment];
    if (key === undefined) break; // `languages[2]`, or a row that is no longer there: the list itself
    out.push(key);
  }
  return out;
}

/** The id of the input a problem is about, or undefined when no input shows that part of the document. */
export function problemFieldId(path: string, rows: RowSnapshot, known: readonly string[]): string | undefined {
  const segments = idSegments(path, rows);
  const set = new Set(known);
  for (let n = segments.length; n > 0; n--) {
    const id = fieldId(...segments.slice(0, n));
    if (set.has(id)) return id;
    // `title` (missing as a whole) → its first input, `title-pl`.
    const first = known.find((k) => k.startsWith(`${id}-`));
    if (first !== undefined) return first;
  }
  return undefined;
}

export interface PlacedProblem extends SpecProblem {
  /** The input it is shown at, if any. */
  readonly fieldId: string | undefined;
}

export function placeProblems(problems: readonly SpecProblem[], rows: RowSnapshot, form: SpecForm): PlacedProblem[] {
  const known = knownFieldIds(form);
  return problems.map((p) => ({ ...p, fieldId: problemFieldId(p.path, rows, known) }));
}
