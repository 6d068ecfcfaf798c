// The sign-in step of `npm run bench`: sign-ins per second per core with argon2id at the
// configured cost (19 MiB, 2 passes, 1 lane), and what the shared throttle adds, beside sign-in
// without it.
//
//   a. A fresh database; the API as it ships (built dist, rate limits counted in PostgreSQL,
//      the default store) with AUTH_RATE_LIMIT / AUTH_IP_RATE_LIMIT / AUTH_ACCOUNT_RATE_LIMIT
//      at 100,000 so no bench request is refused, and TRUST_PROXY=127.0.0.1: each virtual
//      client sends its own X-Forwarded-For, so the per-address keys are per client as with
//      real members. N members (scripts/seed-lib.mjs) each get their own hash of one known
//      password by the app's built hashPassword().
//   b. bench/bare-signin-server.mjs on the same database: POST /login does the sign-in's
//      database work and password check without the throttle; POST /login-throttled the same
//      between the app's own built SignInLimiter over its PostgreSQL store. A sign-in on each of
//      the three is checked first: 200, the same user in the answer, an access token that
//      verifies with the right subject and session, the session, refresh token and audit rows,
//      and the throttle's keys (ip and account counted, account-ip cleared) where it runs.
//   c. argon2id alone in the bench process (the built verifyPassword): one at a time, and as
//      many at once as there are cores — the ceiling of any sign-in on this machine.
//   d. Throughput: closed-loop clients at concurrency = cores and at BENCH_SIGNIN_CONCURRENCY
//      (8), each signing in the members in turn; blocks of 2 s alternate app, bare with the
//      throttle and bare (the order rotating) until each had BENCH_SIGNIN_SECONDS; sign-ins/s,
//      per core (÷ os.availableParallelism()), p50/p95/p99, CPU per sign-in of the server
//      process and of PostgreSQL.
//   e. Latency one sign-in at a time: BENCH_SIGNIN_SERIAL each, the three interleaved request
//      by request; p50/p99, and the differences: bare with the throttle − bare is the
//      throttle's added latency (also the median of the differences within each back-to-back
//      triple, and the limiter's calls as the bare server times them, in Server-Timing, here
//      and under load); app − bare is the throttle's and the framework's.
//   f. The throttle's statements timed directly on the same database (the built
//      PostgresRateLimitStore over one pg connection): per sign-in the three counting upserts
//      (ip, account-ip, account) and the reset of the account-ip key after a right password;
//      beside it, pass by pass, the same on a connection with synchronous_commit off (a what-if:
//      how much of it is waiting for the WAL flush), and with REDIS_URL set the built
//      RedisRateLimitStore (its EVAL script).
//
// Nothing is asserted. Loopback only; everything the step starts is stopped and removed.
import http from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { removeTempDir } from './lib/cleanup.mjs';
import { createDatabase, startPostgres } from './lib/embedded-pg.mjs';
import { cpuMsBetween, cpuMsOf, cpuTreeSnapshot, freePort } from './lib/proc.mjs';
import { appEnv, spawnNode, stopOnCleanup, waitForLine, waitHealthy } from './lib/server.mjs';
import { fmtMs, fmtS, loadStats, percentile, sortedCopy } from './lib/stats.mjs';
import { DEFAULT_SEED, insertMembers, memberAt } from '../scripts/seed-lib.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const BARE = join(BENCH_DIR, 'bare-signin-server.mjs');
/** High enough that the bench's own traffic is never refused (the most AppConfig accepts). */
const NO_REFUSAL = '100000';
const TARGETS = ['app', 'throttled', 'bare'];
const LABEL = { app: 'app', throttled: 'bare + throttle', bare: 'bare' };
const USER_AGENT = 'ocvrn-bench-signin';

const rate = (v) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 1 : 0) : 'n/a');
const ms2 = (v) => (Number.isFinite(v) ? `${v.toFixed(2)} ms` : 'n/a');
const signedMs = (v) =>
  Number.isFinite(v) ? `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)} ms` : 'n/a';

/** Server-Timing of the bare server: { throttle, argon2, total } in ms, or null. */
function parseTiming(header) {
  if (typeof header !== 'string') return null;
  const out = {};
  for (const part of header.split(',')) {
    const m = /^\s*(\w+);dur=([\d.]+)/.exec(part);
    if (m) out[m[1]] = Number(m[2]);
  }
  return out;
}

/** p50/p95/p99 of the bare server's own timings over successful samples that carry them. */
function timingStats(samples) {
  const withTiming = samples.filter((x) => x.ok && x.timing);
  if (!withTiming.length) return null;
  const of = (k) => pcts(withTiming.map((x) => x.timing[k]).filter(Number.isFinite));
  return { throttle: of('throttle'), argon2: of('argon2'), total: of('total') };
}

function pcts(values) {
  const s = sortedCopy(values);
  return {
    n: s.length,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s.length ? s[s.length - 1] : NaN,
  };
}

// ---------------------------------------------------------------------------------------
// HTTP

function post(target, body, ip, { parse = false, timeoutMs = 30_000 } = {}) {
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.request(
      target.url,
      {
        method: 'POST',
        agent: target.agent,
        timeout: timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          accept: 'application/json',
          'user-agent': USER_AGENT,
          'x-forwarded-for': ip,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => parse && chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - t0;
          let json = null;
          if (parse) {
            try {
              json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch {
              json = null;
            }
          }
          resolve({
            status: res.statusCode,
            ms,
            json,
            cookies: res.headers['set-cookie'] ?? [],
            timing: parseTiming(res.headers['server-timing']),
          });
        });
        res.on('error', (err) =>
          resolve({ status: 0, ms: performance.now() - t0, error: err.message }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) =>
      resolve({ status: 0, ms: performance.now() - t0, error: err.message }),
    );
    req.end(payload);
  });
}

/** Closed-loop clients for `maxMs`: each its own address, the members in turn. */
async function loadBlock(target, members, password, concurrency, maxMs, addressOf) {
  const samples = [];
  const t0 = performance.now();
  const worker = async (w) => {
    const ip = addressOf(w);
    while (performance.now() - t0 < maxMs) {
      const email = members[target.next++ % members.length].email;
      const r = await post(target, { email, password }, ip);
      samples.push({
        ms: r.ms,
        ok: r.status === 200,
        status: r.status,
        error: r.error,
        timing: r.timing,
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  return { ms: performance.now() - t0, samples };
}

// ---------------------------------------------------------------------------------------
// Seeding and checks

async function seedMembers(pool, count, password, hashPassword, parallel) {
  const members = Array.from({ length: count }, (_, i) => ({
    email: memberAt(i, DEFAULT_SEED).email,
  }));
  const first = await hashPassword(password);
  await insertMembers(pool, { count, seed: DEFAULT_SEED, passwordHash: first });
  // Each member its own salt, hashed as the app hashes; verified addresses.
  let next = 0;
  const worker = async () => {
    while (next < members.length) {
      const m = members[next++];
      const hash = await hashPassword(password);
      await pool.query(
        'UPDATE users SET password_hash = $2, email_verified_at = now() WHERE email = $1',
        [m.email, hash],
      );
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  const { rows } = await pool.query(
    `SELECT id, email FROM users WHERE email = ANY($1::text[]) AND status = 'approved'`,
    [members.map((m) => m.email)],
  );
  const ids = new Map(rows.map((r) => [r.email, r.id]));
  return members.filter((m) => ids.has(m.email)).map((m) => ({ ...m, id: ids.get(m.email) }));
}

/** One sign-in on a target, checked against the token, the rows and the throttle's keys. */
async function checkSignIn(pool, target, member, password, ip, secret, throttled) {
  const account = member.email.toLowerCase();
  const keyCounts = async () => {
    const { rows } = await pool.query(
      'SELECT key, count FROM rate_limits WHERE key = ANY($1::text[])',
      [[`login:ip:${ip}`, `login:account-ip:${account}|${ip}`, `login:account:${account}`]],
    );
    return Object.fromEntries(rows.map((x) => [x.key.split(':')[1], x.count]));
  };
  const before = await keyCounts();
  const r = await post(target, { email: member.email, password }, ip, { parse: true });
  const problems = [];
  if (r.status !== 200) {
    problems.push(`HTTP ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`);
    return { problems, user: null };
  }
  let claims = null;
  try {
    claims = jwt.verify(r.json.accessToken, secret, {
      algorithms: ['HS256'],
      audience: 'ocvrn',
      issuer: 'ocvrn',
    });
  } catch (err) {
    problems.push(`access token: ${err.message}`);
  }
  if (claims && claims.sub !== member.id) problems.push('token subject is not the member');
  if (r.json.user?.id !== member.id) problems.push('answer user is not the member');
  if (!r.cookies.some((c) => c.startsWith('ocvrn_refresh='))) problems.push('no refresh cookie');
  if (claims?.sid) {
    const {
      rows: [row],
    } = await pool.query(
      `SELECT (SELECT count(*)::int FROM sessions WHERE id = $1 AND user_id = $2) AS sessions,
              (SELECT count(*)::int FROM refresh_tokens WHERE session_id = $1) AS refresh,
              (SELECT count(*)::int FROM audit_log WHERE action = 'auth.sign_in' AND target_id = $1::text
                 AND actor_id = $2) AS audit`,
      [claims.sid, member.id],
    );
    if (row.sessions !== 1) problems.push('no session row');
    if (row.refresh !== 1) problems.push(`${row.refresh} refresh token rows`);
    if (row.audit !== 1) problems.push(`${row.audit} audit rows`);
  }
  // Keys by kind: ip, account-ip, account. A right password clears account-ip.
  const after = await keyCounts();
  const counted = (k) => (after[k] ?? 0) - (before[k] ?? 0);
  if (throttled) {
    if (counted('ip') !== 1) problems.push(`address counted ${counted('ip')} times`);
    if (counted('account') !== 1) problems.push(`account counted ${counted('account')} times`);
    if (after['account-ip'] !== undefined) problems.push('account-ip count not cleared');
  } else if (Object.keys(after).some((k) => counted(k) !== 0)) {
    problems.push('throttle keys counted without a throttle');
  }
  return { problems, user: r.json.user };
}

// ---------------------------------------------------------------------------------------
// The throttle's statements, timed directly

/**
 * count() and succeeded() of the built SignInLimiter over each of `stores` ({ name: store }),
 * each store call timed; the stores take turns pass by pass (the order rotating), so all see
 * the same conditions. Each store its own addresses. Returns { [name]: stats } and the keys.
 */
async function timeLimiter(stores, limiterOf, members, n, addressOf) {
  const names = Object.keys(stores);
  const kindOf = (key) =>
    key.startsWith('login:ip:')
      ? 'ip'
      : key.startsWith('login:account-ip:')
        ? 'accountIp'
        : 'account';
  const runs = names.map((name, si) => {
    const store = stores[name];
    const times = { ip: [], accountIp: [], account: [], reset: [], count: [], perSignIn: [] };
    const timed = {
      hit: async (key, rule) => {
        const t = performance.now();
        const hit = await store.hit(key, rule);
        times[kindOf(key)].push(performance.now() - t);
        return hit;
      },
      reset: async (key) => {
        const t = performance.now();
        await store.reset(key);
        times.reset.push(performance.now() - t);
      },
      sweep: () => store.sweep(),
    };
    return { name, si, times, limiter: limiterOf(timed), keys: new Set() };
  });
  for (let i = 0; i < n; i++) {
    const email = members[i % members.length].email;
    for (let j = 0; j < runs.length; j++) {
      const run = runs[(i + j) % runs.length];
      const ip = addressOf(i, run.si);
      run.keys.add(`login:ip:${ip}`);
      run.keys.add(`login:account:${email.toLowerCase()}`);
      const t0 = performance.now();
      await run.limiter.count(ip, email, null);
      const t1 = performance.now();
      await run.limiter.succeeded(ip, email, null);
      run.times.count.push(t1 - t0);
      run.times.perSignIn.push(performance.now() - t0);
    }
  }
  return Object.fromEntries(
    runs.map(({ name, times, keys }) => [
      name,
      {
        n,
        ip: pcts(times.ip),
        accountIp: pcts(times.accountIp),
        account: pcts(times.account),
        reset: pcts(times.reset),
        count: pcts(times.count),
        perSignIn: pcts(times.perSignIn),
        keys: [...keys],
      },
    ]),
  );
}

// ---------------------------------------------------------------------------------------

export async function signinStep(ctx) {
  const { config: C, say, step } = ctx;
  const stepStarted = performance.now();
  const left = () => C.budgetMs - (performance.now() - stepStarted);
  const cores = availableParallelism();
  const concurrencies = [...new Set([cores, C.concurrency])];
  const notes = [];
  const note = (text) => {
    notes.push(text);
    step(`NOTE: ${text}`);
  };
  const loadAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
  say(
    `\n8. Sign-in: POST /api/auth/login (argon2id 19 MiB, 2 passes, 1 lane; the throttle in PostgreSQL) beside a bare node:http + pg + argon2 sign-in with and without the app's limiter; ` +
      `${C.members} members, ${C.seconds} s each at concurrency ${concurrencies.join(' and ')} in ${C.blockSeconds} s blocks, ${C.serial} one at a time, ` +
      `${C.statements} throttle passes timed directly (budget ${Math.round(C.budgetMs / 1000)} s; load ${loadAtStart[0]} on ${cores} cores)`,
  );
  const bareModule = await import('./bare-signin-server.mjs');
  const { passwords, stores, signInLimiter, poolDataSource, limitsFromEnv } = bareModule;

  // PostgreSQL: DATABASE_URL's server, else a fresh embedded cluster.
  let serverUrl;
  let database;
  let pgPid = null;
  let pgDir = null;
  let stopPg = async () => undefined;
  let t = performance.now();
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL;
    database = 'DATABASE_URL';
  } else {
    pgDir = ctx.freshTempDir('ocvrn-bench-signin-');
    const pgs = await startPostgres(join(pgDir, 'postgres'));
    serverUrl = pgs.url;
    pgPid = pgs.pid;
    stopPg = pgs.stop;
    database = 'embedded (fresh cluster)';
  }
  const dbName = `ocvrn_signin_bench_${process.pid}`;
  const db = await createDatabase(serverUrl, dbName);
  step(`PostgreSQL: ${database}, database ${dbName} (${fmtS((performance.now() - t) / 1000)})`);

  const limits = {
    AUTH_RATE_LIMIT: NO_REFUSAL,
    AUTH_IP_RATE_LIMIT: NO_REFUSAL,
    AUTH_ACCOUNT_RATE_LIMIT: NO_REFUSAL,
  };
  // The app as it ships, with its own DATA_DIR (it migrates the database).
  const appDir = ctx.freshTempDir('ocvrn-bench-signin-app-');
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const app = spawnNode(ctx.main, {
    name: 'app (sign-in)',
    cwd: ctx.root,
    env: appEnv({
      PORT: String(appPort),
      HOST: '127.0.0.1',
      DATA_DIR: join(appDir, 'data'),
      DATABASE_URL: db.url,
      JWT_SECRET: ctx.jwtSecret,
      ADMIN_EMAIL: ctx.adminEmail,
      ADMIN_PASSWORD: ctx.adminPassword,
      TRUST_PROXY: '127.0.0.1',
      ...limits,
      LOG_LEVEL: 'warn',
    }),
  });
  const stopApp = stopOnCleanup(app, {});
  const appHealthy = await waitHealthy(app, appUrl, { timeoutMs: ctx.startTimeoutMs });
  step(`app up and migrated in ${fmtS(appHealthy.ms / 1000)}`);

  const pool = new pg.Pool({ connectionString: db.url, max: 2, application_name: 'ocvrn-bench' });
  pool.on('error', () => undefined);
  const password = `bench-signin-${process.pid}-${Math.random().toString(36).slice(2)}`;
  t = performance.now();
  const members = await seedMembers(pool, C.members, password, passwords.hashPassword, cores);
  const seedSeconds = (performance.now() - t) / 1000;
  await pool.query('VACUUM (ANALYZE) users');
  step(
    `${members.length} members seeded, each password hashed by the built hashPassword() (${fmtS(seedSeconds)})`,
  );

  // The bare server on the same database.
  const bare = spawnNode(BARE, {
    name: 'bare sign-in',
    cwd: ctx.root,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      JWT_SECRET: ctx.jwtSecret,
      PORT: '0',
      HOST: '127.0.0.1',
      POOL_SIZE: String(C.poolSize),
      ...limits,
    },
  });
  const stopBare = stopOnCleanup(bare, { graceMs: 5_000 });
  const readyLine = await waitForLine(bare, /BARE_READY \d+/, 20_000);
  const bareUrl = `http://127.0.0.1:${readyLine.match(/BARE_READY (\d+)/)[1]}`;

  const maxSockets = Math.max(...concurrencies);
  const mkTarget = (url) => ({
    url,
    agent: new http.Agent({ keepAlive: true, maxSockets, keepAliveMsecs: 10_000 }),
    next: 0,
  });
  const targets = {
    app: mkTarget(`${appUrl}/api/auth/login`),
    throttled: mkTarget(`${bareUrl}/login-throttled`),
    bare: mkTarget(`${bareUrl}/login`),
  };
  const pids = { app: app.pid, throttled: bare.pid, bare: bare.pid };

  // Checks: one sign-in on each, the same member, a fresh address each.
  const checks = {};
  const probe = members[0];
  for (const [k, w] of TARGETS.entries()) {
    checks[w] = await checkSignIn(
      pool,
      targets[w],
      probe,
      password,
      `10.255.0.${k + 1}`,
      ctx.jwtSecret,
      w !== 'bare',
    );
  }
  const sameUser =
    JSON.stringify(checks.app.user) === JSON.stringify(checks.bare.user) &&
    JSON.stringify(checks.app.user) === JSON.stringify(checks.throttled.user);
  const checkText = TARGETS.map(
    (w) => `${LABEL[w]} ${checks[w].problems.length ? checks[w].problems.join('; ') : 'ok'}`,
  ).join(', ');
  step(`checks: ${checkText}; the same user in all three answers: ${sameUser ? 'yes' : 'NO'}`);
  if (!sameUser) note('the answers’ user objects differ between app and bare');
  for (const w of TARGETS)
    if (checks[w].problems.length) note(`${LABEL[w]}: ${checks[w].problems.join('; ')}`);

  // Warm-up: a few sign-ins on each at the lower concurrency.
  for (const w of TARGETS)
    await loadBlock(
      targets[w],
      members,
      password,
      concurrencies[0],
      1000,
      (c) => `10.254.0.${c + 1}`,
    );

  // argon2id alone, in this process, while the servers are idle.
  t = performance.now();
  const { rows: hashRows } = await pool.query('SELECT password_hash FROM users WHERE email = $1', [
    probe.email,
  ]);
  const hash = hashRows[0].password_hash;
  const single = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await passwords.verifyPassword(hash, password);
    single.push(performance.now() - t0);
  }
  let parallelCount = 0;
  const tp = performance.now();
  await Promise.all(
    Array.from({ length: cores }, async () => {
      while (performance.now() - tp < 3000) {
        await passwords.verifyPassword(hash, password);
        parallelCount++;
      }
    }),
  );
  const parallelMs = performance.now() - tp;
  const argon = {
    params: { type: 'argon2id', memoryKiB: 19456, passes: 2, lanes: 1 },
    oneAtATimeMs: pcts(single),
    parallel: cores,
    perSecond: (parallelCount / parallelMs) * 1000,
    perSecondPerCore: ((parallelCount / parallelMs) * 1000) / cores,
  };
  step(
    `argon2id verify alone: ${fmtMs(argon.oneAtATimeMs.p50)} one at a time (p50 of 20); ${rate(argon.perSecond)}/s with ${cores} at once ` +
      `(${rate(argon.perSecondPerCore)}/s per core) (${fmtS((performance.now() - t) / 1000)})`,
  );

  // Throughput at each concurrency: blocks rotate app, throttled, bare.
  const reserveMs = 20_000;
  const throughput = [];
  for (const [ci, concurrency] of concurrencies.entries()) {
    const phasesLeft = concurrencies.length - ci;
    const serialMs = C.serial * TARGETS.length * 60;
    const seconds = Math.max(
      C.blockSeconds,
      Math.min(C.seconds, (left() - reserveMs - serialMs) / 1000 / TARGETS.length / phasesLeft),
    );
    if (seconds < C.seconds)
      note(
        `concurrency ${concurrency}: load cut to ${seconds.toFixed(0)} s per server by the budget`,
      );
    const acc = Object.fromEntries(
      TARGETS.map((w) => [w, { ms: 0, samples: [], blocks: 0, cpuMs: 0, pgCpuMs: 0 }]),
    );
    const addressOf = (c) => `10.${ci + 1}.${Math.floor(c / 250)}.${(c % 250) + 1}`;
    t = performance.now();
    for (let round = 0; TARGETS.some((w) => acc[w].ms < seconds * 1000); round++) {
      const order = TARGETS.map((_, i) => TARGETS[(i + round) % TARGETS.length]);
      for (const w of order) {
        const a = acc[w];
        if (a.ms >= seconds * 1000) continue;
        const cpu0 = cpuMsOf(pids[w]);
        const pg0 = cpuTreeSnapshot(pgPid);
        const r = await loadBlock(
          targets[w],
          members,
          password,
          concurrency,
          Math.min(C.blockSeconds * 1000, seconds * 1000 - a.ms),
          addressOf,
        );
        a.cpuMs += cpuMsOf(pids[w]) - cpu0;
        a.pgCpuMs += cpuMsBetween(pg0, cpuTreeSnapshot(pgPid));
        a.ms += r.ms;
        a.blocks++;
        a.samples.push(...r.samples);
      }
    }
    const stats = Object.fromEntries(
      TARGETS.map((w) => {
        const s = loadStats(acc[w]);
        return [
          w,
          {
            ...s,
            perCore: s.throughput / cores,
            perServerCpuSecond: 1000 / s.serverCpuMsPerRequest,
            insideServer: timingStats(acc[w].samples),
          },
        ];
      }),
    );
    throughput.push({ concurrency, seconds, stats });
    step(
      `concurrency ${concurrency} (${fmtS((performance.now() - t) / 1000)}): ` +
        TARGETS.map(
          (w) =>
            `${LABEL[w]} ${rate(stats[w].throughput)}/s (${rate(stats[w].perCore)}/core), p50/p99 ${fmtMs(stats[w].latency.p50)} / ${fmtMs(stats[w].latency.p99)}` +
            (stats[w].ok < stats[w].requests ? `, ${stats[w].requests - stats[w].ok} FAILED` : ''),
        ).join('; '),
    );
  }

  // One sign-in at a time, the three interleaved request by request.
  const serial = Object.fromEntries(TARGETS.map((w) => [w, []]));
  const serialTimings = Object.fromEntries(TARGETS.map((w) => [w, []]));
  const triples = []; // the three answered back to back: paired differences
  let serialFailed = 0;
  t = performance.now();
  for (let i = 0; i < C.serial; i++) {
    if (left() < reserveMs / 2) {
      note(`one at a time: stopped after ${i} of ${C.serial} by the budget`);
      break;
    }
    const triple = {};
    for (let j = 0; j < TARGETS.length; j++) {
      const w = TARGETS[(i + j) % TARGETS.length];
      const target = targets[w];
      const email = members[target.next++ % members.length].email;
      const r = await post(target, { email, password }, '10.200.0.1');
      if (r.status === 200) {
        serial[w].push(r.ms);
        triple[w] = r.ms;
        serialTimings[w].push({ ok: true, timing: r.timing });
      } else serialFailed++;
    }
    if (TARGETS.every((w) => triple[w] !== undefined)) triples.push(triple);
  }
  const serialStats = Object.fromEntries(TARGETS.map((w) => [w, pcts(serial[w])]));
  const added = {
    throttle: {
      p50: serialStats.throttled.p50 - serialStats.bare.p50,
      p99: serialStats.throttled.p99 - serialStats.bare.p99,
    },
    appOverBare: {
      p50: serialStats.app.p50 - serialStats.bare.p50,
      p99: serialStats.app.p99 - serialStats.bare.p99,
    },
    // Medians of the differences within each back-to-back triple (less swayed by other load).
    pairedMedian: {
      throttle: pcts(triples.map((x) => x.throttled - x.bare)).p50,
      appOverBare: pcts(triples.map((x) => x.app - x.bare)).p50,
      triples: triples.length,
    },
    // The limiter's own calls inside the bare server's sign-in, one at a time.
    insideServer: timingStats(serialTimings.throttled),
    bareInsideServer: timingStats(serialTimings.bare),
  };
  step(
    `one at a time (${fmtS((performance.now() - t) / 1000)}): ` +
      TARGETS.map(
        (w) => `${LABEL[w]} p50/p99 ${fmtMs(serialStats[w].p50)} / ${fmtMs(serialStats[w].p99)}`,
      ).join('; ') +
      `; the throttle adds ${signedMs(added.throttle.p50)} / ${signedMs(added.throttle.p99)} ` +
      `(median of paired differences ${signedMs(added.pairedMedian.throttle)}; its calls inside the bare server ` +
      `${fmtMs(added.insideServer?.throttle.p50)} / ${fmtMs(added.insideServer?.throttle.p99)})` +
      (serialFailed ? `; ${serialFailed} FAILED` : ''),
  );

  // The throttle's own statements, timed directly.
  const limiterOf = (store) => signInLimiter(store, limitsFromEnv(limits));
  const direct = { postgres: null, postgresAsyncCommit: null, redis: null };
  if (C.statements > 0) {
    // One connection each: the store as the app runs it; the same with synchronous_commit off
    // (a what-if: commits then skip the wait for the WAL flush); Redis when REDIS_URL is set.
    const onePool = (options) => {
      const p = new pg.Pool({
        connectionString: db.url,
        max: 1,
        application_name: 'ocvrn-bench',
        ...(options ? { options } : {}),
      });
      p.on('error', () => undefined);
      return p;
    };
    const pools = [onePool(null), onePool('-c synchronous_commit=off')];
    const timedStores = {
      postgres: new stores.PostgresRateLimitStore(poolDataSource(pools[0])),
      postgresAsyncCommit: new stores.PostgresRateLimitStore(poolDataSource(pools[1])),
    };
    const redisStore = process.env.REDIS_URL
      ? new stores.RedisRateLimitStore(process.env.REDIS_URL)
      : null;
    if (redisStore) timedStores.redis = redisStore;
    const redisKeys = new Set();
    try {
      const addressOf = (base) => (i, si) => `10.${base + si}.${i >> 8}.${i & 255}`;
      const warm = await timeLimiter(timedStores, limiterOf, members, 50, addressOf(201));
      const out = await timeLimiter(timedStores, limiterOf, members, C.statements, addressOf(211));
      for (const [name, x] of Object.entries(out)) {
        if (name === 'redis') for (const k of [...warm.redis.keys, ...x.keys]) redisKeys.add(k);
        delete x.keys;
        direct[name] = x;
      }
    } catch (err) {
      note(`throttle timed directly: ${err.message}`);
    } finally {
      for (const p of pools) await p.end().catch(() => undefined);
      if (redisStore) {
        // The bench's keys go; nothing else in that Redis is touched.
        for (const key of redisKeys) await redisStore.reset(key).catch(() => undefined);
        await redisStore.onApplicationShutdown().catch(() => undefined);
      }
    }
    const f = (x) => `${ms2(x.p50)} / ${ms2(x.p99)}`;
    const label = {
      postgres: 'PostgreSQL',
      postgresAsyncCommit: 'PostgreSQL with synchronous_commit off (what-if)',
      redis: "Redis (EVAL of the store's script)",
    };
    for (const [name, x] of Object.entries(direct)) {
      if (!x) continue;
      step(
        `throttle timed directly, ${label[name]}, one connection, ${x.n} passes, p50 / p99: ` +
          `ip ${f(x.ip)}, account-ip ${f(x.accountIp)}, account ${f(x.account)}, reset ${f(x.reset)}; per sign-in ${f(x.perSignIn)}`,
      );
    }
  }
  const { rows: rlRows } = await pool.query('SELECT count(*)::int AS n FROM rate_limits');

  // Teardown.
  await pool.end().catch(() => undefined);
  for (const target of Object.values(targets)) target.agent.destroy();
  await stopBare();
  await stopApp();
  await db.drop();
  await stopPg();
  removeTempDir(appDir);
  if (pgDir) removeTempDir(pgDir);

  return {
    database,
    cores,
    members: members.length,
    seedSeconds,
    argon2: argon,
    rateLimits: {
      store: 'postgres',
      limits: Number(NO_REFUSAL),
      trustProxy: '127.0.0.1',
      rowsAtEnd: rlRows[0].n,
    },
    checks: Object.fromEntries(TARGETS.map((w) => [w, checks[w].problems])),
    sameUserInAnswers: sameUser,
    throughput,
    serial: { perServer: C.serial, failed: serialFailed, ...serialStats },
    added,
    direct,
    bare: 'bare-signin-server.mjs: POST /login without the throttle, /login-throttled with the built SignInLimiter',
    notes,
    loadAverage: { atStart: loadAtStart, atEnd: loadavg().map((x) => Math.round(x * 100) / 100) },
    stepSeconds: (performance.now() - stepStarted) / 1000,
    appProblemLines: app.problems,
  };
}

export function signinReport(d) {
  const lines = [];
  const w0 = 46;
  const row = (label, ...cells) =>
    `  ${label.padEnd(w0)} ${cells.map((c) => String(c).padStart(18)).join(' ')}`;
  lines.push(
    `Sign-in (argon2id ${d.argon2.params.memoryKiB} KiB, ${d.argon2.params.passes} passes, ${d.argon2.params.lanes} lane; ${d.members} members; ${d.cores} cores; load ${d.loadAverage.atStart[0]} → ${d.loadAverage.atEnd[0]}):`,
  );
  lines.push(row('', ...TARGETS.map((w) => LABEL[w])));
  for (const p of d.throughput) {
    const s = p.stats;
    lines.push(
      row(
        `sign-ins/s at concurrency ${p.concurrency} (${Math.round(p.seconds)} s each)`,
        ...TARGETS.map((w) => rate(s[w].throughput)),
      ),
    );
    lines.push(row('  per core', ...TARGETS.map((w) => rate(s[w].perCore))));
    lines.push(
      row(
        '  p50 / p99',
        ...TARGETS.map((w) => `${fmtMs(s[w].latency.p50)} / ${fmtMs(s[w].latency.p99)}`),
      ),
    );
    lines.push(
      row(
        '  CPU per sign-in: server / PostgreSQL',
        ...TARGETS.map((w) => {
          const c = (v) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
          return `${c(s[w].serverCpuMsPerRequest)} / ${c(s[w].postgresCpuMsPerRequest)} ms`;
        }),
      ),
    );
    lines.push(
      row(
        '  sign-ins per CPU-second of the server process',
        ...TARGETS.map((w) => rate(s[w].perServerCpuSecond)),
      ),
    );
    lines.push(row('  failed', ...TARGETS.map((w) => s[w].requests - s[w].ok)));
  }
  const se = d.serial;
  lines.push(
    row(
      `one at a time, p50 / p99 (${se.app.n} each)`,
      ...TARGETS.map((w) => `${fmtMs(se[w].p50)} / ${fmtMs(se[w].p99)}`),
    ),
  );
  lines.push(
    `  the throttle adds, one at a time (bare + throttle − bare): p50 ${signedMs(d.added.throttle.p50)}, p99 ${signedMs(d.added.throttle.p99)}, ` +
      `median of paired differences ${signedMs(d.added.pairedMedian.throttle)}; ` +
      `app − bare (throttle + framework): p50 ${signedMs(d.added.appOverBare.p50)}, p99 ${signedMs(d.added.appOverBare.p99)}, paired ${signedMs(d.added.pairedMedian.appOverBare)}`,
  );
  const inside = (x) => (x ? `${fmtMs(x.p50)} / ${fmtMs(x.p99)}` : 'n/a');
  lines.push(
    `  inside the bare server with the throttle, p50 / p99: the limiter's calls ${inside(d.added.insideServer?.throttle)} one at a time, ` +
      d.throughput
        .map(
          (p) =>
            `${inside(p.stats.throttled.insideServer?.throttle)} at concurrency ${p.concurrency}`,
        )
        .join(', ') +
      `; argon2 verify ${inside(d.added.insideServer?.argon2)} one at a time` +
      d.throughput
        .map((p) => `, ${inside(p.stats.throttled.insideServer?.argon2)} at ${p.concurrency}`)
        .join(''),
  );
  lines.push(
    `  argon2id verify alone: ${fmtMs(d.argon2.oneAtATimeMs.p50)} one at a time; ${rate(d.argon2.perSecond)}/s with ${d.argon2.parallel} at once (${rate(d.argon2.perSecondPerCore)}/s per core)`,
  );
  const directLabel = {
    postgres: 'PostgreSQL (one connection)',
    postgresAsyncCommit: 'PostgreSQL, synchronous_commit off (what-if)',
    redis: 'Redis',
  };
  for (const [name, x] of Object.entries(d.direct)) {
    if (!x) continue;
    const f = (v) => `${ms2(v.p50)} / ${ms2(v.p99)}`;
    lines.push(
      `  throttle timed directly, ${directLabel[name]}, ${x.n} passes, p50 / p99: ` +
        `ip ${f(x.ip)}; account-ip ${f(x.accountIp)}; account ${f(x.account)}; reset ${f(x.reset)}; the three counts ${f(x.count)}; per sign-in ${f(x.perSignIn)}`,
    );
  }
  lines.push(
    `  checks: ${TARGETS.map((w) => `${LABEL[w]} ${d.checks[w].length ? d.checks[w].join('; ') : 'ok'}`).join(', ')}; same user in the answers: ${d.sameUserInAnswers ? 'yes' : 'NO'}`,
  );
  if (d.notes.length) lines.push('', ...d.notes.map((n) => `  NOTE: ${n}`));
  return lines.join('\n');
}

export function signinSummaryRows(d) {
  const rows = [];
  for (const p of d.throughput) {
    const s = p.stats;
    rows.push([
      `Sign-in at concurrency ${p.concurrency}: sign-ins/s (per core) app / bare + throttle / bare`,
      TARGETS.map((w) => `${rate(s[w].throughput)} (${rate(s[w].perCore)})`).join(' / '),
    ]);
  }
  const se = d.serial;
  rows.push([
    'Sign-in one at a time, p50 / p99: app; bare + throttle; bare',
    TARGETS.map((w) => `${fmtMs(se[w].p50)} / ${fmtMs(se[w].p99)}`).join('; '),
  ]);
  rows.push([
    'Sign-in, the throttle’s added latency one at a time, p50 / p99',
    `${signedMs(d.added.throttle.p50)} / ${signedMs(d.added.throttle.p99)}`,
  ]);
  rows.push([
    'Sign-in, the limiter’s calls inside the bare sign-in, p50 / p99: one at a time; at each concurrency',
    [
      d.added.insideServer?.throttle,
      ...d.throughput.map((p) => p.stats.throttled.insideServer?.throttle),
    ]
      .map((x) => (x ? `${fmtMs(x.p50)} / ${fmtMs(x.p99)}` : 'n/a'))
      .join('; '),
  ]);
  if (d.direct.postgres)
    rows.push([
      'Sign-in, the throttle’s statements timed directly (PostgreSQL), p50 / p99 per sign-in',
      `${ms2(d.direct.postgres.perSignIn.p50)} / ${ms2(d.direct.postgres.perSignIn.p99)}`,
    ]);
  if (d.direct.postgresAsyncCommit)
    rows.push([
      'Sign-in, the same with synchronous_commit off (what-if), p50 / p99 per sign-in',
      `${ms2(d.direct.postgresAsyncCommit.perSignIn.p50)} / ${ms2(d.direct.postgresAsyncCommit.perSignIn.p99)}`,
    ]);
  if (d.direct.redis)
    rows.push([
      'Sign-in, the throttle timed directly (Redis), p50 / p99 per sign-in',
      `${ms2(d.direct.redis.perSignIn.p50)} / ${ms2(d.direct.redis.perSignIn.p99)}`,
    ]);
  rows.push([
    'Sign-in, argon2id verify alone: one at a time; per core with all cores busy',
    `${fmtMs(d.argon2.oneAtATimeMs.p50)}; ${rate(d.argon2.perSecondPerCore)}/s`,
  ]);
  if (d.notes.length) rows.push(['Sign-in notes', `${d.notes.length} (see above / JSON)`]);
  return rows;
}
