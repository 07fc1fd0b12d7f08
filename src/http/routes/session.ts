/** Staff sign-in (rate limited), sign-out, and who am I. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { membershipsOf, signIn, signOut, SESSION_HOURS } from '../../services/access.ts';
import type { Platform } from '../../services/platform.ts';
import { SESSION_COOKIE } from '../auth.ts';

const MeSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  csrfToken: z.string(),
  memberships: z.array(z.object({ slug: z.string(), namePl: z.string(), nameEn: z.string(), role: z.string() })),
});

export function sessionRoutes(platform: Platform): FastifyPluginAsyncZod {
  const secure = platform.baseUrl.startsWith('https://');
  return async (app) => {
    app.post('/api/v1/session', {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['session'], summary: 'Sign in with e-mail and password; sets an HTTP-only session cookie',
        body: z.strictObject({ email: z.string().min(3).max(254), password: z.string().min(1).max(256) }),
        response: { 200: MeSchema },
      },
    }, async (request, reply) => {
      const { user, session } = await signIn(platform, request.body.email, request.body.password);
      reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: SESSION_HOURS * 3600,
      });
      const memberships = await membershipsOf(platform, user.id);
      return { user, csrfToken: session.csrfToken, memberships: memberships.map(({ slug, namePl, nameEn, role }) => ({ slug, namePl, nameEn, role })) };
    });

    app.get('/api/v1/session', {
      config: { access: 'signed-in' },
      schema: { tags: ['session'], summary: 'The signed-in user, their CSRF token and institutions', response: { 200: MeSchema } },
    }, async (request) => {
      const principal = request.principal;
      if (principal?.kind !== 'user') throw new Error('unreachable: access is signed-in');
      const memberships = await membershipsOf(platform, principal.user.id);
      return { user: principal.user, csrfToken: principal.csrfToken, memberships: memberships.map(({ slug, namePl, nameEn, role }) => ({ slug, namePl, nameEn, role })) };
    });

    app.delete('/api/v1/session', {
      config: { access: 'signed-in' },
      schema: { tags: ['session'], summary: 'Sign out', response: { 204: z.null() } },
    }, async (request, reply) => {
      if (request.principal?.kind === 'user') await signOut(platform, request.principal.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    });
  };
}
