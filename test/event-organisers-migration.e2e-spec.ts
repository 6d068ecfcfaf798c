import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@api/database/data-source-options';
import { runMigrations } from '@api/database/migrate';
import { workerDatabase } from '@testing/database';
import { createUser } from '@testing/factories';

const NAME = 'EventOrganisers1796630345628';

/** Events made before organisers existed get their creator as their organiser. */
describe('migration: event organisers', () => {
  let url: string;
  let pool: Pool;

  beforeAll(async () => {
    url = await workerDatabase('organisers_migration');
    pool = new Pool({ connectionString: url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
  });

  const applied = async () =>
    (await pool.query<{ name: string }>(`SELECT name FROM migrations`)).rows.map((r) => r.name);

  it('makes every existing event’s creator its organiser', async () => {
    // Back to just before the migration (and any after it).
    const ds = new DataSource(dataSourceOptions(url, 2));
    await ds.initialize();
    try {
      while ((await applied()).includes(NAME)) await ds.undoLastMigration({ transaction: 'each' });
    } finally {
      await ds.destroy();
    }
    const creators = await Promise.all(
      [1, 2].map(() => createUser(pool, { roles: ['member', 'editor'] })),
    );
    const events: string[] = [];
    for (const creator of creators) {
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO events (title, kind, timezone, starts_at, ends_at, organiser_id)
         VALUES ('Made before organisers', 'seminar', 'UTC', now() + interval '1 day',
                 now() + interval '1 day 2 hours', $1) RETURNING id`,
        [creator.id],
      );
      events.push(rows[0].id);
    }

    expect(await runMigrations(url)).toContain(NAME);
    const { rows } = await pool.query<{ event_id: string; user_id: string; added_by: null }>(
      `SELECT event_id, user_id, added_by FROM event_organisers ORDER BY event_id`,
    );
    expect(rows).toEqual(
      events
        .map((id, i) => ({ event_id: id, user_id: creators[i].id, added_by: null }))
        .sort((a, b) => a.event_id.localeCompare(b.event_id)),
    );
  });
});
