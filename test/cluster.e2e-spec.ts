import type { RealtimeEnvelope } from '@contracts';
import request from 'supertest';
import { buildApplication, login, signedInAs, type Session } from '@testing/factories';
import { connected, connectSocket, type TestSocket } from '@testing/realtime';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * Two API instances sharing one database, as behind a load balancer; Socket.IO crosses
 * them through the PostgreSQL adapter, and through the Redis adapter too when the test
 * run is given a REDIS_URL.
 */
const adapters: Array<[string, Record<string, string>]> = [['PostgreSQL', {}]];
if (process.env.REDIS_URL) adapters.push(['Redis', { REDIS_URL: process.env.REDIS_URL }]);

describe.each(adapters)('two instances (%s adapter)', (_name, env) => {
  let a: TestApp;
  let b: TestApp;
  let admin: Session;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    a = await startTestApp({ env });
    b = await startTestApp({ env, databaseUrl: a.databaseUrl, truncate: false });
    admin = await signedInAs(a.db, a.url, 'admin');
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  const approveFresh = async (on: TestApp) => {
    const reg = await request(on.url)
      .post('/api/auth/register')
      .send(buildApplication())
      .expect(201);
    await request(on.url)
      .post(`/api/admin/applications/${reg.body.id}/approve`)
      .auth(admin.token, { type: 'bearer' })
      .expect(200);
    return reg.body.id as string;
  };

  it('delivers an event caused on one instance to a socket on the other', async () => {
    const member = await signedInAs(a.db, a.url, 'member');
    const onB = connectSocket(b.url, member.token);
    sockets.push(onB);
    await connected(onB);
    const id = await approveFresh(a);
    const e = await onB.waitFor(
      (x) => x.type === 'member.approved' && (x.data as { userId: string }).userId === id,
    );
    expect(e.id).toMatch(/^\d+$/);
  });

  it('room changes and disconnects made on one instance reach sockets on the other', async () => {
    const form = buildApplication();
    const reg = await request(b.url).post('/api/auth/register').send(form).expect(201);
    const applicant = await login(b.url, form.email);
    const onB = connectSocket(b.url, applicant.accessToken);
    sockets.push(onB);
    await connected(onB);
    await request(a.url)
      .post(`/api/admin/applications/${reg.body.id}/approve`)
      .auth(admin.token, { type: 'bearer' })
      .expect(200);
    await onB.waitFor(
      (x) => x.type === 'member.approved' && (x.data as { userId: string }).userId === reg.body.id,
    );
    // Joined the members room on B by an operation made on A: a later member event arrives.
    const other = await approveFresh(a);
    await onB.waitFor(
      (x) => x.type === 'member.approved' && (x.data as { userId: string }).userId === other,
    );
  });

  it('a socket that misses events and reconnects to the other instance ends with every event exactly once', async () => {
    const member = await signedInAs(a.db, a.url, 'member');
    const received = new Map<string, RealtimeEnvelope>();
    const duplicates: string[] = [];
    const take = (e: RealtimeEnvelope) => {
      if (received.has(e.id)) duplicates.push(e.id);
      received.set(e.id, e);
    };
    // From the last event received before the disconnect, as the SPA does: an event pushed on
    // the new socket before the catch-up starts must not move the starting point past a gap.
    const catchUp = async (url: string, token: string, from: bigint) => {
      let after = from;
      for (;;) {
        const res = await request(url)
          .get(`/api/notifications?after=${String(after)}&limit=2`)
          .auth(token, { type: 'bearer' })
          .expect(200);
        // Client de-duplicates by id, as the contract asks.
        for (const e of res.body.items as RealtimeEnvelope[]) if (!received.has(e.id)) take(e);
        if (!res.body.nextCursor) break;
        after = BigInt(res.body.nextCursor as string);
      }
    };

    const first = connectSocket(a.url, member.token);
    sockets.push(first);
    first.socket.onAny((_n: string, e: RealtimeEnvelope) => take(e));
    await connected(first);
    const before = [await approveFresh(a), await approveFresh(b)];
    await first.waitFor((x) => (x.data as { userId: string }).userId === before[1]);

    first.close();
    const lastBefore = [...received.keys()].map(BigInt).reduce((m, x) => (x > m ? x : m), 0n);
    const missed = [await approveFresh(a), await approveFresh(b), await approveFresh(a)];

    const second = connectSocket(b.url, member.token);
    sockets.push(second);
    second.socket.onAny((_n: string, e: RealtimeEnvelope) => {
      if (!received.has(e.id)) take(e);
    });
    await connected(second);
    await catchUp(b.url, member.token, lastBefore);
    const during = await approveFresh(a);
    await second.waitFor((x) => (x.data as { userId: string }).userId === during);

    const approvedIds = [...received.values()]
      .filter((e) => e.type === 'member.approved')
      .map((e) => (e.data as { userId: string }).userId);
    expect(approvedIds).toEqual(expect.arrayContaining([...before, ...missed, during]));
    expect(new Set(approvedIds).size).toBe(approvedIds.length);
    expect(duplicates).toEqual([]);
    // Exactly the events the server holds for this member, no more, no fewer.
    const all = await request(a.url)
      .get('/api/notifications?limit=100')
      .auth(member.token, { type: 'bearer' })
      .expect(200);
    expect([...received.keys()].sort()).toEqual(
      (all.body.items as RealtimeEnvelope[]).map((e) => e.id).sort(),
    );
  });

  it('a directory answer cached on one instance follows an edit made on the other at once', async () => {
    const viewer = await signedInAs(b.db, b.url, 'member');
    const editor = await signedInAs(a.db, a.url, 'member');
    const find = async (q: string) => {
      const res = await request(b.url)
        .get('/api/members')
        .query({ q })
        .auth(viewer.token, { type: 'bearer' })
        .expect(200);
      return (res.body.items as Array<{ id: string; organisation: string }>).filter(
        (m) => m.id === editor.user.id,
      );
    };
    const word = `zephyrine${Date.now().toString(36)}`;
    // Asked twice on B, so the second answer is B's cached one.
    expect(await find(word)).toEqual([]);
    expect(await find(word)).toEqual([]);
    await request(a.url)
      .patch('/api/members/me')
      .auth(editor.token, { type: 'bearer' })
      .send({ organisation: `Institute ${word}` })
      .expect(200);
    expect(await find(word)).toEqual([
      expect.objectContaining({ id: editor.user.id, organisation: `Institute ${word}` }),
    ]);
  });

  it('an event committed while its instance dies is still delivered by the survivor', async () => {
    const c = await startTestApp({ env, databaseUrl: a.databaseUrl, truncate: false });
    const member = await signedInAs(a.db, a.url, 'member');
    const onA = connectSocket(a.url, member.token);
    sockets.push(onA);
    await connected(onA);
    await c.kill();
    // A notification committed but never dispatched (its writer died): the outbox row alone.
    const { rows } = await a.db.query<{ id: string }>(
      `INSERT INTO notifications (type, rooms, data) VALUES ('member.approved', '{members}', '{"userId":"orphan"}') RETURNING id`,
    );
    const e = await onA.waitFor((x) => x.id === rows[0].id, 10_000);
    expect(e.data).toEqual({ userId: 'orphan' });
  });
});
