import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Facet counts of the directory as index-only scans over approved members. */
export class DirectoryFacetIndex1795319765256 implements MigrationInterface {
  name = 'DirectoryFacetIndex1795319765256';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "users_directory_facets_idx" ON "users" ("sector", "country", "level") INCLUDE ("expertise") WHERE "status" = 'approved'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."users_directory_facets_idx"`);
  }
}
