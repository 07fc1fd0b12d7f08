/**
 * Cohort issuance: an uploaded CSV or XLSX becomes a batch. First a preview (status `preview`): the file is read,
 * its columns mapped (suggested from the headers; the user may change the mapping), and every row checked against
 * the specification, so the user sees each problem by row and column, and which rows were issued already. Starting
 * the batch (`queued`) marks rows issued meanwhile as duplicates and gives every remaining row its status-list
 * indices, in one transaction; the batch runner (batch-runner.ts) then issues the rows in chunks on any app
 * instance. Rows are identified by their idempotency key, so a re-uploaded, corrected file issues only what is new.
 */
import { sql, type Transaction } from 'kysely';
import { readTable, TableError, type Table } from '../cohort/read-table.ts';
import { checkMapping, suggestMapping, type Mapping } from '../cohort/mapping.ts';
import { awardsFromTable, reportCsv, type CohortRow, type RowProblem } from '../cohort/rows.ts';
import { validateAward } from '../model/index.ts';
import type { BatchRowStatus, BatchSource, BatchStatus, Database } from '../store/schema.ts';
import { audit, type Actor } from './audit.ts';
import { idempotencyKey, issuableVersion, type AwardOptions, type IssuableVersion } from './awards.ts';
import type { Institution } from './institutions.ts';
import { notFound, ServiceError, type Platform } from './platform.ts';
import { allocateStatuses } from './status-lists.ts';

/** Rows shown in a batch view (the whole report is in `batchReport`). */
const VIEW_PROBLEMS = 200;
const INSERT_CHUNK = 500;

export interface BatchView {
  readonly id: string;
  readonly specId: string;
  readonly version: number;
  readonly status: BatchStatus;
  readonly fileName: string | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly counts: { total: number; invalid: number; pending: number; issued: number; duplicates: number; failed: number };
  /** Share of the issuable rows handled so far, 0–1. */
  readonly progress: number;
  readonly headers: string[];
  readonly mapping: Record<string, number>;
  readonly mappingProblems: Array<{ field: string; code: string; message: { pl: string; en: string } }>;
  /** The first problems of invalid rows, by row and column. */
  readonly problems: RowProblem[];
  readonly options: AwardOptions;
}

function tableError(error: unknown): never {
  if (error instanceof TableError) {
    throw new ServiceError(422, `unreadable_file_${error.code}`, error.text, { path: 'file' });
  }
  throw error;
}

async function batchRow(db: Platform['store']['db'] | Transaction<Database>, institution: Institution, id: string) {
  const row = await db.selectFrom('batches').selectAll().where('institution_id', '=', institution.id).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound({ pl: 'partia', en: 'batch' });
  return row;
}

/** The rows of a table checked against the specification, with their idempotency keys and whether issued already. */
async function evaluate(
  trx: Transaction<Database>, institution: Institution, version: IssuableVersion, table: Table, mapping: Mapping,
): Promise<Array<{ row: CohortRow; status: BatchRowStatus; key: string | null }>> {
  const rows = awardsFromTable(table, mapping, version.spec);
  const keyed = rows.map((row) => {
    if (!row.award || row.problems.some((p) => p.severity === 'error')) return { row, status: 'invalid' as const, key: null };
    const validated = validateAward(version.spec, row.award);
    return validated.ok ? { row, status: 'pending' as const, key: idempotencyKey(version, validated.value) } : { row, status: 'invalid' as const, key: null };
  });
  const keys = keyed.map((k) => k.key).filter((k): k is string => k !== null);
  const issued = new Set<string>();
  for (let i = 0; i < keys.length; i += INSERT_CHUNK) {
    const found = await trx.selectFrom('credentials').select('idempotency_key').where('institution_id', '=', institution.id)
      .where('idempotency_key', 'in', keys.slice(i, i + INSERT_CHUNK)).execute();
    for (const f of found) if (f.idempotency_key) issued.add(f.idempotency_key);
  }
  return keyed.map((k) => (k.key && issued.has(k.key) ? { ...k, status: 'duplicate' as const } : k));
}

async function writeRows(trx: Transaction<Database>, batchId: string, evaluated: Awaited<ReturnType<typeof evaluate>>): Promise<void> {
  await trx.deleteFrom('batch_rows').where('batch_id', '=', batchId).execute();
  for (let i = 0; i < evaluated.length; i += INSERT_CHUNK) {
    await trx.insertInto('batch_rows').values(evaluated.slice(i, i + INSERT_CHUNK).map(({ row, status, key }) => ({
      batch_id: batchId, row_number: row.row, award: JSON.stringify(row.award ?? null), problems: JSON.stringify(row.problems),
      status, idempotency_key: key,
    }))).execute();
  }
  const count = (s: BatchRowStatus): number => evaluated.filter((e) => e.status === s).length;
  await trx.updateTable('batches').set({ total: evaluated.length, invalid: count('invalid'), duplicates: count('duplicate'), issued: 0, failed: 0 })
    .where('id', '=', batchId).execute();
}

export interface NewBatch {
  readonly specId: string;
  readonly version?: number | undefined;
  readonly fileName?: string | undefined;
  readonly bytes: Uint8Array;
}

/** Reads an uploaded file into a batch preview. */
export async function createBatch(platform: Platform, institution: Institution, input: NewBatch, actor: Actor): Promise<BatchView> {
  const version = await issuableVersion(platform, institution, input.specId, input.version);
  const table = await readTable(input.bytes, input.fileName).catch(tableError);
  const mapping = suggestMapping(table.headers);
  const id = await platform.store.db.transaction().execute(async (trx) => {
    const batch = await trx.insertInto('batches').values({
      institution_id: institution.id, specification_id: version.rowId, spec_id: version.specId, spec_version: version.version,
      status: 'preview', options: '{}', file_name: input.fileName ?? null, source: JSON.stringify({ headers: table.headers, rows: table.rows, rowNumbers: table.rowNumbers, format: table.format }),
      mapping: JSON.stringify(mapping), actor: JSON.stringify(actor),
    }).returning('id').executeTakeFirstOrThrow();
    await writeRows(trx, batch.id, await evaluate(trx, institution, version, table, mapping));
    await audit(trx, { institutionId: institution.id, actor, action: 'batch.upload', targetType: 'batch', targetId: batch.id, details: { rows: table.rows.length, fileName: input.fileName ?? null } });
    return batch.id;
  });
  return getBatch(platform, institution, id);
}

function sourceTable(source: BatchSource | null): Table {
  if (!source) throw new ServiceError(409, 'batch_source_gone', { pl: 'Plik tej partii nie jest już przechowywany', en: 'The file of this batch is no longer kept' });
  return { format: source.format === 'xlsx' ? 'xlsx' : 'csv', headers: source.headers, rows: source.rows, ...(source.rowNumbers ? { rowNumbers: source.rowNumbers } : {}) };
}

/** Changes the column mapping of a batch preview and checks every row again. */
export async function setBatchMapping(platform: Platform, institution: Institution, id: string, mapping: Mapping, actor: Actor): Promise<BatchView> {
  // Outside the transaction: PGlite has one connection, which the transaction holds.
  const found = await batchRow(platform.store.db, institution, id);
  const version = await issuableVersion(platform, institution, found.spec_id, found.spec_version);
  await platform.store.db.transaction().execute(async (trx) => {
    const batch = await trx.selectFrom('batches').selectAll().where('institution_id', '=', institution.id).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!batch) throw notFound({ pl: 'partia', en: 'batch' });
    if (batch.status !== 'preview') throw new ServiceError(409, 'batch_started', { pl: 'Partia jest już uruchomiona', en: 'The batch has already started' });
    const table = sourceTable(batch.source);
    await trx.updateTable('batches').set({ mapping: JSON.stringify(mapping) }).where('id', '=', id).execute();
    await writeRows(trx, id, await evaluate(trx, institution, version, table, mapping));
    await audit(trx, { institutionId: institution.id, actor, action: 'batch.map', targetType: 'batch', targetId: id });
  });
  return getBatch(platform, institution, id);
}

/**
 * Starts issuing: rows issued since the preview become duplicates; every row to issue gets its status-list indices
 * now (so a batch resumed after a crash reuses them: no gap, no duplicate index); the batch is queued.
 */
export async function startBatch(platform: Platform, institution: Institution, id: string, options: AwardOptions, actor: Actor): Promise<BatchView> {
  await platform.store.db.transaction().execute(async (trx) => {
    const batch = await trx.selectFrom('batches').selectAll().where('institution_id', '=', institution.id).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!batch) throw notFound({ pl: 'partia', en: 'batch' });
    if (batch.status !== 'preview') throw new ServiceError(409, 'batch_started', { pl: 'Partia jest już uruchomiona', en: 'The batch has already started' });
    const problems = checkMapping(batch.mapping ?? {}, sourceTable(batch.source).headers);
    if (problems.length > 0) {
      throw new ServiceError(422, 'invalid_mapping', { pl: 'Popraw przypisanie kolumn', en: 'Fix the column mapping' },
        { problems: problems.map((p) => ({ path: `mapping.${p.field}`, code: p.code, severity: 'error', message: p.message })) });
    }
    // Issued since the preview (another batch, a single issue): not again.
    await sql`
      UPDATE batch_rows r SET status = 'duplicate'
      FROM credentials c
      WHERE r.batch_id = ${id} AND r.status = 'pending' AND c.institution_id = ${institution.id} AND c.idempotency_key = r.idempotency_key`.execute(trx);
    const pending = await trx.selectFrom('batch_rows').select('row_number').where('batch_id', '=', id).where('status', '=', 'pending').orderBy('row_number').execute();
    if (pending.length === 0) throw new ServiceError(409, 'nothing_to_issue', { pl: 'W partii nie ma wierszy do wydania', en: 'The batch has no rows to issue' });
    const revocation = await allocateStatuses(trx, platform, institution, 'revocation', pending.length);
    const suspension = options.suspendable ? await allocateStatuses(trx, platform, institution, 'suspension', pending.length) : undefined;
    // One statement per chunk: the indices by row number.
    for (let i = 0; i < pending.length; i += INSERT_CHUNK) {
      const values = pending.slice(i, i + INSERT_CHUNK).map((p, j) => {
        const r = revocation[i + j];
        const s = suspension?.[i + j];
        return sql`(${p.row_number}::int, ${r?.listId ?? null}::uuid, ${r?.index ?? null}::int, ${s?.listId ?? null}::uuid, ${s?.index ?? null}::int)`;
      });
      await sql`
        UPDATE batch_rows r SET status_list_id = v.list, status_index = v.idx, suspension_list_id = v.slist, suspension_index = v.sidx
        FROM (VALUES ${sql.join(values)}) AS v(row_number, list, idx, slist, sidx)
        WHERE r.batch_id = ${id} AND r.row_number = v.row_number`.execute(trx);
    }
    const duplicates = await trx.selectFrom('batch_rows').select(sql<string>`count(*)`.as('n')).where('batch_id', '=', id).where('status', '=', 'duplicate').executeTakeFirstOrThrow();
    await trx.updateTable('batches').set({ status: 'queued', options: JSON.stringify(options), duplicates: Number(duplicates.n) })
      .where('id', '=', id).execute();
    await audit(trx, { institutionId: institution.id, actor, action: 'batch.start', targetType: 'batch', targetId: id, details: { rows: pending.length } });
  });
  platform.onBatchQueued?.();
  return getBatch(platform, institution, id);
}

/** Stops a batch: rows not issued yet stay so (a preview is simply dropped). */
export async function cancelBatch(platform: Platform, institution: Institution, id: string, actor: Actor): Promise<BatchView> {
  await platform.store.db.transaction().execute(async (trx) => {
    const batch = await batchRow(trx, institution, id);
    if (batch.status === 'done' || batch.status === 'cancelled') {
      throw new ServiceError(409, 'batch_finished', { pl: 'Partia jest już zakończona', en: 'The batch has already finished' });
    }
    await trx.updateTable('batches').set({ status: 'cancelled', finished_at: new Date(), source: null }).where('id', '=', id).execute();
    await audit(trx, { institutionId: institution.id, actor, action: 'batch.cancel', targetType: 'batch', targetId: id });
  });
  return getBatch(platform, institution, id);
}

/**
 * Batch views in two queries whatever their number: the batches (only the headers of their kept file, each with its
 * first problem rows, taken in row order through the primary key) and their row counts, grouped by batch and status.
 */
async function batchViews(platform: Platform, institution: Institution, which: { id: string } | { limit: number }): Promise<BatchView[]> {
  const { db } = platform.store;
  let query = db.selectFrom('batches as b')
    .select(['b.id', 'b.spec_id', 'b.spec_version', 'b.status', 'b.file_name', 'b.created_at', 'b.started_at', 'b.finished_at', 'b.mapping', 'b.options'])
    .select(sql<string[] | null>`b.source -> 'headers'`.as('headers'))
    .select(sql<RowProblem[][]>`(
      SELECT coalesce(jsonb_agg(p.problems ORDER BY p.row_number), '[]'::jsonb) FROM (
        SELECT r.problems, r.row_number FROM batch_rows r
        WHERE r.batch_id = b.id AND jsonb_array_length(r.problems) > 0 ORDER BY r.row_number LIMIT ${VIEW_PROBLEMS}
      ) p)`.as('problem_rows'))
    .where('b.institution_id', '=', institution.id);
  query = 'id' in which ? query.where('b.id', '=', which.id) : query.orderBy('b.created_at', 'desc').limit(which.limit);
  const batches = await query.execute();
  if (batches.length === 0) return [];
  const counts = await db.selectFrom('batch_rows').select(['batch_id', 'status', sql<string>`count(*)`.as('n')])
    .where('batch_id', 'in', batches.map((b) => b.id)).groupBy(['batch_id', 'status']).execute();
  const byBatch = new Map<string, Map<string, number>>();
  for (const c of counts) {
    const statuses = byBatch.get(c.batch_id) ?? new Map<string, number>();
    statuses.set(c.status, Number(c.n));
    byBatch.set(c.batch_id, statuses);
  }
  return batches.map((batch) => {
    const statuses = byBatch.get(batch.id);
    const n = (s: BatchRowStatus): number => statuses?.get(s) ?? 0;
    const total = [...(statuses?.values() ?? [])].reduce((a, b) => a + b, 0);
    const issuable = total - n('invalid');
    const handled = n('issued') + n('duplicate') + n('failed');
    const headers = batch.headers ?? [];
    return {
      id: batch.id, specId: batch.spec_id, version: batch.spec_version, status: batch.status, fileName: batch.file_name,
      createdAt: batch.created_at, startedAt: batch.started_at, finishedAt: batch.finished_at,
      counts: { total, invalid: n('invalid'), pending: n('pending'), issued: n('issued'), duplicates: n('duplicate'), failed: n('failed') },
      progress: batch.status === 'preview' ? 0 : issuable === 0 ? 1 : handled / issuable,
      headers, mapping: batch.mapping ?? {},
      mappingProblems: batch.status === 'preview' ? checkMapping(batch.mapping ?? {}, headers) : [],
      problems: (batch.problem_rows ?? []).flat().slice(0, VIEW_PROBLEMS),
      options: batch.options as AwardOptions,
    };
  });
}

export async function getBatch(platform: Platform, institution: Institution, id: string): Promise<BatchView> {
  const [view] = await batchViews(platform, institution, { id });
  if (!view) throw notFound({ pl: 'partia', en: 'batch' });
  return view;
}

/** The latest batches, newest first: two queries in all (batchViews). */
export async function listBatches(platform: Platform, institution: Institution, limit = 50): Promise<BatchView[]> {
  return batchViews(platform, institution, { limit });
}

/** The whole per-row report of a batch as CSV (`;`, with a BOM for spreadsheets), in one language. */
export async function batchReport(platform: Platform, institution: Institution, id: string, lang: 'pl' | 'en'): Promise<string> {
  await batchRow(platform.store.db, institution, id);
  const rows = await platform.store.db.selectFrom('batch_rows').select(['row_number', 'problems']).where('batch_id', '=', id).orderBy('row_number').execute();
  return reportCsv(rows.map((r) => ({ row: r.row_number, problems: r.problems as RowProblem[] })), lang);
}
