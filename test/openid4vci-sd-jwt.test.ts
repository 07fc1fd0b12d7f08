/**
 * OpenID4VCI 1.0 with the SD-JWT VC configuration `MicroCredential_dc+sd-jwt` (docs/learner.md, "OpenID4VCI",
 * "SD-JWT VC"), driven as a wallet would on PGlite (or PostgreSQL): offer → token → nonce → credential with a `jwt`
 * proof of the wallet's own Ed25519 key. The SD-JWT VC received is verified independently with `@sd-jwt/sd-jwt-vc`
 * (the institution's public key resolved from its did:web document over HTTP, the Status List Token and the Type
 * Metadata fetched from the app), then presented with only some disclosures and a key binding JWT. Revocation is
 * checked in the Status List Token at the credential's index, with the bits decoded here by zlib (not the library),
 * and a unit test pins the W3C (most significant bit first) to IETF (least significant bit first) conversion.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, randomBytes, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import { gunzipSync, inflateSync } from 'node:zlib';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { SDJwtVcInstance, TypeMetadataFormatSchema, type SdJwtVcPayload } from '@sd-jwt/sd-jwt-vc';
import type { Hasher, KbVerifier, Verifier } from '@sd-jwt/types';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from 'jose';
import { buildApp } from '../src/http/app.ts';
import { didWebDocumentUrl, newStatusList } from '../src/credentials/index.ts';
import { sha256Hasher } from '../src/credentials/sd-jwt-vc.ts';
import { tokenStatusListOf } from '../src/credentials/token-status-list.ts';
import type { Platform } from '../src/services/platform.ts';
import { databaseKind, openTestPlatform, seedTenant, type Tenant, type TestPlatform } from './platform-fixture.ts';

type Json = Record<string, unknown>;
type Response = LightMyRequestResponse;

const BASE = 'https://sd-jwt-issuer.test.example';
const GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
const SD_JWT = 'MicroCredential_dc+sd-jwt';
const LDP = 'OpenBadgeCredential_ldp_vc';
const LEARNER = {
  givenName: 'Zdzisława', familyName: 'Selektywna', email: 'zdzislawa.selektywna@example.org', studentNumber: 'S-40213', dateOfBirth: '1999-04-17',
};
const OTHER = { givenName: 'Inny', familyName: 'Student', email: 'inny.student@example.org' };

/** A wallet's Ed25519 key: its did:key, public JWK and a Node private key. */
interface WalletKey {
  readonly did: string;
  readonly kid: string;
  readonly jwk: JWK;
  readonly privateKey: KeyObject;
}

async function walletKey(): Promise<WalletKey> {
  const seed = randomBytes(32);
  const pair = await Ed25519Multikey.generate({ seed });
  const did = `did:key:${pair.publicKeyMultibase}`;
  const x = Buffer.from(pair.publicKey).toString('base64url');
  const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x, d: seed.toString('base64url') }, format: 'jwk' });
  return { did, kid: `${did}#${pair.publicKeyMultibase}`, jwk: { kty: 'OKP', crv: 'Ed25519', x }, privateKey };
}

/** The bit of `idx` in a Token Status List's `lst` (1 bit per status), decoded with zlib: LSB of the first byte is 0. */
function tokenBit(lst: string, idx: number): number {
  const bytes = inflateSync(Buffer.from(lst, 'base64url'));
  return ((bytes[Math.floor(idx / 8)] ?? 0) >> (idx % 8)) & 1;
}

describe('Token Status List from a W3C Bitstring Status List', () => {
  it('keeps each index: W3C index 0 is the first byte\'s most significant bit, the token\'s its least significant', async () => {
    const w3c = await newStatusList(131_072);
    const revoked = [0, 1, 9, 4242, 131_071];
    for (const index of revoked) w3c.setStatus(index, true);
    const encodedList = await w3c.encode();
    // The W3C bytes as they are (multibase base64url, GZIP): index 0 and 1 are the two high bits of byte 0.
    const w3cBytes = gunzipSync(Buffer.from(encodedList.replace(/^u/, ''), 'base64url'));
    assert.equal(w3cBytes[0], 0b1100_0000);
    const token = await tokenStatusListOf(encodedList);
    assert.equal(token.getBitsPerStatus(), 1);
    for (const index of revoked) assert.equal(token.getStatus(index), 1, `index ${index}`);
    for (const index of [2, 6, 7, 8, 10, 4241, 4243, 131_070]) assert.equal(token.getStatus(index), 0, `index ${index}`);
    // The token's bytes, decoded independently: the same indices, least significant bit first.
    const lst = token.compressStatusList();
    const bytes = inflateSync(Buffer.from(lst, 'base64url'));
    assert.equal(bytes.length, 131_072 / 8);
    assert.equal(bytes[0], 0b0000_0011);
    assert.equal(bytes[1], 0b0000_0010);
    for (const index of revoked) assert.equal(tokenBit(lst, index), 1, `index ${index}`);
    assert.equal(tokenBit(lst, 7), 0);
  });
});

describe(`OpenID4VCI SD-JWT VC on ${databaseKind}`, () => {
  let tp: TestPlatform;
  let platform: Platform;
  let app: FastifyInstance;
  let A: Tenant;
  let credentialId: string;
  let otherCredentialId: string;
  let learner: { token: string; csrf: string };
  let wallet: WalletKey;
  let accessToken: string;
  let sdJwt: string;

  const path = (url: string): string => url.startsWith(BASE) ? url.slice(BASE.length) : url;

  async function send(method: string, url: string, options: { json?: unknown; form?: Record<string, string>; headers?: Record<string, string>; learner?: boolean } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    let payload: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(options.json);
    } else if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams(options.form).toString();
    }
    if (options.learner) {
      headers.cookie = `mikrocred_learner=${learner.token}`;
      headers['x-csrf-token'] = learner.csrf;
    }
    return app.inject({ method: method as InjectOptions['method'], url: path(url), headers, ...(payload !== undefined ? { payload } : {}) });
  }

  function ok(res: Response, status = 200): Json {
    assert.equal(res.statusCode, status, res.body.slice(0, 800));
    return res.json<Json>();
  }

  function oauthError(res: Response, status: number, error: string): void {
    assert.equal(res.statusCode, status, res.body.slice(0, 500));
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = res.json<Json>();
    assert.equal(body.error, error, res.body);
    assert.equal(typeof body.error_description, 'string');
  }

  async function issue(person: Json): Promise<string> {
    const issued = ok(await app.inject({
      method: 'POST', url: `/api/v1/institutions/${A.institution.slug}/credentials`,
      headers: { authorization: `Bearer ${A.keys.issuer.key}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ specId: A.publishedSpecId, learner: person, result: { grade: '4.5' } }),
    }), 201);
    return String((issued.credential as Json).id);
  }

  async function revoke(id: string): Promise<void> {
    ok(await app.inject({
      method: 'POST', url: `/api/v1/institutions/${A.institution.slug}/credentials/${id}/revoke`,
      headers: { authorization: `Bearer ${A.keys.issuer.key}`, 'content-type': 'application/json' }, payload: JSON.stringify({ reason: 'Test SD-JWT' }),
    }));
  }

  async function offer(): Promise<{ offer: Json; code: string }> {
    const body = ok(await send('POST', `/api/v1/me/credentials/${credentialId}/offer`, { json: {}, learner: true }), 201);
    const parsed = JSON.parse(String(new URL(String(body.offerUri)).searchParams.get('credential_offer'))) as Json;
    return { offer: parsed, code: String(((parsed.grants as Json)[GRANT] as Json)['pre-authorized_code']) };
  }

  async function tokenFor(code: string): Promise<string> {
    return String(ok(await send('POST', '/openid4vci/token', { form: { grant_type: GRANT, 'pre-authorized_code': code } })).access_token);
  }

  async function nonce(): Promise<string> {
    return String(ok(await send('POST', '/openid4vci/nonce')).c_nonce);
  }

  async function proof(options: { nonce?: string } = {}): Promise<string> {
    return new SignJWT({ nonce: options.nonce ?? await nonce() }).setProtectedHeader({ alg: 'EdDSA', typ: 'openid4vci-proof+jwt', kid: wallet.kid })
      .setIssuedAt().setAudience(BASE).sign(wallet.privateKey);
  }

  function requestCredential(jwt: string, configuration = SD_JWT): Promise<Response> {
    return send('POST', '/openid4vci/credential', {
      headers: { authorization: `Bearer ${accessToken}` }, json: { credential_configuration_id: configuration, proofs: { jwt: [jwt] } },
    });
  }

  /** The public key of a did:web verification method, from the DID document the app serves (nothing private). */
  async function didWebKey(kid: string): Promise<KeyObject> {
    const [did = ''] = kid.split('#');
    const document = ok(await send('GET', path(didWebDocumentUrl(did)))) as { verificationMethod?: Json[] };
    const method = document.verificationMethod?.find((m) => m.id === kid);
    assert.ok(method, `${kid} is in the DID document`);
    const pair = await Ed25519Multikey.from(method);
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(pair.publicKey).toString('base64url') }, format: 'jwk' });
  }

  /** A relying party's verifier: issuer key from the JWT's kid (did:web), status list and type metadata fetched over HTTP. */
  async function relyingParty(credential: string): Promise<SDJwtVcInstance> {
    const header = decodeProtectedHeader(credential.split('~')[0] ?? '');
    const issuerKey = await didWebKey(String(header.kid));
    const verifier: Verifier = (data, signature) => edVerify(null, Buffer.from(data), issuerKey, Buffer.from(signature, 'base64url'));
    const kbVerifier: KbVerifier = (data, signature, payload) => {
      const jwk = payload.cnf?.jwk;
      assert.ok(jwk, 'the credential has cnf.jwk');
      const key = createPublicKey({ key: { kty: String(jwk.kty), crv: String(jwk.crv), x: String(jwk.x) }, format: 'jwk' });
      return edVerify(null, Buffer.from(data), key, Buffer.from(signature, 'base64url'));
    };
    return new SDJwtVcInstance({
      hasher: sha256Hasher satisfies Hasher, verifier, kbVerifier,
      statusListFetcher: async (uri) => {
        const res = await send('GET', uri);
        assert.equal(res.statusCode, 200, res.body);
        assert.match(String(res.headers['content-type']), /^application\/statuslist\+jwt/);
        return res.body;
      },
      loadTypeMetadataFormat: true,
      vctFetcher: async (uri) => TypeMetadataFormatSchema.parse(ok(await send('GET', uri))),
    });
  }

  before(async () => {
    tp = await openTestPlatform({ baseUrl: BASE });
    platform = tp.platform;
    ({ app } = await buildApp({ platform }));
    A = await seedTenant(platform, 'uczelnia-sd-jwt', [], { publish: true });
    // Another learner's credential first: ours is not at index 0 of the list.
    otherCredentialId = await issue(OTHER);
    credentialId = await issue(LEARNER);
    const mail = await platform.store.db.selectFrom('outbox').select('text_body').where('to_address', '=', LEARNER.email).where('kind', '=', 'credential_issued').executeTakeFirstOrThrow();
    const claim = /\/claim\/([A-Za-z0-9_-]+)/.exec(mail.text_body)?.[1];
    assert.ok(claim);
    const signedIn = await app.inject({ method: 'GET', url: `/claim/${claim}` });
    const cookie = signedIn.cookies.find((c) => c.name === 'mikrocred_learner');
    assert.ok(cookie, signedIn.body);
    const me = ok(await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `mikrocred_learner=${cookie.value}` } }));
    learner = { token: cookie.value, csrf: String(me.csrfToken) };
    wallet = await walletKey();
  });

  after(async () => {
    await app?.close();
    await tp?.close();
  });

  it('offers both configurations; the issuer metadata describes dc+sd-jwt; the vct serves valid Type Metadata', async () => {
    const made = await offer();
    assert.deepEqual(made.offer.credential_configuration_ids, [LDP, SD_JWT]);
    const metadata = ok(await send('GET', '/.well-known/openid-credential-issuer'));
    const configurations = metadata.credential_configurations_supported as Json;
    assert.equal((configurations[LDP] as Json).format, 'ldp_vc');
    const configuration = configurations[SD_JWT] as Json;
    assert.equal(configuration.format, 'dc+sd-jwt');
    assert.equal(configuration.vct, `${BASE}/vct/micro-credential`);
    assert.deepEqual(configuration.cryptographic_binding_methods_supported, ['jwk']);
    assert.deepEqual(configuration.credential_signing_alg_values_supported, ['EdDSA']);
    assert.ok((((configuration.proof_types_supported as Json).jwt as Json).proof_signing_alg_values_supported as string[]).includes('EdDSA'));
    const credentialMetadata = configuration.credential_metadata as { display: Json[]; claims: Array<{ path: unknown[]; display: Json[] }> };
    assert.deepEqual(credentialMetadata.display.map((d) => d.locale), ['pl', 'en']);
    assert.ok(credentialMetadata.claims.some((c) => JSON.stringify(c.path) === '["given_name"]' && c.display.some((d) => d.locale === 'pl' && d.name === 'Imię')));

    const typeRes = await send('GET', String(configuration.vct));
    assert.equal(typeRes.statusCode, 200);
    assert.match(String(typeRes.headers['content-type']), /^application\/json/);
    const type = TypeMetadataFormatSchema.parse(typeRes.json());
    assert.equal(type.vct, configuration.vct);
    assert.deepEqual(type.display?.map((d) => [d.locale, d.name]), [['pl', 'Mikropoświadczenie'], ['en', 'Micro-credential']]);
    const sdOf = (name: string): unknown => type.claims?.find((c) => JSON.stringify(c.path) === JSON.stringify([name]))?.sd;
    assert.equal(sdOf('given_name'), 'always');
    assert.equal(sdOf('grade'), 'always');
    assert.equal(type.claims?.find((c) => JSON.stringify(c.path) === '["achievement","name"]')?.sd, 'never');
  });

  it('a wallet receives an SD-JWT VC bound to its key, which the library verifies with the issuer\'s did:web key', async () => {
    accessToken = await tokenFor((await offer()).code);
    const body = ok(await requestCredential(await proof()));
    const credentials = body.credentials as Json[];
    assert.equal(credentials.length, 1);
    sdJwt = String(credentials[0]?.credential);
    assert.match(sdJwt, /^[\w-]+\.[\w-]+\.[\w-]+~([\w-]+~)+$/, 'compact SD-JWT with disclosures, no key binding');

    const header = decodeProtectedHeader(sdJwt.split('~')[0] ?? '');
    const stored = JSON.parse((await platform.store.db.selectFrom('credentials').select('document').where('id', '=', credentialId).executeTakeFirstOrThrow()).document) as Json;
    const proofs = (Array.isArray(stored.proof) ? stored.proof : [stored.proof]) as Json[];
    assert.equal(header.typ, 'dc+sd-jwt');
    assert.equal(header.alg, 'EdDSA');
    assert.equal(header.kid, proofs[0]?.verificationMethod, 'the same verification method as the ldp_vc proof');

    const verified = await (await relyingParty(sdJwt)).verify(sdJwt);
    const payload = verified.payload as SdJwtVcPayload & Json;
    assert.equal(payload.iss, A.institution.did);
    assert.ok(String(header.kid).startsWith(`${A.institution.did}#`));
    assert.equal(payload.vct, `${BASE}/vct/micro-credential`);
    assert.equal(verified.typeMetadata?.mergedTypeMetadata.vct, payload.vct);
    assert.deepEqual((payload.cnf as Json).jwk, wallet.jwk);
    assert.equal(payload.nbf, Math.floor(Date.parse(String(stored.validFrom)) / 1000));
    assert.equal(payload.exp, Math.floor(Date.parse(String(stored.validUntil)) / 1000));
    assert.ok(typeof payload.iat === 'number' && Math.abs(payload.iat - Date.now() / 1000) < 60);
    // Every disclosure, decoded: the learner's data, the grade, the credential's id and verification URL.
    assert.equal(payload.given_name, LEARNER.givenName);
    assert.equal(payload.family_name, LEARNER.familyName);
    assert.equal(payload.birthdate, LEARNER.dateOfBirth);
    assert.equal(payload.email, LEARNER.email);
    assert.equal(payload.student_number, LEARNER.studentNumber);
    assert.equal(payload.grade, '4.5');
    assert.equal(payload.credential_id, stored.id);
    assert.match(String(payload.verification_url), new RegExp(`^${BASE}/v/[a-z0-9]+$`));
    // The achievement and the awarding body, from the OB 3.0 credential.
    const achievement = (stored.credentialSubject as Json).achievement as Json;
    const claim = payload.achievement as Json;
    assert.equal(claim.id, achievement.id);
    assert.deepEqual(claim.name, achievement['mc:nameTranslations']);
    assert.equal(claim.ects, achievement.creditsAvailable);
    assert.equal(claim.eqf_level, achievement['mc:eqfLevel']);
    assert.equal((claim.learning_outcomes as Json[]).length, (achievement['mc:learningOutcomes'] as Json[]).length);
    assert.deepEqual((claim.learning_outcomes as Json[])[0]?.text, (achievement['mc:learningOutcomes'] as Json[])[0]?.text);
    assert.deepEqual((claim.assessment as Json).description, achievement['mc:assessmentDescription']);
    assert.equal(claim.participation, achievement['mc:participationMode']);
    assert.deepEqual((payload.awarding_body as Json).name, (stored.issuer as Json)['mc:nameTranslations']);

    // The signed JWT alone: the achievement in clear, no personal data, one digest per selectively disclosable claim.
    const jwtPayload = decodeJwt(sdJwt.split('~')[0] ?? '');
    for (const name of ['given_name', 'family_name', 'birthdate', 'email', 'student_number', 'grade', 'credential_id', 'verification_url']) {
      assert.equal(jwtPayload[name], undefined, `${name} is not in clear`);
    }
    assert.equal(jwtPayload._sd_alg, 'sha-256');
    assert.equal((jwtPayload._sd as string[]).length, 8);
    assert.deepEqual(jwtPayload.achievement, payload.achievement);
    const decoded = await new SDJwtVcInstance({ hasher: sha256Hasher }).decode(sdJwt);
    assert.deepEqual(
      Object.fromEntries((decoded.disclosures ?? []).map((d) => [d.key, d.value])),
      {
        given_name: LEARNER.givenName, family_name: LEARNER.familyName, birthdate: LEARNER.dateOfBirth, email: LEARNER.email,
        student_number: LEARNER.studentNumber, grade: '4.5', credential_id: stored.id, verification_url: payload.verification_url,
      },
    );
    // The status reference: the same index as the OB 3.0 credential's revocation entry, in the token of the same list.
    const entry = stored.credentialStatus as Json;
    assert.deepEqual(payload.status, { status_list: { idx: Number(entry.statusListIndex), uri: `${String(entry.statusListCredential)}/token` } });
    assert.notEqual(Number(entry.statusListIndex), 0);

    // Stored and audit-logged like an ldp_vc delivery.
    const delivery = await platform.store.db.selectFrom('oid4vci_deliveries').selectAll().where('credential_id', '=', credentialId).executeTakeFirstOrThrow();
    assert.equal(delivery.holder, wallet.did);
    assert.equal(delivery.document, sdJwt);
    const logged = await platform.store.db.selectFrom('audit_log').select('details').where('action', '=', 'credential.deliver').where('target_id', '=', credentialId).execute();
    assert.equal(logged.length, 1);
    assert.equal((logged[0]?.details as Json).format, 'dc+sd-jwt');
  });

  it('the holder presents only some claims with a key binding JWT; the rest stays hidden and forgeries fail', async () => {
    const holder = new SDJwtVcInstance({
      hasher: sha256Hasher, kbSignAlg: 'EdDSA', kbSigner: (data) => edSign(null, Buffer.from(data), wallet.privateKey).toString('base64url'),
    });
    const kbNonce = randomBytes(12).toString('base64url');
    const presentation = await holder.present<Json>(sdJwt, { given_name: true, family_name: true }, {
      kb: { payload: { iat: Math.floor(Date.now() / 1000), aud: 'https://employer.example', nonce: kbNonce } },
    });
    assert.equal(presentation.split('~').length, 4, 'JWT, two disclosures, key binding JWT');
    const rp = await relyingParty(presentation);
    const verified = await rp.verify(presentation, { keyBindingNonce: kbNonce, requiredClaimKeys: ['given_name', 'family_name'] });
    const payload = verified.payload as Json;
    assert.equal(payload.given_name, LEARNER.givenName);
    assert.equal(payload.family_name, LEARNER.familyName);
    for (const hidden of ['birthdate', 'email', 'student_number', 'grade', 'credential_id', 'verification_url']) assert.equal(payload[hidden], undefined, hidden);
    assert.ok(payload.achievement, 'the achievement is always disclosed');
    assert.equal(verified.kb?.payload.aud, 'https://employer.example');
    // Another nonce, a key binding by another key, a grade that was never signed.
    await assert.rejects(rp.verify(presentation, { keyBindingNonce: 'another-nonce' }));
    const stranger = await walletKey();
    const forgedKb = await new SDJwtVcInstance({
      hasher: sha256Hasher, kbSignAlg: 'EdDSA', kbSigner: (data) => edSign(null, Buffer.from(data), stranger.privateKey).toString('base64url'),
    }).present<Json>(sdJwt, { given_name: true }, { kb: { payload: { iat: Math.floor(Date.now() / 1000), aud: 'https://employer.example', nonce: kbNonce } } });
    await assert.rejects(rp.verify(forgedKb, { keyBindingNonce: kbNonce }));
    const fakeGrade = Buffer.from(JSON.stringify([randomBytes(16).toString('base64url'), 'grade', '5'])).toString('base64url');
    const withFake = `${await holder.present<Json>(sdJwt, { given_name: true })}${fakeGrade}~`;
    const fakeResult = await rp.verify(withFake).then((r) => r.payload as Json, () => undefined);
    assert.notEqual(fakeResult?.grade, '5', 'a disclosure the issuer did not sign is never read as a claim');
    // A credential whose signed part was altered does not verify.
    const [jwt = '', ...rest] = sdJwt.split('~');
    const [h, p, s] = jwt.split('.');
    const altered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p ?? '', 'base64url').toString('utf8')), vct: 'https://evil.example/vct' })).toString('base64url');
    await assert.rejects(rp.verify([`${h}.${altered}.${s}`, ...rest].join('~')));
  });

  it('an ES256 jwk in the proof header becomes cnf.jwk', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const jwt = await new SignJWT({ nonce: await nonce() }).setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk })
      .setIssuedAt().setAudience(BASE).sign(privateKey);
    const credential = String(((ok(await requestCredential(jwt)).credentials as Json[])[0] as Json).credential);
    const payload = decodeJwt(credential.split('~')[0] ?? '');
    assert.deepEqual((payload.cnf as Json).jwk, { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y });
  });

  it('refuses an unknown configuration and a proof for a wrong or spent nonce, in the OAuth shape', async () => {
    oauthError(await requestCredential(await proof(), 'MicroCredential_jwt_vc_json'), 400, 'unknown_credential_configuration');
    oauthError(await requestCredential(await proof({ nonce: 'not-a-nonce-we-gave' })), 400, 'invalid_nonce');
    const jwt = await proof();
    ok(await requestCredential(jwt));
    oauthError(await requestCredential(jwt), 400, 'invalid_nonce');
    oauthError(await send('POST', '/openid4vci/credential', { headers: { authorization: `Bearer ${accessToken}` }, json: { credential_configuration_id: SD_JWT } }), 400, 'invalid_proof');
  });

  it('the Status List Token carries the revocation bits at the credential\'s index; revoking reaches the SD-JWT copy', async () => {
    const status = (decodeJwt(sdJwt.split('~')[0] ?? '').status as { status_list: { idx: number; uri: string } }).status_list;
    const fetchToken = async (): Promise<{ header: Json; payload: Json }> => {
      const res = await send('GET', status.uri);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^application\/statuslist\+jwt/);
      const header = decodeProtectedHeader(res.body);
      const { payload } = await jwtVerify(res.body, await didWebKey(String(header.kid)), { typ: 'statuslist+jwt', algorithms: ['EdDSA'], subject: status.uri });
      return { header: header as Json, payload: payload as Json };
    };
    const before = await fetchToken();
    assert.equal(before.header.typ, 'statuslist+jwt');
    assert.equal(before.payload.ttl, 300);
    assert.equal(typeof before.payload.iat, 'number');
    const list = before.payload.status_list as { bits: number; lst: string };
    assert.equal(list.bits, 1);
    assert.equal(tokenBit(list.lst, status.idx), 0);

    // Another learner's credential revoked: its bit (index 0 of the same list) is set, ours is not; ours still verifies.
    const otherIndex = Number(((JSON.parse((await platform.store.db.selectFrom('credentials').select('document').where('id', '=', otherCredentialId)
      .executeTakeFirstOrThrow()).document) as Json).credentialStatus as Json).statusListIndex);
    await revoke(otherCredentialId);
    const afterOther = (await fetchToken()).payload.status_list as { lst: string };
    assert.equal(tokenBit(afterOther.lst, otherIndex), 1);
    assert.equal(tokenBit(afterOther.lst, status.idx), 0);
    await (await relyingParty(sdJwt)).verify(sdJwt);

    // Ours revoked: the bit at status.idx reads 1, and the library refuses the credential.
    await revoke(credentialId);
    const afterOurs = (await fetchToken()).payload.status_list as { lst: string };
    assert.equal(tokenBit(afterOurs.lst, status.idx), 1);
    await assert.rejects((await relyingParty(sdJwt)).verify(sdJwt), /Status is not valid/);
    oauthError(await requestCredential(await proof()), 400, 'credential_request_denied');
  });

  it('serves tokens for revocation lists only; unknown lists are 404 problem+json', async () => {
    const missing = await send('GET', `/i/${A.institution.slug}/status/999/token`);
    assert.equal(missing.statusCode, 404);
    assert.match(String(missing.headers['content-type']), /^application\/problem\+json/);
    const unknown = await send('GET', '/i/no-such-institution/status/1/token');
    assert.equal(unknown.statusCode, 404);
  });
});
