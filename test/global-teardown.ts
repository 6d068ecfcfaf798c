import { rmSync } from 'node:fs';
import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const url = process.env.OCVRN_TEST_SERVER_URL;
  const template = process.env.OCVRN_TEST_TEMPLATE;
  if (url && template && !globalThis.__OCVRN_STOP_PG__) {
    // A shared server: drop what this run created.
    const admin = new Client({ connectionString: url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
        [template, `${template}_w%`],
      );
      for (const { datname } of rows) {
        await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      }
    } finally {
      await admin.end();
    }
  }
  await globalThis.__OCVRN_STOP_PG__?.();
  if (globalThis.__OCVRN_PG_DIR__)
    rmSync(globalThis.__OCVRN_PG_DIR__, { recursive: true, force: true });
}
