/**
 * OpenID4VCI 1.0 with the SD-JWT VC configuration `MicroCredential_dc+sd-jwt` (docs/learner.md, "OpenID4VCI",
 * "SD-JWT VC"), driven as a wallet would on PGlite (or PostgreSQL): offer → token → nonce → credential with a `jwt`
 * proof of the wallet's own Ed25519 key. The SD-JWT VC received is verified independently with `@sd-jwt/sd-jwt-vc`
 * (the institution's public key resolved from its did:web document over HTTP, the Status List Token and the Type
 * Metadata fetched from the app), then presented with only some disclosures and a key binding JWT. Status is checked
 * in the Status List Token (2 bits per status) at the credential's index, with the bits decoded here by zlib (not the
 * library) and by the library's verifier: revoked → 1 INVALID, a suspendable credential suspended → 2 SUSPENDED and
 * reinstated → 0 VALID, agreeing with the W3C revocation and suspension lists. A unit test pins the 2-bit packing
 * (index 0 in the least significant bits of the first byte); another the token kept between requests (the same token
 * while nothing changes, signed anew once it is a minute old, rebuilt at once when a status changes).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, randomBytes, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { SDJwtVcInstance, TypeMetadataFormatSchema, type SdJwtVcPayload } from '@sd-jwt/sd-jwt-vc';
import type { Hasher, KbVerifier, Verifier } from '@sd-jwt/types';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from 'jose';
import { buildApp } from '../src/http/app.ts';
import { decodeStatusList, didWebDocumentUrl } from '../src/credentials/index.ts';
import { sha256Hasher } from '../src/credentials/sd-jwt-vc.ts';
import {
  TOKEN_STATUS_INVALID, TOKEN_STATUS_SUSPENDED, TOKEN_STATUS_VALID, tokenStatusList, type TokenStatusEntry,
} from '../src/credentials/token-status-list.ts';
import { STATUS_TOKEN_RESIGN_SECONDS, STATUS_TOKEN_TTL_SECONDS, statusListToken } from '../src/services/openid4vci-sd-jwt.ts';
import type { Platform } from '../src/services/platform.ts';
import { learnerFromClaimMail, protocolClient } from './protocol-client.ts';
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

/** The status at `idx` in a Token Status List's `lst` of `bits` per status, decoded with zlib: index 0 in the LSBs of byte 0. */
function tokenValue(lst: string, idx: number, bits: number): number {
  const bytes = inflateSync(Buffer.from(lst, 'base64url'));
  const perByte = 8 / bits;
  return ((bytes[Math.floor(idx / perByte)] ?? 0) >> ((idx % perByte) * bits)) & ((1 << bits) - 1);
}

describe('Token Status List, 2 bits per status', () => {
  it('holds VALID, INVALID and SUSPENDED by index, index 0 in the least significant bits of the first byte', () => {
    const entries: TokenStatusEntry[] = [
      { index: 0, status: TOKEN_STATUS_INVALID }, { index: 1, status: TOKEN_STATUS_SUSPENDED }, { index: 9, status: TOKEN_STATUS_SUSPENDED },
      { index: 4242, status: TOKEN_STATUS_INVALID }, { index: 131_071, status: TOKEN_STATUS_SUSPENDED },
    ];
    const list = tokenStatusList(131_072, entries);
    assert.equal(list.getBitsPerStatus(), 2);
    for (const { index, status } of entries) assert.equal(list.getStatus(index), status, `index ${index}`);
    for (const index of [2, 3, 8, 10, 4241, 4243, 131_070]) assert.equal(list.getStatus(index), TOKEN_STATUS_VALID, `index ${index}`);
    // The token's bytes, decoded independently: four statuses a byte, least significant bits first.
    const lst = list.compressStatusList();
    const bytes = inflateSync(Buffer.from(lst, 'base64url'));
    assert.equal(bytes.length, 131_072 / 4);
    assert.equal(bytes[0], 0b0000_1001, 'index 0 INVALID (01), index 1 SUSPENDED (10)');
    assert.equal(bytes[2], 0b0000_1000, 'index 9 SUSPENDED');
    assert.equal(bytes[32_767], 0b1000_0000, 'index 131071 SUSPENDED');
    for (const { index, status } of entries) assert.equal(tokenValue(lst, index, 2), status, `index ${index}`);
    assert.equal(tokenValue(lst, 3, 2), TOKEN_STATUS_VALID);
    assert.throws(() => tokenStatusList(8, [{ index: 8, status: TOKEN_STATUS_INVALID }]), RangeError);
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

  const { send, ok, oauthError } = protocolClient(BASE, () => app, () => learner);

  async function issue(person: Json, options: { suspendable?: boolean; externalReference?: string } = {}): Promise<string> {
    const result: Json = { grade: '4.5', ...(options.externalReference ? { externalReference: options.externalReference } : {}) };
    const issued = ok(await app.inject({
      method: 'POST', url: `/api/v1/institutions/${A.institution.slug}/credentials`,
      headers: { authorization: `Bearer ${A.keys.issuer.key}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ specId: A.publishedSpecId, learner: person, result, ...(options.suspendable ? { options: { suspendable: true } } : {}) }),
    }), 201);
    return String((issued.credential as Json).id);
  }

  async function changeStatus(id: string, change: 'revoke' | 'suspend' | 'reinstate'): Promise<void> {
    ok(await app.inject({
      method: 'POST', url: `/api/v1/institutions/${A.institution.slug}/credentials/${id}/${change}`,
      headers: { authorization: `Bearer ${A.keys.issuer.key}`, 'content-type': 'application/json' }, payload: JSON.stringify({ reason: 'Test SD-JWT' }),
    }));
  }

  const revoke = (id: string): Promise<void> => changeStatus(id, 'revoke');

  async function offer(id = credentialId): Promise<{ offer: Json; code: string }> {
    const body = ok(await send('POST', `/api/v1/me/credentials/${id}/offer`, { json: {}, learner: true }), 201);
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

  function requestCredential(jwt: string, configuration = SD_JWT, token = accessToken): Promise<Response> {
    return send('POST', '/openid4vci/credential', {
      headers: { authorization: `Bearer ${token}` }, json: { credential_configuration_id: configuration, proofs: { jwt: [jwt] } },
    });
  }

  /** The public key of a did:web verification method, from the DID document the app serves (nothing private). */
  async function didWebKey(kid: string): Promise<KeyObject> {
    const [did = ''] = kid.split('#');
    const document = ok(await send('GET', didWebDocumentUrl(did))) as { verificationMethod?: Json[] };
    const method = document.verificationMethod?.find((m) => m.id === kid);
    assert.ok(method, `${kid} is in the DID document`);
    const pair = await Ed25519Multikey.from(method);
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(pair.publicKey).toString('base64url') }, format: 'jwk' });
  }

  /**
   * A relying party's verifier: issuer key from the JWT's kid (did:web), status list and type metadata fetched over
   * HTTP. With `statuses`, the status the library read at the credential's index is pushed there (and still refused
   * when not 0, as the library's own validator does).
   */
  async function relyingParty(credential: string, statuses?: number[]): Promise<SDJwtVcInstance> {
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
      ...(statuses ? {
        statusValidator: (status: number): Promise<void> => {
          statuses.push(status);
          return status === 0 ? Promise.resolve() : Promise.reject(new Error(`Status is ${status}`));
        },
      } : {}),
    });
  }

  /** The Status List Token at `uri`, its signature checked with the institution's did:web key; and the response. */
  async function fetchToken(uri: string): Promise<{ header: Json; payload: Json; list: { bits: number; lst: string }; res: Response }> {
    const res = await send('GET', uri);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^application\/statuslist\+jwt/);
    const header = decodeProtectedHeader(res.body);
    const { payload } = await jwtVerify(res.body, await didWebKey(String(header.kid)), { typ: 'statuslist+jwt', algorithms: ['EdDSA'], subject: uri });
    return { header: header as Json, payload: payload as Json, list: payload.status_list as { bits: number; lst: string }, res };
  }

  /** The status reference of an SD-JWT VC. */
  const statusOf = (credential: string): { idx: number; uri: string } =>
    (decodeJwt(credential.split('~')[0] ?? '').status as { status_list: { idx: number; uri: string } }).status_list;

  before(async () => {
    tp = await openTestPlatform({ baseUrl: BASE });
    platform = tp.platform;
    ({ app } = await buildApp({ platform }));
    A = await seedTenant(platform, 'uczelnia-sd-jwt', [], { publish: true });
    // Another learner's credential first: ours is not at index 0 of the list.
    otherCredentialId = await issue(OTHER);
    credentialId = await issue(LEARNER);
    learner = await learnerFromClaimMail(platform, app, LEARNER.email);
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
    const status = statusOf(sdJwt);
    const before = await fetchToken(status.uri);
    assert.equal(before.header.typ, 'statuslist+jwt');
    assert.equal(before.payload.ttl, STATUS_TOKEN_TTL_SECONDS);
    assert.equal(before.res.headers['cache-control'], `public, max-age=${STATUS_TOKEN_TTL_SECONDS}`);
    assert.equal(typeof before.payload.iat, 'number');
    assert.equal(before.list.bits, 2);
    assert.equal(tokenValue(before.list.lst, status.idx, 2), TOKEN_STATUS_VALID);

    // Another learner's credential revoked: its status (index 0 of the same list) is INVALID, ours VALID; ours still verifies.
    const otherIndex = Number(((JSON.parse((await platform.store.db.selectFrom('credentials').select('document').where('id', '=', otherCredentialId)
      .executeTakeFirstOrThrow()).document) as Json).credentialStatus as Json).statusListIndex);
    await revoke(otherCredentialId);
    const afterOther = (await fetchToken(status.uri)).list;
    assert.equal(tokenValue(afterOther.lst, otherIndex, 2), TOKEN_STATUS_INVALID);
    assert.equal(tokenValue(afterOther.lst, status.idx, 2), TOKEN_STATUS_VALID);
    await (await relyingParty(sdJwt)).verify(sdJwt);

    // Ours revoked: the status at status.idx reads 1, and the library refuses the credential.
    await revoke(credentialId);
    const afterOurs = (await fetchToken(status.uri)).list;
    assert.equal(tokenValue(afterOurs.lst, status.idx, 2), TOKEN_STATUS_INVALID);
    await assert.rejects((await relyingParty(sdJwt)).verify(sdJwt), /Status is not valid/);
    oauthError(await requestCredential(await proof()), 400, 'credential_request_denied');
  });

  it('a suspendable credential: suspended reads SUSPENDED (2) in the token and the library reports it; reinstated VALID; revoked INVALID', async () => {
    const id = await issue(LEARNER, { suspendable: true, externalReference: 'sd-jwt-suspendable' });
    const token = await tokenFor((await offer(id)).code);
    const credential = String(((ok(await requestCredential(await proof(), SD_JWT, token)).credentials as Json[])[0] as Json).credential);
    const status = statusOf(credential);
    // Its revocation entry gives idx and the token of that list; the suspension entry is in another list, at another index.
    const stored = JSON.parse((await platform.store.db.selectFrom('credentials').select('document').where('id', '=', id).executeTakeFirstOrThrow()).document) as Json;
    const entries = stored.credentialStatus as Json[];
    const revocation = entries.find((e) => e.statusPurpose === 'revocation');
    const suspension = entries.find((e) => e.statusPurpose === 'suspension');
    assert.ok(revocation && suspension, 'two status entries');
    assert.deepEqual(status, { idx: Number(revocation.statusListIndex), uri: `${String(revocation.statusListCredential)}/token` });
    assert.notEqual(suspension.statusListCredential, revocation.statusListCredential);
    const w3cBit = async (entry: Json): Promise<boolean> => {
      const list = ok(await send('GET', String(entry.statusListCredential)));
      return (await decodeStatusList(String((list.credentialSubject as Json).encodedList))).getStatus(Number(entry.statusListIndex));
    };
    const read = async (): Promise<number> => tokenValue((await fetchToken(status.uri)).list.lst, status.idx, 2);
    const verifyStatus = async (): Promise<number | undefined> => {
      const statuses: number[] = [];
      await (await relyingParty(credential, statuses)).verify(credential).catch((error: unknown) => {
        if (!/Status is [12]/.test((error as Error).message)) throw error;
      });
      assert.equal(statuses.length, 1, 'the library checked the status once');
      return statuses[0];
    };
    assert.equal(await read(), TOKEN_STATUS_VALID);
    assert.equal(await verifyStatus(), TOKEN_STATUS_VALID);

    await changeStatus(id, 'suspend');
    assert.equal(await w3cBit(suspension), true, 'the W3C suspension list has the bit');
    assert.equal(await w3cBit(revocation), false);
    assert.equal(await read(), TOKEN_STATUS_SUSPENDED);
    assert.equal(await verifyStatus(), TOKEN_STATUS_SUSPENDED);
    await assert.rejects((await relyingParty(credential)).verify(credential), /Status is not valid/, 'the default validator refuses it');
    // Suspended: not delivered anew.
    oauthError(await requestCredential(await proof(), SD_JWT, token), 400, 'credential_request_denied');

    await changeStatus(id, 'reinstate');
    assert.equal(await w3cBit(suspension), false);
    assert.equal(await read(), TOKEN_STATUS_VALID);
    assert.equal(await verifyStatus(), TOKEN_STATUS_VALID);

    // Suspended, then revoked: INVALID wins (revocation is final).
    await changeStatus(id, 'suspend');
    await revoke(id);
    assert.equal(await w3cBit(revocation), true);
    assert.equal(await read(), TOKEN_STATUS_INVALID);
    assert.equal(await verifyStatus(), TOKEN_STATUS_INVALID);
  });

  it('keeps the signed token while nothing changes, signs it anew once a minute old, rebuilds it when a status changes', async () => {
    const live = await issue(OTHER, { externalReference: 'sd-jwt-cache' });
    const uri = `${BASE}/i/${A.institution.slug}/status/1/token`;
    const t0 = new Date(Date.now() + 3_600_000);
    const first = await statusListToken(platform, A.institution, 1, t0);
    const again = await statusListToken(platform, A.institution, 1, new Date(t0.getTime() + (STATUS_TOKEN_RESIGN_SECONDS - 2) * 1000));
    assert.equal(again, first, 'the same token, not signed again');
    const later = await statusListToken(platform, A.institution, 1, new Date(t0.getTime() + (STATUS_TOKEN_RESIGN_SECONDS + 1) * 1000));
    assert.notEqual(later, first);
    assert.equal(decodeJwt(later).iat, Math.floor(t0.getTime() / 1000) + STATUS_TOKEN_RESIGN_SECONDS + 1, 'a fresh iat');
    assert.deepEqual(decodeJwt(later).status_list, decodeJwt(first).status_list, 'the same statuses');
    assert.equal(decodeJwt(later).sub, uri);
    // A change within the minute is served at once (the statuses are read from the database on every request).
    await revoke(live);
    const index = Number(((JSON.parse((await platform.store.db.selectFrom('credentials').select('document').where('id', '=', live)
      .executeTakeFirstOrThrow()).document) as Json).credentialStatus as Json).statusListIndex);
    const changed = await statusListToken(platform, A.institution, 1, new Date(t0.getTime() + (STATUS_TOKEN_RESIGN_SECONDS + 2) * 1000));
    assert.equal(tokenValue((decodeJwt(changed).status_list as { lst: string }).lst, index, 2), TOKEN_STATUS_INVALID);
    assert.equal(tokenValue((decodeJwt(later).status_list as { lst: string }).lst, index, 2), TOKEN_STATUS_VALID);
  });

  it('serves tokens for revocation lists only; unknown lists are 404 problem+json', async () => {
    const missing = await send('GET', `/i/${A.institution.slug}/status/999/token`);
    assert.equal(missing.statusCode, 404);
    assert.match(String(missing.headers['content-type']), /^application\/problem\+json/);
    const unknown = await send('GET', '/i/no-such-institution/status/1/token');
    assert.equal(unknown.statusCode, 404);
    // The suspension list of the suspendable credential has no token of its own.
    const suspensionList = await platform.store.db.selectFrom('status_lists').select('seq')
      .where('institution_id', '=', A.institution.id).where('purpose', '=', 'suspension').executeTakeFirstOrThrow();
    assert.equal((await send('GET', `/i/${A.institution.slug}/status/${suspensionList.seq}/token`)).statusCode, 404);
    assert.equal((await send('GET', `/i/${A.institution.slug}/status/${suspensionList.seq}`)).statusCode, 200);
  });
});
