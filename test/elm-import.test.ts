/**
 * ELM import (src/formats/elm-import.ts): import → export round trips keep every standard element (the model after
 * import equals the model before export, and exporting the import gives the same ELM document again), for
 * specifications and for credentials, in any JSON-LD form of the same graph (compacted, expanded, flattened with
 * references); the EC's official micro-credential sample maps as documented, with what has no place kept as further
 * information and the gaps reported by the model's validation; documents that are not ELM are refused clearly.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import jsonld from 'jsonld';
import { buildElmCredential, type ElmCredentialInput } from '../src/formats/elm-credential.ts';
import { buildElmSpecification, type ElmOptions } from '../src/formats/elm.ts';
import { ElmImportError, importElm, parseFullAddress } from '../src/formats/elm-import.ts';
import { validateSpecification, type Specification } from '../src/model/index.ts';
import type { JsonObject } from '../src/credentials/index.ts';
import { CONTEXTS } from '../src/credentials/contexts.ts';
import { assertShaclValid } from './elm-shacl.ts';
import { readJson, specification, variantSpecification } from './fixtures.ts';

const OFFER_URL = 'https://mikrocred.example.pl/catalogue/5f0c3d2e-8a4b-4c1e-9d2a-7b6e1f0a9c11/v/1';
const ELM_OPTIONS: ElmOptions = {
  id: OFFER_URL,
  institution: { did: 'did:web:uni.example.pl', homepage: 'https://uni.example.pl/en' },
  baseUrl: 'https://mikrocred.example.pl',
};
const EC_SAMPLE = 'test/fixtures/elm/elm-Sample-MC-Annex1-unsigned.jsonld';
const EC_SAMPLE_SIGNED = 'test/fixtures/elm/elm-Sample-MC-Annex1-signed.jsonld';

function validSpec(input: JsonObject): Specification {
  const result = validateSpecification(input);
  assert.ok(result.ok, `invalid specification: ${JSON.stringify(result.problems)}`);
  return result.value;
}

/** Null and absent mean the same for the optional levels; identifiers are a set. */
function comparable(spec: Specification): JsonObject {
  const out = structuredClone(spec) as unknown as JsonObject;
  for (const key of ['prkLevel', 'qfEheaCycle']) if (out[key] === null) delete out[key];
  const body = out.awardingBody as { identifiers: { scheme: string; value: string }[] };
  body.identifiers.sort((a, b) => `${a.scheme}${a.value}`.localeCompare(`${b.scheme}${b.value}`));
  return out;
}

/** Every branch of the export: the example, and variants taking the other paths. */
const VARIANTS: Record<string, () => JsonObject> = {
  'the example specification (REGON, NIP, POL-on, Erasmus, PIC, ESCO skills, outcome types, grading 2–5)': () => specification(),
  'onsite, formal, a non-EU language, KRS + VAT + other, percent, standalone, ZSK, no optional texts, no postal code': () => {
    const input = variantSpecification();
    delete ((input.awardingBody as JsonObject).address as JsonObject).postalCode;
    return input;
  },
  'stackable into three credentials, QA decision and agency, no EQF level, pass/fail, a German text': () => {
    const input = specification();
    Object.assign(input, {
      eqfLevel: null, prkLevel: null, qfEheaCycle: null, gradingScheme: 'pass-fail', participationMode: 'blended',
      title: { pl: 'Analiza danych, część 1: podstawy', en: 'Data analysis, part 1: basics', de: 'Datenanalyse, Teil 1' },
      stackability: {
        mode: 'stackable',
        stacksInto: [
          { title: { pl: 'Studia podyplomowe', en: 'Postgraduate studies' }, url: 'https://uni.example.pl/pg', id: 'urn:uuid:0b8f4a6e-2f0c-4c5e-9d3b-0d1f2a3b4c5d' },
          { title: { pl: 'Ścieżka danych', en: 'Data pathway' }, url: 'https://uni.example.pl/path' },
          { title: { pl: 'Bez adresu', en: 'Without an address' } },
        ],
      },
      qualityAssurance: {
        type: 'external-accreditation',
        description: { pl: 'Program akredytowany przez PKA.', en: 'Programme accredited by PKA.' },
        accreditationId: 'Uchwała PKA nr 123/2025', agency: 'Polska Komisja Akredytacyjna',
      },
      validityPeriod: 'P3Y',
    });
    (input.learningOutcomes as JsonObject[]).push({ id: 'MC_X9', text: { pl: 'Efekt bez kategorii', en: 'An outcome without a category' } });
    return input;
  },
};

describe('ELM import: specifications', () => {
  for (const [name, make] of Object.entries(VARIANTS)) {
    it(`import → export round trip keeps every element: ${name}`, async () => {
      const spec = validSpec(make());
      const exported = buildElmSpecification(spec, ELM_OPTIONS);
      await assertShaclValid(exported);
      const imported = await importElm(exported);
      assert.equal(imported.kind, 'specification');
      assert.deepEqual(imported.report.keptAsFurtherInfo, [], 'nothing of ours is left over as further information');
      assert.deepEqual(imported.sourceIdentifiers, [
        { schemeName: 'Mikrocred specification', notation: spec.specId },
        { schemeName: 'Mikrocred specification version', notation: `${spec.specId}/v${spec.version}` },
      ]);
      const back = validSpec({ ...imported.specification, specId: spec.specId, version: spec.version });
      assert.deepEqual(comparable(back), comparable(spec));
      assert.deepEqual(buildElmSpecification(back, ELM_OPTIONS), exported, 'exporting the import gives the same document');
    });
  }

  it('reads the same graph in any JSON-LD form: expanded, and flattened with every node referenced by IRI', async () => {
    const spec = validSpec(specification());
    const exported = buildElmSpecification(spec, ELM_OPTIONS);
    const documentLoader = async (url: string) => ({ contextUrl: null, documentUrl: url, document: CONTEXTS.get(url) });
    const expanded = await jsonld.expand(exported, { documentLoader });
    const flattened = await jsonld.flatten(exported, exported['@context'], { documentLoader });
    assert.ok(Array.isArray(flattened['@graph']), 'a flattened document is a @graph of nodes');
    const direct = await importElm(exported);
    for (const form of [expanded, flattened]) {
      const imported = await importElm(form);
      assert.deepEqual(comparable(validSpec({ ...imported.specification, specId: spec.specId })), comparable(validSpec({ ...direct.specification, specId: spec.specId })));
    }
  });

  it('lists where each element came from', async () => {
    const imported = await importElm(buildElmSpecification(validSpec(specification()), ELM_OPTIONS));
    const from = new Map(imported.report.mapped.map((m) => [m.path, m.from]));
    assert.equal(from.get('qualityAssurance'), 'Qualification.additionalNote (quality-assurance)');
    assert.equal(from.get('eqfLevel'), 'Qualification.eqfLevel');
    assert.equal(from.get('assessmentType'), 'LearningAssessmentSpecification.dcType');
    for (const key of ['title', 'awardingBody', 'issuerCountry', 'learningOutcomes', 'ectsCredits', 'participationMode', 'languages', 'gradingScheme']) {
      assert.ok(from.has(key), `${key} is reported as mapped`);
    }
  });
});

describe('ELM import: credentials', () => {
  const image = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const base = (spec: Specification): ElmCredentialInput => ({
    id: 'urn:credential:6c1f7a8e-0d55-4b54-9b0e-2f7f3c1d9a01',
    credentialId: 'urn:uuid:6c1f7a8e-0d55-4b54-9b0e-2f7f3c1d9a01',
    specification: spec,
    achievementId: OFFER_URL,
    institution: ELM_OPTIONS.institution,
    baseUrl: 'https://mikrocred.example.pl',
    learner: { givenName: 'Zofia', familyName: 'Wiśniewska-Kowalczyk', email: 'zofia@example.pl', dateOfBirth: '2001-02-03', studentNumber: 's123456' },
    language: 'pl',
    issuedAt: new Date('2026-06-30T10:00:00Z'),
    validUntil: new Date('2029-06-30T10:00:00Z'),
    grade: '4.5',
    verifyUrl: 'https://mikrocred.example.pl/v/ABCD-EFGH',
    displayImage: image,
  });

  it('import → export round trip keeps the specification, the learner, the dates and the grade', async () => {
    const spec = validSpec(specification());
    const input = base(spec);
    const exported = buildElmCredential(input);
    const imported = await importElm(exported);
    assert.equal(imported.kind, 'credential');
    assert.deepEqual(comparable(validSpec({ ...imported.specification, specId: spec.specId, version: spec.version })), comparable(spec));
    assert.deepEqual(imported.award?.learner, input.learner);
    assert.deepEqual(imported.award?.result, { issuedAt: '2026-06-30T10:00:00Z', validUntil: '2029-06-30T10:00:00Z', grade: '4.5' });
    assert.deepEqual(imported.sourceIdentifiers.filter((i) => !i.schemeName.startsWith('Mikrocred')), [
      { schemeName: 'Open Badges 3.0 credential', notation: input.credentialId },
      { schemeName: 'Verification URL', notation: input.verifyUrl },
    ]);
    const learner = imported.award?.learner;
    assert.ok(learner?.givenName && learner.familyName);
    const again = buildElmCredential({
      ...input,
      specification: validSpec({ ...imported.specification, specId: spec.specId, version: spec.version }),
      learner: { givenName: learner.givenName, familyName: learner.familyName, email: learner.email, dateOfBirth: learner.dateOfBirth, studentNumber: learner.studentNumber },
      issuedAt: new Date(imported.award?.result.issuedAt ?? ''),
      validUntil: new Date(imported.award?.result.validUntil ?? ''),
      grade: imported.award?.result.grade,
    });
    assert.deepEqual(again, exported, 'exporting the import gives the same credential document');
    assert.deepEqual(imported.report.ignored.map((i) => i.from), ['displayParameter']);
  });

  it('a credential without a grade: no grade comes back (the export writes "passed")', async () => {
    const spec = validSpec(specification());
    const imported = await importElm(buildElmCredential({ ...base(spec), grade: undefined }));
    assert.equal(imported.award?.result.grade, undefined);
  });
});

describe('ELM import: the EC sample micro-credential (another issuer)', () => {
  it('maps what the model has, keeps the rest as further information, reports the gaps', async () => {
    const imported = await importElm(readJson(EC_SAMPLE));
    assert.equal(imported.kind, 'credential');
    const spec = imported.specification;
    assert.deepEqual(spec.title, { en: 'Digital micro-credential creation' });
    assert.equal(spec.ectsCredits, 2);
    assert.equal(spec.workloadHours, 60);
    assert.equal(spec.eqfLevel, 6);
    assert.equal(spec.participationMode, 'blended');
    assert.equal(spec.learningSetting, 'non-formal');
    assert.deepEqual(spec.languages, ['en']);
    assert.equal(spec.iscedF, '003');
    assert.equal(spec.supervisionVerification, 'unsupervised-no-id');
    assert.deepEqual(spec.stackability, { mode: 'standalone', stacksInto: [] });
    const outcomes = spec.learningOutcomes as { id: string; text: Record<string, string>; escoSkills: { uri: string }[] }[];
    assert.deepEqual(outcomes.map((o) => o.escoSkills.length), [3, 1]);
    assert.deepEqual(outcomes[1]?.text, { en: 'Developing digital content', es: 'Contento digital' });
    const body = spec.awardingBody as { legalName: Record<string, string>; homepage: string; address: Record<string, string> };
    assert.deepEqual(body.legalName, { en: 'University of Zed' });
    assert.equal(body.homepage, 'https://uniz.edu');
    assert.deepEqual(body.address, { street: 'Instant Street 16', postalCode: 'D08', locality: 'Dublin', country: 'IE' });
    assert.equal(spec.issuerCountry, 'IE');
    const further = (spec.furtherInfo as Record<string, string>).en ?? '';
    for (const kept of ['RQF Level 6', 'Standard grading', 'EDC building training course', 'Research Alliance: Res1818', 'Developing digital content Level 4', 'P1M']) {
      assert.ok(further.includes(kept), `"${kept}" is kept as further information:\n${further}`);
    }
    assert.deepEqual(imported.award?.learner, { givenName: 'Ana', familyName: 'Andromeda', dateOfBirth: '1999-10-01', email: 'ana.andromeda@email.com' });
    assert.equal(imported.award?.result.grade, 'Pass');
    assert.deepEqual(imported.report.ignored.map((i) => i.from).sort(), ['credentialSubject.nationalID', 'displayParameter']);
    const check = validateSpecification({ specId: '00000000-0000-4000-8000-000000000000', ...spec });
    assert.equal(check.ok, false);
    const paths = check.problems.map((p) => p.path);
    for (const gap of ['assessmentType', 'qualityAssurance', 'title.pl', 'learningOutcomes[0].text.pl']) {
      assert.ok(paths.includes(gap), `the draft reports ${gap}: ${paths.join(', ')}`);
    }
  });
});

describe('ELM import: the EC sample as EDC seals it (a JAdES envelope)', () => {
  it('imports the credential in the payload and says the seal was not checked', async () => {
    const sealed = readJson(EC_SAMPLE_SIGNED);
    assert.equal(typeof sealed.payload, 'string');
    const imported = await importElm(sealed);
    assert.equal(imported.kind, 'credential');
    assert.deepEqual(imported.specification.title, { en: 'Digital micro-credential creation' });
    assert.equal(imported.award?.learner.familyName, 'Andromeda');
    assert.ok(imported.report.ignored.some((i) => i.from === 'signatures'), JSON.stringify(imported.report.ignored));
    const unsigned = await importElm(readJson(EC_SAMPLE));
    assert.deepEqual(imported.specification.learningOutcomes, unsigned.specification.learningOutcomes);
    await assert.rejects(importElm({ payload: 'not json', signatures: [] }), (error: unknown) => error instanceof ElmImportError && error.code === 'invalid_jades');
  });
});

describe('ELM import: refusals', () => {
  const refused = async (input: unknown, code: string): Promise<void> => {
    await assert.rejects(importElm(input), (error: unknown) => {
      assert.ok(error instanceof ElmImportError, `an ElmImportError, not ${String(error)}`);
      assert.equal(error.code, code);
      assert.ok(error.detail.pl && error.detail.en);
      return true;
    });
  };

  it('not an object, no @context, an unknown context, invalid JSON-LD, not ELM, a credential without an achievement', async () => {
    await refused([1, 2], 'not_json_ld');
    await refused({ type: 'Qualification', title: { en: 'x' } }, 'not_json_ld');
    await refused({ '@context': 'https://example.com/unknown-context.jsonld', type: 'Qualification' }, 'unknown_context');
    await refused({ '@context': 5, type: 'Qualification' }, 'invalid_json_ld');
    await refused({ '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['Person'] }, 'not_elm');
    await refused({ '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:1' } }, 'no_achievement');
  });
});

describe('parseFullAddress', () => {
  it('splits street, postal code, locality and region, without the country', () => {
    assert.deepEqual(parseFullAddress('ul. Przykładowa 1, 00-001 Warszawa, mazowieckie, Polska', 'PL'),
      { street: 'ul. Przykładowa 1', postalCode: '00-001', locality: 'Warszawa', region: 'mazowieckie' });
    assert.deepEqual(parseFullAddress('ul. Banacha 2, bud. C, 02-097 Warszawa, Poland', 'PL'),
      { street: 'ul. Banacha 2, bud. C', postalCode: '02-097', locality: 'Warszawa' });
    assert.deepEqual(parseFullAddress('16 Instant Street, D08 Dublin', 'IE'), { street: '16 Instant Street', postalCode: 'D08', locality: 'Dublin' });
    assert.deepEqual(parseFullAddress('Kraków', 'PL'), { locality: 'Kraków' });
  });
});
