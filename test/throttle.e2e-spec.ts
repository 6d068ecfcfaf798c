import request from 'supertest';
import { buildApplication, createUser, PASSWORD, type TestUser } from '@testing/factories';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * Limits that hold under parallel bursts: every attempt is counted in the shared store
 * (PostgreSQL, or Redis with REDIS_URL) before its password is checked, per address, per
 * account and address, and per account across addresses; two instances share the counts.
 * Client addresses come through a trusted proxy (TRUST_PROXY), as behind a load balancer.
 */

const LIMIT = 10;
const ACCOUNT_LIMIT = 50;

function limitsEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    AUTH_RATE_LIMIT: String(LIMIT),
    AUTH_ACCOUNT_RATE_LIMIT: String(ACCOUNT_LIMIT),
    AUTH_IP_RATE_LIMIT: '1000',
    TRUST_PROXY: '127.0.0.1',
    ...extra,
  };
}

let n = 0;
/** A client address of its own (documentation range), as the proxy reports it. */
const address = () => `198.51.${Math.floor(++n / 250) % 250}.${(n % 250) + 1}`;

function signIn(url: string, email: string, password: string, from: string, cookie?: string) {
  let req = request(url)
    .post('/api/auth/login')
    .set('x-forwarded-for', from)
    .send({ email, password });
  if (cookie) req = req.set('cookie', cookie);
  return req;
}

const counts = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

function describeStore(store: 'PostgreSQL' | 'Redis', redisUrl?: string) {
  describe(`sign-in limits in ${store}`, () => {
    let a: TestApp;
    let b: TestApp;
    const env = limitsEnv(redisUrl ? { REDIS_URL: redisUrl } : {});

    beforeAll(async () => {
      a = await startTestApp({ env });
      b = await startTestApp({ env, databaseUrl: a.databaseUrl, truncate: false });
    });
    afterAll(async () => {
      await b?.close();
      await a?.close();
    });

    const evaluated = async (email: string) => {
      const { rows } = await a.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log
          WHERE action = 'auth.sign_in_failed' AND detail->>'email' = $1`,
        [email],
      );
      return rows[0].n;
    };

    it('200 parallel wrong passwords for one account from one address: at most the limit are checked', async () => {
      const u = await createUser(a.db);
      const from = address();
      const statuses = (
        await Promise.all(
          Array.from({ length: 200 }, (_, i) =>
            signIn(i % 2 ? a.url : b.url, u.email, `wrong guess ${i}`, from),
          ),
        )
      ).map((r) => r.status);
      const by = counts(statuses);
      expect(by[401]).toBeLessThanOrEqual(LIMIT);
      expect(by[401]).toBeGreaterThan(0);
      expect((by[401] ?? 0) + (by[429] ?? 0)).toBe(200);
      expect(await evaluated(u.email)).toBe(by[401]);

      const refused = await signIn(a.url, u.email, PASSWORD, from);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(60);

      // The owner, elsewhere, is not locked out.
      await signIn(b.url, u.email, PASSWORD, address()).expect(200);
    });

    it('30 addresses × 10 guesses reach one account at most AUTH_ACCOUNT_RATE_LIMIT times; its owner’s browser still signs in', async () => {
      const u: TestUser = await createUser(a.db);
      // The owner signed in on this browser before: it holds a device cookie.
      const earlier = await signIn(a.url, u.email, PASSWORD, address()).expect(200);
      const device = ([] as string[])
        .concat(earlier.headers['set-cookie'] ?? [])
        .map((c) => c.split(';')[0])
        .find((c) => c.startsWith('ocvrn_device='));
      expect(device).toBeDefined();

      const attackers = Array.from({ length: 30 }, () => address());
      const statuses = (
        await Promise.all(
          attackers.flatMap((from, i) =>
            Array.from({ length: 10 }, (_, j) =>
              signIn(j % 2 ? a.url : b.url, u.email, `guess ${i}-${j}`, from),
            ),
          ),
        )
      ).map((r) => r.status);
      const by = counts(statuses);
      expect(by[401]).toBeLessThanOrEqual(ACCOUNT_LIMIT);
      expect(by[429]).toBeGreaterThanOrEqual(300 - ACCOUNT_LIMIT);
      expect(await evaluated(u.email)).toBe(by[401]);

      // A new browser waits like the attackers do; the owner's known one does not.
      await signIn(a.url, u.email, PASSWORD, address()).expect(429);
      await signIn(b.url, u.email, PASSWORD, address(), device).expect(200);
    });

    it('the wait grows while an address keeps trying', async () => {
      const u = await createUser(a.db);
      const from = address();
      for (let i = 0; i < LIMIT; i++) await signIn(a.url, u.email, 'nope nope', from).expect(401);
      const waits: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await signIn(b.url, u.email, 'nope nope', from).expect(429);
        waits.push(Number(res.headers['retry-after']));
      }
      for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1]);
      expect(waits[3]).toBeLessThanOrEqual(64 * 60);
    });
  });
}

describeStore('PostgreSQL');
if (process.env.REDIS_URL) describeStore('Redis', process.env.REDIS_URL);

describe('client addresses and the other limits', () => {
  let t: TestApp;
  let direct: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: limitsEnv({ REGISTER_RATE_LIMIT: '5', CONTACT_RATE_LIMIT: '5' }),
    });
    direct = await startTestApp({
      env: { AUTH_RATE_LIMIT: String(LIMIT) },
      databaseUrl: t.databaseUrl,
      truncate: false,
    });
  });
  afterAll(async () => {
    await direct?.close();
    await t?.close();
  });

  it('without TRUST_PROXY, X-Forwarded-For is not believed', async () => {
    const u = await createUser(t.db);
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      statuses.push((await signIn(direct.url, u.email, 'wrong', address())).status);
    }
    expect(statuses.slice(0, LIMIT).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(LIMIT)).toEqual([429, 429]);
  });

  it('50 parallel applications from one address make exactly REGISTER_RATE_LIMIT accounts', async () => {
    const from = address();
    const forms = Array.from({ length: 50 }, () => buildApplication());
    const statuses = (
      await Promise.all(
        forms.map((f) =>
          request(t.url).post('/api/auth/register').set('x-forwarded-for', from).send(f),
        ),
      )
    ).map((r) => r.status);
    expect(counts(statuses)).toEqual({ 201: 5, 429: 45 });
    const { rows } = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM users WHERE email = ANY($1)',
      [forms.map((f) => f.email)],
    );
    expect(rows[0].n).toBe(5);
  });

  it('100 parallel contact messages from one sender: CONTACT_RATE_LIMIT kept, one acknowledgement', async () => {
    const email = `burst-${Date.now()}@example.org`;
    const statuses = (
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          request(t.url)
            .post('/api/contact')
            .set('x-forwarded-for', address())
            .send({
              name: 'Burst Sender',
              email,
              category: 'general',
              subject: `Question ${i}`,
              message: 'Who should I speak to about county lines data?',
            }),
        ),
      )
    ).map((r) => r.status);
    expect(counts(statuses)).toEqual({ 201: 5, 429: 95 });
    const threads = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM inbox_threads WHERE sender_email = $1',
      [email],
    );
    expect(threads.rows[0].n).toBe(5);
    const mails = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM mail_outbox WHERE to_address = $1',
      [email],
    );
    // At most one acknowledgement an hour goes to an address, however many threads it opens.
    expect(mails.rows[0].n).toBe(1);
  });
});
