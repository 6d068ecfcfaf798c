// The newsletter step of `npm run bench`: publish one issue to N subscribers (10,000) through
// a local SMTP sink (bench/smtp-sink.mjs) and time it from the publish request to the sink
// holding every message; beside it, in the same run and alternating round by round (bare,
// app, bare, app…), a bare nodemailer loop (bench/bare-mail-sender.mjs) sending the same
// issue, composed by the same built newsletterMail(), to the same recipients and sink.
//
// Figures: messages per second (median over rounds) of each and their ratio; the API
// process's RSS (sampled every 50 ms, and its kernel high-water mark reset before each
// round) from just before publishing until the outbox is done; CPU of the app, PostgreSQL
// (embedded only), the sink and the bare sender; the pause between batches of 100 at the
// sink, which is where a per-batch cost (database round trips) shows.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { removeTempDir } from './lib/cleanup.mjs';
import { createDatabase, startPostgres } from './lib/embedded-pg.mjs';
import { cpuMsBetween, cpuMsOf, cpuTreeSnapshot, freePort, sleep } from './lib/proc.mjs';
import { appEnv, spawnNode, stopOnCleanup, waitForLine, waitHealthy } from './lib/server.mjs';
import { fmtS, median, percentile, sortedCopy } from './lib/stats.mjs';
import {
  hashSeedPassword,
  insertMembers,
  DEFAULT_SEED,
  SEED_STATEMENT,
} from '../scripts/seed-lib.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const SINK = join(BENCH_DIR, 'smtp-sink.mjs');
const BARE = join(BENCH_DIR, 'bare-mail-sender.mjs');

/** What MailService uses (apps/api/src/modules/mail/mail.service.ts). */
const APP_BATCH = 100;
const APP_CONNECTIONS = 5;
const PUBLIC_URL = 'https://ocvrn.example.org';
const MAIL_FROM = 'OCVRN newsletter <newsletter@ocvrn.example.org>';

const MiB = 2 ** 20;
const mib = (bytes) => (Number.isFinite(bytes) ? `${(bytes / MiB).toFixed(0)} MiB` : 'n/a');
const rate = (v) => (Number.isFinite(v) ? `${Math.round(v).toLocaleString('en-GB')} msg/s` : 'n/a');
const int = (v) => (Number.isFinite(v) ? v.toLocaleString('en-GB') : 'n/a');
const msText = (v) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : 'n/a');

// ---------------------------------------------------------------------------------------
// The issue: a few KB of Markdown as an editor writes it (headings, lists, a table, links).

export function issueMarkdown(n) {
  return `## In this issue

Welcome to issue ${n} of the OCVRN newsletter. This month: new findings on **county lines**
drug markets, a call for papers on *cyber-enabled fraud*, the network's autumn workshop in
Leeds, and three new working papers from members in Nigeria, Brazil and Italy.

- [County lines after the pandemic](https://ocvrn.example.org/documents/county-lines-2026): what changed in recruitment and exploitation
- [Call for papers: fraud as organised crime](https://ocvrn.example.org/events/fraud-cfp), deadline 15 January
- [Autumn workshop programme](https://ocvrn.example.org/events/autumn-workshop) and travel bursaries
- New members from **14 countries** joined this month

## Research highlights

### County lines after the pandemic

A team from three universities and two police forces followed 212 cases over four years.
Recruitment moved online faster than expected: most first contacts now happen on
encrypted messaging apps, and the average age of those exploited fell from 17 to 15.
The authors argue that safeguarding, not enforcement, should lead the response, and
that local authorities need the same data police hold. Read the
[full paper](https://ocvrn.example.org/documents/county-lines-2026) or the
[two-page summary](https://ocvrn.example.org/documents/county-lines-2026-summary).

### Illicit financial flows in West Africa

Members at the University of Lagos mapped how proceeds of oil theft are moved through
real estate and trade invoicing. Their dataset, shared with the network under the usual
terms, covers 1,400 transactions and is open to members for replication.

### Mafia infiltration of public procurement

A comparative study of procurement contracts in southern Italy finds that firms linked to
organised crime win contracts at prices 8% lower on average, then recover the difference
through variations. The authors propose three red flags for auditors.

## Figures of the month

| Region            | New members | Working papers | Events |
| ----------------- | ----------: | -------------: | -----: |
| Europe            |          41 |              6 |      3 |
| Africa            |          18 |              3 |      1 |
| Latin America     |          12 |              2 |      1 |
| Asia and Pacific  |           9 |              1 |      0 |
| North America     |          15 |              2 |      2 |

## Events

1. **Autumn workshop**, Leeds, 3–4 December: methods for studying hidden populations.
   Registration closes on 20 November; [register here](https://ocvrn.example.org/events/autumn-workshop).
2. **Webinar**: *Ethics of covert online research*, 10 December, 14:00 GMT.
3. **Reading group** on transnational organised crime: every second Thursday.

> "The network let us test our findings against data from four other countries in a
> month; that would have taken us years on our own." — a member in Brazil

## From the editors

We are looking for members to review submissions to the working paper series, and for
short pieces (500–800 words) on research in progress. Reply to this email or write to
[editors@ocvrn.example.org](mailto:editors@ocvrn.example.org). Thank you to everyone who
answered last month's survey: the results are [online](https://ocvrn.example.org/newsletters)
and shaped the programme above.

---

*Please do not forward this newsletter outside the network: some items refer to work in
progress shared in confidence.*
`;
}

// ---------------------------------------------------------------------------------------
// Helpers

/** VmRSS and VmHWM of a process, in bytes (null when it is gone or unreadable). */
function memoryOf(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (name) => {
      const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
      return m ? Number(m[1]) * 1024 : null;
    };
    return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
  } catch {
    return null;
  }
}

/**
 * Samples a process's RSS every `intervalMs` until stop(); the kernel's high-water mark is
 * reset first (clear_refs 5) when allowed, so VmHWM then gives the exact peak since start.
 */
function rssSampler(pid, intervalMs = 50) {
  let hwmReset = false;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    hwmReset = true;
  } catch {
    // not allowed here: the sampled peak stands alone
  }
  const first = memoryOf(pid);
  const baseline = first?.rss ?? NaN;
  let peak = baseline;
  let samples = 1;
  const timer = setInterval(() => {
    const m = memoryOf(pid);
    if (m?.rss != null) {
      samples++;
      if (m.rss > peak) peak = m.rss;
    }
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const last = memoryOf(pid);
      if (last?.rss != null && last.rss > peak) peak = last.rss;
      const hwm = hwmReset && last?.hwm != null ? last.hwm : null;
      const peakBytes = hwm != null ? Math.max(hwm, peak) : peak;
      return {
        baselineBytes: baseline,
        peakBytes,
        growthBytes: peakBytes - baseline,
        sampledPeakBytes: peak,
        kernelPeakBytes: hwm,
        endBytes: last?.rss ?? NaN,
        samples,
      };
    },
  };
}

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

/** The next output line of `handle` matching `re` (lines already printed are not looked at). */
function nextLine(handle, re, timeoutMs) {
  return new Promise((resolve, reject) => {
    const done = (fn, v) => {
      clearTimeout(timer);
      handle.listeners.delete(listener);
      fn(v);
    };
    const listener = (text) => re.test(text) && done(resolve, text);
    const timer = setTimeout(
      () =>
        done(reject, new Error(`${handle.name}: no line matching ${re} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    handle.listeners.add(listener);
    void handle.exited.then((e) =>
      done(reject, new Error(`${handle.name} exited (${e.code ?? e.signal})`)),
    );
  });
}

/**
 * Arrival times at the sink, cut into consecutive runs of `batch` messages (the app sends
 * a batch, waits for all of it, then fetches the next): how long each batch took to arrive,
 * and the pause from one batch's last message to the next one's first.
 */
function batchTimeline(times, batch) {
  const within = [];
  const gaps = [];
  for (let i = 0; i < times.length; i += batch) {
    const end = Math.min(times.length, i + batch) - 1;
    within.push(times[end] - times[i]);
    if (end + 1 < times.length) gaps.push(times[end + 1] - times[end]);
  }
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const sg = sortedCopy(gaps);
  return {
    batches: within.length,
    batchMedianMs: median(within),
    gapMedianMs: median(gaps),
    gapP95Ms: percentile(sg, 95),
    gapMaxMs: sg.length ? sg[sg.length - 1] : NaN,
    gapTotalMs: sum(gaps),
  };
}

/**
 * A look at one message as the sink got it: the one-click unsubscribe headers, an HTML
 * part, and an unsubscribe token made for the very recipient in To:.
 */
function checkMessage(raw, idByEmail) {
  const head = raw.split(/\r?\n\r?\n/)[0];
  const header = (name) => {
    const m = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
    return m ? m[1].replace(/\r?\n[ \t]+/g, ' ').trim() : null;
  };
  const unsubscribe = header('List-Unsubscribe');
  const to = /<?([^<>\s]+@[^<>\s]+)>?$/.exec(header('To') ?? '')?.[1]?.toLowerCase();
  const tokenUser = /[?&]token=([0-9a-f-]{36})\./.exec(unsubscribe ?? '')?.[1];
  return {
    listUnsubscribe: /^<https:\/\/ocvrn\.example\.org\/api\/newsletters\/unsubscribe\?token=/.test(
      unsubscribe ?? '',
    ),
    oneClick: header('List-Unsubscribe-Post') === 'List-Unsubscribe=One-Click',
    html: /Content-Type: text\/html/i.test(raw),
    tokenForRecipient: !!to && !!tokenUser && idByEmail.get(to) === tokenUser,
  };
}

// ---------------------------------------------------------------------------------------
// The step

/**
 * ctx: { root, main, jwtSecret, adminEmail, adminPassword, config, startTimeoutMs,
 * freshTempDir, say, step }; config: { subscribers, rounds, roundTimeoutMs, stallMs,
 * targets: { ratio } }.
 */
export async function newsletterStep(ctx) {
  const { config: C, say, step } = ctx;
  const N = C.subscribers;
  const stepStarted = performance.now();
  say(
    `\n4. Newsletter: one issue to ${N.toLocaleString('en-GB')} subscribers through a local SMTP sink; ` +
      `app (outbox, batches of ${APP_BATCH}, ${APP_CONNECTIONS} pooled connections) against a bare nodemailer loop, ` +
      `${C.rounds} round(s) each, alternating`,
  );

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
    pgDir = ctx.freshTempDir('ocvrn-bench-news-');
    const pgs = await startPostgres(join(pgDir, 'postgres'));
    serverUrl = pgs.url;
    pgPid = pgs.pid;
    stopPg = pgs.stop;
    database = 'embedded (fresh cluster)';
  }
  const dbName = `ocvrn_news_bench_${process.pid}`;
  const db = await createDatabase(serverUrl, dbName);
  step(`PostgreSQL: ${database}, database ${dbName} (${fmtS((performance.now() - t) / 1000)})`);

  // The sink.
  const sink = spawnNode(SINK, {
    name: 'smtp sink',
    cwd: ctx.root,
    env: process.env,
    stdin: 'pipe',
  });
  const stopSink = stopOnCleanup(sink, { graceMs: 5_000 });
  const sinkLine = await waitForLine(sink, /SINK_READY \d+ \d+/, 20_000);
  const [, smtpPort, sinkHttpPort] = sinkLine.match(/SINK_READY (\d+) (\d+)/);
  const smtpUrl = `smtp://127.0.0.1:${smtpPort}`;
  const sinkUrl = `http://127.0.0.1:${sinkHttpPort}`;
  step(`SMTP sink on ${smtpUrl}`);

  // The app, sending to the sink.
  const appDir = ctx.freshTempDir('ocvrn-bench-news-app-');
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const app = spawnNode(ctx.main, {
    name: 'app (newsletter)',
    cwd: ctx.root,
    env: appEnv({
      PORT: String(appPort),
      HOST: '127.0.0.1',
      DATA_DIR: join(appDir, 'data'),
      DATABASE_URL: db.url,
      JWT_SECRET: ctx.jwtSecret,
      ADMIN_EMAIL: ctx.adminEmail,
      ADMIN_PASSWORD: ctx.adminPassword,
      SMTP_URL: smtpUrl,
      MAIL_FROM,
      PUBLIC_URL,
      SECURE_COOKIES: 'false',
      AUTH_RATE_LIMIT: '100000',
      LOG_LEVEL: 'warn',
    }),
  });
  const stopApp = stopOnCleanup(app, {});
  const appHealthy = await waitHealthy(app, appUrl, { timeoutMs: ctx.startTimeoutMs });
  step(`app up and migrated in ${fmtS(appHealthy.ms / 1000)}`);

  // Subscribers, two editors; everyone else (the first admin, the editors) opted out, so the
  // recipients are exactly the seeded members.
  const pool = new pg.Pool({ connectionString: db.url, max: 2, application_name: 'ocvrn-bench' });
  pool.on('error', () => undefined);
  const editors = [0, 1].map((i) => ({
    email: `bench-editor-${i + 1}-${process.pid}@ocvrn.example.org`,
    password: randomBytes(12).toString('base64url'),
  }));
  let seeding;
  let recipients;
  try {
    t = performance.now();
    const inserted = await insertMembers(pool, {
      count: N,
      seed: DEFAULT_SEED,
      passwordHash: await hashSeedPassword(),
    });
    for (const [i, e] of editors.entries()) {
      await pool.query(
        `INSERT INTO users (email, password_hash, name, organisation, sector, country, statement,
                            status, roles, decided_at)
         VALUES ($1, $2, $3, 'University of Leeds', 'academia', 'GB', 'Newsletter editor (bench)',
                 'approved', '{member,editor}', now())`,
        [e.email, await hashSeedPassword(e.password), `Bench Editor ${i + 1}`],
      );
    }
    await pool.query(
      `INSERT INTO newsletter_subscriptions (user_id, all_issues, topics)
       SELECT id, false, '{}' FROM users
        WHERE status = 'approved' AND statement IS DISTINCT FROM $1
       ON CONFLICT (user_id) DO UPDATE SET all_issues = false, topics = '{}'`,
      [SEED_STATEMENT],
    );
    await pool.query('VACUUM (ANALYZE) users, newsletter_subscriptions');
    // The app's selection of subscribers (NewslettersService.publishNow), for the bare sender.
    const { rows } = await pool.query(
      `SELECT u.id, u.email FROM users u LEFT JOIN newsletter_subscriptions s ON s.user_id = u.id
        WHERE u.status = 'approved' AND (s.user_id IS NULL OR s.all_issues)
        ORDER BY u.created_at, u.id`,
    );
    recipients = rows;
    seeding = { members: inserted, seconds: (performance.now() - t) / 1000 };
    if (recipients.length !== N) {
      throw new Error(`expected ${N} subscribers, found ${recipients.length}`);
    }
    step(`seeded ${int(inserted)} subscribed members and 2 editors in ${fmtS(seeding.seconds)}`);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }

  // The editors sign in; one issue per round is written, submitted and cleared up front.
  const tokens = [];
  for (const e of editors) {
    const login = await expectOk(
      `login ${e.email}`,
      getJson(`${appUrl}/api/auth/login`, { method: 'POST', body: e }),
      [200],
    );
    tokens.push({ authorization: `Bearer ${login.accessToken}` });
  }
  const [author, clearer] = tokens;
  const issues = [];
  for (let r = 0; r < C.rounds; r++) {
    const created = await expectOk(
      'create issue',
      getJson(`${appUrl}/api/newsletters`, {
        method: 'POST',
        headers: author,
        body: {
          title: `OCVRN newsletter, bench issue ${r + 1}`,
          summary:
            'County lines after the pandemic, illicit flows in West Africa, procurement and the mafia, and the autumn workshop.',
          body: issueMarkdown(r + 1),
          topics: [],
          public: false,
        },
      }),
    );
    await expectOk(
      'submit issue',
      getJson(`${appUrl}/api/newsletters/${created.id}/submit`, {
        method: 'POST',
        headers: author,
      }),
      [200],
    );
    const cleared = await expectOk(
      'clear issue',
      getJson(`${appUrl}/api/newsletters/${created.id}/clear`, {
        method: 'POST',
        headers: clearer,
      }),
      [200],
    );
    if (cleared.status !== 'cleared') throw new Error(`issue ${created.id} is ${cleared.status}`);
    const { id, title, summary, body, html } = cleared;
    issues.push({ id, title, summary, body, html });
  }
  step(
    `${issues.length} issue(s) written and cleared (Markdown ${int(issues[0].body.length)} B, HTML ${int(issues[0].html.length)} B)`,
  );

  // The bare sender, on the same recipients, issues, secret and URLs.
  const inputFile = join(appDir, 'bare-mail-input.json');
  writeFileSync(
    inputFile,
    JSON.stringify({
      smtpUrl,
      mailFrom: MAIL_FROM,
      publicUrl: PUBLIC_URL,
      secret: ctx.jwtSecret,
      batch: APP_BATCH,
      connections: APP_CONNECTIONS,
      issues,
      recipients,
    }),
  );
  const bare = spawnNode(BARE, {
    name: 'bare mail sender',
    cwd: ctx.root,
    env: { ...process.env, BARE_INPUT: inputFile },
    stdin: 'pipe',
  });
  const stopBare = stopOnCleanup(bare, { graceMs: 5_000 });
  await waitForLine(bare, /BARE_READY \d+/, 30_000);

  // Rounds.
  const sinkStats = () => getJson(`${sinkUrl}/stats`).then((r) => r.json);
  const outboxOf = async (newsletterId) => {
    const { rows } = await pool.query(
      `SELECT status, count(*)::int AS n FROM mail_outbox WHERE newsletter_id = $1 GROUP BY 1`,
      [newsletterId],
    );
    const of = (s) => rows.find((x) => x.status === s)?.n ?? 0;
    return { sent: of('sent'), failed: of('failed'), pending: of('pending'), held: of('held') };
  };

  /** Waits until the sink holds N messages, progress stalls for C.stallMs, or time is up. */
  const waitForSink = async (label, untilMs, isDead) => {
    let last = -1;
    let lastChange = performance.now();
    let lastPrint = performance.now();
    for (;;) {
      const s = (await getJson(`${sinkUrl}/wait?count=${N}&ms=2000`, { timeoutMs: 10_000 })).json;
      const nowMs = performance.now();
      if (s.count >= N) return { stats: s, complete: true };
      if (s.count !== last) {
        last = s.count;
        lastChange = nowMs;
      }
      if (nowMs - lastPrint > 10_000) {
        lastPrint = nowMs;
        step(`  ${label}: ${int(s.count)} / ${int(N)} at the sink…`);
      }
      const why = isDead()
        ? 'the sender exited'
        : nowMs >= untilMs
          ? `not done within ${Math.round(C.roundTimeoutMs / 1000)} s`
          : nowMs - lastChange >= C.stallMs
            ? `no message for ${Math.round(C.stallMs / 1000)} s`
            : null;
      if (why) return { stats: s, complete: false, why };
    }
  };

  const sinkFacts = async (stats) => {
    const times = (await getJson(`${sinkUrl}/times`, { timeoutMs: 30_000 })).json;
    const first = await fetch(`${sinkUrl}/first`, { signal: AbortSignal.timeout(10_000) }).then(
      (r) => r.text(),
    );
    return {
      received: stats.count,
      distinctRecipients: stats.recipients,
      bytesPerMessage: stats.count ? stats.bytes / stats.count : NaN,
      newSmtpConnections: stats.connections,
      firstMs: stats.firstMs,
      lastMs: stats.lastMs,
      timeline: batchTimeline(times, APP_BATCH),
      firstMessageChecks: checkMessage(first, idByEmail),
    };
  };

  const idByEmail = new Map(recipients.map((x) => [x.email.toLowerCase(), x.id]));
  const cpuSnap = () => ({
    app: cpuMsOf(app.pid),
    bare: cpuMsOf(bare.pid),
    sink: cpuMsOf(sink.pid),
    pg: cpuTreeSnapshot(pgPid),
  });
  const cpuDiff = (a, b) => ({
    app: b.app - a.app,
    bare: b.bare - a.bare,
    sink: b.sink - a.sink,
    postgres: cpuMsBetween(a.pg, b.pg),
  });

  const runBare = async (r) => {
    await expectOk('sink arm', getJson(`${sinkUrl}/arm`, { method: 'POST' }), [200]);
    const before = cpuSnap();
    const memory = rssSampler(bare.pid);
    const done = nextLine(bare, /^BARE_DONE /, C.roundTimeoutMs + 30_000);
    bare.proc.stdin.write(`go ${r}\n`);
    const waited = await waitForSink(
      `bare round ${r + 1}`,
      performance.now() + C.roundTimeoutMs,
      () => !!bare.exit,
    );
    const self = JSON.parse((await done).slice('BARE_DONE '.length));
    const mem = memory.stop();
    const cpu = cpuDiff(before, cpuSnap());
    const facts = await sinkFacts(await sinkStats());
    return {
      kind: 'bare',
      round: r + 1,
      complete: waited.complete && facts.received === N,
      why: waited.why ?? null,
      seconds: facts.lastMs / 1000,
      messagesPerSecond: facts.received / (facts.lastMs / 1000),
      sendingMessagesPerSecond: (facts.received - 1) / ((facts.lastMs - facts.firstMs) / 1000),
      ...facts,
      self,
      rss: mem,
      cpuMs: { process: cpu.bare, sink: cpu.sink, postgres: cpu.postgres },
    };
  };

  const runApp = async (r) => {
    const issue = issues[r];
    await expectOk('sink arm', getJson(`${sinkUrl}/arm`, { method: 'POST' }), [200]);
    const before = cpuSnap();
    const memory = rssSampler(app.pid);
    const t0 = performance.now();
    const published = await getJson(`${appUrl}/api/newsletters/${issue.id}/publish`, {
      method: 'POST',
      headers: clearer,
      timeoutMs: 120_000,
    });
    const publishHttpMs = performance.now() - t0;
    if (published.status !== 200) {
      memory.stop();
      throw new Error(
        `publish: HTTP ${published.status} ${JSON.stringify(published.json).slice(0, 300)}`,
      );
    }
    const waited = await waitForSink(`app round ${r + 1}`, t0 + C.roundTimeoutMs, () => !!app.exit);
    const sinkDoneMs = performance.now() - t0;
    // The outbox: every row marked once its batch went (or failed / still pending).
    let outbox = await outboxOf(issue.id);
    const until = performance.now() + 30_000;
    while (outbox.pending > 0 && waited.complete && performance.now() < until) {
      await sleep(25);
      outbox = await outboxOf(issue.id);
    }
    const outboxDoneMs = performance.now() - t0;
    const mem = memory.stop();
    const cpu = cpuDiff(before, cpuSnap());
    const facts = await sinkFacts(await sinkStats());
    return {
      kind: 'app',
      round: r + 1,
      newsletterId: issue.id,
      complete: waited.complete && facts.received === N && outbox.sent === N,
      why: waited.why ?? (outbox.sent !== N ? `outbox: ${outbox.sent} sent` : null),
      seconds: facts.lastMs / 1000,
      messagesPerSecond: facts.received / (facts.lastMs / 1000),
      sendingMessagesPerSecond: (facts.received - 1) / ((facts.lastMs - facts.firstMs) / 1000),
      publishHttpMs,
      sinkDoneSeenMs: sinkDoneMs,
      outboxDoneSeenMs: outboxDoneMs,
      outbox,
      ...facts,
      rss: mem,
      cpuMs: { process: cpu.app, sink: cpu.sink, postgres: cpu.postgres },
    };
  };

  const rounds = { app: [], bare: [] };
  const roundLine = (x) => {
    const tl = x.timeline;
    const head =
      x.kind === 'app'
        ? `publish answered in ${msText(x.publishHttpMs)}, first message at ${msText(x.firstMs)}; `
        : `first message at ${msText(x.firstMs)}; `;
    const tail =
      x.kind === 'app'
        ? `; outbox sent ${int(x.outbox.sent)}, failed ${x.outbox.failed}, pending ${x.outbox.pending}`
        : `; sender: ${int(x.self.sent)} sent, ${x.self.failed} failed`;
    const failedChecks = Object.entries(x.firstMessageChecks)
      .filter(([, ok]) => !ok)
      .map(([k]) => k);
    return (
      `${x.kind.padEnd(4)} round ${x.round}: ${int(x.received)} messages in ${fmtS(x.seconds)} = ${rate(x.messagesPerSecond)}` +
      `${x.complete ? '' : ` INCOMPLETE (${x.why})`}` +
      `${failedChecks.length ? ` — first message FAILED checks: ${failedChecks.join(', ')}` : ''}\n` +
      `      ${head}batch of ${APP_BATCH} arrives in ${msText(tl.batchMedianMs)} (median), pause between batches ${msText(tl.gapMedianMs)} (median; ${msText(tl.gapTotalMs)} over ${tl.batches - 1})\n` +
      `      RSS ${mib(x.rss.baselineBytes)} → peak ${mib(x.rss.peakBytes)} (+${mib(x.rss.growthBytes)}); ` +
      `CPU ${x.kind} ${fmtS(x.cpuMs.process / 1000)}, sink ${fmtS(x.cpuMs.sink / 1000)}` +
      `${Number.isFinite(x.cpuMs.postgres) ? `, postgres ${fmtS(x.cpuMs.postgres / 1000)}` : ''}${tail}`
    );
  };
  let cutShort = null;
  try {
    for (let r = 0; r < C.rounds; r++) {
      const pairStarted = performance.now();
      for (const kind of ['bare', 'app']) {
        const x = kind === 'bare' ? await runBare(r) : await runApp(r);
        rounds[kind].push(x);
        step(roundLine(x));
        await sleep(500); // the last batch's bookkeeping settles before the next round
      }
      // Bounded: another pair of rounds only if it fits in the step's budget.
      const used = performance.now() - stepStarted;
      if (r + 1 < C.rounds && used + (performance.now() - pairStarted) > C.budgetMs) {
        cutShort = `${r + 1} of ${C.rounds} rounds: the next would pass the step's budget of ${Math.round(C.budgetMs / 1000)} s`;
        step(`stopping after ${cutShort}`);
        break;
      }
    }
  } finally {
    await pool.end().catch(() => undefined);
  }

  // Teardown.
  bare.proc.stdin.end('exit\n');
  await stopBare();
  await stopApp();
  sink.proc.stdin.end();
  await stopSink();
  await db.drop();
  await stopPg();
  removeTempDir(appDir);
  if (pgDir) removeTempDir(pgDir);

  const result = summarise(rounds, C, N);
  Object.assign(result, {
    database,
    subscribers: N,
    seeding,
    issue: {
      markdownBytes: issues[0].body.length,
      htmlBytes: issues[0].html.length,
    },
    smtp: { batch: APP_BATCH, connections: APP_CONNECTIONS },
    rounds,
    cutShort,
    stepSeconds: (performance.now() - stepStarted) / 1000,
    appProblemLines: app.problems,
    bareProblemLines: bare.problems,
  });
  if (app.problems.length) {
    step(`the app printed ${app.problems.length} warning/error lines (in the JSON)`);
  }
  return result;
}

function summarise(rounds, C, N) {
  const side = (xs) => {
    const ok = xs.filter((x) => x.complete);
    const m = (f) => median(ok.map(f));
    return {
      rounds: xs.length,
      completeRounds: ok.length,
      messagesPerSecond: m((x) => x.messagesPerSecond),
      eachMessagesPerSecond: xs.map((x) => x.messagesPerSecond),
      seconds: m((x) => x.seconds),
      sendingMessagesPerSecond: m((x) => x.sendingMessagesPerSecond),
      firstMessageMs: m((x) => x.firstMs),
      batchMedianMs: m((x) => x.timeline.batchMedianMs),
      gapMedianMs: m((x) => x.timeline.gapMedianMs),
      gapTotalMs: m((x) => x.timeline.gapTotalMs),
      bytesPerMessage: m((x) => x.bytesPerMessage),
      cpuMsPerMessage: m((x) => x.cpuMs.process / N),
      sinkCpuMsPerMessage: m((x) => x.cpuMs.sink / N),
      postgresCpuMsPerMessage: m((x) => x.cpuMs.postgres / N),
      rss: {
        baselineBytes: m((x) => x.rss.baselineBytes),
        peakBytes: Math.max(...xs.map((x) => x.rss.peakBytes)),
        growthBytes: Math.max(...xs.map((x) => x.rss.growthBytes)),
        kernelPeakReset: xs.every((x) => x.rss.kernelPeakBytes != null),
      },
    };
  };
  const app = side(rounds.app);
  const bare = side(rounds.bare);
  app.publishHttpMs = median(rounds.app.map((x) => x.publishHttpMs));
  app.outbox = rounds.app.map((x) => x.outbox);
  const ratio = app.messagesPerSecond / bare.messagesPerSecond;
  return {
    app,
    bare,
    ratio: {
      messagesPerSecond: ratio,
      sendingOnly: app.sendingMessagesPerSecond / bare.sendingMessagesPerSecond,
      eachRound: rounds.app.map((x, i) => x.messagesPerSecond / rounds.bare[i]?.messagesPerSecond),
    },
    targets: C.targets,
    targetMet: Number.isFinite(ratio) && ratio >= C.targets.ratio,
  };
}

// ---------------------------------------------------------------------------------------
// Printing

/** Where the time goes, after the step's per-round lines. */
export function newsletterReport(n) {
  const a = n.app;
  const b = n.bare;
  const N = n.subscribers;
  const cpu = (v) => (Number.isFinite(v) ? `${(v * 1000).toFixed(0)} µs` : 'n/a');
  const lostPerBatch = a.gapMedianMs - b.gapMedianMs;
  return [
    `Newsletter, where the time goes (medians over rounds; ${N.toLocaleString('en-GB')} messages, batches of ${n.smtp.batch}):`,
    `  app : ${fmtS(a.seconds)} = publish request ${msText(a.publishHttpMs)} (outbox rows inserted in its transaction), ` +
      `first message at ${msText(a.firstMessageMs)}, then ${rate(a.sendingMessagesPerSecond)} while sending`,
    `  bare: ${fmtS(b.seconds)} = first message at ${msText(b.firstMessageMs)}, then ${rate(b.sendingMessagesPerSecond)} while sending`,
    `  a batch of ${n.smtp.batch} arrives in ${msText(a.batchMedianMs)} (app) / ${msText(b.batchMedianMs)} (bare); ` +
      `pause between batches ${msText(a.gapMedianMs)} / ${msText(b.gapMedianMs)} ` +
      `(${msText(a.gapTotalMs)} / ${msText(b.gapTotalMs)} in all; ${Number.isFinite(lostPerBatch) ? `${lostPerBatch.toFixed(1)} ms more per batch in the app: its claim and mark-sent statements` : ''})`,
    `  CPU per message: app ${cpu(a.cpuMsPerMessage)}, postgres for the app ${cpu(a.postgresCpuMsPerMessage)}; ` +
      `bare ${cpu(b.cpuMsPerMessage)}; sink ${cpu(a.sinkCpuMsPerMessage)} / ${cpu(b.sinkCpuMsPerMessage)}`,
    `  message size at the sink: app ${int(Math.round(a.bytesPerMessage))} B, bare ${int(Math.round(b.bytesPerMessage))} B`,
    `  RSS: app ${mib(a.rss.baselineBytes)} before publishing, peak ${mib(a.rss.peakBytes)} (+${mib(a.rss.growthBytes)}); ` +
      `bare ${mib(b.rss.baselineBytes)}, peak ${mib(b.rss.peakBytes)} (+${mib(b.rss.growthBytes)})` +
      `${a.rss.kernelPeakReset ? ' (kernel high-water mark, reset before each round)' : ' (sampled every 50 ms)'}`,
  ].join('\n');
}

/** Rows of the summary table. */
export function newsletterSummaryRows(n) {
  const a = n.app;
  const b = n.bare;
  const N = n.subscribers.toLocaleString('en-GB');
  const each = (xs) => xs.map((x) => Math.round(x)).join(', ');
  const rows = [
    [
      `Newsletter to ${N} subscribers, app: publish → last message at the sink (median of ${a.rounds})`,
      `${rate(a.messagesPerSecond)} (${fmtS(a.seconds)}; rounds ${each(a.eachMessagesPerSecond)})`,
    ],
    [
      `Newsletter, bare nodemailer loop, same messages and sink (median of ${b.rounds})`,
      `${rate(b.messagesPerSecond)} (${fmtS(b.seconds)}; rounds ${each(b.eachMessagesPerSecond)})`,
    ],
    [
      'Newsletter, ratio app / bare (msg/s); sending only',
      `${n.ratio.messagesPerSecond.toFixed(2)}; ${n.ratio.sendingOnly.toFixed(2)}`,
    ],
    ['Newsletter, app publish request answered', msText(a.publishHttpMs)],
    [
      'Newsletter, app RSS before publishing / peak / growth',
      `${mib(a.rss.baselineBytes)} / ${mib(a.rss.peakBytes)} / +${mib(a.rss.growthBytes)}`,
    ],
    [
      'Newsletter, bare RSS before / peak / growth',
      `${mib(b.rss.baselineBytes)} / ${mib(b.rss.peakBytes)} / +${mib(b.rss.growthBytes)}`,
    ],
    [
      'Newsletter, outbox after each app round: sent / failed / pending',
      a.outbox.map((o) => `${o.sent} / ${o.failed} / ${o.pending}`).join('; '),
    ],
    [`Target: app ≥ ${n.targets.ratio}× bare msg/s`, n.targetMet ? 'met' : 'NOT met'],
  ];
  return rows;
}
