import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../apps/api/src/database/embedded-postgres';
import { runMigrations } from '../apps/api/src/database/migrate';

declare global {
  var __OCVRN_STOP_PG__: (() => Promise<void>) | undefined;
  var __OCVRN_PG_DIR__: string | undefined;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Starts PostgreSQL for the run (DATABASE_URL's server when set, else an embedded one with
 * fsync off), migrates a template database, and tells workers where it is: each worker
 * clones its own database from the template (see libs/testing/src/database.ts).
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'ocvrn-test-pg-'));
    chmodSync(dir, 0o755); // the server runs as its own OS user when we are root
    const pg = await startEmbeddedPostgres(join(dir, 'data'), { database: 'postgres', fast: true });
    serverUrl = pg.url;
    globalThis.__OCVRN_STOP_PG__ = pg.stop;
    globalThis.__OCVRN_PG_DIR__ = dir;
  }
  const template = `ocvrn_template_${process.pid}`;
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  await runMigrations(withDatabase(serverUrl, template));
  process.env.OCVRN_TEST_SERVER_URL = withDatabase(serverUrl, 'postgres');
  process.env.OCVRN_TEST_TEMPLATE = template;
}
