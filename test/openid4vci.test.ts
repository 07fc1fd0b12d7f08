/**
 * OpenID4VCI 1.0 (docs/learner.md, "OpenID4VCI") driven as a wallet would, on PGlite (or PostgreSQL): the learner
 * makes an offer on their credential page (URI and QR code, transaction code by e-mail), the wallet, with an Ed25519
 * key of its own (did:key), parses the offer, reads both metadata documents, exchanges the pre-authorized code for an
 * access token, gets a nonce, proves possession of its key with a `jwt` proof signed by jose and receives the
 * credential bound to its DID, which the reference library verifies. Then every way it must fail, and revocation
 * of the learner's credential reaching the copy in the wallet (same status entry).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { base64url, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { buildApp } from '../src/http/app.ts';
import { didWebDocumentUrl } from '../src/credentials/index.ts';
import type { Platform } from '../src/services/platform.ts';
import { plainCryptosuite, referenceLoader } from './fixtures.ts';
import { learnerFromClaimMail, protocolClient } from './protocol-client.ts';
import { databaseKind, openTestPlatform, seedTenant, type Tenant, type TestPlatform } from './platform-fixture.ts';

type Json = Record<string, unknown>;
type Response = LightMyRequestResponse;

const BASE = 'https://wallet-issuer.test.example';
const GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
const LEARNER = { givenName: 'Wiesława', familyName: 'Portfelowa', email: 'wieslawa.portfelowa@example.org' };

/** A wallet's Ed25519 key: its did:key and a jose private key. */
interface WalletKey {
  readonly did: string;
  readonly kid: string;
  readonly privateKey: Awaited<ReturnType<typeof importJWK>>;
}

async function walletKey(): Promise<WalletKey> {
  const seed = randomBytes(32);
  const pair = await Ed25519Multikey.generate({ seed });
  const did = `did:key:${pair.publicKeyMultibase}`;
  const privateKey = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: base64url.encode(pair.publicKey), d: base64url.encode(seed) }, 'EdDSA');
  return { did, kid: `${did}#${pair.publicKeyMultibase}`, privateKey };
}

describe(`OpenID4VCI on ${databaseKind}`, () => {
  let tp: TestPlatform;
  let platform: Platform;
  let app: FastifyInstance;
  let A: Tenant;
  let credentialId: string;
  let learner: { token: string; csrf: string };
  let wallet: WalletKey;
  let accessToken: string;
  let delivered: Json;

  const { send, ok, oauthError } = protocolClient(BASE, () => app, () => learner);

  async function offer(txCode: boolean): Promise<{ uri: string; offer: Json; code: string; qr: string }> {
    const body = ok(await send('POST', `/api/v1/me/credentials/${credentialId}/offer`, { json: { txCode }, learner: true }), 201);
    const uri = String(body.offerUri);
    assert.ok(uri.startsWith('openid-credential-offer://?credential_offer='));
    const parsed = JSON.parse(String(new URL(uri).searchParams.get('credential_offer'))) as Json;
    const grant = (parsed.grants as Json)[GRANT] as Json;
    return { uri, offer: parsed, code: String(grant['pre-authorized_code']), qr: String(body.qr) };
  }

  async function txCodeFromEmail(): Promise<string> {
    const row = await platform.store.db.selectFrom('outbox').select('text_body').where('to_address', '=', LEARNER.email).where('kind', '=', 'oid4vci_tx_code')
      .orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const match = /: (\d{6})/.exec(row.text_body);
    assert.ok(match?.[1], row.text_body);
    return match[1];
  }

  async function tokenFor(code: string, txCode?: string): Promise<string> {
    const form: Record<string, string> = { grant_type: GRANT, 'pre-authorized_code': code, ...(txCode ? { tx_code: txCode } : {}) };
    const body = ok(await send('POST', '/openid4vci/token', { form }));
    assert.equal(body.token_type, 'Bearer');
    return String(body.access_token);
  }

  async function nonce(): Promise<string> {
    return String(ok(await send('POST', '/openid4vci/nonce')).c_nonce);
  }

  async function proof(options: { key?: WalletKey; signWith?: WalletKey; nonce?: string | null; aud?: string; jwk?: JWK } = {}): Promise<string> {
    const key = options.key ?? wallet;
    const claims = options.nonce === null ? {} : { nonce: options.nonce ?? await nonce() };
    const header = options.jwk ? { alg: 'EdDSA', typ: 'openid4vci-proof+jwt', jwk: options.jwk } : { alg: 'EdDSA', typ: 'openid4vci-proof+jwt', kid: key.kid };
    return new SignJWT(claims).setProtectedHeader(header).setIssuedAt().setAudience(options.aud ?? BASE).sign((options.signWith ?? key).privateKey);
  }

  function requestCredential(jwt: string, options: { token?: string | null; configuration?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = options.token === null ? {} : { authorization: `Bearer ${options.token ?? accessToken}` };
    return send('POST', '/openid4vci/credential', { headers, json: { credential_configuration_id: options.configuration ?? 'OpenBadgeCredential_ldp_vc', proofs: { jwt: [jwt] } } });
  }

  /** The reference library's loader: contexts offline, the institution's did:web document from the app. */
  function appLoader(): vc.DocumentLoader {
    const base = referenceLoader();
    return async (url: string) => {
      if (url.startsWith('did:web:')) {
        const [did = '', fragment] = url.split('#');
        const res = await app.inject({ method: 'GET', url: new URL(didWebDocumentUrl(did)).pathname });
        const document = res.json<{ '@context': unknown; verificationMethod?: Json[] }>();
        if (fragment === undefined) return { contextUrl: null, documentUrl: url, document };
        const method = document.verificationMethod?.find((m) => m.id === url);
        return { contextUrl: null, documentUrl: url, document: { '@context': document['@context'], ...method } };
      }
      if (url.startsWith(`${BASE}/i/`)) {
        const res = await app.inject({ method: 'GET', url: url.slice(BASE.length) });
        return { contextUrl: null, documentUrl: url, document: res.json() };
      }
      return base(url);
    };
  }

  before(async () => {
    tp = await openTestPlatform({ baseUrl: BASE });
    platform = tp.platform;
    ({ app } = await buildApp({ platform }));
    A = await seedTenant(platform, 'uczelnia-portfel', [], { publish: true });
    const issued = ok(await app.inject({
      method: 'POST', url: `/api/v1/institutions/${A.institution.slug}/credentials`,
      headers: { authorization: `Bearer ${A.keys.issuer.key}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ specId: A.publishedSpecId, learner: LEARNER, result: { grade: '5' } }),
    }), 201);
    credentialId = String((issued.credential as Json).id);
    learner = await learnerFromClaimMail(platform, app, LEARNER.email);
    wallet = await walletKey();
  });

  after(async () => {
    await app?.close();
    await tp?.close();
  });

  it('a wallet receives the credential bound to its did:key, and the reference library verifies it', async () => {
    // The learner's credential page: the offer, with a transaction code by e-mail.
    const made = await offer(true);
    assert.match(made.qr, /^data:image\/png;base64,/);
    const png = PNG.sync.read(Buffer.from(made.qr.slice('data:image/png;base64,'.length), 'base64'));
    assert.equal(jsqr.default(new Uint8ClampedArray(png.data), png.width, png.height)?.data, made.uri, 'the QR code holds the offer URI');
    assert.equal(made.offer.credential_issuer, BASE);
    // Both configurations are offered (the SD-JWT VC one: test/openid4vci-sd-jwt.test.ts); this wallet takes ldp_vc.
    assert.deepEqual(made.offer.credential_configuration_ids, ['OpenBadgeCredential_ldp_vc', 'MicroCredential_dc+sd-jwt']);
    assert.deepEqual(((made.offer.grants as Json)[GRANT] as Json).tx_code, { input_mode: 'numeric', length: 6, description: 'Kod z e-maila / The code from the e-mail' });
    // The wallet reads the issuer's metadata, then its authorization server's (the issuer itself).
    const issuerMeta = ok(await send('GET', `${String(made.offer.credential_issuer)}/.well-known/openid-credential-issuer`));
    assert.equal(issuerMeta.credential_issuer, BASE);
    const configuration = (issuerMeta.credential_configurations_supported as Json).OpenBadgeCredential_ldp_vc as Json;
    assert.equal(configuration.format, 'ldp_vc');
    assert.deepEqual((configuration.credential_definition as Json).type, ['VerifiableCredential', 'OpenBadgeCredential']);
    assert.ok((configuration.cryptographic_binding_methods_supported as string[]).includes('did:key'));
    assert.ok((((configuration.proof_types_supported as Json).jwt as Json).proof_signing_alg_values_supported as string[]).includes('EdDSA'));
    const asMeta = ok(await send('GET', `${BASE}/.well-known/oauth-authorization-server`));
    assert.equal(asMeta.issuer, BASE);
    assert.equal(asMeta['pre-authorized_grant_anonymous_access_supported'], true);
    // A wrong transaction code is refused; the right one gives the token; the code is then spent.
    const txCode = await txCodeFromEmail();
    const wrong = txCode === '000000' ? '111111' : '000000';
    oauthError(await send('POST', String(asMeta.token_endpoint), { form: { grant_type: GRANT, 'pre-authorized_code': made.code, tx_code: wrong } }), 400, 'invalid_grant');
    oauthError(await send('POST', String(asMeta.token_endpoint), { form: { grant_type: GRANT, 'pre-authorized_code': made.code } }), 400, 'invalid_grant');
    accessToken = await tokenFor(made.code, txCode);
    oauthError(await send('POST', String(asMeta.token_endpoint), { form: { grant_type: GRANT, 'pre-authorized_code': made.code, tx_code: txCode } }), 400, 'invalid_grant');
    // Nonce, proof, credential.
    const c_nonce = String(ok(await send('POST', String(issuerMeta.nonce_endpoint))).c_nonce);
    const jwt = await proof({ nonce: c_nonce });
    const res = await send('POST', String(issuerMeta.credential_endpoint), {
      headers: { authorization: `Bearer ${accessToken}` }, json: { credential_configuration_id: 'OpenBadgeCredential_ldp_vc', proofs: { jwt: [jwt] } },
    });
    const body = ok(res);
    delivered = ((body.credentials as Json[])[0] as Json).credential as Json;
    assert.equal((delivered.credentialSubject as Json).id, wallet.did);
    const result = await vc.verifyCredential({
      credential: delivered, suite: new DataIntegrityProof({ cryptosuite: plainCryptosuite }), documentLoader: appLoader(), checkStatus: async () => ({ verified: true }),
    });
    assert.equal(result.verified, true, JSON.stringify(result.error ?? result.results));
    // The same credential (id, status entries) as the learner's, stored and audit-logged.
    const stored = JSON.parse((await platform.store.db.selectFrom('credentials').select('document').where('id', '=', credentialId).executeTakeFirstOrThrow()).document) as Json;
    assert.equal(delivered.id, stored.id);
    assert.deepEqual(delivered.credentialStatus, stored.credentialStatus);
    assert.deepEqual({ ...(delivered.credentialSubject as Json), id: undefined }, { ...(stored.credentialSubject as Json), id: undefined });
    const delivery = await platform.store.db.selectFrom('oid4vci_deliveries').selectAll().where('credential_id', '=', credentialId).executeTakeFirstOrThrow();
    assert.equal(delivery.holder, wallet.did);
    assert.equal(delivery.document, JSON.stringify(delivered));
    const logged = await platform.store.db.selectFrom('audit_log').select('details').where('action', '=', 'credential.deliver').where('target_id', '=', credentialId).execute();
    assert.equal(logged.length, 1);
    // Codes and tokens are stored hashed only.
    const offers = await platform.store.db.selectFrom('oid4vci_offers').selectAll().execute();
    assert.ok(offers.every((o) => o.code_hash !== made.code && o.tx_code_hash !== txCode));
    assert.equal((await platform.store.db.selectFrom('oid4vci_tokens').select('token_hash').where('token_hash', '=', accessToken).execute()).length, 0);
  });

  it('a jwk in the proof header binds the credential to did:jwk; the draft `proof` form is accepted', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const jwt = await new SignJWT({ nonce: await nonce() }).setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk })
      .setIssuedAt().setAudience(BASE).sign(privateKey);
    const res = await send('POST', '/openid4vci/credential', {
      headers: { authorization: `Bearer ${accessToken}` }, json: { credential_configuration_id: 'OpenBadgeCredential_ldp_vc', proof: { proof_type: 'jwt', jwt } },
    });
    const credential = ((ok(res).credentials as Json[])[0] as Json).credential as Json;
    const holder = String((credential.credentialSubject as Json).id);
    assert.ok(holder.startsWith('did:jwk:'));
    assert.deepEqual(JSON.parse(Buffer.from(holder.slice('did:jwk:'.length), 'base64url').toString('utf8')), { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });
  });

  it('refuses an expired pre-authorized code, an unknown one and another grant type', async () => {
    const made = await offer(false);
    await platform.store.db.updateTable('oid4vci_offers').set({ expires_at: new Date(Date.now() - 1000) }).where('used_at', 'is', null).execute();
    oauthError(await send('POST', '/openid4vci/token', { form: { grant_type: GRANT, 'pre-authorized_code': made.code } }), 400, 'invalid_grant');
    oauthError(await send('POST', '/openid4vci/token', { form: { grant_type: GRANT, 'pre-authorized_code': 'nonexistent' } }), 400, 'invalid_grant');
    oauthError(await send('POST', '/openid4vci/token', { form: { grant_type: 'authorization_code', code: 'x' } }), 400, 'unsupported_grant_type');
    oauthError(await send('POST', '/openid4vci/token', { json: { grant_type: 42 } }), 400, 'invalid_request');
  });

  it('gives up on an offer after five wrong transaction codes', async () => {
    const made = await offer(true);
    const txCode = await txCodeFromEmail();
    const wrong = txCode === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i += 1) {
      oauthError(await send('POST', '/openid4vci/token', { form: { grant_type: GRANT, 'pre-authorized_code': made.code, tx_code: wrong } }), 400, 'invalid_grant');
    }
    oauthError(await send('POST', '/openid4vci/token', { form: { grant_type: GRANT, 'pre-authorized_code': made.code, tx_code: txCode } }), 400, 'invalid_grant');
  });

  it('refuses a missing, unknown or expired access token (401 invalid_token)', async () => {
    const missing = await requestCredential(await proof(), { token: null });
    oauthError(missing, 401, 'invalid_token');
    assert.match(String(missing.headers['www-authenticate']), /^Bearer/);
    oauthError(await requestCredential(await proof(), { token: randomBytes(32).toString('base64url') }), 401, 'invalid_token');
    const made = await offer(false);
    const expiring = await tokenFor(made.code);
    const hash = createHash('sha256').update(expiring).digest('base64url');
    await platform.store.db.updateTable('oid4vci_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('token_hash', '=', hash).execute();
    oauthError(await requestCredential(await proof(), { token: expiring }), 401, 'invalid_token');
  });

  it('refuses proofs: signed by another key than its kid, for another audience, without typ, stale, reused or missing nonce', async () => {
    const made = await offer(false);
    accessToken = await tokenFor(made.code);
    const other = await walletKey();
    oauthError(await requestCredential(await proof({ signWith: other })), 400, 'invalid_proof');
    oauthError(await requestCredential(await proof({ aud: 'https://elsewhere.example' })), 400, 'invalid_proof');
    const untyped = await new SignJWT({ nonce: await nonce() }).setProtectedHeader({ alg: 'EdDSA', kid: wallet.kid }).setIssuedAt().setAudience(BASE).sign(wallet.privateKey);
    oauthError(await requestCredential(untyped), 400, 'invalid_proof');
    oauthError(await requestCredential('not.a.jwt'), 400, 'invalid_proof');
    oauthError(await requestCredential(await proof({ nonce: null })), 400, 'invalid_nonce');
    oauthError(await requestCredential(await proof({ nonce: 'made-up' })), 400, 'invalid_nonce');
    const stale = await nonce();
    await platform.store.db.updateTable('oid4vci_nonces').set({ expires_at: new Date(Date.now() - 1000) }).where('nonce', '=', stale).execute();
    oauthError(await requestCredential(await proof({ nonce: stale })), 400, 'invalid_nonce');
    const jwt = await proof();
    ok(await requestCredential(jwt));
    oauthError(await requestCredential(jwt), 400, 'invalid_nonce');
  });

  it('refuses an unknown credential configuration and a malformed request', async () => {
    oauthError(await requestCredential(await proof(), { configuration: 'UniversityDegree_jwt_vc_json' }), 400, 'unknown_credential_configuration');
    oauthError(await send('POST', '/openid4vci/credential', { headers: { authorization: `Bearer ${accessToken}` }, json: { proofs: 'x' } }), 400, 'invalid_credential_request');
  });

  it('offers only the learner\'s own credentials, to a signed-in learner', async () => {
    const res = await send('POST', '/api/v1/me/credentials/00000000-0000-4000-8000-000000000000/offer', { json: {}, learner: true });
    assert.equal(res.statusCode, 404);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const anonymous = await send('POST', `/api/v1/me/credentials/${credentialId}/offer`, { json: {} });
    assert.equal(anonymous.statusCode, 401);
  });

  it('revoking the learner\'s credential revokes the copy the wallet holds; no more offers or deliveries', async () => {
    const revokedBit = async (): Promise<boolean> => {
      const entry = Array.isArray(delivered.credentialStatus) ? (delivered.credentialStatus as Json[])[0] : delivered.credentialStatus as Json;
      const checked = await checkStatus({
        credential: { ...delivered, credentialStatus: entry }, documentLoader: appLoader(), suite: new DataIntegrityProof({ cryptosuite: plainCryptosuite }),
        verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true,
      });
      assert.equal(checked.verified, true, JSON.stringify(checked.error));
      return checked.results?.[0]?.status === true;
    };
    assert.equal(await revokedBit(), false);
    ok(await app.inject({
      method: 'POST', url: `/api/v1/institutions/${A.institution.slug}/credentials/${credentialId}/revoke`,
      headers: { authorization: `Bearer ${A.keys.issuer.key}`, 'content-type': 'application/json' }, payload: JSON.stringify({ reason: 'Błąd w protokole' }),
    }));
    assert.equal(await revokedBit(), true);
    oauthError(await requestCredential(await proof()), 400, 'credential_request_denied');
    const res = await send('POST', `/api/v1/me/credentials/${credentialId}/offer`, { json: {}, learner: true });
    assert.equal(res.statusCode, 409, res.body);
  });
});
