#!/usr/bin/env node
// Synthetic directory members (`npm run seed -- --members 100000`).
//
//   --members N   how many to add (default 1,000; at most 1,000,000)
//   --seed N      the generator's seed (default 20111201); the same seed gives the same people
//   --reset       delete previously seeded members first (they are marked statement = 'seeded')
//   --batch N     rows per INSERT (default 1,000)
//
// Connects to DATABASE_URL when set; otherwise to the embedded PostgreSQL of `npm start` under
// DATA_DIR (default .data): the one already running for the app if there is one, else it is
// started here (as the app does), migrated, and stopped at the end. Without --reset a re-run
// adds N more members after the highest index already seeded (new emails). It ends with
// VACUUM (ANALYZE) users, member_search. Every seeded
// account can sign in with the password printed at the end.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  DEFAULT_SEED,
  deleteSeeded,
  hashSeedPassword,
  insertMembers,
  memberAt,
  nextSeedIndex,
  SEEDED_PASSWORD,
} from './seed-lib.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist', 'apps', 'api', 'src', 'database');
const require = createRequire(import.meta.url);

function usage(message) {
  if (message) console.error(`seed: ${message}`);
  console.error(
    'usage: node scripts/seed.mjs [--members N (1..1000000, default 1000)] [--seed N] [--reset] [--batch N]',
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { members: 1000, seed: DEFAULT_SEED, reset: false, batch: 1000 };
  const int = (name, v, min, max) => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min || n > max)
      usage(`${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--members':
        opts.members = int('--members', value(), 1, 1_000_000);
        break;
      case '--seed':
        opts.seed = int('--seed', value(), 0, 2 ** 32 - 1);
        break;
      case '--batch':
        opts.batch = int('--batch', value(), 1, 10_000);
        break;
      case '--reset':
        opts.reset = true;
        break;
      case '--help':
      case '-h':
        usage();
        break;
      default:
        usage(`unknown option ${argv[i]}`);
    }
  }
  return opts;
}

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
  const { runMigrations } = require(join(DIST, 'migrate.js'));
  if (process.env.DATABASE_URL) {
    console.log('Database: DATABASE_URL');
    return { url: process.env.DATABASE_URL, runMigrations, stop: async () => undefined };
  }
  const dataDir = resolve(process.env.DATA_DIR || '.data');
  const pgDir = join(dataDir, 'postgres');
  const running = runningEmbedded(pgDir);
  if (running) {
    console.log(`Database: the embedded PostgreSQL already running under ${dataDir}`);
    return { url: running, runMigrations, stop: async () => undefined };
  }
  console.log(`Database: starting the embedded PostgreSQL in ${pgDir} …`);
  const { startEmbeddedPostgres } = require(join(DIST, 'embedded-postgres.js'));
  const embedded = await startEmbeddedPostgres(pgDir);
  return { url: embedded.url, runMigrations, stop: embedded.stop };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(join(DIST, 'migrate.js'))) {
    console.error('seed: dist/ is missing; run `npm run build:api` first (npm run seed does)');
    process.exit(1);
  }
  const started = performance.now();
  const db = await database();
  let pool;
  try {
    const applied = await db.runMigrations(db.url);
    if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);
    pool = new pg.Pool({ connectionString: db.url, max: 2, application_name: 'ocvrn-seed' });
    // pool.end() does not wait for each backend to read the goodbye, so stopping PostgreSQL
    // right after may reach an idle connection as 57P01: harmless then, not worth a crash.
    pool.on('error', (err) => {
      if (err.code !== '57P01') console.error(`seed: idle connection: ${err.message}`);
    });
    if (opts.reset) {
      const t = performance.now();
      const n = await deleteSeeded(pool);
      console.log(
        `Deleted ${n} previously seeded members (${((performance.now() - t) / 1000).toFixed(1)} s)`,
      );
    }
    const start = await nextSeedIndex(pool);
    const passwordHash = await hashSeedPassword();
    console.log(
      `Seeding ${opts.members.toLocaleString('en-GB')} members (seed ${opts.seed}, indexes ${start + 1}–${start + opts.members}) …`,
    );
    const t = performance.now();
    let lastPrint = 0;
    const inserted = await insertMembers(pool, {
      start,
      count: opts.members,
      seed: opts.seed,
      passwordHash,
      batchSize: opts.batch,
      onProgress: (done, total) => {
        const now = performance.now();
        if (done === total || now - lastPrint > 2000) {
          lastPrint = now;
          const rate = done / ((now - t) / 1000);
          console.log(
            `  ${done.toLocaleString('en-GB')} / ${total.toLocaleString('en-GB')} (${Math.round(rate).toLocaleString('en-GB')} rows/s)`,
          );
        }
      },
    });
    const insertSeconds = (performance.now() - t) / 1000;
    const ta = performance.now();
    // VACUUM as well as ANALYZE: sets hint bits and the visibility map now (index-only
    // scans), instead of leaving that to the first readers and to autovacuum.
    await pool.query('VACUUM (ANALYZE) users, member_search');
    const analyzeSeconds = (performance.now() - ta) / 1000;
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM users WHERE statement = 'seeded'`,
    );
    const skipped = opts.members - inserted;
    const sample = [start, start + 1, start + 2].map((i) => memberAt(i, opts.seed));
    console.log(
      [
        '',
        `Inserted ${inserted.toLocaleString('en-GB')} members in ${insertSeconds.toFixed(1)} s` +
          (skipped ? ` (${skipped} skipped: email already present)` : '') +
          `; VACUUM (ANALYZE) ${analyzeSeconds.toFixed(1)} s; ${((performance.now() - started) / 1000).toFixed(1)} s in all.`,
        `Seeded members now in the database: ${rows[0].n.toLocaleString('en-GB')}.`,
        `Every seeded account signs in with the password: ${SEEDED_PASSWORD}`,
        `For example: ${sample.map((m) => `${m.name} <${m.email}>`).join(', ')}`,
        '',
      ].join('\n'),
    );
  } finally {
    await pool?.end().catch(() => undefined);
    await db.stop().catch((err) => console.error(`seed: stopping PostgreSQL: ${err.message}`));
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`seed failed: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
