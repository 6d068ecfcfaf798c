import type { LoginResponse, MfaChallengeResponse, PasskeyResponse } from '@contracts';
import { outboxTexts, subjectsTo } from '@testing/mail-links';
import request from 'supertest';
import { createUser, login, PASSWORD, refreshCookieOf, type TestUser } from '@testing/factories';
import { startTestApp, type TestApp } from '@testing/test-app';
import { SoftAuthenticator } from '@testing/webauthn';

interface Options {
  challenge: string;
  rp: { id: string; name: string };
  user: { id: string; name: string; displayName: string };
  rpId: string;
  allowCredentials?: { id: string }[];
  excludeCredentials?: { id: string }[];
  authenticatorSelection?: { residentKey?: string; userVerification?: string };
}
interface OptionsAnswer {
  options: Options;
  challengeToken: string;
}

/**
 * Passkeys through the API with a software authenticator that signs exactly as a browser's
 * would, so the server's real WebAuthn verification runs: registration, sign-in without a
 * password, the second step of a password sign-in, step-up, removal, and every refusal.
 */
describe('passkeys (WebAuthn)', () => {
  let t: TestApp;
  /** The page origin the server expects: PUBLIC_URL defaults to http://localhost:<port>. */
  let origin: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { MFA_REQUIRED_ROLES: 'admin' } });
    origin = `http://localhost:${new URL(t.url).port}`;
  });
  afterAll(() => t.close());

  const api = () => request(t.url);

  async function registrationOptions(token: string): Promise<OptionsAnswer> {
    const res = await api()
      .post('/api/auth/passkeys/options')
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    return res.body as OptionsAnswer;
  }

  /** Registers a new passkey of `auth` for the token's user. */
  async function addPasskey(
    token: string,
    auth: SoftAuthenticator,
    name = 'Laptop',
  ): Promise<PasskeyResponse> {
    const { options, challengeToken } = await registrationOptions(token);
    const res = await api()
      .post('/api/auth/passkeys')
      .set('authorization', `Bearer ${token}`)
      .send({ response: auth.register(options), name, challengeToken });
    if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as PasskeyResponse;
  }

  async function loginOptions(body: object, token?: string): Promise<OptionsAnswer> {
    const req = api().post('/api/auth/passkeys/login/options');
    if (token) void req.set('authorization', `Bearer ${token}`);
    const res = await req.send(body);
    if (res.status !== 200) throw new Error(`options: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as OptionsAnswer;
  }

  /** A user with one passkey, and an access token fresh from that passkey (step-up). */
  async function userWithPasskey(
    overrides: Parameters<typeof createUser>[1] = {},
  ): Promise<{ user: TestUser; auth: SoftAuthenticator; passkey: PasskeyResponse }> {
    const user = await createUser(t.db, overrides);
    const auth = new SoftAuthenticator(origin);
    const { accessToken } = await login(t.url, user.email);
    const passkey = await addPasskey(accessToken, auth);
    return { user, auth, passkey };
  }

  /** A fresh step-up token of a signed-in user, proved with their passkey. */
  async function stepUp(token: string, auth: SoftAuthenticator): Promise<string> {
    const { options, challengeToken } = await loginOptions({ stepUp: true }, token);
    const res = await api()
      .post('/api/auth/step-up')
      .set('authorization', `Bearer ${token}`)
      .send({ passkey: { response: auth.assert(options), challengeToken } })
      .expect(200);
    return (res.body as { accessToken: string }).accessToken;
  }

  /** Signs in with password then passkey; the session's token counts as a fresh step-up. */
  async function signInWithPasskey(user: TestUser, auth: SoftAuthenticator): Promise<string> {
    const first = await api()
      .post('/api/auth/login')
      .send({ email: user.email, password: PASSWORD })
      .expect(200);
    const { mfaToken } = first.body as MfaChallengeResponse;
    const { options, challengeToken } = await loginOptions({ mfaToken });
    const res = await api()
      .post('/api/auth/passkeys/login')
      .send({ response: auth.assert(options), challengeToken, mfaToken })
      .expect(200);
    return (res.body as LoginResponse).accessToken;
  }

  const audit = async (action: string, actorId: string) =>
    (
      await t.db.query<{ target_id: string | null; detail: Record<string, unknown> }>(
        'SELECT target_id, detail FROM audit_log WHERE action = $1 AND actor_id = $2 ORDER BY id',
        [action, actorId],
      )
    ).rows;
  /** Sign-ins with a passkey (the setup's first sign-in, with the password, left out). */
  const passkeySignIns = async (userId: string) =>
    (await audit('auth.sign_in', userId)).filter((r) =>
      String(r.detail.method).includes('passkey'),
    );
  const passkeyRows = async (userId: string) =>
    (
      await t.db.query<{ id: string; counter: string; last_used_at: Date | null }>(
        'SELECT id, counter, last_used_at FROM passkeys WHERE user_id = $1 ORDER BY created_at',
        [userId],
      )
    ).rows;

  describe('registration', () => {
    it('offers options for this site and user, keeps the passkey, audits it and mails the owner', async () => {
      const user = await createUser(t.db);
      const { accessToken } = await login(t.url, user.email);
      const { options, challengeToken } = await registrationOptions(accessToken);
      expect(options.rp).toEqual({ id: 'localhost', name: 'OCVRN' });
      expect(options.user.name).toBe(user.email);
      expect(Buffer.from(options.user.id, 'base64url').toString('hex')).toBe(
        user.id.replace(/-/g, ''),
      );
      expect(options.authenticatorSelection).toMatchObject({
        residentKey: 'preferred',
        userVerification: 'preferred',
      });
      expect(options.excludeCredentials).toEqual([]);
      expect(challengeToken).toMatch(/^[0-9a-f-]{36}\.[\w-]{43}$/);

      const auth = new SoftAuthenticator(origin);
      const res = await api()
        .post('/api/auth/passkeys')
        .set('authorization', `Bearer ${accessToken}`)
        .send({ response: auth.register(options), name: '  Work laptop ', challengeToken })
        .expect(201);
      // The account's first factor: ten recovery codes come with it, shown once.
      expect(res.body).toEqual({
        id: expect.any(String),
        name: 'Work laptop',
        createdAt: expect.any(String),
        lastUsedAt: null,
        backedUp: false,
        recoveryCodes: expect.arrayContaining([expect.stringMatching(/^[a-z2-9]{5}-[a-z2-9]{5}$/)]),
      });
      expect(new Set(res.body.recoveryCodes).size).toBe(10);
      const stored = await t.db.query<{ credential_id: string; transports: string[] }>(
        'SELECT credential_id, transports FROM passkeys WHERE user_id = $1',
        [user.id],
      );
      expect(stored.rows).toEqual([
        { credential_id: auth.credentials[0].id, transports: ['internal'] },
      ]);
      expect(await audit('mfa.passkey_added', user.id)).toEqual([
        { target_id: res.body.id, detail: { name: 'Work laptop', backedUp: false } },
      ]);
      expect(await subjectsTo(t.db, user.email)).toEqual([
        'A security setting of your OCVRN account changed',
      ]);
      expect(await outboxTexts(t.db, user.email)).toEqual([
        expect.stringContaining('A passkey named “Work laptop” was added'),
      ]);

      const list = await api()
        .get('/api/auth/passkeys')
        .set('authorization', `Bearer ${accessToken}`)
        .expect(200);
      // The list shows the passkey without the codes, which were shown once.
      expect(list.body).toEqual({
        items: [{ ...res.body, recoveryCodes: undefined }],
      });
      const me = await api()
        .get('/api/auth/me')
        .set('authorization', `Bearer ${accessToken}`)
        .expect(200);
      expect(me.body.mfa).toEqual({ totp: false, passkeys: 1 });

      // The challenge was good once.
      const again = await api()
        .post('/api/auth/passkeys')
        .set('authorization', `Bearer ${accessToken}`)
        .send({ response: auth.register(options), name: 'Again', challengeToken });
      expect(again.status).toBe(401); // a factor now exists: a fresh one is asked first
      expect(again.body.code).toBe('STEP_UP_REQUIRED');
    });

    it('a passkey-only account signs in with a recovery code, and renews them after a step-up', async () => {
      const user = await createUser(t.db);
      const auth = new SoftAuthenticator(origin);
      const { accessToken } = await login(t.url, user.email);
      const first = await addPasskey(accessToken, auth);
      const codes = (first as PasskeyResponse & { recoveryCodes: string[] }).recoveryCodes;
      expect(codes).toHaveLength(10);
      const fresh = await stepUp(accessToken, auth);
      const second = await addPasskey(fresh, new SoftAuthenticator(origin), 'Key');
      expect(second).not.toHaveProperty('recoveryCodes');

      const pending = await api()
        .post('/api/auth/login')
        .send({ email: user.email, password: PASSWORD })
        .expect(200);
      expect((pending.body as MfaChallengeResponse).methods).toEqual(['recovery', 'passkey']);
      await api()
        .post('/api/auth/login/mfa')
        .send({ mfaToken: pending.body.mfaToken, code: codes[0] })
        .expect(200);

      // Without a code to give, new codes need a fresh factor.
      const stale = await api()
        .post('/api/auth/mfa/recovery-codes')
        .set('authorization', `Bearer ${accessToken}`)
        .send({});
      expect(stale.status).toBe(401);
      expect(stale.body.code).toBe('STEP_UP_REQUIRED');
      const renewed = await api()
        .post('/api/auth/mfa/recovery-codes')
        .set('authorization', `Bearer ${await stepUp(accessToken, auth)}`)
        .send({})
        .expect(200);
      expect(renewed.body.recoveryCodes).toHaveLength(10);
      const again = await api()
        .post('/api/auth/login')
        .send({ email: user.email, password: PASSWORD })
        .expect(200);
      await api()
        .post('/api/auth/login/mfa')
        .send({ mfaToken: again.body.mfaToken, code: codes[1] })
        .expect(400);
    });

    it('refuses bad bodies naming the field, and keeps nothing', async () => {
      const user = await createUser(t.db);
      const { accessToken } = await login(t.url, user.email);
      const { options, challengeToken } = await registrationOptions(accessToken);
      const response = new SoftAuthenticator(origin).register(options);
      const cases: [Record<string, unknown>, string][] = [
        [{ response, challengeToken }, 'name'],
        [{ response, challengeToken, name: '' }, 'name'],
        [{ response, challengeToken, name: 'x'.repeat(61) }, 'name'],
        [{ response, challengeToken, name: '<b>Key</b>' }, 'name'],
        [{ response, challengeToken, name: 'a\u0007b' }, 'name'],
        [{ response: 'not an object', challengeToken, name: 'Key' }, 'response'],
        [{ response, name: 'Key' }, 'challengeToken'],
        [{ response, challengeToken, name: 'Key', extra: 1 }, 'extra'],
      ];
      for (const [body, field] of cases) {
        const res = await api()
          .post('/api/auth/passkeys')
          .set('authorization', `Bearer ${accessToken}`)
          .send(body);
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      expect(await passkeyRows(user.id)).toEqual([]);
      expect(await audit('mfa.passkey_added', user.id)).toEqual([]);
    });

    it('refuses an unknown, expired, used or foreign challenge, and an answer for another origin', async () => {
      const user = await createUser(t.db);
      const other = await createUser(t.db);
      const { accessToken } = await login(t.url, user.email);
      const { accessToken: otherToken } = await login(t.url, other.email);
      const auth = new SoftAuthenticator(origin);
      const post = (body: object) =>
        api().post('/api/auth/passkeys').set('authorization', `Bearer ${accessToken}`).send(body);
      const expectInvalid = (res: request.Response, field: string) => {
        expect([res.status, res.body.code]).toEqual([400, 'PASSKEY_INVALID']);
        expect(res.body.errors).toEqual([{ field, message: expect.any(String) }]);
      };

      const a = await registrationOptions(accessToken);
      const unknown = `${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}.${'A'.repeat(43)}`;
      expectInvalid(
        await post({ response: auth.register(a.options), name: 'K', challengeToken: unknown }),
        'challengeToken',
      );
      expectInvalid(
        await post({ response: auth.register(a.options), name: 'K', challengeToken: 'nonsense' }),
        'challengeToken',
      );

      // Expired.
      await t.db.query(
        `UPDATE auth_challenges SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [a.challengeToken.split('.')[0]],
      );
      expectInvalid(
        await post({
          response: auth.register(a.options),
          name: 'K',
          challengeToken: a.challengeToken,
        }),
        'challengeToken',
      );

      // Another user's challenge (and the answer made for it).
      const foreign = await registrationOptions(otherToken);
      expectInvalid(
        await post({
          response: auth.register(foreign.options),
          name: 'K',
          challengeToken: foreign.challengeToken,
        }),
        'challengeToken',
      );

      // An answer made on another origin, then an answer to another challenge.
      const b = await registrationOptions(accessToken);
      expectInvalid(
        await post({
          response: auth.register(b.options, { origin: 'https://evil.example' }),
          name: 'K',
          challengeToken: b.challengeToken,
        }),
        'response',
      );
      const c = await registrationOptions(accessToken);
      const d = await registrationOptions(accessToken);
      expectInvalid(
        await post({
          response: auth.register(d.options),
          name: 'K',
          challengeToken: c.challengeToken,
        }),
        'response',
      );
      // A failed attempt uses the challenge up too.
      expectInvalid(
        await post({
          response: auth.register(c.options),
          name: 'K',
          challengeToken: c.challengeToken,
        }),
        'challengeToken',
      );
      expect(await passkeyRows(user.id)).toEqual([]);
    });

    it('asks for a fresh factor once the account has one, and excludes passkeys it holds', async () => {
      const { user, auth, passkey } = await userWithPasskey();
      // A token from before the passkey existed carries no step-up.
      const stale = (await login(t.url, user.email)) as unknown as MfaChallengeResponse;
      expect(stale.mfaRequired).toBe(true);
      expect(stale.methods).toContain('passkey');

      const token = await signInWithPasskey(user, auth);
      const { options } = await registrationOptions(token);
      expect(options.excludeCredentials?.map((c) => c.id)).toEqual([auth.credentials[0].id]);
      const second = await addPasskey(token, new SoftAuthenticator(origin), 'Phone');
      const list = await api()
        .get('/api/auth/passkeys')
        .set('authorization', `Bearer ${token}`)
        .expect(200);
      expect(list.body.items.map((p: PasskeyResponse) => p.id)).toEqual([passkey.id, second.id]);

      // Registering the same credential twice is refused.
      const again = await registrationOptions(token);
      const dup = auth.register(again.options, { reuse: auth.credentials[0] });
      const res = await api()
        .post('/api/auth/passkeys')
        .set('authorization', `Bearer ${token}`)
        .send({ response: dup, name: 'Dup', challengeToken: again.challengeToken });
      expect([res.status, res.body.code]).toEqual([400, 'PASSKEY_INVALID']);
    });

    it('needs a signed-in caller', async () => {
      await api().post('/api/auth/passkeys/options').expect(401);
      await api().get('/api/auth/passkeys').expect(401);
    });
  });

  describe('sign-in without a password', () => {
    it('signs in with a discoverable passkey alone: session, cookies, counter, audit', async () => {
      const { user, auth } = await userWithPasskey();
      const { options, challengeToken } = await loginOptions({});
      expect(options.allowCredentials).toEqual([]);
      expect(options.rpId).toBe('localhost');
      const res = await api()
        .post('/api/auth/passkeys/login')
        .set('user-agent', 'passkey-test-agent')
        .send({ response: auth.assert(options), challengeToken })
        .expect(200);
      expect(res.body.user).toMatchObject({ id: user.id, mfa: { totp: false, passkeys: 1 } });
      const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []).join('\n');
      expect(cookies).toMatch(/ocvrn_refresh=/);
      expect(cookies).toMatch(/ocvrn_device=/);
      expect(res.headers['cache-control']).toBe('no-store');

      const sessions = await t.db.query<{ method: string; user_agent: string }>(
        'SELECT method, user_agent FROM sessions WHERE user_id = $1',
        [user.id],
      );
      expect(sessions.rows).toContainEqual({ method: 'passkey', user_agent: 'passkey-test-agent' });
      const [row] = await passkeyRows(user.id);
      expect(row.counter).toBe('1');
      expect(row.last_used_at).toBeInstanceOf(Date);
      expect(await passkeySignIns(user.id)).toEqual([
        expect.objectContaining({ detail: expect.objectContaining({ method: 'passkey' }) }),
      ]);
      // The token is a fresh factor: a security change needs no further step-up.
      await registrationOptions(res.body.accessToken);
    });

    it('refuses a replayed, cloned, unverified or foreign-origin assertion, and audits it', async () => {
      const { user, auth } = await userWithPasskey();
      const first = await loginOptions({});
      const good = auth.assert(first.options);
      await api()
        .post('/api/auth/passkeys/login')
        .send({ response: good, challengeToken: first.challengeToken })
        .expect(200);
      const attempt = (body: object) => api().post('/api/auth/passkeys/login').send(body);
      const expectInvalid = (res: request.Response, field: string) => {
        expect([res.status, res.body.code]).toEqual([400, 'PASSKEY_INVALID']);
        expect(res.body.errors).toEqual([{ field, message: expect.any(String) }]);
      };

      // Replayed with the same (used) challenge, then against a new challenge.
      expectInvalid(
        await attempt({ response: good, challengeToken: first.challengeToken }),
        'challengeToken',
      );
      const second = await loginOptions({});
      expectInvalid(
        await attempt({ response: good, challengeToken: second.challengeToken }),
        'response',
      );
      // A cloned key: its counter did not move forward.
      const third = await loginOptions({});
      expectInvalid(
        await attempt({
          response: auth.assert(third.options, { counter: 1 }),
          challengeToken: third.challengeToken,
        }),
        'response',
      );
      // Alone, a passkey must verify its user (PIN or biometric).
      const fourth = await loginOptions({});
      expectInvalid(
        await attempt({
          response: auth.assert(fourth.options, { userVerified: false }),
          challengeToken: fourth.challengeToken,
        }),
        'response',
      );
      const fifth = await loginOptions({});
      expectInvalid(
        await attempt({
          response: auth.assert(fifth.options, { origin: 'https://evil.example' }),
          challengeToken: fifth.challengeToken,
        }),
        'response',
      );
      // An unknown credential.
      const sixth = await loginOptions({});
      const stranger = new SoftAuthenticator(origin);
      // Made for this site but never registered here.
      stranger.register({
        challenge: 'AAAA',
        rp: { name: 'OCVRN' },
        user: { id: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'stranger', displayName: 'Stranger' },
      });
      expectInvalid(
        await attempt({
          response: stranger.assert(sixth.options),
          challengeToken: sixth.challengeToken,
        }),
        'response',
      );

      const failures = await audit('auth.sign_in_failed', user.id);
      expect(failures.map((f) => f.detail.reason)).toEqual([
        'assertion not verified',
        'signature counter did not move forward',
        'assertion not verified',
        'assertion not verified',
      ]);
      expect(failures.every((f) => f.detail.method === 'passkey')).toBe(true);
      const [row] = await passkeyRows(user.id);
      expect(row.counter).toBe('1');
      expect(await passkeySignIns(user.id)).toHaveLength(1);
    });

    it('refuses a disabled account', async () => {
      const { user, auth } = await userWithPasskey();
      await t.db.query(`UPDATE users SET status = 'disabled' WHERE id = $1`, [user.id]);
      const { options, challengeToken } = await loginOptions({});
      const res = await api()
        .post('/api/auth/passkeys/login')
        .send({ response: auth.assert(options), challengeToken });
      expect([res.status, res.body.code]).toEqual([403, 'ACCOUNT_DISABLED']);
      expect(
        (
          await t.db.query(`SELECT 1 FROM sessions WHERE user_id = $1 AND method = 'passkey'`, [
            user.id,
          ])
        ).rowCount,
      ).toBe(0);
    });

    it('refuses bad bodies naming the field', async () => {
      const cases: [object, string][] = [
        [{}, 'response'],
        [{ response: {} }, 'challengeToken'],
        [{ response: [], challengeToken: 'x' }, 'response'],
        [{ response: {}, challengeToken: 'x', mfaToken: 7 }, 'mfaToken'],
      ];
      for (const [body, field] of cases) {
        const res = await api().post('/api/auth/passkeys/login').send(body);
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      const options = await api().post('/api/auth/passkeys/login/options').send({ stepUp: 'yes' });
      expect([options.status, options.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(options.body.errors[0].field).toBe('stepUp');
      // A well-formed but meaningless assertion.
      const { challengeToken } = await loginOptions({});
      const res = await api()
        .post('/api/auth/passkeys/login')
        .send({ response: { id: 'abc' }, challengeToken });
      expect([res.status, res.body.code]).toEqual([400, 'PASSKEY_INVALID']);
    });
  });

  describe('second step of a password sign-in', () => {
    it('offers only the account’s passkeys and completes the pending sign-in once', async () => {
      const { user, auth } = await userWithPasskey();
      const first = await api()
        .post('/api/auth/login')
        .send({ email: user.email, password: PASSWORD })
        .expect(200);
      const { mfaToken, methods } = first.body as MfaChallengeResponse;
      expect(methods).toContain('passkey');
      const { options, challengeToken } = await loginOptions({ mfaToken });
      expect(options.allowCredentials?.map((c) => c.id)).toEqual([auth.credentials[0].id]);
      // The user need not be verified here: the password was the other factor.
      const res = await api()
        .post('/api/auth/passkeys/login')
        .send({ response: auth.assert(options, { userVerified: false }), challengeToken, mfaToken })
        .expect(200);
      expect(res.body.user.id).toBe(user.id);
      const sessions = await t.db.query<{ method: string }>(
        'SELECT method FROM sessions WHERE user_id = $1',
        [user.id],
      );
      expect(sessions.rows.map((r) => r.method)).toContain('password+passkey');
      expect(await passkeySignIns(user.id)).toEqual([
        expect.objectContaining({
          detail: expect.objectContaining({ method: 'password+passkey' }),
        }),
      ]);

      // The pending sign-in is used up.
      const again = await api()
        .post('/api/auth/passkeys/login/options')
        .send({ mfaToken })
        .expect(401);
      expect(again.body.code).toBe('MFA_TOKEN_INVALID');
      await api().post('/api/auth/login/mfa').send({ mfaToken, code: '123456' }).expect(401);
    });

    it('refuses another account’s passkey, a challenge of another kind, and a bad mfaToken', async () => {
      const a = await userWithPasskey();
      const b = await userWithPasskey();
      const first = await api()
        .post('/api/auth/login')
        .send({ email: a.user.email, password: PASSWORD })
        .expect(200);
      const { mfaToken } = first.body as MfaChallengeResponse;

      // B's passkey answering A's pending sign-in.
      const forA = await loginOptions({ mfaToken });
      const res = await api()
        .post('/api/auth/passkeys/login')
        .send({
          response: b.auth.assert(forA.options),
          challengeToken: forA.challengeToken,
          mfaToken,
        });
      expect([res.status, res.body.code]).toEqual([400, 'PASSKEY_INVALID']);
      expect(await audit('auth.sign_in_failed', a.user.id)).toEqual([
        expect.objectContaining({
          detail: expect.objectContaining({ reason: 'credential of another account', mode: 'mfa' }),
        }),
      ]);

      // A challenge for a sign-in without a password does not complete a pending one.
      const loose = await loginOptions({});
      const mixed = await api()
        .post('/api/auth/passkeys/login')
        .send({
          response: a.auth.assert(loose.options),
          challengeToken: loose.challengeToken,
          mfaToken,
        });
      expect([mixed.status, mixed.body.errors?.[0]?.field]).toEqual([400, 'challengeToken']);

      // A bad or missing pending sign-in.
      const bad = await api()
        .post('/api/auth/passkeys/login/options')
        .send({ mfaToken: 'not-a-token' });
      expect([bad.status, bad.body.code]).toEqual([401, 'MFA_TOKEN_INVALID']);
      const forA2 = await loginOptions({ mfaToken });
      const wrongToken = await api()
        .post('/api/auth/passkeys/login')
        .send({
          response: a.auth.assert(forA2.options),
          challengeToken: forA2.challengeToken,
          mfaToken: 'not-a-token',
        });
      expect([wrongToken.status, wrongToken.body.code]).toEqual([401, 'MFA_TOKEN_INVALID']);
      // Nobody signed in.
      expect(await passkeySignIns(a.user.id)).toEqual([]);
    });
  });

  describe('step-up', () => {
    it('gives a fresh token for a passkey of the caller, and refuses anyone else’s', async () => {
      const a = await userWithPasskey();
      const b = await userWithPasskey();
      // Signing in gives a token that counts as a fresh factor; a refreshed one does not.
      const aLogin = await api()
        .post('/api/auth/login')
        .send({ email: a.user.email, password: PASSWORD });
      const aMfa = aLogin.body as MfaChallengeResponse;
      const aOpts = await loginOptions({ mfaToken: aMfa.mfaToken });
      const aSigned = await api()
        .post('/api/auth/passkeys/login')
        .send({
          response: a.auth.assert(aOpts.options),
          challengeToken: aOpts.challengeToken,
          mfaToken: aMfa.mfaToken,
        });
      const refreshed = await api()
        .post('/api/auth/refresh')
        .set('cookie', refreshCookieOf(aSigned))
        .expect(200);
      const aStale: string = refreshed.body.accessToken;
      const staleRes = await api()
        .post('/api/auth/passkeys/options')
        .set('authorization', `Bearer ${aStale}`);
      expect([staleRes.status, staleRes.body.code]).toEqual([401, 'STEP_UP_REQUIRED']);

      // Step-up needs a signed-in caller to know whose passkeys to offer.
      const anon = await api().post('/api/auth/passkeys/login/options').send({ stepUp: true });
      expect([anon.status, anon.body.code]).toEqual([401, 'UNAUTHENTICATED']);

      // B's passkey on A's step-up challenge; then A's challenge presented by B.
      const { options, challengeToken } = await loginOptions({ stepUp: true }, aStale);
      expect(options.allowCredentials?.map((c) => c.id)).toEqual([a.auth.credentials[0].id]);
      const wrongKey = await api()
        .post('/api/auth/step-up')
        .set('authorization', `Bearer ${aStale}`)
        .send({ passkey: { response: b.auth.assert(options), challengeToken } });
      expect([wrongKey.status, wrongKey.body.code]).toEqual([400, 'PASSKEY_INVALID']);
      const bToken = await signInWithPasskey(b.user, b.auth);
      const forA = await loginOptions({ stepUp: true }, aStale);
      const wrongUser = await api()
        .post('/api/auth/step-up')
        .set('authorization', `Bearer ${bToken}`)
        .send({
          passkey: { response: b.auth.assert(forA.options), challengeToken: forA.challengeToken },
        });
      expect([wrongUser.status, wrongUser.body.code]).toEqual([400, 'PASSKEY_INVALID']);
      // A step-up challenge does not sign anyone in.
      const forA2 = await loginOptions({ stepUp: true }, aStale);
      const asLogin = await api()
        .post('/api/auth/passkeys/login')
        .send({
          response: a.auth.assert(forA2.options),
          challengeToken: forA2.challengeToken,
        });
      expect([asLogin.status, asLogin.body.errors?.[0]?.field]).toEqual([400, 'challengeToken']);

      // The right passkey: a token good for security changes.
      const fresh = await stepUp(aStale, a.auth);
      await registrationOptions(fresh);
      expect(await audit('auth.step_up', a.user.id)).toEqual([
        expect.objectContaining({ detail: { method: 'passkey' } }),
      ]);
    });
  });

  describe('removal', () => {
    it('removes one of my passkeys after a fresh factor, audits it and mails me', async () => {
      const { user, auth, passkey } = await userWithPasskey();
      const token = await signInWithPasskey(user, auth);
      const second = await addPasskey(token, new SoftAuthenticator(origin), 'Spare key');
      // The first passkey came with its ten recovery codes.
      await api()
        .delete(`/api/auth/passkeys/${second.id}`)
        .set('authorization', `Bearer ${token}`)
        .expect(204);
      expect((await passkeyRows(user.id)).map((r) => r.id)).toEqual([passkey.id]);
      expect(await audit('mfa.passkey_removed', user.id)).toEqual([
        { target_id: second.id, detail: { name: 'Spare key', factorLeft: true } },
      ]);
      const [newest] = await outboxTexts(t.db, user.email);
      expect(newest).toContain('The passkey named “Spare key” was removed');
      const codes = () =>
        t.db.query('SELECT 1 FROM mfa_recovery_codes WHERE user_id = $1', [user.id]);
      expect((await codes()).rowCount).toBe(10);

      // The last factor of a member may go; the recovery codes go with it.
      await api()
        .delete(`/api/auth/passkeys/${passkey.id}`)
        .set('authorization', `Bearer ${token}`)
        .expect(204);
      expect(await passkeyRows(user.id)).toEqual([]);
      expect((await codes()).rowCount).toBe(0);
    });

    it('404s on another user’s passkey or none, and asks a fresh factor first', async () => {
      const owner = await userWithPasskey();
      const stranger = await createUser(t.db);
      const { accessToken } = await login(t.url, stranger.email);
      const res = await api()
        .delete(`/api/auth/passkeys/${owner.passkey.id}`)
        .set('authorization', `Bearer ${accessToken}`);
      expect([res.status, res.body.code]).toEqual([404, 'PASSKEY_NOT_FOUND']);
      await api()
        .delete('/api/auth/passkeys/7d0f1a5e-8f43-4c1c-9a57-bd3b1f0b7a11')
        .set('authorization', `Bearer ${accessToken}`)
        .expect(404);
      const bad = await api()
        .delete('/api/auth/passkeys/not-a-uuid')
        .set('authorization', `Bearer ${accessToken}`);
      expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'id']);
      expect((await passkeyRows(owner.user.id)).map((r) => r.id)).toEqual([owner.passkey.id]);

      // The owner with a token that carries no fresh factor.
      const signedIn = await api()
        .post('/api/auth/login')
        .send({ email: owner.user.email, password: PASSWORD });
      const { mfaToken } = signedIn.body as MfaChallengeResponse;
      const opts = await loginOptions({ mfaToken });
      const done = await api()
        .post('/api/auth/passkeys/login')
        .send({
          response: owner.auth.assert(opts.options),
          challengeToken: opts.challengeToken,
          mfaToken,
        });
      const plain = await api()
        .post('/api/auth/refresh')
        .set('cookie', refreshCookieOf(done))
        .expect(200);
      const stale = await api()
        .delete(`/api/auth/passkeys/${owner.passkey.id}`)
        .set('authorization', `Bearer ${plain.body.accessToken}`);
      expect([stale.status, stale.body.code]).toEqual([401, 'STEP_UP_REQUIRED']);
      expect(await passkeyRows(owner.user.id)).toHaveLength(1);
      expect(await audit('mfa.passkey_removed', owner.user.id)).toEqual([]);
    });

    it('keeps the last factor of a role that needs one (LAST_FACTOR)', async () => {
      const admin = await userWithPasskey({ roles: ['member', 'admin'] });
      const token = await signInWithPasskey(admin.user, admin.auth);
      const res = await api()
        .delete(`/api/auth/passkeys/${admin.passkey.id}`)
        .set('authorization', `Bearer ${token}`);
      expect([res.status, res.body.code]).toEqual([409, 'LAST_FACTOR']);
      expect(await passkeyRows(admin.user.id)).toHaveLength(1);
      expect(await audit('mfa.passkey_removed', admin.user.id)).toEqual([]);

      // With a second passkey, either may go.
      const spare = await addPasskey(token, new SoftAuthenticator(origin), 'Spare');
      await api()
        .delete(`/api/auth/passkeys/${admin.passkey.id}`)
        .set('authorization', `Bearer ${token}`)
        .expect(204);
      expect((await passkeyRows(admin.user.id)).map((r) => r.id)).toEqual([spare.id]);
    });
  });

  it('counts passkey sign-in attempts per address', async () => {
    const limited = await startTestApp({
      env: { AUTH_IP_RATE_LIMIT: '3' },
      databaseUrl: t.databaseUrl,
      truncate: false,
    });
    try {
      // The store is shared by every instance: start from a clean count for this address.
      await t.db.query(`DELETE FROM rate_limits WHERE key LIKE 'passkey-login:%'`);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await request(limited.url)
          .post('/api/auth/passkeys/login')
          .send({ response: { id: 'x' }, challengeToken: 'x' });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([400, 400, 400, 429]);
    } finally {
      await limited.close();
    }
  });
});
