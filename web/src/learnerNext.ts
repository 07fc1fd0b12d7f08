/**
 * Where a learner goes once signed in (`/me/sign-in?next=<path>`, e.g. from GET /oauth/authorize): the sign-in form
 * keeps `next` in sessionStorage for 15 minutes (the magic link lands on /me), and /me, signed in, goes there once and
 * forgets it.
 * Only same-origin relative paths under /oauth/authorize or /me: never an absolute or protocol-relative URL (no open
 * redirect).
 */
const KEY = 'mikrocred.learner.next';
/** As long as a magic link lasts (15 minutes, src/services/learner-accounts.ts): a stale `next` is not followed later. */
const KEEP_MS = 15 * 60_000;

/** `next` when it is a safe same-origin path under /oauth/authorize or /me, else undefined. */
export function safeNext(next: string | null | undefined): string | undefined {
  if (typeof next !== 'string' || next.length === 0 || next.length > 4000) return undefined;
  // A single leading slash: not `//host`, not `/\host` (browsers read a backslash as a slash), no control characters.
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\') || hasControl(next)) return undefined;
  let url: URL;
  try {
    url = new URL(next, window.location.origin);
  } catch {
    return undefined;
  }
  if (url.origin !== window.location.origin) return undefined;
  if (!/^\/oauth\/authorize\/?$/.test(url.pathname) && !/^\/me(\/|$)/.test(url.pathname)) return undefined;
  if (/^\/me\/sign-in\/?$/.test(url.pathname)) return undefined;
  return url.pathname + url.search + url.hash;
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Keeps a safe `next` for after the magic link (or forgets any earlier one). */
export function rememberNext(next: string | null | undefined): void {
  try {
    const safe = safeNext(next);
    if (safe) window.sessionStorage.setItem(KEY, JSON.stringify({ next: safe, until: Date.now() + KEEP_MS }));
    else window.sessionStorage.removeItem(KEY);
  } catch {
    // No storage (private mode, disabled): the learner lands on /me.
  }
}

/** The stored `next`, once: it is cleared whatever it was. */
export function takeNext(): string | undefined {
  try {
    const stored = window.sessionStorage.getItem(KEY);
    window.sessionStorage.removeItem(KEY);
    if (stored === null) return undefined;
    const kept: unknown = JSON.parse(stored);
    if (typeof kept !== 'object' || kept === null || !('next' in kept) || !('until' in kept)) return undefined;
    if (typeof kept.until !== 'number' || kept.until < Date.now() || typeof kept.next !== 'string') return undefined;
    return safeNext(kept.next);
  } catch {
    return undefined;
  }
}
