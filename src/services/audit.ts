/** The append-only audit log: who did what, when, to which record (the table refuses updates and deletes). */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';

export interface Actor {
  readonly type: 'user' | 'api_key' | 'system';
  readonly id: string | null;
}

export const SYSTEM: Actor = { type: 'system', id: null };

export interface AuditEntry {
  readonly institutionId: string | null;
  readonly actor: Actor;
  readonly action: string;
  readonly targetType?: string;
  readonly targetId?: string;
  readonly details?: Record<string, unknown>;
}

export async function audit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values({
    institution_id: entry.institutionId,
    actor_type: entry.actor.type,
    actor_id: entry.actor.id,
    action: entry.action,
    target_type: entry.targetType ?? null,
    target_id: entry.targetId ?? null,
    details: JSON.stringify(entry.details ?? {}),
  }).execute();
}
