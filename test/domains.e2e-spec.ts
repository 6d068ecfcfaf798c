import type { AutoApproveDomain } from '@contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { buildApplication, login, signedInAs, type Session } from '@testing/factories';
import { connected, connectSocket, type TestSocket } from '@testing/realtime';
import { mailedLink } from '@testing/mail-links';
import { startSmtpSink, type SmtpSink } from '@testing/smtp';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * Auto-approved email domains: applicants from a listed domain are members at once, told to
 * the members live and by email, audited; look-alike domains wait for an admin as before.
 */

const REGISTER = '/api/auth/register';
const DOMAINS = '/api/admin/domains';

const tag = () => randomUUID().slice(0, 8);

describe('auto-approved email domains', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: Session;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL: 'http://ocvrn.test' } });
    admin = await signedInAs(t.db, t.url, 'admin');
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const asAdmin = (req: request.Test) => req.auth(admin.token, { type: 'bearer' });
  const open = async (token: string) => {
    const s = connectSocket(t.url, token);
    sockets.push(s);
    await connected(s);
    return s;
  };

  async function add(pattern: string): Promise<AutoApproveDomain> {
    const res = await asAdmin(request(t.url).post(DOMAINS)).send({ pattern });
    if (res.status !== 201) throw new Error(`add: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function register(email: string): Promise<{ id: string; status: string }> {
    const res = await request(t.url).post(REGISTER).send(buildApplication({ email }));
    if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Follows the link mailed to `email`: the address is proved. */
  async function verify(email: string): Promise<{ status: string; emailVerified: boolean }> {
    const { token } = await mailedLink(t.db, email, '/verify-email', { sink: smtp });
    const res = await request(t.url).post('/api/auth/verify-email').send({ token });
    if (res.status !== 200) throw new Error(`verify: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Applies and proves the address, as an applicant who follows the link does. */
  async function registerVerified(email: string): Promise<{ status: string }> {
    await register(email);
    return verify(email);
  }

  async function audit(action: string) {
    const res = await asAdmin(request(t.url).get('/api/admin/audit'))
      .query({ action, limit: '100' })
      .expect(200);
    return res.body.items as Array<{
      actorId: string | null;
      targetId: string;
      detail: Record<string, unknown>;
    }>;
  }

  async function snapshot() {
    const digest = (table: string) =>
      `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM ${table} x)`;
    const { rows } = await t.db.query(
      `SELECT (SELECT count(*) FROM auto_approve_domains)::int AS domains,
              ${digest('auto_approve_domains')} AS domain_rows,
              (SELECT count(*) FROM users)::int AS users,
              (SELECT count(*) FROM audit_log)::int AS audit_log,
              (SELECT count(*) FROM notifications)::int AS notifications,
              (SELECT count(*) FROM mail_outbox)::int AS mail_outbox`,
    );
    return rows[0] as Record<string, number | string>;
  }

  it('*.police.uk: a subdomain applicant is approved once the address is proved, live to members, by email, audited', async () => {
    const domain = await add('*.police.uk');
    expect(domain).toEqual({
      id: expect.any(String),
      pattern: '*.police.uk',
      createdAt: expect.any(String),
      createdBy: { id: admin.user.id, name: admin.user.name },
    });
    const listed = await asAdmin(request(t.url).get(DOMAINS)).expect(200);
    expect(listed.body).toEqual({ items: expect.arrayContaining([domain]) });
    expect((await audit('domain.added')).find((a) => a.targetId === domain.id)).toMatchObject({
      actorId: admin.user.id,
      detail: { pattern: '*.police.uk' },
    });

    // An existing member's socket hears of the new member; the admins' queue does not.
    const member = await signedInAs(t.db, t.url, 'member');
    const memberSocket = await open(member.token);
    const adminSocket = await open(admin.token);

    const email = `x-${tag()}@met.police.uk`;
    const reg = await register(email);
    // Anyone can type a police address: nothing is approved before the link is followed,
    // and meanwhile the account sees no member's details.
    expect(reg).toEqual({ id: expect.any(String), status: 'pending', emailVerified: false });
    const unproved = await login(t.url, email);
    expect(unproved.user).toMatchObject({ status: 'pending', emailVerified: false });
    await request(t.url)
      .get('/api/members')
      .auth(unproved.accessToken, { type: 'bearer' })
      .expect(403);
    expect(await verify(email)).toEqual({ emailVerified: true, status: 'approved', email });
    await request(t.url)
      .get('/api/members')
      .auth(unproved.accessToken, { type: 'bearer' })
      .expect(200);
    const live = await memberSocket.waitFor(
      (e) => e.type === 'member.approved' && (e.data as { userId: string }).userId === reg.id,
    );
    expect(live.data).toMatchObject({ userId: reg.id, organisation: 'University of Leeds' });
    await adminSocket.waitFor(
      (e) => e.type === 'member.approved' && (e.data as { userId: string }).userId === reg.id,
    );
    expect(
      adminSocket.events.filter(
        (e) =>
          e.type === 'member.application.created' &&
          (e.data as { application: { id: string } }).application.id === reg.id,
      ),
    ).toEqual([]);

    // Approved like an admin's approval, but by nobody.
    const { rows } = await t.db.query(
      `SELECT status, roles, decided_at, decided_by FROM users WHERE id = $1`,
      [reg.id],
    );
    expect(rows[0]).toMatchObject({ status: 'approved', roles: ['member'], decided_by: null });
    expect(rows[0].decided_at).toBeInstanceOf(Date);
    const session = await login(t.url, email);
    expect(session.user).toMatchObject({ status: 'approved', roles: ['member'] });
    const mail = await smtp.waitFor((m) => m.to.includes(email) && /approved/.test(m.subject));
    expect(mail.subject).toContain('approved');

    const entries = (await audit('application.auto_approved')).filter((a) => a.targetId === reg.id);
    expect(entries).toEqual([
      expect.objectContaining({ actorId: null, detail: { pattern: '*.police.uk', email } }),
    ]);

    // Deeper subdomains match too; look-alikes and police.uk itself do not.
    expect((await registerVerified(`y-${tag()}@a.b.police.uk`)).status).toBe('approved');
    for (const other of [
      `x-${tag()}@police.uk.evil.com`,
      `x-${tag()}@notpolice.uk`,
      `x-${tag()}@police.uk`,
    ]) {
      expect({ other, status: (await registerVerified(other)).status }).toEqual({
        other,
        status: 'pending',
      });
    }
  });

  it('look-alikes and the wildcard’s own domain stay pending, and reach the admins’ queue', async () => {
    await add('*.constabulary.example');
    const adminSocket = await open(admin.token);
    for (const email of [
      `x-${tag()}@constabulary.example`,
      `x-${tag()}@constabulary.example.evil.com`,
      `x-${tag()}@notconstabulary.example`,
      `x-${tag()}@constabulary-example.org`,
    ]) {
      const reg = await register(email);
      expect({ email, status: reg.status }).toEqual({ email, status: 'pending' });
      await adminSocket.waitFor(
        (e) =>
          e.type === 'member.application.created' &&
          (e.data as { application: { id: string } }).application.id === reg.id,
      );
    }
  });

  it('an exact domain matches itself only', async () => {
    const domain = `force-${tag()}.example.org`;
    await add(domain);
    expect((await registerVerified(`a-${tag()}@${domain}`)).status).toBe('approved');
    expect((await registerVerified(`a-${tag()}@SUB.${domain.toUpperCase()}`)).status).toBe(
      'pending',
    );
  });

  it('removing the domain stops it; removing twice is a 404', async () => {
    const base = `county-${tag()}.example.org`;
    const domain = await add(`*.${base}`);
    expect((await registerVerified(`a-${tag()}@hq.${base}`)).status).toBe('approved');
    await asAdmin(request(t.url).delete(`${DOMAINS}/${domain.id}`)).expect(204);
    expect((await audit('domain.removed')).find((a) => a.targetId === domain.id)).toMatchObject({
      actorId: admin.user.id,
      detail: { pattern: `*.${base}` },
    });
    const listed = await asAdmin(request(t.url).get(DOMAINS)).expect(200);
    expect(listed.body.items.map((d: AutoApproveDomain) => d.id)).not.toContain(domain.id);
    expect((await registerVerified(`b-${tag()}@hq.${base}`)).status).toBe('pending');
    const before = await snapshot();
    const again = await asAdmin(request(t.url).delete(`${DOMAINS}/${domain.id}`));
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('DOMAIN_NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  it('a pattern already there is a 409 naming pattern, however it is spelt', async () => {
    const pattern = `*.dup-${tag()}.example.org`;
    await add(pattern);
    const before = await snapshot();
    for (const spelt of [pattern, ` ${pattern.toUpperCase()} `]) {
      const res = await asAdmin(request(t.url).post(DOMAINS)).send({ pattern: spelt });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('DOMAIN_EXISTS');
      expect(res.body.errors).toEqual([{ field: 'pattern', message: expect.any(String) }]);
    }
    expect(await snapshot()).toEqual(before);
  });

  describe('bad input: a 4xx problem naming the field, and nothing changed', () => {
    let member: Session;
    let applicant: Session;
    beforeAll(async () => {
      member = await signedInAs(t.db, t.url, 'member');
      applicant = await signedInAs(t.db, t.url, 'applicant');
    });

    const BAD_PATTERNS: Array<[string, unknown]> = [
      ['a bare *', '*'],
      ['a wildcard over one label', '*.uk'],
      ['one label', 'uk'],
      ['an empty label', 'foo..bar'],
      ['markup', '<b>'],
      ['300 characters', `${'a'.repeat(296)}.org`],
      ['a 64-character label', `${'a'.repeat(64)}.org`],
      ['two wildcards', '*.*.police.uk'],
      ['a wildcard in the middle', 'police.*.uk'],
      ['a wildcard without its dot', '*police.uk'],
      ['a leading dot', '.police.uk'],
      ['a trailing dot', 'police.uk.'],
      ['a space', 'police .uk'],
      ['non-ASCII (not in xn-- form)', 'bücher.de'],
      ['an IP address', '127.0.0.1'],
      ['an email address', 'x@police.uk'],
      ['a URL', 'https://police.uk'],
      ['SQL', "x.org' OR '1'='1"],
      ['an empty string', ''],
      ['blank', '   '],
      ['a number', 5],
      ['null', null],
      ['an array', ['police.uk']],
    ];

    test.each(BAD_PATTERNS)('pattern: %s → 400 naming pattern', async (_what, pattern) => {
      const before = await snapshot();
      const res = await asAdmin(request(t.url).post(DOMAINS)).send({ pattern });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['pattern']);
      expect(await snapshot()).toEqual(before);
    });

    it.each([
      ['no pattern', {}, ['pattern']],
      ['an unknown field', { pattern: 'ok.example.org', approveAll: true }, ['approveAll']],
    ])('%s → 400', async (_what, body, fields) => {
      const before = await snapshot();
      const res = await asAdmin(request(t.url).post(DOMAINS)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(fields);
      expect(await snapshot()).toEqual(before);
    });

    it.each([
      ['malformed JSON', '{"pattern":'],
      ['prototype pollution', '{"pattern":"ok.example.org","__proto__":{"admin":true}}'],
      ['JSON nested 10,000 deep', `{"pattern":${'['.repeat(10_000)}${']'.repeat(10_000)}}`],
    ])('%s → 400', async (_what, raw) => {
      const before = await snapshot();
      const res = await asAdmin(request(t.url).post(DOMAINS))
        .set('content-type', 'application/json')
        .send(raw);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await snapshot()).toEqual(before);
    });

    it.each(['abc', "1' OR '1'='1", `${randomUUID()}0`])(
      'remove: a non-UUID :id (%s) → 400 naming id',
      async (id) => {
        const before = await snapshot();
        const res = await asAdmin(request(t.url).delete(`${DOMAINS}/${encodeURIComponent(id)}`));
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([{ field: 'id', message: expect.any(String) }]);
        expect(await snapshot()).toEqual(before);
      },
    );

    it('non-admins are refused (403, anonymous 401), and nothing changes', async () => {
      const domain = await add(`kept-${tag()}.example.org`);
      const before = await snapshot();
      for (const [who, token, status] of [
        ['member', member.token, 403],
        ['applicant', applicant.token, 403],
        ['anonymous', null, 401],
      ] as const) {
        const calls = [
          request(t.url).get(DOMAINS),
          request(t.url)
            .post(DOMAINS)
            .send({ pattern: `*.${who}-${tag()}.example.org` }),
          request(t.url).delete(`${DOMAINS}/${domain.id}`),
        ];
        for (const call of calls) {
          const res = await (token ? call.auth(token, { type: 'bearer' }) : call);
          expect(`${who} ${res.status}`).toBe(`${who} ${status}`);
        }
      }
      expect(await snapshot()).toEqual(before);
    });
  });
});
