import type { LoginResponse, SsoProvidersResponse } from '@contracts';
import { randomUUID } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import request from 'supertest';
import { createUser, login, PASSWORD } from '@testing/factories';
import {
  HttpAgent,
  signInAtProvider,
  startOidcProvider,
  type TestOidcAccount,
  type TestOidcProvider,
} from '@testing/oidc-provider';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * Single sign-on against a real OpenID Provider (oidc-provider in its own process) on
 * loopback. An HTTP client that keeps cookies per host, as a browser does, walks every hop:
 * the app's start, the provider's sign-in form, the app's callback, up to the SPA's
 * `/sso/complete`. The app runs at http://localhost:<port> (its PUBLIC_URL) and the provider
 * at http://127.0.0.1:<port>: two sites, as in production.
 */
describe('single sign-on (OpenID Connect)', () => {
  let t: TestApp;
  let idp: TestOidcProvider;
  /** A second provider that serves the email only at its userinfo endpoint. */
  let idpUserinfo: TestOidcProvider;
  /** The app as its PUBLIC_URL names it. */
  let app: string;

  const PROVIDERS = (issuer: string, userinfoIssuer: string) => [
    {
      id: 'met',
      label: 'Metropolitan Police',
      issuer,
      clientId: 'ocvrn-met',
      clientSecret: 'met-client-secret',
      domains: ['met.police.uk', '*.met.police.uk'],
      skipApproval: true,
    },
    {
      id: 'campus',
      label: 'Example University',
      issuer,
      clientId: 'ocvrn-campus',
      clientSecret: 'campus-client-secret',
      domains: ['example.ac.uk'],
    },
    {
      id: 'county',
      label: 'County Constabulary',
      issuer: userinfoIssuer,
      clientId: 'ocvrn-county',
      clientSecret: 'county-client-secret',
      domains: ['county.police.uk'],
      skipApproval: true,
    },
    {
      id: 'down',
      label: 'Unreachable Provider',
      // Nothing listens on port 9 (discard) on loopback.
      issuer: 'http://127.0.0.1:9',
      clientId: 'ocvrn-down',
      clientSecret: 'x',
      domains: ['down.example'],
    },
  ];

  beforeAll(async () => {
    [idp, idpUserinfo] = await Promise.all([
      startOidcProvider(),
      startOidcProvider({ userinfoClaims: true }),
    ]);
    t = await startTestApp({
      env: { OIDC_PROVIDERS: JSON.stringify(PROVIDERS(idp.issuer, idpUserinfo.issuer)) },
    });
    app = `http://localhost:${new URL(t.url).port}`;
    const callback = (id: string) => [`${app}/api/auth/sso/${id}/callback`];
    await idp.addClient({
      client_id: 'ocvrn-met',
      client_secret: 'met-client-secret',
      redirect_uris: callback('met'),
    });
    await idp.addClient({
      client_id: 'ocvrn-campus',
      client_secret: 'campus-client-secret',
      redirect_uris: callback('campus'),
      // This one accepts only client_secret_post: the app picks it from the discovery document.
      token_endpoint_auth_method: 'client_secret_post',
    });
    await idpUserinfo.addClient({
      client_id: 'ocvrn-county',
      client_secret: 'county-client-secret',
      redirect_uris: callback('county'),
    });
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([idp?.close(), idpUserinfo?.close()]);
  });

  /** A person at the provider, with a unique username and subject. */
  async function person(
    email: string,
    claims: Partial<TestOidcAccount> = {},
    provider = idp,
  ): Promise<TestOidcAccount> {
    const tag = randomUUID().slice(0, 8);
    const account: TestOidcAccount = {
      sub: `sub-${tag}`,
      username: `user-${tag}`,
      email,
      email_verified: true,
      name: `Officer ${tag}`,
      ...claims,
    };
    await provider.addAccount(account);
    return account;
  }

  const unique = (domain: string) => `sso-${randomUUID().slice(0, 8)}@${domain}`;

  /** GET start; answers the redirect to the provider. */
  async function start(agent: HttpAgent, id: string, query: Record<string, string> = {}) {
    const qs = new URLSearchParams(query).toString();
    const res = await agent.request(`${app}/api/auth/sso/${id}/start${qs ? `?${qs}` : ''}`);
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location') ?? '');
  }

  /** The whole flow as `account`: answers where the app sent the browser, and the agent. */
  async function signIn(id: string, account: TestOidcAccount, query: Record<string, string> = {}) {
    const agent = new HttpAgent();
    const authorization = await start(agent, id, query);
    const done = await signInAtProvider(agent, authorization, account.username);
    return { agent, done };
  }

  /** What the SPA does on /sso/complete: POST /api/auth/refresh with the cookie. */
  async function refresh(agent: HttpAgent) {
    const res = await agent.request(`${app}/api/auth/refresh`, { method: 'POST' });
    return { status: res.status, body: (await res.json()) as LoginResponse & { code?: string } };
  }

  async function auditOf(action: string, where: string, params: unknown[]) {
    const { rows } = await t.db.query<{ actor_id: string | null; detail: Record<string, unknown> }>(
      `SELECT actor_id, detail FROM audit_log WHERE action = $1 AND ${where} ORDER BY at`,
      [action, ...params],
    );
    return rows;
  }

  async function userByEmail(email: string) {
    const { rows } = await t.db.query<{
      id: string;
      status: string;
      roles: string[];
      name: string;
      organisation: string;
      sector: string;
      country: string;
      email_verified_at: Date | null;
    }>(
      `SELECT id, status, roles, name, organisation, sector, country, email_verified_at
         FROM users WHERE email = $1`,
      [email],
    );
    return rows[0];
  }

  describe('GET /api/auth/sso', () => {
    it('lists every provider with its label and domains', async () => {
      const res = await request(t.url).get('/api/auth/sso').expect(200);
      const body = res.body as SsoProvidersResponse;
      expect(body.items.map((p) => p.id)).toEqual(['met', 'campus', 'county', 'down']);
      expect(body.items[0]).toEqual({
        id: 'met',
        label: 'Metropolitan Police',
        domains: ['met.police.uk', '*.met.police.uk'],
      });
      // Nothing of the configuration beyond what the sign-in page needs.
      expect(JSON.stringify(body)).not.toMatch(/secret|issuer|clientId|127\.0\.0\.1/);
    });

    it('with ?email= answers the providers that sign that address in, by domain pattern', async () => {
      const of = async (email: string) =>
        (
          (await request(t.url).get('/api/auth/sso').query({ email }).expect(200))
            .body as SsoProvidersResponse
        ).items.map((p) => p.id);
      expect(await of('a.officer@met.police.uk')).toEqual(['met']);
      expect(await of('A.Officer@Territorial.MET.police.uk')).toEqual(['met']);
      expect(await of('someone@example.ac.uk')).toEqual(['campus']);
      // A wildcard never matches the domain it is written over, nor a look-alike.
      expect(await of('x@police.uk')).toEqual([]);
      expect(await of('x@notmet.police.uk')).toEqual([]);
    });

    it('refuses a malformed email with a 400 naming it', async () => {
      const res = await request(t.url)
        .get('/api/auth/sso')
        .query({ email: 'not an email' })
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'email' })]),
      );
    });
  });

  describe('GET /api/auth/sso/:id/start', () => {
    it('redirects to the provider: code flow, PKCE S256, state, nonce, a browser-bound cookie', async () => {
      const agent = new HttpAgent();
      const res = await agent.request(
        `${app}/api/auth/sso/met/start?email=someone%40met.police.uk&returnTo=%2Fmembers`,
      );
      expect(res.status).toBe(302);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const url = new URL(res.headers.get('location') ?? '');
      expect(url.origin).toBe(idp.issuer);
      const q = url.searchParams;
      expect(q.get('response_type')).toBe('code');
      expect(q.get('client_id')).toBe('ocvrn-met');
      expect(q.get('redirect_uri')).toBe(`${app}/api/auth/sso/met/callback`);
      expect(q.get('scope')).toBe('openid email profile');
      expect(q.get('code_challenge_method')).toBe('S256');
      expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(q.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(q.get('login_hint')).toBe('someone@met.police.uk');
      // Nothing secret travels in the URL.
      expect(url.href).not.toContain('met-client-secret');

      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ocvrn_sso='));
      expect(cookie).toBeDefined();
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).toMatch(/Path=\/api\/auth\/sso(;|$)/);
      expect(cookie).toMatch(/Max-Age=600/);

      // The verifier, state and nonce stay on the server, under the cookie's challenge.
      const challengeId = (
        agent.cookie(`${app}/api/auth/sso/met/callback`, 'ocvrn_sso') ?? ''
      ).split('.')[0];
      const { rows } = await t.db.query<{ purpose: string; data: Record<string, unknown> }>(
        `SELECT purpose, data FROM auth_challenges WHERE id = $1 AND expires_at > now() + interval '9 minutes'`,
        [challengeId],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].purpose).toBe('oidc');
      expect(rows[0].data).toMatchObject({
        provider: 'met',
        state: q.get('state'),
        nonce: q.get('nonce'),
        returnTo: '/members',
        verifier: expect.stringMatching(/^[A-Za-z0-9_-]{43,128}$/),
      });
    });

    it('answers 404 SSO_PROVIDER_NOT_FOUND for an unknown provider', async () => {
      const res = await request(t.url).get('/api/auth/sso/nobody/start').expect(404);
      expect(res.body.code).toBe('SSO_PROVIDER_NOT_FOUND');
      const cb = await request(t.url).get('/api/auth/sso/nobody/callback?code=x&state=y');
      expect(cb.status).toBe(404);
      expect(cb.body.code).toBe('SSO_PROVIDER_NOT_FOUND');
    });

    it('refuses a returnTo off the site and a malformed email with a 400 naming the field', async () => {
      for (const returnTo of ['//evil.example/x', 'https://evil.example/', '/\\evil', '/api/x']) {
        const res = await request(t.url)
          .get('/api/auth/sso/met/start')
          .query({ returnTo })
          .expect(400);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'returnTo' })]);
        expect(res.headers['set-cookie']).toBeUndefined();
      }
      const res = await request(t.url)
        .get('/api/auth/sso/met/start')
        .query({ email: 'x@' })
        .expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
    });

    it('sends the browser to the SPA error page when the provider cannot be reached', async () => {
      const agent = new HttpAgent();
      const res = await agent.request(`${app}/api/auth/sso/down/start`);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/sso/complete?error=SSO_FAILED');
      expect(agent.cookie(`${app}/api/auth/sso/down/callback`, 'ocvrn_sso')).toBeUndefined();
      expect(t.output()).toMatch(/single sign-on "down": discovery failed/);
    });
  });

  describe('the whole flow', () => {
    it('signs a new person in through a skipApproval provider: an approved member at once', async () => {
      const email = unique('territorial.met.police.uk');
      const account = await person(email, { name: 'Detective Inspector Ada Lane' });
      const { agent, done } = await signIn('met', account, { returnTo: '/members?q=fraud' });
      expect(done.origin).toBe(app);
      expect(done.pathname).toBe('/sso/complete');
      expect(done.searchParams.get('returnTo')).toBe('/members?q=fraud');
      expect(done.searchParams.get('error')).toBeNull();
      // The browser-binding cookie is gone once used.
      expect(agent.cookie(`${app}/api/auth/sso/met/callback`, 'ocvrn_sso')).toBeUndefined();

      // What the SPA does next: the refresh cookie set by the callback gives a session.
      const { status, body } = await refresh(agent);
      expect(status).toBe(200);
      expect(body.user).toMatchObject({
        email,
        name: 'Detective Inspector Ada Lane',
        organisation: 'Metropolitan Police',
        sector: 'law-enforcement',
        country: 'GB',
        status: 'approved',
        roles: ['member'],
        emailVerified: true,
      });
      await request(t.url)
        .get('/api/members')
        .auth(body.accessToken, { type: 'bearer' })
        .expect(200);

      const user = await userByEmail(email);
      const { rows: identities } = await t.db.query(
        'SELECT provider, subject, email, last_used_at FROM user_identities WHERE user_id = $1',
        [user.id],
      );
      expect(identities).toEqual([
        { provider: 'met', subject: account.sub, email, last_used_at: expect.any(Date) },
      ]);
      const { rows: sessions } = await t.db.query(
        'SELECT method FROM sessions WHERE user_id = $1',
        [user.id],
      );
      expect(sessions).toEqual([{ method: 'sso:met' }]);
      // The account has no password anyone knows.
      const pw = await request(t.url).post('/api/auth/login').send({ email, password: PASSWORD });
      expect(pw.status).toBe(401);

      expect(await auditOf('auth.sso_account_created', 'target_id = $2', [user.id])).toEqual([
        {
          actor_id: user.id,
          detail: { provider: 'met', subject: account.sub, email },
        },
      ]);
      expect(await auditOf('application.auto_approved', 'target_id = $2', [user.id])).toEqual([
        { actor_id: null, detail: { provider: 'met', email } },
      ]);
      const signIns = await auditOf('auth.sign_in', 'actor_id = $2', [user.id]);
      expect(signIns).toEqual([
        { actor_id: user.id, detail: expect.objectContaining({ method: 'sso:met' }) },
      ]);
      // Announced like any approval: live to the member and members, and by mail.
      const { rows: events } = await t.db.query(
        `SELECT type FROM notifications WHERE data->>'userId' = $1`,
        [user.id],
      );
      expect(events).toEqual([{ type: 'member.approved' }]);
      const { rows: mails } = await t.db.query(
        'SELECT subject FROM mail_outbox WHERE to_address = $1',
        [email],
      );
      expect(mails).toEqual([{ subject: 'Your OCVRN application has been approved' }]);

      // Signing in again finds the same account by the provider's subject.
      const again = await signIn('met', account);
      expect(again.done.searchParams.get('returnTo')).toBe('/');
      const second = await refresh(again.agent);
      expect(second.status).toBe(200);
      expect(second.body.user.id).toBe(user.id);
      const { rows: count } = await t.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM users WHERE email = $1',
        [email],
      );
      expect(count[0].n).toBe(1);
    });

    it('makes one account when the same new person finishes two sign-ins at once', async () => {
      const email = unique('met.police.uk');
      const account = await person(email);
      // Two browsers get as far as the provider's redirect back, then both arrive together.
      const flows = await Promise.all(
        [0, 1].map(async () => {
          const agent = new HttpAgent();
          const authorization = await start(agent, 'met');
          const callback = await signInAtProvider(agent, authorization, account.username, {
            stopAt: (u) => u.pathname === '/api/auth/sso/met/callback',
          });
          return { agent, callback };
        }),
      );
      const answers = await Promise.all(flows.map((f) => f.agent.request(f.callback)));
      for (const res of answers) {
        expect(res.status).toBe(302);
        expect(res.headers.get('location')).toBe('/sso/complete?returnTo=%2F');
      }
      const users = await Promise.all(
        flows.map(async (f) => (await refresh(f.agent)).body.user.id),
      );
      expect(users[0]).toBe(users[1]);
      const { rows } = await t.db.query<{ users: number; identities: number }>(
        `SELECT (SELECT count(*)::int FROM users WHERE email = $1) AS users,
                (SELECT count(*)::int FROM user_identities WHERE subject = $2) AS identities`,
        [email, account.sub],
      );
      expect(rows[0]).toEqual({ users: 1, identities: 1 });
    });

    it('makes a pending application, announced to admins, through a provider without skipApproval', async () => {
      const email = unique('example.ac.uk');
      const account = await person(email, {
        name: undefined,
        given_name: 'Grace',
        family_name: 'Hopper',
      });
      const { agent, done } = await signIn('campus', account);
      expect(done.pathname).toBe('/sso/complete');
      const { status, body } = await refresh(agent);
      expect(status).toBe(200);
      expect(body.user).toMatchObject({
        email,
        name: 'Grace Hopper',
        organisation: 'Example University',
        status: 'pending',
        roles: ['applicant'],
        emailVerified: true,
      });
      const user = await userByEmail(email);
      const { rows } = await t.db.query(
        `SELECT type, rooms FROM notifications WHERE data->'application'->>'id' = $1`,
        [user.id],
      );
      expect(rows).toEqual([{ type: 'member.application.created', rooms: ['role:admin'] }]);
      expect(await auditOf('application.auto_approved', 'target_id = $2', [user.id])).toEqual([]);
      // No link to prove the address: the provider proved it.
      const { rows: mails } = await t.db.query(
        'SELECT subject FROM mail_outbox WHERE to_address = $1',
        [email],
      );
      expect(mails).toEqual([]);
    });

    it('reads the email from the userinfo endpoint when the ID token does not carry it', async () => {
      const email = unique('county.police.uk');
      const account = await person(email, {}, idpUserinfo);
      const agent = new HttpAgent();
      const authorization = await start(agent, 'county');
      const done = await signInAtProvider(agent, authorization, account.username);
      expect(done.searchParams.get('error')).toBeNull();
      const { body } = await refresh(agent);
      expect(body.user).toMatchObject({ email, status: 'approved', name: account.name });
    });

    it('links an existing account by its verified address, keeping its password', async () => {
      const email = unique('met.police.uk');
      const existing = await createUser(t.db, { email, name: 'Existing Officer' });
      const account = await person(email);
      const { agent } = await signIn('met', account);
      const { body } = await refresh(agent);
      expect(body.user.id).toBe(existing.id);
      expect(body.user.name).toBe('Existing Officer');
      expect(await auditOf('auth.sso_linked', 'target_id = $2', [existing.id])).toEqual([
        {
          actor_id: existing.id,
          detail: {
            provider: 'met',
            subject: account.sub,
            email,
            emailVerifiedNow: false,
            credentialsWithdrawn: false,
          },
        },
      ]);
      await login(t.url, email);
    });

    it('asks the account’s own second factor after the provider; a code completes the sign-in', async () => {
      const email = unique('met.police.uk');
      const existing = await createUser(t.db, { email });
      const s = await login(t.url, email);
      const setup = await request(t.url)
        .post('/api/auth/mfa/totp')
        .auth(s.accessToken, { type: 'bearer' })
        .expect(200);
      const totp = new TOTP({ secret: Secret.fromBase32(setup.body.secret as string) });
      await request(t.url)
        .post('/api/auth/mfa/totp/confirm')
        .auth(s.accessToken, { type: 'bearer' })
        .send({ code: totp.generate() })
        .expect(200);

      const { agent, done } = await signIn('met', await person(email));
      expect(done.pathname).toBe('/sso/complete');
      expect(done.searchParams.get('methods')).toBe('totp,recovery');
      const mfaToken = done.searchParams.get('mfaToken');
      expect(mfaToken).toEqual(expect.any(String));
      // No session until the second step: the provider's word alone is not enough.
      expect((await refresh(agent)).status).toBe(401);
      const ok = await request(t.url)
        .post('/api/auth/login/mfa')
        .send({ mfaToken, code: totp.generate({ timestamp: Date.now() + 30_000 }) })
        .expect(200);
      expect(ok.body.user.id).toBe(existing.id);
      const { rows } = await t.db.query<{ method: string }>(
        'SELECT method FROM sessions WHERE user_id = $1 ORDER BY created_at',
        [existing.id],
      );
      expect(rows.map((r) => r.method)).toEqual(['password', 'sso:met+totp']);
    });

    it('links an account whose address was never proved, and withdraws what someone else may have set', async () => {
      // Someone applied in this officer's name and chose the password.
      const email = unique('met.police.uk');
      const squatter = await createUser(t.db, { email, status: 'pending', emailVerified: false });
      const squatterSession = await login(t.url, email);
      const account = await person(email);
      const { agent } = await signIn('met', account);
      const { body } = await refresh(agent);
      expect(body.user).toMatchObject({
        id: squatter.id,
        emailVerified: true,
        // The provider skips approval: the applicant is let in.
        status: 'approved',
      });
      // The earlier password and session no longer work.
      const pw = await request(t.url).post('/api/auth/login').send({ email, password: PASSWORD });
      expect(pw.status).toBe(401);
      await request(t.url)
        .get('/api/auth/me')
        .auth(squatterSession.accessToken, { type: 'bearer' })
        .expect(401);
      expect(await auditOf('auth.sso_linked', 'target_id = $2', [squatter.id])).toEqual([
        expect.objectContaining({
          detail: expect.objectContaining({ emailVerifiedNow: true, credentialsWithdrawn: true }),
        }),
      ]);
      expect(await auditOf('application.auto_approved', 'target_id = $2', [squatter.id])).toEqual([
        { actor_id: null, detail: { provider: 'met', email } },
      ]);
    });
  });

  describe('refusals', () => {
    /** Runs the flow; answers the error code the app put in its redirect. */
    async function refusedWith(id: string, account: TestOidcAccount): Promise<string | null> {
      const { agent, done } = await signIn(id, account);
      expect(done.pathname).toBe('/sso/complete');
      expect(done.searchParams.get('returnTo')).toBeNull();
      // No refresh cookie was set.
      expect(agent.cookie(`${app}/api/auth/refresh`, 'ocvrn_refresh')).toBeUndefined();
      return done.searchParams.get('error');
    }

    async function noAccount(email: string) {
      expect(await userByEmail(email)).toBeUndefined();
    }

    it('refuses an address the provider has not verified', async () => {
      const email = unique('met.police.uk');
      expect(await refusedWith('met', await person(email, { email_verified: false }))).toBe(
        'SSO_EMAIL_UNVERIFIED',
      );
      await noAccount(email);
      // Only the boolean true counts.
      const other = unique('met.police.uk');
      expect(await refusedWith('met', await person(other, { email_verified: 'true' }))).toBe(
        'SSO_EMAIL_UNVERIFIED',
      );
      await noAccount(other);
      const refusals = await auditOf('auth.sso_refused', `detail->>'email' = $2`, [email]);
      expect(refusals).toEqual([
        {
          actor_id: null,
          detail: expect.objectContaining({ provider: 'met', reason: 'SSO_EMAIL_UNVERIFIED' }),
        },
      ]);
    });

    it('does not link an existing account when the address is unverified', async () => {
      const email = unique('met.police.uk');
      const existing = await createUser(t.db, { email });
      expect(await refusedWith('met', await person(email, { email_verified: false }))).toBe(
        'SSO_EMAIL_UNVERIFIED',
      );
      const { rows } = await t.db.query('SELECT 1 FROM user_identities WHERE user_id = $1', [
        existing.id,
      ]);
      expect(rows).toEqual([]);
    });

    it('refuses an address outside the provider’s domains', async () => {
      const email = unique('gmail.example');
      expect(await refusedWith('met', await person(email))).toBe('SSO_DOMAIN_NOT_ALLOWED');
      await noAccount(email);
      // A person of another provider's domain cannot come in through this one.
      const campus = unique('example.ac.uk');
      expect(await refusedWith('met', await person(campus))).toBe('SSO_DOMAIN_NOT_ALLOWED');
      await noAccount(campus);
      expect(await auditOf('auth.sso_refused', `detail->>'email' = $2`, [email])).toEqual([
        {
          actor_id: null,
          detail: expect.objectContaining({ reason: 'SSO_DOMAIN_NOT_ALLOWED', provider: 'met' }),
        },
      ]);
    });

    it('refuses a disabled account', async () => {
      const email = unique('met.police.uk');
      const existing = await createUser(t.db, { email, status: 'disabled' });
      expect(await refusedWith('met', await person(email))).toBe('ACCOUNT_DISABLED');
      const { rows } = await t.db.query('SELECT 1 FROM user_identities WHERE user_id = $1', [
        existing.id,
      ]);
      expect(rows).toEqual([]);
    });

    it('lands on the error page when the person cancels at the provider', async () => {
      const account = await person(unique('met.police.uk'));
      const agent = new HttpAgent();
      const authorization = await start(agent, 'met');
      const done = await signInAtProvider(agent, authorization, account.username, {
        action: 'abort',
      });
      expect(done.searchParams.get('error')).toBe('SSO_FAILED');
      const refusals = await auditOf('auth.sso_refused', `detail->>'providerError' = $2`, [
        'access_denied',
      ]);
      expect(refusals.length).toBeGreaterThanOrEqual(1);
    });

    /** The flow up to the app's callback (not fetched): its URL and the browser's cookie. */
    async function upToCallback(account: TestOidcAccount) {
      const agent = new HttpAgent();
      const authorization = await start(agent, 'met');
      const callback = await signInAtProvider(agent, authorization, account.username, {
        stopAt: (u) => u.pathname === '/api/auth/sso/met/callback',
      });
      const cookie = agent.cookie(callback, 'ocvrn_sso');
      if (!cookie) throw new Error('no SSO cookie');
      return { agent, callback, cookie };
    }

    /** The callback as an attacker would send it: with a chosen cookie, or none. */
    async function callWith(callback: URL, cookie?: string) {
      const req = request(app).get(`${callback.pathname}${callback.search}`);
      const res = await (cookie ? req.set('cookie', `ocvrn_sso=${cookie}`) : req);
      expect(res.status).toBe(302);
      expect(
        ([] as string[])
          .concat(res.headers['set-cookie'] ?? [])
          .some((c) => c.startsWith('ocvrn_refresh=')),
      ).toBe(false);
      return res.headers.location;
    }

    it('refuses a replayed callback: the challenge is good once', async () => {
      const email = unique('met.police.uk');
      const { callback, cookie } = await upToCallback(await person(email));
      const first = await request(app)
        .get(`${callback.pathname}${callback.search}`)
        .set('cookie', `ocvrn_sso=${cookie}`)
        .expect(302);
      expect(first.headers.location).toMatch(/^\/sso\/complete\?returnTo=/);
      expect(await callWith(callback, cookie)).toBe('/sso/complete?error=SSO_FAILED');
    });

    it('refuses a callback without the browser’s cookie, or with a forged state', async () => {
      const email = unique('met.police.uk');
      const { callback, cookie } = await upToCallback(await person(email));
      // Someone else's browser (a login CSRF): no cookie.
      expect(await callWith(callback)).toBe('/sso/complete?error=SSO_FAILED');
      // A cookie that does not name a challenge.
      expect(await callWith(callback, `${randomUUID()}.${'A'.repeat(43)}`)).toBe(
        '/sso/complete?error=SSO_FAILED',
      );
      // The right cookie with the state changed: the state check fails, and the challenge is
      // used up, so even the untouched callback no longer works.
      const forged = new URL(callback);
      forged.searchParams.set('state', 'forged-state-value-forged-state-value-xyz');
      expect(await callWith(forged, cookie)).toBe('/sso/complete?error=SSO_FAILED');
      expect(await callWith(callback, cookie)).toBe('/sso/complete?error=SSO_FAILED');
      await noAccount(email);
      expect(t.output()).toMatch(/single sign-on "met": the code exchange failed/);
    });

    it('refuses a challenge begun for another provider', async () => {
      const email = unique('met.police.uk');
      const { callback, cookie } = await upToCallback(await person(email));
      const elsewhere = new URL(callback);
      elsewhere.pathname = '/api/auth/sso/campus/callback';
      expect(await callWith(elsewhere, cookie)).toBe('/sso/complete?error=SSO_FAILED');
      await noAccount(email);
    });
  });
});
