/**
 * OpenID4VCI 1.0, pre-authorized code flow (docs/learner.md, "OpenID4VCI"): the learner's offer of a credential
 * (`POST /api/v1/me/credentials/:id/offer`, problem+json like the rest of the API), and the protocol endpoints a
 * wallet calls: the credential issuer and authorization server metadata, the nonce, token and credential endpoints.
 * Those answer errors in the OAuth shape `{ error, error_description }` (their own error handler), never problem+json.
 * For the SD-JWT VC configuration, two public documents (problem+json errors like the other public routes): the Type
 * Metadata of its `vct` (`/vct/micro-credential`) and each revocation list as an IETF Status List Token
 * (`/i/:slug/status/:seq/token`, 2 bits: VALID, INVALID = revoked, SUSPENDED), cacheable for its `ttl`.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { learnerOf } from '../auth.ts';
import { errorHandler } from '../problems.ts';
import { JsonObjectSchema, SlugParams } from './schemas.ts';
import { STATUS_LIST_JWT_MEDIA_TYPE } from '../../credentials/token-status-list.ts';
import { getInstitution } from '../../services/institutions.ts';
import { STATUS_TOKEN_TTL_SECONDS, statusListToken, typeMetadata } from '../../services/openid4vci-sd-jwt.ts';
import {
  authorizationServerMetadata, createOffer, credentialIssuerMetadata, deliverCredential, exchangeCode, newNonce, Oid4vciError,
} from '../../services/openid4vci.ts';
import type { Platform } from '../../services/platform.ts';

const IdParams = z.strictObject({ id: z.uuid() });
const StatusListParams = SlugParams.extend({ seq: z.coerce.number().int().min(1).max(1_000_000) });
const OfferBody = z.strictObject({ txCode: z.boolean().optional() });
const OfferSchema = z.object({ offerUri: z.string(), qr: z.string(), expiresAt: z.date(), txCode: z.boolean() });

const TokenBody = z.object({
  grant_type: z.string().max(200).optional(),
  'pre-authorized_code': z.string().max(200).optional(),
  tx_code: z.string().max(100).optional(),
});
const CredentialBody = z.object({
  credential_configuration_id: z.string().max(200).optional(),
  proofs: z.object({ jwt: z.array(z.string().max(20_000)).max(10).optional() }).optional(),
  proof: z.object({ proof_type: z.string().max(50).optional(), jwt: z.string().max(20_000).optional() }).optional(),
});

function oauthErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const noStore = (r: FastifyReply): FastifyReply => r.header('cache-control', 'no-store');
  if (error instanceof Oid4vciError) {
    if (error.status === 401) reply.header('www-authenticate', `Bearer error="${error.error}"`);
    return noStore(reply.code(error.status)).type('application/json').send({ error: error.error, error_description: error.message });
  }
  // Malformed or refused bodies (400, 413, 415) keep their status, in the OAuth shape.
  const status = error.validation ? 400 : error.statusCode;
  if (status === 400 || status === 413 || status === 415) {
    const code = request.url.startsWith('/openid4vci/credential') ? 'invalid_credential_request' : 'invalid_request';
    return noStore(reply.code(status)).type('application/json').send({ error: code, error_description: error.message });
  }
  return errorHandler(error, request, reply);
}

export function openid4vciRoutes(platform: Platform): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/api/v1/me/credentials/:id/offer', {
      config: { access: 'learner' },
      schema: {
        tags: ['learner'],
        summary: 'Offer the credential to a wallet (OpenID4VCI pre-authorized code, 10 minutes, single use): the `openid-credential-offer://` URI and its QR code; with `txCode`, a transaction code is e-mailed',
        params: IdParams, body: OfferBody.optional(), response: { 201: OfferSchema },
      },
    }, async (request, reply) => {
      const offer = await createOffer(platform, learnerOf(request).account, request.params.id, { txCode: request.body?.txCode });
      return reply.code(201).header('cache-control', 'no-store').send(offer);
    });

    app.get('/vct/micro-credential', {
      config: { access: 'public' },
      schema: { tags: ['openid4vci'], summary: 'SD-JWT VC Type Metadata of the micro-credential type (the `vct` of `dc+sd-jwt` credentials)', response: { 200: JsonObjectSchema } },
    }, async (_request, reply) => reply.type('application/json').header('cache-control', 'public, max-age=3600').send(typeMetadata(platform)));

    app.get('/i/:slug/status/:seq/token', {
      config: { access: 'public' },
      schema: {
        tags: ['public'], summary: 'A revocation Bitstring Status List of the institution as an IETF Status List Token (statuslist+jwt, 2 bits: 0 valid, 1 revoked, 2 suspended), for SD-JWT VC copies',
        params: StatusListParams,
      },
    }, async (request, reply) => {
      const token = await statusListToken(platform, await getInstitution(platform, request.params.slug), request.params.seq);
      return reply.type(STATUS_LIST_JWT_MEDIA_TYPE).header('cache-control', `public, max-age=${STATUS_TOKEN_TTL_SECONDS}`).send(token);
    });

    // The wallet's endpoints, in their own context: form bodies and OAuth-shaped errors.
    const protocolRoutes: FastifyPluginAsyncZod = async (protocol) => {
      protocol.setErrorHandler(oauthErrors);

      protocol.get('/.well-known/openid-credential-issuer', {
        config: { access: 'public' },
        schema: { tags: ['openid4vci'], summary: 'OpenID4VCI credential issuer metadata' },
      }, async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(credentialIssuerMetadata(platform)));

      protocol.get('/.well-known/oauth-authorization-server', {
        config: { access: 'public' },
        schema: { tags: ['openid4vci'], summary: 'OAuth 2.0 authorization server metadata (the credential issuer is its own authorization server)' },
      }, async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(authorizationServerMetadata(platform)));

      protocol.post('/openid4vci/nonce', {
        config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: { tags: ['openid4vci'], summary: 'A fresh c_nonce for a proof of possession (single use, 5 minutes)' },
      }, async (_request, reply) => reply.header('cache-control', 'no-store').send({ c_nonce: await newNonce(platform) }));

      // The token endpoint takes form-urlencoded bodies (RFC 6749), and JSON; the other endpoints JSON only.
      const tokenRoute: FastifyPluginAsyncZod = async (tokenApp) => {
        tokenApp.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => {
          done(null, Object.fromEntries(new URLSearchParams(String(body))));
        });
        tokenApp.post('/openid4vci/token', {
          config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
          schema: {
            tags: ['openid4vci'], summary: 'Token endpoint: the pre-authorized code (and tx_code) for an access token (form-urlencoded)',
            body: TokenBody,
          },
        }, async (request, reply) => reply.header('cache-control', 'no-store').send(await exchangeCode(platform, request.body)));
      };
      await protocol.register(tokenRoute);

      protocol.post('/openid4vci/credential', {
        config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: {
          tags: ['openid4vci'], summary: 'Credential endpoint (Bearer access token): the credential bound to the holder of the jwt proof\'s key, format ldp_vc or dc+sd-jwt',
          body: CredentialBody,
        },
      }, async (request, reply) => reply.header('cache-control', 'no-store')
        .send(await deliverCredential(platform, request.headers.authorization, request.body)));
    };
    await app.register(protocolRoutes);
  };
}
