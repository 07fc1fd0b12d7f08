/**
 * A minimal client-side router over the History API: the app's pages have real addresses (the server answers
 * index.html for them), links are ordinary <a href> elements, and navigation moves focus to the new page's heading.
 * The query string is part of the address (the catalogue keeps its search there, so searches can be shared and the
 * back button works).
 */
import { useSyncExternalStore } from 'react';

const CHANGE = 'mikrocred:navigate';

function subscribe(callback: () => void): () => void {
  window.addEventListener('popstate', callback);
  window.addEventListener(CHANGE, callback);
  return () => {
    window.removeEventListener('popstate', callback);
    window.removeEventListener(CHANGE, callback);
  };
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** The query string of the address (with its leading `?`, or empty). */
export function useSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search);
}

/**
 * Goes to `path` (which may carry a query string); a new history entry unless `replace`. `keepFocus` says the page
 * stays the same for the user (e.g. a new specification's address once it is saved): focus is not moved.
 */
export function navigate(path: string, options: { replace?: boolean; keepFocus?: boolean } = {}): void {
  if (path === window.location.pathname + window.location.search) return;
  const state = options.keepFocus ? { keepFocus: true } : null;
  if (options.replace) window.history.replaceState(state, '', path);
  else window.history.pushState(state, '', path);
  window.dispatchEvent(new Event(CHANGE));
}

/** Whether the last navigation asked to keep focus where it is. */
export function navigationKeepsFocus(): boolean {
  const state: unknown = window.history.state;
  return typeof state === 'object' && state !== null && (state as { keepFocus?: unknown }).keepFocus === true;
}

/** Pages of an institution that live at /institutions/:slug/:page. */
export const PAGES = ['profile', 'staff', 'api-keys', 'specifications', 'pathways', 'issue', 'credentials', 'outbox'] as const;
export type Page = (typeof PAGES)[number];

export type Route =
  | { readonly kind: 'home' }
  | { readonly kind: 'institution'; readonly slug: string; readonly page: Page }
  /** The specification editor; `specId` null for a new specification. */
  | { readonly kind: 'specification'; readonly slug: string; readonly specId: string | null }
  /** Importing an ELM document (Europass / EDC) as a new specification draft. */
  | { readonly kind: 'specification-import'; readonly slug: string }
  /** One issued credential. */
  | { readonly kind: 'credential'; readonly slug: string; readonly id: string }
  /** One cohort batch: its preview, progress and result. */
  | { readonly kind: 'batch'; readonly slug: string; readonly id: string }
  | { readonly kind: 'catalogue' }
  /** An offer of the public catalogue; `version` null for the newest published version. */
  | { readonly kind: 'offer'; readonly specId: string; readonly version: number | null }
  | { readonly kind: 'pathway'; readonly id: string }
  /** The public verifier. */
  | { readonly kind: 'verify' }
  /** The short verification address of one of our credentials (printed on PDFs, in QR codes). */
  | { readonly kind: 'verify-code'; readonly code: string }
  /** A credential a learner shared (public). */
  | { readonly kind: 'shared'; readonly token: string }
  /** The learner portal: sign-in, the list, one credential, adding a credential, erasing the data, authorised apps. */
  | { readonly kind: 'learner-sign-in' }
  | { readonly kind: 'learner-home' }
  | { readonly kind: 'learner-credential'; readonly id: string }
  | { readonly kind: 'learner-import' }
  | { readonly kind: 'learner-erase' }
  /** The applications using the learner's credentials through the Open Badges 3.0 API. */
  | { readonly kind: 'learner-apps' }
  | { readonly kind: 'not-found' };

export type PublicRoute = Extract<Route, { kind: 'catalogue' | 'offer' | 'pathway' | 'verify' | 'verify-code' | 'shared' }>;
export type LearnerRoute = Extract<Route, { kind: 'learner-sign-in' | 'learner-home' | 'learner-credential' | 'learner-import' | 'learner-erase' | 'learner-apps' }>;

const SLUG = '([a-z0-9][a-z0-9-]{1,62})';
const ID = '([A-Za-z0-9][A-Za-z0-9_-]{0,99})';
const UUID = '([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})';

export function parseRoute(path: string): Route {
  if (path === '/' || path === '') return { kind: 'home' };
  if (/^\/catalogue\/?$/.test(path)) return { kind: 'catalogue' };
  const offer = new RegExp(`^/catalogue/${ID}(?:/v/([1-9][0-9]{0,8}))?/?$`).exec(path);
  if (offer) return { kind: 'offer', specId: offer[1] as string, version: offer[2] === undefined ? null : Number(offer[2]) };
  const pathway = new RegExp(`^/pathways/${ID}/?$`).exec(path);
  if (pathway) return { kind: 'pathway', id: pathway[1] as string };
  if (/^\/verify\/?$/.test(path)) return { kind: 'verify' };
  const code = /^\/v\/([A-Za-z0-9]{4,64})\/?$/.exec(path);
  if (code) return { kind: 'verify-code', code: code[1] as string };
  const shared = /^\/s\/([A-Za-z0-9_-]{16,96})\/?$/.exec(path);
  if (shared) return { kind: 'shared', token: shared[1] as string };
  if (/^\/me\/?$/.test(path)) return { kind: 'learner-home' };
  if (/^\/me\/sign-in\/?$/.test(path)) return { kind: 'learner-sign-in' };
  if (/^\/me\/import\/?$/.test(path)) return { kind: 'learner-import' };
  if (/^\/me\/erase\/?$/.test(path)) return { kind: 'learner-erase' };
  if (/^\/me\/apps\/?$/.test(path)) return { kind: 'learner-apps' };
  const own = new RegExp(`^/me/credentials/${UUID}/?$`).exec(path);
  if (own) return { kind: 'learner-credential', id: (own[1] as string).toLowerCase() };
  const elmImport = new RegExp(`^/institutions/${SLUG}/specifications/import/?$`).exec(path);
  if (elmImport) return { kind: 'specification-import', slug: elmImport[1] as string };
  const spec = new RegExp(`^/institutions/${SLUG}/specifications/${ID}/?$`).exec(path);
  if (spec) {
    const specId = spec[2] as string;
    return { kind: 'specification', slug: spec[1] as string, specId: specId === 'new' ? null : specId };
  }
  const credential = new RegExp(`^/institutions/${SLUG}/credentials/${UUID}/?$`).exec(path);
  if (credential) return { kind: 'credential', slug: credential[1] as string, id: (credential[2] as string).toLowerCase() };
  const batch = new RegExp(`^/institutions/${SLUG}/batches/${UUID}/?$`).exec(path);
  if (batch) return { kind: 'batch', slug: batch[1] as string, id: (batch[2] as string).toLowerCase() };
  const match = new RegExp(`^/institutions/${SLUG}(?:/([a-z-]+))?/?$`).exec(path);
  if (match) {
    const slug = match[1] as string;
    const page = match[2] ?? 'profile';
    if ((PAGES as readonly string[]).includes(page)) return { kind: 'institution', slug, page: page as Page };
  }
  return { kind: 'not-found' };
}

/** Whether the page is public (no sign-in needed). */
export function isPublicRoute(route: Route): route is PublicRoute {
  return route.kind === 'catalogue' || route.kind === 'offer' || route.kind === 'pathway'
    || route.kind === 'verify' || route.kind === 'verify-code' || route.kind === 'shared';
}

/** Whether the page belongs to the learner portal (the learner's own session, not the staff one). */
export function isLearnerRoute(route: Route): route is LearnerRoute {
  return route.kind === 'learner-sign-in' || route.kind === 'learner-home' || route.kind === 'learner-credential'
    || route.kind === 'learner-import' || route.kind === 'learner-erase' || route.kind === 'learner-apps';
}

export function learnerCredentialPath(id: string): string {
  return `/me/credentials/${encodeURIComponent(id)}`;
}

export function pathOf(slug: string, page: Page): string {
  return `/institutions/${slug}/${page}`;
}

/** The editor of a specification (`null` for a new one). */
export function specificationPath(slug: string, specId: string | null): string {
  return `/institutions/${slug}/specifications/${specId === null ? 'new' : encodeURIComponent(specId)}`;
}

/** The page that imports an ELM document (Europass / EDC) as a new specification draft. */
export function specificationImportPath(slug: string): string {
  return `/institutions/${slug}/specifications/import`;
}

/** The list of issued credentials, filtered (empty filters left out). */
export function credentialsPath(slug: string, filter: { q?: string; status?: string; specId?: string; batchId?: string; page?: number } = {}): string {
  const params = new URLSearchParams();
  if (filter.q && filter.q.trim() !== '') params.set('q', filter.q.trim());
  if (filter.status) params.set('status', filter.status);
  if (filter.specId) params.set('specId', filter.specId);
  if (filter.batchId) params.set('batchId', filter.batchId);
  if (filter.page !== undefined && filter.page > 1) params.set('page', String(filter.page));
  const query = params.toString();
  return `/institutions/${slug}/credentials${query === '' ? '' : `?${query}`}`;
}

export function credentialPath(slug: string, id: string): string {
  return `/institutions/${slug}/credentials/${encodeURIComponent(id)}`;
}

export function batchPath(slug: string, id: string): string {
  return `/institutions/${slug}/batches/${encodeURIComponent(id)}`;
}

export function offerPath(specId: string, version?: number | null): string {
  const base = `/catalogue/${encodeURIComponent(specId)}`;
  return version === undefined || version === null ? base : `${base}/v/${version}`;
}

export function pathwayPath(id: string): string {
  return `/pathways/${encodeURIComponent(id)}`;
}
