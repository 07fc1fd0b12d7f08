/**
 * The credential core end to end: issue → verify, tampering with every value, wrong keys, dates, revocation and
 * suspension, interoperability with the plain reference library both ways, and hostile input to the verifier.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {
  buildCredential, buildStatusListCredential, createSigner, newStatusList, OfflineDidResolver, signCredential,
  SigningError, StaticStatusListSource, statusEntry, validateOpenBadge, verifyCredential,
  type Check, type CheckId, type IssuerKey, type IssuerKeyFile, type JsonObject, type VerificationReport,
} from '../src/credentials/index.ts';
import { validateAward, validateSpecification } from '../src/model/index.ts';
import {
  assertOpenBadgeSchema, award, DCC_EXPECTATIONS, issueExample, referenceIssued, newKey, plainCryptosuite, referenceLoader, referenceVerify, specification,
} from './fixtures.ts';

function checkOf(report: VerificationReport, id: CheckId): Check {
  const found = report.checks.find((c) => c.id === id);
  assert.ok(found, `no ${id} check`);
  return found;
}

function assertAllPassed(report: VerificationReport): void {
  for (const c of report.checks) assert.equal(c.status, 'passed', `${c.id}: ${c.message.en}`);
  assert.equal(report.verdict, 'valid');
}

let issuer: { file: IssuerKeyFile; key: IssuerKey };
let credential: JsonObject;

before(async () => {
  issuer = await newKey();
  credential = await issueExample(issuer.key);
});

describe('issue and verify', () => {
  it('round trip: a freshly issued credential passes every check', async () => {
    const report = await verifyCredential(credential);
    assertAllPassed(report);
    assert.equal(report.summary?.learnerName, 'Zofia Wiśniewska-Łęcka');
    assert.equal(report.summary?.microCredential, true);
  });

  it('carries the Annex I elements in OB 3.0 properties and the mc: extension', () => {
    const subject = credential.credentialSubject as JsonObject;
    const achievement = subject.achievement as JsonObject;
    assert.deepEqual(credential.type, ['VerifiableCredential', 'OpenBadgeCredential']);
    assert.equal(achievement.achievementType, 'MicroCredential');
    assert.equal(achievement.creditsAvailable, 5);
    assert.equal(achievement['mc:eqfLevel'], 6);
    assert.equal(achievement['mc:prkLevel'], 6);
    assert.equal(achievement['mc:participationMode'], 'blended');
    assert.deepEqual((achievement['mc:nameTranslations'] as JsonObject).en, 'Data analysis in Python');
    assert.ok(Array.isArray(credential.proof));
    assert.equal((credential.issuer as JsonObject).id, issuer.key.controller);
    const address = (credential.issuer as JsonObject).address as JsonObject;
    assert.equal(address.addressCountryCode, 'PL');
    const alignments = achievement.alignment as JsonObject[];
    assert.ok(alignments.some((a) => a.targetUrl === 'http://data.europa.eu/snb/eqf/6'));
    assert.ok(alignments.some((a) => a.targetUrl === 'http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d'));
    const identifiers = subject.identifier as JsonObject[];
    assert.ok(identifiers.some((i) => i.identityType === 'emailAddress' && i.hashed === true));
    assert.ok(!JSON.stringify(credential).includes('zofia.wisniewska@example.com'), 'e-mail must be hashed');
    assert.ok(!JSON.stringify(credential).includes('2002-02-15'), 'date of birth must be hashed');
    assert.deepEqual((subject.result as JsonObject[])[0]?.value, '4.5');
  });

  it('validFrom is the issue time and validUntil follows the validity period (P5Y)', async () => {
    const now = new Date('2026-06-30T10:00:00Z');
    const c = await issueExample(issuer.key, { now });
    assert.equal(c.validFrom, '2026-06-30T10:00:00Z');
    assert.equal(c.awardedDate, '2026-06-30T10:00:00Z');
    assert.equal(c.validUntil, '2031-06-30T10:00:00Z');
  });

  it('refuses to sign when the issuer is not the key controller', async () => {
    const other = await newKey();
    const spec = validateSpecification(specification());
    assert.ok(spec.ok);
    const a = validateAward(spec.value, award());
    assert.ok(a.ok);
    const unsigned = buildCredential(spec.value, a.value, { issuerId: other.key.controller });
    await assert.rejects(signCredential(unsigned, issuer.key), SigningError);
  });

  it('reports every problem of a bad specification instead of issuing', async () => {
    const { issueMicroCredential } = await import('../src/credentials/index.ts');
    const spec = specification();
    spec.eqfLevel = 9;
    delete (spec.title as JsonObject).en;
    const result = await issueMicroCredential({ specification: spec, award: award(), key: issuer.key });
    assert.equal(result.ok, false);
    const paths = !result.ok ? result.problems.map((p) => p.path) : [];
    assert.ok(paths.includes('specification.eqfLevel'));
    assert.ok(paths.includes('specification.title.en'));
  });
});

/** Every path to a primitive value in a JSON document. */
function leaves(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [path];
}

/** A different value of the same kind: dates shifted by a second, last character changed, numbers +1, booleans flipped. */
function mutate(value: unknown): unknown {
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value)) return new Date(Date.parse(value) + 1000).toISOString().replace('.000Z', 'Z');
    if (value === '') return 'x';
    const last = value.at(-1) ?? 'a';
    const replacement = last === 'a' ? 'b' : /[0-9]/.test(last) ? String((Number(last) + 1) % 10) : 'a';
    return value.slice(0, -1) + replacement;
  }
  return 'changed';
}

function setAt(doc: JsonObject, path: Array<string | number>, value: unknown): JsonObject {
  const copy = structuredClone(doc);
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1) as string | number] = value;
  return copy;
}

describe('integrity', () => {
  it('changing any single value of a signed credential makes verification fail', async () => {
    const paths = leaves(credential);
    assert.ok(paths.length > 100, `only ${paths.length} leaves`);
    const survivors: string[] = [];
    for (const path of paths) {
      const original = path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], credential);
      const tampered = setAt(credential, path, mutate(original));
      const report = await verifyCredential(tampered);
      if (report.verdict !== 'invalid') survivors.push(`${path.join('.')} (${report.verdict})`);
    }
    assert.deepEqual(survivors, [], `tampering not detected at: ${survivors.join(', ')}`);
  });

  it('adding or removing a property also breaks the signature', async () => {
    const added = structuredClone(credential);
    (added.credentialSubject as JsonObject).narrative = 'Also excellent at SQL.';
    assert.equal(checkOf(await verifyCredential(added), 'proof').status, 'failed');
    const removed = structuredClone(credential);
    delete (removed.credentialSubject as JsonObject).result;
    assert.equal(checkOf(await verifyCredential(removed), 'proof').status, 'failed');
  });

  it('a proof made with another key than the one it names fails', async () => {
    const thief = await newKey();
    const pair = await Ed25519Multikey.from(thief.file);
    assert.ok(pair.secretKey);
    const forgedKey: IssuerKey = { ...issuer.key, signer: createSigner(issuer.key.id, pair.secretKey) };
    const spec = validateSpecification(specification());
    const a = spec.ok ? validateAward(spec.value, award()) : undefined;
    assert.ok(spec.ok && a?.ok);
    const forged = await signCredential(buildCredential(spec.value, a.value, { issuerId: issuer.key.controller }), forgedKey);
    const report = await verifyCredential(forged);
    assert.equal(report.verdict, 'invalid');
    assert.equal(checkOf(report, 'proof').status, 'failed');
    assert.match(checkOf(report, 'proof').message.en, /signature does not match/);
  });

  it('a credential whose key belongs to someone else than its issuer fails the issuer check', async () => {
    const other = await newKey();
    const tampered = structuredClone(credential);
    (tampered.proof as JsonObject[])[0] = { ...(tampered.proof as JsonObject[])[0], verificationMethod: other.key.id };
    const report = await verifyCredential(tampered);
    assert.equal(report.verdict, 'invalid');
    assert.equal(checkOf(report, 'issuer').status, 'failed');
  });

  it('an unresolvable issuer key (did:web offline, unknown method) is reported on the issuer check', async () => {
    const web = await newKey('did:web:uni.example.pl');
    const spec = validateSpecification(specification());
    const a = spec.ok ? validateAward(spec.value, award()) : undefined;
    assert.ok(spec.ok && a?.ok);
    const signed = await signCredential(buildCredential(spec.value, a.value, { issuerId: web.key.controller }), web.key);
    assertOpenBadgeSchema(signed);
    const offline = await verifyCredential(signed);
    assert.equal(checkOf(offline, 'issuer').status, 'warning');
    assert.equal(checkOf(offline, 'proof').status, 'skipped');
    assert.equal(offline.verdict, 'indeterminate');
    // With the DID document given, the did:web credential verifies.
    const resolver = new OfflineDidResolver().register({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: 'did:web:uni.example.pl',
      verificationMethod: [{ id: web.key.id, type: 'Multikey', controller: web.key.controller, publicKeyMultibase: web.key.publicKeyMultibase }],
      assertionMethod: [web.key.id],
    });
    assertAllPassed(await verifyCredential(signed, { resolver }));
    const unknown = structuredClone(signed);
    (unknown.proof as JsonObject[])[0] = { ...(unknown.proof as JsonObject[])[0], verificationMethod: 'did:example:123#key-1' };
    assert.equal(checkOf(await verifyCredential(unknown), 'issuer').status, 'failed');
  });
});

describe('validity dates', () => {
  it('expired: verification after validUntil fails the validity check only', async () => {
    const report = await verifyCredential(credential, { now: new Date(Date.parse(String(credential.validUntil)) + 86_400_000) });
    assert.equal(report.verdict, 'invalid');
    assert.equal(checkOf(report, 'validity').status, 'failed');
    assert.match(checkOf(report, 'validity').message.en, /expired/);
    assert.equal(checkOf(report, 'proof').status, 'passed');
  });

  it('not yet valid: a credential valid from a future date fails the validity check', async () => {
    const future = award();
    (future.result as JsonObject).validUntil = '2040-01-01T00:00:00Z';
    const c = await issueExample(issuer.key, { award: future });
    const report = await verifyCredential(c, { now: new Date(Date.parse(String(c.validFrom)) - 3_600_000) });
    assert.equal(checkOf(report, 'validity').status, 'failed');
    assert.match(checkOf(report, 'validity').message.pl, /jeszcze ważne/);
    assert.equal(checkOf(report, 'proof').status, 'passed');
  });

  it('the reference library agrees that a credential past validUntil is invalid', async () => {
    const expired = structuredClone(credential);
    const result = await vc.verifyCredential({
      credential: expired, suite: new DataIntegrityProof({ cryptosuite: plainCryptosuite }),
      documentLoader: referenceLoader(), now: new Date('2100-01-01T00:00:00Z'), checkStatus: async () => ({ verified: true }),
    });
    assert.equal(result.verified, false);
  });
});

describe('status lists', () => {
  const revocationUrl = 'https://uni.example.pl/status/1';
  const suspensionUrl = 'https://uni.example.pl/status/2';

  async function lists(revoked: number[], suspended: number[]): Promise<JsonObject[]> {
    const out: JsonObject[] = [];
    for (const [url, purpose, set] of [[revocationUrl, 'revocation', revoked], [suspensionUrl, 'suspension', suspended]] as const) {
      const list = await newStatusList();
      for (const i of set) list.setStatus(i, true);
      out.push(await signCredential(await buildStatusListCredential({ id: url, issuerId: issuer.key.controller, statusPurpose: purpose, list }), issuer.key));
    }
    return out;
  }

  it('one revocation entry keeps the credential valid against the official OB 3.0 schema', async () => {
    const c = await issueExample(issuer.key, { status: [statusEntry(revocationUrl, 3, 'revocation')] });
    const source = new StaticStatusListSource(await lists([], []));
    assertAllPassed(await verifyCredential(c, { statusLists: source }));
  });

  it('revoked: the status check fails and says so', async () => {
    const c = await issueExample(issuer.key, { status: [statusEntry(revocationUrl, 3, 'revocation')] });
    const report = await verifyCredential(c, { statusLists: new StaticStatusListSource(await lists([3], [])) });
    assert.equal(report.verdict, 'invalid');
    assert.equal(checkOf(report, 'status').status, 'failed');
    assert.match(checkOf(report, 'status').message.en, /REVOKED/);
    assert.match(checkOf(report, 'status').message.pl, /UNIEWAŻNIONE/);
    // Another index in the same list is unaffected.
    const other = await issueExample(issuer.key, { status: [statusEntry(revocationUrl, 4, 'revocation')] });
    assert.equal((await verifyCredential(other, { statusLists: new StaticStatusListSource(await lists([3], [])) })).verdict, 'valid');
  });

  it('suspended, then lifted: with a suspension entry as well', async () => {
    const status = [statusEntry(revocationUrl, 9, 'revocation'), statusEntry(suspensionUrl, 9, 'suspension')];
    const c = await issueExample(issuer.key, { status, strictSchema: false });
    // Two entries are valid VC 2.0 but over the OB 3.0 schema's one-entry limit: that is the only schema error.
    assert.deepEqual(validateOpenBadge(c).errors.map((e) => e.instancePath), ['/credentialStatus']);
    const suspended = await verifyCredential(c, { statusLists: new StaticStatusListSource(await lists([], [9])) });
    assert.equal(checkOf(suspended, 'status').status, 'failed');
    assert.match(checkOf(suspended, 'status').message.en, /SUSPENDED/);
    const lifted = await verifyCredential(c, { statusLists: new StaticStatusListSource(await lists([], [])) });
    assert.equal(checkOf(lifted, 'status').status, 'passed');
  });

  it('status list unreachable: "could not be checked", never valid', async () => {
    const c = await issueExample(issuer.key, { status: [statusEntry(revocationUrl, 3, 'revocation')] });
    const report = await verifyCredential(c);
    assert.equal(report.verdict, 'indeterminate');
    assert.equal(checkOf(report, 'status').status, 'warning');
    assert.match(checkOf(report, 'status').message.en, /could not be checked/);
  });

  it('a status list signed by someone else is rejected', async () => {
    const c = await issueExample(issuer.key, { status: [statusEntry(revocationUrl, 3, 'revocation')] });
    const mallory = await newKey();
    const list = await newStatusList();
    const fake = await signCredential(await buildStatusListCredential({ id: revocationUrl, issuerId: mallory.key.controller, statusPurpose: 'revocation', list }), mallory.key);
    const report = await verifyCredential(c, { statusLists: new StaticStatusListSource([fake]) });
    assert.equal(checkOf(report, 'status').status, 'failed');
    assert.equal(report.verdict, 'invalid');
  });
});

describe('interoperability with the plain reference library', () => {
  it('our credential is accepted by the reference verifyCredential', async () => {
    const result = await referenceVerify(credential);
    assert.equal(result.verified, true, JSON.stringify(result.error ?? result.results?.[0]?.error?.message));
  });

  it('the reference rejects our credential once tampered', async () => {
    const tampered = structuredClone(credential);
    ((tampered.credentialSubject as JsonObject).achievement as JsonObject).creditsAvailable = 30;
    assert.equal((await referenceVerify(tampered)).verified, false);
  });

  it('a credential signed by the plain reference library is accepted by our verifier', async () => {
    const signed = await referenceIssued(issuer);
    const report = await verifyCredential(signed);
    assert.equal(checkOf(report, 'proof').status, 'passed');
    assert.equal(checkOf(report, 'issuer').status, 'passed');
    // The reference emits `proof` as one object; the OB 3.0 schema wants an array: noted, not fatal.
    assert.equal(checkOf(report, 'schema').status, 'warning');
    assert.equal(report.verdict, 'valid');
    assertOpenBadgeSchema({ ...signed, proof: [signed.proof] });
  });
});

describe('credentials of another issuer (test/fixtures/ob3-dcc)', () => {
  for (const [file, verdict, checks] of DCC_EXPECTATIONS) {
    it(`${file}: ${verdict}`, async () => {
      const { readFileSync } = await import('node:fs');
      const doc = JSON.parse(readFileSync(new URL(`./fixtures/ob3-dcc/${file}`, import.meta.url), 'utf8')) as JsonObject;
      const report = await verifyCredential(doc);
      assert.equal(report.verdict, verdict, JSON.stringify(report.checks.map((c) => [c.id, c.status, c.message.en])));
      for (const [id, status] of Object.entries(checks)) assert.equal(checkOf(report, id as CheckId).status, status, id);
      if (file === 'safeModeBreaker.json') assert.match(checkOf(report, 'proof').message.en, /safe mode/);
    });
  }
});

describe('hostile and malformed input to the verifier', () => {
  const cases: Array<[string, (c: JsonObject) => unknown, RegExp]> = [
    ['null', () => null, /not a credential/],
    ['an array', () => [credential], /not a credential/],
    ['a string', () => 'credential', /not a credential/],
    ['no proof', (c) => { delete c.proof; return c; }, /no proof/],
    ['empty proof array', (c) => ({ ...c, proof: [] }), /no proof/],
    ['proof without verificationMethod', (c) => ({ ...c, proof: [{ type: 'DataIntegrityProof' }] }), /does not name its key/],
    ['unknown context', (c) => ({ ...c, '@context': [...(c['@context'] as string[]), 'https://example.com/unknown/v1'] }), /Unknown JSON-LD context/],
    ['no VC context first', (c) => ({ ...c, '@context': ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'] }), /first "@context"/],
    ['issuer is a number', (c) => ({ ...c, issuer: 42 }), /issuer is missing/],
    ['type without VerifiableCredential', (c) => ({ ...c, type: 'Foo' }), /VerifiableCredential/],
    ['no credentialSubject', (c) => { delete c.credentialSubject; return c; }, /credentialSubject/],
  ];
  for (const [name, make, message] of cases) {
    it(`${name}: invalid with a clear format message`, async () => {
      const report = await verifyCredential(make(structuredClone(credential)));
      assert.equal(report.verdict, 'invalid');
      assert.equal(checkOf(report, 'format').status, 'failed');
      assert.match(checkOf(report, 'format').message.en, message);
      assert.ok(checkOf(report, 'format').message.pl.length > 0);
    });
  }

  it('wrong value types inside a signed credential are invalid, never a crash', async () => {
    const mutations: Array<(c: JsonObject) => void> = [
      (c) => { c.credentialSubject = 'x'; },
      (c) => { c.validFrom = 'yesterday'; },
      (c) => { (c.proof as JsonObject[])[0] = { ...(c.proof as JsonObject[])[0], proofValue: 42 }; },
      (c) => { (c.proof as JsonObject[])[0] = { ...(c.proof as JsonObject[])[0], cryptosuite: 'ecdsa-rdfc-2019' }; },
      (c) => { (c.proof as JsonObject[])[0] = { ...(c.proof as JsonObject[])[0], verificationMethod: 'did:key:zNotAKey#zNotAKey' }; },
      (c) => { c.credentialStatus = { type: 'BitstringStatusListEntry', statusListIndex: 'abc' }; },
      (c) => { ((c.credentialSubject as JsonObject).achievement as JsonObject).type = 'Achievement'; },
    ];
    for (const mutation of mutations) {
      const c = structuredClone(credential);
      mutation(c);
      const report = await verifyCredential(c);
      assert.equal(report.verdict, 'invalid', JSON.stringify(report.checks.map((x) => [x.id, x.status, x.message.en])));
    }
  });

  it('a micro-credential missing a mandatory element fails the EU elements check by name', async () => {
    const spec = validateSpecification(specification());
    const a = spec.ok ? validateAward(spec.value, award()) : undefined;
    assert.ok(spec.ok && a?.ok);
    const unsigned = buildCredential(spec.value, a.value, { issuerId: issuer.key.controller });
    delete ((unsigned.credentialSubject as JsonObject).achievement as JsonObject)['mc:qualityAssurance'];
    const report = await verifyCredential(await signCredential(unsigned, issuer.key));
    assert.equal(checkOf(report, 'proof').status, 'passed');
    assert.equal(checkOf(report, 'elements').status, 'failed');
    assert.match(checkOf(report, 'elements').message.en, /quality assurance/);
    assert.match(checkOf(report, 'elements').message.pl, /zapewniania jakości/);
    assert.equal(report.verdict, 'invalid');
  });
});

describe('did:web issuers', () => {
  it('maps URLs to DIDs and DIDs to document URLs', async () => {
    const { didWebFromUrl, didWebDocumentUrl } = await import('../src/credentials/index.ts');
    assert.equal(didWebFromUrl('https://uni.example.pl'), 'did:web:uni.example.pl');
    assert.equal(didWebFromUrl('http://localhost:3000/i/umk'), 'did:web:localhost%3A3000:i:umk');
    assert.equal(didWebDocumentUrl('did:web:uni.example.pl'), 'https://uni.example.pl/.well-known/did.json');
    assert.equal(didWebDocumentUrl('did:web:localhost%3A3000:i:umk'), 'http://localhost:3000/i/umk/did.json');
    assert.throws(() => didWebDocumentUrl('did:key:z6Mk'), RangeError);
  });

  it('after key rotation, credentials signed with the old key still verify against the new document', async () => {
    const { didWebDocument } = await import('../src/credentials/index.ts');
    const did = 'did:web:uni.example.pl';
    const oldKey = await newKey(did);
    const newer = await newKey(did);
    const spec = validateSpecification(specification());
    const a = spec.ok ? validateAward(spec.value, award()) : undefined;
    assert.ok(spec.ok && a?.ok);
    const signedOld = await signCredential(buildCredential(spec.value, a.value, { issuerId: did }), oldKey.key);
    const signedNew = await signCredential(buildCredential(spec.value, a.value, { issuerId: did }), newer.key);
    const resolver = new OfflineDidResolver().register(didWebDocument(did, [oldKey.key, newer.key]));
    assertAllPassed(await verifyCredential(signedOld, { resolver }));
    assertAllPassed(await verifyCredential(signedNew, { resolver }));
    // A document that dropped the old key no longer vouches for it.
    const dropped = new OfflineDidResolver().register(didWebDocument(did, [newer.key]));
    assert.equal(checkOf(await verifyCredential(signedOld, { resolver: dropped }), 'issuer').status, 'failed');
  });
});

describe('status list cache', () => {
  it('a list changed after it was verified once is verified again (and rejected)', async () => {
    const { key } = await newKey();
    const url = 'https://uni.example.pl/status/9';
    const c = await issueExample(key, { status: [statusEntry(url, 5, 'revocation')] });
    const list = await newStatusList();
    const signed = await signCredential(await buildStatusListCredential({ id: url, issuerId: key.controller, statusPurpose: 'revocation', list }), key);
    assert.equal((await verifyCredential(c, { statusLists: new StaticStatusListSource([signed]) })).verdict, 'valid');
    // Same id and proof, other bits: the cached verification must not vouch for it.
    list.setStatus(5, true);
    const forged = structuredClone(signed);
    (forged.credentialSubject as JsonObject).encodedList = await list.encode();
    const report = await verifyCredential(c, { statusLists: new StaticStatusListSource([forged]) });
    assert.equal(checkOf(report, 'status').status, 'failed');
    assert.match(checkOf(report, 'status').message.en, /not authentic/);
  });
});

describe('offline document loader and raw input', () => {
  it('an unknown URL is an error, never a fetch', async () => {
    const { createDocumentLoader, UnknownDocumentError } = await import('../src/credentials/index.ts');
    const loader = createDocumentLoader({ resolver: new OfflineDidResolver() });
    await assert.rejects(loader('https://example.com/contexts/v1'), UnknownDocumentError);
    const known = await loader('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json');
    assert.ok(known.document);
  });

  it('an unknown context nested inside a signed credential fails the proof check with its URL', async () => {
    const c = structuredClone(credential);
    (c.credentialSubject as JsonObject)['@context'] = 'https://example.com/nested/v1';
    const report = await verifyCredential(c);
    assert.equal(report.verdict, 'invalid');
    assert.match(checkOf(report, 'proof').message.en, /https:\/\/example\.com\/nested\/v1/);
  });

  it('unusable bytes are refused with a reason in both languages', async () => {
    const { parseJsonObject, CredentialInputError } = await import('../src/credentials/index.ts');
    const cases: Array<[string, Uint8Array, string]> = [
      ['empty', Buffer.from(''), 'empty'],
      ['whitespace', Buffer.from('  \n'), 'empty'],
      ['PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'pdf'],
      ['binary', Buffer.from([0x7b, 0x00, 0xff, 0x10]), 'binary'],
      ['not UTF-8', Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), 'binary'],
      ['JWT', Buffer.from('eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln'), 'jwt'],
      ['malformed JSON', Buffer.from('{"a":'), 'malformed_json'],
      ['array', Buffer.from('[1,2]'), 'not_object'],
      ['50 MB', Buffer.alloc(50 * 1024 * 1024, 0x20), 'too_large'],
    ];
    for (const [name, bytes, code] of cases) {
      assert.throws(() => parseJsonObject(bytes), (error: unknown) => {
        assert.ok(error instanceof CredentialInputError, name);
        assert.equal(error.code, code, name);
        assert.ok(error.text.pl && error.text.en && error.text.pl !== error.text.en, name);
        return true;
      });
    }
    assert.deepEqual(parseJsonObject(Buffer.from('\uFEFF{"a":1}')), { a: 1 });
  });
});
