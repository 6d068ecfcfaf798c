import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MailInSecretsAndVerdicts1796630608299 implements MigrationInterface {
  name = 'MailInSecretsAndVerdicts1796630608299';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inbox_threads" ADD "ack_message_id" text`);
    await queryRunner.query(`ALTER TABLE "inbox_messages" ADD "authentication" jsonb`);
    await queryRunner.query(
      `CREATE INDEX "inbox_threads_ack_message_id_idx" ON "inbox_threads"  ("ack_message_id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."inbox_threads_ack_message_id_idx"`);
    await queryRunner.query(`ALTER TABLE "inbox_messages" DROP COLUMN "authentication"`);
    await queryRunner.query(`ALTER TABLE "inbox_threads" DROP COLUMN "ack_message_id"`);
  }
}
