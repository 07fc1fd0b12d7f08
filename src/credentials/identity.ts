/**
 * Identifying the learner inside a credential with OB 3.0 `IdentityObject`s: the name in clear (the credential is
 * about a person, and OB 3.0 has no `name` on the subject), everything else as a salted SHA-256 hash, so that a
 * verifier who knows the e-mail address, student number or date of birth can check it and nobody else can read it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { learnerFullName, type Learner } from '../model/index.ts';

export interface IdentityObject {
  type: 'IdentityObject';
  identityType: string;
  hashed: boolean;
  identityHash: string;
  salt?: string;
}

/** `sha256$<hex>` of value + salt, as OB 3.0 `IdentityHash` defines it. */
export function identityHash(value: string, salt: string): string {
  return `sha256$${createHash('sha256').update(value + salt, 'utf8').digest('hex')}`;
}

/** Normalises a value the way it is hashed, so a verifier can repeat the hash. */
export function normaliseIdentity(identityType: string, value: string): string {
  return identityType === 'emailAddress' ? value.trim().toLowerCase() : value.trim();
}

function hashed(identityType: string, value: string): IdentityObject {
  const salt = randomBytes(16).toString('hex');
  return { type: 'IdentityObject', identityType, hashed: true, identityHash: identityHash(normaliseIdentity(identityType, value), salt), salt };
}

/** The learner's identifiers: name in clear, e-mail, national id, student number and date of birth hashed. */
export function learnerIdentifiers(learner: Learner): IdentityObject[] {
  const out: IdentityObject[] = [
    { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: learnerFullName(learner) },
  ];
  if (learner.email) out.push(hashed('emailAddress', learner.email));
  if (learner.nationalId) out.push(hashed('nationalIdentityNumber', `${learner.nationalId.country}:${learner.nationalId.value}`));
  if (learner.studentNumber) out.push(hashed('ext:StudentNumber', learner.studentNumber));
  if (learner.dateOfBirth) out.push(hashed('ext:DateOfBirth', learner.dateOfBirth));
  return out;
}

/** Whether `value` matches one of the hashed identifiers of type `identityType` in a credential subject. */
export function matchesIdentity(identifiers: readonly IdentityObject[], identityType: string, value: string): boolean {
  const normalised = normaliseIdentity(identityType, value);
  return identifiers.some((id) => id.identityType === identityType &&
    (id.hashed ? id.identityHash === identityHash(normalised, id.salt ?? '') : id.identityHash === normalised));
}
