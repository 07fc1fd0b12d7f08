/**
 * The public verifier (`POST /api/v1/verify`, `GET /api/v1/verify/:code`): what someone hands us (a credential as
 * JSON or JSON text, a PDF certificate with the credential attached, a URL, or the short code of one of our own
 * credentials) turned into a credential, with every input problem a clear PL/EN ServiceError (4xx, never 5xx);
 * and the answer for the public page: the verdict in plain language, each check with its name, who the issuer is
 * (the name and legal identifiers it states, and whether it is an institution registered on this platform) and a
 * summary of the credential.
 */
import {
  CredentialInputError, MAX_CREDENTIAL_BYTES, parseJsonObject, renderReport,
  type Check, type CheckId, type CredentialSummary, type Verdict, type VerificationReport,
} from '../credentials/index.ts';
import { asArray as asArrayOf } from '../credentials/json.ts';
import { credentialFromPdf, PdfInputError } from '../documents/pdf-credential.ts';
import type { Message } from '../model/index.ts';
import type { LegalIdentifierRow } from '../store/schema.ts';
import { verifyUrl } from './awards.ts';
import { notFound, ServiceError, type Platform } from './platform.ts';
import { RemoteFetchError } from './remote-fetch.ts';
import { remoteFetcherOf, verifyOnPlatform } from './verification.ts';

type Json = Record<string, unknown>;

export type VerifySource = 'json' | 'pdf' | 'url' | 'short-code';

/** The JSON body of `POST /api/v1/verify`. */
export interface VerifyBody {
  readonly credential?: Json | string | undefined;
  readonly url?: string | undefined;
}

/** A request body sent as it is (a PDF, a credential file). */
export interface VerifyUpload {
  readonly contentType: string;
  readonly bytes: Buffer;
}

export interface VerifyInput {
  readonly credential: unknown;
  readonly source: VerifySource;
  /** The short code, when the credential is one of ours found by it. */
  readonly shortCode?: string;
}

const JWT_UNSUPPORTED: Message = {
  pl: 'To poświadczenie w formacie JWT (VC-JWT / VC-JOSE), którego ten weryfikator nie obsługuje: obsługiwane są poświadczenia JSON-LD z podpisem Data Integrity (eddsa-rdfc-2022) lub Ed25519Signature2020.',
  en: 'This is a JWT-encoded credential (VC-JWT / VC-JOSE), which this verifier does not support: it verifies JSON-LD credentials with a Data Integrity (eddsa-rdfc-2022) or Ed25519Signature2020 proof.',
};

function jwtUnsupported(path?: string): ServiceError {
  return new ServiceError(422, 'vc_jwt_unsupported', JWT_UNSUPPORTED, path ? { path } : undefined);
}

/** A CredentialInputError (bytes that are not a credential) as the HTTP answer. */
function inputProblem(error: CredentialInputError, path?: string): ServiceError {
  const details = path ? { path } : undefined;
  switch (error.code) {
    case 'jwt': return jwtUnsupported(path);
    case 'too_large': return new ServiceError(413, 'too_large', error.text, details);
    case 'malformed_json': return new ServiceError(400, 'malformed_json', error.text, details);
    case 'pdf': return new ServiceError(415, 'pdf_as_json', {
      pl: 'To plik PDF: wyślij go jako application/pdf (albo wczytaj na stronie weryfikacji).',
      en: 'This is a PDF file: send it as application/pdf (or upload it on the verification page).',
    }, details);
    default: return new ServiceError(400, `not_a_credential_${error.code}`, error.text, details);
  }
}

function pdfProblem(error: PdfInputError): ServiceError {
  const status = error.code === 'too_large' ? 413 : error.code === 'not_pdf' ? 400 : 422;
  return new ServiceError(status, `pdf_${error.code}`, error.text);
}

/** An enveloped credential (VC 2.0 `EnvelopedVerifiableCredential` with a `data:application/vc+jwt,…` id). */
function isEnveloped(credential: Json): boolean {
  const types = Array.isArray(credential.type) ? credential.type : [credential.type];
  return types.includes('EnvelopedVerifiableCredential') || (typeof credential.id === 'string' && /^data:application\/(vc\+)?(jwt|sd-jwt|vc\+sd-jwt)/.test(credential.id));
}

function parseText(text: string, path?: string): Json {
  try {
    const credential = parseJsonObject(Buffer.from(text, 'utf8'));
    if (isEnveloped(credential)) throw jwtUnsupported(path);
    return credential;
  } catch (error) {
    if (error instanceof CredentialInputError) throw inputProblem(error, path);
    throw error;
  }
}

function looksLikePdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).toString('latin1').includes('%PDF-');
}

async function fromPdf(bytes: Buffer): Promise<Json> {
  let found: { json: string } | undefined;
  try {
    found = await credentialFromPdf(bytes);
  } catch (error) {
    if (error instanceof PdfInputError) throw pdfProblem(error);
    throw error;
  }
  if (!found) {
    throw new ServiceError(422, 'no_credential_in_pdf', {
      pl: 'Ten plik PDF nie zawiera załączonego poświadczenia (pliku credential.json), więc nie można go zweryfikować. Certyfikaty Mikrocred mają je w środku; w innym przypadku wczytaj plik .json poświadczenia.',
      en: 'This PDF has no credential attached (no credential.json file), so it cannot be verified. Mikrocred certificates carry one; otherwise upload the credential\'s .json file.',
    });
  }
  return parseText(found.json);
}

/** The stored credential with this short code (`/v/<code>`), or undefined. */
export async function credentialByShortCode(platform: Platform, code: string): Promise<Json | undefined> {
  const row = await platform.store.db.selectFrom('credentials').select('document').where('short_code', '=', code).executeTakeFirst();
  return row ? JSON.parse(row.document) as Json : undefined;
}

const SHORT_CODE = /^[A-Za-z0-9]{4,64}$/;

async function ownCredential(platform: Platform, code: string): Promise<VerifyInput> {
  const credential = SHORT_CODE.test(code) ? await credentialByShortCode(platform, code) : undefined;
  if (!credential) throw notFound({ pl: `poświadczenie o kodzie „${code}”`, en: `credential with the code "${code}"` });
  return { credential, source: 'short-code', shortCode: code };
}

function urlProblem(error: RemoteFetchError): ServiceError {
  const details = { path: 'body.url' };
  switch (error.code) {
    case 'invalid_url': return new ServiceError(400, 'invalid_url', error.text, details);
    case 'refused': return new ServiceError(422, 'url_refused', { pl: `Adresu nie można użyć: ${error.text.pl}.`, en: `The URL cannot be used: ${error.text.en}.` }, details);
    case 'too_large': return new ServiceError(422, 'url_too_large', { pl: `Dokument pod adresem jest za duży: ${error.text.pl}.`, en: `The document at the URL is too large: ${error.text.en}.` }, details);
    case 'not_json': return new ServiceError(422, 'url_not_json', { pl: `Pod adresem nie ma poświadczenia JSON: ${error.text.pl}.`, en: `There is no JSON credential at the URL: ${error.text.en}.` }, details);
    case 'not_found': return new ServiceError(422, 'url_not_found', { pl: `Pod adresem nic nie ma: ${error.text.pl}.`, en: `Nothing was found at the URL: ${error.text.en}.` }, details);
    default: return new ServiceError(422, 'url_unavailable', { pl: `Nie udało się pobrać poświadczenia: ${error.text.pl}.`, en: `The credential could not be fetched: ${error.text.en}.` }, details);
  }
}

async function fromUrl(platform: Platform, raw: string): Promise<VerifyInput> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ServiceError(400, 'invalid_url', { pl: `„${raw}” nie jest adresem URL`, en: `"${raw}" is not a URL` }, { path: 'body.url' });
  }
  const base = new URL(`${platform.baseUrl}/`);
  if (url.origin === base.origin && url.pathname.startsWith(base.pathname)) {
    // Our own addresses are read from the database, never fetched over the network.
    const rest = url.pathname.slice(base.pathname.length).replace(/\/+$/, '');
    const code = /^(?:v|api\/v1\/verify)\/([^/]+)$/.exec(rest)?.[1];
    if (code !== undefined) return ownCredential(platform, decodeURIComponent(code));
    throw new ServiceError(422, 'not_a_credential_url', {
      pl: 'Ten adres to strona tej platformy, a nie poświadczenie. Podaj krótki link /v/… z certyfikatu albo wczytaj plik poświadczenia.',
      en: 'This address is a page of this platform, not a credential. Give the /v/… short link printed on the certificate, or upload the credential file.',
    }, { path: 'body.url' });
  }
  let json: unknown;
  try {
    json = (await remoteFetcherOf(platform).getJson(url.toString(), {
      maxBytes: MAX_CREDENTIAL_BYTES, accept: 'application/vc+ld+json, application/vc, application/ld+json;q=0.9, application/json;q=0.8',
    })).json;
  } catch (error) {
    if (error instanceof RemoteFetchError) throw urlProblem(error);
    throw error;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ServiceError(422, 'url_not_json', {
      pl: 'Dokument pod adresem nie jest obiektem JSON poświadczenia.', en: 'The document at the URL is not a credential JSON object.',
    }, { path: 'body.url' });
  }
  if (isEnveloped(json as Json)) throw jwtUnsupported('body.url');
  return { credential: json, source: 'url' };
}

const JWT_TYPES = new Set(['application/vc+jwt', 'application/jwt', 'application/vc+sd-jwt', 'application/sd-jwt']);

/** The credential a request gives: an upload (PDF or credential file), `credential` (object or JSON text), or `url`. */
export async function verifyInput(platform: Platform, body: VerifyBody | undefined, upload?: VerifyUpload): Promise<VerifyInput> {
  if (upload) {
    if (upload.bytes.byteLength === 0) {
      throw new ServiceError(400, 'empty', { pl: 'Przesłany plik jest pusty.', en: 'The uploaded file is empty.' });
    }
    if (upload.contentType === 'application/pdf' || looksLikePdf(upload.bytes)) return { credential: await fromPdf(upload.bytes), source: 'pdf' };
    if (JWT_TYPES.has(upload.contentType)) throw jwtUnsupported();
    return { credential: parseText(upload.bytes.toString('utf8')), source: 'json' };
  }
  const given = [body?.credential !== undefined, body?.url !== undefined].filter(Boolean).length;
  if (given !== 1) {
    throw new ServiceError(400, given === 0 ? 'nothing_to_verify' : 'ambiguous_input', given === 0 ? {
      pl: 'Podaj poświadczenie („credential”: obiekt JSON lub jego tekst) albo jego adres („url”), albo wyślij certyfikat PDF (application/pdf).',
      en: 'Give the credential ("credential": a JSON object or its text) or its address ("url"), or send the PDF certificate (application/pdf).',
    } : {
      pl: 'Podaj albo „credential”, albo „url”, nie oba.', en: 'Give either "credential" or "url", not both.',
    }, { path: 'body' });
  }
  if (body?.url !== undefined) return fromUrl(platform, body.url);
  const credential = body?.credential;
  if (typeof credential === 'string') return { credential: parseText(credential, 'body.credential'), source: 'json' };
  if (credential && isEnveloped(credential)) throw jwtUnsupported('body.credential');
  return { credential, source: 'json' };
}

// ---- The answer ----

export const CHECK_LABELS: Readonly<Record<CheckId, Message>> = {
  format: { pl: 'Format poświadczenia', en: 'Credential format' },
  issuer: { pl: 'Wystawca i jego klucz', en: 'Issuer and its key' },
  proof: { pl: 'Podpis i integralność', en: 'Signature and integrity' },
  schema: { pl: 'Zgodność ze standardem Open Badges 3.0', en: 'Open Badges 3.0 conformance' },
  validity: { pl: 'Okres ważności', en: 'Validity dates' },
  status: { pl: 'Status (unieważnienie, zawieszenie)', en: 'Status (revocation, suspension)' },
  elements: { pl: 'Elementy standardu UE', en: 'EU standard elements' },
};

export interface IssuerInfo {
  readonly id?: string;
  /** The name the credential gives (its language), and its translations when it has them. */
  readonly name?: string;
  readonly names?: Readonly<Record<string, string>>;
  readonly url?: string;
  readonly email?: string;
  readonly country?: string;
  /** Legal identifiers the issuer states in the credential (REGON, NIP, KRS, …). */
  readonly identifiers: Array<{ scheme: string; value: string }>;
  /** How the issuer's key is tied to it: `did:web` (a domain), `did:key` (the key alone), or another method. */
  readonly didMethod?: string;
  /** The institution with this DID registered on this platform, with its profile as the platform holds it. */
  readonly platform: null | {
    readonly slug: string;
    readonly namePl: string;
    readonly nameEn: string;
    readonly identifiers: Array<{ scheme: string; value: string }>;
    readonly website: string | null;
    readonly didDocumentUrl: string;
  };
  /** Whether the credential was signed with a key of this issuer (issuer and signature checks passed). */
  readonly confirmed: boolean;
  /** Who the issuer is, in plain language. */
  readonly identity: Message;
}

export interface CredentialInfo {
  readonly id?: string;
  readonly title?: string;
  readonly titles?: Readonly<Record<string, string>>;
  readonly description?: string;
  /** The learner's name as printed in the credential (when it is given in clear). */
  readonly learnerName?: string;
  readonly issuedAt?: string;
  readonly validFrom?: string;
  readonly validUntil?: string;
  readonly achievementId?: string;
  /** The achievement's id when it is a web address (the specification in a catalogue). */
  readonly achievementUrl?: string;
  readonly microCredential: boolean;
  readonly types: string[];
}

export interface VerificationAnswer {
  readonly verdict: Verdict;
  readonly verdictMessage: Message;
  readonly verifiedAt: string;
  readonly checks: Array<Check & { readonly label: Message }>;
  readonly summary?: CredentialSummary;
  readonly issuer: IssuerInfo;
  readonly credential: CredentialInfo;
  readonly source: VerifySource;
  readonly shortCode?: string;
  readonly verifyUrl?: string;
}

function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  const map = obj(value);
  if (!map) return undefined;
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(map)) if (typeof text === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(key)) out[key] = text;
  return Object.keys(out).length > 0 ? out : undefined;
}

function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value;
}

/** The legal identifiers of an OB 3.0 Profile (`otherIdentifier`, `identifierType` `ext:REGON` → REGON). */
function identifiersOf(profile: Json | undefined): Array<{ scheme: string; value: string }> {
  return asArrayOf(profile?.otherIdentifier).map(obj).flatMap((entry) => {
    const value = str(entry?.identifier);
    const type = str(entry?.identifierType);
    return value && type ? [{ scheme: type.replace(/^ext:/, ''), value }] : [];
  }).slice(0, 20);
}

function listed(identifiers: ReadonlyArray<{ scheme: string; value: string }>): string {
  return identifiers.map((i) => `${i.scheme} ${i.value}`).join(', ');
}

async function registeredInstitution(platform: Platform, did: string | undefined): Promise<IssuerInfo['platform']> {
  // Institutions here have did:web DIDs: nothing else needs a query.
  if (!did?.startsWith('did:web:')) return null;
  const row = await platform.store.db.selectFrom('institutions').select(['slug', 'name_pl', 'name_en', 'identifiers', 'website'])
    .where('did', '=', did).executeTakeFirst();
  if (!row) return null;
  const identifiers = (row.identifiers as LegalIdentifierRow[]).map((i) => ({ scheme: i.scheme, value: i.value }));
  return { slug: row.slug, namePl: row.name_pl, nameEn: row.name_en, identifiers, website: row.website, didDocumentUrl: `${platform.baseUrl}/i/${row.slug}/did.json` };
}

function identityMessage(info: Omit<IssuerInfo, 'identity'>): Message {
  const name = info.name ?? info.id ?? '?';
  if (!info.confirmed) {
    return {
      pl: `Nie potwierdzono, że poświadczenie wystawił ${name}: podpisu wystawcy nie udało się sprawdzić albo jest błędny.`,
      en: `It is not confirmed that ${name} issued this credential: the issuer's signature could not be checked or is wrong.`,
    };
  }
  const stated = info.identifiers.length > 0 ? ` (${listed(info.identifiers)})` : '';
  if (info.platform) {
    const ids = info.platform.identifiers.length > 0 ? ` (${listed(info.platform.identifiers)})` : '';
    return {
      pl: `Wystawca: ${info.platform.namePl}${ids}, instytucja zarejestrowana na tej platformie; poświadczenie podpisano jej kluczem.`,
      en: `Issuer: ${info.platform.nameEn}${ids}, an institution registered on this platform; the credential was signed with its key.`,
    };
  }
  if (info.didMethod === 'did:web') {
    const domain = decodeURIComponent((info.id ?? '').split(':')[2] ?? '');
    return {
      pl: `Wystawca: ${name}${stated}. Klucz podpisu jest opublikowany w domenie ${domain}; nazwa i identyfikatory pochodzą od wystawcy (ta platforma ich nie weryfikowała).`,
      en: `Issuer: ${name}${stated}. The signing key is published under the domain ${domain}; the name and identifiers are the issuer's own statement (not checked by this platform).`,
    };
  }
  return {
    pl: `Wystawca: ${name}${stated}. Klucz podpisu (${info.didMethod ?? 'DID'}) nie jest powiązany z żadną domeną ani rejestrem: nazwa i identyfikatory to tylko deklaracja wystawcy.`,
    en: `Issuer: ${name}${stated}. The signing key (${info.didMethod ?? 'DID'}) is not tied to any domain or register: the name and identifiers are only the issuer's own statement.`,
  };
}

/** The public answer for a verified credential. */
export async function verificationAnswer(platform: Platform, input: VerifyInput, report: VerificationReport): Promise<VerificationAnswer> {
  const c = obj(input.credential) ?? {};
  const profile = obj(c.issuer);
  const issuerId = typeof c.issuer === 'string' ? c.issuer : str(profile?.id);
  const passed = (id: CheckId): boolean => report.checks.some((check) => check.id === id && check.status === 'passed');
  const base = compact({
    id: issuerId,
    name: str(profile?.name),
    names: stringMap(profile?.['mc:nameTranslations']),
    url: str(profile?.url),
    email: str(profile?.email),
    country: str(obj(profile?.address)?.addressCountryCode),
    identifiers: identifiersOf(profile),
    didMethod: issuerId?.startsWith('did:') ? issuerId.split(':').slice(0, 2).join(':') : undefined,
    platform: await registeredInstitution(platform, issuerId),
    confirmed: passed('issuer') && passed('proof'),
  });
  const subject = obj(asArrayOf(c.credentialSubject)[0]);
  const achievement = obj(subject?.achievement);
  const achievementId = str(achievement?.id);
  const credential: CredentialInfo = compact({
    id: str(c.id),
    title: str(achievement?.name) ?? str(c.name),
    titles: stringMap(achievement?.['mc:nameTranslations']),
    description: str(achievement?.description) ?? str(c.description),
    learnerName: report.summary?.learnerName,
    issuedAt: str(c.awardedDate) ?? str(c.validFrom) ?? str(c.issuanceDate),
    validFrom: str(c.validFrom) ?? str(c.issuanceDate),
    validUntil: str(c.validUntil) ?? str(c.expirationDate),
    achievementId,
    achievementUrl: achievementId && /^https?:\/\//.test(achievementId) ? achievementId : undefined,
    microCredential: report.summary?.microCredential ?? false,
    types: asArrayOf(c.type).filter((t): t is string => typeof t === 'string'),
  });
  const firstLine = (lang: 'pl' | 'en'): string => renderReport(report, lang).split('\n')[0] ?? '';
  return compact({
    verdict: report.verdict,
    verdictMessage: { pl: firstLine('pl'), en: firstLine('en') },
    verifiedAt: report.verifiedAt,
    checks: report.checks.map((check) => ({ ...check, label: CHECK_LABELS[check.id] })),
    summary: report.summary,
    issuer: { ...base, identity: identityMessage(base) },
    credential,
    source: input.source,
    shortCode: input.shortCode,
    verifyUrl: input.shortCode ? verifyUrl(platform, input.shortCode) : undefined,
  });
}

/** Verifies what a request gives and answers for the public page. */
export async function verifyForPublic(platform: Platform, body: VerifyBody | undefined, upload?: VerifyUpload): Promise<VerificationAnswer> {
  const input = await verifyInput(platform, body, upload);
  return verificationAnswer(platform, input, await verifyOnPlatform(platform, input.credential));
}

/** Verifies one of our own credentials by its short code (404 when there is none). */
export async function verifyByShortCode(platform: Platform, code: string): Promise<VerificationAnswer> {
  const input = await ownCredential(platform, code);
  return verificationAnswer(platform, input, await verifyOnPlatform(platform, input.credential));
}
