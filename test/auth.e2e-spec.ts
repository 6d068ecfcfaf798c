import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { buildApplication, login, refreshCookieOf, signedInAs } from '@testing/factories';
import { connected, connectSocket, disconnected, type TestSocket } from '@testing/realtime';
import { startTestApp, type TestApp } from '@testing/test-app';

describe('sessions: sign-in, rotating refresh, reuse detection, sign-out', () => {
  let t: TestApp;
  const sockets: TestSocket[] = [];
  const open = (token: string) => {
    const s = connectSocket(t.url, token);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(() => t.close());

  it('sets an httpOnly SameSite refresh cookie scoped to /api/auth and never returns the hash', async () => {
    const { user } = await signedInAs(t.db, t.url, 'member');
    const res = await request(t.url)
      .post('/api/auth/login')
      .send({ email: user.email.toUpperCase(), password: 'correct horse battery' })
      .expect(200);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).join('\n');
    expect(cookie).toMatch(/ocvrn_refresh=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api\/auth/);
    expect(res.body.user).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(res.body)).not.toMatch(/argon2/);
    const stored = await t.db.query<{ token_hash: Buffer }>(
      'SELECT token_hash FROM refresh_tokens',
    );
    const raw = refreshCookieOf(res).split('=')[1];
    for (const row of stored.rows)
      expect(row.token_hash.toString('utf8')).not.toContain(raw.split('.')[1]);
  });

  it('refuses a wrong password and an unknown account alike', async () => {
    const { user } = await signedInAs(t.db, t.url, 'member');
    const wrong = await request(t.url)
      .post('/api/auth/login')
      .send({ email: user.email, password: 'not the password' });
    const unknown = await request(t.url)
      .post('/api/auth/login')
      .send({ email: 'nobody@example.org', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  it('rotates the refresh token on every use, and a reused one revokes the whole family', async () => {
    const { user } = await signedInAs(t.db, t.url, 'member');
    const first = await login(t.url, user.email);
    const r1 = await request(t.url)
      .post('/api/auth/refresh')
      .set('cookie', first.cookie)
      .expect(200);
    const second = refreshCookieOf(r1);
    expect(second).not.toBe(first.cookie);
    expect(r1.body.accessToken).toEqual(expect.any(String));
    const r2 = await request(t.url).post('/api/auth/refresh').set('cookie', second).expect(200);
    const third = refreshCookieOf(r2);

    // The family's live socket, to see it dropped on reuse.
    const s = open(r2.body.accessToken);
    await connected(s);
    const dropped = disconnected(s);

    // An attacker replays the first token: refused, and the whole session is revoked.
    const replay = await request(t.url)
      .post('/api/auth/refresh')
      .set('cookie', first.cookie)
      .expect(401);
    expect(replay.body.code).toBe('REFRESH_TOKEN_INVALID');
    await dropped;
    await request(t.url).post('/api/auth/refresh').set('cookie', third).expect(401);
    await request(t.url)
      .get('/api/auth/me')
      .auth(r2.body.accessToken, { type: 'bearer' })
      .expect(401);

    // Other sessions of the same user are untouched.
    const other = await login(t.url, user.email);
    await request(t.url)
      .get('/api/auth/me')
      .auth(other.accessToken, { type: 'bearer' })
      .expect(200);
  });

  it('refuses a missing, malformed or unknown refresh cookie', async () => {
    await request(t.url).post('/api/auth/refresh').expect(401);
    await request(t.url)
      .post('/api/auth/refresh')
      .set('cookie', 'ocvrn_refresh=garbage')
      .expect(401);
    await request(t.url)
      .post('/api/auth/refresh')
      .set('cookie', `ocvrn_refresh=00000000-0000-4000-8000-000000000000.${'a'.repeat(43)}`)
      .expect(401);
  });

  it('sign-out ends the session on HTTP and on its open sockets, and only that session', async () => {
    const { user } = await signedInAs(t.db, t.url, 'member');
    const a = await login(t.url, user.email);
    const b = await login(t.url, user.email);
    const sa = open(a.accessToken);
    const sb = open(b.accessToken);
    await Promise.all([connected(sa), connected(sb)]);
    const dropped = disconnected(sa);
    await request(t.url)
      .post('/api/auth/logout')
      .set('cookie', a.cookie)
      .auth(a.accessToken, { type: 'bearer' })
      .expect(204);
    await dropped;
    await request(t.url).get('/api/auth/me').auth(a.accessToken, { type: 'bearer' }).expect(401);
    await request(t.url).post('/api/auth/refresh').set('cookie', a.cookie).expect(401);
    expect(sb.socket.connected).toBe(true);
    await request(t.url).get('/api/auth/me').auth(b.accessToken, { type: 'bearer' }).expect(200);
  });

  it('an applicant sees their own status and nothing else', async () => {
    const form = buildApplication();
    await request(t.url).post('/api/auth/register').send(form).expect(201);
    const s = await login(t.url, form.email);
    const me = await request(t.url)
      .get('/api/auth/me')
      .auth(s.accessToken, { type: 'bearer' })
      .expect(200);
    expect(me.body).toMatchObject({
      email: form.email,
      status: 'pending',
      roles: ['applicant'],
      statement: form.statement,
    });
    await request(t.url)
      .get('/api/admin/users')
      .auth(s.accessToken, { type: 'bearer' })
      .expect(403);
    await request(t.url)
      .get('/api/notifications')
      .auth(s.accessToken, { type: 'bearer' })
      .expect(200);
  });

  it('stores passwords as argon2id with at least 19 MiB and 2 passes, without truncation', async () => {
    const long = randomBytes(96).toString('base64').slice(0, 127) + 'x';
    const form = buildApplication({ password: long });
    await request(t.url).post('/api/auth/register').send(form).expect(201);
    const { rows } = await t.db.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE email = $1',
      [form.email],
    );
    const hash = rows[0].password_hash;
    expect(hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(Number(/[$,]m=(\d+)/.exec(hash)?.[1])).toBeGreaterThanOrEqual(19456);
    expect(Number(/[$,]t=(\d+)/.exec(hash)?.[1])).toBeGreaterThanOrEqual(2);
    await request(t.url)
      .post('/api/auth/login')
      .send({ email: form.email, password: long.slice(0, 127) + 'y' })
      .expect(401);
    await request(t.url)
      .post('/api/auth/login')
      .send({ email: form.email, password: long })
      .expect(200);
  });
});

describe('logs', () => {
  it('a failed statement is logged without its parameters (no hash, no address)', async () => {
    const t = await startTestApp();
    try {
      const form = buildApplication({
        email: `twice-${randomBytes(4).toString('hex')}@example.org`,
      });
      await request(t.url).post('/api/auth/register').send(form).expect(201);
      const again = await request(t.url).post('/api/auth/register').send(form);
      expect(again.status).toBe(409);
      await new Promise((r) => setTimeout(r, 200));
      const out = t.output();
      expect(out).toMatch(/query failed: duplicate key value/);
      expect(out).not.toMatch(/\$argon2id\$/);
      expect(out).not.toMatch(/PARAMETERS/);
      expect(out).not.toContain(form.password);
    } finally {
      await t.close();
    }
  });
});

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { AUTH_RATE_LIMIT: '3', REGISTER_RATE_LIMIT: '2' } });
  });
  afterAll(() => t.close());

  it('refuses sign-in after repeated failures for that address and email, not for others', async () => {
    const { user } = await signedInAs(t.db, t.url, 'member');
    // Successful sign-ins never count.
    for (let i = 0; i < 5; i++) await login(t.url, user.email);
    for (let i = 0; i < 3; i++) {
      await request(t.url)
        .post('/api/auth/login')
        .send({ email: user.email, password: 'wrong password' })
        .expect(401);
    }
    const limited = await request(t.url)
      .post('/api/auth/login')
      .send({ email: user.email, password: 'correct horse battery' });
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(limited.headers['retry-after']).toBeDefined();
    const { user: other } = await signedInAs(t.db, t.url, 'member');
    await login(t.url, other.email);
  });

  it('limits applications per address', async () => {
    await request(t.url).post('/api/auth/register').send(buildApplication()).expect(201);
    await request(t.url).post('/api/auth/register').send(buildApplication()).expect(201);
    const form = buildApplication();
    const res = await request(t.url).post('/api/auth/register').send(form).expect(429);
    expect(res.body.code).toBe('RATE_LIMITED');
    const { rows } = await t.db.query('SELECT 1 FROM users WHERE email = $1', [form.email]);
    expect(rows).toHaveLength(0);
  });
});
