import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@api/database/data-source-options';
import { pendingSchemaChanges } from '@api/database/schema-drift';
import { runMigrations } from '@api/database/migrate';
import { MIGRATIONS } from '@migrations';
import { workerDatabase } from '@testing/database';
import { Client } from 'pg';

/** CI's drift check: every migration on an empty database, then entities compared to it. */
describe('migrations', () => {
  let url: string;

  beforeAll(async () => {
    // A database of its own, emptied of everything the template had.
    url = await workerDatabase('migrations');
    const c = new Client({ connectionString: url });
    await c.connect();
    await c.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    await c.end();
  });

  it('apply to an empty database and leave no drift from the entities', async () => {
    const applied = await runMigrations(url);
    expect(applied).toHaveLength(MIGRATIONS.length);
    const ds = new DataSource(dataSourceOptions(url, 2));
    await ds.initialize();
    try {
      const { up } = await pendingSchemaChanges(ds);
      if (up.length > 0) {
        throw new Error(
          `Entities have drifted from the migrations; generate one with npm run migration:generate.\n${up.join(';\n')}`,
        );
      }
      expect(up).toEqual([]);
      expect(await runMigrations(url)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('revert down to nothing and apply again', async () => {
    const ds = new DataSource(dataSourceOptions(url, 2));
    await ds.initialize();
    try {
      for (let i = 0; i < MIGRATIONS.length; i++)
        await ds.undoLastMigration({ transaction: 'each' });
      const { rows } = await ds
        .query(
          `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`,
        )
        .then((r: Array<{ n: number }>) => ({ rows: r }));
      expect(rows[0].n).toBe(0);
    } finally {
      await ds.destroy();
    }
    expect(await runMigrations(url)).toHaveLength(MIGRATIONS.length);
  });
});
