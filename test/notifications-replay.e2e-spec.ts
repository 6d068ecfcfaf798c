import request from 'supertest';
import type { RealtimeEnvelope } from '@contracts';
import { signedInAs } from '@testing/factories';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * Replayed events (`GET /notifications?after=`) give what the reader may see now, not what
 * an event carried when it was published.
 */
describe('notification replay', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function replay(token: string): Promise<RealtimeEnvelope[]> {
    const res = await request(t.url)
      .get('/api/notifications?after=0&limit=100')
      .auth(token, { type: 'bearer' })
      .expect(200);
    return res.body.items as RealtimeEnvelope[];
  }

  it('a phone number hidden later is not in replayed profile events', async () => {
    const owner = await signedInAs(t.db, t.url, 'member');
    const reader = await signedInAs(t.db, t.url, 'member');
    // Readers only replay what happened since they joined: make the reader older.
    await t.db.query(`UPDATE users SET created_at = now() - interval '1 day' WHERE id = $1`, [
      reader.user.id,
    ]);
    const patch = (body: object) =>
      request(t.url)
        .patch('/api/members/me')
        .auth(owner.token, { type: 'bearer' })
        .send(body)
        .expect(200);
    await patch({ phone: '+44 20 7946 0123', visibility: { phone: 'members' } });
    await patch({ visibility: { phone: 'hidden' } });

    const mine = (await replay(reader.token)).filter(
      (e) =>
        e.type === 'member.updated' &&
        (e.data as { member: { id: string } }).member.id === owner.user.id,
    );
    expect(mine).toHaveLength(2);
    for (const event of mine) {
      const member = (event.data as unknown as { member: Record<string, unknown> }).member;
      expect(member.phone).toBeUndefined();
      expect(member.visibility).toMatchObject({ phone: 'hidden' });
    }
    expect(JSON.stringify(mine)).not.toContain('7946 0123');
  });

  it('events about a member who has left are not replayed', async () => {
    const leaver = await signedInAs(t.db, t.url, 'member');
    const reader = await signedInAs(t.db, t.url, 'member');
    await t.db.query(`UPDATE users SET created_at = now() - interval '1 day' WHERE id = $1`, [
      reader.user.id,
    ]);
    await request(t.url)
      .patch('/api/members/me')
      .auth(leaver.token, { type: 'bearer' })
      .send({ bio: 'Leaving soon.' })
      .expect(200);
    const about = async () =>
      (await replay(reader.token)).filter((e) => JSON.stringify(e.data).includes(leaver.user.id));
    expect((await about()).length).toBeGreaterThan(0);
    await t.db.query(`UPDATE users SET status = 'disabled' WHERE id = $1`, [leaver.user.id]);
    expect(await about()).toEqual([]);
  });
});
