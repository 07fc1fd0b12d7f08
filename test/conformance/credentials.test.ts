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
  didWebDocument, issueMicroCredential, OfflineDidResolver, statusEntry, validateOpenBadge, verifyCredential,
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
  { rule: 'VC2-4.3-context-first', how: 'the VC 1.1 context first', change: (c) => { (c['@context'] as string[])[0] = 'https://www.w3.org/2018/credentials/v1'; } },
  { rule: 'VC2-4.3-context-items', how: 'a number in @context', change: (c) => { (c['@context'] as unknown[]).push(42); } },
  { rule: 'VC2-4.4-id-url', how: 'a bare uuid as id', change: (c) => { c.id = '0b7f5d5e-3c1a-4a8e-9f00-5a1d2c3b4e5f'; }, also: ['OB3-id'] },
  { rule: 'VC2-4.5-type-vc', how: 'type without VerifiableCredential', change: (c) => { c.type = ['OpenBadgeCredential']; } },
  { rule: 'VC2-4.6-description', how: 'a number as description', change: (c) => { c.description = 7; } },
  { rule: 'VC2-4.9-validFrom', how: 'validFrom without a time zone', change: (c) => { c.validFrom = '2026-07-01T10:00:00'; }, also: ['OB3-validFrom-required'] },
  { rule: 'VC2-4.9-validity-order', how: 'validUntil before validFrom', change: (c) => { c.validUntil = '2001-01-01T00:00:00Z'; } },
  { rule: 'VC2-4.10-status-type', how: 'a credentialStatus without type', change: (c) => { c.credentialStatus = { id: `${LIST}#1` }; } },
  {
    rule: 'VC2-4.10-status-bitstring', how: 'a numeric statusListIndex',
    change: (c) => { c.credentialStatus = { ...statusEntry(LIST, 1, 'revocation'), statusListIndex: 1 }; },
  },
  { rule: 'VC2-4.11-schema-id-type', how: 'a relative credentialSchema id', change: (c) => { (c.credentialSchema as JsonObject[])[1] = { id: 'schema.json', type: '1EdTechJsonSchemaValidator2019' }; } },
  { rule: 'VC2-4.12-secured', how: 'no proof', change: (c) => { delete c.proof; } },
  { rule: 'DI-2.1-proof-type', how: 'an Ed25519Signature2020 proof type', change: (c) => { proofOf(c).type = 'Ed25519Signature2020'; } },
  { rule: 'DI-2.1-cryptosuite', how: 'cryptosuite ecdsa-rdfc-2019', change: (c) => { proofOf(c).cryptosuite = 'ecdsa-rdfc-2019'; } },
  { rule: 'DI-2.1-proof-purpose', how: 'proofPurpose authentication', change: (c) => { proofOf(c).proofPurpose = 'authentication'; } },
  { rule: 'DI-2.1-verification-method', how: 'a key of another DID', change: (c) => { proofOf(c).verificationMethod = 'did:web:evil.example#key-1'; } },
  {
    rule: 'DI-2.1-proof-value-multibase', how: 'a base64 proofValue', change: (c) => { proofOf(c).proofValue = 'uAAAA+/='; },
    also: ['DI-eddsa-proof-value-64-bytes'],
  },
  { rule: 'DI-eddsa-proof-value-64-bytes', how: 'a truncated proofValue', change: (c) => { proofOf(c).proofValue = String(proofOf(c).proofValue).slice(0, 40); } },
  { rule: 'OB3-type', how: 'type without OpenBadgeCredential', change: (c) => { c.type = ['VerifiableCredential']; } },
  { rule: 'OB3-issuer-profile', how: 'issuer without type', change: (c) => { delete (c.issuer as JsonObject).type; } },
  { rule: 'OB3-achievement-criteria', how: 'no criteria', change: (c) => { delete achievementOf(c).criteria; } },
  { rule: 'OB3-achievement-type-micro', how: 'achievementType Badge', change: (c) => { achievementOf(c).achievementType = 'Badge'; } },
  { rule: 'OB3-result-description', how: 'a result naming an unknown ResultDescription', change: (c) => { subjectOf(c).result = [{ type: ['Result'], resultDescription: 'urn:x', value: '5' }]; } },
  {
    rule: 'OB3-credential-status-single', how: 'two status entries',
    change: (c) => { c.credentialStatus = [statusEntry(LIST, 1, 'revocation'), statusEntry(LIST, 2, 'suspension')]; },
  },
  { rule: 'EU-AnnexI-qualityAssurance', how: 'no quality assurance', change: (c) => { delete achievementOf(c)['mc:qualityAssurance']; } },
  { rule: 'EU-AnnexI-assessmentType', how: 'no type of assessment', change: (c) => { delete achievementOf(c)['mc:assessmentType']; } },
  {
    rule: 'OB3-subject-identified', how: 'a subject without id or identifier', change: (c) => { delete subjectOf(c).identifier; delete subjectOf(c).id; },
    also: ['EU-AnnexI-learner'],
  },
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
