/**
 * SD-JWT VC (IETF draft-ietf-oauth-sd-jwt-vc; OpenID4VCI 1.0 Appendix A.3, format `dc+sd-jwt`) copies of our
 * Open Badges 3.0 micro-credentials, issued with `@sd-jwt/sd-jwt-vc`: header `typ: dc+sd-jwt`, `alg: EdDSA`,
 * `kid` = the institution's did:web verification method (the one its Data Integrity proofs name), signed with the
 * institution's active Ed25519 key; disclosure digests `sha-256`.
 *
 * Claims (mapped from the stored OB 3.0 credential, and the learner record for what the credential only holds hashed):
 *
 * | claim | from | disclosed |
 * |---|---|---|
 * | `iss` | `issuer.id` (the institution's did:web) | always |
 * | `iat` / `nbf` / `exp` | delivery time / `validFrom` / `validUntil` (when there is one) | always |
 * | `vct` | `<base>/vct/micro-credential` (Type Metadata served there) | always |
 * | `cnf.jwk` | the holder's public key (the wallet's proof) | always |
 * | `status.status_list` | `{ idx, uri }`: the revocation index, in the institution's Token Status List (revoked, suspended) | always |
 * | `achievement.id` | `achievement.id` (the catalogue URL of the specification version) | always |
 * | `achievement.name` | `achievement['mc:nameTranslations']` `{ pl, en }` | always |
 * | `achievement.ects` | `achievement.creditsAvailable` | always |
 * | `achievement.eqf_level` | `achievement['mc:eqfLevel']` | always |
 * | `achievement.learning_outcomes[]` | `mc:learningOutcomes`: `{ code, type, text: { pl, en } }` | always |
 * | `achievement.assessment` | `{ type: mc:assessmentType, description: mc:assessmentDescription }` | always |
 * | `achievement.participation` | `mc:participationMode` | always |
 * | `awarding_body` | `{ id, name: { pl, en }, url }` of `issuer` | always |
 * | `given_name`, `family_name` | the learner record | selectively |
 * | `birthdate`, `email`, `student_number` | the learner record, when present | selectively |
 * | `grade` | `credentialSubject.result[0].value`, when present | selectively |
 * | `credential_id` | the OB 3.0 credential's `id` | selectively (it identifies the learner's award) |
 * | `verification_url` | the public verification URL `/v/<code>` | selectively (it shows the learner's name) |
 *
 * What describes the micro-credential and its issuer is always disclosed; every piece of the learner's personal data,
 * the grade and the identifiers that lead to the learner are selectively disclosable (one disclosure each).
 */
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign as edSign, type KeyObject } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { SDJwtVcInstance, type SdJwtVcPayload } from '@sd-jwt/sd-jwt-vc';
import type { DisclosureFrame, Hasher, SaltGenerator, Signer } from '@sd-jwt/types';
import type { JWK } from 'jose';
import type { JsonObject } from './build.ts';
import { InvalidKeyError, type IssuerKeyFile } from './keys.ts';

export const SD_JWT_VC_FORMAT = 'dc+sd-jwt';
export const SD_JWT_VC_ALGORITHM = 'EdDSA';
/** The path of the micro-credential type (`vct`) on the platform; its Type Metadata is served there. */
export const MICRO_CREDENTIAL_VCT_PATH = '/vct/micro-credential';

/** The Ed25519 key of an institution as a JWS key: `kid` (DID URL), Node private key, public JWK. */
export interface JwsKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicJwk: JWK;
}

/** The issuer key file (Multikey with its secret) as a JWS key for `EdDSA`. */
export async function jwsKeyOf(file: IssuerKeyFile): Promise<JwsKey> {
  const pair = await Ed25519Multikey.from(file);
  if (!pair.secretKey) throw new InvalidKeyError('The key file has no secret key');
  const x = Buffer.from(pair.publicKey).toString('base64url');
  const d = Buffer.from(pair.secretKey.subarray(0, 32)).toString('base64url');
  const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x, d }, format: 'jwk' });
  if (createPublicKey(privateKey).export({ format: 'jwk' }).x !== x) {
    throw new InvalidKeyError('The secret key does not belong to the public key in the file');
  }
  return { kid: file.id, privateKey, publicJwk: { kty: 'OKP', crv: 'Ed25519', x } };
}

/** SHA-256 for disclosure digests and `sd_hash` (the only algorithm we issue with). */
export const sha256Hasher: Hasher = (data, alg) => {
  if (alg.toLowerCase() !== 'sha-256') throw new Error(`Unsupported digest algorithm ${alg}`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : new Uint8Array(data);
  return new Uint8Array(createHash('sha256').update(bytes).digest());
};

export const randomSalt: SaltGenerator = (length) => randomBytes(length).toString('base64url');

function jwsSigner(key: KeyObject): Signer {
  return (data) => edSign(null, Buffer.from(data, 'utf8'), key).toString('base64url');
}

// ---- Claims ----

/** The learner's data in clear (the OB 3.0 credential holds only the name in clear, the rest hashed). */
export interface LearnerClaims {
  readonly givenName: string;
  readonly familyName: string;
  readonly email?: string | null | undefined;
  /** `YYYY-MM-DD`. */
  readonly birthdate?: string | null | undefined;
  readonly studentNumber?: string | null | undefined;
}

/** The claims that are selectively disclosable, when present. */
export const SELECTIVE_CLAIMS = [
  'given_name', 'family_name', 'birthdate', 'email', 'student_number', 'grade', 'credential_id', 'verification_url',
] as const;

type LangClaim = { pl?: string; en?: string };

const asObject = (value: unknown): JsonObject | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? value as JsonObject : undefined;
const asString = (value: unknown): string | undefined => typeof value === 'string' && value !== '' ? value : undefined;
const asNumber = (value: unknown): number | undefined => typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** `{ pl, en }` of a language map (other languages and non-strings left out); undefined when empty. */
function langClaim(value: unknown): LangClaim | undefined {
  const map = asObject(value);
  if (!map) return undefined;
  const out: LangClaim = {};
  const pl = asString(map.pl);
  const en = asString(map.en);
  if (pl !== undefined) out.pl = pl;
  if (en !== undefined) out.en = en;
  return pl === undefined && en === undefined ? undefined : out;
}

/** Copies the defined values only. */
function defined(entries: Record<string, unknown>): JsonObject {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}

function learningOutcomes(value: unknown): JsonObject[] {
  if (!Array.isArray(value)) return [];
  return value.map(asObject).filter((o): o is JsonObject => o !== undefined)
    .map((o) => defined({ code: asString(o.code), type: asString(o.outcomeType), text: langClaim(o.text) }));
}

function achievementClaim(achievement: JsonObject, subject: JsonObject): JsonObject {
  const name = langClaim(achievement['mc:nameTranslations']) ?? { [asString(achievement.inLanguage) === 'en' ? 'en' : 'pl']: asString(achievement.name) };
  const assessment = defined({ type: asString(achievement['mc:assessmentType']), description: langClaim(achievement['mc:assessmentDescription']) });
  return defined({
    id: asString(achievement.id),
    name,
    ects: asNumber(achievement.creditsAvailable) ?? asNumber(subject.creditsEarned),
    eqf_level: asNumber(achievement['mc:eqfLevel']),
    learning_outcomes: learningOutcomes(achievement['mc:learningOutcomes']),
    assessment: Object.keys(assessment).length > 0 ? assessment : undefined,
    participation: asString(achievement['mc:participationMode']),
  });
}

function awardingBodyClaim(issuer: JsonObject): JsonObject {
  return defined({
    id: asString(issuer.id),
    name: langClaim(issuer['mc:nameTranslations']) ?? { pl: asString(issuer.name) },
    url: asString(issuer.url),
  });
}

function gradeOf(subject: JsonObject): string | undefined {
  const results = Array.isArray(subject.result) ? subject.result : [];
  const value = asObject(results[0])?.value;
  return typeof value === 'number' ? String(value) : asString(value);
}

/** The micro-credential's claims (without the registered JWT / SD-JWT VC claims), from the stored OB 3.0 credential. */
export function microCredentialClaims(credential: JsonObject, learner: LearnerClaims, options: { verificationUrl?: string | undefined } = {}): JsonObject {
  const subject = asObject(credential.credentialSubject);
  const achievement = asObject(subject?.achievement);
  const issuer = asObject(credential.issuer);
  if (!subject || !achievement || !issuer) throw new Error('Not an Open Badges 3.0 credential with one subject, an achievement and an issuer');
  return defined({
    given_name: learner.givenName,
    family_name: learner.familyName,
    birthdate: learner.birthdate ?? undefined,
    email: learner.email ?? undefined,
    student_number: learner.studentNumber ?? undefined,
    grade: gradeOf(subject),
    credential_id: asString(credential.id),
    verification_url: options.verificationUrl,
    achievement: achievementClaim(achievement, subject),
    awarding_body: awardingBodyClaim(issuer),
  });
}

// ---- Issuing ----

export interface SdJwtVcOptions {
  /** The micro-credential's claims (microCredentialClaims). */
  readonly claims: JsonObject;
  /** The issuer's DID (`iss`). */
  readonly issuer: string;
  readonly vct: string;
  /** The holder's public key (`cnf.jwk`). */
  readonly holderJwk: JWK;
  readonly status?: { readonly idx: number; readonly uri: string } | undefined;
  readonly validFrom?: Date | undefined;
  readonly validUntil?: Date | undefined;
  readonly key: JwsKey;
  readonly now?: Date;
}

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** The issued SD-JWT VC (compact: `<jwt>~<disclosure>~…~`), every claim of SELECTIVE_CLAIMS as its own disclosure. */
export async function issueSdJwtVc(options: SdJwtVcOptions): Promise<string> {
  const payload: SdJwtVcPayload = {
    ...options.claims,
    iss: options.issuer,
    iat: seconds(options.now ?? new Date()),
    ...(options.validFrom ? { nbf: seconds(options.validFrom) } : {}),
    ...(options.validUntil ? { exp: seconds(options.validUntil) } : {}),
    vct: options.vct,
    cnf: { jwk: options.holderJwk },
    ...(options.status ? { status: { status_list: { idx: options.status.idx, uri: options.status.uri } } } : {}),
  };
  const selective = SELECTIVE_CLAIMS.filter((name) => options.claims[name] !== undefined);
  // The library's frame type cannot express `_sd` beside the payload type's index signature.
  const frame = { _sd: selective } as unknown as DisclosureFrame<SdJwtVcPayload>;
  const instance = new SDJwtVcInstance({
    hasher: sha256Hasher, hashAlg: 'sha-256', saltGenerator: randomSalt, signer: jwsSigner(options.key.privateKey), signAlg: SD_JWT_VC_ALGORITHM,
  });
  return instance.issue(payload, frame, { header: { kid: options.key.kid } });
}

// ---- Type Metadata ----

/** A claim of the micro-credential type: its path, labels and whether it is selectively disclosable. */
export interface ClaimMetadata {
  readonly path: readonly (string | null)[];
  readonly pl: string;
  readonly en: string;
  readonly selective: boolean;
}

export const MICRO_CREDENTIAL_CLAIMS: readonly ClaimMetadata[] = [
  { path: ['given_name'], pl: 'Imię', en: 'Given name', selective: true },
  { path: ['family_name'], pl: 'Nazwisko', en: 'Family name', selective: true },
  { path: ['birthdate'], pl: 'Data urodzenia', en: 'Date of birth', selective: true },
  { path: ['email'], pl: 'Adres e-mail', en: 'E-mail address', selective: true },
  { path: ['student_number'], pl: 'Numer albumu', en: 'Student number', selective: true },
  { path: ['grade'], pl: 'Ocena', en: 'Grade', selective: true },
  { path: ['credential_id'], pl: 'Identyfikator poświadczenia', en: 'Credential identifier', selective: true },
  { path: ['verification_url'], pl: 'Adres weryfikacji', en: 'Verification URL', selective: true },
  { path: ['achievement', 'id'], pl: 'Specyfikacja mikropoświadczenia', en: 'Micro-credential specification', selective: false },
  { path: ['achievement', 'name'], pl: 'Tytuł', en: 'Title', selective: false },
  { path: ['achievement', 'ects'], pl: 'Punkty ECTS', en: 'ECTS credits', selective: false },
  { path: ['achievement', 'eqf_level'], pl: 'Poziom ERK', en: 'EQF level', selective: false },
  { path: ['achievement', 'learning_outcomes'], pl: 'Efekty uczenia się', en: 'Learning outcomes', selective: false },
  { path: ['achievement', 'assessment'], pl: 'Forma walidacji', en: 'Assessment', selective: false },
  { path: ['achievement', 'participation'], pl: 'Forma udziału', en: 'Form of participation', selective: false },
  { path: ['awarding_body', 'name'], pl: 'Instytucja przyznająca', en: 'Awarding body', selective: false },
];

/** The SD-JWT VC Type Metadata document of `vct` (draft-ietf-oauth-sd-jwt-vc, "Type Metadata"). */
export function microCredentialTypeMetadata(vct: string): JsonObject {
  return {
    vct,
    name: 'EU micro-credential (Mikrocred)',
    description: 'A micro-credential as in the Council Recommendation of 16 June 2022 on a European approach to micro-credentials, issued on Mikrocred.',
    display: [
      { locale: 'pl', name: 'Mikropoświadczenie', description: 'Mikropoświadczenie wydane przez uczelnię lub instytucję w Mikrocred' },
      { locale: 'en', name: 'Micro-credential', description: 'A micro-credential issued by a university or institution on Mikrocred' },
    ],
    claims: MICRO_CREDENTIAL_CLAIMS.map((claim) => ({
      path: [...claim.path],
      display: [{ locale: 'pl', label: claim.pl }, { locale: 'en', label: claim.en }],
      sd: claim.selective ? 'always' : 'never',
    })),
  };
}
