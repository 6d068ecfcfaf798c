import { randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  buildApplication,
  createUser,
  login,
  PASSWORD,
  signedInAs,
  type Session,
} from '@testing/factories';
import { simpleParser } from 'mailparser';
import { mailedLink, subjectsTo } from '@testing/mail-links';
import { startSmtpSink, type SmtpSink } from '@testing/smtp';
import { connected, connectSocket, disconnected, type TestSocket } from '@testing/realtime';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * Accounts people can trust: proved addresses, password recovery and change, the password
 * rules, sessions with an absolute end, and sockets that follow their session and its token.
 */

const STRONG = 'a quiet harbour of seven kites';
const STRONGER = 'lanterns drift over the copper moor';

describe('accounts: verified addresses, passwords, sessions', () => {
  let t: TestApp;
  let admin: Session;
  const sockets: TestSocket[] = [];
  const open = async (token: string) => {
    const s = connectSocket(t.url, token);
    sockets.push(s);
    await connected(s);
    return s;
  };

  let smtp: SmtpSink;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({ env: { PUBLIC_URL: 'http://ocvrn.test', SMTP_URL: smtp.url } });
    admin = await signedInAs(t.db, t.url, 'admin');
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  /** The message as it reached the SMTP server, parsed: its link to `path`. */
  const deliveredLink = async (to: string, path: string) => {
    const mail = await smtp.waitFor((m) => m.to.includes(to) && m.raw.includes(path));
    const parsed = await simpleParser(mail.raw);
    const match = new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(parsed.text ?? '');
    return { subject: parsed.subject, token: match?.[1], html: String(parsed.html) };
  };

  const audit = async (action: string, targetId?: string) => {
    const { rows } = await t.db.query<{ actor_id: string | null; detail: Record<string, unknown> }>(
      `SELECT actor_id, detail FROM audit_log WHERE action = $1 AND ($2::text IS NULL OR target_id = $2)
        ORDER BY id`,
      [action, targetId ?? null],
    );
    return rows;
  };
  const bearer = (req: request.Test, token: string) => req.auth(token, { type: 'bearer' });

  describe('email verification', () => {
    it('mails a single-use link at registration; following it proves the address once', async () => {
      const form = buildApplication({ password: STRONG });
      const reg = await request(t.url).post('/api/auth/register').send(form).expect(201);
      expect(reg.body).toEqual({ id: expect.any(String), status: 'pending', emailVerified: false });
      const link = await mailedLink(t.db, form.email, '/verify-email', { sink: smtp });
      expect(link.url).toBe(`http://ocvrn.test/verify-email?token=${link.token}`);
      const delivered = await deliveredLink(form.email, '/verify-email');
      expect(delivered).toMatchObject({
        subject: 'Confirm your email address for OCVRN',
        token: link.token,
      });
      expect(delivered.html).toContain(`href="http://ocvrn.test/verify-email?token=${link.token}"`);
      // Only the token's hash is stored.
      const { rows: stored } = await t.db.query<{ token_hash: Buffer }>(
        'SELECT token_hash FROM account_tokens WHERE user_id = $1',
        [reg.body.id],
      );
      expect(stored).toHaveLength(1);
      expect(stored[0].token_hash.toString('base64url')).not.toBe(link.token);

      // Admins see that the applicant's address is not proved yet.
      const queue = await bearer(request(t.url).get('/api/admin/applications'), admin.token)
        .query({ status: 'pending', limit: '100' })
        .expect(200);
      const listed = queue.body.items.find((a: { id: string }) => a.id === reg.body.id);
      expect(listed).toMatchObject({ emailVerified: false });

      const session = await login(t.url, form.email, STRONG);
      expect(session.user).toMatchObject({ emailVerified: false, status: 'pending' });
      const ok = await request(t.url)
        .post('/api/auth/verify-email')
        .send({ token: link.token })
        .expect(200);
      expect(ok.body).toEqual({ emailVerified: true, status: 'pending', email: form.email });
      const me = await bearer(request(t.url).get('/api/auth/me'), session.accessToken).expect(200);
      expect(me.body.emailVerified).toBe(true);
      expect(await audit('account.email_verified', reg.body.id)).toHaveLength(1);

      const again = await request(t.url).post('/api/auth/verify-email').send({ token: link.token });
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({ code: 'TOKEN_INVALID', errors: [{ field: 'token' }] });
    });

    it('refuses expired, malformed and unknown tokens alike, changing nothing', async () => {
      const form = buildApplication({ password: STRONG });
      const reg = await request(t.url).post('/api/auth/register').send(form).expect(201);
      const link = await mailedLink(t.db, form.email, '/verify-email', { sink: smtp });
      await t.db.query(
        `UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [reg.body.id],
      );
      for (const token of [link.token, 'short', 'x'.repeat(43), `${link.token}x`]) {
        const res = await request(t.url).post('/api/auth/verify-email').send({ token });
        expect({ token, status: res.status, code: res.body.code }).toEqual({
          token,
          status: 400,
          code: 'TOKEN_INVALID',
        });
      }
      const bad = await request(t.url).post('/api/auth/verify-email').send({ token: 42 });
      expect(bad.status).toBe(400);
      const nul = await request(t.url).post('/api/auth/verify-email').send({ token: '\u0000' });
      expect(nul.status).toBe(400);
      expect(nul.body.errors).toEqual([{ field: 'token', message: expect.any(String) }]);
      const { rows } = await t.db.query('SELECT email_verified_at FROM users WHERE id = $1', [
        reg.body.id,
      ]);
      expect(rows[0].email_verified_at).toBeNull();
    });

    it('resends a fresh link (the older one stops working), not to a verified account, 5 an hour', async () => {
      const form = buildApplication({ password: STRONG });
      await request(t.url).post('/api/auth/register').send(form).expect(201);
      const first = await mailedLink(t.db, form.email, '/verify-email', { sink: smtp });
      const session = await login(t.url, form.email, STRONG);
      await bearer(
        request(t.url).post('/api/auth/verify-email/resend'),
        session.accessToken,
      ).expect(202);
      const second = await mailedLink(t.db, form.email, '/verify-email', { sink: smtp });
      expect(second.token).not.toBe(first.token);
      await request(t.url).post('/api/auth/verify-email').send({ token: first.token }).expect(400);
      for (let i = 0; i < 4; i++) {
        await bearer(
          request(t.url).post('/api/auth/verify-email/resend'),
          session.accessToken,
        ).expect(202);
      }
      const limited = await bearer(
        request(t.url).post('/api/auth/verify-email/resend'),
        session.accessToken,
      );
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      const latest = await mailedLink(t.db, form.email, '/verify-email', { sink: smtp });
      await request(t.url).post('/api/auth/verify-email').send({ token: latest.token }).expect(200);
      const done = await bearer(
        request(t.url).post('/api/auth/verify-email/resend'),
        session.accessToken,
      );
      expect(done.status).toBe(409);
      expect(done.body.code).toBe('EMAIL_ALREADY_VERIFIED');
    });

    it('changes an address only when the new one is proved, and tells the old one', async () => {
      const s = await signedInAs(t.db, t.url, 'member');
      const next = `moved-${randomUUID().slice(0, 8)}@example.net`;
      const wrong = await bearer(request(t.url).post('/api/auth/email/change'), s.token).send({
        email: next,
        password: 'not my password',
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors).toEqual([{ field: 'password', message: expect.any(String) }]);
      const taken = await bearer(request(t.url).post('/api/auth/email/change'), s.token).send({
        email: admin.user.email,
        password: PASSWORD,
      });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('EMAIL_TAKEN');
      const bad = await bearer(request(t.url).post('/api/auth/email/change'), s.token).send({
        email: 'not an address',
        password: PASSWORD,
      });
      expect(bad.status).toBe(400);

      const res = await bearer(request(t.url).post('/api/auth/email/change'), s.token)
        .send({ email: next.toUpperCase(), password: PASSWORD })
        .expect(202);
      expect(res.body).toEqual({ pendingEmail: next });
      // Nothing changes until the new address follows its link.
      const me = await bearer(request(t.url).get('/api/auth/me'), s.token).expect(200);
      expect(me.body.email).toBe(s.user.email);
      expect(await subjectsTo(t.db, s.user.email)).toContain(
        'Your OCVRN email address is changing',
      );
      const link = await mailedLink(t.db, next, '/verify-email', { sink: smtp });
      const ok = await request(t.url)
        .post('/api/auth/verify-email')
        .send({ token: link.token })
        .expect(200);
      expect(ok.body).toMatchObject({ emailVerified: true, email: next, status: 'approved' });
      await login(t.url, next);
      await expect(login(t.url, s.user.email)).rejects.toThrow(/401/);
      expect(await audit('account.email_changed', s.user.id)).toEqual([
        expect.objectContaining({ detail: { from: s.user.email, to: next } }),
      ]);
    });

    it('expires applications whose address is never proved, releasing the address', async () => {
      const stale = await createUser(t.db, { status: 'pending', emailVerified: false });
      const fresh = await createUser(t.db, { status: 'pending', emailVerified: false });
      const provedPending = await createUser(t.db, { status: 'pending' });
      await t.db.query(
        `UPDATE users SET created_at = now() - interval '8 days' WHERE id = ANY($1)`,
        [[stale.id, provedPending.id]],
      );
      // The sweep runs at every start (and hourly): a second instance on the same database.
      const second = await startTestApp({
        databaseUrl: t.databaseUrl,
        truncate: false,
        env: { UNVERIFIED_ACCOUNT_DAYS: '7' },
      });
      try {
        const deadline = Date.now() + 10_000;
        let left: string[] = [];
        do {
          const { rows } = await t.db.query<{ id: string }>(
            'SELECT id FROM users WHERE id = ANY($1)',
            [[stale.id, fresh.id, provedPending.id]],
          );
          left = rows.map((r) => r.id);
          if (!left.includes(stale.id)) break;
          await new Promise((r) => setTimeout(r, 100));
        } while (Date.now() < deadline);
        expect(left.sort()).toEqual([fresh.id, provedPending.id].sort());
        expect(await audit('account.unverified_expired', stale.id)).toHaveLength(1);
        // The address is free again for its real owner.
        await request(second.url)
          .post('/api/auth/register')
          .send(buildApplication({ email: stale.email, password: STRONG }))
          .expect(201);
      } finally {
        await second.close();
      }
    });
  });

  describe('password rules', () => {
    it.each([
      ['too short', 'Kq7#vW2!pL9', /12/],
      ['common', 'password1234', /too easy to guess/],
      ['a keyboard walk', 'qwertyuiop[]', /too easy to guess/],
      ['repeated', 'abcabcabcabcabc', /too easy to guess/],
    ])('refuses a %s password with a 400 naming password', async (_what, password, message) => {
      const form = buildApplication({ password });
      const res = await request(t.url).post('/api/auth/register').send(form);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { field: 'password', message: expect.stringMatching(message) },
      ]);
      const { rows } = await t.db.query('SELECT 1 FROM users WHERE email = $1', [form.email]);
      expect(rows).toHaveLength(0);
    });

    it('refuses a password built from the applicant’s own name or address', async () => {
      const tag = randomUUID().slice(0, 6);
      const form = buildApplication({
        name: `Marguerite Okonkwo-${tag}`,
        email: `marguerite.okonkwo-${tag}@example.ac.uk`,
      });
      for (const password of [`marguerite.okonkwo-${tag}`, `Okonkwo-${tag}2026!`]) {
        const res = await request(t.url)
          .post('/api/auth/register')
          .send({ ...form, password });
        expect({ password, status: res.status }).toEqual({ password, status: 400 });
        expect(res.body.errors[0].field).toBe('password');
      }
    });

    it('takes any characters, no composition rules: a long passphrase of lowercase words', async () => {
      await request(t.url)
        .post('/api/auth/register')
        .send(buildApplication({ password: 'velvet otters juggle brass compasses' }))
        .expect(201);
      await request(t.url)
        .post('/api/auth/register')
        .send(buildApplication({ password: 'Глубокий синий океан шепчет 🐋' }))
        .expect(201);
    });
  });

  describe('forgot and reset', () => {
    const forgot = (email: string) =>
      request(t.url).post('/api/auth/password/forgot').send({ email });

    it('answers the same, in about the same time, whether or not the account exists', async () => {
      const known = await createUser(t.db);
      const times = { known: [] as number[], unknown: [] as number[] };
      const bodies = new Set<string>();
      for (let i = 0; i < 3; i++) {
        for (const kind of ['known', 'unknown'] as const) {
          const email =
            kind === 'known' ? known.email : `nobody-${randomUUID().slice(0, 8)}@example.org`;
          const started = process.hrtime.bigint();
          const res = await forgot(email);
          times[kind].push(Number(process.hrtime.bigint() - started) / 1e6);
          expect(res.status).toBe(202);
          bodies.add(JSON.stringify(res.body));
        }
      }
      expect(bodies.size).toBe(1);
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
      // Neither path waits on the lookup or the mail: both answer within the same few ms.
      expect(Math.abs(median(times.known) - median(times.unknown))).toBeLessThan(25);
      await mailedLink(t.db, known.email, '/reset-password', { sink: smtp });
    });

    it('resets once with the mailed link; every session and socket ends; the owner is told', async () => {
      const s = await signedInAs(t.db, t.url, 'member');
      const other = await login(t.url, s.user.email);
      const socket = await open(other.accessToken);
      const dropped = disconnected(socket);
      await forgot(s.user.email).expect(202);
      const link = await mailedLink(t.db, s.user.email, '/reset-password', { sink: smtp });
      expect(link.url).toMatch(/^http:\/\/ocvrn\.test\/reset-password\?token=/);
      expect(await deliveredLink(s.user.email, '/reset-password')).toMatchObject({
        subject: 'Reset your OCVRN password',
        token: link.token,
      });

      // A weak password is refused and the link still works.
      const weak = await request(t.url)
        .post('/api/auth/password/reset')
        .send({ token: link.token, password: 'password12345' });
      expect(weak.status).toBe(400);
      expect(weak.body.errors).toEqual([{ field: 'password', message: expect.any(String) }]);

      await request(t.url)
        .post('/api/auth/password/reset')
        .send({ token: link.token, password: STRONGER })
        .expect(200);
      await dropped;
      for (const token of [s.token, other.accessToken]) {
        await bearer(request(t.url).get('/api/auth/me'), token).expect(401);
      }
      await request(t.url).post('/api/auth/refresh').set('cookie', s.cookie).expect(401);
      await expect(login(t.url, s.user.email)).rejects.toThrow(/401/);
      await login(t.url, s.user.email, STRONGER);
      expect(await subjectsTo(t.db, s.user.email)).toContain('Your OCVRN password was changed');
      expect(await audit('auth.password_reset', s.user.id)).toEqual([
        expect.objectContaining({ detail: { sessionsEnded: 2 } }),
      ]);
      const again = await request(t.url)
        .post('/api/auth/password/reset')
        .send({ token: link.token, password: 'yet another fine passphrase' });
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('TOKEN_INVALID');
    });

    it('a reset link lasts 30 minutes', async () => {
      const u = await createUser(t.db);
      await forgot(u.email).expect(202);
      const link = await mailedLink(t.db, u.email, '/reset-password', { sink: smtp });
      const { rows } = await t.db.query<{ minutes: number }>(
        `SELECT round(extract(epoch FROM expires_at - created_at) / 60)::int AS minutes
           FROM account_tokens WHERE user_id = $1 AND purpose = 'reset_password'`,
        [u.id],
      );
      expect(rows).toEqual([{ minutes: 30 }]);
      await t.db.query(
        `UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [u.id],
      );
      const res = await request(t.url)
        .post('/api/auth/password/reset')
        .send({ token: link.token, password: STRONGER });
      expect(res.status).toBe(400);
      await login(t.url, u.email);
    });

    it('limits requests per address: the 4th in an hour is a 429 and mails nothing', async () => {
      const u = await createUser(t.db);
      for (let i = 0; i < 3; i++) await forgot(u.email).expect(202);
      await mailedLink(t.db, u.email, '/reset-password', { sink: smtp });
      await new Promise((r) => setTimeout(r, 300));
      const before = (await subjectsTo(t.db, u.email)).length;
      const res = await forgot(u.email);
      expect(res.status).toBe(429);
      await new Promise((r) => setTimeout(r, 300));
      expect((await subjectsTo(t.db, u.email)).length).toBe(before);
    });
  });

  describe('change password', () => {
    it('needs the current password, ends every other session, keeps this one, tells the owner', async () => {
      const s = await signedInAs(t.db, t.url, 'member');
      const other = await login(t.url, s.user.email);
      const otherSocket = await open(other.accessToken);
      const ownSocket = await open(s.token);
      const dropped = disconnected(otherSocket);
      const change = (body: object) =>
        bearer(request(t.url).post('/api/auth/password/change'), s.token).send(body);

      const wrong = await change({ currentPassword: 'nope', newPassword: STRONGER });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors).toEqual([
        { field: 'currentPassword', message: expect.any(String) },
      ]);
      const weak = await change({ currentPassword: PASSWORD, newPassword: 'password12345' });
      expect(weak.status).toBe(400);
      expect(weak.body.errors).toEqual([{ field: 'password', message: expect.any(String) }]);
      const same = await change({ currentPassword: PASSWORD, newPassword: PASSWORD });
      expect(same.status).toBe(400);
      await bearer(request(t.url).get('/api/auth/me'), other.accessToken).expect(200);

      await change({ currentPassword: PASSWORD, newPassword: STRONGER }).expect(200);
      await dropped;
      expect(ownSocket.socket.connected).toBe(true);
      await bearer(request(t.url).get('/api/auth/me'), other.accessToken).expect(401);
      await bearer(request(t.url).get('/api/auth/me'), s.token).expect(200);
      await login(t.url, s.user.email, STRONGER);
      expect(await subjectsTo(t.db, s.user.email)).toContain('Your OCVRN password was changed');
      expect(await audit('auth.password_changed', s.user.id)).toHaveLength(1);
    });
  });

  describe('sessions', () => {
    it('lists my sessions with device, address and times, and ends one or all the others', async () => {
      const s = await signedInAs(t.db, t.url, 'member');
      const phone = await request(t.url)
        .post('/api/auth/login')
        .set('user-agent', 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)')
        .send({ email: s.user.email, password: PASSWORD })
        .expect(200);
      const third = await login(t.url, s.user.email);
      const phoneSocket = await open(phone.body.accessToken);

      const list = await bearer(request(t.url).get('/api/auth/sessions'), s.token).expect(200);
      expect(list.body.items).toHaveLength(3);
      const current = list.body.items.filter((x: { current: boolean }) => x.current);
      expect(current).toHaveLength(1);
      const phoneRow = list.body.items.find((x: { userAgent: string | null }) =>
        x.userAgent?.includes('iPhone'),
      );
      expect(phoneRow).toMatchObject({
        current: false,
        ip: expect.stringMatching(/127\.0\.0\.1/),
        method: 'password',
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
        expiresAt: expect.any(String),
      });
      const days = (Date.parse(phoneRow.expiresAt) - Date.parse(phoneRow.createdAt)) / 86_400_000;
      expect(Math.round(days)).toBe(30);

      // Another member cannot end my session.
      const stranger = await signedInAs(t.db, t.url, 'member');
      const foreign = await bearer(
        request(t.url).delete(`/api/auth/sessions/${phoneRow.id}`),
        stranger.token,
      );
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('SESSION_NOT_FOUND');

      const dropped = disconnected(phoneSocket);
      await bearer(request(t.url).delete(`/api/auth/sessions/${phoneRow.id}`), s.token).expect(204);
      await dropped;
      await bearer(request(t.url).get('/api/auth/me'), phone.body.accessToken).expect(401);
      await bearer(request(t.url).get('/api/auth/me'), third.accessToken).expect(200);

      const all = await bearer(request(t.url).delete('/api/auth/sessions'), s.token).expect(200);
      expect(all.body).toEqual({ ended: 1 });
      await bearer(request(t.url).get('/api/auth/me'), third.accessToken).expect(401);
      await bearer(request(t.url).get('/api/auth/me'), s.token).expect(200);
      expect(await audit('auth.session_ended', phoneRow.id)).toHaveLength(1);
      expect(await audit('auth.sessions_ended', s.user.id)).toHaveLength(1);
    });

    it('ends a session at its absolute end, whatever its refreshes', async () => {
      const s = await signedInAs(t.db, t.url, 'member');
      await request(t.url).post('/api/auth/refresh').set('cookie', s.cookie).expect(200);
      const { rows } = await t.db.query<{ id: string }>(
        `UPDATE sessions SET expires_at = now() - interval '1 second'
          WHERE user_id = $1 RETURNING id`,
        [s.user.id],
      );
      expect(rows).toHaveLength(1);
      await bearer(request(t.url).get('/api/auth/me'), s.token).expect(401);
    });

    it('answers hostile sign-in input with a 4xx, and records it safely', async () => {
      for (const email of ['\ud800@example.org', 'a\u0000b@example.org', '\udfff\ud800']) {
        const res = await request(t.url)
          .post('/api/auth/login')
          .send({ email, password: 'whatever it is' });
        // Not an account (401), or not an address at all (400): never a 500.
        expect({ email, status: [400, 401].includes(res.status) }).toEqual({ email, status: true });
      }
      for (const email of ['\ud800@example.org', 'nul\u0000@example.org']) {
        const res = await request(t.url).post('/api/auth/password/forgot').send({ email });
        expect(res.status).toBe(400);
        const reg = await request(t.url)
          .post('/api/auth/register')
          .send(buildApplication({ email, password: STRONG }));
        expect(reg.status).toBe(400);
        expect(reg.body.errors[0].field).toBe('email');
      }
    });

    it('audits sign-ins and failures', async () => {
      const u = await createUser(t.db);
      await request(t.url)
        .post('/api/auth/login')
        .send({ email: u.email, password: 'not it' })
        .expect(401);
      const s = await login(t.url, u.email);
      const { rows } = await t.db.query<{ action: string; actor_id: string | null }>(
        `SELECT action, actor_id FROM audit_log
          WHERE (action = 'auth.sign_in' AND actor_id = $1)
             OR (action = 'auth.sign_in_failed' AND detail->>'email' = $2)
          ORDER BY id`,
        [u.id, u.email],
      );
      expect(rows).toEqual([
        { action: 'auth.sign_in_failed', actor_id: null },
        { action: 'auth.sign_in', actor_id: u.id },
      ]);
      expect(s.user.emailVerified).toBe(true);
    });
  });
});

describe('sockets follow their token and their roles', () => {
  let t: TestApp;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    t = await startTestApp({ env: { ACCESS_TOKEN_TTL: '5' } });
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(() => t.close());

  it('drops a socket whose token expires unrenewed; a renewed one stays', async () => {
    const s = await signedInAs(t.db, t.url, 'member');
    const renewed = connectSocket(t.url, s.token);
    const stale = connectSocket(t.url, s.token);
    sockets.push(renewed, stale);
    await Promise.all([connected(renewed), connected(stale)]);
    const ended = new Promise<{ reason: string }>((resolve) =>
      stale.socket.once('session.ended', resolve),
    );
    const staleGone = disconnected(stale, 15_000);
    await new Promise((r) => setTimeout(r, 2_000));
    const fresh = await request(t.url)
      .post('/api/auth/refresh')
      .set('cookie', s.cookie)
      .expect(200);
    const ack = await renewed.socket.emitWithAck('auth.renew', fresh.body.accessToken);
    expect(ack).toEqual({ ok: true });
    // Another user's token is no renewal.
    const other = await signedInAs(t.db, t.url, 'member');
    expect(await renewed.socket.emitWithAck('auth.renew', other.token)).toEqual({
      ok: false,
      error: 'invalid',
    });
    expect(await ended).toEqual({ reason: 'access token expired' });
    await staleGone;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(renewed.socket.connected).toBe(true);
  });

  it('a role change reaches open sockets at once: permitted client events follow it', async () => {
    const admin = await signedInAs(t.db, t.url, 'admin');
    const s = await signedInAs(t.db, t.url, 'member');
    const sock = connectSocket(t.url, s.token);
    sockets.push(sock);
    await connected(sock);
    const threadId = randomUUID();
    const presence = () =>
      sock.socket.emitWithAck('inbox.presence', { threadId, state: 'viewing' }) as Promise<{
        ok: boolean;
        error?: string;
      }>;
    expect(await presence()).toMatchObject({ ok: false, error: 'forbidden' });
    const grant = async (roles: string[]) => {
      // Admin tokens are short-lived here: sign in again for each change.
      const fresh = await login(t.url, admin.user.email);
      await request(t.url)
        .put(`/api/admin/users/${s.user.id}/roles`)
        .auth(fresh.accessToken, { type: 'bearer' })
        .send({ roles })
        .expect(200);
    };
    await grant(['contact_officer']);
    await sock.waitFor((e) => e.type === 'account.roles.changed');
    expect(await presence()).toMatchObject({ ok: true });
    await grant([]);
    const deadline = Date.now() + 5_000;
    let answer = await presence();
    while (answer.ok && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      answer = await presence();
    }
    expect(answer).toMatchObject({ ok: false, error: 'forbidden' });
  });
});

describe('the generated first-admin password', () => {
  it('must be changed at first sign-in before anything else', async () => {
    const t = await startTestApp({
      env: { ADMIN_PASSWORD: '', ADMIN_EMAIL: `first-${randomUUID().slice(0, 6)}@ocvrn.test` },
    });
    try {
      const printed = /Password:\s+(\S+)\s+\(shown once/.exec(t.output());
      expect(printed).not.toBeNull();
      const email = /First admin: (\S+)/.exec(t.output())![1];
      const s = await login(t.url, email, printed![1]);
      expect(s.user).toMatchObject({ passwordChangeRequired: true, roles: ['member', 'admin'] });
      const blocked = await request(t.url)
        .get('/api/admin/users')
        .auth(s.accessToken, { type: 'bearer' });
      expect(blocked.status).toBe(403);
      expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
      await request(t.url)
        .post('/api/auth/password/change')
        .auth(s.accessToken, { type: 'bearer' })
        .send({ currentPassword: printed![1], newPassword: STRONGER })
        .expect(200);
      await request(t.url)
        .get('/api/admin/users')
        .auth(s.accessToken, { type: 'bearer' })
        .expect(200);
      const me = await request(t.url)
        .get('/api/auth/me')
        .auth(s.accessToken, { type: 'bearer' })
        .expect(200);
      expect(me.body.passwordChangeRequired).toBe(false);
    } finally {
      await t.close();
    }
  });
});
