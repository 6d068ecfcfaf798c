import { Secret, TOTP } from 'otpauth';
import request from 'supertest';
import {
  createUser,
  login,
  PASSWORD,
  refreshCookieOf,
  signedInAs,
  type TestUser,
} from '@testing/factories';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * Second factors: an authenticator app (TOTP) with recovery codes, the two-step sign-in,
 * roles that must hold a factor, and step-up before granting staff roles.
 */

const totpOf = (secret: string) =>
  new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });

/**
 * The code of the next 30-second step: a code is good once, so after one of this step was used
 * only a later step's works, and the server takes one step either side of now.
 */
function nextCode(secret: string): Promise<string> {
  return Promise.resolve(totpOf(secret).generate({ timestamp: Date.now() + 30_000 }));
}

describe('second factors', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { MFA_REQUIRED_ROLES: 'admin' } });
  });
  afterAll(() => t.close());

  const bearer = (req: request.Test, token: string) => req.auth(token, { type: 'bearer' });
  const actions = async (userId: string) => {
    const { rows } = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE target_id = $1 OR actor_id::text = $1 ORDER BY id`,
      [userId],
    );
    return rows.map((r) => r.action);
  };

  /** Enrols TOTP for a signed-in user: the secret and the recovery codes. */
  async function enrol(token: string): Promise<{ secret: string; recoveryCodes: string[] }> {
    const setup = await bearer(request(t.url).post('/api/auth/mfa/totp'), token).expect(200);
    expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/OCVRN:.+\?.*secret=/);
    const secret: string = setup.body.secret;
    const confirm = await bearer(request(t.url).post('/api/auth/mfa/totp/confirm'), token)
      .send({ code: totpOf(secret).generate() })
      .expect(200);
    return { secret, recoveryCodes: confirm.body.recoveryCodes };
  }

  it('enrols an authenticator app; sign-in then asks for a code, good once', async () => {
    const s = await signedInAs(t.db, t.url, 'member');
    const wrongFirst = await bearer(
      request(t.url).post('/api/auth/mfa/totp/confirm'),
      s.token,
    ).send({ code: '000000' });
    expect(wrongFirst.status).toBe(400);

    const { secret, recoveryCodes } = await enrol(s.token);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    // The secret is sealed and recovery codes hashed at rest.
    const { rows } = await t.db.query<{ totp_secret: string }>(
      'SELECT totp_secret FROM users WHERE id = $1',
      [s.user.id],
    );
    expect(rows[0].totp_secret).not.toContain(secret);
    const { rows: codes } = await t.db.query<{ code_hash: Buffer }>(
      'SELECT code_hash FROM mfa_recovery_codes WHERE user_id = $1',
      [s.user.id],
    );
    expect(codes).toHaveLength(10);
    for (const c of codes) expect(recoveryCodes).not.toContain(c.code_hash.toString('utf8'));

    const me = await bearer(request(t.url).get('/api/auth/me'), s.token).expect(200);
    expect(me.body.mfa).toEqual({ totp: true, passkeys: 0 });

    const first = await request(t.url)
      .post('/api/auth/login')
      .send({ email: s.user.email, password: PASSWORD })
      .expect(200);
    expect(first.body).toEqual({
      mfaRequired: true,
      mfaToken: expect.any(String),
      methods: ['totp', 'recovery'],
    });
    expect(first.body.accessToken).toBeUndefined();
    expect(first.headers['set-cookie']).toBeUndefined();

    const wrong = await request(t.url)
      .post('/api/auth/login/mfa')
      .send({ mfaToken: first.body.mfaToken, code: '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'CODE_INVALID', errors: [{ field: 'code' }] });

    const code = await nextCode(secret);
    const ok = await request(t.url)
      .post('/api/auth/login/mfa')
      .send({ mfaToken: first.body.mfaToken, code })
      .expect(200);
    expect(ok.body).toMatchObject({ accessToken: expect.any(String), user: { id: s.user.id } });
    expect(String(ok.headers['set-cookie'])).toMatch(/ocvrn_refresh=/);

    // The pending sign-in is used up, and the same code does not work twice.
    const reuse = await request(t.url)
      .post('/api/auth/login/mfa')
      .send({ mfaToken: first.body.mfaToken, code });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('MFA_TOKEN_INVALID');
    const again = await request(t.url)
      .post('/api/auth/login')
      .send({ email: s.user.email, password: PASSWORD })
      .expect(200);
    const replay = await request(t.url)
      .post('/api/auth/login/mfa')
      .send({ mfaToken: again.body.mfaToken, code });
    expect(replay.status).toBe(400);

    // A recovery code works once, and its owner is told.
    const rec = await request(t.url)
      .post('/api/auth/login/mfa')
      .send({ mfaToken: again.body.mfaToken, code: recoveryCodes[0].toUpperCase() })
      .expect(200);
    expect(rec.body.user.id).toBe(s.user.id);
    const third = await request(t.url)
      .post('/api/auth/login')
      .send({ email: s.user.email, password: PASSWORD })
      .expect(200);
    const used = await request(t.url)
      .post('/api/auth/login/mfa')
      .send({ mfaToken: third.body.mfaToken, code: recoveryCodes[0] });
    expect(used.status).toBe(400);
    const sessions = await t.db.query<{ method: string }>(
      'SELECT method FROM sessions WHERE user_id = $1 ORDER BY created_at',
      [s.user.id],
    );
    expect(sessions.rows.map((r) => r.method)).toEqual([
      'password',
      'password+totp',
      'password+recovery',
    ]);
    expect(await actions(s.user.id)).toEqual(
      expect.arrayContaining([
        'mfa.totp_enrolled',
        'auth.sign_in',
        'auth.sign_in_failed',
        'mfa.recovery_code_used',
      ]),
    );
  });

  it('drops a pending sign-in after five wrong codes', async () => {
    const s = await signedInAs(t.db, t.url, 'member');
    const { secret } = await enrol(s.token);
    const first = await request(t.url)
      .post('/api/auth/login')
      .send({ email: s.user.email, password: PASSWORD })
      .expect(200);
    for (let i = 0; i < 5; i++) {
      await request(t.url)
        .post('/api/auth/login/mfa')
        .send({ mfaToken: first.body.mfaToken, code: '999999' })
        .expect(400);
    }
    const res = await request(t.url)
      .post('/api/auth/login/mfa')
      .send({ mfaToken: first.body.mfaToken, code: totpOf(secret).generate() });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('MFA_TOKEN_INVALID');
  });

  it('a role that needs a factor signs in only to enrol; then everything opens', async () => {
    const adminUser = await createUser(t.db, { roles: ['member', 'admin'] });
    const s = await login(t.url, adminUser.email);
    expect(s.user).toMatchObject({ mfaEnrolmentRequired: true });
    const blocked = await bearer(request(t.url).get('/api/admin/users'), s.accessToken);
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('MFA_ENROLMENT_REQUIRED');
    await bearer(request(t.url).get('/api/members'), s.accessToken).expect(403);
    await bearer(request(t.url).get('/api/auth/me'), s.accessToken).expect(200);
    const { secret } = await enrol(s.accessToken);
    await bearer(request(t.url).get('/api/admin/users'), s.accessToken).expect(200);
    const me = await bearer(request(t.url).get('/api/auth/me'), s.accessToken).expect(200);
    expect(me.body.mfaEnrolmentRequired).toBe(false);

    // Removing the only factor of such a role is refused.
    const code = await nextCode(secret);
    const last = await bearer(request(t.url).delete('/api/auth/mfa/totp'), s.accessToken).send({
      code,
    });
    expect(last.status).toBe(409);
    expect(last.body.code).toBe('LAST_FACTOR');
  });

  it('granting a staff role asks a fresh factor (step-up), good for five minutes', async () => {
    const adminUser = await createUser(t.db, { roles: ['member', 'admin'] });
    const target = await createUser(t.db);
    const s0 = await login(t.url, adminUser.email);
    const { secret, recoveryCodes } = await enrol(s0.accessToken);
    // Signing in with a code counts as a fresh factor.
    const pending = await request(t.url)
      .post('/api/auth/login')
      .send({ email: adminUser.email, password: PASSWORD })
      .expect(200);
    const signedIn = await request(t.url)
      .post('/api/auth/login/mfa')
      .send({ mfaToken: pending.body.mfaToken, code: recoveryCodes[0] })
      .expect(200);
    await bearer(
      request(t.url).put(`/api/admin/users/${target.id}/roles`),
      signedIn.body.accessToken,
    )
      .send({ roles: ['editor'] })
      .expect(200);

    // A token from a refresh carries no fresh factor.
    const cookie = refreshCookieOf(signedIn);
    const refreshed = await request(t.url)
      .post('/api/auth/refresh')
      .set('cookie', cookie)
      .expect(200);
    const grant = (token: string, roles: string[]) =>
      bearer(request(t.url).put(`/api/admin/users/${target.id}/roles`), token).send({ roles });
    const refused = await grant(refreshed.body.accessToken, ['editor', 'moderator']);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('STEP_UP_REQUIRED');
    const { rows } = await t.db.query('SELECT roles FROM users WHERE id = $1', [target.id]);
    expect(rows[0].roles).toEqual(['member', 'editor']);
    // Removing a role, or keeping the same ones, needs no step-up.
    await grant(refreshed.body.accessToken, ['member']).expect(200);

    const bad = await bearer(
      request(t.url).post('/api/auth/step-up'),
      refreshed.body.accessToken,
    ).send({ code: '000000' });
    expect(bad.status).toBe(400);
    const up = await bearer(request(t.url).post('/api/auth/step-up'), refreshed.body.accessToken)
      .send({ code: await nextCode(secret) })
      .expect(200);
    expect(up.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: expect.any(Number),
      stepUpUntil: expect.any(String),
    });
    const until = Date.parse(up.body.stepUpUntil) - Date.now();
    expect(until).toBeGreaterThan(4 * 60_000);
    expect(until).toBeLessThanOrEqual(5 * 60_000);
    await grant(up.body.accessToken, ['editor', 'moderator']).expect(200);
    expect(await actions(adminUser.id)).toEqual(
      expect.arrayContaining(['auth.step_up', 'user.roles.changed']),
    );
  });

  it('new recovery codes replace the old; the app can be removed with a code', async () => {
    const s = await signedInAs(t.db, t.url, 'member');
    const { secret, recoveryCodes } = await enrol(s.token);
    const fresh = await bearer(request(t.url).post('/api/auth/mfa/recovery-codes'), s.token)
      .send({ code: recoveryCodes[1] })
      .expect(200);
    expect(fresh.body.recoveryCodes).toHaveLength(10);
    const pending = await request(t.url)
      .post('/api/auth/login')
      .send({ email: s.user.email, password: PASSWORD })
      .expect(200);
    await request(t.url)
      .post('/api/auth/login/mfa')
      .send({ mfaToken: pending.body.mfaToken, code: recoveryCodes[2] })
      .expect(400);
    const setupAgain = await bearer(request(t.url).post('/api/auth/mfa/totp'), s.token);
    expect(setupAgain.status).toBe(409);
    expect(setupAgain.body.code).toBe('TOTP_ALREADY_ENABLED');

    await bearer(request(t.url).delete('/api/auth/mfa/totp'), s.token)
      .send({ code: await nextCode(secret) })
      .expect(204);
    const me = await bearer(request(t.url).get('/api/auth/me'), s.token).expect(200);
    expect(me.body.mfa).toEqual({ totp: false, passkeys: 0 });
    const { rows } = await t.db.query('SELECT 1 FROM mfa_recovery_codes WHERE user_id = $1', [
      s.user.id,
    ]);
    expect(rows).toHaveLength(0);
    // Without a factor, a password alone signs in again.
    const plain = await login(t.url, s.user.email);
    expect(plain.accessToken).toEqual(expect.any(String));
    expect(await actions(s.user.id)).toEqual(
      expect.arrayContaining(['mfa.recovery_codes_regenerated', 'mfa.totp_removed']),
    );
  });

  it('counts codes per account before checking them: guessing stops with a 429', async () => {
    const u: TestUser = await createUser(t.db);
    const s = await login(t.url, u.email);
    await enrol(s.accessToken);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const pending = await request(t.url)
        .post('/api/auth/login')
        .send({ email: u.email, password: PASSWORD });
      if (pending.status !== 200) {
        statuses.push(pending.status);
        continue;
      }
      const res = await request(t.url)
        .post('/api/auth/login/mfa')
        .send({ mfaToken: pending.body.mfaToken, code: '123123' });
      statuses.push(res.status);
    }
    // The enrolment's own code counted once; ten a quarter-hour in all.
    expect(statuses.filter((x) => x === 400).length).toBeLessThanOrEqual(9);
    expect(statuses).toContain(429);
  });
});
