import type { RealtimeEnvelope } from '@contracts';
import request from 'supertest';
import { buildApplication, login, signedInAs, type Session } from '@testing/factories';
import { connected, connectSocket, disconnected, type TestSocket } from '@testing/realtime';
import { startSmtpSink, type SmtpSink } from '@testing/smtp';
import { startTestApp, type TestApp } from '@testing/test-app';

describe('apply → approve → sign in → live event → catch-up', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: Session;
  const sockets: TestSocket[] = [];
  const open = (token: string) => {
    const s = connectSocket(t.url, token);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL: 'http://ocvrn.test' } });
    admin = await signedInAs(t.db, t.url, 'admin');
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('takes an application through approval, live and by email, and replays what was missed', async () => {
    const adminSocket = open(admin.token);
    await connected(adminSocket);

    const form = buildApplication();
    const reg = await request(t.url).post('/api/auth/register').send(form).expect(201);
    expect(reg.body).toEqual({ id: expect.any(String), status: 'pending', emailVerified: false });

    // The admin sees the whole application arrive live.
    const created = await adminSocket.waitFor(
      (e) =>
        e.type === 'member.application.created' &&
        (e.data as { application: { id: string } }).application.id === reg.body.id,
    );
    expect(created.data).toMatchObject({
      application: {
        email: form.email,
        organisation: form.organisation,
        sector: form.sector,
        statement: form.statement,
        status: 'pending',
      },
    });

    // The applicant signs in and sees "pending" and nothing else.
    const applicant = await login(t.url, form.email);
    expect(applicant.user).toMatchObject({ status: 'pending', roles: ['applicant'] });
    await request(t.url)
      .get('/api/auth/me')
      .auth(applicant.accessToken, { type: 'bearer' })
      .expect(200);
    await request(t.url)
      .get('/api/admin/applications')
      .auth(applicant.accessToken, { type: 'bearer' })
      .expect(403);
    const applicantSocket = open(applicant.accessToken);
    await connected(applicantSocket);

    // The queue lists it with the whole application.
    const queue = await request(t.url)
      .get('/api/admin/applications?status=pending')
      .auth(admin.token, { type: 'bearer' })
      .expect(200);
    expect(queue.body.items.map((a: { id: string }) => a.id)).toContain(reg.body.id);

    // Approval: the applicant's open page changes live, and an email goes out.
    const approved = await request(t.url)
      .post(`/api/admin/applications/${reg.body.id}/approve`)
      .auth(admin.token, { type: 'bearer' })
      .expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', roles: ['member'] });
    const live = await applicantSocket.waitFor((e) => e.type === 'member.approved');
    expect(live.data).toMatchObject({ userId: reg.body.id });

    const mail = await smtp.waitFor(
      (m) => m.to.includes(form.email) && !/Confirm your email/.test(m.subject),
    );
    expect(mail.subject).toContain('approved');
    expect(mail.raw).toContain('http://ocvrn.test/sign-in');

    // Approving twice is refused and changes nothing.
    await request(t.url)
      .post(`/api/admin/applications/${reg.body.id}/approve`)
      .auth(admin.token, { type: 'bearer' })
      .expect(409);

    // The applicant's socket joined the members room: a member-wide event reaches it.
    const second = buildApplication();
    const reg2 = await request(t.url).post('/api/auth/register').send(second).expect(201);
    await request(t.url)
      .post(`/api/admin/applications/${reg2.body.id}/approve`)
      .auth(admin.token, { type: 'bearer' })
      .expect(200);
    await applicantSocket.waitFor(
      (e) => e.type === 'member.approved' && (e.data as { userId: string }).userId === reg2.body.id,
    );

    // Signed in again as a member, the catch-up returns every event this user could have had.
    const member = await login(t.url, form.email);
    expect(member.user).toMatchObject({ status: 'approved', roles: ['member'] });
    const replay = await request(t.url)
      .get('/api/notifications')
      .auth(member.accessToken, { type: 'bearer' })
      .expect(200);
    const types = (replay.body.items as RealtimeEnvelope[]).map((e) => e.type);
    expect(types).toEqual(['member.approved', 'member.approved']);
    const ids = (replay.body.items as RealtimeEnvelope[]).map((e) => BigInt(e.id));
    expect(ids[0] < ids[1]).toBe(true);
    const after = await request(t.url)
      .get(`/api/notifications?after=${String(ids[0])}`)
      .auth(member.accessToken, { type: 'bearer' })
      .expect(200);
    expect(after.body.items).toHaveLength(1);
    expect(after.body.items[0].id).toBe(String(ids[1]));

    // Following nextCursor pages forward through the same events, one at a time.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await request(t.url)
        .get(`/api/notifications?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
        .auth(member.accessToken, { type: 'bearer' })
        .expect(200);
      paged.push(...(page.body.items as RealtimeEnvelope[]).map((e) => e.id));
      cursor = page.body.nextCursor as string | null;
    } while (cursor && paged.length < 10);
    expect(paged).toEqual(ids.map(String));

    // The audit log records the approvals.
    const audit = await request(t.url)
      .get('/api/admin/audit?action=application.approved')
      .auth(admin.token, { type: 'bearer' })
      .expect(200);
    expect(audit.body.items.map((a: { targetId: string }) => a.targetId)).toEqual(
      expect.arrayContaining([reg.body.id, reg2.body.id]),
    );
    expect(audit.body.items[0]).toMatchObject({
      actorId: admin.user.id,
      action: 'application.approved',
    });
  });

  it('rejects with a reason that reaches the applicant live and by email', async () => {
    const form = buildApplication();
    const reg = await request(t.url).post('/api/auth/register').send(form).expect(201);
    const applicant = await login(t.url, form.email);
    const s = open(applicant.accessToken);
    await connected(s);
    await request(t.url)
      .post(`/api/admin/applications/${reg.body.id}/reject`)
      .auth(admin.token, { type: 'bearer' })
      .send({})
      .expect(400);
    const res = await request(t.url)
      .post(`/api/admin/applications/${reg.body.id}/reject`)
      .auth(admin.token, { type: 'bearer' })
      .send({ reason: 'We could not verify your affiliation.' })
      .expect(200);
    expect(res.body).toMatchObject({
      status: 'rejected',
      rejectionReason: 'We could not verify your affiliation.',
    });
    const live = await s.waitFor((e) => e.type === 'member.rejected');
    expect(live.data).toMatchObject({ reason: 'We could not verify your affiliation.' });
    const mail = await smtp.waitFor(
      (m) => m.to.includes(form.email) && !/Confirm your email/.test(m.subject),
    );
    expect(mail.raw).toContain('We could not verify your affiliation.');
    const audit = await request(t.url)
      .get('/api/admin/audit?action=application.rejected')
      .auth(admin.token, { type: 'bearer' })
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({
      targetId: reg.body.id,
      detail: { reason: 'We could not verify your affiliation.' },
    });
  });

  it('grants roles (audited, live to the user) and disabling ends sessions and open sockets', async () => {
    const member = await signedInAs(t.db, t.url, 'member');
    const s = open(member.token);
    await connected(s);
    const roles = await request(t.url)
      .put(`/api/admin/users/${member.user.id}/roles`)
      .auth(admin.token, { type: 'bearer' })
      .send({ roles: ['editor'] })
      .expect(200);
    expect(roles.body.roles.sort()).toEqual(['editor', 'member']);
    await s.waitFor((e) => e.type === 'account.roles.changed');
    const me = await request(t.url)
      .get('/api/auth/me')
      .auth(member.token, { type: 'bearer' })
      .expect(200);
    expect(me.body.roles.sort()).toEqual(['editor', 'member']);

    // An admin cannot lock themselves out.
    await request(t.url)
      .put(`/api/admin/users/${admin.user.id}/roles`)
      .auth(admin.token, { type: 'bearer' })
      .send({ roles: ['editor'] })
      .expect(409);
    await request(t.url)
      .post(`/api/admin/users/${admin.user.id}/disable`)
      .auth(admin.token, { type: 'bearer' })
      .expect(409);

    const dropped = disconnected(s);
    await request(t.url)
      .post(`/api/admin/users/${member.user.id}/disable`)
      .auth(admin.token, { type: 'bearer' })
      .expect(200);
    await dropped;
    await request(t.url).get('/api/auth/me').auth(member.token, { type: 'bearer' }).expect(401);
    await request(t.url).post('/api/auth/refresh').set('cookie', member.cookie).expect(401);
    await request(t.url)
      .post('/api/auth/login')
      .send({ email: member.user.email, password: 'correct horse battery' })
      .expect(403);
    // A new socket with the old token is refused at the handshake.
    await expect(connected(open(member.token))).rejects.toThrow('unauthorized');

    const audit = await request(t.url)
      .get(`/api/admin/audit?actorId=${admin.user.id}`)
      .auth(admin.token, { type: 'bearer' })
      .expect(200);
    const actions = audit.body.items.map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.roles.changed', 'user.disabled']));
  });
});
