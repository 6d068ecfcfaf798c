import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Newsletters1795323039500 implements MigrationInterface {
  name = 'Newsletters1795323039500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "newsletters" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "summary" text NOT NULL DEFAULT '', "body" text NOT NULL DEFAULT '', "html" text NOT NULL DEFAULT '', "topics" text array NOT NULL DEFAULT '{}', "public" boolean NOT NULL DEFAULT false, "status" text NOT NULL DEFAULT 'draft', "author_id" uuid NOT NULL, "last_edited_by" uuid NOT NULL, "cleared_by" uuid, "return_comment" text, "publish_at" TIMESTAMP WITH TIME ZONE, "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "newsletters_published_check" CHECK (status <> 'published' OR published_at IS NOT NULL), CONSTRAINT "newsletters_scheduled_check" CHECK (status <> 'scheduled' OR publish_at IS NOT NULL), CONSTRAINT "newsletters_status_check" CHECK (status IN ('draft', 'submitted', 'cleared', 'scheduled', 'published')), CONSTRAINT "PK_b63ff3417bbaa6c92061b9f6934" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "newsletters_status_idx" ON "newsletters"  ("status", "updated_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "newsletter_subscriptions" ("user_id" uuid NOT NULL, "all_issues" boolean NOT NULL DEFAULT true, "topics" text array NOT NULL DEFAULT '{}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2ef356842f55cb53524579fe55b" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "mail_outbox" ADD "newsletter_id" uuid`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" ADD "user_id" uuid`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" ALTER COLUMN "text" DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "newsletters" ADD CONSTRAINT "newsletters_author_fk" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "newsletters" ADD CONSTRAINT "newsletters_last_edited_by_fk" FOREIGN KEY ("last_edited_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "newsletters" ADD CONSTRAINT "newsletters_cleared_by_fk" FOREIGN KEY ("cleared_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_newsletter_fk" FOREIGN KEY ("newsletter_id") REFERENCES "newsletters"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "newsletter_subscriptions" ADD CONSTRAINT "newsletter_subscriptions_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // The archive, newest first.
    await queryRunner.query(
      `CREATE INDEX "newsletters_archive_idx" ON "newsletters" ("published_at" DESC, "id" DESC) WHERE "status" = 'published'`,
    );
    // Full text over title (A), summary (B) and body (C), accents folded; the archive's
    // search uses this expression. unaccent() is only STABLE, so an index needs a wrapper
    // that names its dictionary and is declared IMMUTABLE.
    await queryRunner.query(`
      CREATE FUNCTION ocvrn_unaccent(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`);
    await queryRunner.query(
      `CREATE INDEX "newsletters_search_idx" ON "newsletters" USING gin ((setweight(to_tsvector('simple', ocvrn_unaccent(title)), 'A') || setweight(to_tsvector('simple', ocvrn_unaccent(summary)), 'B') || setweight(to_tsvector('simple', ocvrn_unaccent(body)), 'C')))`,
    );
    // One copy of an issue per subscriber, whatever runs the fan-out twice.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "mail_outbox_newsletter_key" ON "mail_outbox" ("newsletter_id", "user_id") WHERE "newsletter_id" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."mail_outbox_newsletter_key"`);
    await queryRunner.query(`DROP INDEX "public"."newsletters_search_idx"`);
    await queryRunner.query(`DROP FUNCTION ocvrn_unaccent(text)`);
    await queryRunner.query(`DROP INDEX "public"."newsletters_archive_idx"`);
    await queryRunner.query(
      `ALTER TABLE "newsletter_subscriptions" DROP CONSTRAINT "newsletter_subscriptions_user_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP CONSTRAINT "mail_outbox_user_fk"`);
    await queryRunner.query(
      `ALTER TABLE "mail_outbox" DROP CONSTRAINT "mail_outbox_newsletter_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "newsletters" DROP CONSTRAINT "newsletters_cleared_by_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "newsletters" DROP CONSTRAINT "newsletters_last_edited_by_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "newsletters" DROP CONSTRAINT "newsletters_author_fk"`);
    await queryRunner.query(`DELETE FROM "mail_outbox" WHERE "text" IS NULL`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" ALTER COLUMN "text" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP COLUMN "user_id"`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP COLUMN "newsletter_id"`);
    await queryRunner.query(`DROP TABLE "newsletter_subscriptions"`);
    await queryRunner.query(`DROP INDEX "public"."newsletters_status_idx"`);
    await queryRunner.query(`DROP TABLE "newsletters"`);
  }
}
