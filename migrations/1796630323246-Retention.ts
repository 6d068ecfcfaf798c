import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Retention1796630323246 implements MigrationInterface {
  name = 'Retention1796630323246';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "retention_rules" ("key" text NOT NULL, "days" integer, "last_run_at" TIMESTAMP WITH TIME ZONE, "last_run_rows" integer, "last_run_trigger" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "retention_rules_days_check" CHECK (days IS NULL OR days BETWEEN 0 AND 3650), CONSTRAINT "PK_6f271161ca2591b903f1e74beec" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "retention_state" ("id" boolean NOT NULL DEFAULT true, "next_run_at" TIMESTAMP WITH TIME ZONE NOT NULL, "running_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "retention_state_single_check" CHECK (id), CONSTRAINT "PK_e3922e1957a916bb8b1f9f97e4a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "inbox_threads" ADD "anonymised_at" TIMESTAMP WITH TIME ZONE`,
    );
    // The defaults: days, 0 keeps for ever; unverified accounts follow UNVERIFIED_ACCOUNT_DAYS.
    await queryRunner.query(`INSERT INTO "retention_rules" ("key", "days") VALUES
      ('unverified_accounts', NULL), ('rejected_applications', 90),
      ('closed_contact_threads', 730), ('notifications', 90), ('sent_mail', 30),
      ('expired_tokens', 1)`);
    await queryRunner.query(`INSERT INTO "retention_state" ("id", "next_run_at")
      VALUES (true, date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + interval '1 day 3 hours')`);
    // The daily run finds what is past its time without reading whole tables.
    await queryRunner.query(
      `CREATE INDEX "notifications_created_idx" ON "notifications" ("created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "mail_outbox_sent_idx" ON "mail_outbox" ("sent_at") WHERE status = 'sent'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "mail_outbox_sent_idx"`);
    await queryRunner.query(`DROP INDEX "notifications_created_idx"`);
    await queryRunner.query(`ALTER TABLE "inbox_threads" DROP COLUMN "anonymised_at"`);
    await queryRunner.query(`DROP TABLE "retention_state"`);
    await queryRunner.query(`DROP TABLE "retention_rules"`);
  }
}
