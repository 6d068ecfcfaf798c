import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A change counter for what library searches show ('library' in `data_versions`): bumped once
 * per committing transaction that adds, removes or changes a document (a download alone, which
 * only counts, does not), one of its versions, or a user's name (uploaders and reviewers are
 * shown by name).
 */
export class LibrarySearchVersion1796084984170 implements MigrationInterface {
  name = 'LibrarySearchVersion1796084984170';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`INSERT INTO "data_versions" (name) VALUES ('library')`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER documents_library_changed AFTER INSERT OR DELETE ON documents
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_changed('library')`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER documents_library_updated AFTER UPDATE ON documents
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
      WHEN (OLD.downloads IS NOT DISTINCT FROM NEW.downloads)
      EXECUTE FUNCTION data_changed('library')`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER document_versions_library_changed
      AFTER INSERT OR DELETE OR UPDATE ON document_versions
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_changed('library')`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER users_library_changed AFTER UPDATE OF name ON users
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_changed('library')`);
    for (const table of ['documents', 'document_versions']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_library_truncated AFTER TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION data_changed('library')`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['documents', 'document_versions']) {
      await queryRunner.query(`DROP TRIGGER ${table}_library_truncated ON ${table}`);
    }
    await queryRunner.query(`DROP TRIGGER users_library_changed ON users`);
    await queryRunner.query(`DROP TRIGGER document_versions_library_changed ON document_versions`);
    await queryRunner.query(`DROP TRIGGER documents_library_updated ON documents`);
    await queryRunner.query(`DROP TRIGGER documents_library_changed ON documents`);
    await queryRunner.query(`DELETE FROM "data_versions" WHERE name = 'library'`);
  }
}
