/**
 * The HTTP application: Fastify 5 with zod route schemas (validation, serialisation and the OpenAPI 3.1 document at
 * `/api/openapi.json`, interactive at `/api/docs`), problem+json errors, security headers, cookies, rate limits,
 * and the access check every route declares. `routeTable` lists every route with its access, for tests.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Platform } from '../services/platform.ts';
import { registerAuth, type Access } from './auth.ts';
import { registerSharedDocuments } from './shared-documents.ts';
import { databaseRateLimitStore } from './rate-limit-store.ts';
import { errorHandler, notFoundHandler, sendProblem } from './problems.ts';
import { catalogueRoutes } from './routes/catalogue.ts';
import { institutionRoutes } from './routes/institutions.ts';
import { issuanceRoutes } from './routes/issuance.ts';
import { learnerRoutes } from './routes/learner.ts';
import { publicRoutes } from './routes/public.ts';
import { sessionRoutes } from './routes/session.ts';
import { specificationRoutes } from './routes/specifications.ts';
import { systemRoutes } from './routes/system.ts';
import { vcApiRoutes } from './routes/vc-api.ts';
import { verifyRoutes } from './routes/verify.ts';

export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly access: Access;
  /** The largest body the route takes, when it differs from the application's. */
  readonly bodyLimit?: number;
}

export interface AppOptions {
  readonly platform: Platform;
  /** pino options, or false for none (tests). */
  readonly logger?: boolean | Record<string, unknown>;
  /** Largest accepted request body in bytes. */
  readonly bodyLimit?: number;
}

export const BODY_LIMIT = 1024 * 1024;

export async function buildApp(options: AppOptions): Promise<{ app: FastifyInstance; routeTable: readonly RouteEntry[] }> {
  const { platform } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? BODY_LIMIT,
    trustProxy: process.env.MIKROCRED_TRUST_PROXY === '1',
    return503OnClosing: true,
    // Malformed URLs and bodies Fastify rejects before routing get problem+json too.
    frameworkErrors: (error, request, reply) => {
      sendProblem(request, reply, 400, 'bad_request', { pl: `Nieprawidłowe żądanie: ${error.message}`, en: `Bad request: ${error.message}` });
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // The API speaks JSON: a text/plain body is refused (415), not handed to routes as a string.
  app.removeContentTypeParser('text/plain');
  app.setNotFoundHandler(notFoundHandler);

  const routeTable: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const access = (route.config as { access?: Access } | undefined)?.access;
    for (const method of methods) {
      if (method === 'HEAD') continue;
      // Documentation routes (swagger UI) are public by nature; everything else must declare its access.
      if (access === undefined && !route.url.startsWith('/api/docs')) throw new Error(`Route ${method} ${route.url} declares no access`);
      routeTable.push({ method, url: route.url, access: access ?? 'public', ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}) });
    }
  });

  const https = platform.baseUrl.startsWith('https://');
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"], objectSrc: ["'none'"], baseUri: ["'self'"], formAction: ["'self'"],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    hsts: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  // Counters live in the database: every instance behind a load balancer counts the same attempts.
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(platform.store.db) });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Mikrocred API', version: '0.1.0', description: 'EU micro-credentials: institutions, issuance (W3C VC-API) and verification.' },
      servers: [{ url: platform.baseUrl }],
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key created by an institution owner' },
          session: { type: 'apiKey', in: 'cookie', name: 'mikrocred_session' },
          learnerSession: { type: 'apiKey', in: 'cookie', name: 'mikrocred_learner' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  registerAuth(app, platform);
  registerSharedDocuments(app);
  await app.register(systemRoutes(platform));
  await app.register(sessionRoutes(platform));
  await app.register(institutionRoutes(platform));
  await app.register(specificationRoutes(platform));
  await app.register(issuanceRoutes(platform));
  await app.register(learnerRoutes(platform));
  await app.register((await import('./routes/openid4vci.ts')).openid4vciRoutes(platform));
  await app.register(publicRoutes(platform));
  await app.register(catalogueRoutes(platform));
  await app.register(vcApiRoutes(platform));
  await app.register(verifyRoutes(platform));
  await app.register((await import('./routes/ob3-api.ts')).ob3ApiRoutes(platform));
  await app.register((await import('./routes/web.ts')).webRoutes());
  return { app, routeTable };
}
