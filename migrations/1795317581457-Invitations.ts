import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Invitations1795317581457 implements MigrationInterface {
  name = 'Invitations1795317581457';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auto_approve_domains" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "pattern" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid NOT NULL, CONSTRAINT "PK_74f74323e0fe02c1a8fdeabea18" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "auto_approve_domains_pattern_key" ON "auto_approve_domains"  ("pattern") `,
    );
    await queryRunner.query(
      `CREATE TABLE "invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "token_hash" bytea NOT NULL, "invited_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "accepted_user_id" uuid, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "invitations_state_check" CHECK (accepted_at IS NULL OR revoked_at IS NULL), CONSTRAINT "invitations_email_lower_check" CHECK (email = lower(email)), CONSTRAINT "PK_5dec98cfdfd562e4ad3648bbb07" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "invitations_created_idx" ON "invitations"  ("created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations"  ("token_hash") `,
    );
    await queryRunner.query(
      `ALTER TABLE "auto_approve_domains" ADD CONSTRAINT "auto_approve_domains_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_fk" FOREIGN KEY ("invited_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "invitations_accepted_user_fk" FOREIGN KEY ("accepted_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    // At most one open invitation per address (partial: TypeORM cannot express it; declared
    // on the entity with synchronize: false). An expired one still counts until it is
    // superseded (revoked) by a new invitation to the same address.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "invitations_open_email_key" ON "invitations" ("email") WHERE "accepted_at" IS NULL AND "revoked_at" IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."invitations_open_email_key"`);
    await queryRunner.query(
      `ALTER TABLE "invitations" DROP CONSTRAINT "invitations_accepted_user_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitations" DROP CONSTRAINT "invitations_invited_by_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "auto_approve_domains" DROP CONSTRAINT "auto_approve_domains_created_by_fk"`,
    );
    await queryRunner.query(`DROP INDEX "public"."invitations_token_hash_key"`);
    await queryRunner.query(`DROP INDEX "public"."invitations_created_idx"`);
    await queryRunner.query(`DROP TABLE "invitations"`);
    await queryRunner.query(`DROP INDEX "public"."auto_approve_domains_pattern_key"`);
    await queryRunner.query(`DROP TABLE "auto_approve_domains"`);
  }
}
