/**
 * The European Learning Model (ELM) v3 form of a published specification: the catalogue's `elm` format
 * (docs/catalogue.md). JSON-LD with the official Europass context `http://data.europa.eu/snb/model/context/edc-ap`
 * (contexts/data-europa-eu-snb-model-context-edc-ap.jsonld), shaped and worded like the EC's official
 * micro-credential sample "Sample-MC-Annex1-unsigned.jsonld" (../shared/vendor/examples/elm/): the micro-credential
 * is a `Qualification` (the subclass of `LearningAchievementSpecification` the sample uses; only it has `eqfLevel`,
 * `nqfLevel` and `isPartialQualification`), wrapped in the `LearningOpportunity` that ELM has for catalogue offers.
 * It validates against the official SHACL shapes EDC-generic-full (+ EDC-generic-no-cv), see test/formats.test.ts.
 * Concept URIs are only those ../shared/spec/README.md §2 and §5 confirm (and our own `https://w3id.org/mikrocred/v1/`
 * assessment types, §5.7); where the digest marks a URI unconfirmed, the value is a `Note` (additionalNote) instead,
 * tagged with a concept of ours as its `subject` (elm-notes.ts) so that the import (elm-import.ts) reads it back:
 * "Note <kind>" below. Legal identifiers carry their `schemeName`, the grading scheme its code as an `identifier`.
 *
 * Where each element goes (LOpp = the root LearningOpportunity, Q = LOpp.learningAchievementSpecification, a
 * Qualification; AO = Q.awardingOpportunity; Org = the awarding body Organisation, id = the institution's DID;
 * LAssS = Q.provenBy, a LearningAssessmentSpecification):
 *   M1 learner, M5 date of issuing, O3 grade achieved: per award, not in a specification (they are in credentials)
 *   M2 title                → Q.title, LOpp.title (LangMaps)
 *   description             → Q.description, LOpp.description (the generated one when the specification has none)
 *   M3 issuerCountry/Region → AO.location.address.countryCode (country concept …/country/POL);
 *                             the region → AO.location.geographicName (NUTS/ATU concept URIs are unconfirmed)
 *   M4 awardingBody         → AO.awardingBody and LOpp.providedBy = Org: legalName, registration (KRS, else REGON),
 *                             taxIdentifier (NIP), vatIdentifier (VAT), identifier[] (POL-on, Erasmus code, PIC, …),
 *                             homepage, location.address (countryCode + fullAddress Note), contactPoint (e-mail)
 *   M6 learningOutcomes     → Q.learningOutcome[] (title = text, identifier = code, relatedESCOSkill[] concepts;
 *                             the outcome type as Note outcome-type: skill-type concept URIs are unconfirmed);
 *                             Q.learningOutcomeSummary (Note: the numbered list)
 *   M7 ectsCredits          → Q.creditPoint (framework ECTS concept, point); workloadHours → Q.volumeOfLearning PT…H
 *   M8 eqfLevel             → Q.eqfLevel (…/snb/eqf/N); prkLevel and qfEheaCycle → Notes prk-level, qf-ehea-cycle
 *                             (PRK concepts in the qdr scheme are unconfirmed; QF-EHEA has none in the digest)
 *   M9 assessmentType       → LAssS.dcType (our concept https://w3id.org/mikrocred/v1/assessment-type/{code}),
 *                             assessmentDescription → LAssS.description
 *   M10 participationMode   → Q.mode and LOpp.mode (…/learning-assessment/… online, blended); onsite has no confirmed
 *                             URI → Note participation-mode
 *   M11 qualityAssurance    → Notes quality-assurance (type + description), quality-assurance-decision, -agency (ELM Accreditation needs an accreditation-type concept and an
 *                             accrediting agent we do not have; the digest's alternative is a Note)
 *   O1 prerequisites        → Q.entryRequirement (Note)
 *   O2 supervisionVerification → Note supervision-verification on LAssS (ELM's idVerification is on the per-award LearningAssessment,
 *                             and two of its three concept URIs are unconfirmed)
 *   O3 gradingScheme        → LAssS.gradingScheme (GradingScheme: code as identifier, title, description with the grades)
 *   O4 stackability         → Q.isPartialQualification (true when stackable: our reading), Q.isPartOf[] (the larger
 *                             credentials as Qualifications with title and homepage), and Note stackability (the mode)
 *   O5 furtherInfo          → Note further-information; homepage → Q.homepage and LOpp.homepage (WebResource)
 *   iscedF                  → Q.thematicArea (…/snb/isced-f/{code})
 *   languages               → Q.language and LAssS.language (…/authority/language/POL …, the 24 EU languages);
 *                             any other language → Note language
 *   learningSetting         → Q.learningSetting (non-formal …/e207a81fc7); formal is unconfirmed → Note learning-setting
 *   (learning opportunity type) → Q.dcType and LOpp.dcType: "Short learning programme" …/learning-opportunity/74a4a268e8
 *   specId, version, humanCode, zskCode → Q.identifier[] (Identifier with schemeName; ZSK qualificationCode concept
 *                             URIs are unconfirmed)
 *   validityPeriod          → Note validity-period
 */
import {
  EQF_LEVELS, LEARNING_SETTINGS, PARTICIPATION_MODES, ASSESSMENT_TYPES,
  concept, countryName, countryUri, gradingScheme, iscedField, languageName,
  type Concept, type Message, type Specification,
} from '../model/index.ts';
import { defaultDescription } from '../credentials/achievement.ts';
import type { JsonObject } from '../credentials/build.ts';
import { MIKROCRED_VOCAB, labelIn, taggedNote } from './elm-notes.ts';

export const EDC_AP_CONTEXT_URL = 'http://data.europa.eu/snb/model/context/edc-ap';
/**
 * The document's `@context`: the official EDC context, which leaves `id` and `type` to the VC context an EDC
 * credential also has; a standalone document aliases them itself.
 */
export const ELM_CONTEXT: readonly (string | JsonObject)[] = [EDC_AP_CONTEXT_URL, { id: '@id', type: '@type' }];

export interface ElmInstitution {
  /** The institution's DID: the IRI of the awarding body `Organisation`. */
  readonly did: string;
  /** The institution's homepage, listed after the specification's `awardingBody.homepage` when it differs. */
  readonly homepage?: string;
}

export interface ElmOptions {
  /** IRI of the document's root `LearningOpportunity`: the offer's public URL, `${base}/catalogue/${specId}/v/${version}`. */
  readonly id: string;
  readonly institution: ElmInstitution;
  /** The platform's public base URL; when given, the catalogue page `${baseUrl}/catalogue/${specId}` is a homepage of the offer. */
  readonly baseUrl?: string;
  /** IRI of the `Qualification`; `${id}#specification` when absent. */
  readonly specificationId?: string;
}

const SNB = 'http://data.europa.eu/snb';

/** `schemeName` of the identifiers the export writes (the import reads them back by these names). */
export const SCHEME_NAMES = {
  outcome: 'Learning outcome code',
  specification: 'Mikrocred specification',
  version: 'Mikrocred specification version',
  humanCode: 'Course code',
  zsk: 'ZSK (Zintegrowany Rejestr Kwalifikacji)',
  gradingScheme: 'Mikrocred grading scheme',
} as const;
/** The ECTS credit framework concept of `creditPoint`. */
export const ECTS_FRAMEWORK = `${SNB}/education-credit/6fcec5c5af`;
const AUTHORITY = 'http://publications.europa.eu/resource/authority';

/** The 24 official EU languages in the EU Publications Office language table (ISO 639-1 → table code). */
export const EU_LANGUAGE_CODES: Readonly<Record<string, string>> = {
  bg: 'BUL', cs: 'CES', da: 'DAN', de: 'DEU', el: 'ELL', en: 'ENG', es: 'SPA', et: 'EST', fi: 'FIN', fr: 'FRA',
  ga: 'GLE', hr: 'HRV', hu: 'HUN', it: 'ITA', lt: 'LIT', lv: 'LAV', mt: 'MLT', nl: 'NLD', pl: 'POL', pt: 'POR',
  ro: 'RON', sk: 'SLK', sl: 'SLV', sv: 'SWE',
};

const LABELS = {
  ects: { pl: 'Europejski System Transferu i Akumulacji Punktów (ECTS)', en: 'European Credit Transfer System' },
  shortProgramme: { pl: 'Krótki program kształcenia', en: 'Short learning programme' },
  outcomes: { pl: 'Efekty uczenia się', en: 'Learning outcomes' },
  stacksInto: { pl: 'Prowadzi do', en: 'Leads to' },
  grades: { pl: 'Oceny', en: 'Grades' },
  passing: { pl: 'zaliczenie od', en: 'pass from' },
  assessment: { pl: 'Walidacja', en: 'Assessment' },
} as const satisfies Record<string, Message>;

/** `schemeName` of the organisation's identifiers, by our identifier scheme. */
export const IDENTIFIER_SCHEME_NAMES: Readonly<Record<string, string>> = {
  REGON: 'REGON', NIP: 'NIP', KRS: 'KRS', 'POL-on': 'POL-on', ErasmusCode: 'Erasmus code',
  PIC: 'PIC (Participant Identification Code)', VAT: 'VAT', other: 'other',
};

/** `{base}#{name}`, or `{base}-{name}` when the base already has a fragment: the IRI of a node inside a document. */
export function localId(base: string, name: string): string {
  return base.includes('#') ? `${base}-${name}` : `${base}#${name}`;
}

/** A SKOS concept of `scheme`, with its labels when given. */
export function conceptNode(id: string, scheme: string, prefLabel?: Message | Readonly<Record<string, string>>): JsonObject {
  const out: JsonObject = { id, type: 'Concept', inScheme: { id: scheme, type: 'ConceptScheme' } };
  if (prefLabel) out.prefLabel = { ...prefLabel };
  return out;
}

/** A text in every language of `text`, each prefixed with `label` in that language. */
function labelled(label: Message, text: Message | Readonly<Record<string, string>>): Record<string, string> {
  const map: Readonly<Record<string, string>> = { ...text };
  const out: Record<string, string> = {};
  for (const [lang, value] of Object.entries(map)) out[lang] = `${labelIn(label, lang)}: ${value}`;
  return out;
}

function note(text: Readonly<Record<string, string>>): JsonObject {
  return { type: 'Note', noteLiteral: { ...text } };
}

function webResource(url: string): JsonObject {
  return { type: 'WebResource', contentURL: url };
}

function identifier(notation: string, schemeName: string): JsonObject {
  return { type: 'Identifier', notation, schemeName };
}

function countryConcept(alpha2: string): JsonObject | undefined {
  const uri = countryUri(alpha2);
  return uri ? conceptNode(uri, `${AUTHORITY}/country`, countryName(alpha2)) : undefined;
}

function languageConcepts(spec: Specification): JsonObject[] {
  return spec.languages.flatMap((code) => {
    const table = EU_LANGUAGE_CODES[code];
    return table ? [conceptNode(`${AUTHORITY}/language/${table}`, `${AUTHORITY}/language`, languageName(code))] : [];
  });
}

/** The concept of a code whose vocabulary entry has a confirmed URI (codes.ts), else undefined. */
function vocabularyConcept<C extends string | number>(list: readonly Concept<C>[], code: C, scheme: string): JsonObject | undefined {
  const found = concept(list, code);
  return found?.uri ? conceptNode(found.uri, scheme, found.label) : undefined;
}

function legalIdentifier(id: string, notation: string, schemeName: string, country: JsonObject | undefined): JsonObject {
  return { id, type: 'LegalIdentifier', notation, schemeName, ...(country ? { spatial: country } : {}) };
}

/**
 * The awarding body. It is embedded twice (LOpp.providedBy, AO.awardingBody), so every node inside it has an IRI:
 * both copies are then the same RDF graph (blank nodes would make two registrations, two addresses, …).
 */
function organisation(spec: Specification, options: ElmOptions): JsonObject {
  const body = spec.awardingBody;
  const at = (name: string): string => localId(options.id, `awarding-body-${name}`);
  const country = countryConcept(body.address.country);
  const name = countryName(body.address.country);
  const street = [body.address.street, [body.address.postalCode, body.address.locality].filter(Boolean).join(' '), body.address.region]
    .filter((part): part is string => Boolean(part)).join(', ');
  const homepages = [...new Set([body.homepage, options.institution.homepage].filter((u): u is string => Boolean(u)))];
  const org: JsonObject = {
    id: options.institution.did,
    type: 'Organisation',
    legalName: { ...body.legalName },
    location: {
      id: at('location'),
      type: 'Location',
      address: {
        id: at('address'),
        type: 'Address',
        ...(country ? { countryCode: country } : {}),
        fullAddress: { id: at('full-address'), ...note({ pl: `${street}, ${name.pl}`, en: `${street}, ${name.en}` }) },
      },
    },
    homepage: homepages.map((url, i) => ({ id: at(`homepage-${i + 1}`), ...webResource(url) })),
  };
  const byScheme = (scheme: string) => body.identifiers.find((id) => id.scheme === scheme);
  const registration = byScheme('KRS') ?? byScheme('REGON');
  if (registration) org.registration = legalIdentifier(at('registration'), registration.value, IDENTIFIER_SCHEME_NAMES[registration.scheme] ?? registration.scheme, country);
  const nip = byScheme('NIP');
  if (nip) org.taxIdentifier = [legalIdentifier(at('tax-identifier'), nip.value, 'NIP', country)];
  const vat = byScheme('VAT');
  if (vat) org.vatIdentifier = [legalIdentifier(at('vat-identifier'), vat.value, 'VAT', country)];
  const others = body.identifiers.filter((id) => id !== registration && id !== nip && id !== vat);
  if (others.length > 0) {
    org.identifier = others.map((id, i) => ({
      id: at(`identifier-${i + 1}`), ...identifier(id.value, IDENTIFIER_SCHEME_NAMES[id.scheme] ?? id.scheme),
    }));
  }
  if (body.email) {
    org.contactPoint = { id: at('contact-point'), type: 'ContactPoint', emailAddress: { id: `mailto:${body.email}`, type: 'Mailbox' } };
  }
  return org;
}

function learningOutcomes(spec: Specification, base: string): JsonObject[] {
  return spec.learningOutcomes.map((o) => {
    const out: JsonObject = {
      id: localId(base, `outcome-${o.id}`),
      type: 'LearningOutcome',
      title: { ...o.text },
      identifier: identifier(o.id, SCHEME_NAMES.outcome),
    };
    if (o.escoSkills.length > 0) {
      out.relatedESCOSkill = o.escoSkills.map((s) => conceptNode(s.uri, 'http://data.europa.eu/esco/concept-scheme/skills', s.label));
    }
    if (o.type) out.additionalNote = [taggedNote('outcome-type', o.type)];
    return out;
  });
}

function outcomeSummary(spec: Specification): JsonObject {
  const langs = new Set(spec.learningOutcomes.flatMap((o) => Object.keys(o.text)));
  const text: Record<string, string> = {};
  for (const lang of langs) {
    const heading = labelIn(LABELS.outcomes, lang);
    const lines = spec.learningOutcomes.map((o, i) => `${i + 1}. ${o.id}: ${o.text[lang] ?? o.text.en}`);
    text[lang] = [`${heading}:`, ...lines].join('\n');
  }
  return note(text);
}

function assessmentSpecification(spec: Specification, base: string): JsonObject {
  const type = concept(ASSESSMENT_TYPES, spec.assessmentType);
  const label = type?.label ?? { pl: spec.assessmentType, en: spec.assessmentType };
  const out: JsonObject = {
    id: localId(base, 'assessment'),
    type: 'LearningAssessmentSpecification',
    title: labelled(LABELS.assessment, label),
    dcType: conceptNode(`${MIKROCRED_VOCAB}/assessment-type/${spec.assessmentType}`, `${MIKROCRED_VOCAB}/assessment-type`, label),
  };
  if (spec.assessmentDescription) out.description = { ...spec.assessmentDescription };
  const languages = languageConcepts(spec);
  if (languages.length > 0) out.language = languages;
  const scheme = spec.gradingScheme ? gradingScheme(spec.gradingScheme) : undefined;
  if (scheme) {
    const values = scheme.values.length > 12 ? `${scheme.values[0]}–${scheme.values[scheme.values.length - 1]}` : scheme.values.join(', ');
    const passing = scheme.passing[0] ?? '';
    out.gradingScheme = {
      id: localId(base, 'grading-scheme'),
      type: 'GradingScheme',
      identifier: { id: localId(base, 'grading-scheme-code'), ...identifier(scheme.code, SCHEME_NAMES.gradingScheme) },
      title: { ...scheme.label },
      description: {
        pl: `${LABELS.grades.pl}: ${values}; ${LABELS.passing.pl} ${passing}`,
        en: `${LABELS.grades.en}: ${values}; ${LABELS.passing.en} ${passing}`,
      },
    };
  }
  if (spec.supervisionVerification) out.additionalNote = [taggedNote('supervision-verification', spec.supervisionVerification)];
  return out;
}

function awardingOpportunity(spec: Specification, base: string, org: JsonObject): JsonObject {
  const country = countryConcept(spec.issuerCountry);
  const location: JsonObject = { type: 'Location', address: { type: 'Address', ...(country ? { countryCode: country } : {}) } };
  if (spec.issuerRegion) location.geographicName = { pl: spec.issuerRegion, en: spec.issuerRegion };
  return { id: localId(base, 'awarding'), type: 'AwardingOpportunity', awardingBody: org, location };
}

function qualityAssuranceNotes(spec: Specification): JsonObject[] {
  const qa = spec.qualityAssurance;
  const notes = [taggedNote('quality-assurance', qa.type, qa.description)];
  if (qa.accreditationId) notes.push(taggedNote('quality-assurance-decision', undefined, { pl: qa.accreditationId, en: qa.accreditationId }));
  if (qa.agency) notes.push(taggedNote('quality-assurance-agency', undefined, { pl: qa.agency, en: qa.agency }));
  return notes;
}

/** The text of the stackability note: the mode, then the larger credentials it leads to. */
function stackabilityText(spec: Specification, lang: 'pl' | 'en'): string | undefined {
  const targets = spec.stackability?.stacksInto ?? [];
  if (targets.length === 0) return undefined;
  return `${LABELS.stacksInto[lang]}: ${targets.map((t) => `${t.title[lang]}${t.url ? ` (${t.url})` : ''}`).join('; ')}`;
}

/** The tagged notes (elm-notes.ts) for the elements ELM has no confirmed concept or property for (the table at the top). */
function additionalNotes(spec: Specification): JsonObject[] {
  const notes: JsonObject[] = qualityAssuranceNotes(spec);
  if (spec.prkLevel != null) notes.push(taggedNote('prk-level', spec.prkLevel));
  if (spec.qfEheaCycle != null) notes.push(taggedNote('qf-ehea-cycle', spec.qfEheaCycle));
  const participation = concept(PARTICIPATION_MODES, spec.participationMode);
  if (participation && !participation.uri) notes.push(taggedNote('participation-mode', spec.participationMode));
  const setting = spec.learningSetting ? concept(LEARNING_SETTINGS, spec.learningSetting) : undefined;
  if (setting && !setting.uri) notes.push(taggedNote('learning-setting', setting.code));
  for (const code of spec.languages.filter((c) => !EU_LANGUAGE_CODES[c])) notes.push(taggedNote('language', code));
  if (spec.stackability) {
    const pl = stackabilityText(spec, 'pl');
    const en = stackabilityText(spec, 'en');
    notes.push(taggedNote('stackability', spec.stackability.mode, pl && en ? { pl, en } : undefined));
  }
  if (spec.furtherInfo) notes.push(taggedNote('further-information', undefined, spec.furtherInfo));
  if (spec.validityPeriod) notes.push(taggedNote('validity-period', spec.validityPeriod));
  return notes;
}

function qualification(spec: Specification, options: ElmOptions, org: JsonObject): JsonObject {
  const base = options.id;
  const q: JsonObject = {
    id: options.specificationId ?? localId(base, 'specification'),
    type: 'Qualification',
    title: { ...spec.title },
    description: { ...(spec.description ?? defaultDescription(spec)) },
    identifier: [
      identifier(spec.specId, SCHEME_NAMES.specification),
      identifier(`${spec.specId}/v${spec.version}`, SCHEME_NAMES.version),
      ...(spec.humanCode ? [identifier(spec.humanCode, SCHEME_NAMES.humanCode)] : []),
      ...(spec.zskCode ? [identifier(spec.zskCode, SCHEME_NAMES.zsk)] : []),
    ],
    dcType: conceptNode(`${SNB}/learning-opportunity/74a4a268e8`, `${SNB}/learning-opportunity/25831c2`, LABELS.shortProgramme),
  };
  const languages = languageConcepts(spec);
  if (languages.length > 0) q.language = languages;
  q.learningOutcome = learningOutcomes(spec, base);
  q.learningOutcomeSummary = outcomeSummary(spec);
  q.creditPoint = {
    type: 'CreditPoint',
    framework: conceptNode(ECTS_FRAMEWORK, `${SNB}/education-credit/25831c2`, LABELS.ects),
    point: String(spec.ectsCredits),
  };
  if (spec.workloadHours) q.volumeOfLearning = `PT${spec.workloadHours}H`;
  if (spec.eqfLevel != null) {
    const eqf = vocabularyConcept(EQF_LEVELS, spec.eqfLevel, `${SNB}/eqf/25831c2`);
    if (eqf) q.eqfLevel = eqf;
  }
  if (spec.iscedF) {
    const field = iscedField(spec.iscedF);
    q.thematicArea = conceptNode(`${SNB}/isced-f/${spec.iscedF}`, `${SNB}/isced-f/25831c2`, field ? { pl: field.pl, en: field.en } : undefined);
  }
  const mode = vocabularyConcept(PARTICIPATION_MODES, spec.participationMode, `${SNB}/learning-assessment/25831c2`);
  if (mode) q.mode = mode;
  const setting = spec.learningSetting ? vocabularyConcept(LEARNING_SETTINGS, spec.learningSetting, `${SNB}/learning-setting/25831c2`) : undefined;
  if (setting) q.learningSetting = setting;
  if (spec.prerequisites) q.entryRequirement = note(spec.prerequisites);
  q.provenBy = assessmentSpecification(spec, base);
  q.awardingOpportunity = awardingOpportunity(spec, base, org);
  if (spec.stackability) {
    // Our reading of Annex I O4: a stackable micro-credential is a partial qualification of the larger credential.
    q.isPartialQualification = spec.stackability.mode === 'stackable';
    if (spec.stackability.stacksInto.length > 0) {
      q.isPartOf = spec.stackability.stacksInto.map((t, i) => ({
        id: t.id ?? localId(base, `stacks-into-${i + 1}`),
        type: 'Qualification',
        title: { ...t.title },
        ...(t.url ? { homepage: webResource(t.url) } : {}),
      }));
    }
  }
  if (spec.homepage) q.homepage = webResource(spec.homepage);
  q.additionalNote = additionalNotes(spec);
  return q;
}

/** The ELM v3 JSON-LD document of a published specification: a LearningOpportunity around its Qualification. */
export function buildElmSpecification(spec: Specification, options: ElmOptions): JsonObject {
  const org = organisation(spec, options);
  const homepages = [spec.homepage, options.baseUrl ? `${options.baseUrl.replace(/\/+$/, '')}/catalogue/${spec.specId}` : undefined]
    .filter((u): u is string => Boolean(u));
  const doc: JsonObject = {
    '@context': ELM_CONTEXT.map((c) => (typeof c === 'string' ? c : { ...c })),
    id: options.id,
    type: 'LearningOpportunity',
    title: { ...spec.title },
    description: { ...(spec.description ?? defaultDescription(spec)) },
    dcType: conceptNode(`${SNB}/learning-opportunity/74a4a268e8`, `${SNB}/learning-opportunity/25831c2`, LABELS.shortProgramme),
  };
  if (homepages.length > 0) doc.homepage = homepages.map(webResource);
  const mode = vocabularyConcept(PARTICIPATION_MODES, spec.participationMode, `${SNB}/learning-assessment/25831c2`);
  if (mode) doc.mode = mode;
  doc.providedBy = org;
  doc.learningAchievementSpecification = qualification(spec, options, org);
  return doc;
}
