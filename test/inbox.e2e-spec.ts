import type {
  CannedReply,
  ContactReceipt,
  InboxPage,
  InboxThread,
  PresencePayload,
  RealtimeEnvelope,
  TrackedThread,
} from '@contracts';
import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import request from 'supertest';
import { signedInAs, type Session } from '@testing/factories';
import { makeElf, makePdf } from '@testing/files';
import { connected, connectSocket, type TestSocket } from '@testing/realtime';
import { startDnsServer, type DnsServer } from '@testing/dns';
import { startSmtpSink, type SmtpSink } from '@testing/smtp';
import { startTestApp, type TestApp } from '@testing/test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CONTACT = 'contact@ocvrn.test';
let counter = 0;
const unique = (label: string) => `${label}-${Date.now().toString(36)}-${++counter}`;

describe('contact point and shared inbox', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let dns: DnsServer;
  let mailPort: number;
  let officer: Session;
  let colleague: Session;
  let member: Session;
  const sockets: TestSocket[] = [];

  const as = (s: { token: string }) => ({ Authorization: `Bearer ${s.token}` });

  function contact(fields: Record<string, unknown>) {
    return request(t.url)
      .post('/api/contact')
      .send({
        name: 'Dana Reyes',
        email: `${unique('dana')}@example.org`,
        organisation: 'University of Leeds',
        category: 'research_findings',
        subject: 'Findings on county lines',
        message: 'We have new findings to share.',
        ...fields,
      });
  }

  /** Sends mail to the contact point's SMTP listener, as a mail client would. */
  async function mailIn(message: {
    from: string;
    subject: string;
    text: string;
    inReplyTo?: string;
  }): Promise<void> {
    const transport = createTransport({
      host: '127.0.0.1',
      port: mailPort,
      secure: false,
      ignoreTLS: true,
    });
    await transport.sendMail({ to: CONTACT, ...message });
    transport.close();
  }

  async function threadByReference(reference: string): Promise<InboxThread> {
    const page = (
      await request(t.url).get(`/api/inbox/threads?q=${reference}`).set(as(officer)).expect(200)
    ).body as InboxPage;
    expect(page.items).toHaveLength(1);
    return (
      await request(t.url)
        .get(`/api/inbox/threads/${page.items[0].id}`)
        .set(as(officer))
        .expect(200)
    ).body as InboxThread;
  }

  async function counts() {
    const { rows } = await t.db.query<{ threads: number; messages: number; mail: number }>(
      `SELECT (SELECT count(*)::int FROM inbox_threads) AS threads,
              (SELECT count(*)::int FROM inbox_messages) AS messages,
              (SELECT count(*)::int FROM mail_outbox) AS mail`,
    );
    return rows[0];
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    // Sender checks of mail in ask this server, which knows no domain.
    dns = await startDnsServer({});
    t = await startTestApp({
      env: {
        SMTP_URL: sink.url,
        PUBLIC_URL: 'http://ocvrn.test',
        CONTACT_ADDRESS: CONTACT,
        // Any free port, bound by the listener itself (read back from its log line).
        CONTACT_SMTP_PORT: '0',
        CONTACT_RATE_LIMIT: '3',
        CONTACT_IP_RATE_LIMIT: '1000',
        CONTACT_DNS_SERVERS: dns.address,
      },
    });
    mailPort = Number(/accepted on port (\d+)/.exec(t.output())?.[1]);
    expect(mailPort).toBeGreaterThan(0);
    officer = await signedInAs(t.db, t.url, 'contact_officer');
    colleague = await signedInAs(t.db, t.url, 'contact_officer');
    member = await signedInAs(t.db, t.url, 'member');
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await t.close();
    await sink.close();
    await dns.close();
  });

  it('goes the whole way by mail: write, acknowledgement, reply, a reply by mail into the thread', async () => {
    const socket = connectSocket(t.url, officer.token);
    sockets.push(socket);
    await connected(socket);
    const sender = `${unique('sender')}@example.org`;
    const res = await contact({ email: sender, subject: 'Sharing findings' }).expect(201);
    const receipt = res.body as ContactReceipt;
    expect(receipt.reference).toMatch(/^OCR-\d{4}-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(receipt.trackingUrl).toBe(
      `http://ocvrn.test/contact/track/${receipt.reference}?token=${receipt.trackingToken}`,
    );

    const ack = await sink.waitFor((m) => m.to.includes(sender));
    expect(ack.subject).toContain(`[${receipt.reference}]`);
    const ackParsed = await simpleParser(ack.raw);
    expect(ackParsed.text).toContain(receipt.trackingUrl);
    expect(ackParsed.replyTo?.text).toMatch(/contact\+[a-z0-9-]+@ocvrn\.test/);

    const created = await socket.waitFor(
      (e) =>
        e.type === 'inbox.thread.created' &&
        (e.data as { thread: { reference: string } }).thread.reference === receipt.reference,
    );
    const threadId = (created.data as { thread: { id: string } }).thread.id;

    await request(t.url)
      .post(`/api/inbox/threads/${threadId}/messages`)
      .set(as(officer))
      .send({ body: 'INTERNAL: check with the drugs team first', internal: true })
      .expect(201);
    await request(t.url)
      .post(`/api/inbox/threads/${threadId}/messages`)
      .set(as(officer))
      .send({ body: 'Thank you: could you send the dataset?' })
      .expect(201);
    const reply = await sink.waitFor(
      (m) => m.to.includes(sender) && m.subject.startsWith(`[${receipt.reference}] Re:`),
    );
    const replyParsed = await simpleParser(reply.raw);
    expect(replyParsed.text).toContain('could you send the dataset?');
    // The reply carries its own working tracking link.
    const replyLink = /http:\/\/ocvrn\.test(\/contact\/track\/\S+)/.exec(
      replyParsed.text ?? '',
    )![1];
    expect(replyLink).not.toContain(receipt.trackingToken);
    const viaReply = (
      await request(t.url).get(replyLink.replace('/contact/track/', '/api/contact/')).expect(200)
    ).body as TrackedThread;
    expect(viaReply.reference).toBe(receipt.reference);
    expect(replyParsed.inReplyTo).toBe(ackParsed.messageId);

    await mailIn({
      from: `Dana Reyes <${sender}>`,
      subject: `Re: ${reply.subject}`,
      text: `Here it is, attached separately.\n\nOn Monday the officer wrote:\n> Thank you: could you send the dataset?\n`,
      inReplyTo: replyParsed.messageId,
    });
    const thread = await (async () => {
      for (let i = 0; i < 100; i++) {
        const th = (await request(t.url).get(`/api/inbox/threads/${threadId}`).set(as(officer)))
          .body as InboxThread;
        if (th.messages.length === 4) return th;
        await sleep(100);
      }
      throw new Error('the mail did not join the thread');
    })();
    expect(thread.messages.map((m) => [m.from, m.internal, m.via])).toEqual([
      ['sender', false, 'web'],
      ['officer', true, 'web'],
      ['officer', false, 'web'],
      ['sender', false, 'email'],
    ]);
    expect(thread.messages[3].body).toBe('Here it is, attached separately.');
    expect(thread.status).toBe('open');
    expect(thread.firstResponseSeconds).not.toBeNull();

    const tracked = (
      await request(t.url)
        .get(`/api/contact/${receipt.reference}?token=${receipt.trackingToken}`)
        .expect(200)
    ).body as TrackedThread;
    expect(tracked.messages.map((m) => m.from)).toEqual(['sender', 'officer', 'sender']);
    expect(JSON.stringify(tracked)).not.toContain('INTERNAL');
    const toSender = sink.messages.filter((m) => m.to.includes(sender));
    expect(toSender.map((m) => m.raw).join('\n')).not.toContain('INTERNAL');
    expect(toSender).toHaveLength(2);
  });

  it('opens a new thread for mail without a reference, and for a stranger quoting one', async () => {
    const stranger = `${unique('stranger')}@example.org`;
    await mailIn({
      from: `Sam Okoro <${stranger}>`,
      subject: 'How do I join?',
      text: 'Hello, how do I join the network?',
    });
    const ack = await sink.waitFor((m) => m.to.includes(stranger), 15_000);
    const reference = /OCR-\d{4}-[0-9A-Z]{8}/.exec(ack.subject)![0];
    const thread = await threadByReference(reference);
    expect(thread).toMatchObject({
      senderName: 'Sam Okoro',
      senderEmail: stranger,
      category: 'general',
      status: 'new',
    });
    expect(thread.messages[0]).toMatchObject({
      via: 'email',
      body: 'Hello, how do I join the network?',
    });

    const other = `${unique('other')}@example.org`;
    await mailIn({ from: other, subject: `Re: [${reference}] How do I join?`, text: 'Me too' });
    const otherAck = await sink.waitFor((m) => m.to.includes(other), 15_000);
    expect(otherAck.subject).not.toContain(reference);
    expect((await threadByReference(reference)).messages).toHaveLength(1);
  });

  it('refuses mail to any other address at the SMTP listener', async () => {
    const transport = createTransport({
      host: '127.0.0.1',
      port: mailPort,
      secure: false,
      ignoreTLS: true,
    });
    await expect(
      transport.sendMail({
        from: 'x@example.org',
        to: 'someone-else@ocvrn.test',
        subject: 'x',
        text: 'x',
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
    transport.close();
  });

  it('answers 404 alike for a wrong, missing or malformed token and an unknown reference', async () => {
    const receipt = (await contact({}).expect(201)).body as ContactReceipt;
    const wrong = await request(t.url)
      .get(`/api/contact/${receipt.reference}?token=${'A'.repeat(43)}`)
      .expect(404);
    const missing = await request(t.url).get(`/api/contact/${receipt.reference}`).expect(404);
    const malformed = await request(t.url)
      .get(`/api/contact/${receipt.reference}?token=%3Cx%3E`)
      .expect(404);
    const unknown = await request(t.url)
      .get(`/api/contact/OCR-1999-000001?token=${receipt.trackingToken}`)
      .expect(404);
    const garbage = await request(t.url)
      .get(`/api/contact/not-a-reference?token=${receipt.trackingToken}`)
      .expect(404);
    const bodies = [wrong, missing, malformed, unknown, garbage].map((r) => ({
      code: (r.body as { code: string }).code,
      detail: (r.body as { detail: string }).detail,
    }));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    await request(t.url)
      .post(`/api/contact/${receipt.reference}/messages?token=${'A'.repeat(43)}`)
      .send({ body: 'x' })
      .expect(404);
    // The sender replies on the web with the right token.
    const replied = await request(t.url)
      .post(`/api/contact/${receipt.reference}/messages?token=${receipt.trackingToken}`)
      .send({ body: 'One more thing.' })
      .expect(201);
    expect(replied.body).toMatchObject({ from: 'sender', body: 'One more thing.' });
  });

  describe('bad input changes nothing and sends nothing', () => {
    it.each([
      ['no subject', { subject: undefined }, 400],
      ['no message', { message: undefined }, 400],
      ['no email', { email: undefined }, 400],
      ['no name', { name: undefined }, 400],
      ['a 100,000-character message', { message: 'x'.repeat(100_000) }, 400],
      ['a malformed email', { email: 'not-an-email' }, 400],
      ['a header injection in the subject', { subject: 'Hello\r\nBcc: victim@example.org' }, 400],
      ['an unknown category', { category: 'spam' }, 400],
      ['an unknown field', { priority: 'urgent' }, 400],
    ])('refuses %s', async (_label, fields, status) => {
      const before = await counts();
      const mails = sink.messages.length;
      const res = await contact(fields);
      expect(res.status).toBe(status);
      expect(await counts()).toEqual(before);
      await sleep(100);
      expect(sink.messages.length).toBe(mails);
    });

    it('limits new conversations per address', async () => {
      const email = `${unique('flood')}@example.org`;
      for (let i = 0; i < 3; i++) await contact({ email }).expect(201);
      const before = await counts();
      const res = await contact({ email: email.toUpperCase() }).expect(429);
      expect(res.body).toMatchObject({ code: 'RATE_LIMITED' });
      expect(await counts()).toEqual(before);
    });

    it('takes a filled honeypot like any message, but keeps and sends nothing', async () => {
      const before = await counts();
      const email = `${unique('bot')}@example.org`;
      const res = await contact({ email, website: 'http://spam.example' }).expect(201);
      expect(res.body).toHaveProperty('reference');
      await sleep(300);
      expect(await counts()).toEqual(before);
      expect(sink.messages.filter((m) => m.to.includes(email))).toEqual([]);
    });
  });

  it('takes attachments checked like library uploads', async () => {
    const email = `${unique('files')}@example.org`;
    const res = await request(t.url)
      .post('/api/contact')
      .field('name', 'Ana Lopes')
      .field('email', email)
      .field('category', 'research_findings')
      .field('subject', 'Report attached')
      .field('message', 'See the report.')
      .attach('files', makePdf({ pages: ['Our report'] }), 'report.pdf')
      .expect(201);
    const receipt = res.body as ContactReceipt;
    const tracked = (
      await request(t.url)
        .get(`/api/contact/${receipt.reference}?token=${receipt.trackingToken}`)
        .expect(200)
    ).body as TrackedThread;
    expect(tracked.messages[0].attachments).toEqual([
      expect.objectContaining({ fileName: 'report.pdf', mime: 'application/pdf' }),
    ]);
    const file = await request(t.url)
      .get(
        `/api/contact/${receipt.reference}/attachments/${tracked.messages[0].attachments[0].id}?token=${receipt.trackingToken}`,
      )
      .expect(200);
    expect(file.headers['content-disposition']).toContain('attachment');
    await request(t.url)
      .get(
        `/api/contact/${receipt.reference}/attachments/${tracked.messages[0].attachments[0].id}?token=${'A'.repeat(43)}`,
      )
      .expect(404);

    const before = await counts();
    await request(t.url)
      .post('/api/contact')
      .field('name', 'Ana Lopes')
      .field('email', email)
      .field('category', 'other')
      .field('subject', 'Tool')
      .field('message', 'Run this.')
      .attach('files', makeElf(), 'report.pdf')
      .expect(415);
    expect(await counts()).toEqual(before);
  });

  it('ties a member’s message to their account', async () => {
    const res = await request(t.url)
      .post('/api/contact')
      .set(as(member))
      .send({
        category: 'events',
        subject: 'A workshop idea',
        message: 'Could we run one on fraud?',
      })
      .expect(201);
    const receipt = res.body as ContactReceipt;
    const thread = await threadByReference(receipt.reference);
    expect(thread).toMatchObject({
      userId: member.user.id,
      senderEmail: member.user.email,
      senderName: member.user.name,
    });
    const mine = (await request(t.url).get('/api/contact/mine').set(as(member)).expect(200))
      .body as {
      items: { reference: string }[];
    };
    expect(mine.items.map((i) => i.reference)).toContain(receipt.reference);
    await request(t.url).get(`/api/contact/mine/${receipt.reference}`).set(as(member)).expect(200);
    await request(t.url)
      .get(
        `/api/contact/mine/${receipt.reference}/attachments/00000000-0000-4000-8000-000000000000`,
      )
      .set(as(member))
      .expect(404);
    await request(t.url).get(`/api/contact/mine/${receipt.reference}`).set(as(officer)).expect(404);
  });

  it('lets officers filter, search, claim, assign and close, with time to first response', async () => {
    const tag = unique('needle');
    const a = (await contact({ subject: `About ${tag}`, category: 'join' }).expect(201))
      .body as ContactReceipt;
    const b = (
      await contact({
        subject: 'Unrelated',
        category: 'newsletter',
        message: `Mentions ${tag} in the body`,
      }).expect(201)
    ).body as ContactReceipt;
    const search = (
      await request(t.url).get(`/api/inbox/threads?q=${tag}`).set(as(officer)).expect(200)
    ).body as InboxPage;
    expect(search.items.map((i) => i.reference)).toEqual([a.reference, b.reference]);
    const threadA = await threadByReference(a.reference);
    const threadB = await threadByReference(b.reference);

    const claimed = await request(t.url)
      .patch(`/api/inbox/threads/${threadA.id}`)
      .set(as(officer))
      .send({ assigneeId: officer.user.id })
      .expect(200);
    expect(claimed.body).toMatchObject({ assigneeId: officer.user.id, status: 'open' });
    await request(t.url)
      .patch(`/api/inbox/threads/${threadB.id}`)
      .set(as(officer))
      .send({ assigneeId: member.user.id })
      .expect(400);
    const mine = (
      await request(t.url).get(`/api/inbox/threads?assignee=me&q=${tag}`).set(as(officer))
    ).body as InboxPage;
    expect(mine.items.map((i) => i.id)).toEqual([threadA.id]);
    const none = (
      await request(t.url).get(`/api/inbox/threads?assignee=none&q=${tag}`).set(as(officer))
    ).body as InboxPage;
    expect(none.items.map((i) => i.id)).toEqual([threadB.id]);
    const joins = (
      await request(t.url).get(`/api/inbox/threads?category=join&q=${tag}`).set(as(officer))
    ).body as InboxPage;
    expect(joins.items.map((i) => i.id)).toEqual([threadA.id]);
    const newest = (
      await request(t.url).get(`/api/inbox/threads?sort=newest&q=${tag}`).set(as(officer))
    ).body as InboxPage;
    expect(newest.items.map((i) => i.id)).toEqual([threadB.id, threadA.id]);

    await request(t.url)
      .post(`/api/inbox/threads/${threadA.id}/messages`)
      .set(as(colleague))
      .send({ body: 'Welcome!' })
      .expect(201);
    const replied = (
      await request(t.url).get(`/api/inbox/threads?q=${tag}&status=waiting`).set(as(officer))
    ).body as InboxPage;
    expect(replied.items.map((i) => i.id)).toEqual([threadA.id]);
    expect(replied.items[0].firstResponseSeconds).toBeGreaterThanOrEqual(0);
    expect(replied.averageFirstResponseSeconds).toBe(replied.items[0].firstResponseSeconds);
    await request(t.url)
      .patch(`/api/inbox/threads/${threadA.id}`)
      .set(as(officer))
      .send({ status: 'closed' })
      .expect(200);
    const { rows } = await t.db.query(
      `SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id`,
      [threadA.id],
    );
    expect(rows.map((r: { action: string }) => r.action)).toEqual([
      'inbox.thread.updated',
      'inbox.reply.sent',
      'inbox.thread.updated',
    ]);
    for (const qs of [
      'status=lost',
      'assignee=someone',
      'sort=random',
      'limit=0',
      'cursor=garbage',
    ]) {
      expect((await request(t.url).get(`/api/inbox/threads?${qs}`).set(as(officer))).status).toBe(
        400,
      );
    }
    await request(t.url).get('/api/inbox/threads').set(as(member)).expect(403);
  });

  it('keeps canned replies', async () => {
    const created = (
      await request(t.url)
        .post('/api/inbox/canned-replies')
        .set(as(officer))
        .send({ title: 'Joining', body: 'To join, apply at /apply.' })
        .expect(201)
    ).body as CannedReply;
    await request(t.url)
      .patch(`/api/inbox/canned-replies/${created.id}`)
      .set(as(colleague))
      .send({ title: 'Joining the network', body: 'Apply at /apply.' })
      .expect(200);
    const list = (
      await request(t.url).get('/api/inbox/canned-replies').set(as(officer)).expect(200)
    ).body as CannedReply[];
    expect(list.find((c) => c.id === created.id)).toMatchObject({ title: 'Joining the network' });
    await request(t.url)
      .delete(`/api/inbox/canned-replies/${created.id}`)
      .set(as(officer))
      .expect(204);
    await request(t.url)
      .delete(`/api/inbox/canned-replies/${created.id}`)
      .set(as(officer))
      .expect(404);
    await request(t.url)
      .post('/api/inbox/canned-replies')
      .set(as(officer))
      .send({ title: '', body: 'x' })
      .expect(400);
  });

  it('shares presence on a thread between officers, and drops it when a socket goes', async () => {
    const receipt = (await contact({}).expect(201)).body as ContactReceipt;
    const thread = await threadByReference(receipt.reference);
    const mine = connectSocket(t.url, officer.token);
    const theirs = connectSocket(t.url, colleague.token);
    const outsider = connectSocket(t.url, member.token);
    sockets.push(mine, theirs, outsider);
    await Promise.all([connected(mine), connected(theirs), connected(outsider)]);
    const presence: PresencePayload[] = [];
    theirs.socket.on('inbox.presence', (p: PresencePayload) => presence.push(p));
    const emit = (s: TestSocket, state: string, threadId = thread.id) =>
      s.socket.timeout(5000).emitWithAck('inbox.presence', { threadId, state }) as Promise<{
        ok: boolean;
        error?: string;
        presence?: PresencePayload;
      }>;

    expect(await emit(mine, 'viewing')).toMatchObject({
      ok: true,
      presence: {
        threadId: thread.id,
        officers: [{ userId: officer.user.id, name: officer.user.name, state: 'viewing' }],
      },
    });
    expect(await emit(mine, 'replying')).toMatchObject({ ok: true });
    const until = async (pred: (p: PresencePayload) => boolean) => {
      for (let i = 0; i < 100 && !presence.some(pred); i++) await sleep(50);
      return presence.find(pred);
    };
    expect(
      await until((p) =>
        p.officers.some((o) => o.userId === officer.user.id && o.state === 'replying'),
      ),
    ).toBeDefined();
    expect(await emit(outsider, 'viewing')).toEqual({ ok: false, error: 'forbidden' });
    expect(await emit(mine, 'dancing')).toEqual({ ok: false, error: 'invalid' });
    expect(await emit(mine, 'viewing', 'not-a-uuid')).toEqual({ ok: false, error: 'invalid' });
    presence.length = 0;
    mine.close();
    expect(await until((p) => p.threadId === thread.id && p.officers.length === 0)).toBeDefined();
  });

  it('pushes new messages to officers live', async () => {
    const socket = connectSocket(t.url, officer.token);
    sockets.push(socket);
    await connected(socket);
    const receipt = (await contact({}).expect(201)).body as ContactReceipt;
    await request(t.url)
      .post(`/api/contact/${receipt.reference}/messages?token=${receipt.trackingToken}`)
      .send({ body: 'Following up.' })
      .expect(201);
    const seen = await socket.waitFor(
      (e: RealtimeEnvelope) =>
        e.type === 'inbox.message.created' &&
        (e.data as { reference: string }).reference === receipt.reference &&
        (e.data as { from: string }).from === 'sender' &&
        !(e.data as { messageId: string }).messageId.startsWith('x'),
    );
    expect(seen.data).toMatchObject({ internal: false, authorName: 'Dana Reyes' });
    const updated = await socket.waitFor(
      (e: RealtimeEnvelope) =>
        e.type === 'inbox.thread.updated' &&
        (e.data as { thread: { reference: string } }).thread.reference === receipt.reference,
    );
    expect((updated.data as { thread: { messageCount: number } }).thread.messageCount).toBe(2);
  });
});
