import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Events1796071711488 implements MigrationInterface {
  name = 'Events1796071711488';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "calendar_feeds" ("user_id" uuid NOT NULL, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3212ce9ff23847e66347a6730d3" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "calendar_feeds_token_key" ON "calendar_feeds"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "description" text NOT NULL DEFAULT '', "description_html" text NOT NULL DEFAULT '', "kind" text NOT NULL, "topics" text array NOT NULL DEFAULT '{}', "timezone" text NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "venue" text, "online_url" text, "capacity" integer, "seats_taken" integer NOT NULL DEFAULT '0', "waitlist_length" integer NOT NULL DEFAULT '0', "registration_opens_at" TIMESTAMP WITH TIME ZONE, "registration_closes_at" TIMESTAMP WITH TIME ZONE, "public" boolean NOT NULL DEFAULT false, "status" text NOT NULL DEFAULT 'scheduled', "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancel_reason" text, "sequence" integer NOT NULL DEFAULT '0', "reminded_at" TIMESTAMP WITH TIME ZONE, "organiser_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "events_within_capacity_check" CHECK (capacity IS NULL OR seats_taken <= capacity), CONSTRAINT "events_seats_check" CHECK (seats_taken >= 0 AND waitlist_length >= 0), CONSTRAINT "events_capacity_check" CHECK (capacity IS NULL OR capacity >= 1), CONSTRAINT "events_times_check" CHECK (ends_at > starts_at), CONSTRAINT "events_status_check" CHECK (status IN ('scheduled', 'cancelled')), CONSTRAINT "events_kind_check" CHECK (kind IN ('workshop', 'seminar', 'conference', 'webinar')), CONSTRAINT "PK_40731c7151fe4be3116e45ddf73" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "events_ends_idx" ON "events"  ("ends_at") `);
    await queryRunner.query(`CREATE INDEX "events_starts_idx" ON "events"  ("starts_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "event_registrations" ("event_id" uuid NOT NULL, "user_id" uuid NOT NULL, "status" text NOT NULL, "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "event_registrations_status_check" CHECK (status IN ('confirmed', 'waitlisted')), CONSTRAINT "PK_73e2fef1cef19c806dcd5a8c4fd" PRIMARY KEY ("event_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "event_registrations_user_idx" ON "event_registrations"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "event_registrations_queue_idx" ON "event_registrations"  ("event_id", "status", "seq") `,
    );
    await queryRunner.query(
      `ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "events" ADD CONSTRAINT "events_organiser_fk" FOREIGN KEY ("organiser_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_event_fk" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`CREATE INDEX "events_topics_idx" ON "events" USING gin ("topics")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."events_topics_idx"`);
    await queryRunner.query(
      `ALTER TABLE "event_registrations" DROP CONSTRAINT "event_registrations_user_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_registrations" DROP CONSTRAINT "event_registrations_event_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "events_organiser_fk"`);
    await queryRunner.query(
      `ALTER TABLE "calendar_feeds" DROP CONSTRAINT "calendar_feeds_user_fk"`,
    );
    await queryRunner.query(`DROP INDEX "public"."event_registrations_queue_idx"`);
    await queryRunner.query(`DROP INDEX "public"."event_registrations_user_idx"`);
    await queryRunner.query(`DROP TABLE "event_registrations"`);
    await queryRunner.query(`DROP INDEX "public"."events_starts_idx"`);
    await queryRunner.query(`DROP INDEX "public"."events_ends_idx"`);
    await queryRunner.query(`DROP TABLE "events"`);
    await queryRunner.query(`DROP INDEX "public"."calendar_feeds_token_key"`);
    await queryRunner.query(`DROP TABLE "calendar_feeds"`);
  }
}
