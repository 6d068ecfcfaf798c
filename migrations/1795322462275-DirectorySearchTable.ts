import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Moves the directory's search data out of `users` into `member_search`: one narrow row per
 * approved member (facet columns, lower-cased name, search vector), kept by a trigger on
 * `users`. A broad word matches a quarter of the directory; reading and counting those rows
 * from a table half as wide is what brings such a search down to tens of milliseconds.
 */
export class DirectorySearchTable1795322462275 implements MigrationInterface {
  name = 'DirectorySearchTable1795322462275';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER users_search_vector ON users`);
    await queryRunner.query(`DROP FUNCTION users_search_vector()`);
    await queryRunner.query(`DROP INDEX "public"."users_search_idx"`);
    await queryRunner.query(`DROP INDEX "public"."users_name_trgm_idx"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "search_vector"`);
    await queryRunner.query(
      `CREATE TABLE "member_search" ("user_id" uuid NOT NULL, "sector" text NOT NULL, "country" text NOT NULL, "level" text, "expertise" text array NOT NULL DEFAULT '{}', "name_lower" text NOT NULL, "search_vector" tsvector NOT NULL, CONSTRAINT "PK_5481a576b0fb4db87fbd736184b" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "member_search" ADD CONSTRAINT "member_search_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Name (A), organisation and expertise labels (B), title and bio (C); accents folded.
    await queryRunner.query(`
      CREATE FUNCTION member_search_vector(name text, organisation text, expertise text[], title text, bio text)
      RETURNS tsvector LANGUAGE sql STABLE AS $$
        SELECT setweight(to_tsvector('simple', unaccent(coalesce(name, ''))), 'A') ||
          setweight(to_tsvector('simple', unaccent(coalesce(organisation, ''))), 'B') ||
          setweight(to_tsvector('simple', unaccent(coalesce(
            (SELECT string_agg(t.label, ' ') FROM topics t WHERE t.id = ANY(expertise)), ''))), 'B') ||
          setweight(to_tsvector('simple', unaccent(coalesce(title, '') || ' ' || coalesce(bio, ''))), 'C')
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION member_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await queryRunner.query(`
      CREATE TRIGGER users_member_search
      AFTER INSERT OR UPDATE OF status, name, organisation, expertise, title, bio, sector, country, level
      ON users FOR EACH ROW EXECUTE FUNCTION member_search_sync()`);
    await queryRunner.query(`
      INSERT INTO member_search (user_id, sector, country, level, expertise, name_lower, search_vector)
      SELECT id, sector, country, level, expertise, lower(name),
        member_search_vector(name, organisation, expertise, title, bio)
      FROM users WHERE status = 'approved'`);
    await queryRunner.query(
      `CREATE INDEX "member_search_vector_idx" ON "member_search" USING gin ("search_vector")`,
    );
    await queryRunner.query(
      `CREATE INDEX "member_search_name_trgm_idx" ON "member_search" USING gin ("name_lower" gin_trgm_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER users_member_search ON users`);
    await queryRunner.query(`DROP FUNCTION member_search_sync()`);
    await queryRunner.query(`DROP TABLE "member_search"`);
    await queryRunner.query(`ALTER TABLE "users" ADD "search_vector" tsvector`);
    await queryRunner.query(`
      CREATE FUNCTION users_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_vector :=
          setweight(to_tsvector('simple', unaccent(coalesce(NEW.name, ''))), 'A') ||
          setweight(to_tsvector('simple', unaccent(coalesce(NEW.organisation, ''))), 'B') ||
          setweight(to_tsvector('simple', unaccent(coalesce(
            (SELECT string_agg(t.label, ' ') FROM topics t WHERE t.id = ANY(NEW.expertise)), ''))), 'B') ||
          setweight(to_tsvector('simple', unaccent(coalesce(NEW.title, '') || ' ' || coalesce(NEW.bio, ''))), 'C');
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER users_search_vector BEFORE INSERT OR UPDATE OF name, organisation, expertise, title, bio
      ON users FOR EACH ROW EXECUTE FUNCTION users_search_vector()`);
    await queryRunner.query(`UPDATE users SET name = name`);
    await queryRunner.query(`DROP FUNCTION member_search_vector(text, text, text[], text, text)`);
    await queryRunner.query(
      `CREATE INDEX "users_search_idx" ON "users" USING gin ("search_vector")`,
    );
    await queryRunner.query(
      `CREATE INDEX "users_name_trgm_idx" ON "users" USING gin (lower("name") gin_trgm_ops)`,
    );
  }
}
