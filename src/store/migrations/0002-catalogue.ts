/**
 * The catalogue: specification lifecycle columns (updated, superseded, archived), the search columns filled when a
 * version is published (normalised text for trigram search, and the filterable elements), and pathways.
 * The text search is PostgreSQL full-text search with the `simple` configuration over text that the application
 * normalised (lower case, no diacritics; services/search-text.ts): each query word, reduced to its stem, must start
 * a word of the offer (`analiz:*`). The tsvector columns are generated; their GIN index has no pending list
 * (`fastupdate = off`), so a search right after a bulk import is as fast as later (PGlite has no autovacuum).
 */
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  sql`
    ALTER TABLE specifications
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN superseded_at timestamptz,
      ADD COLUMN archived_at timestamptz,
      ADD COLUMN search_text text,
      ADD COLUMN title_search text,
      ADD COLUMN title_pl text,
      ADD COLUMN title_en text,
      ADD COLUMN eqf_level integer,
      ADD COLUMN ects double precision,
      ADD COLUMN isced_f text,
      ADD COLUMN languages text[],
      ADD COLUMN participation text
  `,
  // One draft per specification, one current published version; a specification belongs to one institution.
  sql`CREATE UNIQUE INDEX specifications_one_draft ON specifications (spec_id) WHERE status = 'draft'`,
  sql`CREATE UNIQUE INDEX specifications_one_current ON specifications (spec_id) WHERE status = 'published' AND superseded_at IS NULL`,
  sql`CREATE INDEX specifications_institution ON specifications (institution_id, spec_id, version DESC)`,
  sql`
    ALTER TABLE specifications
      ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(search_text, ''))) STORED,
      ADD COLUMN title_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title_search, ''))) STORED
  `,
  sql`
    CREATE INDEX specifications_search ON specifications USING gin (search_tsv) WITH (fastupdate = off)
      WHERE status = 'published' AND superseded_at IS NULL
  `,
  sql`
    CREATE INDEX specifications_catalogue ON specifications (published_at DESC)
      WHERE status = 'published' AND superseded_at IS NULL
  `,
  // A published or archived version never changes its content, whatever the code above does: the database refuses.
  sql`
    CREATE FUNCTION specifications_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN RAISE EXCEPTION 'a published specification version cannot be deleted' USING ERRCODE = 'P0001'; END IF;
        RETURN OLD;
      END IF;
      IF OLD.status <> 'draft' AND (NEW.document IS DISTINCT FROM OLD.document OR NEW.version <> OLD.version OR NEW.spec_id <> OLD.spec_id
          OR NEW.institution_id <> OLD.institution_id OR NEW.published_at IS DISTINCT FROM OLD.published_at OR NEW.status = 'draft') THEN
        RAISE EXCEPTION 'a published specification version cannot be changed' USING ERRCODE = 'P0001';
      END IF;
      RETURN NEW;
    END $$
  `,
  sql`
    CREATE TRIGGER specifications_immutable BEFORE UPDATE OR DELETE ON specifications
      FOR EACH ROW EXECUTE FUNCTION specifications_immutable()
  `,
  sql`
    CREATE TABLE specification_owners (
      spec_id uuid PRIMARY KEY,
      institution_id uuid NOT NULL REFERENCES institutions(id) ON DELETE CASCADE
    )
  `,
  sql`
    CREATE TABLE pathways (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      institution_id uuid NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
      title jsonb NOT NULL,
      description jsonb,
      rule jsonb NOT NULL,
      target jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )
  `,
  sql`CREATE INDEX pathways_institution ON pathways (institution_id, created_at)`,
  sql`
    CREATE TABLE pathway_members (
      pathway_id uuid NOT NULL REFERENCES pathways(id) ON DELETE CASCADE,
      spec_id uuid NOT NULL REFERENCES specification_owners(spec_id),
      position integer NOT NULL,
      PRIMARY KEY (pathway_id, spec_id)
    )
  `,
  sql`CREATE INDEX pathway_members_spec ON pathway_members (spec_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE pathway_members, pathways, specification_owners`.execute(db);
  await sql`DROP TRIGGER specifications_immutable ON specifications`.execute(db);
  await sql`DROP FUNCTION specifications_immutable()`.execute(db);
  await sql`DROP INDEX specifications_one_draft, specifications_one_current, specifications_institution, specifications_search, specifications_catalogue`.execute(db);
  await sql`
    ALTER TABLE specifications DROP COLUMN updated_at, DROP COLUMN superseded_at, DROP COLUMN archived_at, DROP COLUMN search_text,
      DROP COLUMN title_search, DROP COLUMN title_pl, DROP COLUMN title_en, DROP COLUMN eqf_level, DROP COLUMN ects,
      DROP COLUMN isced_f, DROP COLUMN languages, DROP COLUMN participation, DROP COLUMN search_tsv, DROP COLUMN title_tsv
  `.execute(db);
}
