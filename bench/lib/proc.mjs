// Process helpers: free ports, sleeping, liveness, and CPU time from /proc (Linux).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A free TCP port on loopback, chosen by the kernel. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Waits until `pid` is gone, polling, at most `timeoutMs`. Resolves whether it went. */
export async function waitGone(pid, timeoutMs) {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

let clockTicks = null;
function ticksPerSecond() {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** [ppid, utime+stime in ms] of one process from /proc/<pid>/stat, or null. */
function statOf(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(rest[1]);
    const ticks = Number(rest[11]) + Number(rest[12]);
    return [ppid, (ticks * 1000) / ticksPerSecond()];
  } catch {
    return null;
  }
}

/** CPU milliseconds (user + system) used so far by one process; NaN when unreadable. */
export function cpuMsOf(pid) {
  const s = pid ? statOf(pid) : null;
  return s ? s[1] : NaN;
}

/**
 * CPU milliseconds used so far by a process and each of its direct children (PostgreSQL's
 * backends), as a Map pid -> ms. Compare two with cpuMsBetween: backends come and go.
 */
export function cpuTreeSnapshot(pid) {
  const snapshot = new Map();
  if (!pid || process.platform !== 'linux') return snapshot;
  const own = statOf(pid);
  if (!own) return snapshot;
  snapshot.set(pid, own[1]);
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = statOf(name);
    if (s && s[0] === pid) snapshot.set(Number(name), s[1]);
  }
  return snapshot;
}

/**
 * CPU ms spent between two tree snapshots: processes present in `after` count from their
 * value in `before` (or from zero when new); those that exited in between are left out.
 */
export function cpuMsBetween(before, after) {
  if (after.size === 0) return NaN;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
