/**
 * The learner's side of the Open Badges 3.0 API (docs/learner.md, "Open Badges 3.0 API"): the credentials of a
 * learner account — those issued here (byte for byte as signed, parsed) followed by those the learner imported — a
 * page at a time; the upsert of a credential into the learner's collection (verified on the way in like an import:
 * src/services/learner-imports.ts); and the learner's profile in the OB 3.0 `Profile` shape.
 */
import { sql } from 'kysely';
import type { JsonObject } from '../credentials/build.ts';
import { MAX_CREDENTIAL_BYTES } from '../credentials/index.ts';
import type { LearnerAccount } from './learner-accounts.ts';
import { importCredential, type ImportedCredential } from './learner-imports.ts';
import { ServiceError, type Platform } from './platform.ts';
import { verifyOnPlatform } from './verification.ts';

function parsed(document: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(document);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as JsonObject : undefined;
  } catch {
    return undefined;
  }
}

/**
 * GetOpenBadgeCredentialsResponse requires `proof` to be an array; a credential with a single proof object (as the
 * reference library signs) is answered with it wrapped in a one-element array, which is the same JSON-LD (the
 * signature still verifies). The stored document is not changed.
 */
function proofAsArray(credential: JsonObject): JsonObject {
  const proof = credential.proof;
  return typeof proof === 'object' && proof !== null && !Array.isArray(proof) ? { ...credential, proof: [proof] } : credential;
}

/** The account of an access token. */
export async function accountById(platform: Platform, id: string): Promise<LearnerAccount | undefined> {
  const row = await platform.store.db.selectFrom('learner_accounts').select(['id', 'email', 'created_at', 'last_sign_in_at'])
    .where('id', '=', id).executeTakeFirst();
  return row ? { id: row.id, email: row.email, createdAt: row.created_at, lastSignInAt: row.last_sign_in_at } : undefined;
}

/** Every credential of the account: issued here (newest first), then imported (newest first); `total` of both. */
export async function learnerCredentialsPage(
  platform: Platform, account: LearnerAccount, offset: number, limit: number,
): Promise<{ credentials: JsonObject[]; total: number }> {
  const { db } = platform.store;
  const issued = await db.selectFrom('credentials as c').innerJoin('learners as l', 'l.id', 'c.learner_id')
    .select(['c.document']).where('l.email', '=', account.email).orderBy('c.issued_at', 'desc').orderBy('c.id').execute();
  const imported = await db.selectFrom('learner_imports').select(['document']).where('account_id', '=', account.id)
    .orderBy('imported_at', 'desc').orderBy('id').execute();
  const all = [...issued, ...imported];
  const credentials = all.slice(offset, offset + limit).map((r) => parsed(r.document)).filter((c): c is JsonObject => c !== undefined)
    .map(proofAsArray);
  return { credentials, total: all.length };
}

function invalidData(en: string, pl: string): ServiceError {
  return new ServiceError(400, 'invalid_data', { pl, en }, { path: 'body' });
}

/**
 * Adds a credential to the learner's collection, or replaces the one with the same `id`: `created` tells which
 * (201 or 200). A credential the platform issued to the learner with that id is already there: nothing changes. The
 * credential is verified now, like an import, and kept whatever the verdict.
 */
export async function upsertCredential(
  platform: Platform, account: LearnerAccount, credential: JsonObject,
): Promise<{ created: boolean; credential: JsonObject; imported?: ImportedCredential }> {
  const type = credential.type;
  if (!(Array.isArray(type) ? type : [type]).includes('VerifiableCredential')) {
    throw invalidData('Not a verifiable credential (type VerifiableCredential)', 'To nie jest weryfikowalne poświadczenie (typ VerifiableCredential)');
  }
  const id = credential.id;
  if (id !== undefined && (typeof id !== 'string' || id.length === 0 || id.length > 2000)) {
    throw invalidData('The credential id must be a URI', 'Identyfikator poświadczenia musi być URI');
  }
  const document = JSON.stringify(credential);
  if (Buffer.byteLength(document, 'utf8') > MAX_CREDENTIAL_BYTES) {
    throw invalidData('The credential is too large (at most 5 MB)', 'Poświadczenie jest za duże (najwyżej 5 MB)');
  }
  const { db } = platform.store;
  if (typeof id === 'string') {
    const issued = await db.selectFrom('credentials as c').innerJoin('learners as l', 'l.id', 'c.learner_id').select('c.document')
      .where('l.email', '=', account.email).where('c.credential_id', '=', id).executeTakeFirst();
    if (issued) return { created: false, credential: parsed(issued.document) ?? credential };
    // Candidates by text (no jsonb cast: a stored document may hold what jsonb refuses, like \u0000), then by their id.
    const candidates = await db.selectFrom('learner_imports').select(['id', 'document']).where('account_id', '=', account.id)
      .where(sql<number>`strpos(document, ${JSON.stringify(id)})`, '>', 0).orderBy('imported_at', 'desc').execute();
    const existing = candidates.find((c) => parsed(c.document)?.id === id);
    if (existing) {
      const report = await verifyOnPlatform(platform, credential);
      await db.updateTable('learner_imports').set({ document, format: 'json', report: JSON.stringify(report), imported_at: new Date() })
        .where('id', '=', existing.id).execute();
      return { created: false, credential };
    }
  }
  const imported = await importCredential(platform, account, { credential });
  return { created: true, credential: imported.credential, imported };
}

/** The learner's OB 3.0 `Profile`: the account's e-mail, and the name of their newest learner record. */
export async function learnerProfile(platform: Platform, account: LearnerAccount): Promise<JsonObject> {
  const learner = await platform.store.db.selectFrom('learners').select(['given_name', 'family_name', 'full_name'])
    .where('email', '=', account.email).orderBy('created_at', 'desc').executeTakeFirst();
  return {
    id: `urn:uuid:${account.id}`,
    type: ['Profile'],
    email: account.email,
    ...(learner ? { name: learner.full_name ?? `${learner.given_name} ${learner.family_name}`, givenName: learner.given_name, familyName: learner.family_name } : {}),
  };
}
