/** An institution's profile, keys, API keys and staff: for its members, by role. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createApiKey, listApiKeys, removeMembership, revokeApiKey, setMembership } from '../../services/access.ts';
import { rotateKey, setLogo, updateProfile, type Institution } from '../../services/institutions.ts';
import { ServiceError, type Platform } from '../../services/platform.ts';
import { actorOf, tenantOf } from '../auth.ts';
import { ApiKeyInfoSchema, InstitutionSchema, ProfileChangesSchema, RoleSchema, SlugParams } from './schemas.ts';

const LOGO_LIMIT = 512 * 1024;

/** The image type by its first bytes: PNG or JPEG, else undefined. */
function imageType(bytes: Buffer): 'image/png' | 'image/jpeg' | undefined {
  if (bytes.length > 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return undefined;
}

function present(platform: Platform, i: Institution): z.infer<typeof InstitutionSchema> {
  return {
    slug: i.slug, did: i.did, namePl: i.namePl, nameEn: i.nameEn, country: i.country, identifiers: [...i.identifiers],
    website: i.website, email: i.email, address: i.address, logoUrl: i.logoType ? `${platform.baseUrl}/i/${i.slug}/logo` : null,
  };
}

export function institutionRoutes(platform: Platform): FastifyPluginAsyncZod {
  return async (app) => {
    const base = '/api/v1/institutions/:slug';

    app.get(base, {
      config: { access: { tenant: 'viewer' } },
      schema: { tags: ['institutions'], summary: 'The institution profile', params: SlugParams, response: { 200: InstitutionSchema } },
    }, async (request) => present(platform, tenantOf(request)));

    app.patch(base, {
      config: { access: { tenant: 'owner' } },
      schema: { tags: ['institutions'], summary: 'Change the institution profile', params: SlugParams, body: ProfileChangesSchema, response: { 200: InstitutionSchema } },
    }, async (request) => present(platform, await updateProfile(platform, tenantOf(request), request.body, actorOf(request))));

    // The logo: PNG or JPEG, at most 512 KiB, checked by its magic bytes, served publicly at /i/:slug/logo.
    app.addContentTypeParser(['image/png', 'image/jpeg'], { parseAs: 'buffer', bodyLimit: LOGO_LIMIT }, (_request, body, done) => done(null, body));
    app.put(`${base}/logo`, {
      config: { access: { tenant: 'owner' } },
      schema: {
        tags: ['institutions'], summary: 'Upload the institution logo (PNG or JPEG body, at most 512 KiB)', params: SlugParams,
        response: { 204: z.null() },
      },
    }, async (request, reply) => {
      const body = request.body;
      const type = Buffer.isBuffer(body) ? imageType(body) : undefined;
      if (!Buffer.isBuffer(body) || !type || type !== request.headers['content-type']?.split(';')[0]) {
        throw new ServiceError(415, 'unsupported_media_type', {
          pl: 'Logo musi być obrazem PNG lub JPEG zgodnym z nagłówkiem Content-Type', en: 'The logo must be a PNG or JPEG image matching its Content-Type',
        });
      }
      await setLogo(platform, tenantOf(request), body, type, actorOf(request));
      return reply.code(204).send(null);
    });

    app.post(`${base}/keys/rotate`, {
      config: { access: { tenant: 'owner' } },
      schema: {
        tags: ['institutions'], summary: 'Start signing with a new key; the old one stays in the DID document',
        params: SlugParams, response: { 200: z.object({ keyId: z.string() }) },
      },
    }, async (request) => ({ keyId: await rotateKey(platform, tenantOf(request), actorOf(request)) }));

    app.get(`${base}/api-keys`, {
      config: { access: { tenant: 'owner' } },
      schema: { tags: ['api-keys'], summary: 'The institution\'s API keys (never the secrets)', params: SlugParams, response: { 200: z.array(ApiKeyInfoSchema) } },
    }, async (request) => listApiKeys(platform, tenantOf(request).id));

    app.post(`${base}/api-keys`, {
      config: { access: { tenant: 'owner' } },
      schema: {
        tags: ['api-keys'], summary: 'Create an API key: the key is in this response only',
        params: SlugParams, body: z.strictObject({ name: z.string().trim().min(1).max(100), role: RoleSchema }),
        response: { 201: z.object({ key: z.string(), info: ApiKeyInfoSchema }) },
      },
    }, async (request, reply) => {
      const principal = request.principal;
      const created = await createApiKey(platform, {
        institutionId: tenantOf(request).id, name: request.body.name, role: request.body.role,
        createdBy: principal?.kind === 'user' ? principal.user.id : null,
      }, actorOf(request));
      return reply.code(201).send(created);
    });

    app.delete(`${base}/api-keys/:id`, {
      config: { access: { tenant: 'owner' } },
      schema: {
        tags: ['api-keys'], summary: 'Revoke an API key', params: SlugParams.extend({ id: z.uuid() }), response: { 204: z.null() },
      },
    }, async (request, reply) => {
      const revoked = await revokeApiKey(platform, tenantOf(request).id, request.params.id, actorOf(request));
      if (!revoked) throw new ServiceError(404, 'not_found', { pl: 'Nie ma takiego klucza API', en: 'No such API key' });
      return reply.code(204).send(null);
    });

    app.get(`${base}/members`, {
      config: { access: { tenant: 'owner' } },
      schema: {
        tags: ['staff'], summary: 'Staff and their roles', params: SlugParams,
        response: { 200: z.array(z.object({ userId: z.string(), email: z.string(), name: z.string(), role: z.string() })) },
      },
    }, async (request) => {
      const rows = await platform.store.db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['users.id', 'users.email', 'users.name', 'memberships.role'])
        .where('memberships.institution_id', '=', tenantOf(request).id).orderBy('users.email').execute();
      return rows.map((r) => ({ userId: r.id, email: r.email, name: r.name, role: r.role }));
    });

    app.put(`${base}/members`, {
      config: { access: { tenant: 'owner' } },
      schema: {
        tags: ['staff'], summary: 'Give a staff member (an existing account, by e-mail) a role', params: SlugParams,
        body: z.strictObject({ email: z.email().max(254), role: RoleSchema }), response: { 204: z.null() },
      },
    }, async (request, reply) => {
      const user = await platform.store.db.selectFrom('users').select('id').where('email', '=', request.body.email.toLowerCase()).executeTakeFirst();
      if (!user) throw new ServiceError(404, 'not_found', { pl: 'Nie ma konta z tym adresem e-mail', en: 'No account with this e-mail address' }, { path: 'body.email' });
      await setMembership(platform, { userId: user.id, institutionId: tenantOf(request).id, role: request.body.role }, actorOf(request));
      return reply.code(204).send(null);
    });

    app.delete(`${base}/members/:id`, {
      config: { access: { tenant: 'owner' } },
      schema: {
        tags: ['staff'], summary: 'Remove a staff member from the institution (the last owner cannot be removed)',
        params: SlugParams.extend({ id: z.uuid() }), response: { 204: z.null() },
      },
    }, async (request, reply) => {
      const removed = await removeMembership(platform, { userId: request.params.id, institutionId: tenantOf(request).id }, actorOf(request));
      if (!removed) throw new ServiceError(404, 'not_found', { pl: 'Ta osoba nie należy do instytucji', en: 'This person is not a member of the institution' });
      return reply.code(204).send(null);
    });

    app.get(`${base}/audit`, {
      config: { access: { tenant: 'owner' } },
      schema: {
        tags: ['institutions'], summary: 'The latest audit log entries of the institution', params: SlugParams,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.array(z.object({ at: z.date(), actorType: z.string(), actorId: z.string().nullable(), action: z.string(), targetType: z.string().nullable(), targetId: z.string().nullable() })) },
      },
    }, async (request) => {
      const rows = await platform.store.db.selectFrom('audit_log').select(['at', 'actor_type', 'actor_id', 'action', 'target_type', 'target_id'])
        .where('institution_id', '=', tenantOf(request).id).orderBy('id', 'desc').limit(request.query.limit).execute();
      return rows.map((r) => ({ at: r.at, actorType: r.actor_type, actorId: r.actor_id, action: r.action, targetType: r.target_type, targetId: r.target_id }));
    });
  };
}
