/**
 * Server-rendered heads for pages of the web app that link previews and search engines read without running
 * JavaScript (an offer, a shared credential): the app's index.html with its `<title>` replaced by the page's title,
 * description and Open Graph / JSON-LD tags. Every value is escaped; JSON inside `<script>` cannot end the element.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problems.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON inside a `<script>` element: `<` escaped so that no `</script>` can end it. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** `<meta property="og:…">` tags (values escaped), in the order given; empty values left out. */
export function openGraphTags(values: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(values).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `<meta property="og:${k}" content="${escapeHtml(v as string)}">`);
}

/**
 * Sends the web app's index.html with `head` (tags, already escaped) in place of its `<title>`; a 503 problem when the
 * app is not built. The caller sets the status and caching headers it wants first.
 */
export async function sendAppShell(request: FastifyRequest, reply: FastifyReply, indexFile: string, head: readonly string[]): Promise<FastifyReply> {
  let html: string;
  try {
    html = await readFile(indexFile, 'utf8');
  } catch {
    return sendProblem(request, reply, 503, 'web_app_not_built', {
      pl: 'Aplikacja webowa nie jest zbudowana: uruchom `npm run build`', en: 'The web app is not built: run `npm run build`',
    });
  }
  return reply.type('text/html; charset=utf-8').send(html.replace(/<title>[^<]*<\/title>/, head.join('\n    ')));
}
