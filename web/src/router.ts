/**
 * A minimal client-side router over the History API: the app's pages have real addresses (the server answers
 * index.html for them), links are ordinary <a href> elements, and navigation moves focus to the new page's heading.
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

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname) return;
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(CHANGE));
}

export const PAGES = ['profile', 'staff', 'api-keys'] as const;
export type Page = (typeof PAGES)[number];

export type Route =
  | { readonly kind: 'home' }
  | { readonly kind: 'institution'; readonly slug: string; readonly page: Page }
  | { readonly kind: 'not-found' };

export function parseRoute(path: string): Route {
  if (path === '/' || path === '') return { kind: 'home' };
  const match = /^\/institutions\/([a-z0-9][a-z0-9-]{1,62})(?:\/([a-z-]+))?\/?$/.exec(path);
  if (match) {
    const slug = match[1] as string;
    const page = match[2] ?? 'profile';
    if ((PAGES as readonly string[]).includes(page)) return { kind: 'institution', slug, page: page as Page };
  }
  return { kind: 'not-found' };
}

export function pathOf(slug: string, page: Page): string {
  return `/institutions/${slug}/${page}`;
}
