import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'pg';
import { freePort } from '@api/database/embedded-postgres';
import { truncateAll, workerDatabase } from './database';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';
const ROOT = resolve(__dirname, '../../..');
const MAIN = join(ROOT, 'dist/apps/api/src/main.js');

export interface RouteInfo {
  method: string;
  url: string;
}

export interface TestApp {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Every route the server mapped, as it reported them at start-up. */
  routes: RouteInfo[];
  /** A pool on the app's database, for factories and for checking that nothing changed. */
  db: Pool;
  databaseUrl: string;
  /** What the server printed. */
  output(): string;
  /** Stops the server (SIGTERM), as an operator would. */
  close(): Promise<void>;
  /** Kills the server outright (SIGKILL), as a crash would. */
  kill(): Promise<void>;
}

export interface TestAppOptions {
  /** Environment overrides, as a user would set them. */
  env?: Record<string, string>;
  /** Reuse a database (a second instance of a cluster); default: this worker's, emptied. */
  databaseUrl?: string;
  truncate?: boolean;
}

const pools = new Map<string, Pool>();
function poolFor(url: string): Pool {
  let pool = pools.get(url);
  if (!pool) {
    pool = new Pool({ connectionString: url, max: 4 });
    pools.set(url, pool);
  }
  return pool;
}

afterAll(async () => {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.end()));
});

/**
 * The real server, built (`npm run build:api`) and started as its own process exactly as
 * `npm start` runs it, listening on a free loopback port, against this worker's database.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await workerDatabase());
  if (options.truncate ?? !options.databaseUrl) await truncateAll(databaseUrl);
  const dataDir = mkdtempSync(join(tmpdir(), 'ocvrn-test-data-'));
  // A free port can be taken by another worker before the server binds it: try another then.
  let started: Started | null = null;
  for (let attempt = 1; !started; attempt++) {
    try {
      started = await spawnServer(await freePort(), databaseUrl, dataDir, options.env ?? {});
    } catch (err) {
      if (attempt >= 3 || !/EADDRINUSE/.test((err as Error).message)) throw err;
    }
  }
  const { child, port, exited } = started;
  const out = () => started.output();
  const routes = [...out().matchAll(/Mapped \{([^,}]+), (\w+)\} route/g)].map((m) => ({
    url: m[1].replace(/:(\w+)/g, ':$1'),
    method: m[2],
  }));
  const stop = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    routes,
    db: poolFor(databaseUrl),
    databaseUrl,
    output: out,
    close: () => stop('SIGTERM'),
    kill: () => stop('SIGKILL'),
  };
}

interface Started {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  output(): string;
}

async function spawnServer(
  port: number,
  databaseUrl: string,
  dataDir: string,
  overrides: Record<string, string>,
): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NO_COLOR: '1',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    DATA_DIR: dataDir,
    AUTH_RATE_LIMIT: '10000',
    AUTH_IP_RATE_LIMIT: '100000',
    AUTH_ACCOUNT_RATE_LIMIT: '100000',
    REGISTER_RATE_LIMIT: '10000',
    LOG_LEVEL: 'log',
    ADMIN_EMAIL: 'first-admin@ocvrn.test',
    ADMIN_PASSWORD: 'first-admin-password',
    // Staff test users have no second factor unless a test enrols one; the MFA tests set this.
    MFA_REQUIRED_ROLES: '',
    ...overrides,
  };
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await waitUntilReady(child, () => out, exited);
  return { child, port, exited, output: () => out };
}

async function waitUntilReady(
  child: ChildProcess,
  output: () => string,
  exited: Promise<number | null>,
): Promise<void> {
  let done = false;
  const failed = exited.then((code) => {
    if (!done) throw new Error(`server exited (${code}) before it was ready:\n${output()}`);
  });
  const ready = (async () => {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (/OCVRN is running at/.test(output())) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    throw new Error(`server not ready in 30 s:\n${output()}`);
  })();
  try {
    await Promise.race([ready, failed]);
  } finally {
    done = true;
  }
}
