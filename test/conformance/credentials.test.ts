/**
 * Conformance suite (issue 7): our credentials through every check we can run offline — the checklist of
 * rules.ts (VC DM 2.0, Data Integrity / eddsa-rdfc-2022, Open Badges 3.0, EU Annex I), the official OB 3.0 JSON
 * Schema, the reference library verifier (@digitalbazaar/vc with the plain cryptosuite), our own verifier, and the
 * ELM SHACL shapes for the ELM exports. Every failure names the rule id and its source.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import QRCode from 'qrcode';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import {
  didWebDocument, issueMicroCredential, OB_V3_SCHEMA_URL, OfflineDidResolver, statusEntry, validateOpenBadge, VC_V2_CONTEXT_URL, verifyCredential,
  type IssuerKey, type JsonObject, type StatusEntry,
} from '../../src/credentials/index.ts';
import { validateSpecification, type Specification } from '../../src/model/index.ts';
import { buildElmSpecification } from '../../src/formats/elm.ts';
import { buildElmCredential } from '../../src/formats/elm-credential.ts';
import { award, newKey, plainCryptosuite, referenceLoader, specification } from '../fixtures.ts';
import { shacl } from '../elm-shacl.ts';
import { explain, failures, RULES, type Rule } from './rules.ts';

const NOW = new Date('2026-07-01T10:00:00Z');
const LIST = 'https://uni.example.pl/status/1';
const DID_WEB = 'did:web:uni.example.pl';

interface Variant {
  readonly name: string;
  readonly language?: 'pl' | 'en';
  readonly grade?: boolean;
  readonly status?: StatusEntry[];
  readonly controller?: string;
  /** Rules this variant knowingly breaks (each one has a `deviation` in rules.ts). */
  readonly deviations?: readonly string[];
}

const VARIANTS: readonly Variant[] = [
  { name: 'Polish, did:key, with grade' },
  { name: 'English language', language: 'en' },
  { name: 'without grade', grade: false },
  { name: 'revocation status entry', status: [statusEntry(LIST, 7, 'revocation')] },
  {
    name: 'revocation and suspension status entries',
    status: [statusEntry(LIST, 8, 'revocation'), statusEntry(`${LIST}-suspension`, 8, 'suspension')],
    deviations: ['OB3-credential-status-single'],
  },
  { name: 'did:web controller', controller: DID_WEB },
];

interface Issued {
  readonly variant: Variant;
  readonly key: IssuerKey;
  readonly credential: JsonObject;
}

async function issue(variant: Variant): Promise<Issued> {
  const { key } = await newKey(variant.controller);
  const awardJson = award();
  if (variant.grade === false) delete (awardJson.result as JsonObject).grade;
  const result = await issueMicroCredential({
    specification: specification(), award: awardJson, key,
    options: { now: NOW, ...(variant.language ? { language: variant.language } : {}), ...(variant.status ? { status: variant.status } : {}) },
  });
  assert.ok(result.ok, `issuance failed (${variant.name}): ${JSON.stringify(!result.ok && result.problems)}`);
  return { variant, key, credential: result.credential };
}

const issued: readonly Issued[] = await Promise.all(VARIANTS.map(issue));

function parsedSpec(): Specification {
  const spec = validateSpecification(specification());
  assert.ok(spec.ok, 'the example specification is valid');
  return spec.value;
}

/** The reference library's loader, answering a did:web issuer's key from its DID document (no network). */
function referenceLoaderFor(key: IssuerKey): vc.DocumentLoader {
  const offline = referenceLoader();
  if (!key.controller.startsWith('did:web:')) return offline;
  const document = didWebDocument(key.controller, [key]);
  return async (url: string) => {
    if (!url.startsWith(key.controller)) return offline(url);
    const methods = (document.verificationMethod ?? []) as JsonObject[];
    const method = methods.find((m) => m.id === url);
    return { contextUrl: null, documentUrl: url, document: method ? { '@context': document['@context'], ...method } : document };
  };
}

function checkRule(rule: Rule, item: Issued): void {
  const message = rule.check(item.credential);
  if (message === undefined) {
    assert.ok(!item.variant.deviations?.includes(rule.id), `[${rule.id}] (${rule.source}) is listed as a deviation of "${item.variant.name}" but holds: remove it`);
    return;
  }
  if (rule.deviation && item.variant.deviations?.includes(rule.id)) return;
  assert.fail(explain(rule, message));
}

describe('conformance checklist', () => {
  it(`has unique rule ids, each with a source and a text (${RULES.length} rules)`, () => {
    assert.equal(new Set(RULES.map((r) => r.id)).size, RULES.length, 'duplicate rule ids');
    for (const rule of RULES) assert.ok(rule.source && rule.text, `[${rule.id}] lacks a source or a text`);
  });

  for (const item of issued) {
    describe(`credential: ${item.variant.name}`, () => {
      for (const rule of RULES) {
        it(`${rule.id}: ${rule.text}`, () => checkRule(rule, item));
      }

      it('the documented deviations are its only failures', () => {
        const ids = failures(item.credential).map((f) => f.rule.id);
        assert.deepEqual(ids, [...(item.variant.deviations ?? [])], failures(item.credential).map((f) => explain(f.rule, f.message)).join('\n'));
        for (const id of ids) assert.ok(RULES.find((r) => r.id === id)?.deviation, `${id} is not a documented deviation`);
      });

      it('passes the official OB 3.0 JSON Schema (apart from documented deviations)', () => {
        const result = validateOpenBadge(item.credential);
        if (item.variant.deviations?.includes('OB3-credential-status-single')) {
          assert.equal(result.valid, false, 'the OB 3.0 schema should reject an array of credentialStatus');
          const other = result.errors.filter((e) => !e.instancePath.startsWith('/credentialStatus'));
          assert.deepEqual(other, [], `[OB3-schema] (Open Badges 3.0 JSON Schema) errors beyond the documented credentialStatus deviation`);
          return;
        }
        assert.ok(result.valid, `[OB3-schema] (Open Badges 3.0 JSON Schema) ${JSON.stringify(result.errors)}`);
      });

      it('the reference library (@digitalbazaar/vc, eddsa-rdfc-2022) verifies it', async () => {
        const result = await vc.verifyCredential({
          credential: item.credential,
          suite: new DataIntegrityProof({ cryptosuite: plainCryptosuite }),
          documentLoader: referenceLoaderFor(item.key),
          checkStatus: async () => ({ verified: true }),
          now: NOW,
        });
        assert.ok(result.verified, `[reference-verifier] (@digitalbazaar/vc) ${JSON.stringify(result.error ?? result.results, null, 1)}`);
      });

      it('our verifier finds no failed check', async () => {
        const resolver = new OfflineDidResolver();
        if (item.key.controller.startsWith('did:web:')) resolver.register(didWebDocument(item.key.controller, [item.key]));
        const report = await verifyCredential(item.credential, { now: NOW, resolver });
        const failed = report.checks.filter((c) => c.status === 'failed');
        assert.deepEqual(failed.map((c) => `[verifier:${c.id}] ${c.message.en}`), []);
        assert.notEqual(report.verdict, 'invalid');
        for (const id of ['format', 'issuer', 'proof', 'validity', 'elements']) {
          assert.equal(report.checks.find((c) => c.id === id)?.status, 'passed', `[verifier:${id}] not passed`);
        }
        const schema = report.checks.find((c) => c.id === 'schema')?.status;
        assert.equal(schema, item.variant.deviations?.includes('OB3-credential-status-single') ? 'warning' : 'passed', `[verifier:schema] ${schema}`);
      });
    });
  }
});

describe('ELM exports against the ELM SHACL shapes', () => {
  const achievementId = 'https://uni.example.pl/catalogue/5f0c3d2e-8a4b-4c1e-9d2a-7b6e1f0a9c11/v/1';
  const institution = { did: DID_WEB, homepage: 'https://uni.example.pl' };

  it('[ELM-SHACL-specification] the ELM specification document conforms (EDC-generic-full)', async () => {
    const { conforms, results } = await shacl(buildElmSpecification(parsedSpec(), { id: achievementId, institution }));
    assert.ok(conforms, `[ELM-SHACL-specification] (ELM v3 SHACL, EDC-generic-full)\n${results.join('\n')}`);
  });

  for (const language of ['pl', 'en'] as const) {
    it(`[ELM-SHACL-credential] the ELM credential export (${language}) conforms (EDC-generic-full)`, async () => {
      const source = issued[0];
      assert.ok(source);
      const learner = award().learner as { givenName: string; familyName: string; email?: string; dateOfBirth?: string; studentNumber?: string };
      const document = buildElmCredential({
        id: 'urn:credential:0b7f5d5e-3c1a-4a8e-9f00-5a1d2c3b4e5f', credentialId: String(source.credential.id),
        specification: parsedSpec(), achievementId, institution, baseUrl: 'https://uni.example.pl',
        learner, language, issuedAt: NOW, validFrom: NOW, validUntil: new Date(String(source.credential.validUntil)), grade: '4.5',
        verifyUrl: 'https://uni.example.pl/v/ABC123',
        displayImage: await QRCode.toBuffer('https://uni.example.pl/v/ABC123', { type: 'png', width: 128 }),
      });
      const { conforms, results } = await shacl(document);
      assert.ok(conforms, `[ELM-SHACL-credential] (ELM v3 SHACL, EDC-generic-full)\n${results.join('\n')}`);
    });
  }
});

/** Negative self-tests: a deliberately broken credential makes exactly the named rules fail. */
interface Breakage {
  readonly rule: string;
  readonly also?: readonly string[];
  readonly how: string;
  readonly change: (c: JsonObject) => void;
}

const subjectOf = (c: JsonObject): JsonObject => c.credentialSubject as JsonObject;
const achievementOf = (c: JsonObject): JsonObject => subjectOf(c).achievement as JsonObject;
const proofOf = (c: JsonObject): JsonObject => (c.proof as JsonObject[])[0] as JsonObject;

const BREAKAGES: readonly Breakage[] = [
  // VC Data Model 2.0
  { rule: 'VC2-4.3-context-present', how: 'no @context', change: (c) => { delete c['@context']; }, also: ['VC2-4.3-context-ordered-set', 'VC2-4.3-context-first', 'OB3-context'] },
  { rule: 'VC2-4.3-context-ordered-set', how: 'a single @context string', change: (c) => { c['@context'] = VC_V2_CONTEXT_URL; }, also: ['OB3-context'] },
  { rule: 'VC2-4.3-context-first', how: 'the VC 1.1 context first', change: (c) => { (c['@context'] as string[])[0] = 'https://www.w3.org/2018/credentials/v1'; } },
  { rule: 'VC2-4.3-context-items', how: 'a number in @context', change: (c) => { (c['@context'] as unknown[]).push(42); } },
  { rule: 'VC2-4.3-context-unique', how: 'a repeated @context URL', change: (c) => { (c['@context'] as unknown[]).push(VC_V2_CONTEXT_URL); } },
  { rule: 'VC2-4.4-id-url', how: 'a bare uuid as id', change: (c) => { c.id = '0b7f5d5e-3c1a-4a8e-9f00-5a1d2c3b4e5f'; }, also: ['OB3-id'] },
  { rule: 'VC2-4.5-type-present', how: 'no type', change: (c) => { delete c.type; }, also: ['VC2-4.5-type-vc', 'VC2-4.5-type-terms', 'OB3-type'] },
  { rule: 'VC2-4.5-type-vc', how: 'type without VerifiableCredential', change: (c) => { c.type = ['OpenBadgeCredential']; }, also: ['OB3-type'] },
  { rule: 'VC2-4.5-type-terms', how: 'a number among the type values', change: (c) => { (c.type as unknown[]).push(42); } },
  { rule: 'VC2-4.5-type-nested-values', how: 'an empty string as a subject type', change: (c) => { (subjectOf(c).type as unknown[]).push(''); } },
  { rule: 'VC2-4.5-evidence-type', how: 'evidence without type', change: (c) => { c.evidence = [{ id: 'https://uni.example.pl/evidence/1', narrative: 'Project' }]; } },
  { rule: 'VC2-4.6-name', how: 'a language value object with an extra key as name', change: (c) => { c.name = { '@value': 'Analiza', '@language': 'pl', extra: 1 }; }, also: ['PROFILE-name'] },
  { rule: 'VC2-4.6-description', how: 'a number as description', change: (c) => { c.description = 7; } },
  { rule: 'VC2-4.6-issuer-name-description', how: 'a number as issuer description', change: (c) => { (c.issuer as JsonObject).description = 7; } },
  {
    rule: 'VC2-4.7-issuer-present', how: 'no issuer', change: (c) => { delete c.issuer; },
    also: ['VC2-4.7-issuer-url', 'OB3-issuer-profile-ref', 'PROFILE-issuer-object', 'PROFILE-verification-method-of-issuer', 'EU-AnnexI-awardingBody'],
  },
  {
    rule: 'VC2-4.7-issuer-url', how: 'an issuer object without id', change: (c) => { delete (c.issuer as JsonObject).id; },
    also: ['OB3-issuer-profile-ref', 'PROFILE-verification-method-of-issuer', 'EU-AnnexI-awardingBody'],
  },
  {
    rule: 'VC2-4.8-subject-present', how: 'no credentialSubject', change: (c) => { delete c.credentialSubject; },
    also: [
      'OB3-subject-single', 'OB3-subject-type', 'OB3-subject-identified', 'OB3-achievement-present', 'OB3-achievement-id-type',
      'OB3-achievement-name-description', 'OB3-achievement-criteria', 'PROFILE-criteria-id-or-narrative', 'PROFILE-achievement-type-micro',
      ...['learner', 'title', 'learningOutcomes', 'workload', 'level', 'assessmentType', 'participationMode', 'qualityAssurance'].map((k) => `EU-AnnexI-${k}`),
    ],
  },
  {
    rule: 'VC2-4.8-subject-objects', how: 'an empty second subject', change: (c) => { c.credentialSubject = [subjectOf(c), {}]; },
    also: ['OB3-subject-single', 'OB3-subject-type', 'OB3-subject-identified'],
  },
  { rule: 'VC2-4.8-subject-id-url', how: 'a subject id that is not a URL', change: (c) => { subjectOf(c).id = 'student 42'; } },
  { rule: 'VC2-4.9-validFrom', how: 'validFrom without a time zone', change: (c) => { c.validFrom = '2026-07-01T10:00:00'; }, also: ['OB3-validFrom-required'] },
  { rule: 'VC2-4.9-validUntil', how: 'a date without time as validUntil', change: (c) => { c.validUntil = '2031-07-01'; } },
  { rule: 'VC2-4.9-validity-order', how: 'validUntil before validFrom', change: (c) => { c.validUntil = '2001-01-01T00:00:00Z'; } },
  { rule: 'VC2-4.10-status-type', how: 'a credentialStatus without type', change: (c) => { c.credentialStatus = { id: `${LIST}#1` }; } },
  { rule: 'VC2-4.10-status-id-url', how: 'a relative credentialStatus id', change: (c) => { c.credentialStatus = { ...statusEntry(LIST, 1, 'revocation'), id: 'status-1' }; } },
  { rule: 'VC2-4.11-schema-id-type', how: 'a relative credentialSchema id', change: (c) => { (c.credentialSchema as JsonObject[])[1] = { id: 'schema.json', type: '1EdTechJsonSchemaValidator2019' }; } },
  { rule: 'VC2-1.3-secured', how: 'no proof', change: (c) => { delete c.proof; } },
  { rule: 'VC2-5.4-refresh-type', how: 'a refreshService without type', change: (c) => { c.refreshService = { id: 'https://uni.example.pl/refresh' }; } },
  { rule: 'VC2-5.5-terms-of-use-type', how: 'termsOfUse without type', change: (c) => { c.termsOfUse = [{ id: 'https://uni.example.pl/terms' }]; } },
  // Bitstring Status List
  {
    rule: 'BSL-2.1-status-list-index', how: 'a numeric statusListIndex',
    change: (c) => { c.credentialStatus = { ...statusEntry(LIST, 1, 'revocation'), statusListIndex: 1 }; },
  },
  { rule: 'BSL-2.1-status-purpose', how: 'a numeric statusPurpose', change: (c) => { c.credentialStatus = { ...statusEntry(LIST, 1, 'revocation'), statusPurpose: 1 }; } },
  {
    rule: 'BSL-2.1-status-list-credential', how: 'a relative statusListCredential',
    change: (c) => { c.credentialStatus = { ...statusEntry(LIST, 1, 'revocation'), statusListCredential: 'status/1' }; },
  },
  { rule: 'BSL-2.1-status-id-not-list', how: 'the status list URL as entry id', change: (c) => { c.credentialStatus = { ...statusEntry(LIST, 1, 'revocation'), id: LIST }; } },
  // Data Integrity / eddsa-rdfc-2022
  { rule: 'DI-2.1-proof-purpose', how: 'no proofPurpose', change: (c) => { delete proofOf(c).proofPurpose; } },
  { rule: 'DI-2.1-verification-method', how: 'a relative verificationMethod', change: (c) => { proofOf(c).verificationMethod = '#key-1'; }, also: ['PROFILE-verification-method-of-issuer'] },
  { rule: 'DI-2.1-cryptosuite', how: 'no cryptosuite', change: (c) => { delete proofOf(c).cryptosuite; }, also: ['EDDSA-cryptosuite', 'PROFILE-cryptosuite-rdfc'] },
  { rule: 'DI-2.1-created', how: 'a created date without time', change: (c) => { proofOf(c).created = '2026-07-01'; } },
  { rule: 'EDDSA-proof-type', how: 'an Ed25519Signature2020 proof type', change: (c) => { proofOf(c).type = 'Ed25519Signature2020'; } },
  { rule: 'EDDSA-cryptosuite', how: 'cryptosuite ecdsa-rdfc-2019', change: (c) => { proofOf(c).cryptosuite = 'ecdsa-rdfc-2019'; }, also: ['PROFILE-cryptosuite-rdfc'] },
  {
    rule: 'EDDSA-proof-value-base58btc', how: 'a base64 proofValue', change: (c) => { proofOf(c).proofValue = 'uAAAA+/='; },
    also: ['EDDSA-proof-value-64-bytes'],
  },
  { rule: 'EDDSA-proof-value-64-bytes', how: 'a truncated proofValue', change: (c) => { proofOf(c).proofValue = String(proofOf(c).proofValue).slice(0, 40); } },
  // Open Badges 3.0
  { rule: 'OB3-context', how: 'the OB context third', change: (c) => { const ctx = c['@context'] as unknown[]; [ctx[1], ctx[2]] = [ctx[2], ctx[1]]; } },
  { rule: 'OB3-type', how: 'type without OpenBadgeCredential', change: (c) => { c.type = ['VerifiableCredential']; } },
  { rule: 'OB3-issuer-profile-ref', how: 'issuer without type', change: (c) => { delete (c.issuer as JsonObject).type; } },
  { rule: 'OB3-validFrom-required', how: 'no validFrom', change: (c) => { delete c.validFrom; } },
  { rule: 'OB3-subject-type', how: 'a subject without the AchievementSubject type', change: (c) => { subjectOf(c).type = ['CredentialSubject']; } },
  {
    rule: 'OB3-subject-identified', how: 'a subject without id or identifier', change: (c) => { delete subjectOf(c).identifier; delete subjectOf(c).id; },
    also: ['EU-AnnexI-learner'],
  },
  { rule: 'OB3-subject-identifier-entries', how: 'a string as IdentityObject.hashed', change: (c) => { ((subjectOf(c).identifier as JsonObject[])[0] as JsonObject).hashed = 'no'; } },
  { rule: 'OB3-achievement-criteria', how: 'no criteria', change: (c) => { delete achievementOf(c).criteria; }, also: ['PROFILE-criteria-id-or-narrative'] },
  { rule: 'OB3-achievement-name-description', how: 'an achievement without description', change: (c) => { delete achievementOf(c).description; } },
  { rule: 'OB3-result-description', how: 'a result naming an unknown ResultDescription', change: (c) => { subjectOf(c).result = [{ type: ['Result'], resultDescription: 'urn:x', value: '5' }]; } },
  { rule: 'OB3-proof-array', how: 'a single proof object', change: (c) => { c.proof = proofOf(c); } },
  { rule: 'OB3-proof-purpose', how: 'proofPurpose authentication', change: (c) => { proofOf(c).proofPurpose = 'authentication'; } },
  {
    rule: 'OB3-credential-schema', how: 'the OB schema listed as JsonSchema',
    change: (c) => { (c.credentialSchema as JsonObject[])[0] = { id: OB_V3_SCHEMA_URL, type: 'JsonSchema' }; },
  },
  {
    rule: 'OB3-credential-status-single', how: 'two status entries',
    change: (c) => { c.credentialStatus = [statusEntry(LIST, 1, 'revocation'), statusEntry(LIST, 2, 'suspension')]; },
  },
  // Our profile
  { rule: 'PROFILE-name', how: 'an empty name', change: (c) => { c.name = ''; } },
  { rule: 'PROFILE-issuer-object', how: 'the issuer as a bare DID', change: (c) => { c.issuer = (c.issuer as JsonObject).id; }, also: ['EU-AnnexI-awardingBody'] },
  { rule: 'PROFILE-verification-method-of-issuer', how: 'a key of another DID', change: (c) => { proofOf(c).verificationMethod = 'did:web:evil.example#key-1'; } },
  { rule: 'PROFILE-cryptosuite-rdfc', how: 'cryptosuite eddsa-jcs-2022', change: (c) => { proofOf(c).cryptosuite = 'eddsa-jcs-2022'; } },
  { rule: 'PROFILE-criteria-id-or-narrative', how: 'empty criteria', change: (c) => { achievementOf(c).criteria = {}; } },
  { rule: 'PROFILE-achievement-type-micro', how: 'achievementType Badge', change: (c) => { achievementOf(c).achievementType = 'Badge'; } },
  // EU Annex I
  { rule: 'EU-AnnexI-qualityAssurance', how: 'no quality assurance', change: (c) => { delete achievementOf(c)['mc:qualityAssurance']; } },
  { rule: 'EU-AnnexI-assessmentType', how: 'no type of assessment', change: (c) => { delete achievementOf(c)['mc:assessmentType']; } },
];

describe('negative self-test: a broken credential fails exactly its rule', () => {
  const base = issued[0];
  for (const breakage of BREAKAGES) {
    it(`${breakage.rule} fails on ${breakage.how}`, () => {
      assert.ok(base);
      assert.ok(RULES.some((r) => r.id === breakage.rule), `unknown rule ${breakage.rule}`);
      const broken = structuredClone(base.credential);
      breakage.change(broken);
      const found = failures(broken).map((f) => f.rule.id).sort();
      assert.deepEqual(found, [breakage.rule, ...(breakage.also ?? [])].sort(), failures(broken).map((f) => explain(f.rule, f.message)).join('\n'));
      const failure = failures(broken).find((f) => f.rule.id === breakage.rule);
      assert.ok(failure);
      const message = explain(failure.rule, failure.message);
      assert.ok(message.includes(breakage.rule) && message.includes(failure.rule.source), 'the message names the rule id and source');
    });
  }
});
