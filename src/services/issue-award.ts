/**
 * Issuing one micro-credential from a published specification version: validate the award against the
 * specification (every problem at once, with paths under `award.`), give it a revocation (and optionally a
 * suspension) status entry, sign it with the institution's active key, and store it with its learner, e-mail and
 * audit entry in one transaction. The same award twice (same version, learner and external reference) returns the
 * credential issued the first time.
 */
import { randomUUID } from 'node:crypto';
import { SigningError, type JsonObject } from '../credentials/index.ts';
import { nudgeOutbox } from './notifications.ts';
import { signerOf } from './signing.ts';
import { validateAward } from '../model/index.ts';
import type { Actor } from './audit.ts';
import { idempotencyKey, issuableVersion, storeIssued, unsignedCredential, type AwardOptions } from './awards.ts';
import { issuedCredential, type IssuedCredential } from './issued-credentials.ts';
import { activeSigningKeyFile, type Institution } from './institutions.ts';
import { ServiceError, type Platform } from './platform.ts';
import { allocateStatus } from './status-lists.ts';

class RaceLost extends Error {}

export interface AwardRequest {
  readonly specId: string;
  readonly version?: number | undefined;
  /** `{ learner, result }`: validated against the specification. */
  readonly award: unknown;
  readonly options?: AwardOptions | undefined;
  /** Where the award sits in the caller's input, for problem paths (default `award`). */
  readonly pathPrefix?: string | undefined;
}

export async function issueAward(
  platform: Platform, institution: Institution, request: AwardRequest, actor: Actor,
): Promise<{ created: boolean; credential: IssuedCredential }> {
  const version = await issuableVersion(platform, institution, request.specId, request.version);
  const now = new Date();
  const validated = validateAward(version.spec, request.award, now);
  const prefix = request.pathPrefix ?? 'award';
  if (!validated.ok) {
    const errors = validated.problems.filter((p) => p.severity === 'error');
    throw new ServiceError(422, 'invalid_award', {
      pl: `Nie można wydać mikropoświadczenia: ${errors.map((p) => p.path).join(', ')}`,
      en: `The micro-credential cannot be issued: ${errors.map((p) => p.path).join(', ')}`,
    }, { problems: errors.map((p) => ({ ...p, path: p.path ? `${prefix}.${p.path}` : prefix })) });
  }
  const award = validated.value;
  const key = idempotencyKey(version, award);
  const existing = async (): Promise<{ created: boolean; credential: IssuedCredential } | undefined> => {
    const row = await platform.store.db.selectFrom('credentials').select('id')
      .where('institution_id', '=', institution.id).where('idempotency_key', '=', key).executeTakeFirst();
    return row ? { created: false, credential: await issuedCredential(platform, institution, row.id) } : undefined;
  };
  const earlier = await existing();
  if (earlier) return earlier;
  const keyFile = await activeSigningKeyFile(platform, institution);
  const language = request.options?.language ?? 'pl';
  const stored = await platform.store.db.transaction().execute(async (trx) => {
    const revocation = await allocateStatus(trx, platform, institution, 'revocation');
    const suspension = request.options?.suspendable ? await allocateStatus(trx, platform, institution, 'suspension') : undefined;
    const unsigned = unsignedCredential(institution, version, award, {
      now, credentialId: `urn:uuid:${randomUUID()}`, revocation: revocation.entry, suspension: suspension?.entry, language,
    });
    let signed: JsonObject;
    try {
      signed = await signerOf(platform).sign(unsigned, keyFile, now);
    } catch (error) {
      if (error instanceof SigningError) {
        throw new ServiceError(422, 'unsignable', { pl: `Nie można podpisać poświadczenia: ${error.message}`, en: `The credential cannot be signed: ${error.message}` });
      }
      throw error;
    }
    const result = await storeIssued(trx, platform, {
      institution, version, award, signed, issuedAt: now, idempotencyKey: key, language, actor,
      revocation: { listId: revocation.listId, index: revocation.index },
      suspension: suspension ? { listId: suspension.listId, index: suspension.index } : undefined,
      notify: request.options?.notify ?? true,
    });
    // Issued by a concurrent request between our check and our insert: roll back (the status index stays free).
    if (!result) throw new RaceLost();
    return result;
  }).catch(async (error: unknown) => {
    if (error instanceof RaceLost) return undefined;
    throw error;
  });
  if (!stored) {
    const raced = await existing();
    if (raced) return raced;
    throw new Error('credential neither stored nor found');
  }
  nudgeOutbox(platform);
  return { created: true, credential: await issuedCredential(platform, institution, stored.id) };
}
