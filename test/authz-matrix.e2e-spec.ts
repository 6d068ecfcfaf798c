import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { deriveKey } from '@api/config/keys';
import { createUser, login, signedInAs, type Session, type TestUser } from '@testing/factories';
import { connected, connectSocket, type TestSocket } from '@testing/realtime';
import { startTestApp, TEST_JWT_SECRET, type RouteInfo, type TestApp } from '@testing/test-app';
import {
  AUTHZ_MATRIX,
  CALLERS,
  type CallContext,
  type Caller,
  type MatrixRow,
} from './authz-matrix';

/**
 * Routes the matrix does not cover, and why:
 * - the documentation (`/api/docs*`, `/api/openapi.json`, `/api/openapi.yaml`): public by design,
 *   served by Swagger UI rather than a controller;
 * - `HEAD` routes that duplicate a `GET` of the same url (fastify adds them): same handler.
 */
function skipped(route: RouteInfo, all: RouteInfo[]): boolean {
  if (route.url.startsWith('/api/docs')) return true;
  if (route.url === '/api/openapi.json' || route.url === '/api/openapi.yaml') return true;
  if (route.method === 'HEAD' && all.some((r) => r.method === 'GET' && r.url === route.url))
    return true;
  return false;
}

const keyOf = (r: RouteInfo) => `${r.method} ${r.url}`;

const CASES = Object.entries(AUTHZ_MATRIX).flatMap(([key, row]) =>
  CALLERS.map((caller) => ({ key, caller, status: row.expect[caller] })),
);

describe('authorization matrix: every route × every role', () => {
  let t: TestApp;
  let account: TestUser;
  const sessions = {} as Record<Exclude<Caller, 'anonymous'>, Session>;

  beforeAll(async () => {
    t = await startTestApp();
    account = await createUser(t.db);
    for (const caller of CALLERS) {
      if (caller !== 'anonymous') sessions[caller] = await signedInAs(t.db, t.url, caller);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reads the routes from the running server', () => {
    expect(t.routes.map(keyOf)).toEqual(
      expect.arrayContaining(['GET /api/auth/me', 'POST /api/auth/login']),
    );
  });

  it('has a row for every route the server mapped', () => {
    const missing = t.routes
      .filter((r) => !skipped(r, t.routes))
      .map(keyOf)
      .filter((k) => !(k in AUTHZ_MATRIX));
    if (missing.length > 0) {
      throw new Error(
        `routes without a row in test/authz-matrix.ts (add one per route):\n  ${missing.join('\n  ')}`,
      );
    }
  });

  it('has no row for a route the server does not have', () => {
    const mapped = new Set(t.routes.map(keyOf));
    const stale = Object.keys(AUTHZ_MATRIX).filter((k) => !mapped.has(k));
    if (stale.length > 0) {
      throw new Error(
        `rows in test/authz-matrix.ts for routes the server does not map:\n  ${stale.join('\n  ')}`,
      );
    }
  });

  async function call(row: MatrixRow, key: string, caller: Caller): Promise<request.Response> {
    const [method, pattern] = key.split(' ');
    const path = pattern.replace(
      /:(\w+)/g,
      (_, name: string) => row.params?.[name] ?? randomUUID(),
    );
    let session: { token: string; cookie: string } | undefined;
    if (caller !== 'anonymous') {
      session = row.freshUser ? await signedInAs(t.db, t.url, caller) : sessions[caller];
      if (row.ownSession) {
        const fresh = await login(t.url, sessions[caller].user.email);
        session = { token: fresh.accessToken, cookie: fresh.cookie };
      }
    }
    const ctx: CallContext = {
      caller,
      user: caller === 'anonymous' ? undefined : sessions[caller].user,
      account,
    };
    let req = request(t.url)[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](
      path,
    );
    if (session) req = req.auth(session.token, { type: 'bearer' });
    if (session && row.cookie) req = req.set('cookie', session.cookie);
    if (row.query) req = req.query(row.query);
    if (row.body !== undefined) {
      const body =
        typeof row.body === 'function' ? (row.body as (c: CallContext) => unknown)(ctx) : row.body;
      req = req.send(body as object);
    }
    if (row.prepare) req = row.prepare(req, ctx);
    return req;
  }

  test.each(CASES)('$key as $caller → $status', async ({ key, caller, status }) => {
    const res = await call(AUTHZ_MATRIX[key], key, caller);
    if (res.status !== status) {
      throw new Error(
        `${key} as ${caller}: expected ${status}, got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
      );
    }
    if (status >= 400) {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status, code: expect.any(String) });
      if (status === 403) expect(res.body.code).toBe('FORBIDDEN');
    }
    if (status === 401 && caller === 'anonymous' && !key.startsWith('POST /api/auth/')) {
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
  });

  /**
   * Guards run before validation: a caller who may not call a route is refused the same
   * way whatever the input (a non-UUID id, an unknown field, a bad query), never told a 400.
   */
  const DENIED = CASES.filter(
    ({ key, caller, status }) =>
      status === 403 || (status === 401 && caller === 'anonymous' && !AUTHZ_MATRIX[key].cookie),
  );
  test.each(DENIED)(
    '$key as $caller with invalid input → still $status',
    async ({ key, caller, status }) => {
      const [method, pattern] = key.split(' ');
      let req = request(t.url)[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](
        pattern.replace(/:(\w+)/g, 'not-a-uuid'),
      );
      if (caller !== 'anonymous') req = req.auth(sessions[caller].token, { type: 'bearer' });
      req =
        method === 'GET'
          ? req.query({ limit: '0', unexpected: '1' })
          : req.send({ unexpected: true });
      const res = await req;
      if (res.status !== status) {
        throw new Error(
          `${key} as ${caller}: expected ${status}, got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
        );
      }
      expect(res.body.code).toBe(status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN');
    },
  );

  it('a session ended by logout no longer works, and the shared sessions still do', async () => {
    const s = sessions.member;
    const fresh = await login(t.url, s.user.email);
    await request(t.url)
      .get('/api/auth/me')
      .auth(fresh.accessToken, { type: 'bearer' })
      .expect(200);
    await request(t.url)
      .post('/api/auth/logout')
      .auth(fresh.accessToken, { type: 'bearer' })
      .expect(204);
    await request(t.url)
      .get('/api/auth/me')
      .auth(fresh.accessToken, { type: 'bearer' })
      .expect(401);
    for (const caller of CALLERS) {
      if (caller === 'anonymous') continue;
      await request(t.url)
        .get('/api/auth/me')
        .auth(sessions[caller].token, { type: 'bearer' })
        .expect(200);
    }
  });

  describe('tokens that must not work: refused on HTTP and at the socket handshake', () => {
    const sockets: TestSocket[] = [];
    afterEach(() => sockets.splice(0).forEach((s) => s.close()));

    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const claimsOf = (token: string) => jwt.decode(token) as { sub: string; sid: string };
    const now = () => Math.floor(Date.now() / 1000);
    /** The admin's real subject and session, so only the property under test is wrong. */
    const good = () => {
      const { sub, sid } = claimsOf(sessions.admin.token);
      return { sub, sid, aud: 'ocvrn', iss: 'ocvrn', iat: now(), exp: now() + 300 };
    };

    const SESSION_KEY = deriveKey(TEST_JWT_SECRET, 'sessions');
    const BAD: Array<{ name: string; make: () => string }> = [
      {
        name: 'forged (signed with another secret)',
        make: () =>
          jwt.sign(good(), 'another-secret-that-is-long-enough-for-hs256', { algorithm: 'HS256' }),
      },
      {
        name: 'expired',
        make: () =>
          jwt.sign(
            {
              sub: claimsOf(sessions.admin.token).sub,
              sid: randomUUID(),
              aud: 'ocvrn',
              iss: 'ocvrn',
              iat: now() - 3600,
              exp: now() - 60,
            },
            SESSION_KEY,
            { algorithm: 'HS256' },
          ),
      },
      {
        name: 'expired, of a live session',
        make: () =>
          jwt.sign({ ...good(), iat: now() - 3600, exp: now() - 60 }, SESSION_KEY, {
            algorithm: 'HS256',
          }),
      },
      {
        name: 'alg none',
        make: () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(good())}.`,
      },
      {
        name: 'another algorithm (HS512, right secret)',
        make: () => jwt.sign(good(), SESSION_KEY, { algorithm: 'HS512' }),
      },
      {
        name: 'another audience',
        make: () => jwt.sign({ ...good(), aud: 'someone-else' }, SESSION_KEY),
      },
      {
        name: 'tampered payload (another subject, original signature)',
        make: () => {
          const [h, , s] = sessions.member.token.split('.');
          return `${h}.${b64({ ...claimsOf(sessions.member.token), sub: sessions.admin.user.id })}.${s}`;
        },
      },
      {
        // Sessions are signed with a key derived for them alone (config/keys.ts).
        name: 'signed with the master secret itself',
        make: () => jwt.sign(good(), TEST_JWT_SECRET, { algorithm: 'HS256' }),
      },
      {
        name: 'signed with the key of another purpose (unsubscribe links)',
        make: () =>
          jwt.sign(good(), deriveKey(TEST_JWT_SECRET, 'unsubscribe'), { algorithm: 'HS256' }),
      },
      { name: 'garbage', make: () => 'not-a-jwt' },
    ];

    it('the well-formed control token (same construction, valid) is accepted', async () => {
      const token = jwt.sign(good(), SESSION_KEY, { algorithm: 'HS256' });
      await request(t.url).get('/api/auth/me').auth(token, { type: 'bearer' }).expect(200);
      const s = connectSocket(t.url, token);
      sockets.push(s);
      await connected(s);
    });

    test.each(BAD)('$name → 401 on an authenticated route', async ({ make }) => {
      const token = make();
      for (const path of ['/api/auth/me', '/api/admin/users', '/api/notifications']) {
        const res = await request(t.url).get(path).auth(token, { type: 'bearer' });
        expect(`${path} ${res.status}`).toBe(`${path} 401`);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.code).toBe('UNAUTHENTICATED');
      }
    });

    test.each(BAD)('$name → refused at the socket handshake', async ({ make }) => {
      const s = connectSocket(t.url, make());
      sockets.push(s);
      await expect(connected(s)).rejects.toThrow('unauthorized');
    });

    it('no token at all is refused at the socket handshake', async () => {
      const s = connectSocket(t.url, '');
      sockets.push(s);
      await expect(connected(s)).rejects.toThrow('unauthorized');
    });

    it('on a public route a bad token is ignored: the caller is anonymous', async () => {
      const forged = jwt.sign(good(), 'another-secret-that-is-long-enough-for-hs256');
      await request(t.url).get('/api/taxonomy').auth(forged, { type: 'bearer' }).expect(200);
    });
  });
});
