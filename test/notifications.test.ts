/**
 * E-mail notifications: the learner's message (Polish with diacritics, English copy, HTML escaped), the outbox
 * (enqueued in the caller's transaction), and the sender against a real local SMTP server (smtp-server, read back
 * with mailparser): delivery once, retries with backoff after a rejection, `failed` after the last attempt and the
 * staff retry, leases, two senders sharing one database, no sending without SMTP_URL, no secrets in errors or logs.
 * Runs on PGlite, or on PostgreSQL when MIKROCRED_TEST_DATABASE_URL is set (then the two senders use two stores).
 */
import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type ParsedMail, type AddressObject } from 'mailparser';
import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import {
  CREDENTIAL_ISSUED, OutboxSender, credentialIssuedMessage, defaultSmtpFrom, describeSendError, enqueueEmail, getOutboxMessage,
  listOutbox, nudgeOutbox, retryOutboxMessage, startOutboxSender, type NotificationLogger,
} from '../src/services/notifications.ts';
import type { Actor } from '../src/services/audit.ts';
import { ServiceError, type Platform } from '../src/services/platform.ts';
import { openStore, type Store } from '../src/store/db.ts';
import { databaseKind, openTestPlatform, seedTenant, storeKind, type TestPlatform } from './platform-fixture.ts';

// Fastify's (pino's) logger is what the server passes in.
const fastifyLoggerFits = (logger: FastifyBaseLogger): NotificationLogger => logger;
void fastifyLoggerFits;

interface Received {
  readonly mail: ParsedMail;
  readonly raw: string;
  readonly envelopeTo: string[];
  readonly user: string | undefined;
}

interface TestSmtp {
  readonly url: string;
  readonly port: number;
  readonly received: Received[];
  /** Reply 550 to every recipient while true. */
  reject: boolean;
  /** Wait this long before accepting a message. */
  delayMs: number;
  close(): Promise<void>;
}

async function startSmtp(options: { auth?: { user: string; pass: string } } = {}): Promise<TestSmtp> {
  const received: Received[] = [];
  const state = { reject: false, delayMs: 0 };
  const server = new SMTPServer({
    authOptional: !options.auth,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth: SMTPServerAuthentication, _session: SMTPServerSession, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      if (state.reject) callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void (async () => {
          try {
            const mail = await simpleParser(raw);
            if (state.delayMs > 0) await new Promise((r) => setTimeout(r, state.delayMs));
            received.push({
              mail, raw: raw.toString('utf8'), envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              user: typeof session.user === 'string' ? session.user : undefined,
            });
            callback();
          } catch (error) {
            callback(error as Error);
          }
        })();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const smtp: TestSmtp = {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    get reject() { return state.reject; },
    set reject(value: boolean) { state.reject = value; },
    get delayMs() { return state.delayMs; },
    set delayMs(value: number) { state.delayMs = value; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return smtp;
}

interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly obj: Record<string, unknown>;
  readonly msg: string;
}

function memoryLogger(): NotificationLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj, msg }),
  };
}

const FROM = 'Mikrocred <no-reply@mikrocred.test.example>';
const CLAIM = 'https://mikrocred.test.example/claim/Zx9-token_ABC';
const VERIFY = 'https://mikrocred.test.example/v/AB12CD';

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  return (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
}

async function outboxRow(platform: Platform, id: string) {
  return platform.store.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function makeDue(platform: Platform, id: string): Promise<void> {
  await platform.store.db.updateTable('outbox').set({ next_attempt_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

async function dbNow(platform: Platform): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`SELECT now() AS now`.execute(platform.store.db);
  return rows[0]!.now;
}

describe('credentialIssuedMessage', () => {
  const base = {
    learnerName: 'Zażółć Gęślą Jaźń',
    institution: { namePl: 'Politechnika Łódzka', nameEn: 'Lodz University of Technology' },
    title: { pl: 'Podstawy spawalnictwa', en: 'Welding basics' },
    claimUrl: CLAIM,
    verifyUrl: VERIFY,
  };

  it('in Polish: Polish first, an English copy below, both links, diacritics intact', () => {
    const m = credentialIssuedMessage({ ...base, language: 'pl' });
    assert.equal(m.subject, 'Twoje mikropoświadczenie „Podstawy spawalnictwa” – Politechnika Łódzka');
    assert.match(m.text, /^English version below\./);
    assert.ok(m.text.includes('Dzień dobry, Zażółć Gęślą Jaźń!'));
    assert.ok(m.text.includes('Otrzymujesz mikropoświadczenie „Podstawy spawalnictwa”.'));
    assert.ok(m.text.includes('Wystawca: Politechnika Łódzka'));
    assert.ok(m.text.indexOf('Dzień dobry') < m.text.indexOf('Hello Zażółć Gęślą Jaźń,'), 'Polish first, then English');
    assert.ok(m.text.includes('You have received the micro-credential “Welding basics”.'));
    assert.ok(m.text.includes('Issuer: Lodz University of Technology'));
    assert.equal(m.text.split(CLAIM).length - 1, 2, 'the claim link in both copies');
    assert.equal(m.text.split(VERIFY).length - 1, 2, 'the verification link in both copies');
    assert.match(m.html, /<html lang="pl">/);
    assert.ok(m.html.includes(`href="${CLAIM}"`));
    assert.ok(m.html.includes(`href="${VERIFY}"`));
    assert.ok(m.html.includes('<div lang="en">'));
    assert.doesNotMatch(m.html, /<img|<script|<link|<iframe|url\(/i, 'no images, scripts or remote content');
  });

  it('in English: English only', () => {
    const m = credentialIssuedMessage({ ...base, language: 'en' });
    assert.equal(m.subject, 'Your micro-credential “Welding basics” – Lodz University of Technology');
    assert.ok(m.text.startsWith('Hello Zażółć Gęślą Jaźń,'));
    assert.ok(!m.text.includes('Dzień dobry'));
    assert.match(m.html, /<html lang="en">/);
    assert.ok(!m.html.includes('lang="pl"'));
  });

  it('escapes HTML in names and titles, keeps them verbatim in the text, and keeps headers on one line', () => {
    const m = credentialIssuedMessage({
      ...base, language: 'pl', learnerName: '<script>alert("x")</script> & Co',
      institution: { namePl: 'Uczelnia "Nowa" <b>', nameEn: "O'Reilly <i>" }, title: { pl: 'Kurs\r\nBcc: evil@example.com', en: 'Course <img src=x>' },
    });
    assert.ok(!m.html.includes('<script>'));
    assert.ok(m.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co'));
    assert.ok(m.html.includes('Uczelnia &quot;Nowa&quot; &lt;b&gt;'));
    assert.ok(m.html.includes('O&#39;Reilly &lt;i&gt;'));
    assert.ok(!m.html.includes('<img'));
    assert.ok(m.text.includes('Dzień dobry, <script>alert("x")</script> & Co!'));
    assert.ok(!/[\r\n]/.test(m.subject));
    assert.ok(m.subject.includes('Kurs Bcc: evil@example.com'));
  });

  it('escapes the links and refuses anything but http(s)', () => {
    const m = credentialIssuedMessage({ ...base, language: 'en', claimUrl: 'https://x.example/claim?a=1&b="2"' });
    assert.ok(m.html.includes('href="https://x.example/claim?a=1&amp;b=%222%22"'));
    assert.throws(() => credentialIssuedMessage({ ...base, language: 'en', claimUrl: 'javascript:alert(1)' }), /http/);
    assert.throws(() => credentialIssuedMessage({ ...base, language: 'en', verifyUrl: '/v/relative' }), /absolute/);
  });
});

describe('helpers', () => {
  it('defaultSmtpFrom uses the host of the base URL', () => {
    assert.equal(defaultSmtpFrom('https://mikrocred.uni.example.pl'), 'Mikrocred <no-reply@mikrocred.uni.example.pl>');
    assert.equal(defaultSmtpFrom('http://localhost:3000'), 'Mikrocred <no-reply@localhost>');
  });

  it('describeSendError keeps it short and drops the credentials of the URL', () => {
    const url = 'smtps://mailer%40uni.example:s3cr%3Ft-pass@smtp.example:465';
    const text = describeSendError(Object.assign(new Error('Invalid login for mailer@uni.example with s3cr?t-pass at smtps://mailer:s3cr%3Ft-pass@smtp.example'), { code: 'EAUTH', responseCode: 535 }), url);
    assert.match(text, /^EAUTH 535: Invalid login/);
    assert.ok(!text.includes('s3cr'), text);
    assert.ok(!text.includes('mailer@uni.example'), text);
    assert.ok(describeSendError(new Error('x'.repeat(2000)), url).length <= 300);
  });
});

describe(`outbox and sender (${databaseKind})`, () => {
  let tp: TestPlatform;
  let platform: Platform;
  let institutionId: string;
  let otherInstitutionId: string;
  let smtp: TestSmtp;
  const staff: Actor = { type: 'user', id: null };

  before(async () => {
    tp = await openTestPlatform();
    platform = tp.platform;
    institutionId = (await seedTenant(platform, 'mail-a', [])).institution.id;
    otherInstitutionId = (await seedTenant(platform, 'mail-b', [])).institution.id;
    smtp = await startSmtp();
  });

  after(async () => {
    await smtp.close();
    await tp.close();
  });

  beforeEach(async () => {
    smtp.received.length = 0;
    smtp.reject = false;
    smtp.delayMs = 0;
    // Every test starts with an empty outbox (rows of earlier tests would be due for the next sender).
    await platform.store.db.deleteFrom('outbox').execute();
  });

  function sender(options: Partial<ConstructorParameters<typeof OutboxSender>[0]> = {}): OutboxSender {
    return new OutboxSender({ db: platform.store.db, smtpUrl: smtp.url, from: FROM, ...options });
  }

  async function enqueueIssued(to = 'jan.kowalski@student.example.pl', learnerName = 'Zażółć Gęślą Jaźń'): Promise<string> {
    const m = credentialIssuedMessage({
      learnerName, institution: { namePl: 'Uczelnia Łąkowa', nameEn: 'Meadow University' },
      title: { pl: 'Źródła prawa', en: 'Sources of law' }, claimUrl: CLAIM, verifyUrl: VERIFY, language: 'pl',
    });
    return enqueueEmail(platform.store.db, { institutionId, kind: CREDENTIAL_ISSUED, to, ...m });
  }

  it('enqueues in the caller\'s transaction: rolled back, there is no e-mail', async () => {
    await assert.rejects(platform.store.db.transaction().execute(async (trx) => {
      await enqueueEmail(trx, { institutionId, kind: 'test', to: 'a@example.pl', subject: 'S', text: 'T' });
      throw new Error('issuance failed');
    }), /issuance failed/);
    assert.equal((await listOutbox(platform, institutionId, { limit: 10, offset: 0 })).total, 0);
    const id = await platform.store.db.transaction().execute((trx) => enqueueEmail(trx, { institutionId, kind: 'test', to: 'a@example.pl', subject: 'S', text: 'T' }));
    const row = await outboxRow(platform, id);
    assert.equal(row.status, 'pending');
    assert.equal(row.attempts, 0);
    assert.equal(row.html_body, null);
  });

  it('refuses a recipient that is not one plain address', async () => {
    for (const to of ['', 'no-at-sign', 'a@example.pl, b@example.pl', 'Jan <jan@example.pl>', 'a@b\r\nBcc: c@d']) {
      await assert.rejects(enqueueEmail(platform.store.db, { institutionId, kind: 'test', to, subject: 'S', text: 'T' }),
        (e: unknown) => e instanceof ServiceError && e.code === 'invalid_email', to);
    }
  });

  it('delivers a pending message once: subject, recipient, Polish text, claim link, escaped HTML', async () => {
    const id = await enqueueIssued('jan.kowalski@student.example.pl', 'Jan <script>alert(1)</script> Kowalski');
    const s = sender();
    try {
      const round = await s.runOnce();
      assert.deepEqual(round, { claimed: 1, sent: 1, failed: 0, released: 0 });
      assert.equal(await s.drain(), 0, 'nothing more to send');
    } finally {
      await s.stop();
    }
    assert.equal(smtp.received.length, 1);
    const [{ mail, envelopeTo }] = smtp.received as [Received];
    assert.equal(mail.subject, 'Twoje mikropoświadczenie „Źródła prawa” – Uczelnia Łąkowa');
    assert.deepEqual(addresses(mail.to), ['jan.kowalski@student.example.pl']);
    assert.deepEqual(envelopeTo, ['jan.kowalski@student.example.pl']);
    assert.deepEqual(addresses(mail.from), ['no-reply@mikrocred.test.example']);
    assert.ok(mail.text?.includes('Dzień dobry, Jan <script>alert(1)</script> Kowalski!'), mail.text);
    assert.ok(mail.text?.includes('Otrzymujesz mikropoświadczenie „Źródła prawa”.'));
    assert.ok(mail.text?.includes('Link jest przeznaczony tylko dla Ciebie — nie przekazuj go innym.'));
    assert.ok(mail.text?.includes(CLAIM));
    assert.ok(mail.text?.includes(VERIFY));
    assert.equal(typeof mail.html, 'string');
    const html = mail.html as string;
    assert.ok(!html.includes('<script>'), 'the name is escaped in HTML');
    assert.ok(html.includes('Jan &lt;script&gt;alert(1)&lt;/script&gt; Kowalski'));
    assert.ok(html.includes(`href="${CLAIM}"`));
    assert.equal(mail.messageId, `<${id}@mikrocred.test.example>`);
    assert.equal(mail.headers.get('auto-submitted'), 'auto-generated');
    const row = await outboxRow(platform, id);
    assert.equal(row.status, 'sent');
    assert.equal(row.attempts, 1);
    assert.equal(row.last_error, null);
    assert.ok(row.sent_at instanceof Date);
  });

  it('a rejected send is retried later with backoff, then sent', async () => {
    const id = await enqueueIssued();
    smtp.reject = true;
    const logger = memoryLogger();
    const s = sender({ logger });
    try {
      const before = await dbNow(platform);
      assert.deepEqual(await s.runOnce(), { claimed: 1, sent: 0, failed: 1, released: 0 });
      let row = await outboxRow(platform, id);
      assert.equal(row.status, 'pending');
      assert.equal(row.attempts, 1);
      assert.match(row.last_error ?? '', /550/);
      const delay = row.next_attempt_at.getTime() - before.getTime();
      assert.ok(delay >= 59_000 && delay <= 70_000, `the first retry is in about a minute, not ${delay} ms`);
      assert.equal((await s.runOnce()).claimed, 0, 'not due yet');

      // Time moves on; the server accepts again.
      smtp.reject = false;
      await makeDue(platform, id);
      assert.deepEqual(await s.runOnce(), { claimed: 1, sent: 1, failed: 0, released: 0 });
      row = await outboxRow(platform, id);
      assert.equal(row.status, 'sent');
      assert.equal(row.attempts, 2);
      assert.equal(row.last_error, null);
      assert.equal(smtp.received.length, 1);
      assert.ok(logger.lines.some((l) => l.level === 'warn' && l.obj.outboxId === id && l.obj.attempts === 1));
    } finally {
      await s.stop();
    }
  });

  it('after the last attempt the message is failed; staff retry puts it back, audit-logged', async () => {
    const id = await enqueueIssued();
    smtp.reject = true;
    const s = sender({ maxAttempts: 3, backoffMs: [60_000, 300_000] });
    try {
      for (let attempt = 1; attempt <= 3; attempt++) {
        assert.equal((await s.runOnce()).failed, 1);
        const row = await outboxRow(platform, id);
        assert.equal(row.attempts, attempt);
        assert.equal(row.status, attempt < 3 ? 'pending' : 'failed');
        await makeDue(platform, id);
      }
      assert.equal((await s.runOnce()).claimed, 0, 'a failed message is not sent again by itself');

      const page = await listOutbox(platform, institutionId, { status: 'failed', limit: 10, offset: 0 });
      assert.equal(page.total, 1);
      assert.equal(page.items[0]?.id, id);
      assert.match(page.items[0]?.lastError ?? '', /550/);

      await assert.rejects(retryOutboxMessage(platform, otherInstitutionId, id, staff), (e: unknown) => e instanceof ServiceError && e.status === 404);
      await assert.rejects(retryOutboxMessage(platform, institutionId, 'not-a-uuid', staff), (e: unknown) => e instanceof ServiceError && e.status === 404);
      const retried = await retryOutboxMessage(platform, institutionId, id, staff);
      assert.equal(retried.status, 'pending');
      assert.equal(retried.attempts, 0);
      assert.ok(retried.nextAttemptAt.getTime() <= (await dbNow(platform)).getTime());
      await assert.rejects(retryOutboxMessage(platform, institutionId, id, staff), (e: unknown) => e instanceof ServiceError && e.status === 409 && e.code === 'not_failed');
      const entries = await platform.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'outbox.retry').where('target_id', '=', id).execute();
      assert.equal(entries.length, 1);
      assert.equal(entries[0]?.institution_id, institutionId);
      assert.equal(entries[0]?.details.previousAttempts, 3);

      smtp.reject = false;
      assert.equal(await s.drain(), 1);
      assert.equal((await outboxRow(platform, id)).status, 'sent');
    } finally {
      await s.stop();
    }
  });

  it('a message under another sender\'s lease is left alone until the lease ends', async () => {
    const id = await enqueueIssued();
    await platform.store.db.updateTable('outbox').set({ next_attempt_at: sql<Date>`now() + interval '5 minutes'` }).where('id', '=', id).execute();
    const s = sender();
    try {
      assert.equal((await s.runOnce()).claimed, 0);
      await makeDue(platform, id); // the lease of the crashed sender ran out
      assert.equal((await s.runOnce()).sent, 1);
    } finally {
      await s.stop();
    }
    assert.equal(smtp.received.length, 1);
  });

  it('claiming leases the batch, so an outcome is recorded only by the lease holder', async () => {
    const id = await enqueueIssued();
    smtp.delayMs = 300;
    const s = sender();
    try {
      const round = s.runOnce();
      await new Promise((r) => setTimeout(r, 100));
      const leased = await outboxRow(platform, id);
      assert.equal(leased.status, 'pending');
      assert.ok(leased.next_attempt_at.getTime() > (await dbNow(platform)).getTime() + 60_000, 'leased for minutes');
      assert.equal((await round).sent, 1);
    } finally {
      await s.stop();
    }
  });

  it('two senders at once on one database send each of 50 messages exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      ids.push(await enqueueEmail(platform.store.db, { institutionId, kind: 'test', to: `learner${i}@example.pl`, subject: `Message ${i}`, text: `Body ${i}` }));
    }
    // On PostgreSQL the second sender has its own store (its own pool), as a second app instance would.
    let second: Store | undefined;
    if (storeKind === 'postgres') second = await openStore(tp.database.options);
    const a = sender({ batchSize: 3 });
    const b = new OutboxSender({ db: (second ?? platform.store).db, smtpUrl: smtp.url, from: FROM, batchSize: 3 });
    try {
      const [sentA, sentB] = await Promise.all([a.drain(), b.drain()]);
      assert.equal(sentA + sentB, 50);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await second?.close();
    }
    const subjects = smtp.received.map((r) => r.mail.subject ?? '');
    assert.equal(subjects.length, 50);
    assert.equal(new Set(subjects).size, 50, 'no message twice');
    for (let i = 0; i < 50; i++) assert.ok(subjects.includes(`Message ${i}`));
    const sent = await platform.store.db.selectFrom('outbox').select(['status', 'attempts']).where('id', 'in', ids).execute();
    assert.ok(sent.every((r) => r.status === 'sent' && r.attempts === 1));
  });

  it('with no SMTP_URL nothing is sent: messages stay pending for staff to read', async () => {
    const logger = memoryLogger();
    const s = startOutboxSender({ db: platform.store.db, smtpUrl: undefined, from: FROM, logger, pollIntervalMs: 20 });
    assert.equal(s, undefined);
    assert.ok(logger.lines.some((l) => /SMTP_URL is not set/.test(l.msg)));
    const id = await enqueueIssued();
    nudgeOutbox(platform);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(smtp.received.length, 0);
    const page = await listOutbox(platform, institutionId, { limit: 10, offset: 0 });
    assert.equal(page.total, 1);
    assert.deepEqual(page.counts, { pending: 1, sent: 0, failed: 0 });
    const [message] = page.items;
    assert.equal(message?.id, id);
    assert.equal(message?.status, 'pending');
    assert.equal(message?.to, 'jan.kowalski@student.example.pl');
    assert.ok(message?.text.includes(CLAIM), 'staff can hand the claim link over');
    assert.ok(message?.html?.includes('Zażółć Gęślą Jaźń'));
    assert.equal((await getOutboxMessage(platform, institutionId, id))?.id, id);
    assert.equal(await getOutboxMessage(platform, otherInstitutionId, id), undefined, 'another institution does not see it');
    assert.equal((await listOutbox(platform, otherInstitutionId, { limit: 10, offset: 0 })).total, 0);
  });

  it('a started sender delivers when nudged, and stop() waits for the send in flight', async () => {
    const logger = memoryLogger();
    const s = startOutboxSender({ db: platform.store.db, smtpUrl: smtp.url, from: FROM, logger, pollIntervalMs: 60_000 });
    assert.ok(s);
    try {
      await new Promise((r) => setTimeout(r, 100)); // the first poll found nothing
      smtp.delayMs = 400;
      const id = await enqueueIssued();
      nudgeOutbox(platform);
      await new Promise((r) => setTimeout(r, 150)); // the send has begun, the server is slow to accept
      await s.stop();
      assert.equal(smtp.received.length, 1, 'stop() waited for the send');
      assert.equal((await outboxRow(platform, id)).status, 'sent');
    } finally {
      await s.stop();
    }
    const id2 = await enqueueIssued();
    nudgeOutbox(platform);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal((await outboxRow(platform, id2)).status, 'pending', 'a stopped sender sends nothing');
    assert.ok(logger.lines.some((l) => l.msg === 'outbox sender started'));
  });

  it('lists newest first with a status filter and paging', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await enqueueEmail(platform.store.db, { institutionId, kind: 'test', to: `p${i}@example.pl`, subject: `S${i}`, text: 'T' }));
      await new Promise((r) => setTimeout(r, 5));
    }
    await platform.store.db.updateTable('outbox').set({ status: 'sent' }).where('id', 'in', ids.slice(0, 2)).execute();
    const all = await listOutbox(platform, institutionId, { limit: 2, offset: 0 });
    assert.equal(all.total, 5);
    assert.deepEqual(all.counts, { pending: 3, sent: 2, failed: 0 });
    assert.deepEqual(all.items.map((m) => m.subject), ['S4', 'S3']);
    const page2 = await listOutbox(platform, institutionId, { limit: 2, offset: 2 });
    assert.deepEqual(page2.items.map((m) => m.subject), ['S2', 'S1']);
    const sent = await listOutbox(platform, institutionId, { status: 'sent', limit: 10, offset: 0 });
    assert.equal(sent.total, 2);
    assert.deepEqual(sent.items.map((m) => m.subject), ['S1', 'S0']);
  });
});

describe(`SMTP credentials (${databaseKind})`, () => {
  let tp: TestPlatform;
  let institutionId: string;
  let smtp: TestSmtp;

  before(async () => {
    tp = await openTestPlatform();
    institutionId = (await seedTenant(tp.platform, 'mail-auth', [])).institution.id;
    smtp = await startSmtp({ auth: { user: 'mailer', pass: 'right-pass' } });
  });

  after(async () => {
    await smtp.close();
    await tp.close();
  });

  it('authenticates with the user and password of SMTP_URL, and never writes them to the outbox or the logs', async () => {
    const body = 'Sekretna treść z linkiem https://mikrocred.test.example/claim/SECRET';
    const wrongId = await enqueueEmail(tp.platform.store.db, { institutionId, kind: 'test', to: 'anna@example.pl', subject: 'Wrong', text: body });
    const logger = memoryLogger();
    const wrong = new OutboxSender({ db: tp.platform.store.db, smtpUrl: `smtp://mailer:wr0ng-Pa55@127.0.0.1:${smtp.port}`, from: FROM, logger });
    try {
      assert.equal((await wrong.runOnce()).failed, 1);
    } finally {
      await wrong.stop();
    }
    const row = await outboxRow(tp.platform, wrongId);
    assert.match(row.last_error ?? '', /535|auth/i);
    assert.ok(!(row.last_error ?? '').includes('wr0ng-Pa55'));
    const logged = JSON.stringify(logger.lines);
    for (const secret of ['wr0ng-Pa55', 'anna@example.pl', 'Sekretna', 'SECRET']) assert.ok(!logged.includes(secret), `${secret} in logs: ${logged}`);

    await makeDue(tp.platform, wrongId);
    const right = new OutboxSender({ db: tp.platform.store.db, smtpUrl: `smtp://mailer:right-pass@127.0.0.1:${smtp.port}`, from: FROM });
    try {
      assert.equal(await right.drain(), 1);
    } finally {
      await right.stop();
    }
    assert.equal(smtp.received.length, 1);
    assert.equal(smtp.received[0]?.user, 'mailer');
  });

  it('refuses a URL that is not smtp:// or smtps://', () => {
    assert.throws(() => new OutboxSender({ db: tp.platform.store.db, smtpUrl: 'http://mail.example', from: FROM }), /smtp/);
  });
});
