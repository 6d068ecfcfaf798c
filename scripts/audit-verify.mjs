#!/usr/bin/env node
// Verifies the audit log's hash chain (`npm run audit:verify`).
//
//   --json   print the result as JSON (the same shape as GET /api/admin/audit/verify)
//
// Connects to DATABASE_URL when set; otherwise to the embedded PostgreSQL of `npm start` under
// DATA_DIR (default .data): the one already running for the app if there is one, else it is
// started here and stopped at the end. Reads only; runs no migrations.
// Exit code: 0 when the chain holds, 1 when it is broken, 2 when it could not be checked.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist', 'apps', 'api', 'src');
const require = createRequire(import.meta.url);

/** The app's embedded PostgreSQL if it runs now (npm start), from its postmaster.pid. */
function runningEmbedded(pgDir) {
  const file = join(pgDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
  } catch (err) {
    if (err.code !== 'EPERM') return null; // stale file
  }
  return Number.isInteger(port) && port > 0
    ? `postgres://postgres:ocvrn-embedded@127.0.0.1:${port}/ocvrn`
    : null;
}

async function database() {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const pgDir = join(resolve(process.env.DATA_DIR || '.data'), 'postgres');
  const running = runningEmbedded(pgDir);
  if (running) return { url: running, stop: async () => {} };
  if (!existsSync(pgDir)) throw new Error(`no DATABASE_URL and no embedded database in ${pgDir}`);
  const { startEmbeddedPostgres } = require(join(DIST, 'database', 'embedded-postgres.js'));
  const embedded = await startEmbeddedPostgres(pgDir);
  return { url: embedded.url, stop: embedded.stop };
}

function usage(message) {
  console.error(`audit:verify: ${message}`);
  console.error('usage: node scripts/audit-verify.mjs [--json]');
  process.exit(2);
}

async function main() {
  const args = process.argv.slice(2);
  for (const a of args) if (a !== '--json') usage(`unknown option ${a}`);
  const json = args.includes('--json');
  const chainModule = join(DIST, 'modules', 'audit', 'audit-chain.js');
  if (!existsSync(chainModule)) {
    console.error('audit:verify: dist/ is missing; run `npm run build:api` first');
    process.exit(2);
  }
  const { verifyAuditChain } = require(chainModule);
  const db = await database();
  const client = new pg.Client({
    connectionString: db.url,
    application_name: 'ocvrn-audit-verify',
  });
  let result;
  try {
    await client.connect();
    result = await verifyAuditChain(async (sql, params) => (await client.query(sql, params)).rows);
  } finally {
    await client.end().catch(() => undefined);
    await db.stop();
  }
  if (json) {
    console.log(JSON.stringify(result, null, 2));
  } else if (result.ok) {
    console.log(
      result.checked === 0
        ? 'Audit chain holds: the log is empty.'
        : `Audit chain holds: ${result.checked} entries verified, up to entry ${result.lastId} at ${result.lastAt}.\n  latest hash: ${result.lastHash}`,
    );
  } else {
    const b = result.break;
    console.log(
      [
        `Audit chain BROKEN at entry ${b.id} (${result.checked} entries checked).`,
        `  ${b.field} expected: ${b.expected}`,
        `  ${b.field} stored:   ${b.stored}`,
      ].join('\n'),
    );
  }
  process.exitCode = result.ok ? 0 : 1;
}

main().catch((err) => {
  console.error(`audit:verify: ${err.message}`);
  process.exit(2);
});
