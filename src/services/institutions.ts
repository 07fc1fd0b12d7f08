/**
 * Institutions (tenants): creation with their did:web and first issuer key, the public profile, key rotation and
 * the DID document, which keeps rotated keys so that credentials they signed stay verifiable.
 */
import { didWebDocument, didWebFromUrl, generateIssuerKey, loadIssuerKey, type DidDocument, type IssuerKey, type IssuerKeyFile } from '../credentials/index.ts';
import type { Updateable } from 'kysely';
import type { AddressRow, InstitutionsTable, LegalIdentifierRow } from '../store/schema.ts';
import { audit, type Actor } from './audit.ts';
import { conflictOnUnique, notFound, ServiceError, type Platform } from './platform.ts';

export interface InstitutionProfile {
  readonly slug: string;
  readonly namePl: string;
  readonly nameEn: string;
  readonly country: string;
  readonly identifiers: readonly LegalIdentifierRow[];
  readonly website: string | null;
  readonly email: string | null;
  readonly address: AddressRow | null;
}

export interface Institution extends InstitutionProfile {
  readonly id: string;
  readonly did: string;
  /** The logo's media type, when the institution has one (served at `/i/<slug>/logo`). */
  readonly logoType: string | null;
}

type Row = {
  id: string; slug: string; name_pl: string; name_en: string; country: string; identifiers: LegalIdentifierRow[];
  website: string | null; email: string | null; address: AddressRow | null; did: string; logo_type: string | null;
};

const COLUMNS = ['id', 'slug', 'name_pl', 'name_en', 'country', 'identifiers', 'website', 'email', 'address', 'did', 'logo_type'] as const;

function fromRow(row: Row): Institution {
  return {
    id: row.id, slug: row.slug, namePl: row.name_pl, nameEn: row.name_en, country: row.country.trim(),
    identifiers: row.identifiers, website: row.website, email: row.email, address: row.address, did: row.did, logoType: row.logo_type,
  };
}

/** The DID of an institution: `did:web:<host>:i:<slug>`, its document served at `<base>/i/<slug>/did.json`. */
export function institutionDid(platform: Platform, slug: string): string {
  return didWebFromUrl(`${platform.baseUrl}/i/${slug}`);
}

export async function createInstitution(platform: Platform, profile: InstitutionProfile, actor: Actor): Promise<Institution> {
  const did = institutionDid(platform, profile.slug);
  const key = await generateIssuerKey({ controller: did });
  const { db } = platform.store;
  const taken = (): ServiceError => new ServiceError(409, 'slug_taken', {
    pl: `Identyfikator „${profile.slug}” jest już zajęty`, en: `The identifier "${profile.slug}" is already taken`,
  }, { path: 'slug' });
  // The check answers the common case; a concurrent creation is caught by the unique index, with the same answer.
  return conflictOnUnique(() => db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('institutions').select('id').where('slug', '=', profile.slug).executeTakeFirst();
    if (existing) throw taken();
    const row = await trx.insertInto('institutions').values({
      slug: profile.slug, name_pl: profile.namePl, name_en: profile.nameEn, country: profile.country,
      identifiers: JSON.stringify(profile.identifiers), website: profile.website, email: profile.email,
      address: JSON.stringify(profile.address), did,
    }).returning(COLUMNS).executeTakeFirstOrThrow();
    await trx.insertInto('issuer_keys').values({
      institution_id: row.id, key_id: key.id, public_key_multibase: key.publicKeyMultibase,
      secret_key_enc: platform.secrets.seal(key.secretKeyMultibase, key.id), active: true,
    }).execute();
    await audit(trx, { institutionId: row.id, actor, action: 'institution.create', targetType: 'institution', targetId: row.id, details: { slug: row.slug, did } });
    await audit(trx, { institutionId: row.id, actor, action: 'key.create', targetType: 'issuer_key', targetId: key.id });
    return fromRow(row as Row);
  }), taken);
}

export async function findInstitution(platform: Platform, slug: string): Promise<Institution | undefined> {
  const row = await platform.store.db.selectFrom('institutions').select(COLUMNS).where('slug', '=', slug).executeTakeFirst();
  return row ? fromRow(row as Row) : undefined;
}

export async function findInstitutionById(platform: Platform, id: string): Promise<Institution | undefined> {
  const row = await platform.store.db.selectFrom('institutions').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row as Row) : undefined;
}

export async function getInstitution(platform: Platform, slug: string): Promise<Institution> {
  const found = await findInstitution(platform, slug);
  if (!found) throw notFound({ pl: `instytucja „${slug}”`, en: `institution "${slug}"` });
  return found;
}

export type ProfileChanges = Partial<Omit<InstitutionProfile, 'slug'>>;

export async function updateProfile(platform: Platform, institution: Institution, changes: ProfileChanges, actor: Actor): Promise<Institution> {
  const values: Updateable<InstitutionsTable> = {};
  if (changes.namePl !== undefined) values.name_pl = changes.namePl;
  if (changes.nameEn !== undefined) values.name_en = changes.nameEn;
  if (changes.country !== undefined) values.country = changes.country;
  if (changes.identifiers !== undefined) values.identifiers = JSON.stringify(changes.identifiers);
  if (changes.website !== undefined) values.website = changes.website;
  if (changes.email !== undefined) values.email = changes.email;
  if (changes.address !== undefined) values.address = JSON.stringify(changes.address);
  return platform.store.db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('institutions').set({ ...values, updated_at: new Date() })
      .where('id', '=', institution.id).returning(COLUMNS).executeTakeFirstOrThrow();
    await audit(trx, { institutionId: institution.id, actor, action: 'institution.update', targetType: 'institution', targetId: institution.id, details: { fields: Object.keys(values) } });
    return fromRow(row as Row);
  });
}

export async function setLogo(platform: Platform, institution: Institution, image: Buffer, type: string, actor: Actor): Promise<void> {
  await platform.store.db.transaction().execute(async (trx) => {
    await trx.updateTable('institutions').set({ logo: image, logo_type: type, updated_at: new Date() }).where('id', '=', institution.id).execute();
    await audit(trx, { institutionId: institution.id, actor, action: 'institution.logo', targetType: 'institution', targetId: institution.id, details: { type, bytes: image.length } });
  });
}

export async function getLogo(platform: Platform, institution: Institution): Promise<{ image: Buffer; type: string } | undefined> {
  const row = await platform.store.db.selectFrom('institutions').select(['logo', 'logo_type']).where('id', '=', institution.id).executeTakeFirst();
  return row?.logo && row.logo_type ? { image: Buffer.from(row.logo), type: row.logo_type } : undefined;
}

/** The institution's DID document: every key it ever had (old keys keep old credentials verifiable). */
export async function institutionDidDocument(platform: Platform, institution: Institution): Promise<DidDocument> {
  const keys = await platform.store.db.selectFrom('issuer_keys').select(['key_id', 'public_key_multibase'])
    .where('institution_id', '=', institution.id).orderBy('created_at').execute();
  return didWebDocument(institution.did, keys.map((k) => ({ id: k.key_id, controller: institution.did, publicKeyMultibase: k.public_key_multibase })));
}

/** The key new credentials are signed with (decrypted in memory only). */
/** The institution's active signing key as a key file (with its decrypted secret: keep it in memory only). */
export async function activeSigningKeyFile(platform: Platform, institution: Institution): Promise<IssuerKeyFile> {
  const row = await platform.store.db.selectFrom('issuer_keys').select(['key_id', 'public_key_multibase', 'secret_key_enc'])
    .where('institution_id', '=', institution.id).where('active', '=', true).executeTakeFirst();
  if (!row) throw new ServiceError(409, 'no_active_key', { pl: 'Instytucja nie ma aktywnego klucza', en: 'The institution has no active key' });
  return {
    type: 'Multikey', id: row.key_id, controller: institution.did, publicKeyMultibase: row.public_key_multibase,
    secretKeyMultibase: platform.secrets.open(row.secret_key_enc, row.key_id),
  };
}

export async function activeSigningKey(platform: Platform, institution: Institution): Promise<IssuerKey> {
  return loadIssuerKey(await activeSigningKeyFile(platform, institution));
}

/** A new signing key; the old one stays in the DID document, inactive for new signatures. */
export async function rotateKey(platform: Platform, institution: Institution, actor: Actor): Promise<string> {
  const key = await generateIssuerKey({ controller: institution.did });
  await platform.store.db.transaction().execute(async (trx) => {
    await trx.updateTable('issuer_keys').set({ active: false, retired_at: new Date() })
      .where('institution_id', '=', institution.id).where('active', '=', true).execute();
    await trx.insertInto('issuer_keys').values({
      institution_id: institution.id, key_id: key.id, public_key_multibase: key.publicKeyMultibase,
      secret_key_enc: platform.secrets.seal(key.secretKeyMultibase, key.id), active: true,
    }).execute();
    await audit(trx, { institutionId: institution.id, actor, action: 'key.rotate', targetType: 'issuer_key', targetId: key.id });
  });
  return key.id;
}
