/**
 * The catalogue's machine-readable forms of a published specification (docs/catalogue.md "Stable public URLs and
 * formats"): the standalone Open Badges 3.0 Achievement, the European Learning Model v3 document and the schema.org
 * Course. JSON-LD is expanded and turned into RDF with the offline document loader in safe mode (a term the
 * contexts do not define is an error, not a silently dropped value), and the ELM RDF is validated against the
 * official ELM SHACL shapes in shapes/elm/.
 *
 * Which SHACL shapes apply: EDC-generic-full.ttl (controlled-vocabulary constraints) with the EDC-generic-no-cv.ttl
 * it owl:imports. Every shape there is class-targeted, so the whole graph is validated and the shapes that fire are
 * those targeting the classes we emit: LearningOpportunity, Qualification, LearningOutcome,
 * LearningAssessmentSpecification, GradingScheme, AwardingOpportunity, Organisation, dc:Location, Address,
 * LegalIdentifier, Identifier, ContactPoint, Mailbox, Note, WebResource, CreditPoint, skos:Concept, skos:ConceptScheme,
 * and the CV shapes of Qualification, LearningOpportunity, LearningOutcome, LearningAssessmentSpecification, Address,
 * LegalIdentifier and WebResource. The credential-level shapes (EuropeanDigitalCredential, the issuer's eIDAS
 * identifier) have no focus node: this is a catalogue entry, not a credential. A test below checks that every class
 * in the graph is the target of some shape, so none escapes validation.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import jsonld from 'jsonld';
import { DataFactory } from 'n3';
import { achievementDocument, buildAchievement, ACHIEVEMENT_CONTEXT } from '../src/credentials/achievement.ts';
import { buildCredential, createDocumentLoader, OfflineDidResolver, type JsonObject } from '../src/credentials/index.ts';
import { buildElmSpecification, EDC_AP_CONTEXT_URL, type ElmOptions } from '../src/formats/elm.ts';
import { buildSchemaOrgCourse } from '../src/formats/schema-org.ts';
import { SpecificationSchema, validateAward, validateSpecification, type Specification } from '../src/model/index.ts';
import { assertShaclValid, elmShapes, RDF_TYPE, shacl, SH_TARGET_CLASS, toStore } from './elm-shacl.ts';
import { award, specification, variantSpecification } from './fixtures.ts';

const { namedNode } = DataFactory;
const documentLoader = createDocumentLoader({ resolver: new OfflineDidResolver() });

const OFFER_URL = 'https://mikrocred.example.pl/catalogue/5f0c3d2e-8a4b-4c1e-9d2a-7b6e1f0a9c11/v/1';
const ELM_OPTIONS: ElmOptions = {
  id: OFFER_URL,
  institution: { did: 'did:web:uni.example.pl', homepage: 'https://uni.example.pl' },
  baseUrl: 'https://mikrocred.example.pl',
};

function validSpec(input: JsonObject = specification()): Specification {
  const result = validateSpecification(input);
  assert.ok(result.ok, `invalid specification: ${JSON.stringify(result.problems)}`);
  return result.value;
}

/** A variant that takes the other branches (fixtures.variantSpecification). */
function variantSpec(): Specification {
  return validSpec(variantSpecification());
}

// ---------------------------------------------------------------------------------------------------------------

describe('Open Badges 3.0 Achievement', () => {
  it('is the very object a credential embeds', () => {
    const spec = validSpec();
    const awarded = validateAward(spec, award());
    assert.ok(awarded.ok);
    for (const lang of ['pl', 'en'] as const) {
      const credential = buildCredential(spec, awarded.value, { issuerId: 'did:key:z6MkExample', achievementId: OFFER_URL, language: lang });
      const embedded = (credential.credentialSubject as JsonObject).achievement;
      assert.deepEqual(buildAchievement(spec, { achievementId: OFFER_URL, lang }), embedded);
    }
    const defaultLang = buildAchievement(spec, { achievementId: OFFER_URL });
    assert.equal(defaultLang.inLanguage, 'pl', 'a Polish issuer speaks Polish by default');
  });

  it('as a standalone document: the credential contexts, then the same object', () => {
    const spec = validSpec();
    const doc = achievementDocument(spec, { achievementId: OFFER_URL, lang: 'en' });
    assert.deepEqual(doc['@context'], [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
      'https://w3id.org/mikrocred/v1',
    ]);
    assert.deepEqual(doc['@context'], [...ACHIEVEMENT_CONTEXT]);
    const rest = { ...doc };
    delete rest['@context'];
    assert.deepEqual(rest, buildAchievement(spec, { achievementId: OFFER_URL, lang: 'en' }));
    assert.equal(doc.name, 'Data analysis in Python');
    assert.deepEqual(doc.type, ['Achievement', 'mc:MicroCredential']);
  });

  it('expands and converts to RDF offline in safe mode, with and without a creator', async () => {
    const creator = { id: 'did:web:uni.example.pl', type: ['Profile'], name: 'Example University in Warsaw' };
    for (const spec of [validSpec(), variantSpec()]) {
      for (const options of [{ achievementId: OFFER_URL }, { achievementId: OFFER_URL, lang: 'en' as const, creator }]) {
        const doc = achievementDocument(spec, options);
        const expanded = await jsonld.expand(doc, { documentLoader, safe: true });
        assert.equal(expanded.length, 1);
        const store = await toStore(doc);
        assert.ok(store.size > 50, `only ${store.size} quads`);
        if ('creator' in options) {
          assert.deepEqual(doc.creator, creator);
          assert.ok(store.getQuads(namedNode(OFFER_URL), null, namedNode(creator.id), null).length === 1, 'creator link in RDF');
        }
      }
    }
  });

  it('safe mode is on: an undefined term is an error, not a dropped value', async () => {
    const doc = { ...achievementDocument(validSpec(), { achievementId: OFFER_URL }), notInAnyContext: 'x' };
    await assert.rejects(jsonld.expand(doc, { documentLoader, safe: true }));
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** Every value at a dotted path, arrays flattened at each step. */
function valuesAt(doc: unknown, path: string): unknown[] {
  let current: unknown[] = [doc];
  for (const key of path.split('.')) {
    current = current.flatMap((v) => (Array.isArray(v) ? v : [v]))
      .flatMap((v) => (typeof v === 'object' && v !== null && key in v ? [(v as JsonObject)[key]] : []));
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

type Expected = { equals: unknown } | { includes: string };
interface Row { element: string; key: keyof Specification; path: string; expected: Expected }

const Q = 'learningAchievementSpecification';
const ORG = `${Q}.awardingOpportunity.awardingBody`;
const NOTES = `${Q}.additionalNote.noteLiteral`;

/** Annex I element (and the other fields of a specification) → where the ELM document carries it, for examples/specification.json. */
function annexRows(spec: Specification): Row[] {
  const id = (scheme: string): string => spec.awardingBody.identifiers.find((i) => i.scheme === scheme)?.value ?? `no ${scheme}`;
  const rows: Row[] = [
    { element: 'specification id', key: 'specId', path: `${Q}.identifier.notation`, expected: { equals: spec.specId } },
    { element: 'version', key: 'version', path: `${Q}.identifier.notation`, expected: { equals: `${spec.specId}/v1` } },
    { element: 'M2 title', key: 'title', path: `${Q}.title`, expected: { equals: spec.title } },
    { element: 'M2 title (offer)', key: 'title', path: 'title', expected: { equals: spec.title } },
    { element: 'description', key: 'description', path: `${Q}.description`, expected: { equals: spec.description } },
    { element: 'M3 country of the issuer', key: 'issuerCountry', path: `${Q}.awardingOpportunity.location.address.countryCode.id`, expected: { equals: 'http://publications.europa.eu/resource/authority/country/POL' } },
    { element: 'M3 region of the issuer', key: 'issuerRegion', path: `${Q}.awardingOpportunity.location.geographicName.pl`, expected: { equals: 'mazowieckie' } },
    { element: 'M4 awarding body', key: 'awardingBody', path: `${ORG}.id`, expected: { equals: 'did:web:uni.example.pl' } },
    { element: 'M4 provider of the offer', key: 'awardingBody', path: 'providedBy.id', expected: { equals: 'did:web:uni.example.pl' } },
    { element: 'M4 legal name', key: 'awardingBody', path: `${ORG}.legalName`, expected: { equals: spec.awardingBody.legalName } },
    { element: 'M4 REGON', key: 'awardingBody', path: `${ORG}.registration.notation`, expected: { equals: id('REGON') } },
    { element: 'M4 NIP', key: 'awardingBody', path: `${ORG}.taxIdentifier.notation`, expected: { equals: id('NIP') } },
    { element: 'M4 POL-on', key: 'awardingBody', path: `${ORG}.identifier.notation`, expected: { equals: id('POL-on') } },
    { element: 'M4 Erasmus code', key: 'awardingBody', path: `${ORG}.identifier.notation`, expected: { equals: id('ErasmusCode') } },
    { element: 'M4 PIC', key: 'awardingBody', path: `${ORG}.identifier.notation`, expected: { equals: id('PIC') } },
    { element: 'M4 homepage', key: 'awardingBody', path: `${ORG}.homepage.contentURL`, expected: { equals: spec.awardingBody.homepage } },
    { element: 'M4 e-mail', key: 'awardingBody', path: `${ORG}.contactPoint.emailAddress.id`, expected: { equals: `mailto:${spec.awardingBody.email ?? ''}` } },
    { element: 'M4 address', key: 'awardingBody', path: `${ORG}.location.address.fullAddress.noteLiteral.pl`, expected: { includes: 'ul. Przykładowa 1, 00-001 Warszawa, mazowieckie, Polska' } },
    { element: 'M4 address country', key: 'awardingBody', path: `${ORG}.location.address.countryCode.id`, expected: { equals: 'http://publications.europa.eu/resource/authority/country/POL' } },
    { element: 'M7 ECTS', key: 'ectsCredits', path: `${Q}.creditPoint.point`, expected: { equals: '5' } },
    { element: 'M7 ECTS framework', key: 'ectsCredits', path: `${Q}.creditPoint.framework.id`, expected: { equals: 'http://data.europa.eu/snb/education-credit/6fcec5c5af' } },
    { element: 'M7 workload hours', key: 'workloadHours', path: `${Q}.volumeOfLearning`, expected: { equals: 'PT125H' } },
    { element: 'M8 EQF level', key: 'eqfLevel', path: `${Q}.eqfLevel.id`, expected: { equals: 'http://data.europa.eu/snb/eqf/6' } },
    { element: 'M8 PRK level', key: 'prkLevel', path: `${NOTES}.en`, expected: { includes: 'Polish Qualifications Framework (PRK) level: PQF (PRK) level 6' } },
    { element: 'M9 type of assessment', key: 'assessmentType', path: `${Q}.provenBy.dcType.id`, expected: { equals: 'https://w3id.org/mikrocred/v1/assessment-type/project' } },
    { element: 'M9 assessment description', key: 'assessmentDescription', path: `${Q}.provenBy.description`, expected: { equals: spec.assessmentDescription } },
    { element: 'M10 form of participation', key: 'participationMode', path: `${Q}.mode.id`, expected: { equals: 'http://data.europa.eu/snb/learning-assessment/e92d221e4d' } },
    { element: 'M10 form of participation (offer)', key: 'participationMode', path: 'mode.id', expected: { equals: 'http://data.europa.eu/snb/learning-assessment/e92d221e4d' } },
    { element: 'M11 quality assurance', key: 'qualityAssurance', path: `${NOTES}.en`, expected: { includes: `Quality assurance: Internal quality assurance of the higher education institution. ${spec.qualityAssurance.description.en}` } },
    { element: 'M11 QA decision', key: 'qualityAssurance', path: `${NOTES}.pl`, expected: { includes: `Decyzja / akredytacja: ${spec.qualityAssurance.accreditationId ?? '-'}` } },
    { element: 'O1 prerequisites', key: 'prerequisites', path: `${Q}.entryRequirement.noteLiteral`, expected: { equals: spec.prerequisites } },
    { element: 'O2 supervision and identity verification', key: 'supervisionVerification', path: `${Q}.provenBy.additionalNote.noteLiteral.en`, expected: { includes: 'Supervised online or onsite with identity verification' } },
    { element: 'O3 grading scheme', key: 'gradingScheme', path: `${Q}.provenBy.gradingScheme.title.en`, expected: { equals: 'Polish higher education grading scale 2–5' } },
    { element: 'O3 grades', key: 'gradingScheme', path: `${Q}.provenBy.gradingScheme.description.en`, expected: { equals: 'Grades: 2, 3, 3.5, 4, 4.5, 5; pass from 3' } },
    { element: 'O4 stackable', key: 'stackability', path: `${Q}.isPartialQualification`, expected: { equals: true } },
    { element: 'O4 stacks into', key: 'stackability', path: `${Q}.isPartOf.title`, expected: { equals: spec.stackability?.stacksInto[0]?.title } },
    { element: 'O4 stacks into (link)', key: 'stackability', path: `${Q}.isPartOf.homepage.contentURL`, expected: { equals: 'https://uni.example.pl/podyplomowe/data-science' } },
    { element: 'O4 stackability note', key: 'stackability', path: `${NOTES}.en`, expected: { includes: 'Integrated / stackable towards another credential. Leads to: Postgraduate programme: Data Science in Practice' } },
    { element: 'O5 further information', key: 'furtherInfo', path: `${Q}.additionalNote.noteLiteral`, expected: { equals: spec.furtherInfo } },
    { element: 'O5 homepage', key: 'homepage', path: `${Q}.homepage.contentURL`, expected: { equals: spec.homepage } },
    { element: 'O5 homepage (offer)', key: 'homepage', path: 'homepage.contentURL', expected: { equals: spec.homepage } },
    { element: 'ISCED-F field', key: 'iscedF', path: `${Q}.thematicArea.id`, expected: { equals: 'http://data.europa.eu/snb/isced-f/0613' } },
    { element: 'language pl', key: 'languages', path: `${Q}.language.id`, expected: { equals: 'http://publications.europa.eu/resource/authority/language/POL' } },
    { element: 'language en', key: 'languages', path: `${Q}.language.id`, expected: { equals: 'http://publications.europa.eu/resource/authority/language/ENG' } },
    { element: 'learning setting', key: 'learningSetting', path: `${Q}.learningSetting.id`, expected: { equals: 'http://data.europa.eu/snb/learning-setting/e207a81fc7' } },
    { element: 'course code', key: 'humanCode', path: `${Q}.identifier.notation`, expected: { equals: 'MC-PY-01' } },
    { element: 'validity period', key: 'validityPeriod', path: `${NOTES}.en`, expected: { includes: 'P5Y' } },
    { element: 'type: short learning programme', key: 'specId', path: `${Q}.dcType.id`, expected: { equals: 'http://data.europa.eu/snb/learning-opportunity/74a4a268e8' } },
  ];
  spec.learningOutcomes.forEach((o, i) => {
    rows.push(
      { element: `M6 learning outcome ${i + 1}`, key: 'learningOutcomes', path: `${Q}.learningOutcome.title`, expected: { equals: o.text } },
      { element: `M6 learning outcome ${i + 1} code`, key: 'learningOutcomes', path: `${Q}.learningOutcome.identifier.notation`, expected: { equals: o.id } },
      { element: `M6 learning outcome ${i + 1} in the summary`, key: 'learningOutcomes', path: `${Q}.learningOutcomeSummary.noteLiteral.en`, expected: { includes: `${i + 1}. ${o.id}: ${o.text.en}` } },
      ...o.escoSkills.map((s): Row => ({ element: `M6 ESCO skill of ${o.id}`, key: 'learningOutcomes', path: `${Q}.learningOutcome.relatedESCOSkill.id`, expected: { equals: s.uri } })),
    );
  });
  return rows;
}

/** Specification fields with no place in the ELM document of the example (empty there, or per award). */
const NOT_IN_EXAMPLE: readonly (keyof Specification)[] = ['qfEheaCycle', 'zskCode'];

describe('European Learning Model v3', () => {
  it('is a LearningOpportunity around a Qualification, in the official EDC context', () => {
    const doc = buildElmSpecification(validSpec(), ELM_OPTIONS);
    assert.deepEqual(doc['@context'], [EDC_AP_CONTEXT_URL, { id: '@id', type: '@type' }]);
    assert.equal(doc.id, OFFER_URL);
    assert.equal(doc.type, 'LearningOpportunity');
    const q = doc[Q] as JsonObject;
    assert.equal(q.type, 'Qualification');
    assert.equal(q.id, `${OFFER_URL}#specification`);
    assert.deepEqual(valuesAt(doc, 'homepage.contentURL'), [
      'https://uni.example.pl/mikro/analiza-danych-python', 'https://mikrocred.example.pl/catalogue/5f0c3d2e-8a4b-4c1e-9d2a-7b6e1f0a9c11',
    ]);
    const specId = buildElmSpecification(validSpec(), { ...ELM_OPTIONS, specificationId: 'urn:uuid:x' })[Q] as JsonObject;
    assert.equal(specId.id, 'urn:uuid:x');
  });

  for (const [name, make] of [['the example', () => validSpec()], ['a variant (onsite, formal, other language, KRS, VAT)', variantSpec]] as const) {
    it(`${name}: expands and converts to RDF offline in safe mode, nothing dropped`, async () => {
      const doc = buildElmSpecification(make(), ELM_OPTIONS);
      const expanded = await jsonld.expand(doc, { documentLoader, safe: true });
      assert.equal(expanded.length, 1);
      // Every JSON key except @context and the id/type aliases is a property of the expanded node tree.
      const keys = new Set<string>();
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) { v.forEach(walk); return; }
        if (typeof v !== 'object' || v === null) return;
        for (const [k, child] of Object.entries(v)) {
          if (k === '@context') continue;
          keys.add(k);
          if (k !== 'title' && k !== 'description' && k !== 'noteLiteral' && k !== 'prefLabel' && k !== 'legalName' && k !== 'geographicName') walk(child);
        }
      };
      walk(doc);
      const expandedKeys = new Set<string>();
      const walkExpanded = (v: unknown): void => {
        if (Array.isArray(v)) { v.forEach(walkExpanded); return; }
        if (typeof v !== 'object' || v === null) return;
        for (const [k, child] of Object.entries(v)) { expandedKeys.add(k); if (!k.startsWith('@')) walkExpanded(child); }
      };
      walkExpanded(expanded);
      const properties = [...expandedKeys].filter((k) => !k.startsWith('@'));
      assert.equal(properties.length, keys.size - 2, `JSON keys ${[...keys].sort().join(' ')} vs IRIs ${properties.sort().join(' ')}`);
      const store = await toStore(doc);
      assert.ok(store.size > 150, `only ${store.size} quads`);
    });

    it(`${name}: valid against the official ELM SHACL shapes (EDC-generic-full + no-cv)`, async () => {
      await assertShaclValid(buildElmSpecification(make(), ELM_OPTIONS));
    });
  }

  it('every class in the graph is the target of an ELM shape', async () => {
    const data = await toStore(buildElmSpecification(validSpec(), ELM_OPTIONS));
    const { full: shapes, noCv: noCvShapes } = elmShapes();
    const targeted = new Set([...shapes.getQuads(null, SH_TARGET_CLASS, null, null), ...noCvShapes.getQuads(null, SH_TARGET_CLASS, null, null)]
      .map((q) => q.object.value));
    const classes = new Set(data.getQuads(null, RDF_TYPE, null, null).map((q) => q.object.value));
    for (const c of classes) assert.ok(targeted.has(c), `no shape targets ${c}`);
    for (const c of ['Qualification', 'LearningOpportunity', 'LearningOutcome', 'Organisation', 'LearningAssessmentSpecification', 'AwardingOpportunity']) {
      assert.ok(classes.has(`http://data.europa.eu/snb/model/elm/${c}`), `no ${c}`);
    }
  });

  it('the shapes do catch mistakes (the validation is not vacuous)', async () => {
    const doc = buildElmSpecification(validSpec(), ELM_OPTIONS);
    const q = doc[Q] as JsonObject;
    delete q.title;
    (q.creditPoint as JsonObject).point = ['5', '6'];
    (q.eqfLevel as JsonObject).inScheme = { id: 'http://example.org/not-eqf', type: 'ConceptScheme' };
    const { conforms, results } = await shacl(doc);
    assert.equal(conforms, false);
    for (const expected of ['http://purl.org/dc/terms/title', 'http://data.europa.eu/snb/model/elm/point', 'http://data.europa.eu/snb/model/elm/EQFLevel']) {
      assert.ok(results.some((r) => r.includes(`path <${expected}>`)), `no result for ${expected}:\n${results.join('\n')}`);
    }
  });

  it('carries every Annex I element of examples/specification.json', () => {
    const spec = validSpec();
    const doc = buildElmSpecification(spec, ELM_OPTIONS);
    const rows = annexRows(spec);
    for (const row of rows) {
      const values = valuesAt(doc, row.path);
      if ('equals' in row.expected) {
        const expected = row.expected.equals;
        assert.ok(values.some((v) => { try { assert.deepEqual(v, expected); return true; } catch { return false; } }),
          `${row.element}: ${JSON.stringify(expected)} not at ${row.path} (found ${JSON.stringify(values)})`);
      } else {
        const text = row.expected.includes;
        assert.ok(values.some((v) => typeof v === 'string' && v.includes(text)), `${row.element}: "${text}" not at ${row.path} (found ${JSON.stringify(values)})`);
      }
    }
    // Every field of the model is placed somewhere (a new field must get a row, and a place in elm.ts).
    const covered = new Set<string>([...rows.map((r) => r.key), ...NOT_IN_EXAMPLE]);
    for (const key of Object.keys(SpecificationSchema.shape)) assert.ok(covered.has(key), `no ELM row for "${key}"`);
  });

  it('without a confirmed concept URI the value is a note: onsite, formal, PRK, QF-EHEA cycle, non-EU language, ZSK', () => {
    const doc = buildElmSpecification(variantSpec(), ELM_OPTIONS);
    const q = doc[Q] as JsonObject;
    assert.equal(q.mode, undefined);
    assert.equal(doc.mode, undefined);
    assert.equal(q.learningSetting, undefined);
    assert.equal(q.nqfLevel, undefined);
    assert.deepEqual(valuesAt(doc, `${Q}.language.id`), ['http://publications.europa.eu/resource/authority/language/POL']);
    const notes = valuesAt(doc, `${NOTES}.en`).join('\n');
    for (const text of ['Form of participation: Onsite', 'Learning setting: Formal', 'PQF (PRK) level 7', 'QF-EHEA cycle: Second cycle', 'Language: Ukrainian']) {
      assert.ok(notes.includes(text), `no note "${text}" in:\n${notes}`);
    }
    assert.ok(valuesAt(doc, `${Q}.identifier.notation`).includes('ZRK-123'));
    assert.equal(q.isPartialQualification, false);
    assert.equal(valuesAt(doc, `${ORG}.registration.notation`)[0], '0000123456', 'KRS is the registration');
    assert.deepEqual(valuesAt(doc, `${ORG}.vatIdentifier.notation`), ['PL5251234560']);
    assert.deepEqual(valuesAt(doc, `${Q}.creditPoint.point`), ['2.5']);
    assert.deepEqual(valuesAt(doc, `${Q}.thematicArea.id`), ['http://data.europa.eu/snb/isced-f/06']);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('schema.org Course', () => {
  const options = { url: OFFER_URL, provider: { name: 'Uniwersytet Przykładowy w Warszawie', url: 'https://uni.example.pl' }, lang: 'pl' as const };

  it('has the shape of a schema.org Course', () => {
    const spec = validSpec();
    const course = buildSchemaOrgCourse(spec, options);
    assert.equal(course['@context'], 'https://schema.org');
    assert.equal(course['@type'], 'Course');
    assert.equal(course['@id'], OFFER_URL);
    assert.equal(course.url, OFFER_URL);
    assert.equal(course.name, 'Analiza danych w Pythonie');
    assert.equal(course.description, spec.description?.pl);
    assert.equal(course.courseCode, 'MC-PY-01');
    assert.deepEqual(course.provider, { '@type': 'Organization', name: 'Uniwersytet Przykładowy w Warszawie', url: 'https://uni.example.pl' });
    assert.deepEqual(course.inLanguage, ['pl', 'en']);
    assert.deepEqual(course.numberOfCredits, { '@type': 'StructuredValue', value: 5, unitText: 'ECTS' });
    assert.equal(course.timeRequired, 'PT125H');
    assert.deepEqual(course.teaches, spec.learningOutcomes.map((o) => o.text.pl));
    assert.deepEqual(course.educationalLevel, {
      '@type': 'DefinedTerm', name: 'Poziom 6 ERK', termCode: '6', url: 'http://data.europa.eu/snb/eqf/6',
      inDefinedTermSet: 'http://data.europa.eu/snb/eqf/25831c2',
    });
    const credential = course.educationalCredentialAwarded as JsonObject;
    assert.equal(credential['@type'], 'EducationalOccupationalCredential');
    assert.equal(credential.credentialCategory, 'Mikropoświadczenie');
    assert.equal(course.coursePrerequisites, spec.prerequisites?.pl);
    assert.equal((course.about as JsonObject).termCode, '0613');
    assert.deepEqual(course.hasCourseInstance, [{
      '@type': 'CourseInstance', courseMode: 'blended', eventAttendanceMode: 'https://schema.org/MixedEventAttendanceMode',
      inLanguage: ['pl', 'en'], courseWorkload: 'PT125H',
    }]);
    assert.equal('isAccessibleForFree' in course, false);
    assert.equal('offers' in course, false);
  });

  it('maps each form of participation to schema.org values, in the language asked for', () => {
    const expected = {
      online: ['online', 'https://schema.org/OnlineEventAttendanceMode'],
      onsite: ['onsite', 'https://schema.org/OfflineEventAttendanceMode'],
      blended: ['blended', 'https://schema.org/MixedEventAttendanceMode'],
    } as const;
    for (const [mode, [courseMode, attendance]] of Object.entries(expected)) {
      const course = buildSchemaOrgCourse(validSpec({ ...specification(), participationMode: mode }), { ...options, lang: 'en' });
      const [instance] = course.hasCourseInstance as JsonObject[];
      assert.equal(instance?.courseMode, courseMode);
      assert.equal(instance?.eventAttendanceMode, attendance);
      assert.equal(course.name, 'Data analysis in Python');
      assert.equal((course.educationalCredentialAwarded as JsonObject).credentialCategory, 'Micro-credential');
    }
  });

  it('leaves out what the specification does not give', () => {
    const input = specification();
    for (const key of ['humanCode', 'workloadHours', 'prerequisites', 'iscedF']) delete input[key];
    Object.assign(input, { eqfLevel: null, prkLevel: null, languages: ['pl'] });
    const course = buildSchemaOrgCourse(validSpec(input), { ...options, provider: { name: '' } });
    for (const key of ['courseCode', 'timeRequired', 'coursePrerequisites', 'about', 'educationalLevel']) assert.equal(key in course, false, key);
    assert.equal(course.inLanguage, 'pl');
    assert.deepEqual(course.provider, { '@type': 'Organization', name: 'Uniwersytet Przykładowy w Warszawie', url: 'https://uni.example.pl' });
  });
});
