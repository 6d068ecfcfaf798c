import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events get organisers: the creator plus co-organisers, who alone (with admins) edit, cancel
 * and manage an event. Every existing event's creator becomes its first organiser.
 */
export class EventOrganisers1796630345628 implements MigrationInterface {
  name = 'EventOrganisers1796630345628';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "event_organisers" ("event_id" uuid NOT NULL, "user_id" uuid NOT NULL, "added_by" uuid, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5d957746394259f6f339e06426b" PRIMARY KEY ("event_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "event_organisers_user_idx" ON "event_organisers"  ("user_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "event_organisers" ADD CONSTRAINT "event_organisers_event_fk" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_organisers" ADD CONSTRAINT "event_organisers_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_organisers" ADD CONSTRAINT "event_organisers_added_by_fk" FOREIGN KEY ("added_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `INSERT INTO "event_organisers" ("event_id", "user_id", "added_at") SELECT "id", "organiser_id", "created_at" FROM "events"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "event_organisers" DROP CONSTRAINT "event_organisers_added_by_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_organisers" DROP CONSTRAINT "event_organisers_user_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_organisers" DROP CONSTRAINT "event_organisers_event_fk"`,
    );
    await queryRunner.query(`DROP INDEX "public"."event_organisers_user_idx"`);
    await queryRunner.query(`DROP TABLE "event_organisers"`);
  }
}
