import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795313717653 implements MigrationInterface {
  name = 'Initial1795313717653';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "action" text NOT NULL, "target_type" text NOT NULL, "target_id" text, "detail" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_log_target_idx" ON "audit_log"  ("target_type", "target_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_log_actor_idx" ON "audit_log"  ("actor_id", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "password_hash" text NOT NULL, "name" text NOT NULL, "organisation" text NOT NULL, "sector" text NOT NULL, "country" character(2) NOT NULL, "statement" text NOT NULL DEFAULT '', "status" text NOT NULL DEFAULT 'pending', "roles" text array NOT NULL DEFAULT '{}', "rejection_reason" text, "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by" uuid, "disabled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "users_country_check" CHECK (country ~ '^[A-Z]{2}$'), CONSTRAINT "users_email_lower_check" CHECK (email = lower(email)), CONSTRAINT "users_status_check" CHECK (status IN ('pending', 'approved', 'rejected', 'disabled')), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "users_status_created_idx" ON "users"  ("status", "created_at", "id") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "users_email_key" ON "users"  ("email") `);
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "user_agent" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "sessions_user_idx" ON "sessions"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "token_hash" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "refresh_tokens_session_idx" ON "refresh_tokens"  ("session_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "mail_outbox" ("id" BIGSERIAL NOT NULL, "to_address" text NOT NULL, "subject" text NOT NULL, "text" text NOT NULL, "html" text, "headers" jsonb NOT NULL DEFAULT '{}', "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "mail_outbox_status_check" CHECK (status IN ('pending', 'sent', 'failed', 'held')), CONSTRAINT "PK_fecc63c96385bc35a39ccf2a72e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" BIGSERIAL NOT NULL, "type" text NOT NULL, "rooms" text array NOT NULL, "data" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "claimed_until" TIMESTAMP WITH TIME ZONE, "dispatched_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "topics" ("id" text NOT NULL, "label" text NOT NULL, "group" text NOT NULL, "description" text NOT NULL DEFAULT '', "position" integer NOT NULL, CONSTRAINT "topics_group_check" CHECK ("group" IN ('cross-cutting', 'crime-type')), CONSTRAINT "PK_e4aa99a3fa60ec3a37d1fc4e853" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "sectors" ("id" text NOT NULL, "label" text NOT NULL, "position" integer NOT NULL, CONSTRAINT "PK_923fdda0dc12f59add7b3a1782f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "levels" ("id" text NOT NULL, "label" text NOT NULL, "position" integer NOT NULL, CONSTRAINT "PK_05f8dd8f715793c64d49e3f1901" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_session_fk" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Indexes TypeORM cannot express (partial, GIN); declared with synchronize: false.
    await queryRunner.query(
      `CREATE INDEX "notifications_rooms_idx" ON "notifications" USING gin ("rooms")`,
    );
    await queryRunner.query(
      `CREATE INDEX "notifications_pending_idx" ON "notifications" ("id") WHERE "dispatched_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "mail_outbox_due_idx" ON "mail_outbox" ("next_attempt_at") WHERE "status" = 'pending'`,
    );
    // Large-payload table of @socket.io/postgres-adapter.
    await queryRunner.query(
      `CREATE TABLE IF NOT EXISTS "socket_io_attachments" ("id" bigserial UNIQUE, "created_at" timestamptz DEFAULT now(), "payload" bytea)`,
    );
    // The research-priority taxonomy of the Home Office paper (December 2011).
    await queryRunner.query(
      `INSERT INTO "topics" ("id", "label", "group", "description", "position") VALUES
        ('scale', 'Scale', 'cross-cutting', 'Market size, the numbers of individuals and groups involved, and their geographic distribution and intensity.', 0),
        ('impacts-harms', 'Impacts and harms', 'cross-cutting', 'The nature and relative scale of the harms organised crime causes to people, communities and businesses.', 1),
        ('costs', 'Costs', 'cross-cutting', 'The social and economic costs of organised crime, and better methods and data to estimate them.', 2),
        ('victims-vulnerable-groups', 'Victims and vulnerable groups', 'cross-cutting', 'Who is at risk of grooming, exploitation, trafficking, fraud and cyber crime, and how to build resilience.', 3),
        ('offenders', 'Offenders', 'cross-cutting', 'The offending population: specialists and enablers, pathways into organised crime, decision making and risk.', 4),
        ('interventions', 'Interventions (stem, strengthen, safeguard)', 'cross-cutting', 'What works: the implementation and effectiveness of interventions across the Stem, Strengthen and Safeguard strands.', 5),
        ('markets-networks', 'Markets and networks', 'cross-cutting', 'How organised crime networks and markets work and link local, regional, national and international levels.', 6),
        ('facilitators-drivers', 'Facilitators and drivers', 'cross-cutting', 'The conditions that let organised crime take root, in source countries and in the UK.', 7),
        ('horizon-scanning', 'Horizon scanning', 'cross-cutting', 'Emerging threats and vulnerabilities, including globalisation and new uses of technology.', 8),
        ('data', 'Data', 'cross-cutting', 'Better data and data sharing for research on organised crime.', 9),
        ('technologies', 'Technologies', 'cross-cutting', 'Technology for investigation, detection, tracking and analysis, and its social aspects.', 10),
        ('money-laundering', 'Money laundering and criminal finance', 'crime-type', 'Laundering markets, professional enablers, informal value transfer, money mules and cash smuggling.', 11),
        ('drugs', 'Drugs', 'crime-type', 'Drug markets from international supply to UK streets, new substances and the effects of enforcement.', 12),
        ('firearms-violence-gangs', 'Firearms, violence and gangs', 'crime-type', 'Gun crime, hidden violence, and the overlap between gangs and organised crime.', 13),
        ('economic-crime-fraud', 'Economic crime and fraud', 'crime-type', 'Fraud and economic crime against individuals, businesses and the public sector; counterfeiting.', 14),
        ('cyber-crime', 'Cyber crime', 'crime-type', 'Computer-enabled crime: online fraud and theft, hacking, and the role of social media.', 15),
        ('organised-acquisitive-crime', 'Organised acquisitive crime', 'crime-type', 'Metal theft, plant and vehicle theft, organised burglary, robbery and road freight crime.', 16),
        ('environmental-crime', 'Environmental crime', 'crime-type', 'Waste crime and trafficking in wildlife, natural resources, minerals and precious stones.', 17),
        ('immigration-trafficking-exploitation', 'Organised immigration crime, human trafficking and child exploitation', 'crime-type', 'People smuggling, human trafficking, forged documents and the organised exploitation of children.', 18),
        ('enablers', 'Enablers (identity crime, corruption, legitimate business)', 'crime-type', 'Identity crime, corruption and the criminal use of legitimate business.', 19)`,
    );
    await queryRunner.query(
      `INSERT INTO "sectors" ("id", "label", "position") VALUES
        ('academia', 'Academia', 0),
        ('government', 'Government', 1),
        ('law-enforcement', 'Law enforcement', 2),
        ('industry', 'Industry', 3),
        ('voluntary-community', 'Voluntary and community sector', 4),
        ('international-organisation', 'International organisation', 5)`,
    );
    await queryRunner.query(
      `INSERT INTO "levels" ("id", "label", "position") VALUES
        ('local-regional', 'Local / regional', 0),
        ('national', 'National', 1),
        ('international', 'International', 2)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "socket_io_attachments"`);
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" DROP CONSTRAINT "refresh_tokens_session_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "sessions_user_fk"`);
    await queryRunner.query(`DROP TABLE "levels"`);
    await queryRunner.query(`DROP TABLE "sectors"`);
    await queryRunner.query(`DROP TABLE "topics"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
    await queryRunner.query(`DROP TABLE "mail_outbox"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_tokens_session_idx"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."sessions_user_idx"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "public"."users_email_key"`);
    await queryRunner.query(`DROP INDEX "public"."users_status_created_idx"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."audit_log_actor_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_log_target_idx"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}
