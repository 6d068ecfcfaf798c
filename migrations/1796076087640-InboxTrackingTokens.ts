import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InboxTrackingTokens1796076087640 implements MigrationInterface {
  name = 'InboxTrackingTokens1796076087640';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "inbox_tracking_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_20c8fdb4ca70aff028c0a461f28" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "inbox_tracking_tokens_thread_idx" ON "inbox_tracking_tokens"  ("thread_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "inbox_tracking_tokens_hash_key" ON "inbox_tracking_tokens"  ("token_hash") `,
    );
    await queryRunner.query(
      `ALTER TABLE "inbox_tracking_tokens" ADD CONSTRAINT "inbox_tracking_tokens_thread_fk" FOREIGN KEY ("thread_id") REFERENCES "inbox_threads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "inbox_tracking_tokens" DROP CONSTRAINT "inbox_tracking_tokens_thread_fk"`,
    );
    await queryRunner.query(`DROP INDEX "public"."inbox_tracking_tokens_hash_key"`);
    await queryRunner.query(`DROP INDEX "public"."inbox_tracking_tokens_thread_idx"`);
    await queryRunner.query(`DROP TABLE "inbox_tracking_tokens"`);
  }
}
