import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Inbox1796072464452 implements MigrationInterface {
  name = 'Inbox1796072464452';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "inbox_threads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference" text NOT NULL, "status" text NOT NULL DEFAULT 'new', "category" text NOT NULL, "subject" text NOT NULL, "sender_name" text NOT NULL, "sender_email" text NOT NULL, "sender_organisation" text, "user_id" uuid, "sender_ip" inet, "token_hash" text NOT NULL, "assignee_id" uuid, "message_count" integer NOT NULL DEFAULT '0', "last_message_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "first_response_at" TIMESTAMP WITH TIME ZONE, "search_vector" tsvector, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "inbox_threads_category_check" CHECK (category IN ('general', 'research_findings', 'join', 'events', 'newsletter', 'other')), CONSTRAINT "inbox_threads_status_check" CHECK (status IN ('new', 'open', 'waiting', 'closed')), CONSTRAINT "PK_9f9dbc0344f962d14886326465d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "inbox_threads_sender_idx" ON "inbox_threads"  ("sender_email", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "inbox_threads_assignee_idx" ON "inbox_threads"  ("assignee_id", "status", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "inbox_threads_queue_idx" ON "inbox_threads"  ("status", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "inbox_threads_reference_key" ON "inbox_threads"  ("reference") `,
    );
    await queryRunner.query(
      `CREATE TABLE "inbox_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "author_kind" text NOT NULL, "author_id" uuid, "author_name" text NOT NULL, "body" text NOT NULL, "internal" boolean NOT NULL DEFAULT false, "via" text NOT NULL DEFAULT 'web', "email_message_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "inbox_messages_note_check" CHECK (NOT internal OR author_kind = 'officer'), CONSTRAINT "inbox_messages_via_check" CHECK (via IN ('web', 'email')), CONSTRAINT "inbox_messages_from_check" CHECK (author_kind IN ('sender', 'officer')), CONSTRAINT "PK_f12cf14472c0a9d19bb57cc8478" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "inbox_messages_message_id_idx" ON "inbox_messages"  ("email_message_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "inbox_messages_thread_idx" ON "inbox_messages"  ("thread_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "inbox_attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "message_id" uuid NOT NULL, "file_name" text NOT NULL, "mime" text NOT NULL, "size" bigint NOT NULL, "sha256" text NOT NULL, CONSTRAINT "PK_995e2a22ea308c5ac64c0e12cd3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "inbox_attachments_sha256_idx" ON "inbox_attachments"  ("sha256") `,
    );
    await queryRunner.query(
      `CREATE INDEX "inbox_attachments_message_idx" ON "inbox_attachments"  ("message_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "inbox_canned_replies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "body" text NOT NULL, "created_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dfdcecfa02d35526b69d2b6fa62" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "inbox_reference_counters" ("year" integer NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_8511ceef7981c728f8f0f13db4e" PRIMARY KEY ("year"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "inbox_threads" ADD CONSTRAINT "inbox_threads_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "inbox_threads" ADD CONSTRAINT "inbox_threads_assignee_fk" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "inbox_messages" ADD CONSTRAINT "inbox_messages_thread_fk" FOREIGN KEY ("thread_id") REFERENCES "inbox_threads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "inbox_messages" ADD CONSTRAINT "inbox_messages_author_fk" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "inbox_attachments" ADD CONSTRAINT "inbox_attachments_message_fk" FOREIGN KEY ("message_id") REFERENCES "inbox_messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "inbox_canned_replies" ADD CONSTRAINT "inbox_canned_replies_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE INDEX "inbox_threads_search_idx" ON "inbox_threads" USING gin ("search_vector")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."inbox_threads_search_idx"`);
    await queryRunner.query(
      `ALTER TABLE "inbox_canned_replies" DROP CONSTRAINT "inbox_canned_replies_created_by_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "inbox_attachments" DROP CONSTRAINT "inbox_attachments_message_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "inbox_messages" DROP CONSTRAINT "inbox_messages_author_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "inbox_messages" DROP CONSTRAINT "inbox_messages_thread_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "inbox_threads" DROP CONSTRAINT "inbox_threads_assignee_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "inbox_threads" DROP CONSTRAINT "inbox_threads_user_fk"`);
    await queryRunner.query(`DROP TABLE "inbox_reference_counters"`);
    await queryRunner.query(`DROP TABLE "inbox_canned_replies"`);
    await queryRunner.query(`DROP INDEX "public"."inbox_attachments_message_idx"`);
    await queryRunner.query(`DROP INDEX "public"."inbox_attachments_sha256_idx"`);
    await queryRunner.query(`DROP TABLE "inbox_attachments"`);
    await queryRunner.query(`DROP INDEX "public"."inbox_messages_thread_idx"`);
    await queryRunner.query(`DROP INDEX "public"."inbox_messages_message_id_idx"`);
    await queryRunner.query(`DROP TABLE "inbox_messages"`);
    await queryRunner.query(`DROP INDEX "public"."inbox_threads_reference_key"`);
    await queryRunner.query(`DROP INDEX "public"."inbox_threads_queue_idx"`);
    await queryRunner.query(`DROP INDEX "public"."inbox_threads_assignee_idx"`);
    await queryRunner.query(`DROP INDEX "public"."inbox_threads_sender_idx"`);
    await queryRunner.query(`DROP TABLE "inbox_threads"`);
  }
}
