/**
 * The batch runner: every app instance runs one. It claims chunks of pending rows of queued or running batches
 * (`FOR UPDATE SKIP LOCKED`, and a lease on the rows, so instances never take the same rows and rows of a crashed
 * instance are taken again when the lease ends), builds their credentials with the status indices the batch gave
 * them, signs them on the signing pool's threads, and stores each chunk in one transaction that first re-checks the
 * lease: a row is issued exactly once, with its own indices, however often the process is killed and restarted.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { statusEntry, type JsonObject } from '../credentials/index.ts';
import { nudgeOutbox } from './notifications.ts';
import { signerOf } from './signing.ts';
import { validateAward, type Award } from '../model/index.ts';
import { findInstitutionById, activeSigningKeyFile, type Institution } from './institutions.ts';
import { issuableVersion, storeIssuedMany, unsignedCredential, type AwardOptions, type IssuableVersion } from './awards.ts';
import type { Actor } from './audit.ts';
import { ServiceError, type Platform } from './platform.ts';
import { statusListUrl } from './status-lists.ts';

export interface BatchRunnerOptions {
  /** Rows per chunk (default 50). */
  readonly chunk?: number;
  /** How long a claimed chunk is reserved for this runner (default 30 s). */
  readonly leaseMs?: number;
  /** Idle polling interval (default 1 s). */
  readonly pollMs?: number;
  readonly log?: { info(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
}

interface Claimed {
  readonly batch_id: string;
  readonly row_number: number;
  readonly award: Record<string, unknown> | null;
  readonly idempotency_key: string | null;
  readonly status_list_id: string | null;
  readonly status_index: number | null;
  readonly suspension_list_id: string | null;
  readonly suspension_index: number | null;
}

export class BatchRunner {
  readonly id = randomUUID();
  readonly #platform: Platform;
  readonly #chunk: number;
  readonly #leaseMs: number;
  readonly #pollMs: number;
  readonly #log: BatchRunnerOptions['log'];
  #running = false;
  #loop: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #wake: (() => void) | undefined;

  constructor(platform: Platform, options: BatchRunnerOptions = {}) {
    this.#platform = platform;
    this.#chunk = options.chunk ?? 50;
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#pollMs = options.pollMs ?? 1000;
    this.#log = options.log;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Look for work now (after a batch was started). */
  nudge(): void {
    this.#wake?.();
  }

  /** Stops after the chunk in hand; the rows it had not claimed stay for any runner. */
  async stop(): Promise<void> {
    this.#running = false;
    this.nudge();
    await this.#loop;
    // Give back what this runner had claimed but not issued, so that no one waits for the lease to end.
    await this.#platform.store.db.updateTable('batch_rows').set({ lease_until: null, leased_by: null })
      .where('leased_by', '=', this.id).where('status', '=', 'pending').execute().catch(() => undefined);
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let worked = false;
      try {
        worked = await this.runOnce();
      } catch (error) {
        this.#log?.error({ err: error }, 'batch chunk failed');
      }
      if (!worked && this.#running) {
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
          this.#timer = setTimeout(resolve, this.#pollMs);
        });
        clearTimeout(this.#timer);
        this.#wake = undefined;
      }
    }
  }

  /** Claims and issues one chunk; false when there was nothing to do. */
  async runOnce(): Promise<boolean> {
    const { db } = this.#platform.store;
    const open = await db.selectFrom('batches').select(['id', 'institution_id', 'spec_id', 'spec_version', 'options', 'actor', 'status'])
      .where('status', 'in', ['queued', 'running']).orderBy('created_at').execute();
    for (const batch of open) {
      const claimed = await this.#claim(batch.id);
      if (claimed.length === 0) {
        await this.#finishIfDone(batch.id);
        continue;
      }
      if (batch.status === 'queued') {
        await db.updateTable('batches').set({ status: 'running', started_at: new Date() }).where('id', '=', batch.id).where('status', '=', 'queued').execute();
      }
      const institution = await findInstitutionById(this.#platform, batch.institution_id);
      if (!institution) continue;
      let version: IssuableVersion;
      try {
        version = await issuableVersion(this.#platform, institution, batch.spec_id, batch.spec_version);
      } catch (error) {
        // The specification was archived meanwhile: nothing more can be issued from it.
        if (!(error instanceof ServiceError)) throw error;
        await db.updateTable('batch_rows').set({ lease_until: null, leased_by: null }).where('batch_id', '=', batch.id).where('leased_by', '=', this.id).execute();
        await db.updateTable('batches').set({ status: 'cancelled', finished_at: new Date() }).where('id', '=', batch.id).execute();
        this.#log?.error({ batchId: batch.id, code: error.code }, 'batch cancelled: its specification version cannot be issued');
        continue;
      }
      await this.#issue(institution, version, batch.id, batch.options as AwardOptions, batch.actor as Actor, claimed);
      await this.#finishIfDone(batch.id);
      return true;
    }
    return false;
  }

  async #claim(batchId: string): Promise<Claimed[]> {
    const leaseUntil = new Date(Date.now() + this.#leaseMs);
    const result = await sql<Claimed>`
      UPDATE batch_rows r SET lease_until = ${leaseUntil}, leased_by = ${this.id}
      FROM (
        SELECT batch_id, row_number FROM batch_rows
        WHERE batch_id = ${batchId} AND status = 'pending' AND (lease_until IS NULL OR lease_until < now())
        ORDER BY row_number LIMIT ${this.#chunk}
        FOR UPDATE SKIP LOCKED
      ) AS c
      WHERE r.batch_id = c.batch_id AND r.row_number = c.row_number
      RETURNING r.batch_id, r.row_number, r.award, r.idempotency_key, r.status_list_id, r.status_index, r.suspension_list_id, r.suspension_index`
      .execute(this.#platform.store.db);
    return result.rows.sort((a, b) => a.row_number - b.row_number);
  }

  async #issue(institution: Institution, version: IssuableVersion, batchId: string, options: AwardOptions, actor: Actor, rows: readonly Claimed[]): Promise<void> {
    const { db } = this.#platform.store;
    const keyFile = await activeSigningKeyFile(this.#platform, institution);
    const language = options.language ?? 'pl';
    const lists = new Map((await db.selectFrom('status_lists').select(['id', 'seq', 'purpose']).where('institution_id', '=', institution.id).execute()).map((l) => [l.id, l]));
    const entry = (listId: string | null, index: number | null) => {
      const list = listId ? lists.get(listId) : undefined;
      return list && index !== null ? statusEntry(statusListUrl(this.#platform, institution, list.seq), index, list.purpose) : undefined;
    };
    const now = new Date();
    const prepared = await Promise.all(rows.map(async (row) => {
      const validated = validateAward(version.spec, row.award, now);
      const revocation = entry(row.status_list_id, row.status_index);
      if (!validated.ok || !revocation || !row.idempotency_key) {
        return { row, error: validated.ok ? 'the row has no status index' : validated.problems.map((p) => `${p.path}: ${p.message.en}`).join('; ') };
      }
      const award: Award = validated.value;
      const unsigned = unsignedCredential(institution, version, award, {
        now, credentialId: `urn:uuid:${randomUUID()}`, revocation, suspension: entry(row.suspension_list_id, row.suspension_index), language,
      });
      try {
        const signed: JsonObject = await signerOf(this.#platform).sign(unsigned, keyFile, now);
        return { row, award, signed };
      } catch (error) {
        return { row, error: (error as Error).message };
      }
    }));
    await db.transaction().execute(async (trx) => {
      // Only rows still leased to this runner: a runner that lost its lease (it was too slow) stores nothing.
      const mine = await trx.selectFrom('batch_rows').select('row_number').where('batch_id', '=', batchId)
        .where('row_number', 'in', rows.map((r) => r.row_number)).where('status', '=', 'pending').where('leased_by', '=', this.id)
        .forUpdate().execute();
      const owned = new Set(mine.map((m) => m.row_number));
      const mineNow = prepared.filter((item) => owned.has(item.row.row_number));
      const signedItems = mineNow.filter((item): item is typeof item & { award: Award; signed: JsonObject } => 'signed' in item && !!item.signed && !!item.award);
      const stored = await storeIssuedMany(trx, this.#platform, signedItems.map((item) => ({
        institution, version, award: item.award, signed: item.signed, issuedAt: now, idempotencyKey: item.row.idempotency_key ?? '',
        revocation: { listId: item.row.status_list_id ?? '', index: item.row.status_index ?? 0 },
        suspension: item.row.suspension_list_id !== null && item.row.suspension_index !== null ? { listId: item.row.suspension_list_id, index: item.row.suspension_index } : undefined,
        language, notify: options.notify ?? true, batchId, actor,
      })));
      const outcome = new Map<number, { status: 'issued' | 'duplicate' | 'failed'; credentialId: string | null; error?: string }>();
      signedItems.forEach((item, i) => {
        const result = stored[i];
        outcome.set(item.row.row_number, { status: result ? 'issued' : 'duplicate', credentialId: result?.id ?? null });
      });
      for (const item of mineNow) {
        if (!outcome.has(item.row.row_number)) outcome.set(item.row.row_number, { status: 'failed', credentialId: null, error: 'error' in item ? item.error : 'not signed' });
      }
      const entries = [...outcome.entries()];
      if (entries.length > 0) {
        // One statement for the chunk; leased_by stays: which instance issued the row.
        const values = entries.map(([row, o]) => {
          const problems = o.error
            ? JSON.stringify([{ row, field: '', code: 'issue_failed', severity: 'error', message: { pl: `Nie wydano: ${o.error}`, en: `Not issued: ${o.error}` } }])
            : null;
          return sql`(${row}::int, ${o.status}::text, ${o.credentialId}::uuid, ${problems}::jsonb)`;
        });
        await sql`
          UPDATE batch_rows r SET status = v.status, credential_id = v.credential_id, lease_until = NULL, problems = coalesce(v.problems, r.problems)
          FROM (VALUES ${sql.join(values)}) AS v(row_number, status, credential_id, problems)
          WHERE r.batch_id = ${batchId} AND r.row_number = v.row_number`.execute(trx);
      }
      const count = (status: string): number => entries.filter(([, o]) => o.status === status).length;
      await trx.updateTable('batches').set({
        issued: sql`issued + ${count('issued')}`, duplicates: sql`duplicates + ${count('duplicate')}`, failed: sql`failed + ${count('failed')}`,
      }).where('id', '=', batchId).execute();
    });
    nudgeOutbox(this.#platform);
    this.#log?.info({ batchId, rows: rows.length }, 'batch chunk issued');
  }

  async #finishIfDone(batchId: string): Promise<void> {
    await sql`
      UPDATE batches SET status = 'done', finished_at = now(), source = NULL
      WHERE id = ${batchId} AND status IN ('queued', 'running')
        AND NOT EXISTS (SELECT 1 FROM batch_rows WHERE batch_id = ${batchId} AND status = 'pending')`.execute(this.#platform.store.db);
  }
}
