/**
 * Errors as RFC 9457 problem details (`application/problem+json`): a type URI, a title, the status, a detail in the
 * caller's language (Accept-Language: Polish or English) with both languages in `messages`, and for invalid input
 * every problem with its field path. Unexpected errors are logged and answered with a bare 500.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { problemsFromZod, type Message, type Problem } from '../model/index.ts';
import { ServiceError } from '../services/platform.ts';

export const PROBLEM_TYPE_BASE = 'https://w3id.org/mikrocred/problems/';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  messages: Message;
  instance?: string;
  errors?: Array<{ path: string; code: string; message: Message }>;
}

export function requestLanguage(request: FastifyRequest): 'pl' | 'en' {
  const header = String(request.headers['accept-language'] ?? '');
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('pl') ? 'pl' : 'en';
}

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 409: 'Conflict', 413: 'Content Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Content', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

export function sendProblem(
  request: FastifyRequest, reply: FastifyReply, status: number, code: string, messages: Message, errors?: readonly Problem[],
): FastifyReply {
  const body: ProblemBody = {
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail: messages[requestLanguage(request)],
    code,
    messages,
    instance: request.url,
  };
  if (errors && errors.length > 0) body.errors = errors.map((e) => ({ path: e.path, code: e.code, message: e.message }));
  return reply.code(status).type('application/problem+json; charset=utf-8').send(body);
}

const GENERIC: Record<number, Message> = {
  400: { pl: 'Nieprawidłowe żądanie', en: 'Bad request' },
  404: { pl: 'Nie ma takiego adresu', en: 'No such resource' },
  405: { pl: 'Ta metoda nie jest dozwolona', en: 'Method not allowed' },
  413: { pl: 'Treść żądania jest za duża', en: 'The request body is too large' },
  415: { pl: 'Nieobsługiwany typ treści: wysyłaj application/json', en: 'Unsupported content type: send application/json' },
  429: { pl: 'Za dużo prób; spróbuj ponownie później', en: 'Too many attempts; try again later' },
};

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body';
    // The type provider flattens each zod issue: rebuild it (code, path, message and its own fields).
    const issues = error.validation.map((v) => ({
      ...v.params, code: v.keyword, message: v.message,
      path: v.instancePath.split('/').filter(Boolean).map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
    }));
    const input = where === 'body' ? request.body : where === 'querystring' ? request.query : where === 'params' ? request.params : request.headers;
    const problems = problemsFromZod({ issues } as unknown as z.ZodError, input, [where]);
    return sendProblem(request, reply, 400, 'invalid_input', {
      pl: `Nieprawidłowe dane (${problems.length}): ${problems.map((p) => p.path).join(', ')}`,
      en: `Invalid input (${problems.length}): ${problems.map((p) => p.path).join(', ')}`,
    }, problems);
  }
  if (error instanceof ServiceError) {
    const path = typeof error.details?.path === 'string' ? error.details.path : undefined;
    const listed = Array.isArray(error.details?.problems) ? error.details.problems as Problem[] : undefined;
    const errors = listed ?? (path !== undefined ? [{ path, code: error.code, severity: 'error' as const, message: error.text }] : undefined);
    return sendProblem(request, reply, error.status, error.code, error.text, errors);
  }
  // A unique constraint lost to a concurrent request: the same answer as the check that came too late.
  if ((error as { code?: unknown }).code === '23505') {
    return sendProblem(request, reply, 409, 'conflict', { pl: 'Taki rekord już istnieje', en: 'Such a record already exists' });
  }
  // PostgreSQL refuses NUL characters and invalid byte sequences in text.
  if ((error as { code?: unknown }).code === '22021' || (error as { code?: unknown }).code === '22P05') {
    return sendProblem(request, reply, 400, 'invalid_text', { pl: 'Tekst zawiera niedozwolony znak (NUL)', en: 'The text contains a forbidden character (NUL)' });
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError ? 'malformed_json'
      : status === 413 ? 'too_large' : status === 415 ? 'unsupported_media_type' : status === 429 ? 'rate_limited' : 'bad_request';
    const messages = code === 'malformed_json'
      ? { pl: `Nieprawidłowy JSON: ${error.message}`, en: `Malformed JSON: ${error.message}` }
      : GENERIC[status] ?? { pl: error.message, en: error.message };
    return sendProblem(request, reply, status, code, messages);
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(request, reply, 500, 'internal_error', { pl: 'Błąd serwera', en: 'Server error' });
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(request, reply, 404, 'not_found', GENERIC[404] as Message);
}
