import fc from 'fast-check';
import { createUser, login, signedInAs, type Session } from '@testing/factories';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * Property-based fuzzing of every operation in the OpenAPI document the running server
 * serves: path parameters (ids that exist, random uuids, junk), query strings and bodies
 * generated from each operation's schema, mixed with hostile values (lone surrogates, NUL,
 * huge numbers, deep nesting, wrong types, long strings), sent as anonymous, member and staff.
 *
 * Two properties hold for every request:
 * - no answer is a 5xx (the shrunk counterexample is reported with method, path and body);
 * - a refused request (4xx) leaves the database as it was (see `fingerprint`).
 *
 * FUZZ_RUNS (default 10000) and FUZZ_SECONDS (default 150) bound a run, whichever ends first;
 * FUZZ_SEED (default random, always printed) replays one.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const BUDGET_MS = Number(process.env.FUZZ_SECONDS ?? 150) * 1000;
const SEED = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : Date.now() ^ (Math.random() * 0x7fffffff);
const REQUEST_TIMEOUT_MS = 15_000;
/** Requests sent together; the count of runs is of requests, not batches. */
const BATCH = 8;

type Caller = 'anonymous' | 'member' | 'admin';
const CALLERS: Caller[] = ['anonymous', 'member', 'admin'];

interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: Schema;
}

interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body: Schema | null;
  /** Takes multipart/form-data (not described in the document): these field names. */
  multipart: string[] | null;
}

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

/**
 * Not fuzzed: routes that stream stored files (their ids are checked like any other, but a
 * hit sends a file rather than an answer worth checking). Sockets are not in the document.
 */
const STREAMING = [/\/download$/, /\/attachments\/\{[^}]+\}$/];

/** Routes that take a form (multipart) rather than JSON; the document lists no body for them. */
const MULTIPART: Array<[RegExp, string[]]> = [
  [
    /^POST \/api\/documents$/,
    [
      'title',
      'abstract',
      'authors',
      'year',
      'topics',
      'crimeTypes',
      'language',
      'source',
      'marking',
    ],
  ],
  [/^POST \/api\/documents\/\{id\}\/versions$/, []],
  [/^POST \/api\/contact$/, ['name', 'email', 'organisation', 'category', 'subject', 'message']],
  [/^POST \/api\/contact\/(mine\/)?\{reference\}\/messages$/, ['message', 'body']],
];

/** Query keys every list and search understands, added to what an operation declares. */
const COMMON_QUERY = ['limit', 'cursor', 'after', 'q', 'from', 'to', 'topic', 'status', 'token'];

/** Field names of bodies the document leaves open (`UpdateProfileDto`, `UpdateEventDto`…). */
const OPEN_FIELDS = [
  'name',
  'title',
  'organisation',
  'sector',
  'country',
  'level',
  'expertise',
  'bio',
  'orcid',
  'website',
  'email',
  'phone',
  'visibility',
  'description',
  'kind',
  'topics',
  'timezone',
  'startsAt',
  'endsAt',
  'venue',
  'onlineUrl',
  'capacity',
  'registrationOpensAt',
  'registrationClosesAt',
  'public',
  'body',
  'summary',
  'status',
  'assigneeId',
  'at',
];

// ---------------------------------------------------------------------------------------
// Hostile values

const LONE_SURROGATES = ['\uD800', 'a\uDC00b', '\uDBFF\uDBFF', 'x\uD83D'];
const HOSTILE_STRINGS = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  ...LONE_SURROGATES,
  '\u202Egnp.exe',
  '\uFEFF',
  '😀'.repeat(50),
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '../../../../etc/passwd',
  '%00',
  '%ZZ',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '9'.repeat(400),
  '-9223372036854775809',
  '2026-02-30T25:61:00',
  '0000-00-00',
  '275760-09-13T00:00:00.001Z',
  'Europe/Nowhere',
  'a@b',
  '@example.org',
  'x'.repeat(5_000),
  'y'.repeat(70_000),
  '\r\nX-Injected: 1',
  'null',
  'true',
  '[]',
  '{}',
];

const hostileString = fc.constantFrom(...HOSTILE_STRINGS);

const plainString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    'member',
    'admin',
    'published',
    'draft',
    'workshop',
    'money-laundering',
    'academia',
    'GB',
    'Europe/London',
    '2026-03-29T10:00',
    '2030-01-01T00:00:00Z',
  ),
  fc.emailAddress(),
  fc.uuid(),
);

const anyString = fc.oneof(
  { weight: 3, arbitrary: plainString },
  { weight: 2, arbitrary: hostileString },
);

const hostileNumber = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    -0,
    1e308,
    -1e308,
    2 ** 31,
    2 ** 53 + 2,
    Number.MAX_SAFE_INTEGER,
    0.5,
    1e-320,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value, shallow: the wrong type in place of whatever a field should be. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  hostileNumber,
  anyString,
  fc.constant([]),
  fc.constant({}),
  fc.array(anyString, { maxLength: 3 }),
  fc.constant({ __proto__: { admin: true } }),
  fc.dictionary(
    fc.constantFrom('a', '$ne', '$gt', 'constructor'),
    fc.oneof(anyString, hostileNumber),
    { maxKeys: 2 },
  ),
);

/** Bodies written byte for byte: what JSON.stringify never produces. */
const RAW_BODIES: Array<{ text: string | Buffer; type?: string }> = [
  { text: '{"a":' },
  { text: '{"a":1} trailing' },
  { text: "{'a':1}" },
  { text: '{"title":1e999999}' },
  { text: '{"title":-1e999999, "capacity": 123456789012345678901234567890}' },
  { text: '{"capacity":1e400,"year":1e400,"limit":1e400}' },
  { text: `${'['.repeat(5000)}${']'.repeat(5000)}` },
  { text: `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}` },
  { text: '{"title":"\\ud800","body":"\\udfff","name":"\\u0000"}' },
  { text: '{"__proto__":{"roles":["admin"]},"constructor":{"prototype":{"x":1}}}' },
  { text: Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0xaf, 0x22, 0x7d]) },
  { text: '"just a string"' },
  { text: '12345' },
  { text: 'null' },
  { text: '' },
  { text: '{"a":1}', type: 'text/plain' },
  { text: '{"a":1}', type: 'application/json; charset=utf-16' },
  { text: '<x/>', type: 'application/xml' },
  { text: 'a=1&b=2', type: 'application/x-www-form-urlencoded' },
  {
    text: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc',
    type: 'multipart/form-data; boundary=x',
  },
  { text: '{"a":1}', type: 'multipart/form-data' },
];

// ---------------------------------------------------------------------------------------
// From the document to arbitraries

function resolveSchema(doc: OpenApi, s: Schema | undefined): Schema {
  if (!s) return {};
  if (s.$ref) return resolveSchema(doc, doc.components.schemas[s.$ref.split('/').pop()!]);
  return s;
}

function valueOf(doc: OpenApi, raw: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = resolveSchema(doc, raw);
  let right: fc.Arbitrary<unknown>;
  if (s.enum) {
    right = fc.constantFrom(...s.enum);
  } else if (s.type === 'string') {
    const around = [s.minLength, s.maxLength].filter((n): n is number => n !== undefined);
    right = fc.oneof(
      anyString,
      ...around.map((n) =>
        fc.constantFrom('a'.repeat(Math.max(0, n - 1)), 'a'.repeat(n), 'a'.repeat(n + 1)),
      ),
    );
  } else if (s.type === 'number' || s.type === 'integer') {
    const around = [s.minimum, s.maximum].filter((n): n is number => n !== undefined);
    right = fc.oneof(
      hostileNumber,
      ...around.map((n) => fc.constantFrom(n - 1, n, n + 1, n + 0.5)),
    );
  } else if (s.type === 'boolean') {
    right = fc.boolean();
  } else if (s.type === 'array') {
    right =
      depth > 3 ? fc.constant([]) : fc.array(valueOf(doc, s.items, depth + 1), { maxLength: 4 });
  } else if (s.type === 'object' && s.properties && Object.keys(s.properties).length > 0) {
    right = depth > 3 ? fc.constant({}) : objectOf(doc, s, depth + 1);
  } else {
    right = depth > 3 ? anyString : openObject(depth + 1);
  }
  return fc.oneof({ weight: 4, arbitrary: right }, { weight: 1, arbitrary: wrongType });
}

function objectOf(doc: OpenApi, s: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.fromEntries(
    Object.entries(s.properties ?? {}).map(([k, v]) => [k, valueOf(doc, v, depth)]),
  );
  const known = fc.record(props, { requiredKeys: [] });
  const required = fc.record(Object.fromEntries((s.required ?? []).map((k) => [k, props[k]])));
  return fc
    .tuple(
      required,
      known,
      fc.option(
        fc.dictionary(fc.constantFrom(...OPEN_FIELDS, 'extra', 'id', 'roles'), wrongType, {
          maxKeys: 2,
        }),
        { freq: 4 },
      ),
    )
    .map(([req, more, extra]) => ({ ...(extra ?? {}), ...more, ...req }));
}

function openObject(depth: number): fc.Arbitrary<Record<string, unknown>> {
  const value: fc.Arbitrary<unknown> =
    depth > 3
      ? fc.oneof(anyString, hostileNumber)
      : fc.oneof(
          { weight: 4, arbitrary: anyString },
          { weight: 1, arbitrary: wrongType },
          { weight: 1, arbitrary: fc.array(anyString, { maxLength: 4 }) },
          {
            weight: 1,
            arbitrary: fc.dictionary(fc.constantFrom('email', 'phone', 'website'), anyString, {
              maxKeys: 3,
            }),
          },
        );
  return fc.dictionary(fc.constantFrom(...OPEN_FIELDS), value, { maxKeys: 6 });
}

type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; text: string | Buffer; type?: string }
  | { kind: 'form'; fields: Array<[string, string]>; file: { name: string; bytes: string } | null };

interface FuzzRequest {
  op: Operation;
  as: Caller;
  path: string;
  query: Array<[string, string]>;
  body: Body;
}

function operationsOf(doc: OpenApi): Operation[] {
  const ops: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      const key = `${method.toUpperCase()} ${path}`;
      if (STREAMING.some((re) => re.test(path))) continue;
      const content = op.requestBody?.content ?? {};
      const json = content['application/json']?.schema ?? null;
      ops.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: json,
        multipart: MULTIPART.find(([re]) => re.test(key))?.[1] ?? null,
      });
    }
  }
  return ops;
}

/** Percent-encodes a string, lone surrogates included (as the bytes WTF-8 gives them). */
function pct(s: string): string {
  let out = '';
  for (const ch of s) {
    try {
      out += encodeURIComponent(ch);
    } catch {
      const c = ch.charCodeAt(0);
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
        .join('');
    }
  }
  return out;
}

/** A generated value as a query string carries it. */
function asQueryValue(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
}

interface Pools {
  ids: string[];
  references: string[];
}

function requestArb(doc: OpenApi, ops: Operation[], pools: Pools): fc.Arbitrary<FuzzRequest> {
  const id = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...pools.ids) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: anyString.filter((s) => s.length > 0 && s.length < 3000) },
  );
  const reference = fc.oneof(
    fc.constantFrom(...(pools.references.length ? pools.references : ['OCR-2026-000001'])),
    fc.constantFrom('OCR-2026-000000', 'OCR-9999-999999', 'ocr-2026-000001'),
    anyString.filter((s) => s.length > 0 && s.length < 3000),
  );
  return fc.constantFrom(...ops).chain((op) => {
    const pathParams = op.parameters.filter((p) => p.in === 'path');
    const declared = op.parameters.filter((p) => p.in === 'query');
    const pathArb = fc
      .tuple(...pathParams.map((p) => (p.name === 'reference' ? reference : id)))
      .map((values) =>
        pathParams.reduce((path, p, i) => path.replace(`{${p.name}}`, pct(values[i])), op.path),
      );
    const queryKeys = [...new Set([...declared.map((p) => p.name), ...COMMON_QUERY])];
    const queryArb = fc.array(
      fc.tuple(
        fc.constantFrom(...queryKeys, 'limit', 'limit'),
        fc.oneof(
          anyString,
          fc.constantFrom('1', '100', '101', '0', '-5', '1.5', '99999999999999999999'),
          fc.uuid(),
          ...declared.map((p) => valueOf(doc, p.schema).map(asQueryValue)),
        ),
      ),
      { maxLength: 4 },
    );
    const bodies: Array<fc.Arbitrary<Body>> = [
      fc.constant<Body>({ kind: 'none' }),
      fc.constantFrom(...RAW_BODIES).map((r): Body => ({ kind: 'raw', ...r })),
      wrongType.map((value): Body => ({ kind: 'json', value })),
    ];
    if (op.body) {
      const schemaBody = valueOf(doc, op.body).map((value): Body => ({ kind: 'json', value }));
      bodies.push(schemaBody, schemaBody, schemaBody, schemaBody);
    } else if (op.method !== 'GET' && op.method !== 'DELETE') {
      bodies.push(openObject(0).map((value): Body => ({ kind: 'json', value })));
    }
    if (op.multipart) {
      const names = [...op.multipart, 'file', 'other'];
      const form = fc
        .record({
          fields: fc.array(fc.tuple(fc.constantFrom(...names), anyString), { maxLength: 8 }),
          file: fc.option(
            fc.record({
              name: fc.oneof(
                fc.constantFrom('report.txt', 'a.pdf', '../x.txt', 'n\u0000.txt', ''),
                anyString,
              ),
              bytes: fc.oneof(
                fc.constantFrom('Hello, research network.', '%PDF-1.4\n', 'PK\u0003\u0004'),
                anyString,
              ),
            }),
          ),
        })
        .map((f): Body => ({ kind: 'form', ...f }));
      bodies.push(form, form, form);
    }
    return fc.record({
      op: fc.constant(op),
      as: fc.constantFrom(...CALLERS),
      path: pathArb,
      query: queryArb,
      body: fc.oneof(...bodies),
    });
  });
}

// ---------------------------------------------------------------------------------------
// Sending and checking

function describeRequest(r: FuzzRequest): string {
  const qs = r.query.map(([k, v]) => `${k}=${pct(v)}`).join('&');
  const body =
    r.body.kind === 'json'
      ? JSON.stringify(r.body.value)
      : r.body.kind === 'raw'
        ? `${r.body.type ?? 'application/json'}: ${String(r.body.text).slice(0, 300)}`
        : r.body.kind === 'form'
          ? `form ${JSON.stringify(r.body.fields)} file ${JSON.stringify(r.body.file)}`
          : '(none)';
  return `${r.op.method} ${r.path}${qs ? `?${qs}` : ''} as ${r.as}\nbody: ${body.length > 2000 ? `${body.slice(0, 2000)}… (${body.length} chars)` : body}`;
}

/** The status recorded for an upload whose connection the server closed while refusing it. */
const CLOSED = 0;

function isUpload(r: FuzzRequest): boolean {
  return (
    r.body.kind === 'form' || (r.body.kind === 'raw' && /^multipart\//.test(r.body.type ?? ''))
  );
}

function closedEarly(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } }).cause;
  return ['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'].includes(cause?.code ?? '');
}

interface Answer {
  status: number;
  text: string;
}

async function send(url: string, r: FuzzRequest, token: string | null): Promise<Answer> {
  const qs = r.query.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&');
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | Blob | FormData | undefined;
  if (r.body.kind === 'json') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(r.body.value) ?? 'null';
  } else if (r.body.kind === 'raw') {
    headers['content-type'] = r.body.type ?? 'application/json';
    body = typeof r.body.text === 'string' ? r.body.text : new Blob([new Uint8Array(r.body.text)]);
  } else if (r.body.kind === 'form') {
    const form = new FormData();
    for (const [k, v] of r.body.fields) form.append(k, v);
    if (r.body.file) form.append('file', new Blob([r.body.file.bytes]), r.body.file.name);
    body = form;
  }
  if (body !== undefined && (r.op.method === 'GET' || r.op.method === 'HEAD')) body = undefined;
  const res = await fetch(`${url}${r.path}${qs ? `?${qs}` : ''}`, {
    method: r.op.method,
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  return { status: res.status, text };
}

/**
 * Tables a refused request may legitimately write, left out of the fingerprint:
 * - rate_limits: a refused attempt still counts against its limit (that is the point);
 * - sessions, refresh_tokens: a bad refresh or sign-out attempt can end a session family;
 * - audit_log: failed sign-ins are audited;
 * - auth_challenges: short-lived WebAuthn challenges expire and are swept;
 * - socket_io_attachments, notifications: realtime delivery bookkeeping, written by background
 *   dispatchers whatever the requests;
 * - retention_rules, retention_state: the retention job records its runs in the background.
 */
const VOLATILE = new Set([
  'rate_limits',
  'sessions',
  'refresh_tokens',
  'audit_log',
  'auth_challenges',
  'socket_io_attachments',
  'notifications',
  'retention_rules',
  'retention_state',
]);

/**
 * Row count and the newest row version (`xmin`: every insert and update writes a new one) of
 * each table: an insert, update or delete anywhere moves it.
 */
async function fingerprintQuery(t: TestApp): Promise<string> {
  const { rows } = await t.db.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  const tables = rows.map((r) => r.tablename).filter((n) => !VOLATILE.has(n));
  return tables
    .map(
      (n) =>
        `SELECT '${n}' AS t, count(*)::text AS n, coalesce(max(xmin::text::bigint), 0)::text AS v FROM "${n}"`,
    )
    .join(' UNION ALL ');
}

async function fingerprint(t: TestApp, sql: string): Promise<Map<string, string>> {
  const { rows } = await t.db.query<{ t: string; n: string; v: string }>(sql);
  return new Map(rows.map((r) => [r.t, `${r.n}/${r.v}`]));
}

function changed(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...a.keys()].filter((k) => a.get(k) !== b.get(k));
}

/**
 * Requests that once answered 500, replayed first on every run (method, path, caller, body).
 */
const FIXED: Array<[string, string, Caller, Body]> = [
  // class-transformer threw on a nested `constructor` key in the sign-in body.
  [
    'POST',
    '/api/auth/login',
    'anonymous',
    { kind: 'json', value: { name: { constructor: 'a@a.aa' }, email: 'member', password: '' } },
  ],
];

function fixedExamples(ops: Operation[]): Array<[FuzzRequest[]]> {
  return FIXED.map(([method, path, as, body]) => {
    const op = ops.find(
      (o) =>
        o.method === method && new RegExp(`^${o.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
    );
    if (!op) throw new Error(`no operation ${method} ${path} in the document`);
    return [[{ op, as, path, query: [], body }]];
  });
}

// ---------------------------------------------------------------------------------------

describe('fuzzing every operation of the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApi;
  let ops: Operation[];
  let pools: Pools;
  let fpSql: string;
  const sessions = {} as Record<Exclude<Caller, 'anonymous'>, Session>;

  async function signIn(as: Exclude<Caller, 'anonymous'>): Promise<void> {
    // The staff caller holds every staff role, so every handler is reached.
    const user =
      as === 'member'
        ? await createUser(t.db)
        : await createUser(t.db, {
            roles: ['member', 'admin', 'editor', 'moderator', 'contact_officer'],
          });
    const res = await login(t.url, user.email);
    sessions[as] = { user, token: res.accessToken, cookie: res.cookie, login: res };
  }

  /** A fuzzed request may sign a caller out or disable it: sign in afresh when so. */
  async function keepSignedIn(): Promise<void> {
    for (const as of ['member', 'admin'] as const) {
      const res = await fetch(`${t.url}/api/auth/me`, {
        headers: { authorization: `Bearer ${sessions[as].token}` },
      });
      if (res.status !== 200) await signIn(as);
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    const res = await fetch(`${t.url}/api/openapi.json`);
    doc = (await res.json()) as OpenApi;
    ops = operationsOf(doc);
    await signIn('member');
    await signIn('admin');
    // Something for ids to hit: users of each kind, a draft issue, an event, a thread.
    const editor = await signedInAs(t.db, t.url, 'editor');
    await createUser(t.db, { status: 'pending' });
    await createUser(t.db);
    const auth = { authorization: `Bearer ${editor.token}`, 'content-type': 'application/json' };
    await fetch(`${t.url}/api/newsletters`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: 'Fuzz issue', body: 'Text', topics: ['drugs'] }),
    });
    await fetch(`${t.url}/api/events`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        title: 'Fuzz seminar',
        description: 'About drugs markets',
        kind: 'seminar',
        topics: ['drugs'],
        timezone: 'Europe/London',
        startsAt: '2030-03-29T10:00',
        endsAt: '2030-03-29T12:00',
        capacity: 3,
      }),
    });
    const contact = new FormData();
    for (const [k, v] of Object.entries({
      name: 'Fuzz Sender',
      email: 'sender@example.org',
      organisation: 'Example',
      category: 'general',
      subject: 'A question',
      message: 'Who studies county lines?',
    }))
      contact.append(k, v);
    await fetch(`${t.url}/api/contact`, { method: 'POST', body: contact });
    const { rows } = await t.db.query<{ id: string }>(
      `SELECT id::text FROM users WHERE id NOT IN ($1, $2)
        UNION ALL SELECT id::text FROM newsletters UNION ALL SELECT id::text FROM events
        UNION ALL SELECT id::text FROM inbox_threads`,
      [sessions.member.user.id, sessions.admin.user.id],
    );
    const refs = await t.db.query<{ reference: string }>(`SELECT reference FROM inbox_threads`);
    pools = { ids: rows.map((r) => r.id), references: refs.rows.map((r) => r.reference) };
    fpSql = await fingerprintQuery(t);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('reads the operations from the running server', () => {
    expect(ops.length).toBeGreaterThan(50);
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining([
        'POST /api/auth/register',
        'PATCH /api/members/me',
        'POST /api/events',
      ]),
    );
  });

  it(
    `answers no generated request with a 5xx, and a refused one changes nothing (seed ${SEED})`,
    async () => {
      console.log(
        `fuzz: seed ${SEED}, up to ${RUNS} requests or ${BUDGET_MS / 1000} s (FUZZ_SEED=${SEED} replays)`,
      );
      const started = Date.now();
      let sent = 0;
      const statuses = new Map<number, number>();
      let lastCheck = 0;
      // Requests go in small batches, sent together (the server answers them concurrently,
      // as it would real clients); the fingerprint is compared around each batch that was
      // refused as a whole.
      const refused = (a: Answer) => a.status === CLOSED || a.status >= 400;
      const sendAll = (batch: FuzzRequest[]) =>
        Promise.all(
          batch.map(async (r) => {
            const token = r.as === 'anonymous' ? null : sessions[r.as].token;
            try {
              return await send(t.url, r, token);
            } catch (err) {
              // A refused upload is answered and its connection closed before the body is
              // read (so a client cannot keep sending): a refusal, as the database shows.
              if (isUpload(r) && closedEarly(err)) return { status: CLOSED, text: '' };
              throw new Error(`no answer (${(err as Error).message})\n${describeRequest(r)}`, {
                cause: err,
              });
            }
          }),
        );
      const property = fc.asyncProperty(
        fc.array(requestArb(doc, ops, pools), { minLength: 1, maxLength: BATCH }),
        async (batch) => {
          if (sent >= RUNS) return;
          if (sent - lastCheck >= 250) {
            lastCheck = sent;
            await keepSignedIn();
          }
          sent += batch.length;
          const before = await fingerprint(t, fpSql);
          const answers = await sendAll(batch);
          answers.forEach((answer, i) => {
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            if (answer.status >= 500) {
              throw new Error(
                `${answer.status}: ${answer.text.slice(0, 500)}\n${describeRequest(batch[i])}`,
              );
            }
          });
          if (answers.every(refused)) {
            let moved = changed(before, await fingerprint(t, fpSql));
            if (moved.length > 0) {
              // Work an earlier accepted request started (an export, its mail) may have landed
              // meanwhile: send the batch again once things are quiet, and blame it only if the
              // database moves again.
              await new Promise((r) => setTimeout(r, 1000));
              const quiet = await fingerprint(t, fpSql);
              const again = await sendAll(batch);
              moved = again.every(refused) ? changed(quiet, await fingerprint(t, fpSql)) : [];
            }
            if (moved.length > 0) {
              throw new Error(
                `refused (${answers.map((a) => a.status).join(', ')}) but changed ${moved.join(', ')}:\n${batch.map(describeRequest).join('\n')}`,
              );
            }
          }
        },
      );
      await fc.assert(property, {
        // Ample runs: a run returns at once when the request count is reached.
        numRuns: RUNS,
        examples: fixedExamples(ops),
        seed: SEED,
        interruptAfterTimeLimit: BUDGET_MS,
        markInterruptAsFailure: false,
        endOnFailure: false,
      });
      console.log(
        `fuzz: ${sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
      expect(sent).toBeGreaterThan(0);
      if (process.env.FUZZ_REQUIRE_ALL) expect(sent).toBeGreaterThanOrEqual(RUNS);
    },
    BUDGET_MS + 300_000,
  );
});
