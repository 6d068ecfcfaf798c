import { connect, type Socket } from 'node:net';
import { signedInAs } from '@testing/factories';
import { connected, connectSocket } from '@testing/realtime';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * Slow clients do not hold the server's connections: a stalled request body and an idle
 * keep-alive connection are closed after HTTP_IDLE_TIMEOUT_S (2 s here), while a realtime
 * socket, which pings, stays open.
 */
describe('slow clients', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { HTTP_IDLE_TIMEOUT_S: '2' } });
  });
  afterAll(() => t.close());

  /** A raw connection; resolves with the ms until the server closed it (or null at `maxMs`). */
  function openRaw(): { socket: Socket; closedAfter: (maxMs: number) => Promise<number | null> } {
    const { port } = new URL(t.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    const started = Date.now();
    const closed = new Promise<number>((r) => socket.once('close', () => r(Date.now() - started)));
    return {
      socket,
      closedAfter: (maxMs) =>
        Promise.race([closed, new Promise<null>((r) => setTimeout(() => r(null), maxMs))]),
    };
  }

  it('closes a connection whose request body stalls', async () => {
    const raw = openRaw();
    raw.socket.write(
      'POST /api/contact HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Content-Length: 1000\r\n\r\n{"name": "Slow',
    );
    const after = await raw.closedAfter(10_000);
    raw.socket.destroy();
    expect(after).not.toBeNull();
    expect(after!).toBeLessThan(6_000);
  });

  it('closes an idle keep-alive connection', async () => {
    const raw = openRaw();
    raw.socket.write(
      'GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n',
    );
    const after = await raw.closedAfter(10_000);
    raw.socket.destroy();
    expect(after).not.toBeNull();
    expect(after!).toBeLessThan(6_000);
  });

  it('keeps a realtime socket open past the idle timeout', async () => {
    const s = await signedInAs(t.db, t.url, 'member');
    const socket = connectSocket(t.url, s.token);
    await connected(socket);
    await new Promise((r) => setTimeout(r, 5_000));
    expect(socket.socket.connected).toBe(true);
    expect(await socket.socket.emitWithAck('ping')).toMatchObject({ ok: true });
    socket.close();
  });
});
