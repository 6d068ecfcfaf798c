import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@api/database/embedded-postgres';
import { TEST_JWT_SECRET } from '@testing/test-app';

/**
 * `npm start` with the embedded PostgreSQL after the server was killed outright (SIGKILL, as
 * an out-of-memory kill or a crash would): the database it had started is still running, and
 * the next start must stop it and come up, not fail. A second server on the same DATA_DIR while
 * the first runs is refused in one line.
 */
const MAIN = resolve(__dirname, '../dist/apps/api/src/main.js');

interface Server {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(dataDir: string, port: number): Server {
  const child = spawn(process.execPath, [MAIN], {
    cwd: resolve(__dirname, '..'),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NO_COLOR: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JWT_SECRET: TEST_JWT_SECRET,
      ADMIN_PASSWORD: 'first-admin-password',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

async function ready(server: Server, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!/OCVRN is running at/.test(server.output())) {
    if (server.child.exitCode !== null) throw new Error(`exited:\n${server.output()}`);
    if (Date.now() > deadline) throw new Error(`not ready:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('crash recovery with the embedded database', () => {
  let dir: string;
  const started: Server[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ocvrn-crash-'));
    chmodSync(dir, 0o755); // the database runs as its own OS user when we are root
  });
  afterAll(async () => {
    for (const s of started) {
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
      await s.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts again after SIGKILL, stopping the database the killed server left running', async () => {
    const first = start(dir, await freePort());
    started.push(first);
    await ready(first);
    const pidFile = join(dir, 'postgres', 'postmaster.pid');
    const orphan = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(alive(orphan)).toBe(true);

    const port = await freePort();
    const second = start(dir, port);
    started.push(second);
    await ready(second);
    expect(second.output()).toMatch(/left running by a previous start/);
    expect(alive(orphan)).toBe(false);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);

    // A second server on the same data while this one runs is refused, and harms nothing.
    const third = start(dir, await freePort());
    started.push(third);
    expect(await third.exited).toBe(1);
    expect(third.output().trim()).toMatch(/^Another OCVRN server \(pid \d+\) is using /);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);

    // A clean stop stops the database too.
    const db = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(alive(db)).toBe(false);
  });
});
