// The events step of `npm run bench`: registrations under contention. Every registration of
// one event locks that event's row (RegistrationsService.register: SELECT … FOR UPDATE OF e),
// so registrations on one event are made one at a time.
//
//   A. one event: C concurrent clients (100, keep-alive, one connection each) register
//      distinct members, as fast as they can, R registrations in all (2,000);
//   B. the same clients, members and total, spread round-robin over S events (100).
//
// A and B alternate (AB, BA, AB…) so load noise is shared; each run gets fresh events whose
// capacity seats the same share of registrations in both (500 of 2,000 on the one event;
// 5 of 20 on each of the 100), so both take the seat and the waitlist paths alike.
// Figures: registrations/s and p50/p95/p99 per run, medians over runs, the ratios B/A
// (throughput) and A/B (p99); a one-at-a-time baseline (no contention); CPU per registration
// of the app, PostgreSQL and the bench client; WAL bytes per registration; and where the
// app's database connections spend their time (pg_stat_activity sampled every 20 ms:
// waiting for the event row lock, for the commit-time NOTIFY lock, idle in a transaction
// while the app prepares its next statement, running which statement); SQL execution and
// planning time by statement (pg_stat_statements, preloaded in the step's embedded cluster);
// time the app and PostgreSQL were runnable but waiting for a CPU (/proc/<pid>/schedstat); and
// the latency of an unrelated request (GET /api/auth/me every 100 ms) meanwhile. Afterwards SQL
// checks that no event went over capacity and that its counters match its rows.
//
// Members are seeded straight into the database, each with a session, and their access
// tokens signed with the JWT secret the bench gave the app (as the fan-out step does): one
// argon2 login per registering member would cost more than the benchmark itself. A few
// members (BENCH_EVENTS_LOGINS) sign in through POST /api/auth/login instead and register like
// the others, so the real path is in the mix; the per-request work (JWT check + identity
// query) is the same for both kinds of token.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { removeTempDir } from './lib/cleanup.mjs';
import { createDatabase, startPostgres } from './lib/embedded-pg.mjs';
import { mintToken } from './lib/fanout.mjs';
import { cpuMsBetween, cpuMsOf, cpuTreeSnapshot, freePort, sleep } from './lib/proc.mjs';
import { appEnv, spawnNode, stopOnCleanup, waitHealthy } from './lib/server.mjs';
import { fmtMs, fmtS, fmtX, median, percentile, sortedCopy } from './lib/stats.mjs';
import { hashSeedPassword } from '../scripts/seed-lib.mjs';

/** The app's TypeORM pool (app.module.ts: poolSize ?? 20). */
const APP_POOL = 20;
const DAY = 24 * 60 * 60 * 1000;
const int = (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-GB') : 'n/a');
const rate = (v) => (Number.isFinite(v) ? `${Math.round(v).toLocaleString('en-GB')} reg/s` : 'n/a');
const pct = (v) => (Number.isFinite(v) ? `${(v * 100).toFixed(0)}%` : 'n/a');
const cpuText = (v) => (Number.isFinite(v) ? `${v.toFixed(2)} ms` : 'n/a');

// ---------------------------------------------------------------------------------------
// HTTP

async function getJson(url, { method = 'GET', headers, body, timeoutMs = 15_000 } = {}) {
  const res = await fetch(url, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

async function expectOk(what, promise, wanted = [200, 201]) {
  const r = await promise;
  if (!wanted.includes(r.status)) {
    throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.json).slice(0, 400)}`);
  }
  return r.json;
}

/** One request without a body on a keep-alive agent; resolves (never rejects) with its outcome. */
function postEmpty(agent, port, path, token, timeoutMs, method = 'POST') {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let settled = false;
    const done = (v) => {
      if (settled) return;
      settled = true;
      resolve({ ...v, ms: performance.now() - t0 });
    };
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          ...(method === 'POST' ? { 'content-length': '0' } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          done({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (err) => done({ status: 0, error: err.message }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => done({ status: 0, error: err.message }));
    req.end();
  });
}

/** A wall-clock time in UTC as the API takes it (no offset), `ms` from now. */
function utcWallClock(ms) {
  return new Date(Date.now() + ms).toISOString().slice(0, 16);
}

// ---------------------------------------------------------------------------------------
// What the app's database connections are doing (pg_stat_activity, sampled)

/** The statement a backend is running (or last ran), by the SQL the app sends. */
function statementOf(query) {
  const q = query ?? '';
  if (/FOR UPDATE OF e/.test(q)) return 'find event (locking)';
  if (/INSERT INTO event_registrations/.test(q)) return 'insert registration';
  if (/^\s*UPDATE events SET/.test(q)) return 'update counters';
  if (/SELECT capacity, seats_taken, waitlist_length FROM events/.test(q)) return 'read counters';
  if (/INSERT INTO "notifications"/i.test(q)) return 'insert notification';
  if (/pg_notify/.test(q)) return 'pg_notify';
  if (/socket_io_attachments/.test(q)) return 'socket.io adapter';
  if (/^\s*COMMIT/i.test(q)) return 'commit';
  if (/^\s*(BEGIN|START TRANSACTION)/i.test(q)) return 'begin';
  if (/^\s*ROLLBACK/i.test(q)) return 'rollback';
  if (/FROM users u JOIN sessions s/.test(q)) return 'identity (auth)';
  if (/FROM events e JOIN users o/.test(q)) return 'find event (after commit)';
  if (/notifications/.test(q)) return 'outbox dispatcher';
  return 'other';
}

/** The state of one backend: where its time goes at this instant. */
function stateOf(row) {
  if (row.state === 'idle') return 'idle (free in the pool)';
  if (row.state === 'idle in transaction') return 'in a transaction, waiting for the app';
  if (row.state !== 'active') return row.state ?? 'unknown';
  if (!row.wait_event_type) return 'running';
  if (row.wait_event_type === 'Lock') {
    if (row.wait_event === 'transactionid' || row.wait_event === 'tuple')
      return 'waiting for a row lock';
    if (row.wait_event === 'object') return 'waiting for the NOTIFY commit lock';
    return `waiting for a lock (${row.wait_event})`;
  }
  if (/^WAL/.test(row.wait_event ?? '')) return 'WAL write / flush';
  return `${row.wait_event_type}: ${row.wait_event}`;
}

/**
 * Samples pg_stat_activity for the app's pooled connections (application_name 'ocvrn')
 * every `intervalMs` until stop(): the mean number of backends in each state, and in each
 * state × statement; the share of samples in which anyone waited for a row lock / for the
 * NOTIFY lock.
 */
function activitySampler(client, intervalMs = 20) {
  let stopped = false;
  let samples = 0;
  const byState = new Map();
  const byDetail = new Map();
  const adapter = new Map(); // the Socket.IO adapter's own pool (its pg_notify per broadcast)
  const anyWaiting = { rowLock: 0, notifyLock: 0 };
  const loop = (async () => {
    while (!stopped) {
      const t = performance.now();
      try {
        const { rows } = await client.query(
          `SELECT application_name, state, wait_event_type, wait_event, query
             FROM pg_stat_activity
            WHERE datname = current_database()
              AND application_name IN ('ocvrn', 'ocvrn-socket.io') AND pid <> pg_backend_pid()`,
        );
        samples++;
        let row = false;
        let notify = false;
        for (const r of rows) {
          const state = stateOf(r);
          if (state === 'waiting for the NOTIFY commit lock') notify = true;
          if (r.application_name !== 'ocvrn') {
            adapter.set(state, (adapter.get(state) ?? 0) + 1);
            continue;
          }
          byState.set(state, (byState.get(state) ?? 0) + 1);
          if (state.startsWith('idle (')) continue;
          const key = `${state} · ${statementOf(r.query)}`;
          byDetail.set(key, (byDetail.get(key) ?? 0) + 1);
          if (state === 'waiting for a row lock') row = true;
        }
        if (row) anyWaiting.rowLock++;
        if (notify) anyWaiting.notifyLock++;
      } catch {
        // a failed sample is skipped
      }
      const wait = intervalMs - (performance.now() - t);
      if (wait > 0) await sleep(wait);
    }
  })();
  const means = (m) =>
    Object.fromEntries(
      [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, v / Math.max(1, samples)]),
    );
  return {
    async stop() {
      stopped = true;
      await loop;
      return {
        samples,
        intervalMs,
        meanBackends: means(byState),
        meanBackendsByStatement: means(byDetail),
        socketIoAdapterBackends: means(adapter),
        shareWithRowLockWaiters: anyWaiting.rowLock / Math.max(1, samples),
        shareWithNotifyLockWaiters: anyWaiting.notifyLock / Math.max(1, samples),
      };
    },
  };
}

/**
 * An unrelated request (GET /api/auth/me: the identity query and a user read) one at a time
 * every `intervalMs` until stop(): how the rest of the API fares while registrations run.
 */
function prober(port, token, intervalMs = 100) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const ms = [];
  let failed = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const t = performance.now();
      const r = await postEmpty(agent, port, '/api/auth/me', token, 30_000, 'GET');
      if (r.status === 200) ms.push(r.ms);
      else failed++;
      const wait = intervalMs - (performance.now() - t);
      if (wait > 0 && !stopped) await sleep(wait);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      agent.destroy();
      const s = sortedCopy(ms);
      return {
        requests: ms.length,
        failed,
        p50: percentile(s, 50),
        p95: percentile(s, 95),
        max: s.length ? s[s.length - 1] : NaN,
      };
    },
  };
}

/** The statements a registration runs while it holds the event's row lock. */
const UNDER_LOCK = new Set([
  'find event (locking)',
  'insert registration',
  'update counters',
  'read counters',
  'insert notification',
  'pg_notify',
  'commit',
]);

/**
 * What the holders of an event's row lock are doing: mean backends by state, over the
 * statements of the locked part of a registration (lock waiters left out). With one event
 * there is at most one holder, so each mean is the share of time the lock is held that way.
 */
function holderStates(meanByStatement) {
  const out = {};
  for (const [key, v] of Object.entries(meanByStatement)) {
    const [state, statement] = key.split(' · ');
    if (!UNDER_LOCK.has(statement) || state === 'waiting for a row lock') continue;
    out[state] = (out[state] ?? 0) + v;
  }
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]));
}

/** SQL execution time per registration by statement (pg_stat_statements), as one line. */
function statementsText(st, n = 7) {
  if (!st) return 'n/a';
  const total = Object.values(st).reduce((a, x) => a + x.msPerRegistration, 0);
  const parts = Object.entries(st)
    .filter(([, x]) => x.msPerRegistration >= 0.005)
    .slice(0, n)
    .map(
      ([k, x]) =>
        `${k} ${x.msPerRegistration.toFixed(2)}` +
        (Math.abs(x.callsPerRegistration - 1) > 0.05
          ? ` (${x.callsPerRegistration.toFixed(2)} calls)`
          : ''),
    );
  const plan = Object.values(st).reduce((a, x) => a + (x.planMsPerRegistration ?? 0), 0);
  return `${total.toFixed(2)} ms in all (planning ${plan.toFixed(2)}): ${parts.join(', ')}`;
}

// ---------------------------------------------------------------------------------------
// The step

/**
 * ctx: { root, main, jwtSecret, adminEmail, adminPassword, config, startTimeoutMs,
 * freshTempDir, say, step }; config: { members, registrations, clients, spread, capacity,
 * spreadCapacity (null: the same share of seats as the one event), rounds, warmup, serial,
 * logins, runTimeoutMs, budgetMs, requestTimeoutMs }.
 */
export async function eventsStep(ctx) {
  const { config: C, say, step } = ctx;
  const stepStarted = perfNow();
  const R = C.registrations;
  const S = C.spread;
  const members = Math.max(C.members, R);
  const perSpreadEvent = Math.ceil(R / S);
  const spreadCapacity =
    C.spreadCapacity ?? Math.max(1, Math.round((C.capacity * perSpreadEvent) / R));
  say(
    `\n6. Events: registrations under contention, ${C.clients} concurrent clients (keep-alive), ` +
      `${int(R)} registrations a run; A: one event (capacity ${int(C.capacity)}), ` +
      `B: spread round-robin over ${S} events (capacity ${int(spreadCapacity)} each, ~${perSpreadEvent} registrations each); ` +
      `${C.rounds} pair(s), alternating`,
  );
  if (members > C.members) step(`members raised to ${int(members)}: one member per registration`);

  // PostgreSQL: DATABASE_URL's server, else a fresh embedded cluster.
  let serverUrl;
  let database;
  let pgPid = null;
  let pgDir = null;
  let stopPg = async () => undefined;
  let t = perfNow();
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL;
    database = 'DATABASE_URL';
  } else {
    pgDir = ctx.freshTempDir('ocvrn-bench-events-');
    let pgs = await startPostgres(join(pgDir, 'postgres'));
    if (C.statements) {
      // pg_stat_statements, for SQL time per statement: preloaded, so a restart.
      const c = new pg.Client({ connectionString: pgs.url });
      await c.connect();
      try {
        await c.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
      } finally {
        await c.end();
      }
      await pgs.stop();
      pgs = await startPostgres(join(pgDir, 'postgres'));
      const c2 = new pg.Client({ connectionString: pgs.url });
      await c2.connect();
      try {
        // Planning time too (the app's statements are parsed and planned on every call).
        await c2.query(`ALTER SYSTEM SET pg_stat_statements.track_planning = on`);
        await c2.query(`SELECT pg_reload_conf()`);
      } catch {
        // exec times only
      } finally {
        await c2.end();
      }
    }
    serverUrl = pgs.url;
    pgPid = pgs.pid;
    stopPg = pgs.stop;
    database = 'embedded (fresh cluster)';
  }
  const dbName = `ocvrn_events_bench_${process.pid}`;
  const db = await createDatabase(serverUrl, dbName);
  step(`PostgreSQL: ${database}, database ${dbName} (${fmtS((perfNow() - t) / 1000)})`);

  // The app.
  const appDir = ctx.freshTempDir('ocvrn-bench-events-app-');
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const app = spawnNode(ctx.main, {
    name: 'app (events)',
    cwd: ctx.root,
    env: appEnv({
      PORT: String(appPort),
      HOST: '127.0.0.1',
      DATA_DIR: join(appDir, 'data'),
      DATABASE_URL: db.url,
      JWT_SECRET: ctx.jwtSecret,
      ADMIN_EMAIL: ctx.adminEmail,
      ADMIN_PASSWORD: ctx.adminPassword,
      PUBLIC_URL: 'https://ocvrn.example.org',
      SECURE_COOKIES: 'false',
      AUTH_RATE_LIMIT: '100000',
      LOG_LEVEL: 'warn',
    }),
  });
  const stopApp = stopOnCleanup(app, {});
  const agents = [];
  const pool = new pg.Pool({ connectionString: db.url, max: 2, application_name: 'ocvrn-bench' });
  pool.on('error', () => undefined);
  const sampler = new pg.Client({ connectionString: db.url, application_name: 'ocvrn-bench' });
  sampler.on('error', () => undefined);
  let samplerConnected = false;

  const teardown = async () => {
    for (const a of agents) a.destroy();
    if (samplerConnected) await sampler.end().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await stopApp();
    await db.drop();
    await stopPg();
    removeTempDir(appDir);
    if (pgDir) removeTempDir(pgDir);
  };

  try {
    const appHealthy = await waitHealthy(app, appUrl, { timeoutMs: ctx.startTimeoutMs });
    step(`app up and migrated in ${fmtS(appHealthy.ms / 1000)}`);
    await sampler.connect();
    samplerConnected = true;
    const settings = Object.fromEntries(
      await Promise.all(
        ['server_version', 'fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers'].map(
          async (name) => [name, (await pool.query(`SHOW ${name}`)).rows[0][name]],
        ),
      ),
    );
    let statementsOn = false;
    if (C.statements) {
      try {
        await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
        await pool.query(
          'SELECT count(*) FROM pg_stat_statements WHERE dbid = 0', // fails when not preloaded
        );
        statementsOn = true;
      } catch (err) {
        step(`pg_stat_statements not available (${err.message.split('\n')[0]}); no SQL times`);
      }
    }
    settings.pg_stat_statements = statementsOn ? 'on' : 'off';

    // Members (each with a session) and one editor, straight into the database.
    t = perfNow();
    const tag = `${process.pid}`;
    const editor = {
      email: `bench-events-editor-${tag}@ocvrn.example.org`,
      password: randomBytes(12).toString('base64url'),
    };
    const memberPassword = randomBytes(12).toString('base64url');
    const memberHash = await hashSeedPassword(memberPassword);
    await pool.query(
      `INSERT INTO users (email, password_hash, name, organisation, sector, country, statement,
                          status, roles, decided_at)
       VALUES ($1, $2, 'Bench Organiser', 'University of Leeds', 'academia', 'GB',
               'Events organiser (bench)', 'approved', '{member,editor}', now())`,
      [editor.email, await hashSeedPassword(editor.password)],
    );
    const { rows: users } = await pool.query(
      `INSERT INTO users (email, password_hash, name, organisation, sector, country, statement,
                          status, roles, decided_at)
       SELECT 'bench-events-member-' || g || '-' || $2 || '@example.org', $3,
              'Bench Member ' || g, 'Bench University', 'academia', 'GB',
              'Synthetic member for the events benchmark', 'approved', '{member}', now()
         FROM generate_series(1, $1::int) g
       RETURNING id, email`,
      [members, tag, memberHash],
    );
    const { rows: sessions } = await pool.query(
      `INSERT INTO sessions (user_id, user_agent)
       SELECT u, 'ocvrn-bench' FROM unnest($1::uuid[]) WITH ORDINALITY AS x(u, n) ORDER BY n
       RETURNING id, user_id`,
      [users.map((u) => u.id)],
    );
    const sessionOf = new Map(sessions.map((s) => [s.user_id, s.id]));
    const clients = users.map((u) => ({
      id: u.id,
      email: u.email,
      token: mintToken(ctx.jwtSecret, { userId: u.id, sessionId: sessionOf.get(u.id) }, 4 * 3600),
      loggedIn: false,
    }));
    await pool.query('VACUUM (ANALYZE) users, sessions');
    const seeding = { members, seconds: (perfNow() - t) / 1000 };
    step(
      `seeded ${int(members)} members with sessions and 1 organiser in ${fmtS(seeding.seconds)}`,
    );

    // The organiser signs in; a few members too (the real path), spread over the list.
    const organiser = await expectOk(
      'organiser login',
      getJson(`${appUrl}/api/auth/login`, { method: 'POST', body: editor }),
      [200],
    );
    const asOrganiser = { authorization: `Bearer ${organiser.accessToken}` };
    const loginMs = [];
    t = perfNow();
    {
      const n = Math.min(C.logins, members);
      const picks = Array.from({ length: n }, (_, k) => Math.floor((k * members) / n));
      let next = 0;
      const worker = async () => {
        while (next < picks.length) {
          const c = clients[picks[next++]];
          const t0 = perfNow();
          const login = await expectOk(
            `login ${c.email}`,
            getJson(`${appUrl}/api/auth/login`, {
              method: 'POST',
              body: { email: c.email, password: memberPassword },
            }),
            [200],
          );
          loginMs.push(perfNow() - t0);
          c.token = login.accessToken;
          c.loggedIn = true;
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
    }
    const logins = {
      count: loginMs.length,
      seconds: (perfNow() - t) / 1000,
      medianMs: median(loginMs),
    };
    // A minted token is accepted as a signed-in one is.
    const me = await expectOk(
      'GET /api/auth/me with a minted token',
      getJson(`${appUrl}/api/auth/me`, {
        headers: { authorization: `Bearer ${clients.find((c) => !c.loggedIn).token}` },
      }),
      [200],
    );
    if (!me?.roles?.includes('member')) throw new Error(`minted token: ${JSON.stringify(me)}`);
    step(
      `organiser and ${logins.count} members signed in through POST /api/auth/login ` +
        `(${fmtS(logins.seconds)}, ${fmtMs(logins.medianMs)} each, 4 at a time); ` +
        `${int(members - logins.count)} tokens signed by the bench (checked with GET /api/auth/me)`,
    );

    // Events: a fresh one (A) or a fresh set of S (B) for every run, all made up front so the
    // events table is the same size throughout.
    const createEvent = async (label, capacity) => {
      const e = await expectOk(
        `create event ${label}`,
        getJson(`${appUrl}/api/events`, {
          method: 'POST',
          headers: asOrganiser,
          body: {
            title: `Bench workshop ${label}`,
            kind: 'workshop',
            timezone: 'UTC',
            startsAt: utcWallClock(30 * DAY),
            endsAt: utcWallClock(30 * DAY + 3 * 3600_000),
            capacity,
          },
        }),
        [201],
      );
      return e.id;
    };
    const createSet = async (label, count, capacity) => {
      const ids = new Array(count);
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(8, count) }, async () => {
          while (next < count) {
            const i = next++;
            ids[i] = await createEvent(`${label}.${i + 1}`, capacity);
          }
        }),
      );
      return ids;
    };
    t = perfNow();
    const warmupR = Math.min(R, C.warmup);
    const serialR = Math.min(R, C.serial);
    const plan = [];
    if (warmupR > 0) {
      plan.push({ scenario: 'A', phase: 'warm-up', total: warmupR });
      plan.push({ scenario: 'B', phase: 'warm-up', total: warmupR });
    }
    for (let p = 0; p < C.rounds; p++) {
      const order = p % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
      for (const scenario of order)
        plan.push({ scenario, phase: 'measured', pair: p + 1, total: R });
    }
    // Same share of seats everywhere: warm-up and serial events scaled like A's.
    const scaled = (n) => Math.max(1, Math.round((C.capacity * n) / R));
    const serialEvent =
      serialR > 0
        ? { id: await createEvent('serial', scaled(serialR)), capacity: scaled(serialR) }
        : null;
    for (const [k, run] of plan.entries()) {
      if (run.scenario === 'A') {
        run.capacity = run.phase === 'warm-up' ? scaled(run.total) : C.capacity;
        run.eventIds = [await createEvent(`A${k + 1}`, run.capacity)];
      } else {
        run.capacity =
          run.phase === 'warm-up' && C.spreadCapacity === null
            ? scaled(Math.ceil(run.total / S))
            : spreadCapacity;
        run.eventIds = await createSet(`B${k + 1}`, S, run.capacity);
      }
    }
    const eventCount = plan.reduce((n, r) => n + r.eventIds.length, 0) + (serialEvent ? 1 : 0);
    step(
      `${eventCount} events created through POST /api/events in ${fmtS((perfNow() - t) / 1000)}`,
    );
    await pool.query('VACUUM (ANALYZE) events');

    // The clients: one keep-alive connection each.
    for (let i = 0; i < C.clients; i++) {
      agents.push(new http.Agent({ keepAlive: true, maxSockets: 1, keepAliveMsecs: 10_000 }));
    }
    const stepDeadline = stepStarted + C.budgetMs + C.runTimeoutMs; // nothing runs past this

    /** Registrations i = 0…total-1: member (offset + i), event i mod eventIds.length. */
    const load = async ({ eventIds, total, concurrency, offset, untilMs }) => {
      const latencies = [];
      const statusCounts = {};
      const placed = { confirmed: 0, waitlisted: 0 };
      const createdPerEvent = new Map();
      const errors = [];
      let next = 0;
      let cut = false;
      const t0 = perfNow();
      let tLast = t0;
      const worker = async (agent) => {
        for (;;) {
          if (perfNow() >= untilMs) {
            cut = true;
            return;
          }
          const i = next++;
          if (i >= total) return;
          const eventId = eventIds[i % eventIds.length];
          const member = clients[(offset + i) % clients.length];
          const r = await postEmpty(
            agent,
            appPort,
            `/api/events/${eventId}/registrations`,
            member.token,
            C.requestTimeoutMs,
          );
          tLast = perfNow();
          statusCounts[r.status] = (statusCounts[r.status] ?? 0) + 1;
          if (r.status === 201 || r.status === 200) {
            latencies.push(r.ms);
            if (r.status === 201)
              createdPerEvent.set(eventId, (createdPerEvent.get(eventId) ?? 0) + 1);
            try {
              const s = JSON.parse(r.body).status;
              if (s in placed) placed[s]++;
            } catch {
              // counted by status code only
            }
          } else if (errors.length < 5) {
            errors.push(`HTTP ${r.status} ${(r.error ?? r.body ?? '').slice(0, 200)}`);
          }
        }
      };
      await Promise.all(agents.slice(0, concurrency).map(worker));
      const seconds = (tLast - t0) / 1000;
      const s = sortedCopy(latencies);
      let sum = 0;
      for (const v of s) sum += v;
      return {
        registrations: latencies.length,
        attempted: Math.min(next, total),
        seconds,
        throughput: latencies.length / seconds,
        latency: {
          p50: percentile(s, 50),
          p95: percentile(s, 95),
          p99: percentile(s, 99),
          max: s.length ? s[s.length - 1] : NaN,
          mean: s.length ? sum / s.length : NaN,
        },
        statusCounts,
        placed,
        createdPerEvent,
        errors,
        cutShort: cut,
      };
    };

    const cpuSnap = () => {
      const pgTree = cpuTreeSnapshot(pgPid);
      return {
        app: cpuMsOf(app.pid),
        pg: pgTree,
        bench: process.cpuUsage(),
        // Time runnable but waiting for a CPU (the main thread; PostgreSQL's processes).
        appRunDelay: runDelayMs(app.pid),
        pgRunDelay: new Map([...pgTree.keys()].map((pid) => [pid, runDelayMs(pid)])),
      };
    };
    const walLsn = async () => (await pool.query('SELECT pg_current_wal_lsn() AS l')).rows[0].l;
    const resetStatements = async () => {
      if (!statementsOn) return;
      await pool.query(
        `SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)`,
      );
    };
    /** SQL execution time by statement since the reset, per registration (n). */
    const readStatements = async (n) => {
      if (!statementsOn) return null;
      const { rows } = await pool.query(
        `SELECT query, calls::int AS calls, total_exec_time + total_plan_time AS ms,
                total_plan_time AS plan_ms
           FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND query !~ 'pg_stat_activity|pg_stat_statements|pg_current_wal_lsn|pg_wal_lsn_diff'`,
      );
      const by = new Map();
      for (const r of rows) {
        const label = statementOf(r.query);
        const x = by.get(label) ?? { calls: 0, ms: 0, planMs: 0 };
        x.calls += r.calls;
        x.ms += r.ms;
        x.planMs += r.plan_ms;
        by.set(label, x);
      }
      const out = {};
      for (const [label, x] of [...by.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
        out[label] = {
          callsPerRegistration: x.calls / n,
          meanMs: x.ms / Math.max(1, x.calls),
          msPerRegistration: x.ms / n,
          planMsPerRegistration: x.planMs / n,
        };
      }
      return out;
    };
    const createdPerEvent = new Map(); // over every run, for the check afterwards

    const measure = async (run, k) => {
      const before = cpuSnap();
      const lsn0 = await walLsn();
      await resetStatements();
      const activity = activitySampler(sampler);
      const probe = prober(appPort, clients[clients.length - 1].token);
      const untilMs = Math.min(perfNow() + C.runTimeoutMs, stepDeadline);
      const x = await load({
        eventIds: run.eventIds,
        total: run.total,
        concurrency: run.concurrency ?? C.clients,
        offset: (k * R) % clients.length,
        untilMs,
      });
      const act = await activity.stop();
      const otherRequests = await probe.stop();
      const after = cpuSnap();
      const statements = await readStatements(Math.max(1, x.registrations));
      const { rows } = await pool.query('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1) AS d', [
        lsn0,
      ]);
      for (const [id, n] of x.createdPerEvent)
        createdPerEvent.set(id, (createdPerEvent.get(id) ?? 0) + n);
      const n = Math.max(1, x.registrations);
      const benchCpu = process.cpuUsage(before.bench);
      const rest = { ...x };
      delete rest.createdPerEvent;
      return {
        scenario: run.scenario,
        phase: run.phase,
        pair: run.pair ?? null,
        events: run.eventIds.length,
        capacity: run.capacity,
        concurrency: run.concurrency ?? C.clients,
        ...rest,
        cpuMsPerRegistration: {
          app: (after.app - before.app) / n,
          postgres: cpuMsBetween(before.pg, after.pg) / n,
          benchClient: (benchCpu.user + benchCpu.system) / 1000 / n,
        },
        cpuCoresBusy: {
          app: (after.app - before.app) / 1000 / x.seconds,
          postgres: cpuMsBetween(before.pg, after.pg) / 1000 / x.seconds,
          benchClient: (benchCpu.user + benchCpu.system) / 1e6 / x.seconds,
        },
        waitingForCpu: {
          // Share of the run the app's main thread was runnable but not running.
          appShare: (after.appRunDelay - before.appRunDelay) / 1000 / x.seconds,
          // PostgreSQL processes' run-queue time, summed, per registration.
          postgresMsPerRegistration:
            [...after.pgRunDelay].reduce(
              (sum, [pid, ms]) =>
                Number.isFinite(ms) ? sum + ms - (before.pgRunDelay.get(pid) ?? 0) : sum,
              0,
            ) / n,
        },
        loadAverage: loadavg()[0],
        walBytesPerRegistration: Number(rows[0].d) / n,
        activity: act,
        otherRequests,
        statements,
      };
    };

    const runLine = (x) => {
      const l = x.latency;
      const bad = Object.entries(x.statusCounts)
        .filter(([code]) => code !== '201')
        .map(([code, n]) => `${n}× ${code === '0' ? 'no answer' : `HTTP ${code}`}`);
      const where = Object.entries(x.activity.meanBackends)
        .filter(([k]) => !k.startsWith('idle ('))
        .slice(0, 4)
        .map(([k, v]) => `${k} ${v.toFixed(1)}`)
        .join(', ');
      const label =
        x.phase === 'measured'
          ? `${x.scenario} pair ${x.pair}`
          : x.phase === 'serial'
            ? 'one at a time'
            : `${x.scenario} warm-up`;
      return (
        `${label.padEnd(13)} ${int(x.registrations)} in ${fmtS(x.seconds)} = ${rate(x.throughput)}; ` +
        `p50 ${fmtMs(l.p50)}, p95 ${fmtMs(l.p95)}, p99 ${fmtMs(l.p99)}, max ${fmtMs(l.max)}; ` +
        `${x.placed.confirmed} seated, ${x.placed.waitlisted} waitlisted` +
        `${bad.length ? `; ${bad.join(', ')}` : ''}${x.cutShort ? ' — CUT SHORT (time)' : ''}\n` +
        `      CPU/registration: app ${cpuText(x.cpuMsPerRegistration.app)}, postgres ${cpuText(x.cpuMsPerRegistration.postgres)}, ` +
        `client ${cpuText(x.cpuMsPerRegistration.benchClient)}; ${int(x.walBytesPerRegistration)} B WAL/registration; ` +
        `waiting for a CPU: app ${pct(x.waitingForCpu.appShare)} of the run, postgres ${cpuText(x.waitingForCpu.postgresMsPerRegistration)}/registration; load ${x.loadAverage.toFixed(2)}\n` +
        `      app DB connections (of ${APP_POOL}, mean): ${where || 'n/a'}\n` +
        `      meanwhile GET /api/auth/me every 100 ms: p50 ${fmtMs(x.otherRequests.p50)}, p95 ${fmtMs(x.otherRequests.p95)}, max ${fmtMs(x.otherRequests.max)} (${x.otherRequests.requests})\n` +
        `      SQL execution per registration: ${statementsText(x.statements, 5)}` +
        `${x.errors.length ? `\n      first errors: ${x.errors.join(' | ')}` : ''}`
      );
    };

    // Warm-up, the one-at-a-time baseline, then the pairs.
    const runs = [];
    let serial = null;
    let cutShort = null;
    let pairStarted = perfNow();
    let lastPairMs = 0;
    let planIndex = 0;
    for (const [k, run] of plan.entries()) {
      if (run.phase === 'measured' && run.pair !== plan[k - 1]?.pair) {
        // A new pair: only if it fits in the step's budget (judged by the last pair).
        if (run.pair > 1) lastPairMs = perfNow() - pairStarted;
        if (run.pair > 1 && perfNow() - stepStarted + lastPairMs > C.budgetMs) {
          cutShort = `${run.pair - 1} of ${C.rounds} pairs: the next would pass the step's budget of ${Math.round(C.budgetMs / 1000)} s`;
          step(`stopping after ${cutShort}`);
          break;
        }
        pairStarted = perfNow();
      }
      if (run.phase === 'measured' && !serial && serialEvent) {
        serial = await measure(
          {
            scenario: 'serial',
            phase: 'serial',
            eventIds: [serialEvent.id],
            capacity: serialEvent.capacity,
            total: serialR,
            concurrency: 1,
          },
          planIndex++,
        );
        step(runLine(serial));
        await sleep(300);
      }
      const x = await measure(run, planIndex++);
      runs.push(x);
      step(runLine(x));
      if (perfNow() >= stepDeadline) {
        cutShort = 'the step ran out of time';
        break;
      }
      await sleep(300); // the outbox dispatcher catches up before the next run
    }

    // Afterwards: no event over capacity; counters match rows; seats went in arrival order.
    t = perfNow();
    const allIds = [...plan.flatMap((r) => r.eventIds), ...(serialEvent ? [serialEvent.id] : [])];
    const { rows: checks } = await pool.query(
      `SELECT e.id, e.capacity, e.seats_taken, e.waitlist_length,
              count(r.user_id) FILTER (WHERE r.status = 'confirmed')::int AS confirmed,
              count(r.user_id) FILTER (WHERE r.status = 'waitlisted')::int AS waitlisted,
              coalesce(max(r.seq) FILTER (WHERE r.status = 'confirmed') <
                       min(r.seq) FILTER (WHERE r.status = 'waitlisted'), true) AS seats_in_order
         FROM events e LEFT JOIN event_registrations r ON r.event_id = e.id
        WHERE e.id = ANY($1::uuid[])
        GROUP BY e.id`,
      [allIds],
    );
    const verification = {
      events: checks.length,
      registrations: checks.reduce((n, c) => n + c.confirmed + c.waitlisted, 0),
      responses201: [...createdPerEvent.values()].reduce((a, b) => a + b, 0),
      overCapacity: checks.filter((c) => c.capacity !== null && c.seats_taken > c.capacity).length,
      seatsCounterMismatch: checks.filter((c) => c.seats_taken !== c.confirmed).length,
      waitlistCounterMismatch: checks.filter((c) => c.waitlisted !== c.waitlist_length).length,
      seatsNotFilled: checks.filter(
        (c) => c.confirmed !== Math.min(c.capacity, c.confirmed + c.waitlisted),
      ).length,
      seatsOutOfArrivalOrder: checks.filter((c) => !c.seats_in_order).length,
      rowsNot201: checks.filter(
        (c) => c.confirmed + c.waitlisted !== (createdPerEvent.get(c.id) ?? 0),
      ).length,
      seconds: (perfNow() - t) / 1000,
    };
    verification.allGood =
      verification.overCapacity +
        verification.seatsCounterMismatch +
        verification.waitlistCounterMismatch +
        verification.seatsNotFilled +
        verification.seatsOutOfArrivalOrder +
        verification.rowsNot201 ===
      0;
    step(verificationLine(verification));

    await teardown();
    const result = summarise(runs, serial);
    Object.assign(result, {
      database,
      settings,
      members,
      clients: C.clients,
      appPool: APP_POOL,
      registrationsPerRun: R,
      spreadEvents: S,
      capacity: { oneEvent: C.capacity, eachSpreadEvent: spreadCapacity },
      seeding,
      logins,
      runs,
      serial,
      verification,
      cutShort,
      stepSeconds: (perfNow() - stepStarted) / 1000,
      appProblemLines: app.problems,
    });
    if (app.problems.length) {
      step(`the app printed ${app.problems.length} warning/error lines (in the JSON)`);
    }
    return result;
  } catch (err) {
    await teardown().catch(() => undefined);
    throw err;
  }
}

function perfNow() {
  return performance.now();
}

/** /proc/<pid>/schedstat: ms spent runnable on a run queue but not running (NaN if unreadable). */
function runDelayMs(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return NaN;
  }
}

function verificationLine(v) {
  return (
    `check in SQL (${v.events} events, ${int(v.registrations)} registration rows, ${int(v.responses201)} answered 201): ` +
    `${v.overCapacity} over capacity, ${v.seatsCounterMismatch} with seats_taken ≠ seated rows, ` +
    `${v.waitlistCounterMismatch} with waitlist_length ≠ waitlisted rows, ${v.seatsNotFilled} with a seat free while someone waits, ` +
    `${v.seatsOutOfArrivalOrder} seated out of arrival order, ${v.rowsNot201} with rows ≠ 201 answers` +
    ` — ${v.allGood ? 'all consistent' : 'INCONSISTENT'}`
  );
}

/** Medians over runs of pg_stat_statements figures, by statement. */
function statementMedians(xs) {
  const with_ = xs.filter((x) => x.statements);
  if (!with_.length) return null;
  const labels = new Set(with_.flatMap((x) => Object.keys(x.statements)));
  const out = {};
  for (const k of labels) {
    const m = (f) => median(with_.map((x) => (x.statements[k] ? f(x.statements[k]) : 0)));
    out[k] = {
      callsPerRegistration: m((v) => v.callsPerRegistration),
      meanMs: m((v) => v.meanMs),
      msPerRegistration: m((v) => v.msPerRegistration),
      planMsPerRegistration: m((v) => v.planMsPerRegistration),
    };
  }
  return Object.fromEntries(
    Object.entries(out).sort((p, q) => q[1].msPerRegistration - p[1].msPerRegistration),
  );
}

function summarise(runs, serial) {
  const side = (scenario) => {
    const xs = runs.filter((x) => x.phase === 'measured' && x.scenario === scenario);
    const m = (f) => median(xs.map(f));
    const activityMeans = (key) => {
      const keys = new Set(xs.flatMap((x) => Object.keys(x.activity[key])));
      return Object.fromEntries(
        [...keys].map((k) => [k, m((x) => x.activity[key][k] ?? 0)]).sort((a, b) => b[1] - a[1]),
      );
    };
    return {
      runs: xs.length,
      throughput: m((x) => x.throughput),
      eachThroughput: xs.map((x) => x.throughput),
      latency: {
        p50: m((x) => x.latency.p50),
        p95: m((x) => x.latency.p95),
        p99: m((x) => x.latency.p99),
        max: Math.max(...xs.map((x) => x.latency.max)),
      },
      eachP99: xs.map((x) => x.latency.p99),
      failed: xs.reduce(
        (n, x) =>
          n + Object.entries(x.statusCounts).reduce((a, [c, k]) => a + (c === '201' ? 0 : k), 0),
        0,
      ),
      cpuMsPerRegistration: {
        app: m((x) => x.cpuMsPerRegistration.app),
        postgres: m((x) => x.cpuMsPerRegistration.postgres),
        benchClient: m((x) => x.cpuMsPerRegistration.benchClient),
      },
      cpuCoresBusy: {
        app: m((x) => x.cpuCoresBusy.app),
        postgres: m((x) => x.cpuCoresBusy.postgres),
        benchClient: m((x) => x.cpuCoresBusy.benchClient),
      },
      walBytesPerRegistration: m((x) => x.walBytesPerRegistration),
      waitingForCpu: {
        appShare: m((x) => x.waitingForCpu.appShare),
        postgresMsPerRegistration: m((x) => x.waitingForCpu.postgresMsPerRegistration),
      },
      loadAverage: m((x) => x.loadAverage),
      otherRequests: {
        p50: m((x) => x.otherRequests.p50),
        p95: m((x) => x.otherRequests.p95),
        max: Math.max(...xs.map((x) => x.otherRequests.max)),
      },
      shareWithRowLockWaiters: m((x) => x.activity.shareWithRowLockWaiters),
      shareWithNotifyLockWaiters: m((x) => x.activity.shareWithNotifyLockWaiters),
      meanBackends: activityMeans('meanBackends'),
      meanBackendsByStatement: activityMeans('meanBackendsByStatement'),
      socketIoAdapterBackends: activityMeans('socketIoAdapterBackends'),
      statements: statementMedians(xs),
    };
  };
  const a = side('A');
  const b = side('B');
  const pairs = [...new Set(runs.filter((x) => x.pair).map((x) => x.pair))];
  const eachPair = pairs
    .map((p) => {
      const ra = runs.find((x) => x.pair === p && x.scenario === 'A');
      const rb = runs.find((x) => x.pair === p && x.scenario === 'B');
      return ra && rb
        ? {
            pair: p,
            throughputBA: rb.throughput / ra.throughput,
            p99AB: ra.latency.p99 / rb.latency.p99,
          }
        : null;
    })
    .filter(Boolean);
  return {
    oneEvent: a,
    spread: b,
    ratio: {
      throughputBA: b.throughput / a.throughput,
      p99AB: a.latency.p99 / b.latency.p99,
      p50AB: a.latency.p50 / b.latency.p50,
      eachPair,
    },
    // With one event, registrations take turns: one holds the row lock for about 1/throughput.
    oneEventMsPerRegistration: 1000 / a.throughput,
    // …and what its holder does meanwhile, in ms per registration.
    oneEventLockHolderMs: Object.fromEntries(
      Object.entries(holderStates(a.meanBackendsByStatement)).map(([k, v]) => [
        k,
        (v * 1000) / a.throughput,
      ]),
    ),
    serialMsPerRegistration: serial ? serial.latency.p50 : NaN,
  };
}

// ---------------------------------------------------------------------------------------
// Printing

function holderText(h) {
  const entries = Object.entries(h ?? {});
  if (!entries.length) return 'n/a';
  const sum = entries.reduce((a, [, v]) => a + v, 0);
  const shown = entries
    .filter(([, v]) => v >= 0.05)
    .map(([k, v]) => `${k} ${v.toFixed(1)} (${pct(v / sum)})`);
  return `${sum.toFixed(1)} ms sampled: ${shown.join(', ')}`;
}

/** Where the time goes, after the step's per-run lines. */
export function eventsReport(e) {
  const a = e.oneEvent;
  const b = e.spread;
  const s = e.serial;
  const top = (m, n = 6) =>
    Object.entries(m)
      .filter(([k]) => !k.startsWith('idle ('))
      .slice(0, n)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join('; ');
  const lines = [
    `Events, where the time goes (medians over ${a.runs} + ${b.runs} runs; ${e.clients} clients, the app's pool of ${e.appPool} connections; ` +
      `PostgreSQL ${e.settings.server_version}, fsync ${e.settings.fsync}, synchronous_commit ${e.settings.synchronous_commit}):`,
    `  one at a time (no contention): p50 ${fmtMs(s?.latency.p50)}, p99 ${fmtMs(s?.latency.p99)} a registration = ${rate(s?.throughput)} from one client`,
    `  A, one event: ${rate(a.throughput)} = one registration every ${fmtMs(e.oneEventMsPerRegistration)} ` +
      `(${e.clients} clients queued × ${fmtMs(e.oneEventMsPerRegistration)} = ${fmtMs(e.clients * e.oneEventMsPerRegistration)}; p50 ${fmtMs(a.latency.p50)}); ` +
      `someone waits for the event's row lock in ${pct(a.shareWithRowLockWaiters)} of samples, for the NOTIFY commit lock in ${pct(a.shareWithNotifyLockWaiters)}`,
    `     connections (mean of ${e.appPool}): ${top(a.meanBackends)}`,
    `     by statement: ${top(a.meanBackendsByStatement, 8)}`,
    `     the lock holder, ms per registration: ${holderText(e.oneEventLockHolderMs)}`,
    `     SQL per registration (pg_stat_statements, execution + planning; the locking find includes the queue for the lock; not the commit's WAL flush or NOTIFY lock; pg_notify: the app's and the Socket.IO adapter's): ${statementsText(a.statements, 12)}`,
    `  B, ${e.spreadEvents} events: ${rate(b.throughput)}; row-lock waiters in ${pct(b.shareWithRowLockWaiters)} of samples, NOTIFY-lock waiters in ${pct(b.shareWithNotifyLockWaiters)}`,
    `     connections (mean of ${e.appPool}): ${top(b.meanBackends)}`,
    `     by statement: ${top(b.meanBackendsByStatement, 8)}`,
    `     SQL execution per registration: ${statementsText(b.statements, 12)}`,
    `  the Socket.IO adapter's pool (a pg_notify of its own per broadcast, i.e. per registration), mean backends: ` +
      `A ${top(a.socketIoAdapterBackends, 4) || 'idle'}; B ${top(b.socketIoAdapterBackends, 4) || 'idle'}`,
    `  CPU per registration: app ${cpuText(a.cpuMsPerRegistration.app)} (A) / ${cpuText(b.cpuMsPerRegistration.app)} (B), ` +
      `postgres ${cpuText(a.cpuMsPerRegistration.postgres)} / ${cpuText(b.cpuMsPerRegistration.postgres)}, ` +
      `bench client ${cpuText(a.cpuMsPerRegistration.benchClient)} / ${cpuText(b.cpuMsPerRegistration.benchClient)}; ` +
      `cores busy: app ${a.cpuCoresBusy.app.toFixed(2)} / ${b.cpuCoresBusy.app.toFixed(2)}, ` +
      `postgres ${a.cpuCoresBusy.postgres.toFixed(2)} / ${b.cpuCoresBusy.postgres.toFixed(2)}, ` +
      `client ${a.cpuCoresBusy.benchClient.toFixed(2)} / ${b.cpuCoresBusy.benchClient.toFixed(2)}`,
    `  an unrelated request meanwhile (GET /api/auth/me every 100 ms; needs a pool connection): ` +
      `p50 / p95 ${fmtMs(a.otherRequests.p50)} / ${fmtMs(a.otherRequests.p95)} during A, ${fmtMs(b.otherRequests.p50)} / ${fmtMs(b.otherRequests.p95)} during B, ` +
      `${fmtMs(s?.otherRequests.p50)} / ${fmtMs(s?.otherRequests.p95)} beside one-at-a-time registrations`,
    `  runnable but waiting for a CPU: the app's main thread ${pct(a.waitingForCpu.appShare)} (A) / ${pct(b.waitingForCpu.appShare)} (B) of the time, ` +
      `postgres ${cpuText(a.waitingForCpu.postgresMsPerRegistration)} / ${cpuText(b.waitingForCpu.postgresMsPerRegistration)} per registration; ` +
      `1-min load average ${a.loadAverage.toFixed(2)} / ${b.loadAverage.toFixed(2)} on ${cpus().length} cores`,
    `  WAL per registration: ${int(a.walBytesPerRegistration)} B (A) / ${int(b.walBytesPerRegistration)} B (B)`,
    `  each pair, B / A throughput: ${e.ratio.eachPair.map((x) => fmtX(x.throughputBA)).join(', ')}; ` +
      `A / B p99: ${e.ratio.eachPair.map((x) => fmtX(x.p99AB)).join(', ')}`,
    `  ${verificationLine(e.verification)}`,
  ];
  return lines.join('\n');
}

/** Rows of the summary table. */
export function eventsSummaryRows(e) {
  const a = e.oneEvent;
  const b = e.spread;
  const each = (xs) => xs.map((x) => Math.round(x)).join(', ');
  const lat = (x) => `${fmtMs(x.latency.p50)} / ${fmtMs(x.latency.p95)} / ${fmtMs(x.latency.p99)}`;
  const R = e.registrationsPerRun.toLocaleString('en-GB');
  return [
    [
      `Events A: ${R} registrations, ${e.clients} clients, one event (capacity ${e.capacity.oneEvent}), median of ${a.runs}`,
      `${rate(a.throughput)} (runs ${each(a.eachThroughput)})`,
    ],
    ['Events A: p50 / p95 / p99', `${lat(a)} (p99 runs ${each(a.eachP99)} ms)`],
    [
      `Events B: the same spread over ${e.spreadEvents} events (capacity ${e.capacity.eachSpreadEvent} each), median of ${b.runs}`,
      `${rate(b.throughput)} (runs ${each(b.eachThroughput)})`,
    ],
    ['Events B: p50 / p95 / p99', `${lat(b)} (p99 runs ${each(b.eachP99)} ms)`],
    [
      'Events, ratio B / A throughput; A / B p99',
      `${fmtX(e.ratio.throughputBA)}; ${fmtX(e.ratio.p99AB)}`,
    ],
    [
      'Events, one at a time (no contention): p50 / p99',
      e.serial ? `${fmtMs(e.serial.latency.p50)} / ${fmtMs(e.serial.latency.p99)}` : 'n/a',
    ],
    [
      'Events, unrelated GET /api/auth/me meanwhile, p50 / p95: during A; B; one at a time',
      `${fmtMs(a.otherRequests.p50)} / ${fmtMs(a.otherRequests.p95)}; ${fmtMs(b.otherRequests.p50)} / ${fmtMs(b.otherRequests.p95)}; ` +
        `${fmtMs(e.serial?.otherRequests.p50)} / ${fmtMs(e.serial?.otherRequests.p95)}`,
    ],
    [
      'Events, share of samples with a row-lock waiter: A / B',
      `${pct(a.shareWithRowLockWaiters)} / ${pct(b.shareWithRowLockWaiters)}`,
    ],
    [
      'Events, CPU per registration A: app / postgres / client',
      `${cpuText(a.cpuMsPerRegistration.app)} / ${cpuText(a.cpuMsPerRegistration.postgres)} / ${cpuText(a.cpuMsPerRegistration.benchClient)}`,
    ],
    [
      'Events, CPU per registration B: app / postgres / client',
      `${cpuText(b.cpuMsPerRegistration.app)} / ${cpuText(b.cpuMsPerRegistration.postgres)} / ${cpuText(b.cpuMsPerRegistration.benchClient)}`,
    ],
    ['Events, failed requests A / B', `${a.failed} / ${b.failed}`],
    [
      `Events, SQL check over ${e.verification.events} events`,
      e.verification.allGood
        ? `consistent (0 over capacity, counters = rows, seats in arrival order)`
        : `INCONSISTENT: ${e.verification.overCapacity} over capacity, ${e.verification.seatsCounterMismatch + e.verification.waitlistCounterMismatch} counter mismatches, ${e.verification.rowsNot201} rows ≠ 201s`,
    ],
  ];
}
