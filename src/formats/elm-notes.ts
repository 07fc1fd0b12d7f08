/**
 * Tagged ELM notes: how the ELM export (elm.ts) writes the Annex I elements that ELM has no confirmed property or
 * concept for, and how the ELM import (elm-import.ts) reads them back.
 *
 * Each such element is an ELM `Note` whose `subject` (dc:subject, "should be provided using a controlled
 * vocabulary", EDC shape Note-dc_subject) is a concept of our vocabulary `https://w3id.org/mikrocred/v1/<kind>`:
 * `<kind>/<code>` with `notation` = the code for coded elements (quality-assurance type, PRK level, …), or
 * `<kind>` itself for free texts (quality-assurance decision, agency, further information). The `noteLiteral` is
 * the human-readable text a Europass viewer shows: the element's label in each language, then the value, e.g.
 * `{ pl: "Poziom Polskiej Ramy Kwalifikacji (PRK): Poziom 6 PRK", en: "… (PRK) level: PQF (PRK) level 6" }`.
 * Reading a note back takes the code from the subject and strips exactly the prefix the export wrote, so a free
 * text comes back unchanged; a foreign note (no subject of ours) is not a tagged note.
 */
import {
  LEARNING_SETTINGS, OUTCOME_TYPES, PARTICIPATION_MODES, PRK_LEVELS, QF_EHEA_CYCLES, QUALITY_ASSURANCE_TYPES,
  STACKABILITY_MODES, SUPERVISION_VERIFICATION, concept, languageName, type Concept, type Message,
} from '../model/index.ts';
import type { JsonObject } from '../credentials/build.ts';

export const MIKROCRED_VOCAB = 'https://w3id.org/mikrocred/v1';

interface NoteKind {
  /** The element's label: the prefix of the note's text in each language (English for other languages). */
  readonly label: Message;
  /** The element's codes, for a coded element; `'any'` when any code is allowed (languages, durations). */
  readonly codes?: readonly Concept<string | number>[] | 'any';
  /** For a coded element whose note carries a text too: the value's label is written before it ("<label>. "). */
  readonly textAfterCode?: boolean;
}

export const NOTE_KINDS = {
  'quality-assurance': { label: { pl: 'Zapewnianie jakości', en: 'Quality assurance' }, codes: QUALITY_ASSURANCE_TYPES, textAfterCode: true },
  'quality-assurance-decision': { label: { pl: 'Decyzja / akredytacja', en: 'Decision / accreditation' } },
  'quality-assurance-agency': { label: { pl: 'Instytucja zapewniająca jakość', en: 'Quality assurance agency' } },
  'prk-level': { label: { pl: 'Poziom Polskiej Ramy Kwalifikacji (PRK)', en: 'Polish Qualifications Framework (PRK) level' }, codes: PRK_LEVELS },
  'qf-ehea-cycle': { label: { pl: 'Cykl QF-EHEA', en: 'QF-EHEA cycle' }, codes: QF_EHEA_CYCLES },
  'participation-mode': { label: { pl: 'Forma uczestnictwa', en: 'Form of participation' }, codes: PARTICIPATION_MODES },
  'learning-setting': { label: { pl: 'Kontekst uczenia się', en: 'Learning setting' }, codes: LEARNING_SETTINGS },
  language: { label: { pl: 'Język', en: 'Language' }, codes: 'any' },
  stackability: { label: { pl: 'Możliwość łączenia', en: 'Integration / stackability' }, codes: STACKABILITY_MODES, textAfterCode: true },
  'further-information': { label: { pl: 'Dodatkowe informacje', en: 'Further information' } },
  'validity-period': { label: { pl: 'Okres ważności poświadczenia (ISO 8601)', en: 'Validity of the credential (ISO 8601)' }, codes: 'any' },
  'outcome-type': { label: { pl: 'Kategoria efektu', en: 'Outcome category' }, codes: OUTCOME_TYPES },
  'supervision-verification': {
    label: { pl: 'Nadzór i weryfikacja tożsamości podczas walidacji', en: 'Supervision and identity verification during assessment' },
    codes: SUPERVISION_VERIFICATION,
  },
} as const satisfies Record<string, NoteKind>;

export type NoteKindName = keyof typeof NOTE_KINDS;

const KIND_NAMES = Object.keys(NOTE_KINDS) as NoteKindName[];

/** A Polish or English label in `lang` (English for any other language). */
export function labelIn(label: Message, lang: string): string {
  return lang === 'pl' ? label.pl : label.en;
}

function kindOf(name: NoteKindName): NoteKind {
  return NOTE_KINDS[name];
}

/** The label of a code of a coded element (the code itself when the vocabulary does not know it). */
function codeLabel(kind: NoteKindName, code: string): Message {
  const codes = kindOf(kind).codes;
  if (kind === 'language') return languageName(code);
  if (!codes || codes === 'any') return { pl: code, en: code };
  const found = concept(codes, typeof codes[0]?.code === 'number' ? Number(code) : code);
  return found?.label ?? { pl: code, en: code };
}

/** What the export writes before the value in `lang`. Free texts other than further information get "<label>: ". */
function prefix(kind: NoteKindName, code: string | undefined, lang: string): string {
  if (kind === 'further-information') return '';
  const k = kindOf(kind);
  const head = `${labelIn(k.label, lang)}: `;
  if (code === undefined) return head;
  return k.textAfterCode ? `${head}${labelIn(codeLabel(kind, code), lang)}. ` : head;
}

function subjectConcept(kind: NoteKindName, code: string | undefined): JsonObject {
  const scheme = code === undefined ? `${MIKROCRED_VOCAB}/element` : `${MIKROCRED_VOCAB}/${kind}`;
  const id = code === undefined ? `${MIKROCRED_VOCAB}/${kind}` : `${MIKROCRED_VOCAB}/${kind}/${encodeURIComponent(code)}`;
  const label = code === undefined ? kindOf(kind).label : codeLabel(kind, code);
  return {
    id, type: 'Concept', inScheme: { id: scheme, type: 'ConceptScheme' },
    ...(code === undefined ? {} : { notation: code }),
    prefLabel: { pl: label.pl, en: label.en },
  };
}

/**
 * A note of `kind`. Coded elements: `code` is the value and `text` is optional (the code's label is the text when
 * absent). Free texts: `code` is undefined and `text` is the value.
 */
export function taggedNote(kind: NoteKindName, code: string | number | undefined, text?: Readonly<Record<string, string>>): JsonObject {
  const c = code === undefined ? undefined : String(code);
  const values: Readonly<Record<string, string>> = text ?? (c === undefined ? {} : { ...codeLabel(kind, c) });
  const literal: Record<string, string> = {};
  for (const [lang, value] of Object.entries(values)) {
    // A code without a text: "<label>: <the code's label>"; otherwise the prefix the reader strips, then the text.
    literal[lang] = `${prefix(kind, text === undefined ? undefined : c, lang)}${value}`;
  }
  return { type: 'Note', subject: subjectConcept(kind, c), noteLiteral: literal };
}

export interface TaggedNote {
  readonly kind: NoteKindName;
  /** The code of a coded element. */
  readonly code?: string;
  /** The text in each language with the export's prefix removed (for free texts and texts after a code). */
  readonly text: Readonly<Record<string, string>>;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Reads a note written by `taggedNote`; undefined when its subject is not one of our concepts. */
export function readTaggedNote(note: JsonObject, literal: Readonly<Record<string, string>>): TaggedNote | undefined {
  const subject = note.subject;
  const subjectId = typeof subject === 'string' ? subject : str((subject as JsonObject | undefined)?.id);
  if (!subjectId?.startsWith(`${MIKROCRED_VOCAB}/`)) return undefined;
  const rest = subjectId.slice(MIKROCRED_VOCAB.length + 1);
  const slash = rest.indexOf('/');
  const name = slash < 0 ? rest : rest.slice(0, slash);
  const kind = KIND_NAMES.find((k) => k === name);
  if (!kind) return undefined;
  const code = slash < 0 ? undefined : decodeURIComponent(rest.slice(slash + 1));
  if ((kindOf(kind).codes === undefined) !== (code === undefined)) return undefined;
  const text: Record<string, string> = {};
  for (const [lang, value] of Object.entries(literal)) {
    const head = prefix(kind, code, lang);
    text[lang] = value.startsWith(head) ? value.slice(head.length) : value;
  }
  return code === undefined ? { kind, text } : { kind, code, text };
}
