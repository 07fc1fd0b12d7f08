/**
 * The conformance checklist (issue 7): one small, precise rule per normative statement we implement, from the W3C
 * Verifiable Credentials Data Model 2.0 (§4), Data Integrity 1.0 with the `eddsa-rdfc-2022` cryptosuite, Open
 * Badges 3.0 and the EU Council Recommendation on micro-credentials (Annex I). A rule's `check` returns a message
 * when the credential breaks it, `undefined` when it holds. `deviation` marks a rule we knowingly break in some
 * configurations, with the reason; the suite asserts that a deviation is the only failure.
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

/** A string or a language value object (`@value`, optional `@language` / `@direction`), as VC 2.0 §11.1 allows. */
function isTextValue(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  const o = obj(value);
  return o !== undefined && typeof o['@value'] === 'string' && Object.keys(o).every((k) => ['@value', '@language', '@direction'].includes(k));
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

/** The first failure of `test` over `items`, labelled by index. */
function each(items: readonly unknown[], label: string, test: (item: unknown) => string | undefined): string | undefined {
  for (const [i, item] of items.entries()) {
    const problem = test(item);
    if (problem) return `${label}[${i}]: ${problem}`;
  }
  return undefined;
}

const VC = 'VC DM 2.0';
const DI = 'VC Data Integrity 1.0';
const EDDSA = 'VC DI EdDSA Cryptosuites 1.0 (eddsa-rdfc-2022)';
const OB = 'Open Badges 3.0';
const EU = 'Council Recommendation 2022/C 243/02, Annex I';

export const VC_RULES: readonly Rule[] = [
  {
    id: 'VC2-4.3-context-present', source: `${VC} §4.3`, text: 'Verifiable credentials MUST include a @context property',
    check: (c) => (c['@context'] === undefined ? '@context is missing' : undefined),
  },
  {
    id: 'VC2-4.3-context-ordered-set', source: `${VC} §4.3`, text: 'The value of the @context property MUST be an ordered set',
    check: (c) => (Array.isArray(c['@context']) ? undefined : `@context is ${typeof c['@context']}, not an array`),
  },
  {
    id: 'VC2-4.3-context-first', source: `${VC} §4.3`,
    text: 'The first item of @context MUST be the URL https://www.w3.org/ns/credentials/v2',
    check: (c) => {
      const first = asArray(c['@context'])[0];
      return first === VC_V2_CONTEXT_URL ? undefined : `the first @context item is ${JSON.stringify(first)}`;
    },
  },
  {
    id: 'VC2-4.3-context-items', source: `${VC} §4.3`,
    text: 'Subsequent items of @context MUST be composed of any combination of URLs and/or objects',
    check: (c) => each(asArray(c['@context']).slice(1), '@context', (x) => (isUrl(x) || obj(x) ? undefined : `${JSON.stringify(x)} is neither a URL nor an object`)),
  },
  {
    id: 'VC2-4.3-context-unique', source: `${VC} §4.3`, text: 'The @context ordered set MUST NOT repeat a URL (it is a set)',
    check: (c) => {
      const urls = asArray(c['@context']).filter((x) => typeof x === 'string');
      const dup = urls.find((u, i) => urls.indexOf(u) !== i);
      return dup === undefined ? undefined : `${String(dup)} appears twice`;
    },
  },
  {
    id: 'VC2-4.4-id-url', source: `${VC} §4.4`,
    text: 'If present, the value of the id property MUST be a single URL',
    check: (c) => (c.id === undefined || isUrl(c.id) ? undefined : `id ${JSON.stringify(c.id)} is not a single URL`),
  },
  {
    id: 'VC2-4.5-type-present', source: `${VC} §4.5`, text: 'Verifiable credentials MUST contain a type property',
    check: (c) => (asArray(c.type).length > 0 ? undefined : 'type is missing or empty'),
  },
  {
    id: 'VC2-4.5-type-vc', source: `${VC} §4.5`,
    text: 'The type property of a verifiable credential MUST include VerifiableCredential',
    check: (c) => (asArray(c.type).includes('VerifiableCredential') ? undefined : `type ${JSON.stringify(c.type)} lacks VerifiableCredential`),
  },
  {
    id: 'VC2-4.5-type-terms', source: `${VC} §4.5`,
    text: 'The value of type MUST be one or more terms and/or absolute URL strings',
    check: (c) => each(asArray(c.type), 'type', (t) => (typeof t === 'string' && t.trim() !== '' && !/\s/.test(t) ? undefined : `${JSON.stringify(t)} is not a term or URL`)),
  },
  {
    id: 'VC2-4.5-type-subject', source: `${VC} §4.5`,
    text: 'Objects with a type (credentialSubject, credentialStatus, credentialSchema, proof) use terms or URLs as type values',
    check: (c) => {
      const objects = [...subjects(c), ...asArray(c.credentialStatus), ...asArray(c.credentialSchema), ...proofs(c)];
      return each(objects, 'typed object', (o) => each(asArray(obj(o)?.type), 'type', (t) => (typeof t === 'string' && t !== '' ? undefined : `${JSON.stringify(t)} is not a term`)));
    },
  },
  {
    id: 'VC2-4.6-name', source: `${VC} §4.6`,
    text: 'If present, the value of name MUST be a string or a language value object',
    check: (c) => (c.name === undefined || isTextValue(c.name) ? undefined : `name ${JSON.stringify(c.name)}`),
  },
  {
    id: 'VC2-4.6-description', source: `${VC} §4.6`,
    text: 'If present, the value of description MUST be a string or a language value object',
    check: (c) => (c.description === undefined || isTextValue(c.description) ? undefined : `description ${JSON.stringify(c.description)}`),
  },
  {
    id: 'VC2-4.7-issuer-present', source: `${VC} §4.7`, text: 'A verifiable credential MUST have an issuer property',
    check: (c) => (c.issuer === undefined ? 'issuer is missing' : undefined),
  },
  {
    id: 'VC2-4.7-issuer-url', source: `${VC} §4.7`,
    text: 'The value of issuer MUST be either a URL or an object containing an id property whose value is a URL',
    check: (c) => (isUrl(issuerId(c)) ? undefined : `issuer id ${JSON.stringify(issuerId(c))} is not a URL`),
  },
  {
    id: 'VC2-4.8-subject-present', source: `${VC} §4.8`,
    text: 'A verifiable credential MUST contain a credentialSubject property',
    check: (c) => (subjects(c).length > 0 ? undefined : 'credentialSubject is missing'),
  },
  {
    id: 'VC2-4.8-subject-objects', source: `${VC} §4.8`,
    text: 'The value of credentialSubject MUST be a set of one or more objects, each with at least one claim',
    check: (c) => each(subjects(c), 'credentialSubject', (s) => (obj(s) && Object.keys(obj(s) ?? {}).some((k) => k !== 'id') ? undefined : 'not an object with claims')),
  },
  {
    id: 'VC2-4.8-subject-id-url', source: `${VC} §4.8`,
    text: 'If present, the id of a credential subject MUST be a URL',
    check: (c) => each(subjects(c), 'credentialSubject', (s) => (obj(s)?.id === undefined || isUrl(obj(s)?.id) ? undefined : `id ${JSON.stringify(obj(s)?.id)}`)),
  },
  {
    id: 'VC2-4.9-validFrom', source: `${VC} §4.9`,
    text: 'If present, the value of validFrom MUST be an xsd:dateTimeStamp string value',
    check: (c) => (c.validFrom === undefined || isDateTimeStamp(c.validFrom) ? undefined : `validFrom ${JSON.stringify(c.validFrom)}`),
  },
  {
    id: 'VC2-4.9-validUntil', source: `${VC} §4.9`,
    text: 'If present, the value of validUntil MUST be an xsd:dateTimeStamp string value',
    check: (c) => (c.validUntil === undefined || isDateTimeStamp(c.validUntil) ? undefined : `validUntil ${JSON.stringify(c.validUntil)}`),
  },
  {
    id: 'VC2-4.9-validity-order', source: `${VC} §4.9`,
    text: 'If validFrom and validUntil are both present, validFrom MUST be temporally the same or earlier than validUntil',
    check: (c) => (typeof c.validFrom === 'string' && typeof c.validUntil === 'string' && Date.parse(c.validFrom) > Date.parse(c.validUntil)
      ? `validFrom ${c.validFrom} is after validUntil ${c.validUntil}` : undefined),
  },
  {
    id: 'VC2-4.10-status-type', source: `${VC} §4.10`,
    text: 'Each credentialStatus object MUST specify its type',
    check: (c) => each(asArray(c.credentialStatus), 'credentialStatus', (s) => (obj(s) && asArray(obj(s)?.type).length > 0 ? undefined : 'no type')),
  },
  {
    id: 'VC2-4.10-status-id-url', source: `${VC} §4.10`,
    text: 'If present, the id of a credentialStatus object MUST be a URL',
    check: (c) => each(asArray(c.credentialStatus), 'credentialStatus', (s) => (obj(s)?.id === undefined || isUrl(obj(s)?.id) ? undefined : `id ${JSON.stringify(obj(s)?.id)}`)),
  },
  {
    id: 'VC2-4.10-status-bitstring', source: 'VC Bitstring Status List 1.0 §2.1',
    text: 'A BitstringStatusListEntry MUST have statusPurpose, statusListIndex (an integer as a string) and statusListCredential (a URL)',
    check: (c) => each(asArray(c.credentialStatus), 'credentialStatus', (s) => {
      const e = obj(s) ?? {};
      if (!asArray(e.type).includes('BitstringStatusListEntry')) return undefined;
      if (typeof e.statusPurpose !== 'string' || e.statusPurpose === '') return 'no statusPurpose';
      if (typeof e.statusListIndex !== 'string' || !/^\d+$/.test(e.statusListIndex)) return `statusListIndex ${JSON.stringify(e.statusListIndex)}`;
      return isUrl(e.statusListCredential) ? undefined : `statusListCredential ${JSON.stringify(e.statusListCredential)}`;
    }),
  },
  {
    id: 'VC2-4.11-schema-id-type', source: `${VC} §4.11`,
    text: 'Each credentialSchema MUST specify its type and an id property whose value is a URL',
    check: (c) => each(asArray(c.credentialSchema), 'credentialSchema', (s) => {
      const e = obj(s);
      if (!e) return 'not an object';
      if (!isUrl(e.id)) return `id ${JSON.stringify(e.id)} is not a URL`;
      return asArray(e.type).length > 0 ? undefined : 'no type';
    }),
  },
  {
    id: 'VC2-4.12-secured', source: `${VC} §4.12`,
    text: 'A verifiable credential MUST be secured by at least one securing mechanism (here an embedded proof)',
    check: (c) => (proofs(c).length > 0 ? undefined : 'no proof'),
  },
];

export const DI_RULES: readonly Rule[] = [
  {
    id: 'DI-2.1-proof-type', source: `${DI} §2.1`, text: 'The type of a Data Integrity proof MUST be DataIntegrityProof',
    check: (c) => each(proofs(c), 'proof', (p) => (obj(p)?.type === 'DataIntegrityProof' ? undefined : `type ${JSON.stringify(obj(p)?.type)}`)),
  },
  {
    id: 'DI-2.1-cryptosuite', source: EDDSA,
    text: 'The cryptosuite property of the proof MUST be the string eddsa-rdfc-2022',
    check: (c) => each(proofs(c), 'proof', (p) => (obj(p)?.cryptosuite === 'eddsa-rdfc-2022' ? undefined : `cryptosuite ${JSON.stringify(obj(p)?.cryptosuite)}`)),
  },
  {
    id: 'DI-2.1-proof-purpose', source: `${DI} §2.1`,
    text: 'The proofPurpose of a credential proof MUST be assertionMethod',
    check: (c) => each(proofs(c), 'proof', (p) => (obj(p)?.proofPurpose === 'assertionMethod' ? undefined : `proofPurpose ${JSON.stringify(obj(p)?.proofPurpose)}`)),
  },
  {
    id: 'DI-2.1-verification-method', source: `${DI} §2.1`,
    text: 'The verificationMethod MUST be a URL that dereferences to a key controlled by the issuer',
    check: (c) => each(proofs(c), 'proof', (p) => {
      const vm = obj(p)?.verificationMethod;
      if (!isUrl(vm)) return `verificationMethod ${JSON.stringify(vm)} is not a URL`;
      return String(vm).split('#')[0] === issuerId(c) && String(vm).includes('#') ? undefined : `verificationMethod ${String(vm)} is not a key of the issuer ${String(issuerId(c))}`;
    }),
  },
  {
    id: 'DI-2.1-created', source: `${DI} §2.1`,
    text: 'If present, created MUST be an xsd:dateTimeStamp',
    check: (c) => each(proofs(c), 'proof', (p) => (obj(p)?.created === undefined || isDateTimeStamp(obj(p)?.created) ? undefined : `created ${JSON.stringify(obj(p)?.created)}`)),
  },
  {
    id: 'DI-2.1-proof-value-multibase', source: `${DI} §2.1`,
    text: 'proofValue MUST be a multibase-encoded string (base58btc: a leading z)',
    check: (c) => each(proofs(c), 'proof', (p) => {
      const value = obj(p)?.proofValue;
      return typeof value === 'string' && /^z[1-9A-HJ-NP-Za-km-z]+$/.test(value) ? undefined : `proofValue ${JSON.stringify(value)}`;
    }),
  },
  {
    id: 'DI-eddsa-proof-value-64-bytes', source: EDDSA,
    text: 'The eddsa-rdfc-2022 proofValue is the base58btc encoding of a 64-byte Ed25519 signature',
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
    id: 'OB3-type', source: `${OB} §B.1.1 AchievementCredential`,
    text: 'type MUST include OpenBadgeCredential (or AchievementCredential)',
    check: (c) => (asArray(c.type).some((t) => t === 'OpenBadgeCredential' || t === 'AchievementCredential') ? undefined : `type ${JSON.stringify(c.type)}`),
  },
  {
    id: 'OB3-context', source: `${OB} §B.1.1`, text: '@context MUST include the OB 3.0 context after the VC 2.0 context',
    check: (c) => (asArray(c['@context']).indexOf(OB_V3_CONTEXT_URL) >= 1 ? undefined : `no ${OB_V3_CONTEXT_URL} after the VC context`),
  },
  {
    id: 'OB3-id', source: `${OB} §B.1.1`, text: 'id is required [1] and MUST be a URI',
    check: (c) => (isUrl(c.id) ? undefined : `id ${JSON.stringify(c.id)}`),
  },
  {
    id: 'OB3-name', source: `${OB} §B.1.1`, text: 'name is required [1]: the name of the credential for display',
    check: (c) => (typeof c.name === 'string' && c.name.trim() !== '' ? undefined : 'no name'),
  },
  {
    id: 'OB3-issuer-profile', source: `${OB} §B.1.1 / Profile`,
    text: 'issuer MUST be a Profile: an object with an id (URI) and a type including Profile',
    check: (c) => {
      const issuer = obj(c.issuer);
      if (!issuer) return 'issuer is not an object';
      return isUrl(issuer.id) && asArray(issuer.type).includes('Profile') ? undefined : `issuer id/type ${JSON.stringify([issuer.id, issuer.type])}`;
    },
  },
  {
    id: 'OB3-validFrom-required', source: `${OB} §B.1.1`, text: 'validFrom is required [1] (a DateTimeZ)',
    check: (c) => (isDateTimeStamp(c.validFrom) ? undefined : `validFrom ${JSON.stringify(c.validFrom)}`),
  },
  {
    id: 'OB3-subject-single', source: `${OB} §B.1.1`, text: 'credentialSubject is one AchievementSubject [1]',
    check: (c) => (obj(c.credentialSubject) ? undefined : 'credentialSubject is not a single object'),
  },
  {
    id: 'OB3-subject-type', source: `${OB} §B.1.2 AchievementSubject`,
    text: 'The type of the credential subject MUST include AchievementSubject',
    check: (c) => (asArray(obj(c.credentialSubject)?.type).includes('AchievementSubject') ? undefined : 'no AchievementSubject type'),
  },
  {
    id: 'OB3-subject-identified', source: `${OB} §B.1.2`,
    text: 'Either id or at least one identifier MUST be supplied for the subject',
    check: (c) => {
      const s = obj(c.credentialSubject) ?? {};
      return s.id !== undefined || asArray(s.identifier).length > 0 ? undefined : 'neither id nor identifier';
    },
  },
  {
    id: 'OB3-subject-identifier-entries', source: `${OB} IdentityObject`,
    text: 'Each identifier is an IdentityObject with identityHash, identityType and a boolean hashed',
    check: (c) => each(asArray(obj(c.credentialSubject)?.identifier), 'identifier', (i) => {
      const e = obj(i) ?? {};
      return e.type === 'IdentityObject' && typeof e.identityHash === 'string' && typeof e.identityType === 'string' && typeof e.hashed === 'boolean'
        ? undefined : JSON.stringify(e);
    }),
  },
  {
    id: 'OB3-achievement-present', source: `${OB} §B.1.2`, text: 'The subject MUST have an achievement [1]',
    check: (c) => (achievementOf(c) ? undefined : 'no achievement'),
  },
  {
    id: 'OB3-achievement-id-type', source: `${OB} §B.1.3 Achievement`,
    text: 'The achievement MUST have an id (URI) and a type including Achievement',
    check: (c) => {
      const a = achievementOf(c) ?? {};
      return isUrl(a.id) && asArray(a.type).includes('Achievement') ? undefined : `id/type ${JSON.stringify([a.id, a.type])}`;
    },
  },
  {
    id: 'OB3-achievement-name-description', source: `${OB} §B.1.3`,
    text: 'The achievement MUST have a name and a description',
    check: (c) => {
      const a = achievementOf(c) ?? {};
      return typeof a.name === 'string' && a.name !== '' && typeof a.description === 'string' && a.description !== '' ? undefined : 'name or description missing';
    },
  },
  {
    id: 'OB3-achievement-criteria', source: `${OB} §B.1.3 / Criteria`,
    text: 'The achievement MUST have criteria with an id or a narrative',
    check: (c) => {
      const criteria = obj(achievementOf(c)?.criteria);
      if (!criteria) return 'no criteria';
      return isUrl(criteria.id) || (typeof criteria.narrative === 'string' && criteria.narrative !== '') ? undefined : 'criteria without id or narrative';
    },
  },
  {
    id: 'OB3-achievement-type-micro', source: `${OB} AchievementType enumeration`,
    text: 'A micro-credential achievement has achievementType MicroCredential',
    check: (c) => (achievementOf(c)?.achievementType === 'MicroCredential' ? undefined : `achievementType ${JSON.stringify(achievementOf(c)?.achievementType)}`),
  },
  {
    id: 'OB3-result-description', source: `${OB} Result`,
    text: 'Each result names its ResultDescription (resultDescription = the id of one of the achievement resultDescription entries)',
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
    id: 'OB3-proof-array', source: `${OB} JSON Schema (ob_v3p0_achievementcredential_schema.json)`,
    text: 'proof, when present, is an array of Proof objects with type',
    check: (c) => (c.proof === undefined || (Array.isArray(c.proof) && c.proof.every((p) => typeof obj(p)?.type === 'string')) ? undefined : 'proof is not an array of typed proofs'),
  },
  {
    id: 'OB3-credential-schema', source: `${OB} CredentialSchema`,
    text: `credentialSchema lists the OB 3.0 schema ${OB_V3_SCHEMA_URL} with type 1EdTechJsonSchemaValidator2019`,
    check: (c) => (asArray(c.credentialSchema).some((s) => obj(s)?.id === OB_V3_SCHEMA_URL && obj(s)?.type === '1EdTechJsonSchemaValidator2019')
      ? undefined : 'the OB 3.0 schema is not listed'),
  },
  {
    id: 'OB3-credential-status-single', source: `${OB} §B.1.1 (credentialStatus [0..1]) / JSON Schema`,
    text: 'credentialStatus, when present, is a single CredentialStatus object',
    deviation: OB_STATUS_DEVIATION,
    check: (c) => (c.credentialStatus === undefined || obj(c.credentialStatus) ? undefined : 'credentialStatus is an array'),
  },
];

/** Annex I mandatory elements, checked by src/credentials/elements.ts (the verifier's own check). */
const ANNEX_I: ReadonlyArray<readonly [string, string]> = [
  ['learner', 'Identification of the learner'],
  ['title', 'Title of the micro-credential'],
  ['issuerCountry', 'Country/region of the issuer'],
  ['awardingBody', 'Awarding body'],
  ['issuedAt', 'Date of issuing'],
  ['learningOutcomes', 'Learning outcomes'],
  ['workload', 'Notional workload needed to achieve the learning outcomes (in ECTS, wherever possible)'],
  ['level', 'Level (and cycle) of the learning experience leading to the micro-credential (EQF, QF-EHEA), if applicable'],
  ['assessmentType', 'Type of assessment'],
  ['participationMode', 'Form of participation in the learning activity'],
  ['qualityAssurance', 'Type of quality assurance used to underpin the micro-credential'],
];

export const EU_RULES: readonly Rule[] = ANNEX_I.map(([key, label]) => ({
  id: `EU-AnnexI-${key}`,
  source: `${EU}, mandatory element`,
  text: `The micro-credential MUST state: ${label}`,
  check: (c: JsonObject) => {
    const element = mandatoryElements(c).find((e) => e.key === key);
    if (!element) return `no element check ${key}`;
    return element.present ? undefined : `${element.label.en} is missing`;
  },
}));

export const RULES: readonly Rule[] = [...VC_RULES, ...DI_RULES, ...OB_RULES, ...EU_RULES];

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
