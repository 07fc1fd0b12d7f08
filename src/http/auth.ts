/**
 * Who is calling and what they may do. Every route declares its access in `config.access`:
 * `public`, `signed-in` (a staff session), `{ tenant: role }` for routes under `/institutions/:slug`, which
 * load the institution and require the caller's role in it (a member's role, or an API key of that institution),
 * or `{ apiKey: role }` for integration routes, whose institution is the API key's, or `learner` for the learner
 * portal (`/api/v1/me/…`): a learner session (the `mikrocred_learner` cookie); staff sessions and API keys are refused
 * there, and a learner session is never a principal anywhere else.
 * Browser sessions (HTTP-only cookie) must send their CSRF token in `x-csrf-token` on every unsafe method.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import type { Role } from '../store/schema.ts';
import { authenticateApiKey, membershipsOf, roleAllows, sessionUser, type ApiKeyPrincipal, type User } from '../services/access.ts';
import { findInstitution, findInstitutionById, type Institution } from '../services/institutions.ts';
import { learnerSession, type LearnerAccount } from '../services/learner-accounts.ts';
import type { Actor } from '../services/audit.ts';
import type { Platform } from '../services/platform.ts';
import { sendProblem } from './problems.ts';

export const SESSION_COOKIE = 'mikrocred_session';
/** The learner portal's session cookie (docs/learner.md). */
export const LEARNER_COOKIE = 'mikrocred_learner';

/** `apiKey`: an integration route (VC-API): the institution is the API key's. `learner`: the learner portal. */
export type Access = 'public' | 'signed-in' | 'learner' | { readonly tenant: Role } | { readonly apiKey: Role };

export type Principal =
  | { readonly kind: 'user'; readonly user: User; readonly csrfToken: string; readonly sessionToken: string }
  | { readonly kind: 'api_key'; readonly key: ApiKeyPrincipal }
  | { readonly kind: 'learner'; readonly account: LearnerAccount; readonly csrfToken: string; readonly sessionToken: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
    institution: Institution | undefined;
    role: Role | undefined;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function actorOf(request: FastifyRequest): Actor {
  const p = request.principal;
  if (!p) return { type: 'system', id: null };
  switch (p.kind) {
    case 'user': return { type: 'user', id: p.user.id };
    case 'api_key': return { type: 'api_key', id: p.key.keyId };
    // A learner acts on their own data; the audit log names no learner (their account may be erased).
    case 'learner': return { type: 'system', id: null };
  }
}

/** The signed-in learner of a `learner` route (set by the access check). */
export function learnerOf(request: FastifyRequest): { account: LearnerAccount; sessionToken: string; csrfToken: string } {
  const p = request.principal;
  if (p?.kind !== 'learner') throw new Error('learnerOf() on a route without learner access');
  return { account: p.account, sessionToken: p.sessionToken, csrfToken: p.csrfToken };
}

/** The institution a tenant route works on (set by the access check). */
export function tenantOf(request: FastifyRequest): Institution {
  if (!request.institution) throw new Error('tenantOf() on a route without { tenant } access');
  return request.institution;
}

type StaffPrincipal = Exclude<Principal, { kind: 'learner' }>;
type LearnerPrincipal = Extract<Principal, { kind: 'learner' }>;

async function principalOf(platform: Platform, request: FastifyRequest): Promise<StaffPrincipal | undefined> {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) {
    const key = await authenticateApiKey(platform, header.slice('Bearer '.length).trim());
    return key ? { kind: 'api_key', key } : undefined;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (token) {
    const found = await sessionUser(platform, token);
    if (found) return { kind: 'user', user: found.user, csrfToken: found.csrfToken, sessionToken: token };
  }
  return undefined;
}

/** The learner session of the request's `mikrocred_learner` cookie. */
async function learnerPrincipalOf(platform: Platform, request: FastifyRequest): Promise<LearnerPrincipal | undefined> {
  const token = request.cookies[LEARNER_COOKIE];
  if (!token) return undefined;
  const found = await learnerSession(platform, token);
  return found ? { kind: 'learner', account: found.account, csrfToken: found.csrfToken, sessionToken: token } : undefined;
}

function deny(request: FastifyRequest, reply: FastifyReply, status: 401 | 403, code: string, pl: string, en: string): FastifyReply {
  return sendProblem(request, reply, status, code, { pl, en });
}

export function registerAuth(app: FastifyInstance, platform: Platform): void {
  app.decorateRequest('principal', undefined);
  app.decorateRequest('institution', undefined);
  app.decorateRequest('role', undefined);

  app.addHook('preHandler', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    if (access === 'learner') {
      // Staff credentials are no learner session: an API key or a staff session alone is a 403, no credentials a 401.
      const learner = await learnerPrincipalOf(platform, request);
      if (!learner) {
        const staff = await principalOf(platform, request);
        if (staff) return deny(request, reply, 403, 'learner_session_required', 'Ta operacja wymaga zalogowania jako osoba ucząca się', 'This operation needs a signed-in learner');
        return deny(request, reply, 401, 'unauthenticated', 'Zaloguj się linkiem z e-maila', 'Sign in with the link from your e-mail');
      }
      if (UNSAFE.has(request.method) && request.headers['x-csrf-token'] !== learner.csrfToken) {
        return deny(request, reply, 403, 'csrf', 'Brak lub zły token CSRF (nagłówek x-csrf-token)', 'Missing or wrong CSRF token (x-csrf-token header)');
      }
      request.principal = learner;
      return;
    }
    const principal = await principalOf(platform, request);
    request.principal = principal;
    if (!principal) {
      return deny(request, reply, 401, 'unauthenticated', 'Zaloguj się lub podaj klucz API', 'Sign in or give an API key');
    }
    if (principal.kind === 'user' && UNSAFE.has(request.method) && request.headers['x-csrf-token'] !== principal.csrfToken) {
      return deny(request, reply, 403, 'csrf', 'Brak lub zły token CSRF (nagłówek x-csrf-token)', 'Missing or wrong CSRF token (x-csrf-token header)');
    }
    if (access === 'signed-in') {
      if (principal.kind !== 'user') return deny(request, reply, 403, 'session_required', 'Ta operacja wymaga zalogowania', 'This operation needs a signed-in user');
      return;
    }
    if ('apiKey' in access) {
      if (principal.kind !== 'api_key') return deny(request, reply, 403, 'api_key_required', 'Ta operacja wymaga klucza API', 'This operation needs an API key');
      if (!roleAllows(principal.key.role, access.apiKey)) {
        return deny(request, reply, 403, 'forbidden_role', `Ta operacja wymaga roli „${access.apiKey}”`, `This operation needs the "${access.apiKey}" role`);
      }
      request.institution = await findInstitutionById(platform, principal.key.institutionId);
      request.role = principal.key.role;
      return;
    }
    const slug = (request.params as { slug?: unknown }).slug;
    const institution = typeof slug === 'string' ? await findInstitution(platform, slug) : undefined;
    let role: Role | undefined;
    if (institution) {
      if (principal.kind === 'api_key') role = principal.key.institutionId === institution.id ? principal.key.role : undefined;
      else role = (await membershipsOf(platform, principal.user.id)).find((m) => m.institutionId === institution.id)?.role;
    }
    // Not a member and no such institution look the same: nothing about other tenants leaks.
    if (!institution || !role) return deny(request, reply, 403, 'forbidden', 'Brak dostępu do tej instytucji', 'No access to this institution');
    if (!roleAllows(role, access.tenant)) {
      return deny(request, reply, 403, 'forbidden_role', `Ta operacja wymaga roli „${access.tenant}”`, `This operation needs the "${access.tenant}" role`);
    }
    request.institution = institution;
    request.role = role;
  });
}
