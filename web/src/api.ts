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

const state: { language: Lang; csrfToken: string | undefined; onUnauthorized: (() => void) | undefined } = {
  language: 'pl',
  csrfToken: undefined,
  onUnauthorized: undefined,
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

async function request<T>(method: string, path: string, body?: unknown, options: { signIn?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': state.language };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method) && state.csrfToken) headers['x-csrf-token'] = state.csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  const json = type.includes('json') ? await response.json().catch(() => undefined) as unknown : undefined;
  if (!response.ok) {
    if (response.status === 401 && !options.signIn && state.csrfToken !== undefined) state.onUnauthorized?.();
    throw new ApiError(response.status, json !== null && typeof json === 'object' ? json as Problem : undefined);
  }
  if (json === undefined) throw new NetworkError(new Error(`Expected JSON from ${method} ${path}`));
  return json as T;
}

const institution = (slug: string): string => `/api/v1/institutions/${encodeURIComponent(slug)}`;

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

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
