/**
 * Test fixtures: the example specification and award, issuer keys, signed credentials and status lists, and the
 * plain reference verifier setup (Digital Bazaar libraries with their own document loader and did:key driver).
 */
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as plainCryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { securityLoader } from '@digitalbazaar/security-document-loader';
import { validateAward, validateSpecification } from '../src/model/index.ts';
import {
  buildCredential, didWebDocumentUrl,
  CONTEXTS, generateIssuerKey, issueMicroCredential, loadIssuerKey, validateOpenBadge,
  type IssuerKey, type IssuerKeyFile, type JsonObject, type StatusEntry,
} from '../src/credentials/index.ts';

const root = new URL('../', import.meta.url);

export function readJson(path: string): JsonObject {
  return JSON.parse(readFileSync(new URL(path, root), 'utf8')) as JsonObject;
}

export const specification = (): JsonObject => readJson('examples/specification.json');
export const award = (): JsonObject => readJson('examples/learner.json');

/**
 * The example specification taking the other branches of the exports: onsite, formal, a non-EU language, KRS + VAT
 * + another identifier, percent grades, standalone, a ZSK code, no optional texts (no description, prerequisites,
 * further information, homepage, course code, supervision, assessment description, workload, validity, region).
 */
export function variantSpecification(): JsonObject {
  const input = specification();
  for (const key of ['description', 'prerequisites', 'furtherInfo', 'homepage', 'humanCode', 'supervisionVerification',
    'assessmentDescription', 'workloadHours', 'validityPeriod', 'issuerRegion']) delete input[key];
  Object.assign(input, {
    participationMode: 'onsite', learningSetting: 'formal', languages: ['pl', 'uk'],
    eqfLevel: 7, prkLevel: 7, qfEheaCycle: 'second', iscedF: '06', gradingScheme: 'percent', ectsCredits: 2.5,
    stackability: { mode: 'standalone', stacksInto: [] }, zskCode: 'ZRK-123',
  });
  const body = input.awardingBody as JsonObject;
  body.identifiers = [{ scheme: 'KRS', value: '0000123456' }, { scheme: 'VAT', value: 'PL5251234560' }, { scheme: 'other', value: 'X-1' }];
  delete body.email;
  return input;
}

export async function newKey(controller?: string): Promise<{ file: IssuerKeyFile; key: IssuerKey }> {
  const file = await generateIssuerKey(controller ? { controller } : {});
  return { file, key: await loadIssuerKey(file) };
}

/** Issues the example credential; fails the test on any problem, and checks it against the official OB 3.0 schema. */
export async function issueExample(
  key: IssuerKey,
  options: { status?: StatusEntry[]; now?: Date; spec?: JsonObject; award?: JsonObject; strictSchema?: boolean } = {},
): Promise<JsonObject> {
  const result = await issueMicroCredential({
    specification: options.spec ?? specification(),
    award: options.award ?? award(),
    key,
    options: { ...(options.status ? { status: options.status } : {}), ...(options.now ? { now: options.now } : {}) },
  });
  assert.ok(result.ok, `issuance failed: ${JSON.stringify(!result.ok && result.problems)}`);
  if (options.strictSchema !== false) assertOpenBadgeSchema(result.credential);
  return result.credential;
}

export function assertOpenBadgeSchema(credential: unknown): void {
  const result = validateOpenBadge(credential);
  assert.ok(result.valid, `not valid against the official OB 3.0 schema: ${JSON.stringify(result.errors)}`);
}

/** The reference verifier: @digitalbazaar/vc with the plain cryptosuite and the security document loader. */
export function referenceLoader(): vc.DocumentLoader {
  const loader = securityLoader();
  // The loader knows the W3C, DID and security contexts itself; it is given only the OB 3.0 ones and ours.
  for (const [url, doc] of CONTEXTS) {
    if (url.startsWith('https://purl.imsglobal.org/') || url.startsWith('https://w3id.org/mikrocred/')) loader.addStatic(url, doc);
  }
  return loader.build();
}

export async function referenceVerify(credential: JsonObject): Promise<vc.VerifyCredentialResult> {
  return vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite: plainCryptosuite }),
    documentLoader: referenceLoader(),
    checkStatus: async () => ({ verified: true }),
  });
}

export { plainCryptosuite };

/**
 * The reference library's document loader against a platform app, without a network: contexts offline, did:web
 * documents and the platform's status lists (`<base>/i/…`) answered by `app.inject`.
 */
export function appReferenceLoader(app: { inject(options: { method: 'GET'; url: string }): Promise<{ json<T = unknown>(): T }> }, base: string): vc.DocumentLoader {
  const offline = referenceLoader();
  return async (url: string) => {
    if (url.startsWith('did:web:')) {
      const [did = '', fragment] = url.split('#');
      const res = await app.inject({ method: 'GET', url: new URL(didWebDocumentUrl(did)).pathname });
      const document = res.json<{ '@context': unknown; verificationMethod?: JsonObject[] }>();
      if (fragment === undefined) return { contextUrl: null, documentUrl: url, document };
      const method = document.verificationMethod?.find((m) => m.id === url);
      return { contextUrl: null, documentUrl: url, document: { '@context': document['@context'], ...method } };
    }
    if (url.startsWith(`${base}/i/`)) {
      const res = await app.inject({ method: 'GET', url: url.slice(base.length) });
      return { contextUrl: null, documentUrl: url, document: res.json() };
    }
    return offline(url);
  };
}

/**
 * The example credential signed by the plain reference library (vc.issue, DataIntegrityProof, eddsa-rdfc-2022 from
 * @digitalbazaar, a signer from Ed25519Multikey): what another issuer using the same libraries would send.
 */
export async function referenceIssued(issuer: { file: IssuerKeyFile; key: IssuerKey }): Promise<JsonObject> {
  const spec = validateSpecification(specification());
  const awarded = spec.ok ? validateAward(spec.value, award()) : undefined;
  assert.ok(spec.ok && awarded?.ok, 'the example specification and learner must be valid');
  const pair = await Ed25519Multikey.from(issuer.file);
  return await vc.issue({
    credential: buildCredential(spec.value, awarded.value, { issuerId: issuer.key.controller }),
    suite: new DataIntegrityProof({ signer: pair.signer(), cryptosuite: plainCryptosuite }),
    documentLoader: referenceLoader(),
  }) as JsonObject;
}

/** The DCC credentials in test/fixtures/ob3-dcc, each with the verdict and check results it must get offline. */
export const DCC_EXPECTATIONS: ReadonlyArray<readonly [file: string, verdict: 'valid' | 'invalid' | 'indeterminate', checks: Readonly<Record<string, 'passed' | 'failed' | 'warning'>>]> = [
  ['v2OBv3SpecExample.json', 'valid', { proof: 'passed' }],
  ['v1OBv3SpecExample.json', 'valid', { proof: 'passed' }],
  ['v2NoStatus.json', 'valid', { proof: 'passed' }],
  ['v2SimpleIssuerId.json', 'valid', { proof: 'passed' }],
  ['v1NoStatus.json', 'valid', { proof: 'passed' }],
  ['v2Expired.json', 'invalid', { proof: 'passed', validity: 'failed' }],
  ['v2EddsaWithValidStatus.json', 'indeterminate', { proof: 'passed', status: 'warning' }],
  ['v2Revoked.json', 'indeterminate', { proof: 'passed', status: 'warning' }],
  ['safeModeBreaker.json', 'invalid', { proof: 'failed' }],
];
