import type { ContactReceipt, InboxPage, InboxThread, TrackedThread } from '@contracts';
import { simpleParser } from 'mailparser';
import { connect } from 'node:net';
import { createTransport } from 'nodemailer';
import request from 'supertest';
import { startDnsServer, type DnsServer } from '@testing/dns';
import { signedInAs, type Session } from '@testing/factories';
import { makePdf } from '@testing/files';
import { startSmtpSink, type SmtpSink } from '@testing/smtp';
import { startTestApp, type TestApp } from '@testing/test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CONTACT = 'contact@ocvrn.test';
const NEW_REFERENCE = /^OCR-\d{4}-[0-9A-HJKMNP-TV-Z]{8}$/;
const PDF = makePdf({ pages: ['Our report'] });
let counter = 0;
const unique = (label: string) => `${label}-${Date.now().toString(36)}-${++counter}`;

/**
 * Mail to the contact point from outside, and the limits on what a sender may add: joining a
 * thread needs the thread's secret, every new thread and acknowledgement is counted, each
 * received message carries its SPF/DKIM/DMARC verdict (against a real DNS server with fixed
 * answers), and a refused upload ends its connection at once.
 */
describe('mail in and the contact point’s limits', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let dns: DnsServer;
  let mailPort: number;
  let officer: Session;

  const as = (s: { token: string }) => ({ Authorization: `Bearer ${s.token}` });

  function contact(fields: Record<string, unknown>) {
    return request(t.url)
      .post('/api/contact')
      .send({
        name: 'Dana Reyes',
        email: `${unique('dana')}@example.org`,
        category: 'research_findings',
        subject: 'Findings on county lines',
        message: 'We have new findings to share.',
        ...fields,
      });
  }

  async function mailIn(message: {
    from: string;
    subject: string;
    text: string;
    to?: string;
    inReplyTo?: string;
    references?: string;
    attachments?: { filename: string; content: Buffer }[];
  }): Promise<void> {
    const transport = createTransport({
      host: '127.0.0.1',
      port: mailPort,
      secure: false,
      ignoreTLS: true,
    });
    try {
      await transport.sendMail({ to: CONTACT, ...message });
    } finally {
      transport.close();
    }
  }

  async function threadsOf(email: string) {
    const { rows } = await t.db.query<{ id: string; reference: string; messages: number }>(
      `SELECT id, reference, message_count AS messages FROM inbox_threads
        WHERE sender_email = $1 ORDER BY created_at`,
      [email],
    );
    return rows;
  }

  async function thread(id: string): Promise<InboxThread> {
    return (await request(t.url).get(`/api/inbox/threads/${id}`).set(as(officer)).expect(200))
      .body as InboxThread;
  }

  async function acksTo(email: string): Promise<number> {
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM mail_outbox WHERE to_address = $1
          AND subject LIKE '%We have your message%'`,
      [email],
    );
    return rows[0].n;
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    dns = await startDnsServer({
      // Mail from pass.test comes from loopback by its SPF record, under a strict DMARC policy.
      'pass.test': { TXT: ['v=spf1 ip4:127.0.0.1 -all'] },
      '_dmarc.pass.test': { TXT: ['v=DMARC1; p=reject'] },
      // forged.test sends from nowhere: mail claiming it fails SPF and DMARC.
      'forged.test': { TXT: ['v=spf1 -all'] },
      '_dmarc.forged.test': { TXT: ['v=DMARC1; p=reject'] },
    });
    t = await startTestApp({
      env: {
        SMTP_URL: sink.url,
        PUBLIC_URL: 'http://ocvrn.test',
        CONTACT_ADDRESS: CONTACT,
        CONTACT_SMTP_PORT: '0',
        CONTACT_RATE_LIMIT: '3',
        CONTACT_IP_RATE_LIMIT: '1000',
        CONTACT_DNS_SERVERS: dns.address,
        CONTACT_REPLY_RATE_LIMIT: '4',
        CONTACT_REPLY_IP_RATE_LIMIT: '8',
        CONTACT_THREAD_ATTACHMENT_BYTES: String(PDF.length * 2 + 100),
        // Each test speaks for its own client address, so per-address counts stay its own.
        TRUST_PROXY: '127.0.0.1',
      },
    });
    mailPort = Number(/accepted on port (\d+)/.exec(t.output())?.[1]);
    expect(mailPort).toBeGreaterThan(0);
    officer = await signedInAs(t.db, t.url, 'contact_officer');
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
    await dns.close();
  });

  it('joins a thread by mail only with its secret: a forged From quoting the reference opens a new one', async () => {
    const sender = `${unique('sender')}@example.org`;
    const receipt = (await contact({ email: sender, subject: 'Sharing findings' }).expect(201))
      .body as ContactReceipt;
    const ack = await simpleParser((await sink.waitFor((m) => m.to.includes(sender))).raw);
    const replyTo = ack.replyTo?.value[0].address ?? '';
    expect(replyTo).toMatch(/^contact\+[a-z0-9-]{20,}@ocvrn\.test$/);
    expect(replyTo.toLowerCase()).not.toContain(receipt.trackingToken.toLowerCase());
    const [original] = await threadsOf(sender);
    await request(t.url)
      .patch(`/api/inbox/threads/${original.id}`)
      .set(as(officer))
      .send({ status: 'closed' })
      .expect(200);

    // Anyone can write the partner's address in From and the reference in the subject.
    await mailIn({
      from: `Dana Reyes <${sender}>`,
      subject: `Re: ${ack.subject}`,
      text: 'Please send the dataset to this other address.',
    });
    const afterForgery = await threadsOf(sender);
    expect(afterForgery).toHaveLength(2);
    expect(afterForgery[0]).toMatchObject({ id: original.id, messages: 1 });
    expect(afterForgery[1].reference).not.toBe(receipt.reference);
    expect((await thread(original.id)).status).toBe('closed');

    // A guessed secret is no secret.
    const guessed = replyTo.replace(
      /\+[^@]*@/,
      `+${receipt.reference.toLowerCase()}-aaaaaaaaaaaaaaaaaaaa@`,
    );
    await mailIn({ from: sender, to: guessed, subject: 'Re: findings', text: 'Guessing.' });
    expect((await threadsOf(sender))[0].messages).toBe(1);

    // The partner's reply to our Reply-To address joins, whatever its subject.
    await mailIn({ from: sender, to: replyTo, subject: 'Dataset', text: 'Here it is.' });
    // So does a reply that names a Message-ID we issued.
    await mailIn({
      from: sender,
      subject: 'One more thing',
      text: 'And the codebook.',
      inReplyTo: ack.messageId,
    });
    const joined = await thread(original.id);
    expect(joined.messages.map((m) => [m.via, m.body])).toEqual([
      ['web', 'We have new findings to share.'],
      ['email', 'Here it is.'],
      ['email', 'And the codebook.'],
    ]);
    expect(joined.status).toBe('open');
    expect(await threadsOf(sender)).toHaveLength(3);
  });

  it('counts replies by mail against the thread’s limit, and keeps only the files it has room for', async () => {
    const sender = `${unique('mailer')}@example.org`;
    await contact({ email: sender }).expect(201);
    const ack = await simpleParser((await sink.waitFor((m) => m.to.includes(sender))).raw);
    const replyTo = ack.replyTo!.value[0].address!;
    const [original] = await threadsOf(sender);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        mailIn({ from: sender, to: replyTo, subject: `Re ${i}`, text: `Reply ${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ responseCode: 450 });
    }
    expect((await threadsOf(sender))[0]).toMatchObject({ id: original.id, messages: 5 });

    // A new thread by mail with three reports: the thread holds two.
    const filer = `${unique('filer')}@example.org`;
    await mailIn({
      from: filer,
      subject: 'Three reports',
      text: 'All attached.',
      attachments: [1, 2, 3].map((i) => ({ filename: `report-${i}.pdf`, content: PDF })),
    });
    const [filed] = await threadsOf(filer);
    const files = (await thread(filed.id)).messages[0].attachments.map((a) => a.fileName);
    expect(files).toEqual(['report-1.pdf', 'report-2.pdf']);
  });

  it('counts mail in against the contact limits before a thread is opened', async () => {
    const sender = `${unique('flood')}@example.org`;
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        mailIn({ from: sender, subject: `Flood ${i}`, text: 'Buy now' }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ responseCode: 450 });
    }
    expect(await threadsOf(sender)).toHaveLength(3);
    // The same counters as the web form's.
    const res = await contact({ email: sender }).expect(429);
    expect(res.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await threadsOf(sender)).toHaveLength(3);
  });

  it('sends at most one acknowledgement an hour to an address, counted under a parallel burst', async () => {
    const sender = `${unique('burst')}@example.org`;
    const answers = await Promise.all([0, 1, 2].map(() => contact({ email: sender })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(await threadsOf(sender)).toHaveLength(3);
    expect(await acksTo(sender)).toBe(1);

    const byMail = `${unique('mailer')}@example.org`;
    await Promise.all([0, 1].map((i) => mailIn({ from: byMail, subject: `Q${i}`, text: 'Hi' })));
    expect(await threadsOf(byMail)).toHaveLength(2);
    await contact({ email: byMail }).expect(201);
    expect(await acksTo(byMail)).toBe(1);
  });

  it('records the SPF, DKIM and DMARC verdict of each message and flags a failed one', async () => {
    const honest = `${unique('ana')}@pass.test`;
    await mailIn({ from: `Ana Lopes <${honest}>`, subject: 'A question', text: 'Hello' });
    const [good] = await threadsOf(honest);
    const goodMessage = (await thread(good.id)).messages[0];
    expect(goodMessage.authentication).toMatchObject({
      spf: 'pass',
      dkim: 'none',
      dmarc: 'pass',
      failed: false,
    });

    const forger = `${unique('boss')}@forged.test`;
    await mailIn({ from: `The Director <${forger}>`, subject: 'Urgent', text: 'Wire it now' });
    const [bad] = await threadsOf(forger);
    const badMessage = (await thread(bad.id)).messages[0];
    expect(badMessage.authentication).toMatchObject({
      spf: 'fail',
      dmarc: 'fail',
      failed: true,
    });
    // A forged sender is not acknowledged (that mail would go to whoever was impersonated).
    await sleep(300);
    expect(await acksTo(forger)).toBe(0);

    const web = (await contact({}).expect(201)).body as ContactReceipt;
    const page = (
      await request(t.url).get(`/api/inbox/threads?q=${web.reference}`).set(as(officer)).expect(200)
    ).body as InboxPage;
    expect((await thread(page.items[0].id)).messages[0].authentication).toBeNull();
  });

  it('hands out references that cannot be counted through, and keeps earlier ones working', async () => {
    const a = (await contact({}).expect(201)).body as ContactReceipt;
    const b = (await contact({}).expect(201)).body as ContactReceipt;
    expect(a.reference).toMatch(NEW_REFERENCE);
    expect(b.reference).toMatch(NEW_REFERENCE);
    expect(a.reference).not.toBe(b.reference);

    const token = 'T'.repeat(43);
    await t.db.query(
      `INSERT INTO inbox_threads (reference, category, subject, sender_name, sender_email, token_hash)
       VALUES ('OCR-2025-000042', 'general', 'An older question', 'Old Sender', 'old@example.org',
               encode(sha256($1::bytea), 'hex'))`,
      [token],
    );
    const old = (
      await request(t.url).get(`/api/contact/OCR-2025-000042?token=${token}`).expect(200)
    ).body as TrackedThread;
    expect(old.reference).toBe('OCR-2025-000042');
    await request(t.url)
      .post(`/api/contact/OCR-2025-000042/messages?token=${token}`)
      .send({ body: 'Still there?' })
      .expect(201);
  });

  it('limits follow-ups by tracking link per thread and per address, and caps a thread’s files', async () => {
    const client = { 'X-Forwarded-For': '203.0.113.7' };
    const a = (await contact({}).expect(201)).body as ContactReceipt;
    const burst = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        request(t.url)
          .post(`/api/contact/${a.reference}/messages?token=${a.trackingToken}`)
          .set(client)
          .send({ body: `Follow-up ${i}` }),
      ),
    );
    expect(burst.map((r) => r.status).sort()).toEqual([201, 201, 201, 201, 429, 429]);
    const refused = burst.find((r) => r.status === 429)!;
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    const tracked = (
      await request(t.url).get(`/api/contact/${a.reference}?token=${a.trackingToken}`).expect(200)
    ).body as TrackedThread;
    expect(tracked.messages).toHaveLength(5);

    // Files: the thread holds at most two of these reports in all.
    const b = (
      await request(t.url)
        .post('/api/contact')
        .field('name', 'Ana Lopes')
        .field('email', `${unique('files')}@example.org`)
        .field('category', 'research_findings')
        .field('subject', 'Report attached')
        .field('message', 'See the report.')
        .attach('files', PDF, 'report.pdf')
        .expect(201)
    ).body as ContactReceipt;
    const follow = () =>
      request(t.url)
        .post(`/api/contact/${b.reference}/messages?token=${b.trackingToken}`)
        .set(client)
        .field('body', 'Another report.')
        .attach('files', PDF, 'report-2.pdf');
    await follow().expect(201);
    const tooMuch = await follow().expect(413);
    expect(tooMuch.headers['content-type']).toContain('application/problem+json');
    expect(tooMuch.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const files = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM inbox_attachments x JOIN inbox_messages m ON m.id = x.message_id
         JOIN inbox_threads th ON th.id = m.thread_id WHERE th.reference = $1`,
      [b.reference],
    );
    expect(files.rows[0].n).toBe(2);

    // Eight follow-ups from this client this hour: the ninth is refused on any thread.
    const c = (await contact({}).expect(201)).body as ContactReceipt;
    const perIp = await request(t.url)
      .post(`/api/contact/${c.reference}/messages?token=${c.trackingToken}`)
      .set(client)
      .send({ body: 'One more.' })
      .expect(429);
    expect(perIp.body).toMatchObject({ code: 'RATE_LIMITED' });
  });

  const filePart = (boundary: string, name: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="big.pdf"\r\n` +
    `Content-Type: application/pdf\r\n\r\n`;

  it.each([
    [
      'a misnamed file part',
      15,
      filePart('x-boundary-x', 'attachment'),
      400,
      'Send files in parts named',
    ],
    [
      'a sixth file',
      15,
      Array.from({ length: 6 }, () => `${filePart('x-boundary-x', 'files')}%PDF-1.4\r\n`).join(''),
      400,
      'Too many files',
    ],
    ['a declared size past the limit', 200, filePart('x-boundary-x', 'files'), 413, 'larger than'],
  ])(
    'answers a refused upload (%s) at once and closes its connection without reading the rest',
    async (_label, megabytes, head, status, detail) => {
      const port = Number(new URL(t.url).port);
      const boundary = 'x-boundary-x';
      const socket = connect(port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.on('error', () => undefined);
      let response = '';
      socket.on('data', (chunk: Buffer) => (response += chunk.toString('latin1')));
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.write(
        `POST /api/contact HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\n` +
          `Content-Length: ${megabytes * 1024 * 1024}\r\n\r\n${head}`,
      );
      // A large body keeps coming, as a slow client's would.
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      let sending = true;
      void closed.then(() => (sending = false));
      void (async () => {
        for (let sent = 0; sending && sent < 14 * 1024 * 1024; sent += chunk.length) {
          if (!socket.write(chunk)) await sleep(20);
          await sleep(sent < 2 * 1024 * 1024 ? 0 : 200);
        }
      })();
      for (let i = 0; i < 200 && !/\r\n\r\n[\s\S]*\}/.test(response); i++) await sleep(50);
      // Closed by the server: a bounded wait, far below the idle and request timeouts.
      const outcome = await Promise.race([
        closed.then(() => 'closed'),
        sleep(10_000).then(() => 'open'),
      ]);
      sending = false;
      socket.destroy();
      expect(outcome).toBe('closed');
      expect(response).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(response.toLowerCase()).toContain('connection: close');
      expect(response).toContain(detail);
    },
  );
});
