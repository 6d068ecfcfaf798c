import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DataRights1796630246711 implements MigrationInterface {
  name = 'DataRights1796630246711';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "data_exports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'pending', "file_key" text, "size" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ready_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "data_exports_status_check" CHECK (status IN ('pending', 'ready', 'failed', 'expired')), CONSTRAINT "PK_3e8b8b297ef4446f30527695c10" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "data_exports_expiry_idx" ON "data_exports"  ("expires_at") WHERE status = 'ready'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "data_exports_one_pending_key" ON "data_exports"  ("user_id") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "data_exports_user_idx" ON "data_exports"  ("user_id", "created_at") `,
    );
    await queryRunner.query(`ALTER TABLE "users" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "data_exports" ADD CONSTRAINT "data_exports_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "data_exports" DROP CONSTRAINT "data_exports_user_fk"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "erased_at"`);
    await queryRunner.query(`DROP INDEX "public"."data_exports_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."data_exports_one_pending_key"`);
    await queryRunner.query(`DROP INDEX "public"."data_exports_expiry_idx"`);
    await queryRunner.query(`DROP TABLE "data_exports"`);
  }
}
