import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Packs each directory row's facets into `member_search.facet_bits` (layout on the entity), so
 * a broad search hands its counts to the application as 8 bytes per match instead of grouping
 * and unnesting text in the database, and a browse counts from every member's packed facets
 * (an index-only scan) instead of the covering index on `users`, which goes. The taxonomy's positions, which are the bits, become
 * unique and bounded.
 *
 * Also counts changes to what the directory shows in `data_versions` ('directory'): a deferred
 * trigger on `users` bumps it once per committing transaction, so a cached answer can be
 * checked against it (its row lock is the last a transaction takes, just before commit).
 */
export class DirectoryFacetBits1796082570807 implements MigrationInterface {
  name = 'DirectoryFacetBits1796082570807';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "member_search" ADD "facet_bits" bigint NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "topics" ADD CONSTRAINT "UQ_1c2a2c58381d2a13e0b0904f623" UNIQUE ("position")`,
    );
    await queryRunner.query(
      `ALTER TABLE "sectors" ADD CONSTRAINT "UQ_d069a4626d44b475195aec3f77c" UNIQUE ("position")`,
    );
    await queryRunner.query(
      `ALTER TABLE "levels" ADD CONSTRAINT "UQ_e35715f44dfc65d01e996505501" UNIQUE ("position")`,
    );
    await queryRunner.query(
      `ALTER TABLE "topics" ADD CONSTRAINT "topics_position_check" CHECK ("position" >= 0 AND "position" < 48)`,
    );
    await queryRunner.query(
      `ALTER TABLE "sectors" ADD CONSTRAINT "sectors_position_check" CHECK ("position" >= 0 AND "position" < 15)`,
    );
    await queryRunner.query(
      `ALTER TABLE "levels" ADD CONSTRAINT "levels_position_check" CHECK ("position" >= 0 AND "position" < 3)`,
    );
    await queryRunner.query(`
      CREATE FUNCTION member_facet_bits(sector text, country text, level text, expertise text[])
      RETURNS bigint LANGUAGE sql STABLE AS $$
        SELECT coalesce((SELECT bit_or(1::bigint << t.position) FROM topics t WHERE t.id = ANY(expertise)), 0)
          | (coalesce((SELECT s.position + 1 FROM sectors s WHERE s.id = sector), 0)::bigint << 48)
          | (coalesce((SELECT l.position + 1 FROM levels l WHERE l.id = level), 0)::bigint << 52)
          | (CASE WHEN country ~ '^[A-Z]{2}$'
              THEN ((ascii(country) - 64) * 27 + ascii(substr(country, 2)) - 64)::bigint << 54
              ELSE 0 END)
      $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION member_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status <> 'approved' THEN
          DELETE FROM member_search WHERE user_id = NEW.id;
          RETURN NULL;
        END IF;
        INSERT INTO member_search (user_id, sector, country, level, expertise, facet_bits, name_lower, search_vector)
        VALUES (NEW.id, NEW.sector, NEW.country, NEW.level, NEW.expertise,
          member_facet_bits(NEW.sector, NEW.country, NEW.level, NEW.expertise), lower(NEW.name),
          member_search_vector(NEW.name, NEW.organisation, NEW.expertise, NEW.title, NEW.bio))
        ON CONFLICT (user_id) DO UPDATE SET sector = EXCLUDED.sector, country = EXCLUDED.country,
          level = EXCLUDED.level, expertise = EXCLUDED.expertise, facet_bits = EXCLUDED.facet_bits,
          name_lower = EXCLUDED.name_lower, search_vector = EXCLUDED.search_vector;
        RETURN NULL;
      END $$`);
    // Rebuilt rather than updated: an UPDATE of every row would leave the table twice its size
    // (until a VACUUM FULL, which cannot run here), and the planner then reads it sequentially.
    await queryRunner.query(`DROP INDEX "member_search_vector_idx"`);
    await queryRunner.query(`DROP INDEX "member_search_name_trgm_idx"`);
    await queryRunner.query(`TRUNCATE member_search`);
    await queryRunner.query(`
      INSERT INTO member_search (user_id, sector, country, level, expertise, facet_bits, name_lower, search_vector)
      SELECT id, sector, country, level, expertise, member_facet_bits(sector, country, level, expertise),
        lower(name), member_search_vector(name, organisation, expertise, title, bio)
      FROM users WHERE status = 'approved'`);
    await queryRunner.query(
      `CREATE INDEX "member_search_vector_idx" ON "member_search" USING gin ("search_vector")`,
    );
    await queryRunner.query(
      `CREATE INDEX "member_search_name_trgm_idx" ON "member_search" USING gin ("name_lower" gin_trgm_ops)`,
    );
    // Browsing counts from every member's packed facets (an index-only scan of this index),
    // no longer from the covering index on users.
    await queryRunner.query(
      `CREATE INDEX "member_search_facet_bits_idx" ON "member_search" ("facet_bits")`,
    );
    await queryRunner.query(`DROP INDEX "public"."users_directory_facets_idx"`);
    // Counters of changes to derived views ('directory' here); cached answers are checked
    // against them. A deferred trigger bumps a counter once per committing transaction, so its
    // row lock is the last a transaction takes, just before commit.
    await queryRunner.query(
      `CREATE TABLE "data_versions" ("name" text NOT NULL, "version" bigint NOT NULL DEFAULT 0, CONSTRAINT "PK_data_versions" PRIMARY KEY ("name"))`,
    );
    await queryRunner.query(`INSERT INTO "data_versions" (name) VALUES ('directory')`);
    await queryRunner.query(`
      CREATE FUNCTION data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        setting text := 'ocvrn.changed_' || TG_ARGV[0];
      BEGIN
        IF current_setting(setting, true) IS DISTINCT FROM txid_current()::text THEN
          -- Every counter's row first, always in one order: a transaction that bumps two
          -- counters cannot deadlock with one that bumps them the other way round.
          PERFORM 1 FROM data_versions ORDER BY name FOR UPDATE;
          UPDATE data_versions SET version = version + 1 WHERE name = TG_ARGV[0];
          PERFORM set_config(setting, txid_current()::text, true);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER users_directory_changed
      AFTER INSERT OR DELETE OR UPDATE OF status, name, title, organisation, sector, country, level,
        expertise, bio, orcid, website, email, phone, visibility
      ON users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_changed('directory')`);
    await queryRunner.query(`
      CREATE TRIGGER users_directory_truncated AFTER TRUNCATE ON users
      FOR EACH STATEMENT EXECUTE FUNCTION data_changed('directory')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER users_directory_truncated ON users`);
    await queryRunner.query(`DROP TRIGGER users_directory_changed ON users`);
    await queryRunner.query(`DROP FUNCTION data_changed()`);
    await queryRunner.query(`DROP TABLE "data_versions"`);
    await queryRunner.query(
      `CREATE INDEX "users_directory_facets_idx" ON "users" ("sector", "country", "level") INCLUDE ("expertise") WHERE "status" = 'approved'`,
    );
    await queryRunner.query(`DROP INDEX "public"."member_search_facet_bits_idx"`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION member_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status <> 'approved' THEN
          DELETE FROM member_search WHERE user_id = NEW.id;
          RETURN NULL;
        END IF;
        INSERT INTO member_search (user_id, sector, country, level, expertise, name_lower, search_vector)
        VALUES (NEW.id, NEW.sector, NEW.country, NEW.level, NEW.expertise, lower(NEW.name),
          member_search_vector(NEW.name, NEW.organisation, NEW.expertise, NEW.title, NEW.bio))
        ON CONFLICT (user_id) DO UPDATE SET sector = EXCLUDED.sector, country = EXCLUDED.country,
          level = EXCLUDED.level, expertise = EXCLUDED.expertise, name_lower = EXCLUDED.name_lower,
          search_vector = EXCLUDED.search_vector;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`DROP FUNCTION member_facet_bits(text, text, text, text[])`);
    await queryRunner.query(`ALTER TABLE "levels" DROP CONSTRAINT "levels_position_check"`);
    await queryRunner.query(`ALTER TABLE "sectors" DROP CONSTRAINT "sectors_position_check"`);
    await queryRunner.query(`ALTER TABLE "topics" DROP CONSTRAINT "topics_position_check"`);
    await queryRunner.query(
      `ALTER TABLE "levels" DROP CONSTRAINT "UQ_e35715f44dfc65d01e996505501"`,
    );
    await queryRunner.query(
      `ALTER TABLE "sectors" DROP CONSTRAINT "UQ_d069a4626d44b475195aec3f77c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "topics" DROP CONSTRAINT "UQ_1c2a2c58381d2a13e0b0904f623"`,
    );
    await queryRunner.query(`ALTER TABLE "member_search" DROP COLUMN "facet_bits"`);
  }
}
