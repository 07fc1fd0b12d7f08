/**
 * The staff web app (web/, built by `npm run build` into web/dist): its files, and index.html for any other page
 * address a browser asks for (the app routes in the browser). API paths and what the server publishes (`/api/`,
 * `/i/`, `/ns/`, VC-API), missing assets and other file names (with an extension) never fall back to the app:
 * unknown ones stay 404 problems. Without a build, pages answer 503 with a problem saying to run `npm run build`.
 */
import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { sendProblem } from '../problems.ts';

export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Paths the server itself owns (the API, VC-API, public documents): no app page there. */
const SERVER_PREFIXES = ['/api/', '/i/', '/ns/', '/.well-known/', '/credentials/', '/presentations/'];

export interface WebOptions {
  /** The built app (default web/dist). */
  readonly distDir?: string;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function acceptsHtml(request: FastifyRequest): boolean {
  const accept = String(request.headers.accept ?? '');
  return accept.split(',').some((part) => part.split(';')[0]?.trim().toLowerCase() === 'text/html');
}

export function webRoutes(options: WebOptions = {}): FastifyPluginAsync {
  const root = resolve(options.distDir ?? DEFAULT_WEB_DIST);
  const indexFile = resolve(root, 'index.html');

  return async (app) => {
    await app.register(fastifyStatic, { root, serve: false });

    const sendIndex = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      if (!(await isFile(indexFile))) {
        return sendProblem(request, reply, 503, 'web_app_not_built', {
          pl: 'Aplikacja webowa nie jest zbudowana: uruchom `npm run build` (albo `npm start`, które ją buduje)',
          en: 'The web app is not built: run `npm run build` (or `npm start`, which builds it)',
        });
      }
      // The app shell must never be cached stale: its asset names change with every build.
      return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
    };

    app.get('/', { config: { access: 'public' }, schema: { hide: true } }, sendIndex);

    app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const path = `/${(request.params as { '*'?: string })['*'] ?? ''}`;
      if (SERVER_PREFIXES.some((prefix) => path.startsWith(prefix))) return reply.callNotFound();
      const segments = path.split('/').filter((s) => s !== '');
      const safe = !segments.some((s) => s === '..' || s.startsWith('.') || s.includes('\\') || s.includes('\0'));
      if (safe && segments.length > 0) {
        const file = resolve(root, ...segments);
        if (file.startsWith(root + sep) && await isFile(file)) {
          const relative = segments.join('/');
          // Vite puts a content hash in every asset name: those may be cached for good.
          return relative.startsWith('assets/')
            ? reply.sendFile(relative, { maxAge: '365d', immutable: true })
            : reply.sendFile(relative, { maxAge: '1h' });
        }
      }
      const last = segments.at(-1) ?? '';
      const page = !path.startsWith('/assets/') && !last.includes('.');
      if (page && acceptsHtml(request)) return sendIndex(request, reply);
      return reply.callNotFound();
    });
  };
}
