/**
 * Issuing a credential a caller hands us (the W3C VC-API `POST /credentials/issue`): the institution becomes its
 * issuer (its did:web; an Open Badges credential gets the institution's Profile), it gets an id, a validity start
 * and a revocation status entry, is signed with the institution's active key, and stored byte-exact.
 * Allocation, storage and the audit entry are one transaction: a crash leaves either all of it or nothing.
 */
import { randomUUID } from 'node:crypto';
import { signCredential, SigningError, VC_V1_CONTEXT_URL, VC_V2_CONTEXT_URL, type JsonObject } from '../credentials/index.ts';
import { xsdDateTime } from '../credentials/dates.ts';
import { asArray } from '../credentials/json.ts';
import { audit, type Actor } from './audit.ts';
import { activeSigningKey, type Institution } from './institutions.ts';
import { ServiceError, type Platform } from './platform.ts';
import { allocateStatus } from './status-lists.ts';

export interface IssueOptions {
  /** Add a revocation status entry (default true). */
  readonly revocable?: boolean;
}

/** An XML Schema dateTime with a time zone, as VC 2.0 requires for validFrom / validUntil. */
const XSD_DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const XSD_DATE_TIME_OPTIONAL_ZONE = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

function invalid(pl: string, en: string, path: string): ServiceError {
  return new ServiceError(422, 'invalid_credential', { pl, en }, { path });
}

/** The issuer object an Open Badges 3.0 credential carries: the institution's public profile. */
export function institutionProfile(platform: Platform, institution: Institution): JsonObject {
  const profile: JsonObject = {
    id: institution.did, type: ['Profile'], name: institution.namePl,
    'mc:nameTranslations': { pl: institution.namePl, en: institution.nameEn },
  };
  if (institution.website) profile.url = institution.website;
  if (institution.logoType) profile.image = { id: `${platform.baseUrl}/i/${institution.slug}/logo`, type: 'Image' };
  if (institution.email) profile.email = institution.email;
  if (institution.address) {
    profile.address = {
      type: ['Address'], addressCountryCode: institution.address.country, addressLocality: institution.address.locality,
      ...(institution.address.region ? { addressRegion: institution.address.region } : {}),
      ...(institution.address.postalCode ? { postalCode: institution.address.postalCode } : {}),
      ...(institution.address.street ? { streetAddress: institution.address.street } : {}),
    };
  }
  if (institution.identifiers.length > 0) {
    profile.otherIdentifier = institution.identifiers.map((i) => ({ type: 'IdentifierEntry', identifier: i.value, identifierType: `ext:${i.scheme.replace(/[^A-Za-z0-9._-]/g, '')}` }));
  }
  return profile;
}

function checkShape(credential: JsonObject, institution: Institution): void {
  const contexts = asArray(credential['@context']);
  if (contexts[0] !== VC_V2_CONTEXT_URL && contexts[0] !== VC_V1_CONTEXT_URL) {
    throw invalid('Pierwszy element „@context” musi być kontekstem W3C VC', 'The first "@context" entry must be the W3C VC context', '@context');
  }
  if (!asArray(credential.type).includes('VerifiableCredential')) {
    throw invalid('Pole „type” musi zawierać „VerifiableCredential”', '"type" must include "VerifiableCredential"', 'type');
  }
  const subjects = asArray(credential.credentialSubject);
  if (subjects.length === 0 || subjects.some((s) => typeof s !== 'object' || s === null || Array.isArray(s) || Object.keys(s).length === 0)) {
    throw invalid('„credentialSubject” musi być niepustym obiektem (lub listą takich obiektów)', '"credentialSubject" must be a non-empty object (or a list of them)', 'credentialSubject');
  }
  const isBadge = asArray(credential.type).some((t) => t === 'OpenBadgeCredential' || t === 'AchievementCredential');
  if (isBadge && Array.isArray(credential.credentialSubject)) {
    throw invalid('W Open Badges 3.0 „credentialSubject” jest jednym obiektem', 'In Open Badges 3.0 "credentialSubject" is a single object', 'credentialSubject');
  }
  const dates: Record<string, number> = {};
  for (const field of ['validFrom', 'validUntil', 'issuanceDate', 'expirationDate'] as const) {
    const value = credential[field];
    if (value === undefined) continue;
    // VC 2.0 wants a time zone (dateTimeStamp); VC 1.1's issuanceDate / expirationDate may go without one.
    const shape = field.startsWith('valid') ? XSD_DATE_TIME : XSD_DATE_TIME_OPTIONAL_ZONE;
    const time = typeof value === 'string' && shape.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(time)) {
      throw invalid(`„${field}” musi być datą i czasem XML Schema (np. 2026-06-30T12:00:00Z)`, `"${field}" must be an XML Schema dateTime (e.g. 2026-06-30T12:00:00Z)`, field);
    }
    dates[field] = time;
  }
  const from = dates.validFrom ?? dates.issuanceDate;
  const until = dates.validUntil ?? dates.expirationDate;
  if (from !== undefined && until !== undefined && until < from) {
    const field = dates.validUntil !== undefined ? 'validUntil' : 'expirationDate';
    throw invalid('Koniec ważności jest przed jej początkiem', 'The credential would expire before it becomes valid', field);
  }
  if (credential.proof !== undefined) throw invalid('Poświadczenie jest już podpisane', 'The credential is already signed', 'proof');
  if (credential.credentialStatus !== undefined) {
    throw invalid('Status nadaje platforma: usuń „credentialStatus”', 'The platform assigns the status: remove "credentialStatus"', 'credentialStatus');
  }
  const issuer = credential.issuer;
  const issuerId = typeof issuer === 'string' ? issuer : (issuer as { id?: unknown } | undefined)?.id;
  if (issuerId !== undefined && issuerId !== institution.did) {
    throw invalid(`Wystawcą może być tylko ${institution.did}`, `The issuer can only be ${institution.did}`, 'issuer');
  }
}

export async function issueCredential(
  platform: Platform, institution: Institution, input: JsonObject, options: IssueOptions, actor: Actor,
): Promise<JsonObject> {
  checkShape(input, institution);
  const now = new Date();
  const isBadge = asArray(input.type).some((t) => t === 'OpenBadgeCredential' || t === 'AchievementCredential');
  const credential: JsonObject = {
    ...input,
    id: typeof input.id === 'string' ? input.id : `urn:uuid:${randomUUID()}`,
    issuer: isBadge ? { ...(typeof input.issuer === 'object' ? input.issuer as JsonObject : {}), ...institutionProfile(platform, institution) } : institution.did,
  };
  if (asArray(credential['@context'])[0] === VC_V2_CONTEXT_URL && credential.validFrom === undefined) credential.validFrom = xsdDateTime(now);
  if (isBadge && !asArray(credential['@context']).includes('https://w3id.org/mikrocred/v1')) {
    credential['@context'] = [...asArray(credential['@context']), 'https://w3id.org/mikrocred/v1'];
  }
  const existing = await platform.store.db.selectFrom('credentials').select('id').where('credential_id', '=', String(credential.id)).executeTakeFirst();
  if (existing) throw new ServiceError(409, 'duplicate_id', { pl: 'Poświadczenie o tym id już wydano', en: 'A credential with this id was already issued' }, { path: 'id' });
  const key = await activeSigningKey(platform, institution);
  return platform.store.db.transaction().execute(async (trx) => {
    const status = options.revocable === false ? undefined : await allocateStatus(trx, platform, institution, 'revocation');
    if (status) credential.credentialStatus = { ...status.entry };
    let signed: JsonObject;
    try {
      signed = await signCredential(credential, key, { now });
    } catch (error) {
      const reason = error instanceof SigningError ? error.message : String(error);
      throw invalid(`Nie można podpisać poświadczenia: ${reason}`, `The credential cannot be signed: ${reason}`, '');
    }
    const row = await trx.insertInto('credentials').values({
      institution_id: institution.id, credential_id: String(signed.id), document: JSON.stringify(signed), issued_at: now,
      status_list_id: status?.listId ?? null, status_index: status?.index ?? null,
    }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, { institutionId: institution.id, actor, action: 'credential.issue', targetType: 'credential', targetId: row.id, details: { credentialId: signed.id } });
    return signed;
  });
}
