import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InboxCreatedIndex1796074169113 implements MigrationInterface {
  name = 'InboxCreatedIndex1796074169113';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "inbox_threads_created_idx" ON "inbox_threads"  ("created_at", "id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."inbox_threads_created_idx"`);
  }
}
