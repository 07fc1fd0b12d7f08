/**
 * Documents that any verifier, wallet or catalogue reader fetches — also the browser-based ones running on another
 * origin: DID documents, status lists (W3C and IETF), our JSON-LD context and extension schema, the SD-JWT VC type
 * metadata, the OpenID4VCI and OAuth metadata, the Open Badges 3.0 API discovery document, institution logos and the
 * public catalogue (a credential's `achievement.id` is its catalogue URL). Their answers, errors included, carry
 * `Access-Control-Allow-Origin: *` and `Cross-Origin-Resource-Policy: cross-origin`; they hold nothing private and
 * are read with simple GET requests (no preflight, no credentials). Every other route keeps the same-origin defaults.
 */
import type { FastifyInstance } from 'fastify';

/** The route URLs (as registered) whose answers anyone may read from any origin. */
export const SHARED_DOCUMENT_ROUTES: ReadonlySet<string> = new Set([
  '/i/:slug/did.json',
  '/i/:slug/logo',
  '/i/:slug/status/:seq',
  '/i/:slug/status/:seq/token',
  '/ns/mikrocred/v1',
  '/ns/mikrocred/v1/schema.json',
  '/vct/micro-credential',
  '/.well-known/openid-credential-issuer',
  '/.well-known/oauth-authorization-server',
  '/ims/ob/v3p0/discovery',
  '/api/v1/catalogue',
  '/api/v1/catalogue/:specId',
  '/api/v1/catalogue/:specId/versions/:version',
  '/catalogue/:specId',
  '/catalogue/:specId/v/:version',
]);

export function registerSharedDocuments(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if ((request.method === 'GET' || request.method === 'HEAD') && SHARED_DOCUMENT_ROUTES.has(request.routeOptions.url ?? '')) {
      reply.header('access-control-allow-origin', '*');
      reply.header('cross-origin-resource-policy', 'cross-origin');
    }
    return payload;
  });
}
