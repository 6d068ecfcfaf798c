import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MemberProfiles1795317388888 implements MigrationInterface {
  name = 'MemberProfiles1795317388888';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "title" text`);
    await queryRunner.query(`ALTER TABLE "users" ADD "level" text`);
    await queryRunner.query(`ALTER TABLE "users" ADD "expertise" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "users" ADD "bio" text`);
    await queryRunner.query(`ALTER TABLE "users" ADD "orcid" text`);
    await queryRunner.query(`ALTER TABLE "users" ADD "website" text`);
    await queryRunner.query(`ALTER TABLE "users" ADD "phone" text`);
    await queryRunner.query(
      `ALTER TABLE "users" ADD "visibility" jsonb NOT NULL DEFAULT '{"email": "members", "phone": "members", "website": "members"}'`,
    );
    await queryRunner.query(`ALTER TABLE "users" ADD "search_vector" tsvector`);
    await queryRunner.query(`CREATE INDEX "users_level_idx" ON "users"  ("level") `);
    await queryRunner.query(`CREATE INDEX "users_country_idx" ON "users"  ("country") `);
    await queryRunner.query(`CREATE INDEX "users_sector_idx" ON "users"  ("sector") `);
    // Full-text search over the directory, kept by a trigger so every writer agrees:
    // name (A), organisation and expertise labels (B), title and bio (C); accents folded.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
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
    await queryRunner.query(
      `CREATE INDEX "users_search_idx" ON "users" USING gin ("search_vector")`,
    );
    await queryRunner.query(
      `CREATE INDEX "users_expertise_idx" ON "users" USING gin ("expertise")`,
    );
    await queryRunner.query(
      `CREATE INDEX "users_name_trgm_idx" ON "users" USING gin (lower("name") gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "users_directory_name_idx" ON "users" (lower("name"), "id") WHERE "status" = 'approved'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."users_directory_name_idx"`);
    await queryRunner.query(`DROP INDEX "public"."users_name_trgm_idx"`);
    await queryRunner.query(`DROP INDEX "public"."users_expertise_idx"`);
    await queryRunner.query(`DROP INDEX "public"."users_search_idx"`);
    await queryRunner.query(`DROP TRIGGER users_search_vector ON users`);
    await queryRunner.query(`DROP FUNCTION users_search_vector()`);
    await queryRunner.query(`DROP INDEX "public"."users_sector_idx"`);
    await queryRunner.query(`DROP INDEX "public"."users_country_idx"`);
    await queryRunner.query(`DROP INDEX "public"."users_level_idx"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "search_vector"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "visibility"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "phone"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "website"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "orcid"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "bio"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "expertise"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "level"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "title"`);
  }
}
