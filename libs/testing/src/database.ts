import { Client } from 'pg';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

const created = new Map<string, Promise<string>>();

/**
 * A migrated database of this jest worker's own, cloned from the run's template on first
 * use. `name` gives a file its own extra database (e.g. for a second cluster).
 */
export function workerDatabase(name = 'main'): Promise<string> {
  const server = process.env.OCVRN_TEST_SERVER_URL;
  const template = process.env.OCVRN_TEST_TEMPLATE;
  if (!server || !template) throw new Error('run the tests through jest (test/jest.config.js)');
  const database = `${template}_w${process.env.JEST_WORKER_ID ?? '1'}_${name}`;
  let pending = created.get(database);
  if (!pending) {
    pending = (async () => {
      const admin = new Client({ connectionString: server });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${database} TEMPLATE ${template}`);
      } finally {
        await admin.end();
      }
      return withDatabase(server, database);
    })();
    created.set(database, pending);
  }
  return pending;
}

/**
 * Reference data seeded by migrations, and the change counters (a running app's caches
 * compare against them, so they must only move forward); every other table is emptied
 * between test files.
 */
const KEEP = ['migrations', 'topics', 'sectors', 'levels', 'data_versions'];

export async function truncateAll(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND NOT (tablename = ANY($1))`,
      [KEEP],
    );
    if (rows.length > 0) {
      // The audit log refuses TRUNCATE by trigger; a test reset (as superuser) bypasses it.
      await c.query(`SET session_replication_role = replica`);
      await c.query(
        `TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`,
      );
      await c.query(`SET session_replication_role = DEFAULT`);
    }
  } finally {
    await c.end();
  }
}
