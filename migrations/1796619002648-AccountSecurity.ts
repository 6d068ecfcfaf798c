import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts people can trust: proved addresses and password resets (single-use hashed links),
 * TOTP with recovery codes, passkeys, OpenID Connect identities, sessions with an absolute end
 * and a last use, and the shared attempt counters of the rate limits. Accounts made before
 * addresses were proved count as verified; existing sessions end 30 days after they began.
 */
export class AccountSecurity1796619002648 implements MigrationInterface {
  name = 'AccountSecurity1796619002648';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "account_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "purpose" text NOT NULL, "email" text NOT NULL, "token_hash" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "account_tokens_purpose_check" CHECK (purpose IN ('verify_email', 'reset_password')), CONSTRAINT "PK_5e3640c493cc6206a44b885e6a9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "account_tokens_user_idx" ON "account_tokens"  ("user_id", "purpose") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "account_tokens_hash_key" ON "account_tokens"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "mfa_recovery_codes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "code_hash" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_0076416b1b84361afc3371ba121" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "mfa_recovery_codes_user_idx" ON "mfa_recovery_codes"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "passkeys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "credential_id" text NOT NULL, "public_key" bytea NOT NULL, "counter" bigint NOT NULL DEFAULT '0', "transports" text array NOT NULL DEFAULT '{}', "name" text NOT NULL, "backed_up" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_db928e6fd79e7098911268a74c3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "passkeys_user_idx" ON "passkeys"  ("user_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "passkeys_credential_key" ON "passkeys"  ("credential_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "auth_challenges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "purpose" text NOT NULL, "user_id" uuid, "data" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_6993bc9c45bbf5948e4118de560" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "auth_challenges_expires_idx" ON "auth_challenges"  ("expires_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "user_identities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "provider" text NOT NULL, "subject" text NOT NULL, "email" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_e23bff04e9c3e7b785e442b262c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "user_identities_user_idx" ON "user_identities"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "user_identities_subject_key" ON "user_identities"  ("provider", "subject") `,
    );
    await queryRunner.query(
      `CREATE TABLE "rate_limits" ("key" text NOT NULL, "count" integer NOT NULL, "reset_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_8cb6aa4831e3e775ccf370521db" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(`CREATE INDEX "rate_limits_reset_idx" ON "rate_limits"  ("reset_at") `);
    await queryRunner.query(`ALTER TABLE "users" ADD "email_verified_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "users" ADD "must_change_password" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD "password_changed_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "users" ADD "totp_secret" text`);
    await queryRunner.query(`ALTER TABLE "users" ADD "totp_confirmed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ADD "totp_last_step" bigint`);
    await queryRunner.query(`ALTER TABLE "sessions" ADD "ip" text`);
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now() + interval '30 days'`,
    );
    await queryRunner.query(`ALTER TABLE "sessions" ADD "method" text NOT NULL DEFAULT 'password'`);
    await queryRunner.query(`UPDATE "users" SET "email_verified_at" = "created_at"`);
    await queryRunner.query(
      `UPDATE "sessions" SET "expires_at" = "created_at" + interval '30 days', "last_used_at" = "created_at"`,
    );
    await queryRunner.query(`ALTER TABLE "sessions" ALTER COLUMN "expires_at" DROP DEFAULT`);
    await queryRunner.query(
      `ALTER TABLE "account_tokens" ADD CONSTRAINT "account_tokens_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mfa_recovery_codes" ADD CONSTRAINT "mfa_recovery_codes_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "passkeys" ADD CONSTRAINT "passkeys_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "auth_challenges" ADD CONSTRAINT "auth_challenges_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_identities" ADD CONSTRAINT "user_identities_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "user_identities" DROP CONSTRAINT "user_identities_user_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "auth_challenges" DROP CONSTRAINT "auth_challenges_user_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "passkeys" DROP CONSTRAINT "passkeys_user_fk"`);
    await queryRunner.query(
      `ALTER TABLE "mfa_recovery_codes" DROP CONSTRAINT "mfa_recovery_codes_user_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "account_tokens" DROP CONSTRAINT "account_tokens_user_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "method"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "expires_at"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "last_used_at"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "ip"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "totp_last_step"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "totp_confirmed_at"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "totp_secret"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "password_changed_at"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "must_change_password"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "email_verified_at"`);
    await queryRunner.query(`DROP INDEX "public"."rate_limits_reset_idx"`);
    await queryRunner.query(`DROP TABLE "rate_limits"`);
    await queryRunner.query(`DROP INDEX "public"."user_identities_subject_key"`);
    await queryRunner.query(`DROP INDEX "public"."user_identities_user_idx"`);
    await queryRunner.query(`DROP TABLE "user_identities"`);
    await queryRunner.query(`DROP INDEX "public"."auth_challenges_expires_idx"`);
    await queryRunner.query(`DROP TABLE "auth_challenges"`);
    await queryRunner.query(`DROP INDEX "public"."passkeys_credential_key"`);
    await queryRunner.query(`DROP INDEX "public"."passkeys_user_idx"`);
    await queryRunner.query(`DROP TABLE "passkeys"`);
    await queryRunner.query(`DROP INDEX "public"."mfa_recovery_codes_user_idx"`);
    await queryRunner.query(`DROP TABLE "mfa_recovery_codes"`);
    await queryRunner.query(`DROP INDEX "public"."account_tokens_hash_key"`);
    await queryRunner.query(`DROP INDEX "public"."account_tokens_user_idx"`);
    await queryRunner.query(`DROP TABLE "account_tokens"`);
  }
}
