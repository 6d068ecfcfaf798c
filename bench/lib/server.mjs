// Spawning the built OCVRN server (and other node children), timing milestones from their
// output, waiting for health, and stopping them — including the embedded PostgreSQL the app
// starts under DATA_DIR if the app itself fails to stop it.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup, trackChild } from './cleanup.mjs';
import { isAlive, sleep, waitGone } from './proc.mjs';

/** Every variable the app reads; removed from the inherited environment before ours is set. */
const APP_VARS = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'DATABASE_URL',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'JWT_SECRET',
  'SMTP_URL',
  'MAIL_FROM',
  'REDIS_URL',
  'STORAGE',
  'PUBLIC_URL',
  'ACCESS_TOKEN_TTL',
  'REFRESH_TOKEN_DAYS',
  'AUTH_RATE_LIMIT',
  'LOG_LEVEL',
  'SECURE_COOKIES',
  'AUTH_ACCOUNT_RATE_LIMIT',
  'AUTH_IP_RATE_LIMIT',
  'REGISTER_RATE_LIMIT',
  'TRUST_PROXY',
  'MFA_REQUIRED_ROLES',
  'OIDC_PROVIDERS',
  'SESSION_MAX_DAYS',
  'UNVERIFIED_ACCOUNT_DAYS',
];

const PROBLEM = /\b(ERROR|WARN)\b|\berror\b/i;

export function appEnv(vars) {
  const env = { ...process.env };
  for (const k of APP_VARS) delete env[k];
  for (const k of Object.keys(env)) if (k.startsWith('S3_')) delete env[k];
  // The benches' staff (admins approving, editors publishing, officers reading the inbox)
  // measure their work, not second-factor enrolment: no role needs a factor unless asked.
  return { ...env, NO_COLOR: '1', MFA_REQUIRED_ROLES: '', ...vars };
}

/**
 * Spawns `node <script>` and records its output lines with their time since spawn.
 * `marks` maps a label to a regex; the first line matching it sets marks[label] (ms).
 */
export function spawnNode(
  script,
  { name, env, cwd, marks = {}, stdin = 'ignore', keepLines = 300 },
) {
  const t0 = performance.now();
  const proc = spawn(process.execPath, [script], { cwd, env, stdio: [stdin, 'pipe', 'pipe'] });
  trackChild(proc, 'SIGTERM');
  const handle = {
    name,
    proc,
    pid: proc.pid,
    t0,
    lines: [],
    /** Warnings and errors it printed (at most 20), e.g. during shutdown. */
    problems: [],
    marks: {},
    exit: null,
    exited: null,
    listeners: new Set(),
  };
  handle.exited = new Promise((resolve) => {
    proc.once('exit', (code, signal) => {
      handle.exit = { code, signal, atMs: performance.now() - t0 };
      resolve(handle.exit);
    });
  });
  const onLine = (text) => {
    const atMs = performance.now() - t0;
    handle.lines.push({ atMs, text });
    if (handle.lines.length > keepLines) handle.lines.shift();
    if (PROBLEM.test(text) && handle.problems.length < 20) {
      handle.problems.push(
        `[${(atMs / 1000).toFixed(2)}s] ${text.replace(/^\[Nest\].*?(?=\b(?:LOG|WARN|ERROR|DEBUG|VERBOSE|FATAL)\b)/, '').trim()}`,
      );
    }
    for (const [label, re] of Object.entries(marks)) {
      if (handle.marks[label] === undefined && re.test(text)) handle.marks[label] = atMs;
    }
    for (const l of handle.listeners) l(text);
  };
  for (const stream of [proc.stdout, proc.stderr]) {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
    stream.on('end', () => buf && onLine(buf));
  }
  return handle;
}

export function tail(handle, n = 25) {
  return handle.lines
    .slice(-n)
    .map((l) => `    [${(l.atMs / 1000).toFixed(2)}s] ${l.text}`)
    .join('\n');
}

/** Resolves with the first output line matching `re`; rejects on exit or after `timeoutMs`. */
export function waitForLine(handle, re, timeoutMs) {
  const seen = handle.lines.find((l) => re.test(l.text));
  if (seen) return Promise.resolve(seen.text);
  return new Promise((resolve, reject) => {
    const done = (fn, v) => {
      clearTimeout(timer);
      handle.listeners.delete(listener);
      fn(v);
    };
    const listener = (text) => re.test(text) && done(resolve, text);
    const timer = setTimeout(
      () =>
        done(
          reject,
          new Error(
            `${handle.name}: no line matching ${re} within ${timeoutMs} ms\n${tail(handle)}`,
          ),
        ),
      timeoutMs,
    );
    handle.listeners.add(listener);
    handle.exited.then((e) =>
      done(
        reject,
        new Error(`${handle.name} exited (${e.code ?? e.signal}) before ${re}\n${tail(handle)}`),
      ),
    );
  });
}

/**
 * Polls GET <url>/api/health until it answers 200 with status "ok"; resolves with the time
 * since the child was spawned (ms). Rejects if the child exits or after `timeoutMs`.
 */
export async function waitHealthy(handle, baseUrl, { timeoutMs = 120_000, intervalMs = 20 } = {}) {
  const until = performance.now() + timeoutMs;
  let polls = 0;
  while (performance.now() < until) {
    if (handle.exit) {
      throw new Error(
        `${handle.name} exited (${handle.exit.code ?? handle.exit.signal}) before it was healthy\n${tail(handle)}`,
      );
    }
    polls++;
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
      const at = performance.now() - handle.t0;
      const body = await res.json().catch(() => null);
      if (res.status === 200 && body?.status === 'ok') return { ms: at, polls, body };
    } catch {
      // not listening yet
    }
    await sleep(intervalMs);
  }
  throw new Error(`${handle.name} not healthy within ${timeoutMs} ms\n${tail(handle)}`);
}

/** The postmaster pid recorded under an app's DATA_DIR, if its embedded PostgreSQL runs. */
export function embeddedPostmasterPid(dataDir) {
  const file = join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

/**
 * Stops a child: `signal`, then SIGKILL after `graceMs`. With `dataDir`, also makes sure
 * the embedded PostgreSQL the app started there is gone (fast shutdown if it lingers).
 * Resolves with how long the orderly stop took (ms).
 */
export async function stopChild(handle, { signal = 'SIGTERM', graceMs = 15_000, dataDir } = {}) {
  const started = performance.now();
  const postmaster = dataDir ? embeddedPostmasterPid(dataDir) : null;
  if (!handle.exit) {
    handle.proc.kill(signal);
    const timer = setTimeout(() => {
      if (!handle.exit) {
        console.error(`  ${handle.name} did not stop within ${graceMs} ms; killing it`);
        handle.proc.kill('SIGKILL');
      }
    }, graceMs);
    await handle.exited;
    clearTimeout(timer);
  }
  const stopMs = performance.now() - started;
  const pid = postmaster ?? (dataDir ? embeddedPostmasterPid(dataDir) : null);
  if (pid && !(await waitGone(pid, 10_000))) {
    console.error(`  embedded PostgreSQL ${pid} outlived ${handle.name}; stopping it`);
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      /* gone */
    }
    if (!(await waitGone(pid, 10_000))) {
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        /* gone */
      }
      await waitGone(pid, 5_000);
    }
  }
  return stopMs;
}

/** Registers the child's stop as a cleanup step; returns the stop function (idempotent). */
export function stopOnCleanup(handle, options) {
  let stopping = null;
  const stop = () => (stopping ??= stopChild(handle, options));
  const unregister = onCleanup(`stop ${handle.name}`, stop);
  return async () => {
    unregister();
    return stop();
  };
}
