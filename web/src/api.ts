/**
 * The Mikrocred HTTP API as the web app uses it: JSON in and out, the session cookie, `x-csrf-token` on every
 * unsafe request, `Accept-Language` in the chosen language. Failures throw `ApiError` with the problem document
 * (RFC 9457) the server sent, whose messages come in both languages.
 */
import type { Lang } from './i18n.ts';

export const ROLES = ['owner', 'designer', 'issuer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const IDENTIFIER_SCHEMES = ['REGON', 'NIP', 'KRS', 'POL-on', 'ErasmusCode', 'PIC', 'VAT', 'other'] as const;
export type IdentifierScheme = (typeof IDENTIFIER_SCHEMES)[number];

export interface Bilingual {
  readonly pl: string;
  readonly en: string;
}

export interface FieldProblem {
  readonly path: string;
  readonly code: string;
  readonly message: Bilingual;
  /** Validation problems of a specification say whether they block publishing. */
  readonly severity?: 'error' | 'warning';
}

export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly code?: string;
  readonly messages?: Bilingual;
  readonly errors?: readonly FieldProblem[];
}

export interface Membership {
  readonly slug: string;
  readonly namePl: string;
  readonly nameEn: string;
  readonly role: string;
}

export interface Session {
  readonly user: { readonly id: string; readonly email: string; readonly name: string };
  readonly csrfToken: string;
  readonly memberships: readonly Membership[];
}

export interface Identifier {
  readonly scheme: string;
  readonly value: string;
}

export interface Address {
  readonly street?: string;
  readonly postalCode?: string;
  readonly locality: string;
  readonly region?: string;
  readonly country: string;
}

export interface Institution {
  readonly slug: string;
  readonly did: string;
  readonly namePl: string;
  readonly nameEn: string;
  readonly country: string;
  readonly identifiers: readonly Identifier[];
  readonly website: string | null;
  readonly email: string | null;
  readonly address: Address | null;
}

export interface ProfileChanges {
  namePl?: string;
  nameEn?: string;
  country?: string;
  identifiers?: Identifier[];
  website?: string | null;
  email?: string | null;
  address?: Address | null;
}

export interface ApiKeyInfo {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly role: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

export interface Member {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly role: string;
}

/* ---------- Catalogue (docs/catalogue.md) ---------- */

/** A validation problem of a specification document: path such as `learningOutcomes[1].text.en`. */
export interface SpecProblem {
  readonly path: string;
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: Bilingual;
}

export const SPEC_STATUSES = ['draft', 'published', 'archived'] as const;
export type SpecStatus = (typeof SPEC_STATUSES)[number];

/** A specification document as saved: drafts may be incomplete or hold wrong types, so it is read defensively. */
export type SpecDocument = Readonly<Record<string, unknown>>;

export interface SpecificationVersion {
  readonly specId: string;
  readonly version: number;
  readonly status: SpecStatus;
  readonly superseded: boolean;
  readonly document: SpecDocument;
  readonly problems: readonly SpecProblem[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly publishedAt: string | null;
  readonly publicUrl: string | null;
}

export interface VersionSummary {
  readonly version: number;
  readonly status: string;
  readonly superseded: boolean;
  readonly createdAt: string;
  readonly publishedAt: string | null;
}

export interface SpecificationSummary {
  readonly specId: string;
  readonly version: number;
  readonly status: string;
  readonly title: Bilingual;
  readonly ectsCredits: number | null;
  readonly eqfLevel: number | null;
  readonly updatedAt: string;
  readonly publishedVersion: number | null;
  readonly hasDraft: boolean;
  readonly errorCount: number;
}

export interface SpecificationDetail {
  readonly specId: string;
  readonly versions: readonly VersionSummary[];
  readonly latest: SpecificationVersion;
}

/** An ELM document (Europass / EDC) read as a specification: what mapped, was kept as further information or left out. */
export interface ElmImportReport {
  /** `path`: the element of our model (`learningOutcomes`); `from`: where in the ELM document it came from. */
  readonly mapped: ReadonlyArray<{ readonly path: string; readonly from: string }>;
  readonly keptAsFurtherInfo: ReadonlyArray<{ readonly from: string; readonly label: Bilingual; readonly text: Readonly<Record<string, string>> }>;
  readonly ignored: ReadonlyArray<{ readonly from: string; readonly reason: Bilingual }>;
}

/** The answer of an ELM import: a dry run (`draft` null) or the new draft. */
export interface ElmImportResult {
  readonly kind: 'credential' | 'specification';
  readonly sourceId: string | null;
  readonly sourceIdentifiers: ReadonlyArray<{ readonly schemeName: string; readonly notation: string }>;
  readonly draft: SpecificationVersion | null;
  /** The draft's document as imported. */
  readonly document: SpecDocument;
  readonly problems: readonly SpecProblem[];
  readonly report: ElmImportReport;
}

/** An ELM JSON-LD document: an object, or a list of nodes. */
export type ElmDocument = Readonly<Record<string, unknown>> | ReadonlyArray<Readonly<Record<string, unknown>>>;

export type PathwayRule =
  | { readonly type: 'all' }
  | { readonly type: 'n-of'; readonly n: number }
  | { readonly type: 'ects'; readonly minEcts: number };

export interface PathwayInput {
  readonly title: Bilingual;
  readonly description?: Bilingual;
  readonly rule: PathwayRule;
  readonly specIds: readonly string[];
  readonly target?: { readonly title: Bilingual; readonly url?: string };
}

export interface InstitutionRef {
  readonly slug: string;
  readonly namePl: string;
  readonly nameEn: string;
}

export interface Pathway extends PathwayInput {
  readonly id: string;
  readonly institution: InstitutionRef;
  readonly publicUrl: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CatalogueOffer {
  readonly specId: string;
  readonly version: number;
  readonly url: string;
  readonly title: Bilingual;
  readonly description: Bilingual | null;
  readonly institution: InstitutionRef;
  readonly ectsCredits: number;
  readonly workloadHours: number | null;
  readonly eqfLevel: number | null;
  readonly prkLevel: number | null;
  readonly iscedF: string | null;
  readonly languages: readonly string[];
  readonly participationMode: string;
  readonly assessmentType: string;
  readonly publishedAt: string;
  readonly pathways: ReadonlyArray<{ readonly id: string; readonly title: Bilingual; readonly url: string }>;
}

/** A published specification: the offer, its full document and the versions published so far. */
export interface CatalogueEntry extends CatalogueOffer {
  readonly document: SpecDocument;
  /** The versions published so far (archived ones included). */
  readonly versions: ReadonlyArray<{ readonly version: number; readonly status: string; readonly publishedAt: string | null; readonly url: string }>;
  readonly status: 'published' | 'archived';
  /** A newer published version replaced this one. */
  readonly superseded: boolean;
}

/** A pathway as the public catalogue shows it: with its member offers (`offers`, in the pathway's order). */
export interface PublicPathway extends Pathway {
  readonly offers: readonly CatalogueEntry[];
}

export interface CatalogueFacets {
  readonly eqf: ReadonlyArray<{ readonly value: number | null; readonly count: number }>;
  readonly isced: ReadonlyArray<{ readonly value: string; readonly label: Bilingual; readonly count: number }>;
  readonly language: ReadonlyArray<{ readonly value: string; readonly count: number }>;
  readonly participation: ReadonlyArray<{ readonly value: string; readonly count: number }>;
  readonly institution: ReadonlyArray<{ readonly value: string; readonly label: Bilingual; readonly count: number }>;
  readonly ects: ReadonlyArray<{ readonly min: number; readonly max: number | null; readonly count: number }>;
}

export interface CatalogueSearch {
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly items: readonly CatalogueOffer[];
  readonly facets: CatalogueFacets;
}

export const CATALOGUE_SORTS = ['relevance', 'newest', 'title', 'ects'] as const;
export type CatalogueSort = (typeof CATALOGUE_SORTS)[number];

/** The query of `GET /api/v1/catalogue` (and of the catalogue page's address). */
export interface CatalogueQuery {
  readonly q: string;
  readonly eqf: readonly string[];
  readonly ectsMin: string;
  readonly ectsMax: string;
  readonly isced: readonly string[];
  readonly language: readonly string[];
  readonly participation: readonly string[];
  readonly institution: readonly string[];
  readonly sort: CatalogueSort | '';
  readonly page: number;
}

export const EMPTY_QUERY: CatalogueQuery = {
  q: '', eqf: [], ectsMin: '', ectsMax: '', isced: [], language: [], participation: [], institution: [], sort: '', page: 1,
};

const LIST_PARAMS = ['eqf', 'isced', 'language', 'participation', 'institution'] as const;

/** Reads a catalogue query from an address's query string (unknown parameters are ignored). */
export function parseCatalogueQuery(search: string): CatalogueQuery {
  const params = new URLSearchParams(search);
  const sort = params.get('sort') ?? '';
  const page = Number(params.get('page') ?? '1');
  const list = (name: string): string[] => [...new Set(params.getAll(name).filter((v) => v !== ''))];
  return {
    q: params.get('q') ?? '',
    eqf: list('eqf'),
    ectsMin: params.get('ectsMin') ?? '',
    ectsMax: params.get('ectsMax') ?? '',
    isced: list('isced'),
    language: list('language'),
    participation: list('participation'),
    institution: list('institution'),
    sort: (CATALOGUE_SORTS as readonly string[]).includes(sort) ? sort as CatalogueSort : '',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** The query string of a catalogue query (empty parameters left out), without the leading `?`. */
export function catalogueQueryString(query: CatalogueQuery): string {
  const params = new URLSearchParams();
  if (query.q.trim() !== '') params.set('q', query.q.trim());
  for (const name of LIST_PARAMS) for (const value of query[name]) params.append(name, value);
  if (query.ectsMin.trim() !== '') params.set('ectsMin', query.ectsMin.trim());
  if (query.ectsMax.trim() !== '') params.set('ectsMax', query.ectsMax.trim());
  if (query.sort !== '') params.set('sort', query.sort);
  if (query.page > 1) params.set('page', String(query.page));
  return params.toString();
}

/* ---------- Issuance (src/http/routes/issuance.ts) ---------- */

export const CREDENTIAL_STATES = ['active', 'revoked', 'suspended'] as const;
export type CredentialState = (typeof CREDENTIAL_STATES)[number];

/** An issued credential as staff see it (dates as ISO strings). */
export interface IssuedCredential {
  readonly id: string;
  readonly credentialId: string;
  readonly specId: string | null;
  readonly version: number | null;
  readonly title: Bilingual;
  readonly learner: { readonly name: string; readonly email: string | null; readonly studentNumber: string | null };
  readonly issuedAt: string;
  readonly status: CredentialState;
  readonly revokedAt: string | null;
  readonly revocationReason: string | null;
  readonly suspendedAt: string | null;
  readonly suspensionReason: string | null;
  readonly suspendable: boolean;
  readonly externalReference: string | null;
  readonly batchId: string | null;
  readonly verifyUrl: string | null;
}

export interface IssuedPage {
  readonly total: number;
  readonly items: readonly IssuedCredential[];
}

export interface IssuedQuery {
  readonly q?: string;
  readonly status?: CredentialState | '';
  readonly specId?: string;
  readonly batchId?: string;
  readonly limit?: number;
  readonly offset?: number;
}

/** What the issuer chooses for each credential: its language, a suspension entry, an e-mail to the learner. */
export interface AwardOptions {
  readonly language?: 'pl' | 'en';
  readonly suspendable?: boolean;
  readonly notify?: boolean;
}

export interface LearnerInput {
  readonly givenName: string;
  readonly familyName: string;
  readonly email?: string;
  readonly dateOfBirth?: string;
  readonly studentNumber?: string;
}

export interface ResultInput {
  readonly assessmentDate?: string;
  readonly grade?: string;
  readonly supervisionVerificationUsed?: string;
  readonly externalReference?: string;
}

export interface IssueRequest {
  readonly specId: string;
  readonly version?: number;
  readonly learner: LearnerInput;
  readonly result?: ResultInput;
  readonly options?: AwardOptions;
}

export interface IssueResult {
  /** False when the same award had been issued before: `credential` is that one. */
  readonly created: boolean;
  readonly credential: IssuedCredential;
}

export const BATCH_STATUSES = ['preview', 'queued', 'running', 'done', 'cancelled'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** A problem of one row of a cohort file: its spreadsheet row (the header is row 1) and column. */
export interface RowProblem {
  readonly row: number;
  readonly column?: string;
  readonly field: string;
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: Bilingual;
}

export interface Batch {
  readonly id: string;
  readonly specId: string;
  readonly version: number;
  readonly status: BatchStatus;
  readonly fileName: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly counts: {
    readonly total: number; readonly invalid: number; readonly pending: number;
    readonly issued: number; readonly duplicates: number; readonly failed: number;
  };
  /** Share of the issuable rows handled so far, 0–1. */
  readonly progress: number;
  readonly headers: readonly string[];
  /** Column index (into `headers`) of each mapped target field. */
  readonly mapping: Readonly<Record<string, number>>;
  readonly mappingProblems: ReadonlyArray<{ readonly field: string; readonly code: string; readonly message: Bilingual }>;
  readonly problems: readonly RowProblem[];
  readonly options: AwardOptions;
}

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxMessage {
  readonly id: string;
  /** The issued credential's id (as in `IssuedCredential.id`), when the e-mail is about one. */
  readonly credentialId: string | null;
  readonly kind: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
}

export interface OutboxPage {
  readonly items: readonly OutboxMessage[];
  readonly total: number;
  readonly counts: Readonly<Record<OutboxStatus, number>>;
}


/* ---------- Verification (src/services/public-verify.ts, src/credentials/report.ts) ---------- */

export type Verdict = 'valid' | 'invalid' | 'indeterminate';
export type CheckId = 'format' | 'issuer' | 'proof' | 'schema' | 'validity' | 'status' | 'elements';
export type CheckStatus = 'passed' | 'failed' | 'warning' | 'skipped';

export interface VerificationCheck {
  readonly id: CheckId;
  readonly status: CheckStatus;
  readonly message: Bilingual;
  /** The verifier's answers name each check; an import's raw report does not (the app has the names too). */
  readonly label?: Bilingual;
  readonly indeterminate?: boolean;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface CredentialSummary {
  readonly id?: string;
  readonly name?: string;
  readonly issuerId?: string;
  readonly issuerName?: string;
  readonly learnerName?: string;
  readonly validFrom?: string;
  readonly validUntil?: string;
  readonly microCredential: boolean;
}

/** The platform verifier's report as it is (an import's `report`); the other pages get a `VerificationAnswer`. */
export interface VerificationReport {
  readonly verdict: Verdict;
  readonly verifiedAt: string;
  readonly checks: readonly VerificationCheck[];
  readonly summary?: CredentialSummary;
}

export interface IssuerInfo {
  readonly id?: string;
  readonly name?: string;
  readonly names?: Readonly<Record<string, string>>;
  readonly url?: string;
  readonly email?: string;
  readonly country?: string;
  readonly identifiers: readonly Identifier[];
  readonly didMethod?: string;
  readonly platform: null | {
    readonly slug: string;
    readonly namePl: string;
    readonly nameEn: string;
    readonly identifiers: readonly Identifier[];
    readonly website: string | null;
    readonly didDocumentUrl: string;
  };
  readonly confirmed: boolean;
  readonly identity: Bilingual;
}

export interface CredentialInfo {
  readonly id?: string;
  readonly title?: string;
  readonly titles?: Readonly<Record<string, string>>;
  readonly description?: string;
  readonly learnerName?: string;
  readonly issuedAt?: string;
  readonly validFrom?: string;
  readonly validUntil?: string;
  readonly achievementId?: string;
  readonly achievementUrl?: string;
  readonly microCredential: boolean;
  readonly types: readonly string[];
}

/**
 * The public verifier's answer (`POST /api/v1/verify`, `GET /api/v1/verify/:code`), also the `verification` of a
 * learner's credential and of a shared credential.
 */
export interface VerificationAnswer extends VerificationReport {
  readonly verdictMessage: Bilingual;
  readonly issuer: IssuerInfo;
  readonly credential: CredentialInfo;
  readonly source: 'json' | 'pdf' | 'url' | 'short-code';
  readonly shortCode?: string;
  readonly verifyUrl?: string;
}

/* ---------- Learner portal (docs/learner.md) ---------- */

export interface LearnerAccount {
  readonly id: string;
  readonly email: string;
  readonly createdAt: string;
  readonly lastSignInAt: string | null;
}

export interface LearnerMe {
  readonly account: LearnerAccount;
  readonly csrfToken: string;
}

export interface LearnerInstitution {
  readonly slug: string;
  readonly namePl: string;
  readonly nameEn: string;
  readonly logoUrl: string | null;
}

export type OwnCredentialStatus = 'active' | 'suspended' | 'revoked' | 'expired';

export interface OwnCredential {
  readonly id: string;
  readonly credentialId: string;
  readonly institution: LearnerInstitution;
  readonly title: Bilingual;
  readonly issuedAt: string;
  readonly validUntil: string | null;
  readonly status: OwnCredentialStatus;
  readonly revokedAt: string | null;
  readonly revocationReason: string | null;
  readonly suspendedAt: string | null;
  readonly specId: string | null;
  readonly version: number | null;
  readonly ectsCredits: number | null;
  readonly language: Lang;
  readonly verifyUrl: string | null;
  readonly onErasure: 'keep' | 'revoke';
}

export interface OwnCredentialDetail extends OwnCredential {
  readonly credential: Readonly<Record<string, unknown>>;
  readonly specification: SpecDocument | null;
  readonly specificationUrl: string | null;
  readonly learner: { readonly name: string; readonly email: string | null };
  readonly verification: VerificationAnswer;
  readonly linkedInUrl: string;
  readonly downloads: { readonly json: string; readonly pdf: string | null; readonly elm: string | null };
}

export interface ShareLink {
  readonly id: string;
  readonly credentialId: string;
  readonly url: string;
  readonly createdAt: string;
  readonly withdrawnAt: string | null;
  readonly views: number;
}

/** An OpenID4VCI credential offer (pre-authorized code, single use, 10 minutes). */
export interface WalletOffer {
  readonly offerUri: string;
  /** The offer URI's QR code, a `data:image/png;base64,…` URL. */
  readonly qr: string;
  readonly expiresAt: string;
  readonly txCode: boolean;
}

export interface ImportedCredential {
  readonly id: string;
  readonly format: 'json' | 'pdf';
  readonly importedAt: string;
  readonly verdict: Verdict;
  readonly report: VerificationReport;
  readonly credential: Readonly<Record<string, unknown>>;
}

export interface PathwayOfferRef {
  readonly specId: string;
  readonly title: Bilingual;
  readonly ectsCredits: number;
  readonly url: string;
  readonly institution: InstitutionRef;
  readonly status: 'published' | 'archived';
}

export interface PathwayProgress {
  readonly pathway: {
    readonly id: string;
    readonly title: Bilingual;
    readonly description?: Bilingual;
    readonly institution: InstitutionRef;
    readonly rule: PathwayRule;
    readonly target?: { readonly title: Bilingual; readonly url?: string };
    readonly publicUrl: string;
  };
  readonly done: boolean;
  readonly credentialsGathered: number;
  readonly ectsGathered: number;
  readonly required: { readonly credentials?: number; readonly ects?: number };
  readonly stillNeeded: { readonly credentials?: number; readonly ects?: number };
  readonly earned: ReadonlyArray<PathwayOfferRef & { readonly credentialIds: readonly string[]; readonly ectsCounted: number }>;
  readonly missing: readonly PathwayOfferRef[];
}

export interface ErasureResult {
  readonly institutions: ReadonlyArray<{
    readonly slug: string; readonly policy: 'keep' | 'revoke'; readonly learnerRecords: number; readonly credentials: number;
    readonly revoked: number; readonly keptVerifiable: number; readonly emailsDeleted: number;
    readonly batchRowsRedacted: number; readonly uploadedRowsRemoved: number;
  }>;
  readonly account: { readonly deleted: boolean; readonly shares: number; readonly imports: number; readonly sessions: number; readonly signInLinks: number };
  readonly otherEmailsDeleted: number;
}

/** An application the learner let use their credentials through the Open Badges 3.0 API (`GET /api/v1/me/apps`). */
export interface AuthorisedApp {
  readonly clientId: string;
  readonly name: string;
  /** The application's site (http or https), when it gave one. */
  readonly clientUri: string | null;
  readonly redirectHosts: readonly string[];
  /** OAuth scope URIs (`https://purl.imsglobal.org/spec/ob/v3p0/scope/…`). */
  readonly scopes: readonly string[];
  readonly firstAuthorisedAt: string;
  readonly lastTokenIssuedAt: string | null;
  readonly lastUsedAt: string | null;
  readonly liveAccessToken: boolean;
  readonly liveRefreshToken: boolean;
  readonly active: boolean;
}

/** A shared credential's public page data (`GET /api/v1/shared/:token`). */
export interface SharedCredential {
  readonly credential: OwnCredential;
  readonly document: Readonly<Record<string, unknown>>;
  readonly learnerName: string;
  readonly institution: LearnerInstitution;
  readonly verification: VerificationAnswer;
  readonly specification: SpecDocument | null;
  readonly specificationUrl: string | null;
  readonly sharedAt: string;
}


export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;

  constructor(status: number, problem: Problem | undefined) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/** The server could not be reached (or answered something that is not JSON). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network error', { cause });
    this.name = 'NetworkError';
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const state: {
  language: Lang;
  csrfToken: string | undefined;
  onUnauthorized: (() => void) | undefined;
  learnerCsrfToken: string | undefined;
  onLearnerUnauthorized: (() => void) | undefined;
} = {
  language: 'pl',
  csrfToken: undefined,
  onUnauthorized: undefined,
  learnerCsrfToken: undefined,
  onLearnerUnauthorized: undefined,
};

export function setApiLanguage(language: Lang): void {
  state.language = language;
}

export function setCsrfToken(token: string | undefined): void {
  state.csrfToken = token;
}

/** Called when a signed-in request answers 401: the session has ended. */
export function setUnauthorizedHandler(handler: (() => void) | undefined): void {
  state.onUnauthorized = handler;
}

/** The learner session's CSRF token (a separate session, cookie and token from the staff one). */
export function setLearnerCsrfToken(token: string | undefined): void {
  state.learnerCsrfToken = token;
}

/** Called when a learner request answers 401 while signed in: the learner session has ended. */
export function setLearnerUnauthorizedHandler(handler: (() => void) | undefined): void {
  state.onLearnerUnauthorized = handler;
}

interface RequestOptions {
  readonly signIn?: boolean;
  readonly signal?: AbortSignal | undefined;
  /** A learner portal request: the learner's CSRF token, and a 401 ends the learner session (not the staff one). */
  readonly learner?: boolean;
  /** A file sent as it is (a PDF), instead of a JSON body. */
  readonly raw?: { readonly type: string; readonly body: Blob };
}

async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': state.language };
  if (options.raw) headers['content-type'] = options.raw.type;
  else if (body !== undefined) headers['content-type'] = 'application/json';
  const csrf = options.learner ? state.learnerCsrfToken : state.csrfToken;
  if (UNSAFE.has(method) && csrf) headers['x-csrf-token'] = csrf;
  let response: Response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store', signal: options.signal,
      body: options.raw ? options.raw.body : body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new NetworkError(error);
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  const json = type.includes('json') ? await response.json().catch(() => undefined) as unknown : undefined;
  if (!response.ok) {
    if (response.status === 401 && !options.signIn) {
      if (options.learner) {
        if (state.learnerCsrfToken !== undefined) state.onLearnerUnauthorized?.();
      } else if (state.csrfToken !== undefined) state.onUnauthorized?.();
    }
    throw new ApiError(response.status, json !== null && typeof json === 'object' ? json as Problem : undefined);
  }
  if (json === undefined) throw new NetworkError(new Error(`Expected JSON from ${method} ${path}`));
  return json as T;
}

const institution = (slug: string): string => `/api/v1/institutions/${encodeURIComponent(slug)}`;
const specification = (slug: string, specId: string): string => `${institution(slug)}/specifications/${encodeURIComponent(specId)}`;

/** Addresses of files the browser downloads itself (the session cookie goes with them). */
export const downloads = {
  pdf: (slug: string, id: string, lang: 'pl' | 'en' | 'both') => `${institution(slug)}/credentials/${encodeURIComponent(id)}/pdf?lang=${lang}`,
  json: (slug: string, id: string) => `${institution(slug)}/credentials/${encodeURIComponent(id)}/json`,
  report: (slug: string, batchId: string, lang: 'pl' | 'en') => `${institution(slug)}/batches/${encodeURIComponent(batchId)}/report?lang=${lang}`,
  sampleCohort: '/api/v1/samples/cohort.csv',
};

function queryString(params: Readonly<Record<string, string | number | undefined>>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export const api = {
  /** The current session, or undefined when not signed in. */
  async session(): Promise<Session | undefined> {
    try {
      return await request<Session>('GET', '/api/v1/session', undefined, { signIn: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return undefined;
      throw error;
    }
  },
  signIn: (email: string, password: string) => request<Session>('POST', '/api/v1/session', { email, password }, { signIn: true }),
  signOut: () => request<undefined>('DELETE', '/api/v1/session'),
  institution: (slug: string) => request<Institution>('GET', institution(slug)),
  updateInstitution: (slug: string, changes: ProfileChanges) => request<Institution>('PATCH', institution(slug), changes),
  apiKeys: (slug: string) => request<ApiKeyInfo[]>('GET', `${institution(slug)}/api-keys`),
  createApiKey: (slug: string, name: string, role: Role) =>
    request<{ key: string; info: ApiKeyInfo }>('POST', `${institution(slug)}/api-keys`, { name, role }),
  revokeApiKey: (slug: string, id: string) => request<undefined>('DELETE', `${institution(slug)}/api-keys/${encodeURIComponent(id)}`),
  members: (slug: string) => request<Member[]>('GET', `${institution(slug)}/members`),
  setMember: (slug: string, email: string, role: Role) => request<undefined>('PUT', `${institution(slug)}/members`, { email, role }),
  removeMember: (slug: string, userId: string) => request<undefined>('DELETE', `${institution(slug)}/members/${encodeURIComponent(userId)}`),

  specifications: (slug: string) => request<SpecificationSummary[]>('GET', `${institution(slug)}/specifications`),
  createSpecification: (slug: string, document: SpecDocument) =>
    request<SpecificationVersion>('POST', `${institution(slug)}/specifications`, { document }),
  specification: (slug: string, specId: string) => request<SpecificationDetail>('GET', specification(slug, specId)),
  specificationVersion: (slug: string, specId: string, version: number) =>
    request<SpecificationVersion>('GET', `${specification(slug, specId)}/versions/${version}`),
  saveDraft: (slug: string, specId: string, document: SpecDocument) =>
    request<SpecificationVersion>('PUT', `${specification(slug, specId)}/draft`, { document }),
  discardDraft: (slug: string, specId: string) => request<undefined>('DELETE', `${specification(slug, specId)}/draft`),
  publish: (slug: string, specId: string) => request<SpecificationVersion>('POST', `${specification(slug, specId)}/publish`, {}),
  archive: (slug: string, specId: string) =>
    request<{ specId: string; archivedVersions: number[] }>('POST', `${specification(slug, specId)}/archive`, {}),
  /** Reads an ELM document (Europass / EDC) as a new draft; `dryRun` only shows what the draft would be. */
  importElm: (slug: string, document: ElmDocument, dryRun: boolean) =>
    request<ElmImportResult>('POST', `${institution(slug)}/specifications/import/elm`, { document, dryRun }),

  pathways: (slug: string) => request<Pathway[]>('GET', `${institution(slug)}/pathways`),
  createPathway: (slug: string, input: PathwayInput) => request<Pathway>('POST', `${institution(slug)}/pathways`, input),
  updatePathway: (slug: string, id: string, input: PathwayInput) =>
    request<Pathway>('PUT', `${institution(slug)}/pathways/${encodeURIComponent(id)}`, input),
  deletePathway: (slug: string, id: string) => request<undefined>('DELETE', `${institution(slug)}/pathways/${encodeURIComponent(id)}`),

  issue: (slug: string, body: IssueRequest) => request<IssueResult>('POST', `${institution(slug)}/credentials`, body),
  issued: (slug: string, query: IssuedQuery, signal?: AbortSignal) =>
    request<IssuedPage>('GET', `${institution(slug)}/credentials${queryString({ ...query })}`, undefined, { signal }),
  credential: (slug: string, id: string) => request<IssuedCredential>('GET', `${institution(slug)}/credentials/${encodeURIComponent(id)}`),
  changeStatus: (slug: string, id: string, change: 'revoke' | 'suspend' | 'reinstate', reason: string | undefined) =>
    request<IssuedCredential>('POST', `${institution(slug)}/credentials/${encodeURIComponent(id)}/${change}`, reason === undefined ? {} : { reason }),
  uploadBatch: (slug: string, body: { specId: string; version?: number; fileName: string; content: string }) =>
    request<Batch>('POST', `${institution(slug)}/batches`, body),
  batches: (slug: string) => request<Batch[]>('GET', `${institution(slug)}/batches`),
  batch: (slug: string, id: string) => request<Batch>('GET', `${institution(slug)}/batches/${encodeURIComponent(id)}`),
  setBatchMapping: (slug: string, id: string, mapping: Readonly<Record<string, number>>) =>
    request<Batch>('PUT', `${institution(slug)}/batches/${encodeURIComponent(id)}/mapping`, { mapping }),
  startBatch: (slug: string, id: string, options: AwardOptions) =>
    request<Batch>('POST', `${institution(slug)}/batches/${encodeURIComponent(id)}/start`, options),
  cancelBatch: (slug: string, id: string) => request<Batch>('POST', `${institution(slug)}/batches/${encodeURIComponent(id)}/cancel`, {}),
  outbox: (slug: string, query: { status?: OutboxStatus | ''; limit?: number; offset?: number }) =>
    request<OutboxPage>('GET', `${institution(slug)}/outbox${queryString({ ...query })}`),
  retryMessage: (slug: string, id: string) => request<undefined>('POST', `${institution(slug)}/outbox/${encodeURIComponent(id)}/retry`, {}),

  /** The public catalogue (no sign-in); `lang` is the language titles are sorted in. */
  catalogue: (query: CatalogueQuery, lang: Lang, pageSize = 20, signal?: AbortSignal) => {
    const params = new URLSearchParams(catalogueQueryString(query));
    params.set('lang', lang);
    params.set('pageSize', String(pageSize));
    return request<CatalogueSearch>('GET', `/api/v1/catalogue?${params.toString()}`, undefined, { signal });
  },
  offer: (specId: string, version: number | null) =>
    request<CatalogueEntry>('GET', version === null
      ? `/api/v1/catalogue/${encodeURIComponent(specId)}`
      : `/api/v1/catalogue/${encodeURIComponent(specId)}/versions/${version}`),
  publicPathway: (id: string) => request<PublicPathway>('GET', `/api/v1/pathways/${encodeURIComponent(id)}`),

  /** The public verifier: a credential as JSON text (or object), a URL, or a file sent as it is (a PDF, a .json). */
  verifyCredential: (credential: string | Readonly<Record<string, unknown>>) => request<VerificationAnswer>('POST', '/api/v1/verify', { credential }),
  verifyUrl: (url: string) => request<VerificationAnswer>('POST', '/api/v1/verify', { url }),
  verifyFile: (file: Blob, type: 'application/pdf' | 'application/vc+ld+json') =>
    request<VerificationAnswer>('POST', '/api/v1/verify', undefined, { raw: { type, body: file } }),
  verifyCode: (code: string) => request<VerificationAnswer>('GET', `/api/v1/verify/${encodeURIComponent(code)}`),
  shared: (token: string) => request<SharedCredential>('GET', `/api/v1/shared/${encodeURIComponent(token)}`),
};

const own = (id: string): string => `/api/v1/me/credentials/${encodeURIComponent(id)}`;

/** The learner portal's API (docs/learner.md): the learner's own session and CSRF token. */
export const learnerApi = {
  /** The signed-in learner, or undefined when there is no learner session (a staff session alone is none). */
  async me(): Promise<LearnerMe | undefined> {
    try {
      return await request<LearnerMe>('GET', '/api/v1/me', undefined, { learner: true, signIn: true });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || (error.status === 403 && error.problem?.code === 'learner_session_required'))) return undefined;
      throw error;
    }
  },
  requestSignIn: (email: string) =>
    request<{ status: 'accepted'; message: Bilingual }>('POST', '/api/v1/learner/sign-in', { email }, { signIn: true }),
  signOut: () => request<undefined>('DELETE', '/api/v1/me/session', undefined, { learner: true }),
  credentials: () => request<OwnCredential[]>('GET', '/api/v1/me/credentials', undefined, { learner: true }),
  credential: (id: string) => request<OwnCredentialDetail>('GET', own(id), undefined, { learner: true }),
  presentation: (credentialIds: readonly string[]) =>
    request<Record<string, unknown>>('POST', '/api/v1/me/presentations', { credentialIds }, { learner: true }),
  shares: (id: string) => request<ShareLink[]>('GET', `${own(id)}/shares`, undefined, { learner: true }),
  createShare: (id: string) => request<ShareLink>('POST', `${own(id)}/shares`, {}, { learner: true }),
  withdrawShare: (id: string, shareId: string) =>
    request<undefined>('DELETE', `${own(id)}/shares/${encodeURIComponent(shareId)}`, undefined, { learner: true }),
  walletOffer: (id: string, txCode: boolean) =>
    request<WalletOffer>('POST', `${own(id)}/offer`, { txCode }, { learner: true }),
  imports: () => request<ImportedCredential[]>('GET', '/api/v1/me/imports', undefined, { learner: true }),
  importJson: (credential: Readonly<Record<string, unknown>>) =>
    request<ImportedCredential>('POST', '/api/v1/me/imports', { credential }, { learner: true }),
  importPdf: (file: Blob) =>
    request<ImportedCredential>('POST', '/api/v1/me/imports', undefined, { learner: true, raw: { type: 'application/pdf', body: file } }),
  deleteImport: (id: string) => request<undefined>('DELETE', `/api/v1/me/imports/${encodeURIComponent(id)}`, undefined, { learner: true }),
  pathways: () => request<PathwayProgress[]>('GET', '/api/v1/me/pathways', undefined, { learner: true }),
  erase: (confirm: string) => request<ErasureResult>('POST', '/api/v1/me/erase', { confirm }, { learner: true }),
  apps: () => request<AuthorisedApp[]>('GET', '/api/v1/me/apps', undefined, { learner: true }),
  revokeApp: (clientId: string) => request<undefined>('DELETE', `/api/v1/me/apps/${encodeURIComponent(clientId)}`, undefined, { learner: true }),
};

/** Addresses of the learner's files (the browser downloads them itself, with the learner cookie). */
export const learnerDownloads = {
  json: (id: string) => `${own(id)}/json`,
  pdf: (id: string, lang: 'pl' | 'en' | 'both') => `${own(id)}/pdf?lang=${lang}`,
  elm: (id: string) => `${own(id)}/elm`,
  export: '/api/v1/me/export',
};

/**
 * The field problems of a failed request, by field path without the `body.` prefix (`nameEn`,
 * `identifiers[0].value`, `address.locality`).
 */
export function fieldProblems(error: unknown): Map<string, Bilingual> {
  const out = new Map<string, Bilingual>();
  if (!(error instanceof ApiError)) return out;
  for (const e of error.problem?.errors ?? []) {
    const path = e.path.startsWith('body.') ? e.path.slice('body.'.length) : e.path;
    if (!out.has(path)) out.set(path, e.message);
  }
  return out;
}

/**
 * The specification problems of a failed publish (422 `invalid_specification`): `errors[]` with paths prefixed
 * `document.` (or `body.document.`), the prefix taken off so they match the paths of a saved version's `problems`.
 */
export function specProblemsOf(error: unknown): SpecProblem[] {
  if (!(error instanceof ApiError)) return [];
  return (error.problem?.errors ?? []).map((e) => {
    let path = e.path.startsWith('body.') ? e.path.slice('body.'.length) : e.path;
    if (path === 'document') path = '';
    else if (path.startsWith('document.')) path = path.slice('document.'.length);
    return { path, code: e.code, severity: e.severity ?? 'error', message: e.message };
  });
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
