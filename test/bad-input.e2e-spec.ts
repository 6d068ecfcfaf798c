import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  buildApplication,
  createUser,
  login,
  PASSWORD,
  signedInAs,
  type Session,
  type TestUser,
} from '@testing/factories';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * Bad input gets a 4xx problem+json naming the field, never a 500, and changes nothing
 * (ARCHITECTURE.md, "Reliability and security"). Every case below is sent once and checked
 * for its status, the problem's content type and code, the fields its `errors` name, and an
 * unchanged database.
 */

interface Ctx {
  /** A pending application (the target of reject). */
  pendingId: string;
  /** An approved member (the target of role changes). */
  member: TestUser;
}

interface BadCase {
  name: string;
  method: 'get' | 'post' | 'put';
  path: string | ((ctx: Ctx) => string);
  as: 'anonymous' | 'member' | 'admin';
  /** A JSON body, serialised by supertest. */
  body?: unknown;
  /** A body sent byte for byte (with `contentType`, default application/json). */
  raw?: string;
  contentType?: string;
  /** The status, or the statuses any of which is right. */
  status: number | number[];
  code?: string;
  /** Exactly the fields `errors` must name (when the status is 400). */
  fields?: string[];
}

const REGISTER = '/api/auth/register';
const LOGIN = '/api/auth/login';
const REJECT = (c: Ctx) => `/api/admin/applications/${c.pendingId}/reject`;
const ROLES = (c: Ctx) => `/api/admin/users/${c.member.id}/roles`;
const REGISTER_FIELDS = [
  'email',
  'password',
  'name',
  'organisation',
  'sector',
  'country',
  'statement',
] as const;

const omit = (o: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));
/** `{"a":{"a":…}}` nested `depth` deep: small, but deeper than a recursive walker survives. */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const withField = (body: Record<string, unknown>, key: string, rawValue: string) =>
  `${JSON.stringify(body).slice(0, -1)},"${key}":${rawValue}}`;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

const MALFORMED = [
  { what: 'truncated JSON', raw: '{"email":' },
  { what: 'trailing garbage', raw: '{"email":"a@example.org"} x' },
  { what: 'single quotes', raw: "{'email':'a@example.org'}" },
];

function registerCases(): BadCase[] {
  const r = (name: string, body: unknown, status: number | number[], fields?: string[]) =>
    ({
      name: `register: ${name}`,
      method: 'post',
      path: REGISTER,
      as: 'anonymous',
      body,
      status,
      fields,
    }) satisfies BadCase;
  const field = (key: string, value: unknown, what: string, fields = [key]) =>
    r(what, buildApplication({ [key]: value }), 400, fields);
  return [
    ...MALFORMED.map(({ what, raw }): BadCase => ({
      name: `register: malformed JSON (${what})`,
      method: 'post',
      path: REGISTER,
      as: 'anonymous',
      raw,
      status: 400,
      code: 'MALFORMED_REQUEST',
    })),
    r('an unknown field', { ...buildApplication(), isAdmin: true }, 400, ['isAdmin']),
    // Text PostgreSQL cannot store is refused at the edge, naming the field.
    field('name', 'Ada \ud800 Lovelace', 'a lone surrogate in the name'),
    field('organisation', '\udfffOrg', 'a lone low surrogate in the organisation'),
    field('statement', 'I research\u0000 markets.', 'a NUL in the statement'),
    field('email', 'ada\ud800@example.org', 'a lone surrogate in the email'),
    r('mass assignment of roles', { ...buildApplication(), roles: ['admin'] }, 400, ['roles']),
    r('mass assignment of status', { ...buildApplication(), status: 'approved' }, 400, ['status']),
    r(
      'wrong types in every field',
      {
        email: 5,
        password: true,
        name: {},
        organisation: [],
        sector: 1,
        country: null,
        statement: 7,
      },
      400,
      [...REGISTER_FIELDS],
    ),
    r('an empty object', {}, 400, [...REGISTER_FIELDS]),
    ...REGISTER_FIELDS.map((f) => r(`missing ${f}`, omit(buildApplication(), f), 400, [f])),
    r('an array body', [buildApplication()], 400),
    {
      name: 'register: JSON null',
      method: 'post',
      path: REGISTER,
      as: 'anonymous',
      raw: 'null',
      status: 400,
    },
    {
      name: 'register: a JSON string',
      method: 'post',
      path: REGISTER,
      as: 'anonymous',
      raw: '"x"',
      status: 400,
    },
    { name: 'register: no body', method: 'post', path: REGISTER, as: 'anonymous', status: 400 },
    {
      name: 'register: a form instead of JSON',
      method: 'post',
      path: REGISTER,
      as: 'anonymous',
      raw: 'email=a%40example.org&password=correct+horse+battery',
      contentType: 'application/x-www-form-urlencoded',
      status: [400, 415],
    },
    r('a 1 MB name', buildApplication({ name: 'x'.repeat(1024 * 1024) }), [400, 413]),
    field('name', 'x'.repeat(201), 'a 201-character name'),
    field('name', '   ', 'a blank name'),
    field('name', '<b>Ada</b>', 'markup in the name'),
    field('name', 'Ada\u0007Lovelace', 'a control character in the name'),
    field('name', 'Ada\nLovelace', 'a newline in the (single-line) name'),
    field('organisation', '<script>alert(1)</script>', 'markup in the organisation'),
    field('organisation', 'Leeds\tUniversity', 'a tab in the organisation'),
    field('email', 'not-an-email', 'an invalid email (no @)'),
    field('email', 'ada@localhost', 'an invalid email (no domain)'),
    field('email', 'ada lovelace@example.org', 'an invalid email (a space)'),
    field('email', 'Ada <ada@example.org>', 'an email with a display name'),
    field('email', 'ada@[127.0.0.1]', 'an email at an IP address'),
    field('email', `${'a'.repeat(288)}@example.org`, 'a 300-character email'),
    field('password', 'x'.repeat(7), 'a 7-character password'),
    field('password', 'x'.repeat(129), 'a 129-character password'),
    field('sector', 'astrology', 'a sector that does not exist'),
    field('sector', 'Academia', 'a sector in the wrong case'),
    field('sector', '', 'an empty sector'),
    field('country', 'XX', 'a country that does not exist'),
    field('country', 'GBR', 'an alpha-3 country'),
    field('country', 'United Kingdom', 'a country by name'),
    field('country', '', 'an empty country'),
    field('statement', 'x'.repeat(10_000), 'a 10,000-character statement'),
    field('statement', 'x'.repeat(2001), 'a 2,001-character statement'),
    field('statement', 'nul \u0000 byte', 'a NUL in the statement'),
    {
      name: 'register: prototype pollution (__proto__)',
      method: 'post',
      path: REGISTER,
      as: 'anonymous',
      raw: withField(
        buildApplication(),
        '__proto__',
        '{"admin":true,"roles":["admin"],"status":"approved"}',
      ),
      status: 400,
    },
    {
      name: 'register: prototype pollution (constructor.prototype)',
      method: 'post',
      path: REGISTER,
      as: 'anonymous',
      raw: withField(buildApplication(), 'constructor', '{"prototype":{"admin":true}}'),
      status: 400,
    },
    {
      name: 'register: prototype pollution nested in a field',
      method: 'post',
      path: REGISTER,
      as: 'anonymous',
      raw: JSON.stringify(buildApplication()).replace(
        /"name":"[^"]*"/,
        '"name":{"__proto__":{"admin":true}}',
      ),
      status: 400,
    },
    {
      name: 'register: JSON nested 10,000 deep',
      method: 'post',
      path: REGISTER,
      as: 'anonymous',
      raw: withField(omit(buildApplication(), 'name'), 'name', nested(10_000)),
      status: 400,
    },
  ];
}

function loginCases(): BadCase[] {
  const l = (name: string, body: unknown, status: number | number[], fields?: string[]) =>
    ({
      name: `login: ${name}`,
      method: 'post',
      path: LOGIN,
      as: 'anonymous',
      body,
      status,
      fields,
    }) satisfies BadCase;
  const creds = { email: 'someone@example.org', password: PASSWORD };
  return [
    ...MALFORMED.map(({ what, raw }): BadCase => ({
      name: `login: malformed JSON (${what})`,
      method: 'post',
      path: LOGIN,
      as: 'anonymous',
      raw,
      status: 400,
      code: 'MALFORMED_REQUEST',
    })),
    l('an unknown field', { ...creds, remember: true }, 400, ['remember']),
    l('wrong types', { email: 5, password: true }, 400, ['email', 'password']),
    l('missing email', omit(creds, 'email'), 400, ['email']),
    l('missing password', omit(creds, 'password'), 400, ['password']),
    l('an empty object', {}, 400, ['email', 'password']),
    l('an array body', [creds], 400),
    { name: 'login: no body', method: 'post', path: LOGIN, as: 'anonymous', status: 400 },
    l('a 1 MB email', { ...creds, email: `${'x'.repeat(1024 * 1024)}@example.org` }, [400, 413]),
    l('a 300-character email', { ...creds, email: `${'a'.repeat(288)}@example.org` }, 400, [
      'email',
    ]),
    // Sign-in does not have to validate the address's shape: it is simply not an account.
    l('an invalid email', { ...creds, email: 'not-an-email' }, [400, 401]),
    l('a 7-character password', { ...creds, password: 'x'.repeat(7) }, [400, 401]),
    l('a 129-character password', { ...creds, password: 'x'.repeat(129) }, 400, ['password']),
    {
      name: 'login: prototype pollution (__proto__)',
      method: 'post',
      path: LOGIN,
      as: 'anonymous',
      raw: withField(creds, '__proto__', '{"admin":true}'),
      status: 400,
    },
    {
      name: 'login: JSON nested 10,000 deep',
      method: 'post',
      path: LOGIN,
      as: 'anonymous',
      raw: withField(omit(creds, 'email'), 'email', nested(10_000)),
      status: 400,
    },
  ];
}

const NOT_UUIDS = [
  'abc',
  '123',
  "1' OR '1'='1",
  '00000000-0000-0000-0000-00000000000g',
  `${randomUUID()}0`,
];

function rejectCases(): BadCase[] {
  const j = (name: string, body: unknown, status: number | number[], fields?: string[]) =>
    ({
      name: `reject: ${name}`,
      method: 'post',
      path: REJECT,
      as: 'admin',
      body,
      status,
      fields,
    }) satisfies BadCase;
  return [
    ...MALFORMED.map(({ what, raw }): BadCase => ({
      name: `reject: malformed JSON (${what})`,
      method: 'post',
      path: REJECT,
      as: 'admin',
      raw,
      status: 400,
      code: 'MALFORMED_REQUEST',
    })),
    j('an unknown field', { reason: 'No.', notify: false }, 400, ['notify']),
    j('a reason of the wrong type', { reason: 5 }, 400, ['reason']),
    j('a missing reason', {}, 400, ['reason']),
    j('a blank reason', { reason: '  \n ' }, 400, ['reason']),
    j('a 10,000-character reason', { reason: 'x'.repeat(10_000) }, 400, ['reason']),
    j('a NUL in the reason', { reason: 'a\u0000b' }, 400, ['reason']),
    j('a 1 MB reason', { reason: 'x'.repeat(1024 * 1024) }, [400, 413]),
    ...NOT_UUIDS.map((id): BadCase => ({
      name: `reject: a non-UUID :id (${id})`,
      method: 'post',
      path: `/api/admin/applications/${encodeURIComponent(id)}/reject`,
      as: 'admin',
      body: { reason: 'No.' },
      status: 400,
      fields: ['id'],
      code: 'VALIDATION_FAILED',
    })),
    {
      name: 'reject: prototype pollution (__proto__)',
      method: 'post',
      path: REJECT,
      as: 'admin',
      raw: '{"reason":"No.","__proto__":{"admin":true}}',
      status: 400,
    },
    {
      name: 'reject: JSON nested 10,000 deep',
      method: 'post',
      path: REJECT,
      as: 'admin',
      raw: `{"reason":${nested(10_000)}}`,
      status: 400,
    },
  ];
}

function rolesCases(): BadCase[] {
  const p = (name: string, body: unknown, status: number | number[], fields?: string[]) =>
    ({
      name: `roles: ${name}`,
      method: 'put',
      path: ROLES,
      as: 'admin',
      body,
      status,
      fields,
    }) satisfies BadCase;
  const roles = (value: unknown, what: string) => p(what, { roles: value }, 400, ['roles']);
  return [
    ...MALFORMED.map(({ what, raw }): BadCase => ({
      name: `roles: malformed JSON (${what})`,
      method: 'put',
      path: ROLES,
      as: 'admin',
      raw,
      status: 400,
      code: 'MALFORMED_REQUEST',
    })),
    p('an unknown field', { roles: ['editor'], until: '2030-01-01' }, 400, ['until']),
    p('missing roles', {}, 400, ['roles']),
    roles('admin', 'roles as a string'),
    roles({ admin: true }, 'roles as an object'),
    roles([5, null], 'roles of the wrong type'),
    roles(['superuser'], 'an unknown role name'),
    roles(['Admin'], 'a role name in the wrong case'),
    roles(['applicant'], 'applicant (not grantable)'),
    roles(['editor', 'root'], 'a known and an unknown role'),
    roles(['editor', 'editor'], 'a repeated role'),
    roles(Array(1000).fill('editor'), 'a thousand roles'),
    ...NOT_UUIDS.map((id): BadCase => ({
      name: `roles: a non-UUID :id (${id})`,
      method: 'put',
      path: `/api/admin/users/${encodeURIComponent(id)}/roles`,
      as: 'admin',
      body: { roles: ['editor'] },
      status: 400,
      fields: ['id'],
      code: 'VALIDATION_FAILED',
    })),
    {
      name: 'roles: prototype pollution (__proto__)',
      method: 'put',
      path: ROLES,
      as: 'admin',
      raw: '{"roles":["editor"],"__proto__":{"admin":true}}',
      status: 400,
    },
    {
      name: 'roles: JSON nested 10,000 deep',
      method: 'put',
      path: ROLES,
      as: 'admin',
      raw: `{"roles":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
      status: 400,
    },
  ];
}

/** `?limit=` and `?cursor=` as every list takes them, and the list's own parameters. */
function listCases(
  path: string,
  as: BadCase['as'],
  own: Array<[string, string, string]>,
): BadCase[] {
  const q = (query: string, what: string, field: string): BadCase => ({
    name: `${path}: ${what} (?${query.length > 60 ? `${query.slice(0, 60)}…` : query})`,
    method: 'get',
    path: `${path}?${query}`,
    as,
    status: 400,
    fields: [field],
    code: 'VALIDATION_FAILED',
  });
  return [
    q('limit=0', 'limit of 0', 'limit'),
    q('limit=-1', 'limit of -1', 'limit'),
    q('limit=1000', 'limit of 1000', 'limit'),
    q('limit=101', 'limit over the maximum', 'limit'),
    q('limit=abc', 'limit not a number', 'limit'),
    q('limit=1.5', 'limit not an integer', 'limit'),
    q('limit=1&limit=2', 'limit given twice', 'limit'),
    q('cursor=garbage', 'a garbage cursor', 'cursor'),
    q(`cursor=${b64({ a: 1 })}`, 'a cursor of the wrong shape', 'cursor'),
    q(`cursor=${'x'.repeat(600)}`, 'a 600-character cursor', 'cursor'),
    q('unknown=1', 'an unknown parameter', 'unknown'),
    ...own.map(([query, what, field]) => q(query, what, field)),
  ];
}

const CASES: BadCase[] = [
  ...registerCases(),
  ...loginCases(),
  ...rejectCases(),
  ...rolesCases(),
  ...listCases('/api/admin/applications', 'admin', [
    ['status=bogus', 'an unknown status', 'status'],
    ["status=pending' OR '1'='1", 'SQL in the status', 'status'],
    [`cursor=${b64(['x', 'y'])}`, 'a cursor of the right shape with bad values', 'cursor'],
  ]),
  ...listCases('/api/admin/users', 'admin', [
    ['role=superuser', 'an unknown role name', 'role'],
    ['role=applicant', 'a role that is not held', 'role'],
    ["role=admin'--", 'SQL in the role', 'role'],
    ['status=bogus', 'an unknown status', 'status'],
    ['q=%3Cscript%3E', 'markup in q', 'q'],
    ['q=a%00b', 'a NUL in q', 'q'],
    [`cursor=${b64(['x', 'y'])}`, 'a cursor of the right shape with bad values', 'cursor'],
  ]),
  ...listCases('/api/admin/audit', 'admin', [
    ['actorId=abc', 'an actorId that is not a UUID', 'actorId'],
    ["action=x' OR 1=1--", 'SQL in the action', 'action'],
    [`cursor=${b64(['x'])}`, 'a cursor holding a word', 'cursor'],
    [`cursor=${b64([1])}`, 'a cursor holding a number', 'cursor'],
    [`cursor=${b64(['1.5'])}`, 'a cursor holding a fraction', 'cursor'],
    [`cursor=${b64(['1'.repeat(40)])}`, 'a cursor holding a huge number', 'cursor'],
  ]),
  ...listCases('/api/notifications', 'member', [
    ['after=abc', 'after not a number', 'after'],
    ['after=-1', 'after negative', 'after'],
    ['after=1.5', 'after a fraction', 'after'],
    ['after=1e3', 'after in exponent form', 'after'],
    ['after=', 'after empty', 'after'],
    ['after=99999999999999999999', 'after beyond bigint', 'after'],
    ["after=1' OR '1'='1", 'SQL in after', 'after'],
  ]),
];

describe('bad input: a 4xx problem naming the field, and nothing changed', () => {
  let t: TestApp;
  let admin: Session;
  let member: Session;
  let ctx: Ctx;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInAs(t.db, t.url, 'admin');
    member = await signedInAs(t.db, t.url, 'member');
    const reg = await request(t.url).post(REGISTER).send(buildApplication()).expect(201);
    ctx = { pendingId: reg.body.id, member: await createUser(t.db) };
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Row counts, and a digest of every row where rows could be updated in place. */
  async function snapshot() {
    const digest = (table: string) =>
      `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM ${table} x)`;
    const { rows } = await t.db.query(
      `SELECT (SELECT count(*) FROM users)::int AS users, ${digest('users')} AS users_rows,
              (SELECT count(*) FROM audit_log WHERE action <> 'auth.sign_in_failed')::int AS audit_log,
              ${digest(`(SELECT * FROM audit_log WHERE action <> 'auth.sign_in_failed')`)} AS audit_rows,
              (SELECT count(*) FROM notifications)::int AS notifications,
              (SELECT count(*) FROM mail_outbox)::int AS mail_outbox,
              (SELECT count(*) FROM sessions)::int AS sessions, ${digest('sessions')} AS session_rows,
              (SELECT count(*) FROM refresh_tokens)::int AS refresh_tokens`,
    );
    return rows[0] as Record<string, number | string>;
  }

  function send(c: BadCase): request.Test {
    let req = request(t.url)[c.method](typeof c.path === 'function' ? c.path(ctx) : c.path);
    if (c.as !== 'anonymous') {
      req = req.auth((c.as === 'admin' ? admin : member).token, { type: 'bearer' });
    }
    if (c.raw !== undefined) {
      req = req.set('content-type', c.contentType ?? 'application/json').send(c.raw);
    } else if (c.body !== undefined) {
      req = req.send(c.body as object);
    }
    return req;
  }

  function expectProblem(res: request.Response, status: number | number[], fields?: string[]) {
    const statuses = ([] as number[]).concat(status);
    if (!statuses.includes(res.status)) {
      throw new Error(
        `expected ${statuses.join(' or ')}, got ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`,
      );
    }
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: expect.any(String),
      title: expect.any(String),
      status: res.status,
      code: expect.any(String),
      correlationId: expect.any(String),
    });
    if (fields && res.status === 400) {
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const named = [...new Set((res.body.errors ?? []).map((e: { field: string }) => e.field))];
      expect(named.sort()).toEqual([...fields].sort());
      for (const e of res.body.errors) expect(e.message).toEqual(expect.any(String));
    }
  }

  test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await snapshot();
    const res = await send(c);
    expectProblem(res, c.status, c.fields);
    if (c.code) expect(res.body.code).toBe(c.code);
    if (res.status === 413) expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await snapshot()).toEqual(before);
  });

  it('the targets of the refused changes are untouched', async () => {
    const { rows } = await t.db.query(`SELECT id, status, roles FROM users WHERE id = ANY($1)`, [
      [ctx.pendingId, ctx.member.id],
    ]);
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[ctx.pendingId]).toMatchObject({ status: 'pending', roles: [] });
    expect(byId[ctx.member.id]).toMatchObject({ status: 'approved', roles: ['member'] });
  });

  describe('SQL and HTML are data', () => {
    async function application(id: string) {
      const res = await request(t.url)
        .get('/api/admin/users')
        .query({ status: 'pending', limit: '100' })
        .auth(admin.token, { type: 'bearer' })
        .expect(200);
      return (res.body.items as Array<Record<string, unknown>>).find((a) => a.id === id);
    }

    it('a SQL-looking name registers and comes back byte for byte; the users table survives', async () => {
      const before = await snapshot();
      const form = buildApplication({
        name: "Robert'); DROP TABLE users;--",
        organisation: `O'Brien & Sons; SELECT * FROM users WHERE '1'='1`,
      });
      const reg = await request(t.url).post(REGISTER).send(form).expect(201);
      const queue = await request(t.url)
        .get('/api/admin/applications')
        .query({ status: 'pending', limit: '100' })
        .auth(admin.token, { type: 'bearer' })
        .expect(200);
      const found = queue.body.items.find((a: { id: string }) => a.id === reg.body.id);
      expect(found).toMatchObject({ name: form.name, organisation: form.organisation });
      const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM users`);
      expect(rows[0].n).toBe((before.users as number) + 1);
    });

    it('an apostrophe in the email is just a character', async () => {
      const form = buildApplication({ email: `o'brien-${randomUUID().slice(0, 8)}@example.org` });
      const reg = await request(t.url).post(REGISTER).send(form).expect(201);
      expect((await application(reg.body.id))?.email).toBe(form.email);
    });

    it('SQL and LIKE wildcards in the users search match literally', async () => {
      for (const q of ["' OR 'a'='a", '%', '_', '\\']) {
        const res = await request(t.url)
          .get('/api/admin/users')
          .query({ q })
          .auth(admin.token, { type: 'bearer' })
          .expect(200);
        expect({ q, items: res.body.items }).toEqual({ q, items: [] });
      }
    });

    it('HTML in the multi-line statement is stored and returned verbatim, as JSON text', async () => {
      const statement =
        '<script>alert("x")</script>\n<img src=x onerror="alert(1)"> & &amp; </textarea>\r\n' +
        '"quotes" \'apostrophes\' \\ backslash, ünïcödé, 中文, emoji 🕵️';
      const reg = await request(t.url)
        .post(REGISTER)
        .send(buildApplication({ statement }))
        .expect(201);
      const res = await request(t.url)
        .get('/api/admin/applications')
        .query({ status: 'pending', limit: '100' })
        .auth(admin.token, { type: 'bearer' })
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      const found = res.body.items.find((a: { id: string }) => a.id === reg.body.id);
      expect(found.statement).toBe(statement);
      const { rows } = await t.db.query(`SELECT statement FROM users WHERE id = $1`, [reg.body.id]);
      expect(rows[0].statement).toBe(statement);
    });

    it('a name in other scripts comes back byte for byte', async () => {
      const name = 'Zoë Ødegård-Łukasiewicz 李小龍 Ἀριστοτέλης';
      const reg = await request(t.url).post(REGISTER).send(buildApplication({ name })).expect(201);
      expect((await application(reg.body.id))?.name).toBe(name);
    });

    it('after a prototype-pollution attempt, a new applicant is still only an applicant', async () => {
      const form = buildApplication();
      await request(t.url)
        .post(REGISTER)
        .set('content-type', 'application/json')
        .send(withField(form, '__proto__', '{"roles":["admin"],"status":"approved","admin":true}'))
        .expect(400);
      await request(t.url).post(REGISTER).send(form).expect(201);
      const session = await login(t.url, form.email);
      expect(session.user).toMatchObject({ status: 'pending', roles: ['applicant'] });
      await request(t.url)
        .get('/api/admin/users')
        .auth(session.accessToken, { type: 'bearer' })
        .expect(403);
    });
  });

  describe('passwords: 12 to 128 characters, never truncated', () => {
    it('12 characters are enough when they are not guessable; 11 are not', async () => {
      await request(t.url)
        .post(REGISTER)
        .send(buildApplication({ password: 'Kq7#vW2!pL9z' }))
        .expect(201);
      const short = await request(t.url)
        .post(REGISTER)
        .send(buildApplication({ password: 'Kq7#vW2!pL9' }));
      expectProblem(short, 400, ['password']);
    });

    it('128 characters register, sign in, and every one of them counts', async () => {
      const password = `${randomBytes(96).toString('base64').slice(0, 126)}!?`;
      expect(password).toHaveLength(128);
      const form = buildApplication({ password });
      await request(t.url).post(REGISTER).send(form).expect(201);
      await login(t.url, form.email, password);
      const before = await snapshot();
      for (const wrong of [password.slice(0, 127), `${password.slice(0, 127)}.`]) {
        const res = await request(t.url).post(LOGIN).send({ email: form.email, password: wrong });
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('INVALID_CREDENTIALS');
      }
      const long = await request(t.url)
        .post(LOGIN)
        .send({ email: form.email, password: `${password}x` });
      expectProblem(long, 400, ['password']);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('an email already registered', () => {
    it('is a 409 EMAIL_TAKEN on the email field, however it is spelt, and nothing changes', async () => {
      const form = buildApplication();
      await request(t.url).post(REGISTER).send(form).expect(201);
      const before = await snapshot();
      for (const email of [form.email, form.email.toUpperCase(), `  ${form.email} `]) {
        const res = await request(t.url).post(REGISTER).send(buildApplication({ email }));
        expectProblem(res, 409);
        expect(res.body.code).toBe('EMAIL_TAKEN');
        expect(res.body.errors).toEqual([{ field: 'email', message: expect.any(String) }]);
      }
      expect(await snapshot()).toEqual(before);
      const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM users WHERE email = $1`, [
        form.email.toLowerCase(),
      ]);
      expect(rows[0].n).toBe(1);
    });

    it('sent five times at once, makes exactly one account', async () => {
      const form = buildApplication();
      const results = await Promise.all(
        Array.from({ length: 5 }, () => request(t.url).post(REGISTER).send(form)),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
      const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM users WHERE email = $1`, [
        form.email,
      ]);
      expect(rows[0].n).toBe(1);
    });
  });

  describe('rate limits (a second instance: AUTH_RATE_LIMIT=3, REGISTER_RATE_LIMIT=3)', () => {
    let limited: TestApp;
    beforeAll(async () => {
      // Counters are shared by every instance: this one's callers come from an address of
      // their own (through a trusted proxy) so the main instance's traffic does not count.
      limited = await startTestApp({
        env: { AUTH_RATE_LIMIT: '3', REGISTER_RATE_LIMIT: '3', TRUST_PROXY: '127.0.0.1' },
        databaseUrl: t.databaseUrl,
        truncate: false,
      });
    });
    afterAll(async () => {
      await limited?.close();
    });
    const PROXIED = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    /** Requests from one client address of its own, as the trusted proxy reports it. */
    const from = (url: string) => {
      const agent = request(url);
      const wrap =
        (method: 'post' | 'get') =>
        (path: string): request.Test =>
          agent[method](path).set('x-forwarded-for', PROXIED);
      return { post: wrap('post'), get: wrap('get') };
    };

    it('the 4th sign-in for one email within a minute is a 429, even with the right password', async () => {
      const user = await createUser(t.db);
      for (let i = 0; i < 3; i++) {
        await from(limited.url)
          .post(LOGIN)
          .send({ email: user.email, password: 'not the password' })
          .expect(401);
      }
      const before = await snapshot();
      const res = await from(limited.url)
        .post(LOGIN)
        .send({ email: ` ${user.email.toUpperCase()}`, password: PASSWORD });
      expectProblem(res, 429);
      expect(res.body.code).toBe('RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(await snapshot()).toEqual(before);

      // Someone else signing in from the same address is not locked out.
      const other = await createUser(t.db);
      await from(limited.url)
        .post(LOGIN)
        .send({ email: other.email, password: PASSWORD })
        .expect(200);
    });

    it('the 4th application from one address within a minute is a 429, and changes nothing', async () => {
      for (let i = 0; i < 3; i++) {
        await from(limited.url).post(REGISTER).send(buildApplication()).expect(201);
      }
      const before = await snapshot();
      const res = await from(limited.url).post(REGISTER).send(buildApplication());
      expectProblem(res, 429);
      expect(res.body.code).toBe('RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(await snapshot()).toEqual(before);
    });
  });
});
