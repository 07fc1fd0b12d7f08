/**
 * Revoking, suspending and reinstating issued credentials (staff with the issuer role), with a reason and the date.
 * The institution's status list credentials are built from these columns, so the next fetch of the list shows the
 * change to every verifier. Revocation is final; a suspension can be lifted. Every change is audited.
 */
import type { Actor } from './audit.ts';
import { audit } from './audit.ts';
import type { Institution } from './institutions.ts';
import { issuedCredential, type IssuedCredential } from './issued-credentials.ts';
import { notFound, ServiceError, type Platform } from './platform.ts';

export type StatusChange = 'revoke' | 'suspend' | 'reinstate';

function conflict(code: string, pl: string, en: string): ServiceError {
  return new ServiceError(409, code, { pl, en });
}

export async function changeStatus(
  platform: Platform, institution: Institution, id: string, change: StatusChange, reason: string | undefined, actor: Actor,
): Promise<IssuedCredential> {
  await platform.store.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('credentials').select(['id', 'revoked_at', 'suspended_at', 'suspension_list_id'])
      .where('institution_id', '=', institution.id).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound({ pl: 'poświadczenie', en: 'credential' });
    if (row.revoked_at) throw conflict('already_revoked', 'Poświadczenie jest już unieważnione (to ostateczne)', 'The credential is already revoked (that is final)');
    const now = new Date();
    switch (change) {
      case 'revoke':
        await trx.updateTable('credentials').set({ revoked_at: now, status_reason: reason ?? null }).where('id', '=', id).execute();
        break;
      case 'suspend':
        if (!row.suspension_list_id) {
          throw conflict('not_suspendable', 'To poświadczenie wydano bez wpisu zawieszenia: można je tylko unieważnić',
            'This credential was issued without a suspension entry: it can only be revoked');
        }
        if (row.suspended_at) throw conflict('already_suspended', 'Poświadczenie jest już zawieszone', 'The credential is already suspended');
        await trx.updateTable('credentials').set({ suspended_at: now, suspension_reason: reason ?? null }).where('id', '=', id).execute();
        break;
      case 'reinstate':
        if (!row.suspended_at) throw conflict('not_suspended', 'Poświadczenie nie jest zawieszone', 'The credential is not suspended');
        await trx.updateTable('credentials').set({ suspended_at: null, suspension_reason: null }).where('id', '=', id).execute();
        break;
    }
    await audit(trx, { institutionId: institution.id, actor, action: `credential.${change}`, targetType: 'credential', targetId: id, details: reason ? { reason } : {} });
  });
  return issuedCredential(platform, institution, id);
}
