import type { Invitation, RealtimeEnvelope } from '@contracts';
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { buildApplication, createUser, login, signedInAs, type Session } from '@testing/factories';
import { connected, connectSocket, type TestSocket } from '@testing/realtime';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '@testing/smtp';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * Invitations: an admin invites addresses by email; the link's token registers an approved
 * member at once, exactly once; expired, revoked and foreign tokens let nobody in.
 */

const REGISTER = '/api/auth/register';
const INVITATIONS = '/api/admin/invitations';
const PUBLIC_URL = 'http://ocvrn.test';

/** Undoes quoted-printable (soft breaks, =XX), enough to read a link out of a raw message. */
function decodeQuotedPrintable(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function tokenOf(mail: ReceivedMail): string {
  const found = /\/join\?invitation=([A-Za-z0-9_-]{43})/.exec(decodeQuotedPrintable(mail.raw));
  if (!found) throw new Error(`no invitation link in:\n${mail.raw}`);
  return found[1];
}

const uniqueEmail = (what = 'invitee') => `${what}-${randomUUID().slice(0, 8)}@invited.example.org`;

describe('invitations', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: Session;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL } });
    admin = await signedInAs(t.db, t.url, 'admin');
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const asAdmin = (req: request.Test) => req.auth(admin.token, { type: 'bearer' });

  async function invite(
    emails: string[],
    extra: Record<string, unknown> = {},
  ): Promise<{ items: Invitation[]; skipped: { email: string; reason: string }[] }> {
    const res = await asAdmin(request(t.url).post(INVITATIONS)).send({ emails, ...extra });
    if (res.status !== 201) throw new Error(`invite: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Invites one address and returns the invitation and the token from its email. */
  async function invited(email = uniqueEmail(), extra: Record<string, unknown> = {}) {
    const { items } = await invite([email], extra);
    const mail = await smtp.waitFor((m) => m.to.includes(email) && /invited/.test(m.subject));
    return { invitation: items[0], token: tokenOf(mail), mail };
  }

  /** Row counts and digests of everything a registration or an admin action could touch. */
  async function snapshot() {
    const digest = (table: string) =>
      `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM ${table} x)`;
    const { rows } = await t.db.query(
      `SELECT (SELECT count(*) FROM users)::int AS users, ${digest('users')} AS users_rows,
              (SELECT count(*) FROM invitations)::int AS invitations,
              ${digest('invitations')} AS invitation_rows,
              (SELECT count(*) FROM audit_log)::int AS audit_log,
              (SELECT count(*) FROM notifications)::int AS notifications,
              (SELECT count(*) FROM mail_outbox)::int AS mail_outbox,
              (SELECT count(*) FROM sessions)::int AS sessions`,
    );
    return rows[0] as Record<string, number | string>;
  }

  async function invitationRow(id: string) {
    const { rows } = await t.db.query(`SELECT * FROM invitations WHERE id = $1`, [id]);
    return rows[0] as Record<string, unknown>;
  }

  async function listed(status?: string): Promise<Invitation[]> {
    const res = await asAdmin(request(t.url).get(INVITATIONS))
      .query({ limit: '100', ...(status ? { status } : {}) })
      .expect(200);
    return res.body.items;
  }

  function expectInvitationRefused(res: request.Response) {
    if (res.status !== 400) {
      throw new Error(`expected 400, got ${res.status} ${JSON.stringify(res.body)}`);
    }
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('INVITATION_INVALID');
    expect(res.body.errors).toEqual([{ field: 'invitation', message: expect.any(String) }]);
  }

  async function auditOf(action: string, targetId: string) {
    const res = await asAdmin(request(t.url).get('/api/admin/audit'))
      .query({ action, limit: '100' })
      .expect(200);
    return (res.body.items as Array<{ targetId: string }>).filter((a) => a.targetId === targetId);
  }

  it('invite → email with a link → the token registers an approved member → accepted, audited; the token works once', async () => {
    const email = uniqueEmail();
    const message = 'Dear colleague, do join us <b>soon</b>.\nSecond line & more.';
    const res = await asAdmin(request(t.url).post(INVITATIONS))
      .send({ emails: [` ${email.toUpperCase()} `], message })
      .expect(201);
    expect(res.body).toEqual({
      items: [
        {
          id: expect.any(String),
          email,
          status: 'pending',
          invitedBy: { id: admin.user.id, name: admin.user.name },
          createdAt: expect.any(String),
          expiresAt: expect.any(String),
          acceptedAt: null,
          revokedAt: null,
        },
      ],
      skipped: [],
    });
    const invitation = res.body.items[0] as Invitation;
    // Default lifetime: 14 days.
    const days = (Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt)) / 86_400_000;
    expect(days).toBeCloseTo(14, 3);

    // The email: the admin's message (escaped in the HTML part) and the link with the token.
    const mail = await smtp.waitFor((m) => m.to.includes(email) && /invited/.test(m.subject));
    const body = decodeQuotedPrintable(mail.raw);
    expect(body).toContain('Dear colleague, do join us <b>soon</b>.');
    expect(body).toContain('&#60;b&#62;soon&#60;/b&#62;');
    expect(body).not.toContain('<b>soon</b>.</');
    const token = tokenOf(mail);
    expect(body).toContain(`${PUBLIC_URL}/join?invitation=${token}`);

    // Only the SHA-256 of the token is stored; the API never returns either.
    const row = await invitationRow(invitation.id);
    expect(row.token_hash).toEqual(createHash('sha256').update(token).digest());
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(await listed())).not.toMatch(/token/i);

    // The public lookup shows the address and the expiry, nothing else.
    const lookup = await request(t.url).get(`/api/invitations/${token}`).expect(200);
    expect(lookup.body).toEqual({ email, expiresAt: invitation.expiresAt });

    // Registering with the token (no statement needed): approved at once.
    const form = buildApplication({ email, invitation: token });
    delete (form as { statement?: string }).statement;
    const reg = await request(t.url).post(REGISTER).send(form).expect(201);
    // The invitation went to this address, so it proves it.
    expect(reg.body).toEqual({ id: expect.any(String), status: 'approved', emailVerified: true });
    const userId = reg.body.id as string;
    const { rows: users } = await t.db.query(
      `SELECT status, roles, decided_at, decided_by, statement FROM users WHERE id = $1`,
      [userId],
    );
    expect(users[0]).toMatchObject({
      status: 'approved',
      roles: ['member'],
      decided_by: null,
      statement: '',
    });
    expect(users[0].decided_at).toBeInstanceOf(Date);

    // A member at once: signs in as one, joins the members room, may use member routes.
    const member = await login(t.url, email);
    expect(member.user).toMatchObject({ status: 'approved', roles: ['member'] });
    if (t.routes.some((r) => r.method === 'GET' && r.url === '/api/members')) {
      await request(t.url)
        .get('/api/members')
        .auth(member.accessToken, { type: 'bearer' })
        .expect(200);
    }
    const socket = connectSocket(t.url, member.accessToken);
    sockets.push(socket);
    await connected(socket);
    const other = buildApplication();
    const otherReg = await request(t.url).post(REGISTER).send(other).expect(201);
    await asAdmin(
      request(t.url).post(`/api/admin/applications/${otherReg.body.id}/approve`),
    ).expect(200);
    await socket.waitFor(
      (e) =>
        e.type === 'member.approved' && (e.data as { userId: string }).userId === otherReg.body.id,
    );

    // Approved in the same transaction: member.approved to the user and the members, the
    // approval email; and no member.application.created for admins.
    const { rows: events } = await t.db.query(
      `SELECT type, rooms FROM notifications WHERE data->>'userId' = $1 OR data->'application'->>'id' = $1`,
      [userId],
    );
    expect(events).toEqual([{ type: 'member.approved', rooms: [`user:${userId}`, 'members'] }]);
    const approvedMail = await smtp.waitFor(
      (m) => m.to.includes(email) && /approved/.test(m.subject),
    );
    expect(approvedMail.raw).toContain(`${PUBLIC_URL}/sign-in`);

    // The invitation shows accepted.
    const accepted = (await listed('accepted')).find((i) => i.id === invitation.id);
    expect(accepted).toMatchObject({ status: 'accepted', acceptedAt: expect.any(String) });
    expect((await listed('pending')).map((i) => i.id)).not.toContain(invitation.id);
    expect(await invitationRow(invitation.id)).toMatchObject({ accepted_user_id: userId });

    // Audited: created by the admin, accepted by the new member.
    expect(await auditOf('invitation.created', invitation.id)).toEqual([
      expect.objectContaining({
        actorId: admin.user.id,
        detail: expect.objectContaining({ email }),
      }),
    ]);
    expect(await auditOf('invitation.accepted', invitation.id)).toEqual([
      expect.objectContaining({
        actorId: userId,
        detail: expect.objectContaining({ userId, email }),
      }),
    ]);

    // The same token again: 400 naming `invitation`, nothing created; the lookup is a 404.
    const before = await snapshot();
    for (const again of [
      buildApplication({ email, invitation: token }),
      buildApplication({ invitation: token }),
    ]) {
      expectInvitationRefused(await request(t.url).post(REGISTER).send(again));
    }
    expect(await snapshot()).toEqual(before);
    const gone = await request(t.url).get(`/api/invitations/${token}`).expect(404);
    expect(gone.body.code).toBe('INVITATION_NOT_FOUND');
  });

  it('an expired token: 400 on register and 404 on lookup; inviting again supersedes it', async () => {
    const email = uniqueEmail();
    const { invitation, token } = await invited(email, { expiresInDays: 3 });
    expect(
      (Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt)) / 86_400_000,
    ).toBeCloseTo(3, 3);
    await t.db.query(
      `UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`,
      [invitation.id],
    );
    const before = await snapshot();
    await request(t.url).get(`/api/invitations/${token}`).expect(404);
    expectInvitationRefused(
      await request(t.url)
        .post(REGISTER)
        .send(buildApplication({ email, invitation: token })),
    );
    expect(await snapshot()).toEqual(before);
    expect((await listed('expired')).map((i) => i.id)).toContain(invitation.id);
    expect((await listed('pending')).map((i) => i.id)).not.toContain(invitation.id);

    // Invited again: a new invitation; the expired one is marked revoked (superseded).
    const { items, skipped } = await invite([email]);
    expect(skipped).toEqual([]);
    expect(items[0]).toMatchObject({ email, status: 'pending' });
    expect(await invitationRow(invitation.id)).toMatchObject({ revoked_at: expect.any(Date) });
    expect(await auditOf('invitation.created', items[0].id)).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ supersedes: invitation.id }) }),
    ]);
  });

  it('a revoked token: 400 on register and 404 on lookup; revoking is audited, twice is a no-op', async () => {
    const email = uniqueEmail();
    const { invitation, token } = await invited(email);
    await asAdmin(request(t.url).delete(`${INVITATIONS}/${invitation.id}`)).expect(204);
    expect(await auditOf('invitation.revoked', invitation.id)).toEqual([
      expect.objectContaining({ actorId: admin.user.id, detail: { email } }),
    ]);
    const before = await snapshot();
    await asAdmin(request(t.url).delete(`${INVITATIONS}/${invitation.id}`)).expect(204);
    await request(t.url).get(`/api/invitations/${token}`).expect(404);
    expectInvitationRefused(
      await request(t.url)
        .post(REGISTER)
        .send(buildApplication({ email, invitation: token })),
    );
    expect(await snapshot()).toEqual(before);
    expect((await listed('revoked')).find((i) => i.id === invitation.id)).toMatchObject({
      status: 'revoked',
      revokedAt: expect.any(String),
    });
  });

  it('a different email: 400 naming invitation, nothing created; the invitation still works for its own address', async () => {
    const email = uniqueEmail();
    const { token } = await invited(email);
    const before = await snapshot();
    expectInvitationRefused(
      await request(t.url)
        .post(REGISTER)
        .send(buildApplication({ email: uniqueEmail('someone-else'), invitation: token })),
    );
    expect(await snapshot()).toEqual(before);
    // The address is compared case-insensitively.
    const reg = await request(t.url)
      .post(REGISTER)
      .send(buildApplication({ email: email.toUpperCase(), invitation: token }))
      .expect(201);
    expect(reg.body.status).toBe('approved');
  });

  it('20 parallel registrations with one token: exactly one account', async () => {
    const email = uniqueEmail();
    const { invitation, token } = await invited(email);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        request(t.url)
          .post(REGISTER)
          .send(buildApplication({ email, invitation: token, name: `Racer ${n}` })),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(19).fill(400)]);
    for (const r of results.filter((x) => x.status === 400)) expectInvitationRefused(r);
    const winner = results.find((r) => r.status === 201)!;
    const { rows } = await t.db.query(`SELECT id FROM users WHERE email = $1`, [email]);
    expect(rows).toEqual([{ id: winner.body.id }]);
    expect(await invitationRow(invitation.id)).toMatchObject({ accepted_user_id: winner.body.id });
    expect(await auditOf('invitation.accepted', invitation.id)).toHaveLength(1);
  });

  it('revoking an accepted invitation is a 409 and changes nothing; an unknown id is a 404', async () => {
    const email = uniqueEmail();
    const { invitation, token } = await invited(email);
    await request(t.url)
      .post(REGISTER)
      .send(buildApplication({ email, invitation: token }))
      .expect(201);
    const before = await snapshot();
    const res = await asAdmin(request(t.url).delete(`${INVITATIONS}/${invitation.id}`));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('INVITATION_ACCEPTED');
    const missing = await asAdmin(request(t.url).delete(`${INVITATIONS}/${randomUUID()}`));
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('INVITATION_NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  it('skips addresses with an account or an open invitation; de-duplicates and case-folds', async () => {
    const member = await createUser(t.db);
    const applicant = await createUser(t.db, { status: 'pending' });
    const open = uniqueEmail('open');
    await invited(open);
    const fresh = uniqueEmail('fresh');
    const mailsBefore = smtp.messages.length;
    const res = await invite([
      member.email.toUpperCase(),
      open,
      ` ${fresh.toUpperCase()} `,
      fresh,
      applicant.email,
    ]);
    expect(res.items.map((i) => i.email)).toEqual([fresh]);
    expect(res.skipped).toEqual([
      { email: member.email, reason: 'already a member' },
      { email: open, reason: 'already invited' },
      { email: applicant.email, reason: 'already a member' },
    ]);
    await smtp.waitFor((m) => m.to.includes(fresh));
    await new Promise((r) => setTimeout(r, 300));
    const sent = smtp.messages.slice(mailsBefore);
    expect(sent.map((m) => m.to).flat()).toEqual([fresh]);
    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n FROM invitations WHERE email = $1`,
      [open],
    );
    expect(rows[0].n).toBe(1);
  });

  it('two admins inviting one address at once make one open invitation', async () => {
    const email = uniqueEmail('raced');
    const second = await signedInAs(t.db, t.url, 'admin');
    const results = await Promise.all(
      [admin, second, admin, second].map((s) =>
        request(t.url)
          .post(INVITATIONS)
          .auth(s.token, { type: 'bearer' })
          .send({ emails: [email] }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(results.flatMap((r) => r.body.items as Invitation[])).toHaveLength(1);
    expect(results.flatMap((r) => r.body.skipped as unknown[])).toHaveLength(3);
    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n FROM invitations WHERE email = $1`,
      [email],
    );
    expect(rows[0].n).toBe(1);
  });

  it('lists newest first, page by page, and filters by status', async () => {
    const emails = [uniqueEmail('page'), uniqueEmail('page'), uniqueEmail('page')];
    for (const e of emails) await invite([e]);
    const seen: Invitation[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await asAdmin(request(t.url).get(INVITATIONS))
        .query({ limit: '2', ...(cursor ? { cursor } : {}) })
        .expect(200);
      seen.push(...(res.body.items as Invitation[]));
      cursor = res.body.nextCursor as string | null;
    } while (cursor && seen.length < 500);
    const ids = seen.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    const ours = seen.filter((i) => emails.includes(i.email)).map((i) => i.email);
    expect(ours).toEqual([...emails].reverse());
    const total = (await t.db.query(`SELECT count(*)::int AS n FROM invitations`)).rows[0].n;
    expect(seen).toHaveLength(total);
    const statuses = new Set((await listed('pending')).map((i) => i.status));
    expect([...statuses]).toEqual(['pending']);
  });

  describe('bad input: a 4xx problem naming the field, and nothing changed', () => {
    let member: Session;
    beforeAll(async () => {
      member = await signedInAs(t.db, t.url, 'member');
    });

    interface Case {
      name: string;
      method: 'get' | 'post' | 'delete';
      path: string;
      as: 'admin' | 'member' | 'anonymous';
      body?: unknown;
      raw?: string;
      status: number;
      fields?: string[];
      code?: string;
    }
    const post = (name: string, body: unknown, fields: string[]): Case => ({
      name: `invite: ${name}`,
      method: 'post',
      path: INVITATIONS,
      as: 'admin',
      body,
      status: 400,
      fields,
      code: 'VALIDATION_FAILED',
    });
    const ok = ['a@invited.example.org'];
    const reg = (name: string, extra: Record<string, unknown>, fields: string[]): Case => ({
      name: `register: ${name}`,
      method: 'post',
      path: REGISTER,
      as: 'anonymous',
      body: { ...buildApplication(), ...extra },
      status: 400,
      fields,
    });
    const list = (query: string, fields: string[]): Case => ({
      name: `list: ?${query}`,
      method: 'get',
      path: `${INVITATIONS}?${query}`,
      as: 'admin',
      status: 400,
      fields,
      code: 'VALIDATION_FAILED',
    });
    const CASES: Case[] = [
      post('an empty object', {}, ['emails']),
      post('no addresses', { emails: [] }, ['emails']),
      post('emails as a string', { emails: 'a@invited.example.org' }, ['emails']),
      post('emails of the wrong type', { emails: [5, null] }, ['emails']),
      post('an address that is not one', { emails: ['a@invited.example.org', 'nope'] }, ['emails']),
      post('an address with a display name', { emails: ['Ada <ada@example.org>'] }, ['emails']),
      post('a 300-character address', { emails: [`${'a'.repeat(288)}@example.org`] }, ['emails']),
      post(
        '201 addresses',
        { emails: Array.from({ length: 201 }, (_, n) => `a${n}@invited.example.org`) },
        ['emails'],
      ),
      post('a 2,001-character message', { emails: ok, message: 'x'.repeat(2001) }, ['message']),
      post('a NUL in the message', { emails: ok, message: 'a\u0000b' }, ['message']),
      post('a message of the wrong type', { emails: ok, message: 5 }, ['message']),
      post('expiresInDays 0', { emails: ok, expiresInDays: 0 }, ['expiresInDays']),
      post('expiresInDays 91', { emails: ok, expiresInDays: 91 }, ['expiresInDays']),
      post('expiresInDays 1.5', { emails: ok, expiresInDays: 1.5 }, ['expiresInDays']),
      post('expiresInDays as a string', { emails: ok, expiresInDays: '7' }, ['expiresInDays']),
      post('an unknown field', { emails: ok, token: 'mine' }, ['token']),
      {
        name: 'invite: malformed JSON',
        method: 'post',
        path: INVITATIONS,
        as: 'admin',
        raw: '{"emails":',
        status: 400,
        code: 'MALFORMED_REQUEST',
      },
      {
        name: 'invite: prototype pollution',
        method: 'post',
        path: INVITATIONS,
        as: 'admin',
        raw: '{"emails":["a@invited.example.org"],"__proto__":{"admin":true}}',
        status: 400,
      },
      {
        name: 'invite: as a member',
        method: 'post',
        path: INVITATIONS,
        as: 'member',
        body: { emails: ok },
        status: 403,
        code: 'FORBIDDEN',
      },
      {
        name: 'invite: anonymous',
        method: 'post',
        path: INVITATIONS,
        as: 'anonymous',
        body: { emails: ok },
        status: 401,
      },
      list('status=bogus', ['status']),
      list('status=pending%27%20OR%20%271%27%3D%271', ['status']),
      list('limit=0', ['limit']),
      list('limit=101', ['limit']),
      list('cursor=garbage', ['cursor']),
      list(`cursor=${Buffer.from('["x","y"]').toString('base64url')}`, ['cursor']),
      list('unknown=1', ['unknown']),
      ...['abc', "1' OR '1'='1", `${randomUUID()}0`].map((id): Case => ({
        name: `revoke: a non-UUID :id (${id})`,
        method: 'delete',
        path: `${INVITATIONS}/${encodeURIComponent(id)}`,
        as: 'admin',
        status: 400,
        fields: ['id'],
        code: 'VALIDATION_FAILED',
      })),
      ...['abc', 'x'.repeat(43), "' OR '1'='1", 'A'.repeat(500)].map((token): Case => ({
        name: `lookup: a token that is not one (${token.slice(0, 20)})`,
        method: 'get',
        path: `/api/invitations/${encodeURIComponent(token)}`,
        as: 'anonymous',
        status: 404,
        // Past fastify's 100-character parameter limit no route matches: a plain 404.
        code: token.length <= 100 ? 'INVITATION_NOT_FOUND' : undefined,
      })),
      reg('an invitation of the wrong type', { invitation: 5 }, ['invitation']),
      reg('an empty invitation', { invitation: '' }, ['invitation']),
      reg('a 201-character invitation', { invitation: 'x'.repeat(201) }, ['invitation']),
      reg('an invitation and a blank statement', { invitation: 'x'.repeat(43), statement: ' ' }, [
        'statement',
      ]),
      {
        ...reg('an invitation token that does not exist', { invitation: 'x'.repeat(43) }, [
          'invitation',
        ]),
        code: 'INVITATION_INVALID',
      },
      {
        ...reg('an invitation token of the wrong shape', { invitation: "' OR 1=1--" }, [
          'invitation',
        ]),
        code: 'INVITATION_INVALID',
      },
      reg('no statement and no invitation', { statement: undefined }, ['statement']),
      reg('no statement and a null invitation', { statement: undefined, invitation: null }, [
        'statement',
      ]),
    ];

    test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const before = await snapshot();
      let req = request(t.url)[c.method](c.path);
      if (c.as !== 'anonymous') {
        req = req.auth((c.as === 'admin' ? admin : member).token, { type: 'bearer' });
      }
      if (c.raw !== undefined) req = req.set('content-type', 'application/json').send(c.raw);
      else if (c.body !== undefined) req = req.send(c.body as object);
      const res = await req;
      if (res.status !== c.status) {
        throw new Error(`expected ${c.status}, got ${res.status} ${JSON.stringify(res.body)}`);
      }
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      if (c.code) expect(res.body.code).toBe(c.code);
      if (c.fields) {
        const named = [...new Set((res.body.errors ?? []).map((e: { field: string }) => e.field))];
        expect(named.sort()).toEqual([...c.fields].sort());
      }
      expect(await snapshot()).toEqual(before);
    });

    it('names the addresses that are not email addresses', async () => {
      const res = await asAdmin(request(t.url).post(INVITATIONS))
        .send({ emails: ['good@invited.example.org', 'first-bad', 'second bad@x.org'] })
        .expect(400);
      expect(res.body.errors[0].message).toContain('"first-bad"');
      expect(res.body.errors[0].message).toContain('"second bad@x.org"');
    });
  });

  it('events of an invitation registration are only member.approved (no admin queue event)', async () => {
    const adminSocket = connectSocket(t.url, admin.token);
    sockets.push(adminSocket);
    await connected(adminSocket);
    const email = uniqueEmail();
    const { token } = await invited(email);
    const reg = await request(t.url)
      .post(REGISTER)
      .send(buildApplication({ email, invitation: token }))
      .expect(201);
    // Admins are members too: the approval reaches them; the application queue hears nothing.
    await adminSocket.waitFor(
      (e) => e.type === 'member.approved' && (e.data as { userId: string }).userId === reg.body.id,
    );
    const queued = adminSocket.events.filter(
      (e: RealtimeEnvelope) =>
        e.type === 'member.application.created' &&
        (e.data as { application: { id: string } }).application.id === reg.body.id,
    );
    expect(queued).toEqual([]);
  });
});
