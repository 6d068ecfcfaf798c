import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Documents1796070024627 implements MigrationInterface {
  name = 'Documents1796070024627';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "abstract" text NOT NULL DEFAULT '', "authors" text array NOT NULL DEFAULT '{}', "year" integer, "topics" text array NOT NULL DEFAULT '{}', "crime_types" text array NOT NULL DEFAULT '{}', "language" text, "source" text, "marking" text NOT NULL, "status" text NOT NULL, "current_version" integer NOT NULL DEFAULT '1', "type" text NOT NULL, "downloads" integer NOT NULL DEFAULT '0', "uploader_id" uuid NOT NULL, "markings_found" text array NOT NULL DEFAULT '{}', "found_in" text array NOT NULL DEFAULT '{}', "review_decision" text, "review_reason" text, "reviewer_id" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, "search_vector" tsvector, "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "documents_published_check" CHECK (status <> 'published' OR published_at IS NOT NULL), CONSTRAINT "documents_marking_check" CHECK (marking IN ('UNCLASSIFIED', 'OFFICIAL')), CONSTRAINT "documents_status_check" CHECK (status IN ('published', 'quarantined', 'rejected')), CONSTRAINT "PK_ac51aa5181ee2036f5ca482857c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "documents_uploader_idx" ON "documents"  ("uploader_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "documents_status_idx" ON "documents"  ("status", "updated_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "document_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "document_id" uuid NOT NULL, "number" integer NOT NULL, "file_name" text NOT NULL, "type" text NOT NULL, "mime" text NOT NULL, "size" bigint NOT NULL, "sha256" text NOT NULL, "pages" integer, "text" text NOT NULL DEFAULT '', "inspection_note" text, "uploaded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_baf26dab035c6d6fc433f9dc6a2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "document_versions_sha256_idx" ON "document_versions"  ("sha256") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "document_versions_number_key" ON "document_versions"  ("document_id", "number") `,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "documents_uploader_fk" FOREIGN KEY ("uploader_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "documents_reviewer_fk" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_document_fk" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_uploaded_by_fk" FOREIGN KEY ("uploaded_by") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // The library, newest first, and its filters.
    await queryRunner.query(
      `CREATE INDEX "documents_library_idx" ON "documents" ("published_at" DESC, "id" DESC) WHERE "status" = 'published'`,
    );
    await queryRunner.query(
      `CREATE INDEX "documents_search_idx" ON "documents" USING gin ("search_vector")`,
    );
    await queryRunner.query(
      `CREATE INDEX "documents_topics_idx" ON "documents" USING gin ("topics")`,
    );
    await queryRunner.query(
      `CREATE INDEX "documents_crime_types_idx" ON "documents" USING gin ("crime_types")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."documents_crime_types_idx"`);
    await queryRunner.query(`DROP INDEX "public"."documents_topics_idx"`);
    await queryRunner.query(`DROP INDEX "public"."documents_search_idx"`);
    await queryRunner.query(`DROP INDEX "public"."documents_library_idx"`);
    await queryRunner.query(
      `ALTER TABLE "document_versions" DROP CONSTRAINT "document_versions_uploaded_by_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_versions" DROP CONSTRAINT "document_versions_document_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "documents_reviewer_fk"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "documents_uploader_fk"`);
    await queryRunner.query(`DROP INDEX "public"."document_versions_number_key"`);
    await queryRunner.query(`DROP INDEX "public"."document_versions_sha256_idx"`);
    await queryRunner.query(`DROP TABLE "document_versions"`);
    await queryRunner.query(`DROP INDEX "public"."documents_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."documents_uploader_idx"`);
    await queryRunner.query(`DROP TABLE "documents"`);
  }
}
