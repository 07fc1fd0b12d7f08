/**
 * The conformance checklist (issue 7): one small, precise rule per normative statement we implement, from the W3C
 * Verifiable Credentials Data Model 2.0, Verifiable Credential Data Integrity 1.0 with the EdDSA cryptosuite
 * `eddsa-rdfc-2022`, Bitstring Status List 1.0, Open Badges 3.0 and the EU Council Recommendation on
 * micro-credentials (Annex I), plus a few clearly labelled rules of our own profile (`PROFILE-*`: stricter than the
 * specifications, never presented as theirs). A rule's `check` returns a message when the credential breaks it,
 * `undefined` when it holds. `deviation` marks a rule we knowingly break in some configurations, with the reason; the
 * suite asserts that a deviation is the only failure.
 *
 * Rule texts and section numbers were checked against the specification sources (stored copies of public
 * repositories; `text` quotes the normative sentence, shortened with … where long):
 * - VC DM 2.0: w3c/vc-data-model `transitions/2025/REC/index.html` (the W3C Recommendation of 15 May 2025),
 *   commit f3732fdf27618a9b05b0f4e074920a4f6d09698e: table of contents, §1.3 Conformance and §4.2–§4.12 read in
 *   full. The §5.4/§5.5 statements (refreshService, termsOfUse) are quoted as w3c/vc-data-model-2.0-test-suite
 *   quotes them (`tests/10-vcdm2.js`, commit 001ff0b514c067564309897fcaf75f35310102a1; also `tests/4-05-types.js`
 *   2cd30da3999003c117dd23fdc6b7781bcdf882a5, `tests/4-08-credential-subject.js`
 *   684dd5c8eb9ae670423172cf00af66273f88eb46, `tests/4-10-status.js` 2cd30da3999003c117dd23fdc6b7781bcdf882a5).
 * - Data Integrity 1.0: w3c/vc-data-integrity `transitions/2025/REC/index.html`, commit
 *   eaf47815ae0d737c0d0c8730d931a307ee9bb27f (table of contents: §2.1 Proofs, §3.1 DataIntegrityProof, §5.9
 *   Verification Method Binding); the §2.1 sentences as quoted by the DI test suites (statement lists found by
 *   exact-phrase search; the §2.1 body of the REC itself was not read).
 * - EdDSA cryptosuites: w3c/vc-di-eddsa-test-suite `tests/suites/data-model.js`, commit
 *   28da4e5533770f33358e835a79cc18a2b461af69, which quotes the "Proof Representations › DataIntegrityProof"
 *   statements (the spec's own repository is not in the index, so no section number is given).
 * - Bitstring Status List 1.0: the BitstringStatusListEntry statements as the W3C status-list test suites quote them
 *   (links to https://www.w3.org/TR/vc-bitstring-status-list/); "§2.1" is the section of the published REC, not
 *   re-read here.
 * - Open Badges 3.0: the official JSON Schema vendored in `schemas/ob-v3p0/achievementcredential.json` (1EdTech's
 *   published build, read here), and a text rendering of the spec's Appendix B data model (B.1.1 Achievement … B.1.28
 *   AchievementType) found by exact-phrase search; its tables agree with that schema (`name` [0..1], `issuer`
 *   ProfileRef, `proof` an array). The 1EdTech/openbadges-specification sources generate these tables from a model
 *   that is not in the index, so they could not be compared line by line.
 *
 * Could not be checked against a source text: the EU rules (Council Recommendation 2022/C 243/02, Annex I; the
 * EUR-Lex text is not in the index: the eleven elements match only a third-party transcription), the section
 * number of the EdDSA rules, the Bitstring Status List section number, VC DM 2.0 §11.1 (the language value object
 * shape follows the VC test suite's fixtures, not the §11.1 text) and VC DM 2.0 §5.6 (evidence; the rule quotes the
 * §4.5 table instead).
 */
import { mandatoryElements } from '../../src/credentials/elements.ts';
import { OB_V3_CONTEXT_URL, OB_V3_SCHEMA_URL, VC_V2_CONTEXT_URL, type JsonObject } from '../../src/credentials/index.ts';

export interface Rule {
  readonly id: string;
  readonly source: string;
  readonly text: string;
  /** Why we knowingly break this rule when the credential carries the feature; see credentials.test.ts. */
  readonly deviation?: string;
  check(credential: JsonObject): string | undefined;
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** An absolute URL (any scheme: https, urn, did). */
export function isUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** xsd:dateTimeStamp: an xsd:dateTime with a mandatory time zone. */
const DATE_TIME_STAMP = /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))$/;

export function isDateTimeStamp(value: unknown): boolean {
  return typeof value === 'string' && DATE_TIME_STAMP.test(value) && !Number.isNaN(Date.parse(value));
}

/** A language value object: `@value` (a string) with optional `@language` / `@direction`, nothing else. */
function isLanguageValue(value: unknown): boolean {
  const o = obj(value);
  return o !== undefined && typeof o['@value'] === 'string' && Object.keys(o).every((k) => ['@value', '@language', '@direction'].includes(k));
}

/**
 * VC DM 2.0 §4.6: "a string or a language value object"; §4.6 Example 6 also gives several language value objects
 * as an array (one per language), which the VC test suite accepts too.
 */
function isTextValue(value: unknown): boolean {
  if (typeof value === 'string') return true;
  if (Array.isArray(value)) return value.length > 0 && value.every(isLanguageValue);
  return isLanguageValue(value);
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Decodes base58btc (the Bitcoin alphabet); undefined for a character outside it. */
export function base58btcDecode(text: string): Uint8Array | undefined {
  let value = 0n;
  for (const ch of text) {
    const digit = BASE58.indexOf(ch);
    if (digit < 0) return undefined;
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value % 256n));
    value /= 256n;
  }
  for (const ch of text) {
    if (ch !== '1') break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

const subjects = (c: JsonObject): unknown[] => asArray(c.credentialSubject);
const proofs = (c: JsonObject): unknown[] => asArray(c.proof);
const issuerId = (c: JsonObject): unknown => (typeof c.issuer === 'string' ? c.issuer : obj(c.issuer)?.id);
const achievementOf = (c: JsonObject): Json | undefined => obj(obj(subjects(c)[0])?.achievement);
const bitstringEntries = (c: JsonObject): Json[] => asArray(c.credentialStatus).map((s) => obj(s) ?? {}).filter((s) => asArray(s.type).includes('BitstringStatusListEntry'));

/** The first failure of `test` over `items`, labelled by index. */
function each(items: readonly unknown[], label: string, test: (item: unknown) => string | undefined): string | undefined {
  for (const [i, item] of items.entries()) {
    const problem = test(item);
    if (problem) return `${label}[${i}]: ${problem}`;
  }
  return undefined;
}

/** Every object of `property` (a single object or a set of them) has a non-empty `type`. */
function typed(c: JsonObject, property: string): string | undefined {
  return each(asArray(c[property]), property, (o) => (obj(o) && asArray(obj(o)?.type).length > 0 ? undefined : 'no type'));
}

/** "one or more terms and absolute URL strings": non-empty strings without whitespace (their mapping to URLs via @context is checked by the reference verifier's JSON-LD processing). */
function typeValues(value: unknown): string | undefined {
  const values = asArray(value);
  if (values.length === 0) return 'no type value';
  return each(values, 'type', (t) => (typeof t === 'string' && t !== '' && !/\s/.test(t) ? undefined : `${JSON.stringify(t)} is not a term or URL string`));
}

const VC = 'VC Data Model 2.0';
const DI = 'VC Data Integrity 1.0';
const EDDSA = 'VC DI EdDSA Cryptosuites 1.0, Proof Representations › DataIntegrityProof';
const BSL = 'Bitstring Status List 1.0 §2.1 BitstringStatusListEntry';
const OB = 'Open Badges 3.0';
const OB_SCHEMA = 'Open Badges 3.0 JSON Schema (schemas/ob-v3p0/achievementcredential.json)';
const PROFILE = 'Mikrocred profile (stricter than the specifications)';
const EU = 'Council Recommendation 2022/C 243/02, Annex I';

export const VC_RULES: readonly Rule[] = [
  {
    id: 'VC2-4.3-context-present', source: `${VC} §4.3 Contexts`,
    text: 'Verifiable credentials and verifiable presentations MUST include a @context property.',
    check: (c) => (c['@context'] === undefined ? '@context is missing' : undefined),
  },
  {
    id: 'VC2-4.3-context-ordered-set', source: `${VC} §4.3 Contexts`,
    text: 'The value of the @context property MUST be an ordered set where the first item is a URL with the value https://www.w3.org/ns/credentials/v2. (ordered set: a JSON array)',
    check: (c) => (Array.isArray(c['@context']) ? undefined : `@context is ${typeof c['@context']}, not an array`),
  },
  {
    id: 'VC2-4.3-context-first', source: `${VC} §4.3 Contexts`,
    text: 'The value of the @context property MUST be an ordered set where the first item is a URL with the value https://www.w3.org/ns/credentials/v2.',
    check: (c) => {
      const first = asArray(c['@context'])[0];
      return first === VC_V2_CONTEXT_URL ? undefined : `the first @context item is ${JSON.stringify(first)}`;
    },
  },
  {
    id: 'VC2-4.3-context-items', source: `${VC} §4.3 Contexts`,
    text: 'Subsequent items in the ordered set MUST be composed of any combination of URLs and objects, where each is processable as a JSON-LD Context. (URL or object checked here; processability by the reference verifier)',
    check: (c) => each(asArray(c['@context']).slice(1), '@context', (x) => (isUrl(x) || obj(x) ? undefined : `${JSON.stringify(x)} is neither a URL nor an object`)),
  },
  {
    id: 'VC2-4.3-context-unique', source: `${VC} §4.3 Contexts (with the Infra definition of "ordered set")`,
    text: 'The value of the @context property MUST be an ordered set … (an Infra ordered set holds no item twice, so no URL may repeat)',
    check: (c) => {
      const urls = asArray(c['@context']).filter((x) => typeof x === 'string');
      const dup = urls.find((u, i) => urls.indexOf(u) !== i);
      return dup === undefined ? undefined : `${String(dup)} appears twice`;
    },
  },
  {
    id: 'VC2-4.4-id-url', source: `${VC} §4.4 Identifiers`,
    text: "The id property is OPTIONAL. If present, id property's value MUST be a single URL, which MAY be dereferenceable.",
    check: (c) => (c.id === undefined || isUrl(c.id) ? undefined : `id ${JSON.stringify(c.id)} is not a single URL`),
  },
  {
    id: 'VC2-4.5-type-present', source: `${VC} §4.5 Types`,
    text: 'Verifiable credentials and verifiable presentations MUST contain a type property with an associated value.',
    check: (c) => (asArray(c.type).length > 0 ? undefined : 'type is missing or empty'),
  },
  {
    id: 'VC2-4.5-type-vc', source: `${VC} §4.5 Types (table of objects that MUST have a type)`,
    text: 'Concerning this specification, the following table lists the objects that MUST have a type specified: Verifiable credential object — VerifiableCredential and, optionally, a more specific verifiable credential type.',
    check: (c) => (asArray(c.type).includes('VerifiableCredential') ? undefined : `type ${JSON.stringify(c.type)} lacks VerifiableCredential`),
  },
  {
    id: 'VC2-4.5-type-terms', source: `${VC} §4.5 Types`,
    text: 'The value of the type property MUST be one or more terms and absolute URL strings. If more than one value is provided, the order does not matter.',
    check: (c) => typeValues(c.type),
  },
  {
    id: 'VC2-4.5-type-nested-values', source: `${VC} §4.5 Types (applied to the typed objects of the credential); ${DI} §2.1 Proofs for proof.type`,
    text: 'The value of the type property MUST be one or more terms and absolute URL strings. — for the type of issuer, credentialSubject, credentialStatus, credentialSchema, evidence, termsOfUse, refreshService and proof objects, where present',
    check: (c) => {
      const objects = ['issuer', 'credentialSubject', 'credentialStatus', 'credentialSchema', 'evidence', 'termsOfUse', 'refreshService', 'proof']
        .flatMap((p) => asArray(c[p]).map((o, i) => [`${p}[${i}]`, o] as const));
      for (const [label, o] of objects) {
        const e = obj(o);
        if (!e || e.type === undefined) continue;
        const problem = typeValues(e.type);
        if (problem) return `${label}: ${problem}`;
      }
      return undefined;
    },
  },
  {
    id: 'VC2-4.5-evidence-type', source: `${VC} §4.5 Types (table of objects that MUST have a type)`,
    text: '… the following table lists the objects that MUST have a type specified: … evidence object — A valid evidence type.',
    check: (c) => typed(c, 'evidence'),
  },
  {
    id: 'VC2-4.6-name', source: `${VC} §4.6 Names and Descriptions`,
    text: 'An OPTIONAL property that expresses the name of the credential. If present, the value of the name property MUST be a string or a language value object as described in 11.1 Language and Base Direction.',
    check: (c) => (c.name === undefined || isTextValue(c.name) ? undefined : `name ${JSON.stringify(c.name)}`),
  },
  {
    id: 'VC2-4.6-description', source: `${VC} §4.6 Names and Descriptions`,
    text: 'An OPTIONAL property that conveys specific details about a credential. If present, the value of the description property MUST be a string or a language value object as described in 11.1 Language and Base Direction.',
    check: (c) => (c.description === undefined || isTextValue(c.description) ? undefined : `description ${JSON.stringify(c.description)}`),
  },
  {
    id: 'VC2-4.6-issuer-name-description', source: `${VC} §4.6 Names and Descriptions (Example 6; the VC 2.0 test suite checks it on issuer)`,
    text: 'If present (on issuer), the value of the name property MUST be a string or a language value object …; likewise the description property.',
    check: (c) => {
      const issuer = obj(c.issuer);
      if (!issuer) return undefined;
      if (issuer.name !== undefined && !isTextValue(issuer.name)) return `issuer.name ${JSON.stringify(issuer.name)}`;
      return issuer.description === undefined || isTextValue(issuer.description) ? undefined : `issuer.description ${JSON.stringify(issuer.description)}`;
    },
  },
  {
    id: 'VC2-4.7-issuer-present', source: `${VC} §4.7 Issuer`, text: 'A verifiable credential MUST have an issuer property.',
    check: (c) => (c.issuer === undefined ? 'issuer is missing' : undefined),
  },
  {
    id: 'VC2-4.7-issuer-url', source: `${VC} §4.7 Issuer`,
    text: 'The value of the issuer property MUST be either a URL or an object containing an id property whose value is a URL; …',
    check: (c) => (isUrl(issuerId(c)) ? undefined : `issuer id ${JSON.stringify(issuerId(c))} is not a URL`),
  },
  {
    id: 'VC2-4.8-subject-present', source: `${VC} §4.8 Credential Subject`,
    text: 'A verifiable credential MUST contain a credentialSubject property.',
    check: (c) => (subjects(c).length > 0 ? undefined : 'credentialSubject is missing'),
  },
  {
    id: 'VC2-4.8-subject-objects', source: `${VC} §4.8 Credential Subject`,
    text: 'The value of the credentialSubject property is a set of objects where each object MUST be the subject of one or more claims, which MUST be serialized inside the credentialSubject property.',
    check: (c) => each(subjects(c), 'credentialSubject', (s) => (obj(s) && Object.keys(obj(s) ?? {}).some((k) => k !== 'id') ? undefined : 'not an object with claims')),
  },
  {
    id: 'VC2-4.8-subject-id-url', source: `${VC} §4.8 Credential Subject, §4.4 Identifiers`,
    text: "Each object MAY also contain an id property to identify the subject, as described in Section 4.4 Identifiers. (If present, id property's value MUST be a single URL.)",
    check: (c) => each(subjects(c), 'credentialSubject', (s) => (obj(s)?.id === undefined || isUrl(obj(s)?.id) ? undefined : `id ${JSON.stringify(obj(s)?.id)}`)),
  },
  {
    id: 'VC2-4.9-validFrom', source: `${VC} §4.9 Validity Period`,
    text: 'If present, the value of the validFrom property MUST be a [XMLSCHEMA11-2] dateTimeStamp string value representing the date and time the credential becomes valid, …',
    check: (c) => (c.validFrom === undefined || isDateTimeStamp(c.validFrom) ? undefined : `validFrom ${JSON.stringify(c.validFrom)}`),
  },
  {
    id: 'VC2-4.9-validUntil', source: `${VC} §4.9 Validity Period`,
    text: 'If present, the value of the validUntil property MUST be a [XMLSCHEMA11-2] dateTimeStamp string value representing the date and time the credential ceases to be valid, …',
    check: (c) => (c.validUntil === undefined || isDateTimeStamp(c.validUntil) ? undefined : `validUntil ${JSON.stringify(c.validUntil)}`),
  },
  {
    id: 'VC2-4.9-validity-order', source: `${VC} §4.9 Validity Period`,
    text: 'If a validUntil value also exists, the validFrom value MUST express a point in time that is temporally the same or earlier than the point in time expressed by the validUntil value.',
    check: (c) => (typeof c.validFrom === 'string' && typeof c.validUntil === 'string' && Date.parse(c.validFrom) > Date.parse(c.validUntil)
      ? `validFrom ${c.validFrom} is after validUntil ${c.validUntil}` : undefined),
  },
  {
    id: 'VC2-4.10-status-type', source: `${VC} §4.10 Status`,
    text: 'The type property is REQUIRED. It is used to express the type of status information expressed by the object. The related normative guidance in Section 4.5 Types MUST be followed.',
    check: (c) => typed(c, 'credentialStatus'),
  },
  {
    id: 'VC2-4.10-status-id-url', source: `${VC} §4.10 Status`,
    text: 'The id property is OPTIONAL. It MAY be used to provide a unique identifier for the credential status object. If present, the normative guidance in Section 4.4 Identifiers MUST be followed.',
    check: (c) => each(asArray(c.credentialStatus), 'credentialStatus', (s) => (obj(s)?.id === undefined || isUrl(obj(s)?.id) ? undefined : `id ${JSON.stringify(obj(s)?.id)}`)),
  },
  {
    id: 'VC2-4.11-schema-id-type', source: `${VC} §4.11 Data Schemas`,
    text: 'Each credentialSchema MUST specify its type (for example, JsonSchema) and an id property that MUST be a URL identifying the schema file.',
    check: (c) => each(asArray(c.credentialSchema), 'credentialSchema', (s) => {
      const e = obj(s);
      if (!e) return 'not an object';
      if (!isUrl(e.id)) return `id ${JSON.stringify(e.id)} is not a URL`;
      return asArray(e.type).length > 0 ? undefined : 'no type';
    }),
  },
  {
    id: 'VC2-1.3-secured', source: `${VC} §1.3 Conformance (securing mechanisms: §4.12)`,
    text: 'A conforming document MUST be secured by at least one securing mechanism as described in Section 4.12 Securing Mechanisms. (here: an embedded proof, an object)',
    check: (c) => (proofs(c).length > 0 ? each(proofs(c), 'proof', (p) => (obj(p) ? undefined : 'not an object')) : 'no proof'),
  },
  {
    id: 'VC2-5.4-refresh-type', source: `${VC} §5.4 Refreshing`, text: 'Each refreshService value MUST specify its type.',
    check: (c) => typed(c, 'refreshService'),
  },
  {
    id: 'VC2-5.5-terms-of-use-type', source: `${VC} §5.5 Terms of Use`,
    text: 'Each termsOfUse value MUST specify its type, for example, IssuerPolicy, and MAY specify its instance id.',
    check: (c) => typed(c, 'termsOfUse'),
  },
];

export const STATUS_LIST_RULES: readonly Rule[] = [
  {
    id: 'BSL-2.1-status-purpose', source: BSL, text: 'The purpose of the status entry MUST be a string.',
    check: (c) => each(bitstringEntries(c), 'BitstringStatusListEntry', (e) => (typeof obj(e)?.statusPurpose === 'string' ? undefined : `statusPurpose ${JSON.stringify(obj(e)?.statusPurpose)}`)),
  },
  {
    id: 'BSL-2.1-status-list-index', source: BSL,
    text: 'The statusListIndex property MUST be an arbitrary size integer greater than or equal to 0, expressed as a string in base 10.',
    check: (c) => each(bitstringEntries(c), 'BitstringStatusListEntry', (e) => {
      const index = obj(e)?.statusListIndex;
      return typeof index === 'string' && /^\d+$/.test(index) ? undefined : `statusListIndex ${JSON.stringify(index)}`;
    }),
  },
  {
    id: 'BSL-2.1-status-list-credential', source: BSL, text: 'The statusListCredential property MUST be a URL to a verifiable credential.',
    check: (c) => each(bitstringEntries(c), 'BitstringStatusListEntry', (e) => (isUrl(obj(e)?.statusListCredential) ? undefined : `statusListCredential ${JSON.stringify(obj(e)?.statusListCredential)}`)),
  },
  {
    id: 'BSL-2.1-status-id-not-list', source: BSL,
    text: 'If present, the id value is expected to be a URL that identifies the status information associated with the verifiable credential. It MUST NOT be the URL for the status list.',
    check: (c) => each(bitstringEntries(c), 'BitstringStatusListEntry', (e) => {
      const entry = obj(e) ?? {};
      return entry.id === undefined || entry.id !== entry.statusListCredential ? undefined : `id ${String(entry.id)} is the status list URL`;
    }),
  },
];

export const DI_RULES: readonly Rule[] = [
  {
    id: 'DI-2.1-proof-purpose', source: `${DI} §2.1 Proofs`,
    text: 'proofPurpose: The reason the proof was created MUST be specified as a string that maps to a URL [URL].',
    check: (c) => each(proofs(c), 'proof', (p) => (typeof obj(p)?.proofPurpose === 'string' && obj(p)?.proofPurpose !== '' ? undefined : `proofPurpose ${JSON.stringify(obj(p)?.proofPurpose)}`)),
  },
  {
    id: 'DI-2.1-verification-method', source: `${DI} §2.1 Proofs`,
    text: 'verificationMethod: … If included, the value MUST be a string that maps to a [URL].',
    check: (c) => each(proofs(c), 'proof', (p) => {
      const vm = obj(p)?.verificationMethod;
      return vm === undefined || isUrl(vm) ? undefined : `verificationMethod ${JSON.stringify(vm)} is not a URL`;
    }),
  },
  {
    id: 'DI-2.1-cryptosuite', source: `${DI} §2.1 Proofs`,
    text: 'If the proof type is DataIntegrityProof, cryptosuite MUST be specified; otherwise, cryptosuite MAY be specified. If specified, its value MUST be a string.',
    check: (c) => each(proofs(c), 'proof', (p) => {
      const proof = obj(p) ?? {};
      if (proof.type !== 'DataIntegrityProof' && proof.cryptosuite === undefined) return undefined;
      return typeof proof.cryptosuite === 'string' ? undefined : `cryptosuite ${JSON.stringify(proof.cryptosuite)}`;
    }),
  },
  {
    id: 'DI-2.1-created', source: `${DI} §2.1 Proofs`,
    text: 'The date and time the proof was created is OPTIONAL and, if included, MUST be specified as an [XMLSCHEMA11-2] dateTimeStamp string, either in Universal Coordinated Time (UTC), denoted by a Z at the end of the value, or with a time zone offset relative to UTC.',
    check: (c) => each(proofs(c), 'proof', (p) => (obj(p)?.created === undefined || isDateTimeStamp(obj(p)?.created) ? undefined : `created ${JSON.stringify(obj(p)?.created)}`)),
  },
  {
    id: 'EDDSA-proof-type', source: EDDSA, text: 'The type property MUST be DataIntegrityProof.',
    check: (c) => each(proofs(c), 'proof', (p) => (obj(p)?.type === 'DataIntegrityProof' ? undefined : `type ${JSON.stringify(obj(p)?.type)}`)),
  },
  {
    id: 'EDDSA-cryptosuite', source: EDDSA, text: 'The cryptosuite property of the proof MUST be eddsa-rdfc-2022 or eddsa-jcs-2022.',
    check: (c) => each(proofs(c), 'proof', (p) => (['eddsa-rdfc-2022', 'eddsa-jcs-2022'].includes(String(obj(p)?.cryptosuite)) ? undefined : `cryptosuite ${JSON.stringify(obj(p)?.cryptosuite)}`)),
  },
  {
    id: 'EDDSA-proof-value-base58btc', source: `${EDDSA}; ${DI} §2.1 Proofs (proofValue)`,
    text: 'The proofValue property of the proof MUST be a detached EdDSA signature produced according to [RFC8032], encoded using the base-58-btc header and alphabet as described in the Multibase section of Controller Documents 1.0.',
    check: (c) => each(proofs(c), 'proof', (p) => {
      const value = obj(p)?.proofValue;
      return typeof value === 'string' && /^z[1-9A-HJ-NP-Za-km-z]+$/.test(value) ? undefined : `proofValue ${JSON.stringify(value)}`;
    }),
  },
  {
    id: 'EDDSA-proof-value-64-bytes', source: `${EDDSA}; RFC 8032 §5.1.6 (an Ed25519 signature is 64 octets)`,
    text: 'The proofValue property of the proof MUST be a detached EdDSA signature produced according to [RFC8032] … (an Ed25519 signature: 64 bytes once base58btc-decoded)',
    check: (c) => each(proofs(c), 'proof', (p) => {
      const value = obj(p)?.proofValue;
      const bytes = typeof value === 'string' && value.startsWith('z') ? base58btcDecode(value.slice(1)) : undefined;
      return bytes?.length === 64 ? undefined : `decodes to ${bytes ? `${bytes.length} bytes` : 'nothing'}`;
    }),
  },
];

const OB_STATUS_DEVIATION = 'OB 3.0 allows one credentialStatus ([0..1]); a suspension entry as well as the revocation entry is an array. ' +
  'Valid VC 2.0 and allowed from OB 3.1 on; documented in src/credentials/status-list.ts, reported as a schema warning by our verifier.';

export const OB_RULES: readonly Rule[] = [
  {
    id: 'OB3-context', source: `${OB} §B.1.2 AchievementCredential (@context [2..*])`,
    text: "The value of the @context property MUST be an ordered set where the first item is a URI with the value 'https://www.w3.org/ns/credentials/v2', and the second item is a URI with the value 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'.",
    check: (c) => {
      const second = asArray(c['@context'])[1];
      return second === OB_V3_CONTEXT_URL ? undefined : `the second @context item is ${JSON.stringify(second)}, not ${OB_V3_CONTEXT_URL}`;
    },
  },
  {
    id: 'OB3-id', source: `${OB} §B.1.2 AchievementCredential (id URI [1])`, text: 'id: Unambiguous reference to the credential. [1] (a URI)',
    check: (c) => (isUrl(c.id) ? undefined : `id ${JSON.stringify(c.id)}`),
  },
  {
    id: 'OB3-type', source: `${OB} §B.1.2 AchievementCredential (type IRI [1..*])`,
    text: "The value of the type property MUST be an unordered set. One of the items MUST be the URI 'VerifiableCredential', and one of the items MUST be the URI 'AchievementCredential' or the URI 'OpenBadgeCredential'.",
    check: (c) => {
      const types = asArray(c.type);
      return types.includes('VerifiableCredential') && types.some((t) => t === 'OpenBadgeCredential' || t === 'AchievementCredential') ? undefined : `type ${JSON.stringify(c.type)}`;
    },
  },
  {
    id: 'OB3-issuer-profile-ref', source: `${OB} §B.1.2 AchievementCredential (issuer ProfileRef [1]), §B.1.20 ProfileRef, §B.1.14 Profile`,
    text: "issuer: Either a URI with the Unique URI for the Issuer/Profile file, or a Profile object MUST be supplied. Profile: id URI [1]; the value of the type property MUST be an unordered set. One of the items MUST be the IRI 'Profile'.",
    check: (c) => {
      if (typeof c.issuer === 'string') return isUrl(c.issuer) ? undefined : `issuer ${JSON.stringify(c.issuer)} is not a URI`;
      const issuer = obj(c.issuer);
      if (!issuer) return 'issuer is neither a URI nor a Profile object';
      return isUrl(issuer.id) && asArray(issuer.type).includes('Profile') ? undefined : `issuer id/type ${JSON.stringify([issuer.id, issuer.type])}`;
    },
  },
  {
    id: 'OB3-validFrom-required', source: `${OB} §B.1.2 AchievementCredential (validFrom DateTimeZ [1])`,
    text: 'validFrom: Timestamp of when the credential becomes valid. [1] (a DateTimeZ: a date-time with its time zone)',
    check: (c) => (isDateTimeStamp(c.validFrom) ? undefined : `validFrom ${JSON.stringify(c.validFrom)}`),
  },
  {
    id: 'OB3-subject-single', source: `${OB} §B.1.2 AchievementCredential (credentialSubject AchievementSubject [1])`,
    text: 'credentialSubject: The recipient of the achievement. [1] (one AchievementSubject object)',
    check: (c) => (obj(c.credentialSubject) ? undefined : 'credentialSubject is not a single object'),
  },
  {
    id: 'OB3-subject-type', source: `${OB} §B.1.3 AchievementSubject (type IRI [1..*])`,
    text: "The value of the type property MUST be an unordered set. One of the items MUST be the IRI 'AchievementSubject'.",
    check: (c) => (asArray(obj(c.credentialSubject)?.type).includes('AchievementSubject') ? undefined : 'no AchievementSubject type'),
  },
  {
    id: 'OB3-subject-identified', source: `${OB} §B.1.3 AchievementSubject (id, identifier)`,
    text: 'Either id or at least one identifier MUST be supplied.',
    check: (c) => {
      const s = obj(c.credentialSubject) ?? {};
      return s.id !== undefined || asArray(s.identifier).length > 0 ? undefined : 'neither id nor identifier';
    },
  },
  {
    id: 'OB3-subject-identifier-entries', source: `${OB} §B.1.12 IdentityObject`,
    text: "type: MUST be the IRI 'IdentityObject'. [1]; hashed Boolean [1]; identityHash [1]; identityType [1]",
    check: (c) => each(asArray(obj(c.credentialSubject)?.identifier), 'identifier', (i) => {
      const e = obj(i) ?? {};
      return e.type === 'IdentityObject' && typeof e.identityHash === 'string' && typeof e.identityType === 'string' && typeof e.hashed === 'boolean'
        ? undefined : JSON.stringify(e);
    }),
  },
  {
    id: 'OB3-achievement-present', source: `${OB} §B.1.3 AchievementSubject (achievement Achievement [1])`,
    text: 'achievement: The achievement being awarded. [1]',
    check: (c) => (achievementOf(c) ? undefined : 'no achievement'),
  },
  {
    id: 'OB3-achievement-id-type', source: `${OB} §B.1.1 Achievement (id URI [1], type IRI [1..*])`,
    text: "id: Unique URI for the Achievement. [1]; type: The type MUST include the IRI 'Achievement'. [1..*]",
    check: (c) => {
      const a = achievementOf(c) ?? {};
      return isUrl(a.id) && asArray(a.type).includes('Achievement') ? undefined : `id/type ${JSON.stringify([a.id, a.type])}`;
    },
  },
  {
    id: 'OB3-achievement-name-description', source: `${OB} §B.1.1 Achievement (name String [1], description String [1])`,
    text: 'description: A short description of the achievement. [1]; name: The name of the achievement. [1]',
    check: (c) => {
      const a = achievementOf(c) ?? {};
      return typeof a.name === 'string' && typeof a.description === 'string' ? undefined : 'name or description missing';
    },
  },
  {
    id: 'OB3-achievement-criteria', source: `${OB} §B.1.1 Achievement (criteria Criteria [1])`,
    text: 'criteria: Criteria describing how to earn the achievement. [1]',
    check: (c) => (obj(achievementOf(c)?.criteria) ? undefined : 'no criteria object'),
  },
  {
    id: 'OB3-result-description', source: `${OB} §B.1.16 Result`,
    text: "type: … One of the items MUST be the IRI 'Result'. resultDescription: … The value of resultDescription is the id of the result description linked to this result. The linked result description must be in the achievement that is being asserted.",
    check: (c) => {
      const known = asArray(achievementOf(c)?.resultDescription).map((d) => obj(d)?.id);
      return each(asArray(obj(c.credentialSubject)?.result), 'result', (r) => {
        const e = obj(r) ?? {};
        if (!asArray(e.type).includes('Result')) return 'type lacks Result';
        return e.resultDescription === undefined || known.includes(e.resultDescription) ? undefined : `unknown resultDescription ${String(e.resultDescription)}`;
      });
    },
  },
  {
    id: 'OB3-proof-array', source: `${OB_SCHEMA} ("proof": {"type": "array"}); ${OB} §B.1.24 Proof (type IRI [1])`,
    text: 'proof, when present, is an array of Proof objects, each with a type (Signature suite used to produce proof. [1])',
    check: (c) => (c.proof === undefined || (Array.isArray(c.proof) && c.proof.every((p) => typeof obj(p)?.type === 'string')) ? undefined : 'proof is not an array of typed proofs'),
  },
  {
    id: 'OB3-proof-purpose', source: `${OB} §B.1.24 Proof (proofPurpose String [0..1])`,
    text: "proofPurpose: The purpose of the proof to be used with verificationMethod. MUST be 'assertionMethod'.",
    check: (c) => each(proofs(c), 'proof', (p) => (obj(p)?.proofPurpose === undefined || obj(p)?.proofPurpose === 'assertionMethod' ? undefined : `proofPurpose ${JSON.stringify(obj(p)?.proofPurpose)}`)),
  },
  {
    id: 'OB3-credential-schema', source: `${OB} §B.1.21 CredentialSchema`,
    text: "id: … One instance of CredentialSchema MUST have an id that is the URL of the JSON Schema for this credential defined by this specification. type: … One instance of CredentialSchema MUST have a type of '1EdTechJsonSchemaValidator2019'. (applies when credentialSchema is present: it is [0..*])",
    check: (c) => (c.credentialSchema === undefined
      || asArray(c.credentialSchema).some((s) => obj(s)?.id === OB_V3_SCHEMA_URL && obj(s)?.type === '1EdTechJsonSchemaValidator2019')
      ? undefined : `no credentialSchema entry {id: ${OB_V3_SCHEMA_URL}, type: 1EdTechJsonSchemaValidator2019}`),
  },
  {
    id: 'OB3-credential-status-single', source: `${OB} §B.1.2 AchievementCredential (credentialStatus CredentialStatus [0..1]); ${OB_SCHEMA}`,
    text: 'credentialStatus: The information in CredentialStatus is used to discover information about the current status of a verifiable credential … [0..1]',
    deviation: OB_STATUS_DEVIATION,
    check: (c) => (c.credentialStatus === undefined || obj(c.credentialStatus) ? undefined : 'credentialStatus is an array'),
  },
];

/** Our own profile: stricter than the specifications, never presented as theirs. */
export const PROFILE_RULES: readonly Rule[] = [
  {
    id: 'PROFILE-name', source: `${PROFILE}; ${OB} §B.1.2 lists name String [0..1], ${VC} §4.6 makes it OPTIONAL`,
    text: 'Our credentials carry a non-empty plain-string name (the name of the credential for display purposes in wallets)',
    check: (c) => (typeof c.name === 'string' && c.name.trim() !== '' ? undefined : `name ${JSON.stringify(c.name)}`),
  },
  {
    id: 'PROFILE-issuer-object', source: `${PROFILE}; ${OB} §B.1.20 ProfileRef also allows a bare URI`,
    text: 'The issuer is embedded as a Profile object (it carries the awarding body, its country and its identifiers for Annex I)',
    check: (c) => (obj(c.issuer) ? undefined : 'issuer is not an object'),
  },
  {
    id: 'PROFILE-verification-method-of-issuer', source: `${PROFILE}; see ${DI} §5.9 Verification Method Binding`,
    text: "The proof's verificationMethod is a key (a fragment) of the issuer's own DID",
    check: (c) => each(proofs(c), 'proof', (p) => {
      const vm = String(obj(p)?.verificationMethod);
      return vm.split('#')[0] === issuerId(c) && vm.includes('#') ? undefined : `verificationMethod ${vm} is not a key of the issuer ${String(issuerId(c))}`;
    }),
  },
  {
    id: 'PROFILE-cryptosuite-rdfc', source: `${PROFILE}; ${EDDSA} also allows eddsa-jcs-2022`,
    text: 'We sign with the eddsa-rdfc-2022 cryptosuite (RDF Dataset Canonicalization), not eddsa-jcs-2022',
    check: (c) => each(proofs(c), 'proof', (p) => (obj(p)?.cryptosuite === 'eddsa-rdfc-2022' ? undefined : `cryptosuite ${JSON.stringify(obj(p)?.cryptosuite)}`)),
  },
  {
    id: 'PROFILE-criteria-id-or-narrative', source: `${PROFILE}; ${OB} §B.1.6 Criteria has id [0..1] and narrative [0..1], neither required`,
    text: 'The achievement criteria carry a URI (id) or a non-empty narrative',
    check: (c) => {
      const criteria = obj(achievementOf(c)?.criteria);
      if (!criteria) return 'no criteria';
      return isUrl(criteria.id) || (typeof criteria.narrative === 'string' && criteria.narrative !== '') ? undefined : 'criteria without id or narrative';
    },
  },
  {
    id: 'PROFILE-achievement-type-micro', source: `${PROFILE}; ${OB} §B.1.28 AchievementType enumeration (achievementType is [0..1])`,
    text: 'A micro-credential achievement has achievementType MicroCredential ("Credential that addresses a subset of field-specific knowledge, skills, or competencies; …")',
    check: (c) => (achievementOf(c)?.achievementType === 'MicroCredential' ? undefined : `achievementType ${JSON.stringify(achievementOf(c)?.achievementType)}`),
  },
];

/**
 * Annex I mandatory elements, checked by src/credentials/elements.ts (the verifier's own check). Labels follow the
 * Annex I list as transcribed; the official text could not be compared (see the top of this file).
 */
const ANNEX_I: ReadonlyArray<readonly [string, string]> = [
  ['learner', '(1) Identification of the learner'],
  ['title', '(2) Title of the micro-credential'],
  ['issuerCountry', '(3) Country(ies)/Region(s) of the issuer'],
  ['awardingBody', '(4) Awarding body(ies)'],
  ['issuedAt', '(5) Date of issuing'],
  ['learningOutcomes', '(6) Learning outcomes'],
  ['workload', '(7) Notional workload needed to achieve the learning outcomes (in European Credit Transfer and Accumulation System – ECTS, wherever possible)'],
  ['level', '(8) Level (and cycle, if applicable) of the learning experience leading to the micro-credential (EQF, QF-EHEA), if applicable'],
  ['assessmentType', '(9) Type of assessment'],
  ['participationMode', '(10) Form of participation in the learning activity'],
  ['qualityAssurance', '(11) Type of quality assurance used to underpin the micro-credential'],
];

export const EU_RULES: readonly Rule[] = ANNEX_I.map(([key, label]) => ({
  id: `EU-AnnexI-${key}`,
  source: `${EU}, mandatory element (text not verified against EUR-Lex)`,
  text: `The micro-credential MUST state: ${label}`,
  check: (c: JsonObject) => {
    const element = mandatoryElements(c).find((e) => e.key === key);
    if (!element) return `no element check ${key}`;
    return element.present ? undefined : `${element.label.en} is missing`;
  },
}));

export const RULES: readonly Rule[] = [...VC_RULES, ...STATUS_LIST_RULES, ...DI_RULES, ...OB_RULES, ...PROFILE_RULES, ...EU_RULES];

/** The rules `credential` breaks, with their messages. */
export function failures(credential: JsonObject, rules: readonly Rule[] = RULES): Array<{ rule: Rule; message: string }> {
  const out: Array<{ rule: Rule; message: string }> = [];
  for (const rule of rules) {
    const message = rule.check(credential);
    if (message !== undefined) out.push({ rule, message });
  }
  return out;
}

/** The failure message of one rule: its id and source first. */
export function explain(rule: Rule, message: string): string {
  return `[${rule.id}] (${rule.source}) ${rule.text}: ${message}`;
}
