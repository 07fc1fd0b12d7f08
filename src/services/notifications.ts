/**
 * E-mail notifications through a transactional outbox.
 *
 * - `credentialIssuedMessage` writes the e-mail a learner gets with their claim link: Polish with an English copy
 *   below it when the credential's language is Polish (a foreign student of a Polish course can read it too), English
 *   only when it is English. Plain text and HTML (every value escaped; no images, no tracking pixels, no remote content).
 * - `enqueueEmail` inserts a pending `outbox` row. It takes a transaction, so issuance enqueues in its own
 *   transaction: the e-mail exists exactly when the credential does, and issuance never waits on SMTP.
 * - `OutboxSender` (started with the server when `SMTP_URL` is set) delivers due rows through nodemailer. It claims a
 *   few rows at a time with `FOR UPDATE SKIP LOCKED` in one short statement that moves their `next_attempt_at` forward
 *   (a lease): two app instances never send the same row at once, and a crash mid-send lets the row be retried once
 *   the lease ends. A failure increments `attempts`, keeps a short `last_error` (credentials redacted) and schedules
 *   the next attempt with exponential backoff (1, 5, 15, 60, 240 minutes); after 6 attempts the row is `failed`, and
 *   staff can put it back (`retryOutboxMessage`). Delivery is at-least-once: a crash after the SMTP server accepted a
 *   message but before the row was marked `sent` sends it again (with the same Message-ID, so mail clients can fold
 *   the copies).
 * - Without `SMTP_URL` nothing sends: messages stay `pending` and staff read them (`listOutbox`), e.g. to hand the
 *   claim link over themselves. Configuring SMTP later sends what is still pending.
 *
 * Logs (a pino-compatible logger) carry outbox and institution ids, never recipients, bodies or SMTP credentials.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, OutboxTable } from '../store/schema.ts';
import { audit, type Actor } from './audit.ts';
import { ServiceError, notFound, type Platform } from './platform.ts';

// ---------------------------------------------------------------------------------------------------------------
// The message
// ---------------------------------------------------------------------------------------------------------------

/** The `kind` of the learner's "your credential is ready" e-mail. */
export const CREDENTIAL_ISSUED = 'credential_issued';

export interface CredentialIssuedInput {
  readonly learnerName: string;
  readonly institution: { readonly namePl: string; readonly nameEn: string };
  readonly title: { readonly pl: string; readonly en: string };
  /** The learner's personal claim link (http or https). */
  readonly claimUrl: string;
  /** The public verification page (http or https). */
  readonly verifyUrl: string;
  readonly language: 'pl' | 'en';
}

export interface EmailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** One line of text: control characters (CR, LF, tabs…) become spaces, runs of spaces collapse. */
function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

function httpUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${what} must be an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${what} must be an http(s) URL`);
  return url.href;
}

interface Copy {
  readonly lang: 'pl' | 'en';
  readonly greeting: (name: string) => string;
  readonly received: string;
  readonly issuer: string;
  readonly claimIntro: string;
  readonly claimButton: string;
  readonly claimFallback: string;
  readonly personal: string;
  readonly verifyIntro: string;
  readonly footer: string;
}

const COPY: Readonly<Record<'pl' | 'en', Copy>> = {
  pl: {
    lang: 'pl',
    greeting: (name) => `Dzień dobry, ${name}!`,
    received: 'Otrzymujesz mikropoświadczenie',
    issuer: 'Wystawca',
    claimIntro: 'Aby je odebrać — zapisać w cyfrowym portfelu lub pobrać — otwórz link:',
    claimButton: 'Odbierz mikropoświadczenie',
    claimFallback: 'Jeśli przycisk nie działa, skopiuj ten adres do przeglądarki:',
    personal: 'Link jest przeznaczony tylko dla Ciebie — nie przekazuj go innym.',
    verifyIntro: 'Publiczna strona weryfikacji (ten adres możesz udostępniać, np. pracodawcy):',
    footer: 'Wiadomość wysłała automatycznie platforma Mikrocred w imieniu wystawcy. Jeśli się jej nie spodziewasz, zignoruj ją.',
  },
  en: {
    lang: 'en',
    greeting: (name) => `Hello ${name},`,
    received: 'You have received the micro-credential',
    issuer: 'Issuer',
    claimIntro: 'To claim it — save it to a digital wallet or download it — open this link:',
    claimButton: 'Claim your micro-credential',
    claimFallback: 'If the button does not work, copy this address into your browser:',
    personal: 'This link is meant for you only: please do not share it.',
    verifyIntro: 'Public verification page (this one you can share, e.g. with an employer):',
    footer: 'This message was sent automatically by the Mikrocred platform on behalf of the issuer. If you were not expecting it, you can ignore it.',
  },
};

interface Part {
  readonly name: string;
  readonly title: string;
  readonly institution: string;
  readonly claimUrl: string;
  readonly verifyUrl: string;
}

function quoted(lang: 'pl' | 'en', title: string): string {
  return lang === 'pl' ? `„${title}”` : `“${title}”`;
}

function textPart(copy: Copy, part: Part): string {
  return [
    copy.greeting(part.name),
    '',
    `${copy.received} ${quoted(copy.lang, part.title)}.`,
    `${copy.issuer}: ${part.institution}`,
    '',
    copy.claimIntro,
    part.claimUrl,
    copy.personal,
    '',
    copy.verifyIntro,
    part.verifyUrl,
    '',
    copy.footer,
  ].join('\n');
}

function htmlPart(copy: Copy, part: Part): string {
  const e = escapeHtml;
  const claim = e(part.claimUrl);
  const verify = e(part.verifyUrl);
  return [
    `<div lang="${copy.lang}">`,
    `<p>${e(copy.greeting(part.name))}</p>`,
    `<p>${e(copy.received)} <strong>${e(quoted(copy.lang, part.title))}</strong>.<br>${e(copy.issuer)}: ${e(part.institution)}</p>`,
    `<p>${e(copy.claimIntro)}</p>`,
    `<p><a href="${claim}" style="display:inline-block;padding:12px 20px;background:#0b57d0;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold">${e(copy.claimButton)}</a></p>`,
    `<p style="font-size:14px">${e(copy.claimFallback)}<br><a href="${claim}">${claim}</a><br>${e(copy.personal)}</p>`,
    `<p style="font-size:14px">${e(copy.verifyIntro)}<br><a href="${verify}">${verify}</a></p>`,
    `<p style="font-size:12px;color:#555555">${e(copy.footer)}</p>`,
    '</div>',
  ].join('\n');
}

/**
 * The learner's e-mail with their claim link and the public verification link. `language: 'pl'`: Polish, then an
 * English copy below (announced at the top); `'en'`: English only. The subject is in the message's first language.
 */
export function credentialIssuedMessage(input: CredentialIssuedInput): EmailContent {
  const claimUrl = httpUrl(input.claimUrl, 'claimUrl');
  const verifyUrl = httpUrl(input.verifyUrl, 'verifyUrl');
  const name = oneLine(input.learnerName);
  const pl: Part = { name, title: oneLine(input.title.pl), institution: oneLine(input.institution.namePl), claimUrl, verifyUrl };
  const en: Part = { name, title: oneLine(input.title.en), institution: oneLine(input.institution.nameEn), claimUrl, verifyUrl };
  const parts: Array<[Copy, Part]> = input.language === 'pl' ? [[COPY.pl, pl], [COPY.en, en]] : [[COPY.en, en]];
  const first = parts[0]![1];
  const subject = input.language === 'pl'
    ? `Twoje mikropoświadczenie ${quoted('pl', first.title)} – ${first.institution}`
    : `Your micro-credential ${quoted('en', first.title)} – ${first.institution}`;
  const separator = '\n\n----------------------------------------\n\n';
  const text = (input.language === 'pl' ? 'English version below.\n\n' : '')
    + parts.map(([copy, part]) => textPart(copy, part)).join(separator) + '\n';
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${input.language}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f4f4f4;font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;line-height:1.5">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:8px">',
    input.language === 'pl' ? '<p lang="en" style="font-size:12px;color:#555555">English version below.</p>' : '',
    parts.map(([copy, part]) => htmlPart(copy, part)).join('\n<hr style="border:none;border-top:1px solid #dddddd;margin:24px 0">\n'),
    '</div>',
    '</body>',
    '</html>',
    '',
  ].filter((line) => line !== '').join('\n');
  return { subject, text, html };
}

// ---------------------------------------------------------------------------------------------------------------
// The outbox
// ---------------------------------------------------------------------------------------------------------------

export interface EmailToEnqueue {
  readonly institutionId: string;
  readonly credentialId?: string | null;
  readonly kind: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
}

/** A single mailbox, no display name, no list: what nodemailer must not read as several recipients. */
const MAILBOX = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;

export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && MAILBOX.test(value);
}

function invalidRecipient(): ServiceError {
  return new ServiceError(422, 'invalid_email', { pl: 'Nieprawidłowy adres e-mail odbiorcy', en: 'Invalid recipient e-mail address' }, { path: 'email' });
}

/**
 * Adds a pending e-mail to the outbox; returns its id. Pass the transaction that creates what the e-mail is about.
 * Sending happens later (`OutboxSender`); call `nudgeOutbox(platform)` after the commit to send it without waiting
 * for the next poll.
 */
export async function enqueueEmail(db: Kysely<Database> | Transaction<Database>, message: EmailToEnqueue): Promise<string> {
  const to = message.to.trim();
  if (!isEmailAddress(to)) throw invalidRecipient();
  const row = await db.insertInto('outbox').values({
    institution_id: message.institutionId,
    credential_id: message.credentialId ?? null,
    kind: message.kind,
    to_address: to,
    subject: oneLine(message.subject),
    text_body: message.text,
    html_body: message.html ?? null,
    status: 'pending',
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export type OutboxStatus = Selectable<OutboxTable>['status'];
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'sent', 'failed'];

export interface OutboxMessage {
  readonly id: string;
  readonly credentialId: string | null;
  readonly kind: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  readonly status: OutboxStatus;
  /** Delivery attempts made (a successful one included). */
  readonly attempts: number;
  /** When a pending message is due (or its lease ends, while a sender holds it). */
  readonly nextAttemptAt: Date;
  /** Why the last attempt failed (short; no credentials). */
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
}

export interface OutboxPage {
  readonly items: OutboxMessage[];
  /** Messages matching the filter. */
  readonly total: number;
  /** Messages of the institution by status (whatever the filter). */
  readonly counts: Readonly<Record<OutboxStatus, number>>;
}

const MESSAGE_COLUMNS = [
  'id', 'credential_id', 'kind', 'to_address', 'subject', 'text_body', 'html_body', 'status', 'attempts', 'next_attempt_at',
  'last_error', 'created_at', 'sent_at',
] as const;

interface MessageRow {
  id: string; credential_id: string | null; kind: string; to_address: string; subject: string; text_body: string;
  html_body: string | null; status: OutboxStatus; attempts: number; next_attempt_at: Date; last_error: string | null;
  created_at: Date; sent_at: Date | null;
}

function fromRow(row: MessageRow): OutboxMessage {
  return {
    id: row.id, credentialId: row.credential_id, kind: row.kind, to: row.to_address, subject: row.subject, text: row.text_body,
    html: row.html_body, status: row.status, attempts: row.attempts, nextAttemptAt: row.next_attempt_at, lastError: row.last_error,
    createdAt: row.created_at, sentAt: row.sent_at,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The institution's outbox, newest first, with bodies (staff read them when no SMTP server is configured: they
 * contain learners' claim links, so only staff who may issue should see them). `limit` is clamped to 1–200.
 */
export async function listOutbox(
  platform: Platform, institutionId: string, options: { status?: OutboxStatus; limit: number; offset: number },
): Promise<OutboxPage> {
  const { db } = platform.store;
  const limit = Math.min(200, Math.max(1, Math.trunc(options.limit) || 1));
  const offset = Math.max(0, Math.trunc(options.offset) || 0);
  let query = db.selectFrom('outbox').where('institution_id', '=', institutionId);
  if (options.status) query = query.where('status', '=', options.status);
  const [rows, grouped] = await Promise.all([
    query.select(MESSAGE_COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    db.selectFrom('outbox').where('institution_id', '=', institutionId)
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute(),
  ]);
  const counts: Record<OutboxStatus, number> = { pending: 0, sent: 0, failed: 0 };
  for (const g of grouped) counts[g.status] = Number(g.n);
  const total = options.status ? counts[options.status] : counts.pending + counts.sent + counts.failed;
  return { items: rows.map((r) => fromRow(r as MessageRow)), total, counts };
}

/** One message of the institution, or undefined. */
export async function getOutboxMessage(platform: Platform, institutionId: string, id: string): Promise<OutboxMessage | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await platform.store.db.selectFrom('outbox').select(MESSAGE_COLUMNS)
    .where('id', '=', id).where('institution_id', '=', institutionId).executeTakeFirst();
  return row ? fromRow(row as MessageRow) : undefined;
}

/**
 * Puts a `failed` message back to `pending`, due now, with its attempts counted afresh (the full retry schedule
 * applies again); audit-logged. 404 when the institution has no such message, 409 when it has not failed.
 */
export async function retryOutboxMessage(platform: Platform, institutionId: string, id: string, actor: Actor): Promise<OutboxMessage> {
  const missing = (): ServiceError => notFound({ pl: 'wiadomość', en: 'message' });
  if (!UUID.test(id)) throw missing();
  const message = await platform.store.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('outbox').select(['status', 'attempts', 'last_error'])
      .where('id', '=', id).where('institution_id', '=', institutionId).forUpdate().executeTakeFirst();
    if (!current) throw missing();
    if (current.status !== 'failed') {
      throw new ServiceError(409, 'not_failed', {
        pl: 'Ponowić można tylko wiadomość, której nie udało się wysłać', en: 'Only a message that failed can be retried',
      }, { status: current.status });
    }
    const row = await trx.updateTable('outbox').set({ status: 'pending', attempts: 0, next_attempt_at: sql<Date>`now()` })
      .where('id', '=', id).returning(MESSAGE_COLUMNS).executeTakeFirstOrThrow();
    await audit(trx, {
      institutionId, actor, action: 'outbox.retry', targetType: 'outbox', targetId: id,
      details: { previousAttempts: current.attempts, lastError: current.last_error },
    });
    return fromRow(row as MessageRow);
  });
  nudgeOutbox(platform);
  return message;
}

// ---------------------------------------------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------------------------------------------

/** What the sender logs with: pino's (and Fastify's) logger fits. */
export interface NotificationLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

const SILENT: NotificationLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Minutes before attempts 2, 3, 4…: the last value repeats. */
export const DEFAULT_BACKOFF_MS: readonly number[] = [1, 5, 15, 60, 240].map((m) => m * 60_000);
export const DEFAULT_MAX_ATTEMPTS = 6;

export interface OutboxSenderOptions {
  readonly db: Kysely<Database>;
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465`; nodemailer's URL options. */
  readonly smtpUrl: string;
  /** The From header, e.g. `Mikrocred <no-reply@uni.example.pl>` (see `defaultSmtpFrom`). */
  readonly from: string;
  readonly logger?: NotificationLogger;
  /** How often to look for due messages (default 5 s). */
  readonly pollIntervalMs?: number;
  /** Messages claimed at once (default 10). */
  readonly batchSize?: number;
  /** How long a claim holds its messages (default 5 min); a crashed sender's messages are retried after it. */
  readonly leaseMs?: number;
  /** The longest one send may take before it is aborted (default 60 s); a batch never sends past its lease. */
  readonly sendTimeoutMs?: number;
  /** Delays before each retry (default 1, 5, 15, 60, 240 minutes; the last repeats). */
  readonly backoffMs?: readonly number[];
  /** Attempts after which a message is `failed` (default 6). */
  readonly maxAttempts?: number;
}

export interface SendRound {
  /** Messages claimed. */
  readonly claimed: number;
  readonly sent: number;
  /** Attempts that failed (the message is retried later, or is now `failed`). */
  readonly failed: number;
  /** Claimed but not attempted (stopping, or the lease was running out): released for the next round. */
  readonly released: number;
}

interface Claimed {
  id: string;
  institution_id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attempts: number;
  next_attempt_at: Date;
}

/** `Mikrocred <no-reply@HOST>`, HOST being the host name of the public base URL. */
export function defaultSmtpFrom(baseUrl: string): string {
  let host = 'localhost';
  try {
    host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '') || host;
  } catch {
    // keep localhost
  }
  return `Mikrocred <no-reply@${host}>`;
}

/** Whether `value` is an SMTP URL the sender accepts (`smtp://` or `smtps://` with a host). */
export function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** The host and port of an SMTP URL, for logs (no user, no password). */
export function smtpEndpoint(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '(invalid SMTP URL)';
  }
}

/** A short error text for `last_error` and logs: code, SMTP reply, message, with any credentials of the URL removed. */
export function describeSendError(error: unknown, smtpUrl: string): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; responseCode?: unknown; message?: unknown };
  const parts: string[] = [];
  if (typeof e.code === 'string' && e.code !== '') parts.push(e.code);
  if (typeof e.responseCode === 'number') parts.push(String(e.responseCode));
  let text = `${parts.length > 0 ? `${parts.join(' ')}: ` : ''}${typeof e.message === 'string' ? e.message : String(error)}`;
  const secrets = new Set<string>();
  try {
    const url = new URL(smtpUrl);
    for (const raw of [url.password, url.username]) {
      if (raw === '') continue;
      secrets.add(raw);
      try {
        secrets.add(decodeURIComponent(raw));
      } catch {
        // not percent-encoded
      }
    }
  } catch {
    // not a URL: nothing to redact from it
  }
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 2) text = text.split(secret).join('***');
  }
  text = text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1***@');
  text = oneLine(text);
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

const nudgers = new WeakMap<Kysely<Database>, Set<() => void>>();

/**
 * Tells the senders running in this process on the platform's database that messages are due now (call it after
 * committing a transaction that enqueued e-mail). Without it they are found at the next poll. Does nothing when no
 * sender runs.
 */
export function nudgeOutbox(platform: Platform): void {
  for (const nudge of nudgers.get(platform.store.db) ?? []) nudge();
}

/** Delivers the outbox through SMTP: `start()` it with the server, `stop()` it before closing the database. */
export class OutboxSender {
  readonly #db: Kysely<Database>;
  readonly #smtpUrl: string;
  readonly #from: string;
  readonly #log: NotificationLogger;
  readonly #pollIntervalMs: number;
  readonly #batchSize: number;
  readonly #leaseMs: number;
  readonly #sendTimeoutMs: number;
  readonly #backoffMs: readonly number[];
  readonly #maxAttempts: number;
  readonly #transporter: Transporter;
  readonly #mailDomain: string;
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #nudge = (): void => this.nudge();
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #again = false;
  #started = false;
  #stopping = false;
  #stopped: Promise<void> | undefined;

  constructor(options: OutboxSenderOptions) {
    if (!isSmtpUrl(options.smtpUrl)) throw new Error('The SMTP URL must start with smtp:// or smtps:// and name a host');
    this.#db = options.db;
    this.#smtpUrl = options.smtpUrl;
    this.#from = options.from;
    this.#log = options.logger ?? SILENT;
    this.#pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.#batchSize = Math.max(1, Math.trunc(options.batchSize ?? 10));
    this.#leaseMs = options.leaseMs ?? 5 * 60_000;
    this.#sendTimeoutMs = options.sendTimeoutMs ?? 60_000;
    this.#backoffMs = options.backoffMs && options.backoffMs.length > 0 ? options.backoffMs : DEFAULT_BACKOFF_MS;
    this.#maxAttempts = Math.max(1, Math.trunc(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
    if (this.#sendTimeoutMs >= this.#leaseMs) throw new Error('sendTimeoutMs must be shorter than leaseMs');
    const timeout = Math.min(this.#sendTimeoutMs, 30_000);
    this.#transporter = nodemailer.createTransport({
      url: options.smtpUrl,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: this.#sendTimeoutMs,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    const address = /<([^<>]+)>\s*$/.exec(this.#from)?.[1] ?? this.#from;
    this.#mailDomain = address.split('@')[1]?.trim() || 'mikrocred.invalid';
  }

  /** Starts polling (and answering `nudgeOutbox`); looks for due messages at once. */
  start(): void {
    if (this.#started || this.#stopping) return;
    this.#started = true;
    let set = nudgers.get(this.#db);
    if (!set) nudgers.set(this.#db, (set = new Set()));
    set.add(this.#nudge);
    this.#log.info({ smtp: smtpEndpoint(this.#smtpUrl), pollIntervalMs: this.#pollIntervalMs }, 'outbox sender started');
    this.#schedule(0);
  }

  /** Looks for due messages now rather than at the next poll. */
  nudge(): void {
    if (!this.#started || this.#stopping) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#schedule(0);
  }

  /** Claims and sends one batch of due messages. */
  runOnce(): Promise<SendRound> {
    const round = this.#round();
    this.#inFlight.add(round);
    const forget = (): void => {
      this.#inFlight.delete(round);
    };
    round.then(forget, forget);
    return round;
  }

  /** Sends batches until no message is due; returns how many were sent. (For the CLI and tests.) */
  async drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const round = await this.runOnce();
      sent += round.sent;
      if (round.claimed === 0 || this.#stopping) return sent;
    }
  }

  /** Stops polling, waits for sends in flight (messages claimed but not yet attempted are released), closes SMTP. */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      this.#stopping = true;
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = undefined;
      nudgers.get(this.#db)?.delete(this.#nudge);
      while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
      this.#transporter.close();
      if (this.#started) this.#log.info({}, 'outbox sender stopped');
    })();
    return this.#stopped;
  }

  #schedule(delayMs: number): void {
    if (this.#stopping) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#tick();
    }, delayMs);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (this.#running || this.#stopping) return;
    this.#running = true;
    this.#again = false;
    let more = false;
    try {
      const round = await this.runOnce();
      more = round.claimed === this.#batchSize;
    } catch (error) {
      this.#log.warn({ err: describeSendError(error, this.#smtpUrl) }, 'outbox: could not read due messages');
    } finally {
      this.#running = false;
    }
    this.#schedule(more || this.#again ? 0 : this.#pollIntervalMs);
  }

  async #claim(): Promise<Claimed[]> {
    const result = await sql<Claimed>`
      WITH due AS MATERIALIZED (
        SELECT id FROM outbox
        WHERE status = 'pending' AND next_attempt_at <= now()
        ORDER BY next_attempt_at, id
        LIMIT ${this.#batchSize}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE outbox o
      SET next_attempt_at = date_trunc('milliseconds', now() + (${Math.ceil(this.#leaseMs)}::integer * interval '1 millisecond'))
      FROM due
      WHERE o.id = due.id
      RETURNING o.id, o.institution_id, o.to_address, o.subject, o.text_body, o.html_body, o.attempts, o.next_attempt_at
    `.execute(this.#db);
    return [...result.rows].sort((a, b) => a.id.localeCompare(b.id));
  }

  async #round(): Promise<SendRound> {
    const claimedAt = performance.now();
    const rows = this.#stopping ? [] : await this.#claim();
    // Any send begun before this deadline ends (or is aborted) before the lease does: no other sender can have it.
    const deadline = claimedAt + this.#leaseMs - this.#sendTimeoutMs - 1_000;
    let sent = 0;
    let failed = 0;
    const release: Claimed[] = [];
    for (const row of rows) {
      if (this.#stopping || performance.now() > deadline) {
        release.push(row);
        continue;
      }
      if (await this.#send(row)) sent += 1;
      else failed += 1;
    }
    for (const row of release) {
      await this.#db.updateTable('outbox').set({ next_attempt_at: sql<Date>`now()` })
        .where('id', '=', row.id).where('status', '=', 'pending').where('next_attempt_at', '=', row.next_attempt_at).execute()
        .catch((error: unknown) => this.#log.warn({ outboxId: row.id, err: describeSendError(error, this.#smtpUrl) }, 'outbox: could not release a message'));
    }
    return { claimed: rows.length, sent, failed, released: release.length };
  }

  /** Sends one claimed message and records the outcome; true when it was sent. */
  async #send(row: Claimed): Promise<boolean> {
    const attempts = row.attempts + 1;
    try {
      await this.#transporter.sendMail({
        from: this.#from,
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        ...(row.html_body !== null ? { html: row.html_body } : {}),
        messageId: `<${row.id}@${this.#mailDomain}>`,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
        signal: AbortSignal.timeout(this.#sendTimeoutMs),
      });
    } catch (error) {
      const lastError = describeSendError(error, this.#smtpUrl);
      const failed = attempts >= this.#maxAttempts;
      const delay = this.#backoffMs[Math.min(attempts - 1, this.#backoffMs.length - 1)] ?? 60_000;
      try {
        await this.#db.updateTable('outbox').set({
          attempts, last_error: lastError, status: failed ? 'failed' : 'pending',
          next_attempt_at: failed ? sql<Date>`now()` : sql<Date>`now() + (${Math.ceil(delay)}::integer * interval '1 millisecond')`,
        }).where('id', '=', row.id).where('status', '=', 'pending').where('next_attempt_at', '=', row.next_attempt_at).execute();
      } catch (dbError) {
        this.#log.error({ outboxId: row.id, err: describeSendError(dbError, this.#smtpUrl) }, 'outbox: could not record a failed send');
      }
      const context = { outboxId: row.id, institutionId: row.institution_id, attempts, err: lastError };
      if (failed) this.#log.error(context, 'outbox: e-mail failed for good (staff can retry it)');
      else this.#log.warn({ ...context, retryInMs: delay }, 'outbox: e-mail not sent, will retry');
      return false;
    }
    try {
      await this.#db.updateTable('outbox').set({ status: 'sent', sent_at: sql<Date>`now()`, attempts, last_error: null })
        .where('id', '=', row.id).where('status', '=', 'pending').where('next_attempt_at', '=', row.next_attempt_at).execute();
    } catch (dbError) {
      // Sent, but not recorded: the lease ends and it is sent again (at-least-once).
      this.#log.error({ outboxId: row.id, err: describeSendError(dbError, this.#smtpUrl) }, 'outbox: e-mail sent but not recorded');
    }
    this.#log.info({ outboxId: row.id, institutionId: row.institution_id, attempts }, 'outbox: e-mail sent');
    return true;
  }
}

/**
 * The sender the server runs: started when `smtpUrl` is set; otherwise undefined (logged once: messages stay in the
 * outbox for staff to read).
 */
export function startOutboxSender(options: Omit<OutboxSenderOptions, 'smtpUrl'> & { readonly smtpUrl: string | undefined }): OutboxSender | undefined {
  const { smtpUrl, ...rest } = options;
  if (!smtpUrl) {
    (options.logger ?? SILENT).info({}, 'SMTP_URL is not set: e-mails stay in the outbox, where staff can read them');
    return undefined;
  }
  const sender = new OutboxSender({ ...rest, smtpUrl });
  sender.start();
  return sender;
}
