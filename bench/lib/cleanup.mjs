// One place that knows everything the bench started: child processes, temp dirs, databases.
// Cleanup runs in reverse order of registration, each step bounded in time; on a signal, an
// uncaught error or the global deadline it runs too, and a last synchronous pass on 'exit'
// signals whatever child is still alive and removes temp dirs.
import { rmSync } from 'node:fs';

const tasks = [];
const children = new Map(); // proc -> the signal that stops it cleanly
const tempDirs = new Set();
let running = null;

/** Registers an async cleanup step; returns a function that unregisters it. */
export function onCleanup(label, fn) {
  const task = { label, fn };
  tasks.push(task);
  return () => {
    const i = tasks.indexOf(task);
    if (i >= 0) tasks.splice(i, 1);
  };
}

/**
 * A child process to signal on an emergency exit (its orderly stop is registered apart with
 * onCleanup). `signal` is the one it shuts down cleanly on (SIGINT for PostgreSQL).
 */
export function trackChild(proc, signal = 'SIGTERM') {
  children.set(proc, signal);
  proc.once('exit', () => children.delete(proc));
}

export function trackTempDir(dir) {
  tempDirs.add(dir);
}

export function removeTempDir(dir) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch (err) {
    console.error(`  (could not remove ${dir}: ${err.message})`);
  }
  tempDirs.delete(dir);
}

function withTimeout(promise, ms, label) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${label}: cleanup step timed out`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Runs every registered cleanup step once (later calls wait for the same run). */
export function cleanupAll() {
  running ??= (async () => {
    while (tasks.length > 0) {
      const { label, fn } = tasks.pop();
      try {
        await withTimeout(Promise.resolve().then(fn), 25_000, label);
      } catch (err) {
        console.error(`  cleanup ${label}: ${err.message}`);
      }
    }
    for (const dir of [...tempDirs]) removeTempDir(dir);
  })();
  return running;
}

let installed = false;
let bailing = false;

/** True once a signal, an uncaught error or the deadline has started the emergency exit. */
export const isBailing = () => bailing;

/** Signals, uncaught errors and a hard deadline all end in cleanup and exit. */
export function installExitHandlers({ deadlineMs }) {
  if (installed) return;
  installed = true;
  const bail = (why, code) => {
    if (bailing) return;
    bailing = true;
    console.error(`\nbench: ${why}; cleaning up`);
    cleanupAll().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => bail('interrupted', 130));
  process.once('SIGTERM', () => bail('terminated', 143));
  process.on('uncaughtException', (err) => bail(`uncaught error: ${err?.stack ?? err}`, 1));
  process.on('unhandledRejection', (err) => bail(`unhandled rejection: ${err?.stack ?? err}`, 1));
  const deadline = setTimeout(
    () => bail(`hard deadline of ${Math.round(deadlineMs / 1000)} s reached`, 1),
    deadlineMs,
  );
  deadline.unref();
  process.once('exit', () => {
    for (const [proc, signal] of children) {
      try {
        proc.kill(signal);
      } catch {
        /* already gone */
      }
    }
    for (const dir of tempDirs) {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        /* best effort */
      }
    }
  });
}
