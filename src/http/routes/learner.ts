/**
 * The learner side (docs/learner.md): sign-in by magic link or by the claim link of an issued credential (cookie
 * `mikrocred_learner`), the learner's own credentials with downloads (signed JSON, PDF, ELM / Europass JSON-LD) and
 * presentations, share links and the public shared-credential page (API and HTML with Open Graph tags), credentials
 * imported from other issuers, pathway progress, the applications authorised to use the Open Badges 3.0 API (listed
 * and revoked), the data export and erasure; and, for institution owners, the
 * erasure policy. Learner routes declare `access: 'learner'`: staff sessions and API keys are refused there.
 */
import { resolve } from 'node:path';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_PDF_BYTES } from '../../documents/pdf-credential.ts';
import { eraseLearner, erasurePolicy, setErasurePolicy } from '../../services/erasure.ts';
import {
  LEARNER_SESSION_HOURS, MAGIC_LINK_MINUTES, requestMagicLink, signInWithClaimLink, signInWithMagicLink, signOutLearner, type LearnerSession,
} from '../../services/learner-accounts.ts';
import {
  listOwnCredentials, ownCredentialDetail, ownCredentialDocument, ownCredentialElm, ownCredentialPdf, presentation,
} from '../../services/learner-credentials.ts';
import { exportLearnerData } from '../../services/learner-data.ts';
import { listAuthorisedApps, revokeApp } from '../../services/learner-apps.ts';
import { deleteImport, importCredential, listImports } from '../../services/learner-imports.ts';
import { pathwayProgress } from '../../services/learner-pathways.ts';
import { ServiceError, type Platform } from '../../services/platform.ts';
import { createShare, listShares, sharedCredential, withdrawShare } from '../../services/shares.ts';
import { ERASURE_POLICIES } from '../../store/schema.ts';
import { actorOf, LEARNER_COOKIE, learnerOf, tenantOf } from '../auth.ts';
import { escapeHtml, openGraphTags, sendAppShell } from '../app-shell.ts';
import { requestLanguage } from '../problems.ts';
import { JsonObjectSchema, SlugParams } from './schemas.ts';
import { VerificationAnswerSchema } from './verify.ts';
import { DEFAULT_WEB_DIST } from './web.ts';

/** Tokens in links (claim, magic sign-in, share): base64url. */
const TokenParams = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{16,96}$/) });
const IdParams = z.strictObject({ id: z.uuid() });
const ShareParams = z.strictObject({ id: z.uuid(), shareId: z.uuid() });
/** OAuth client ids (src/services/oauth.ts): base64url. */
const ClientParams = z.strictObject({ clientId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
/** The largest import body: a 20 MB PDF in base64, in JSON. */
export const IMPORT_BODY_LIMIT = Math.ceil(MAX_PDF_BYTES * 4 / 3) + 4096;
/** What the learner types to confirm erasure (or their e-mail address). */
export const ERASE_CONFIRMATION = 'USUŃ';

const LangText = z.object({ pl: z.string(), en: z.string() });
const InstitutionRefSchema = z.object({ slug: z.string(), namePl: z.string(), nameEn: z.string(), logoUrl: z.string().nullable() });
const AccountSchema = z.object({ id: z.string(), email: z.string(), createdAt: z.date(), lastSignInAt: z.date().nullable() });
const OwnCredentialSchema = z.object({
  id: z.string(), credentialId: z.string(), institution: InstitutionRefSchema, title: LangText, issuedAt: z.date(), validUntil: z.string().nullable(),
  status: z.enum(['active', 'suspended', 'revoked', 'expired']), revokedAt: z.date().nullable(), revocationReason: z.string().nullable(),
  suspendedAt: z.date().nullable(), specId: z.string().nullable(), version: z.number().nullable(), ectsCredits: z.number().nullable(),
  language: z.enum(['pl', 'en']), verifyUrl: z.string().nullable(), onErasure: z.enum(ERASURE_POLICIES),
});
const DetailSchema = OwnCredentialSchema.extend({
  credential: JsonObjectSchema, specification: JsonObjectSchema.nullable(), specificationUrl: z.string().nullable(),
  learner: z.object({ name: z.string(), email: z.string().nullable() }), verification: VerificationAnswerSchema, linkedInUrl: z.string(),
  downloads: z.object({ json: z.string(), pdf: z.string().nullable(), elm: z.string().nullable() }),
});
const ShareSchema = z.object({
  id: z.string(), credentialId: z.string(), url: z.string(), createdAt: z.date(), withdrawnAt: z.date().nullable(), views: z.number(),
});
const SharedSchema = z.object({
  credential: OwnCredentialSchema, document: JsonObjectSchema, learnerName: z.string(), institution: InstitutionRefSchema, verification: VerificationAnswerSchema,
  specification: JsonObjectSchema.nullable(), specificationUrl: z.string().nullable(), sharedAt: z.date(),
  openGraph: z.object({
    type: z.literal('website'), siteName: z.string(), title: z.string(), description: z.string(), url: z.string(), image: z.string().nullable(), locale: z.string(),
  }),
});
const ImportSchema = z.object({
  id: z.string(), format: z.enum(['json', 'pdf']), importedAt: z.date(), verdict: z.enum(['valid', 'invalid', 'indeterminate']),
  report: JsonObjectSchema, credential: JsonObjectSchema,
});
const RuleSchema = z.union([
  z.object({ type: z.literal('all') }), z.object({ type: z.literal('n-of'), n: z.number() }), z.object({ type: z.literal('ects'), minEcts: z.number() }),
]);
const OfferRefSchema = z.object({
  specId: z.string(), title: LangText, ectsCredits: z.number(), url: z.string(),
  institution: z.object({ slug: z.string(), namePl: z.string(), nameEn: z.string() }), status: z.enum(['published', 'archived']),
});
const ProgressSchema = z.object({
  pathway: z.object({
    id: z.string(), title: LangText, description: LangText.optional(), institution: z.object({ slug: z.string(), namePl: z.string(), nameEn: z.string() }),
    rule: RuleSchema, target: z.object({ title: LangText, url: z.string().optional() }).optional(), publicUrl: z.string(),
  }),
  done: z.boolean(), credentialsGathered: z.number(), ectsGathered: z.number(),
  required: z.object({ credentials: z.number().optional(), ects: z.number().optional() }),
  stillNeeded: z.object({ credentials: z.number().optional(), ects: z.number().optional() }),
  earned: z.array(OfferRefSchema.extend({ credentialIds: z.array(z.string()), ectsCounted: z.number() })),
  missing: z.array(OfferRefSchema),
});
const ErasureSchema = z.object({
  institutions: z.array(z.object({
    slug: z.string(), policy: z.enum(ERASURE_POLICIES), learnerRecords: z.number(), credentials: z.number(), revoked: z.number(), keptVerifiable: z.number(),
    emailsDeleted: z.number(), batchRowsRedacted: z.number(), uploadedRowsRemoved: z.number(),
  })),
  account: z.object({ deleted: z.boolean(), shares: z.number(), imports: z.number(), sessions: z.number(), signInLinks: z.number() }),
  otherEmailsDeleted: z.number(),
});
const AppSchema = z.object({
  clientId: z.string(), name: z.string(), clientUri: z.string().nullable(), redirectHosts: z.array(z.string()), scopes: z.array(z.string()),
  firstAuthorisedAt: z.date(), lastTokenIssuedAt: z.date().nullable(), lastUsedAt: z.date().nullable(),
  liveAccessToken: z.boolean(), liveRefreshToken: z.boolean(), active: z.boolean(),
});
const PolicySchema = z.object({ policy: z.enum(ERASURE_POLICIES) });
const PolicyBody = z.strictObject({ policy: z.enum(ERASURE_POLICIES) });

export interface LearnerRouteOptions {
  /** The built web app (default web/dist): the shared-credential page is its index.html with Open Graph tags. */
  readonly distDir?: string;
}

export function learnerRoutes(platform: Platform, options: LearnerRouteOptions = {}): FastifyPluginAsyncZod {
  const secure = platform.baseUrl.startsWith('https://');
  const indexFile = resolve(options.distDir ?? DEFAULT_WEB_DIST, 'index.html');

  function signedIn(reply: FastifyReply, session: LearnerSession, to: string): FastifyReply {
    reply.setCookie(LEARNER_COOKIE, session.token, { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: LEARNER_SESSION_HOURS * 3600 });
    return reply.header('cache-control', 'no-store').redirect(to, 303);
  }

  function invalidLink(reply: FastifyReply): FastifyReply {
    return reply.header('cache-control', 'no-store').redirect('/me/sign-in?error=invalid_link', 303);
  }

  return async (app) => {
    // ---- Signing in ----

    app.get('/claim/:token', {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['learner'], summary: 'The claim link of an issued credential (in the learner\'s e-mail): signs the learner in and opens the credential (303 to /me/credentials/<id>; an unknown link: 303 to /me/sign-in?error=invalid_link)',
        params: TokenParams,
      },
    }, async (request, reply) => {
      const signed = await signInWithClaimLink(platform, request.params.token);
      return signed ? signedIn(reply, signed.session, `/me/credentials/${signed.credentialId}`) : invalidLink(reply);
    });

    app.post('/api/v1/learner/sign-in', {
      config: { access: 'public', rateLimit: { max: 5, timeWindow: '1 minute' } },
      schema: {
        tags: ['learner'], summary: `Ask for a magic sign-in link by e-mail (valid ${MAGIC_LINK_MINUTES} minutes, single use); the same 202 whatever the address`,
        body: z.strictObject({ email: z.email().max(254) }),
        response: { 202: z.object({ status: z.literal('accepted'), message: LangText }) },
      },
    }, async (request, reply) => {
      await requestMagicLink(platform, request.body.email);
      return reply.code(202).send({
        status: 'accepted' as const,
        message: {
          pl: 'Jeśli pod tym adresem są mikropoświadczenia, wysłaliśmy na niego link do zalogowania.',
          en: 'If this address has micro-credentials, a sign-in link is on its way to it.',
        },
      });
    });

    app.get('/learner/sign-in/:token', {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['learner'], summary: 'The magic sign-in link: signs the learner in (303 to /me; a used, expired or unknown link: 303 to /me/sign-in?error=invalid_link)',
        params: TokenParams,
      },
    }, async (request, reply) => {
      const signed = await signInWithMagicLink(platform, request.params.token);
      return signed ? signedIn(reply, signed.session, '/me') : invalidLink(reply);
    });

    app.get('/api/v1/me', {
      config: { access: 'learner' },
      schema: { tags: ['learner'], summary: 'The signed-in learner and their CSRF token', response: { 200: z.object({ account: AccountSchema, csrfToken: z.string() }) } },
    }, async (request) => {
      const { account, csrfToken } = learnerOf(request);
      return { account, csrfToken };
    });

    app.delete('/api/v1/me/session', {
      config: { access: 'learner' },
      schema: { tags: ['learner'], summary: 'Sign out', response: { 204: z.null() } },
    }, async (request, reply) => {
      await signOutLearner(platform, learnerOf(request).sessionToken);
      reply.clearCookie(LEARNER_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    });

    // ---- The learner's credentials ----

    app.get('/api/v1/me/credentials', {
      config: { access: 'learner' },
      schema: { tags: ['learner'], summary: 'The learner\'s credentials, of every institution, newest first, with their status', response: { 200: z.array(OwnCredentialSchema) } },
    }, async (request) => listOwnCredentials(platform, learnerOf(request).account));

    app.get('/api/v1/me/credentials/:id', {
      config: { access: 'learner' },
      schema: {
        tags: ['learner'], summary: 'One credential: every standard element (its specification version), the status, the verification now, the LinkedIn link',
        params: IdParams, response: { 200: DetailSchema },
      },
    }, async (request) => ownCredentialDetail(platform, learnerOf(request).account, request.params.id));

    app.get('/api/v1/me/credentials/:id/json', {
      config: { access: 'learner' },
      schema: { tags: ['learner'], summary: 'The signed Open Badges 3.0 credential, byte for byte as issued', params: IdParams },
    }, async (request, reply) => {
      const json = await ownCredentialDocument(platform, learnerOf(request).account, request.params.id);
      return reply.type('application/vc+ld+json; charset=utf-8').header('content-disposition', `attachment; filename="credential-${request.params.id}.json"`).send(json);
    });

    app.get('/api/v1/me/credentials/:id/pdf', {
      config: { access: 'learner' },
      schema: {
        tags: ['learner'], summary: 'The PDF certificate (the signed credential attached inside)', params: IdParams,
        querystring: z.strictObject({ lang: z.enum(['pl', 'en', 'both']).optional() }),
      },
    }, async (request, reply) => {
      const pdf = await ownCredentialPdf(platform, learnerOf(request).account, request.params.id, request.query.lang);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${pdf.fileName}"`).send(Buffer.from(pdf.bytes));
    });

    app.get('/api/v1/me/credentials/:id/elm', {
      config: { access: 'learner' },
      schema: { tags: ['learner'], summary: 'The European Learning Model / Europass export (EuropeanDigitalCredential JSON-LD, unsigned)', params: IdParams },
    }, async (request, reply) => {
      const elm = await ownCredentialElm(platform, learnerOf(request).account, request.params.id);
      return reply.type('application/ld+json; charset=utf-8').header('content-disposition', `attachment; filename="${elm.fileName}"`).send(elm.document);
    });

    app.post('/api/v1/me/presentations', {
      config: { access: 'learner' },
      schema: {
        tags: ['learner'], summary: 'An unsigned W3C VC 2.0 Verifiable Presentation of chosen credentials (no holder: learners hold no key here)',
        body: z.strictObject({ credentialIds: z.array(z.uuid()).min(1).max(50) }), response: { 200: JsonObjectSchema },
      },
    }, async (request, reply) => {
      const vp = await presentation(platform, learnerOf(request).account, request.body.credentialIds);
      return reply.header('content-disposition', 'attachment; filename="presentation.json"').send(vp);
    });

    // ---- Sharing ----

    app.post('/api/v1/me/credentials/:id/shares', {
      config: { access: 'learner' },
      schema: { tags: ['learner'], summary: 'Create a share link of a credential (its public page)', params: IdParams, body: z.strictObject({}).optional(), response: { 201: ShareSchema } },
    }, async (request, reply) => reply.code(201).send(await createShare(platform, learnerOf(request).account, request.params.id)));

    app.get('/api/v1/me/credentials/:id/shares', {
      config: { access: 'learner' },
      schema: { tags: ['learner'], summary: 'The share links of a credential (withdrawn ones marked), with their view counts', params: IdParams, response: { 200: z.array(ShareSchema) } },
    }, async (request) => listShares(platform, learnerOf(request).account, request.params.id));

    app.delete('/api/v1/me/credentials/:id/shares/:shareId', {
      config: { access: 'learner' },
      schema: { tags: ['learner'], summary: 'Withdraw a share link: its page answers 404 from now on', params: ShareParams, response: { 204: z.null() } },
    }, async (request, reply) => {
      await withdrawShare(platform, learnerOf(request).account, request.params.id, request.params.shareId);
      return reply.code(204).send(null);
    });

    app.get('/api/v1/shared/:token', {
      config: { access: 'public' },
      schema: {
        tags: ['learner'], summary: 'A shared credential (public): the credential, its verification now, its standard elements, Open Graph data',
        params: TokenParams, response: { 200: SharedSchema },
      },
    }, async (request, reply) => {
      const shared = await sharedCredential(platform, request.params.token, requestLanguage(request), { countView: true });
      reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
      return shared;
    });

    app.get('/s/:token', {
      config: { access: 'public' },
      schema: { tags: ['learner'], summary: 'The public page of a shared credential (HTML: the web app with Open Graph tags for link previews)', params: TokenParams },
    }, async (request, reply) => {
      reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
      const shared = await sharedCredential(platform, request.params.token, requestLanguage(request)).catch((error: unknown) => {
        if (error instanceof ServiceError && error.status === 404) return undefined;
        throw error;
      });
      if (!shared) return sendAppShell(request, reply.code(404), indexFile, ['<title>Mikrocred</title>', '<meta name="robots" content="noindex">']);
      const og = shared.openGraph;
      return sendAppShell(request, reply, indexFile, [
        `<title>${escapeHtml(`${og.title} · Mikrocred`)}</title>`,
        `<meta name="description" content="${escapeHtml(og.description)}">`,
        '<meta name="robots" content="noindex">',
        ...openGraphTags({ type: og.type, site_name: og.siteName, title: og.title, description: og.description, url: og.url, locale: og.locale, image: og.image ?? undefined }),
        '<meta name="twitter:card" content="summary">',
      ]);
    });

    // ---- Imports ----

    // A PDF sent as it is becomes `{ pdf: <base64> }`, the JSON form of the same request.
    app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: MAX_PDF_BYTES }, (_request, body, done) => {
      done(null, { pdf: (body as Buffer).toString('base64') });
    });

    app.post('/api/v1/me/imports', {
      config: { access: 'learner' },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['learner'],
        summary: 'Add a credential of another issuer: `{ credential }` (Open Badges 3.0 / W3C VC JSON), `{ pdf }` (base64) or an application/pdf body; verified now and kept with the result',
        body: z.strictObject({ credential: JsonObjectSchema.optional(), pdf: z.base64().min(1).max(IMPORT_BODY_LIMIT).optional() }),
        response: { 201: ImportSchema },
      },
    }, async (request, reply) => {
      const { credential, pdf } = request.body;
      if ((credential === undefined) === (pdf === undefined)) {
        throw new ServiceError(422, 'credential_or_pdf', { pl: 'Podaj albo `credential`, albo `pdf`', en: 'Give either `credential` or `pdf`' }, { path: 'body' });
      }
      const imported = await importCredential(platform, learnerOf(request).account, credential !== undefined ? { credential } : { pdf: Buffer.from(String(pdf), 'base64') });
      return reply.code(201).send({ ...imported, report: imported.report as unknown as Record<string, unknown> });
    });

    app.get('/api/v1/me/imports', {
      config: { access: 'learner' },
      schema: { tags: ['learner'], summary: 'Credentials added from other issuers, with the verification made on import', response: { 200: z.array(ImportSchema) } },
    }, async (request) => (await listImports(platform, learnerOf(request).account)).map((i) => ({ ...i, report: i.report as unknown as Record<string, unknown> })));

    app.delete('/api/v1/me/imports/:id', {
      config: { access: 'learner' },
      schema: { tags: ['learner'], summary: 'Remove an added credential', params: IdParams, response: { 204: z.null() } },
    }, async (request, reply) => {
      await deleteImport(platform, learnerOf(request).account, request.params.id);
      return reply.code(204).send(null);
    });

    // ---- Applications using the Open Badges 3.0 API for the learner ----

    app.get('/api/v1/me/apps', {
      config: { access: 'learner' },
      schema: {
        tags: ['learner'], summary: 'The applications that can use the learner\'s credentials through the Open Badges 3.0 API (OAuth grants the learner approved), by name',
        response: { 200: z.array(AppSchema) },
      },
    }, async (request) => listAuthorisedApps(platform, learnerOf(request).account));

    app.delete('/api/v1/me/apps/:clientId', {
      config: { access: 'learner' },
      schema: {
        tags: ['learner'], summary: 'Revoke an application\'s access: every access and refresh token and unused code of that client for the learner, at once (404: never authorised)',
        params: ClientParams, response: { 204: z.null() },
      },
    }, async (request, reply) => {
      await revokeApp(platform, learnerOf(request).account, request.params.clientId);
      return reply.code(204).send(null);
    });

    // ---- Pathways, export, erasure ----

    app.get('/api/v1/me/pathways', {
      config: { access: 'learner' },
      schema: { tags: ['learner'], summary: 'Progress on every pathway the learner\'s credentials count toward: gathered, missing (where to earn it), done', response: { 200: z.array(ProgressSchema) } },
    }, async (request) => pathwayProgress(platform, learnerOf(request).account));

    app.get('/api/v1/me/export', {
      config: { access: 'learner' },
      schema: { tags: ['learner'], summary: 'All the learner\'s data as one JSON document (GDPR access and portability)', response: { 200: JsonObjectSchema } },
    }, async (request, reply) => {
      const data = await exportLearnerData(platform, learnerOf(request).account);
      return reply.header('content-disposition', 'attachment; filename="mikrocred-moje-dane.json"').header('cache-control', 'no-store').send(data);
    });

    app.post('/api/v1/me/erase', {
      config: { access: 'learner' },
      schema: {
        tags: ['learner'], summary: `Erase the learner's data (GDPR): confirm with "${ERASE_CONFIRMATION}" or the account's e-mail; signs out`,
        body: z.strictObject({ confirm: z.string().max(254) }), response: { 200: ErasureSchema },
      },
    }, async (request, reply) => {
      const { account } = learnerOf(request);
      const confirm = request.body.confirm.normalize('NFC').trim();
      if (confirm.toUpperCase() !== ERASE_CONFIRMATION && confirm.toLowerCase() !== account.email) {
        throw new ServiceError(422, 'confirmation_mismatch', {
          pl: `Aby usunąć dane, wpisz „${ERASE_CONFIRMATION}” albo swój adres e-mail`, en: `To erase your data, type "${ERASE_CONFIRMATION}" or your e-mail address`,
        }, { path: 'body.confirm' });
      }
      const result = await eraseLearner(platform, account.email);
      reply.clearCookie(LEARNER_COOKIE, { path: '/' });
      return result;
    });

    // ---- Staff: the institution's erasure policy ----

    app.get('/api/v1/institutions/:slug/erasure-policy', {
      config: { access: { tenant: 'viewer' } },
      schema: { tags: ['institutions'], summary: 'What a learner\'s erasure does to the credentials the institution issued them', params: SlugParams, response: { 200: PolicySchema } },
    }, async (request) => ({ policy: await erasurePolicy(platform, tenantOf(request).id) }));

    app.put('/api/v1/institutions/:slug/erasure-policy', {
      config: { access: { tenant: 'owner' } },
      schema: {
        tags: ['institutions'], summary: 'Set the erasure policy: `keep` (credentials stay verifiable) or `revoke` (revoked, reason "GDPR erasure")',
        params: SlugParams, body: PolicyBody, response: { 200: PolicySchema },
      },
    }, async (request) => ({ policy: await setErasurePolicy(platform, tenantOf(request).id, request.body.policy, actorOf(request)) }));
  };
}
