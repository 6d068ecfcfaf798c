import type { Newsletter, NewslettersPage, NewsletterSubscription } from '@contracts';
import { simpleParser, type ParsedMail } from 'mailparser';
import http from 'node:http';
import request from 'supertest';
import { createUser, login, signedInAs, type Session } from '@testing/factories';
import { connected, connectSocket, type TestSocket } from '@testing/realtime';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '@testing/smtp';
import { startTestApp, type TestApp } from '@testing/test-app';

const ADMIN_EMAIL = 'first-admin@ocvrn.test';
const XSS = `<script>alert(1)</script><img src=x onerror=alert(2)>`;
/** In a body an image must be a library file, so the handler rides on one. */
const LIBRARY_IMAGE = '/api/documents/0b7e6a39-5b0e-4c53-9a43-2f7f1f0c6a11/download';
const XSS_BODY = `<script>alert(1)</script><img src="${LIBRARY_IMAGE}" onerror=alert(2)>`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Member {
  id: string;
  email: string;
  token: string;
}

describe('newsletter', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let author: Session;
  let clearer: Session;
  let member: Session;
  const sockets: TestSocket[] = [];

  const as = (s: { token: string }) => ({ Authorization: `Bearer ${s.token}` });

  async function memberWith(subscription: NewsletterSubscription | null): Promise<Member> {
    const user = await createUser(t.db, { roles: ['member'] });
    const { accessToken } = await login(t.url, user.email);
    if (subscription) {
      await request(t.url)
        .put('/api/newsletters/subscription')
        .set(as({ token: accessToken }))
        .send(subscription)
        .expect(200);
    }
    return { id: user.id, email: user.email, token: accessToken };
  }

  /** Draft → submitted → cleared by the second editor; answers the cleared issue. */
  async function clearedIssue(fields: Record<string, unknown>): Promise<Newsletter> {
    const created = await request(t.url)
      .post('/api/newsletters')
      .set(as(author))
      .send({ summary: 'Summary', body: 'Body text.', ...fields })
      .expect(201);
    const id = (created.body as Newsletter).id;
    await request(t.url).post(`/api/newsletters/${id}/submit`).set(as(author)).expect(200);
    const cleared = await request(t.url)
      .post(`/api/newsletters/${id}/clear`)
      .set(as(clearer))
      .expect(200);
    return cleared.body as Newsletter;
  }

  /** Messages of one issue (its title is the subject), once `n` have arrived and no more come. */
  async function deliveries(title: string, n: number): Promise<ReceivedMail[]> {
    const of = () => sink.messages.filter((m) => m.subject === title);
    const deadline = Date.now() + 15_000;
    while (of().length < n && Date.now() < deadline) await sleep(50);
    await sleep(400); // anything extra would arrive now
    return of();
  }

  beforeAll(async () => {
    sink = await startSmtpSink({ refuse: (address) => address.startsWith('refused-') });
    t = await startTestApp({ env: { SMTP_URL: sink.url, PUBLIC_URL: 'http://ocvrn.test' } });
    author = await signedInAs(t.db, t.url, 'editor');
    clearer = await signedInAs(t.db, t.url, 'editor');
    member = await signedInAs(t.db, t.url, 'member');
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  describe('clearance', () => {
    it('needs a second editor, records every step, and publishes once', async () => {
      const created = await request(t.url)
        .post('/api/newsletters')
        .set(as(author))
        .send({ title: 'Issue one', summary: 'First', body: '# Hello\n\nText.', topics: ['drugs'] })
        .expect(201);
      const issue = created.body as Newsletter;
      expect(issue).toMatchObject({ status: 'draft', authorId: author.user.id, public: false });
      expect(issue.html).toContain('<h1>Hello</h1>');
      const id = issue.id;

      // Only a cleared issue can be published; a draft cannot be cleared.
      await request(t.url).post(`/api/newsletters/${id}/publish`).set(as(author)).expect(409);
      await request(t.url).post(`/api/newsletters/${id}/clear`).set(as(clearer)).expect(409);
      await request(t.url).post(`/api/newsletters/${id}/submit`).set(as(author)).expect(200);
      // Submitted: frozen, and never cleared by its author.
      await request(t.url)
        .patch(`/api/newsletters/${id}`)
        .set(as(author))
        .send({ title: 'Changed' })
        .expect(409);
      const own = await request(t.url)
        .post(`/api/newsletters/${id}/clear`)
        .set(as(author))
        .expect(409);
      expect(own.body.code).toBe('NEWSLETTER_OWN_CLEARANCE');

      const returned = await request(t.url)
        .post(`/api/newsletters/${id}/return`)
        .set(as(clearer))
        .send({ comment: 'Please add a source.' })
        .expect(200);
      expect(returned.body).toMatchObject({
        status: 'draft',
        returnComment: 'Please add a source.',
      });

      // The clearer edits the draft: now they may not clear it either.
      await request(t.url)
        .patch(`/api/newsletters/${id}`)
        .set(as(clearer))
        .send({ body: '# Hello\n\nText. Source: the Home Office.' })
        .expect(200);
      await request(t.url).post(`/api/newsletters/${id}/submit`).set(as(author)).expect(200);
      await request(t.url).post(`/api/newsletters/${id}/clear`).set(as(clearer)).expect(409);
      await request(t.url)
        .post(`/api/newsletters/${id}/return`)
        .set(as(author))
        .send({ comment: 'x' })
        .expect(409);
      const third = await signedInAs(t.db, t.url, 'editor');
      const cleared = await request(t.url)
        .post(`/api/newsletters/${id}/clear`)
        .set(as(third))
        .expect(200);
      expect(cleared.body).toMatchObject({
        status: 'cleared',
        clearedById: third.user.id,
        returnComment: null,
      });

      const published = await request(t.url)
        .post(`/api/newsletters/${id}/publish`)
        .set(as(author))
        .send({})
        .expect(200);
      expect(published.body.status).toBe('published');
      expect(Date.parse(published.body.publishedAt)).toBeGreaterThan(Date.now() - 60_000);
      const again = await request(t.url)
        .post(`/api/newsletters/${id}/publish`)
        .set(as(author))
        .expect(409);
      expect(again.body.code).toBe('NEWSLETTER_WRONG_STATUS');

      const full = (await request(t.url).get(`/api/newsletters/${id}`).set(as(author)).expect(200))
        .body as Newsletter;
      expect(full.history!.map((h) => h.action)).toEqual([
        'created',
        'submitted',
        'returned',
        'submitted',
        'cleared',
        'published',
      ]);
      expect(full.history![2]).toMatchObject({
        actorId: clearer.user.id,
        comment: 'Please add a source.',
      });
      const { rows } = await t.db.query<{ action: string; actor_id: string }>(
        `SELECT action, actor_id FROM audit_log WHERE target_id = $1 ORDER BY id`,
        [id],
      );
      expect(rows.map((r) => r.action)).toEqual([
        'newsletter.created',
        'newsletter.submitted',
        'newsletter.returned',
        'newsletter.edited',
        'newsletter.submitted',
        'newsletter.cleared',
        'newsletter.published',
      ]);
      // Members read it; the editors' history and delivery stay with editors.
      const read = await request(t.url).get(`/api/newsletters/${id}`).set(as(member)).expect(200);
      expect(read.body.history).toBeUndefined();
      expect(read.body.delivery).toBeUndefined();
    });

    it('answers two parallel publications with one 200 and one 409, and sends once', async () => {
      const issue = await clearedIssue({ title: 'Raced issue' });
      const results = await Promise.all(
        [author, clearer].map((s) =>
          request(t.url).post(`/api/newsletters/${issue.id}/publish`).set(as(s)).send({}),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const { rows } = await t.db.query<{ n: number; d: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT user_id)::int AS d FROM mail_outbox WHERE newsletter_id = $1`,
        [issue.id],
      );
      expect(rows[0].n).toBe(rows[0].d);
      expect(rows[0].n).toBeGreaterThan(0);
    });
  });

  describe('email', () => {
    it('sends one message per matching subscriber, with both parts and one-click unsubscribe', async () => {
      const all = await memberWith(null); // new members get every issue
      const drugs = await memberWith({ all: false, topics: ['drugs'] });
      const cyber = await memberWith({ all: false, topics: ['cyber-crime'] });
      const none = await memberWith({ all: false, topics: [] });
      const applicant = await createUser(t.db, { status: 'pending' });
      const socket = connectSocket(t.url, all.token);
      sockets.push(socket);
      await connected(socket);

      const title = `Drugs markets review ${Date.now()}`;
      const issue = await clearedIssue({
        title,
        summary: 'What changed this quarter',
        body: '## Findings\n\n- County lines\n- [Report](https://example.org/report)\n\n| a | b |\n|---|---|\n| 1 | 2 |',
        topics: ['drugs', 'markets-networks'],
      });
      await request(t.url).post(`/api/newsletters/${issue.id}/publish`).set(as(author)).expect(200);

      const expected = [
        all.email,
        drugs.email,
        author.user.email,
        clearer.user.email,
        member.user.email,
        ADMIN_EMAIL,
      ];
      const got = await deliveries(title, expected.length);
      const recipients = got.flatMap((m) => m.to);
      expect(new Set(recipients).size).toBe(recipients.length); // one copy each
      expect(recipients).toEqual(expect.arrayContaining(expected));
      for (const absent of [cyber.email, none.email, applicant.email]) {
        expect(recipients).not.toContain(absent);
      }
      const { rows: approved } = await t.db.query<{ email: string }>(
        `SELECT email FROM users WHERE status = 'approved' AND email = ANY($1)`,
        [recipients],
      );
      expect(approved).toHaveLength(recipients.length);

      const live = await socket.waitFor((e) => e.type === 'newsletter.published');
      expect(live.data).toMatchObject({
        id: issue.id,
        title,
        topics: ['drugs', 'markets-networks'],
      });

      const mail: ParsedMail = await simpleParser(got.find((m) => m.to.includes(all.email))!.raw);
      expect(mail.subject).toBe(title);
      expect(mail.text).toContain('County lines');
      expect(mail.text).toContain(`http://ocvrn.test/newsletters/${issue.id}`);
      expect(mail.html).toContain('<li>County lines</li>');
      expect(mail.html).toContain('<table>');
      expect(mail.html).toContain('href="https://example.org/report"');
      const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line ?? '';
      expect(header('list-unsubscribe-post')).toBe(
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      );
      const listUnsubscribe = header('list-unsubscribe');
      const oneClick = /<(http:\/\/ocvrn\.test\/api\/newsletters\/unsubscribe\?token=[^>]+)>/.exec(
        listUnsubscribe,
      )![1];

      // The one-click POST, as a mail provider sends it: no session, a form body.
      const path = oneClick.replace('http://ocvrn.test', '');
      const res = await request(t.url)
        .post(path)
        .type('form')
        .send('List-Unsubscribe=One-Click')
        .expect(200);
      expect(res.body.ok).toBe(true);
      const now = await request(t.url)
        .get('/api/newsletters/subscription')
        .set(as(all))
        .expect(200);
      expect(now.body).toEqual({ all: false, topics: [] });

      // The next issue does not reach them; it still reaches the others.
      const next = `Second issue ${Date.now()}`;
      const second = await clearedIssue({ title: next, topics: ['drugs'] });
      await request(t.url)
        .post(`/api/newsletters/${second.id}/publish`)
        .set(as(author))
        .expect(200);
      const again = await deliveries(next, recipients.length - 1);
      const to = again.flatMap((m) => m.to);
      expect(to).not.toContain(all.email);
      expect(to).toContain(drugs.email);
      expect(to).toHaveLength(recipients.length - 1);

      const stats = await request(t.url)
        .get(`/api/newsletters/${second.id}`)
        .set(as(author))
        .expect(200);
      expect(stats.body.delivery).toMatchObject({ recipients: recipients.length - 1 });
    });

    it('records an address the mail server refuses, once, and delivers the rest', async () => {
      const refused = await createUser(t.db, {
        email: `refused-${Date.now()}@example.org`,
        roles: ['member'],
      });
      const title = `Refused issue ${Date.now()}`;
      const issue = await clearedIssue({ title });
      await request(t.url).post(`/api/newsletters/${issue.id}/publish`).set(as(author)).expect(200);
      const deadline = Date.now() + 15_000;
      let delivery = { recipients: 0, sent: 0, pending: 1, failed: 0, held: 0 };
      while (delivery.pending > 0 && Date.now() < deadline) {
        await sleep(100);
        delivery = (await request(t.url).get(`/api/newsletters/${issue.id}`).set(as(author))).body
          .delivery;
      }
      expect(delivery).toMatchObject({ failed: 1, pending: 0, held: 0 });
      expect(delivery.sent).toBe(delivery.recipients - 1);
      const { rows } = await t.db.query<{ status: string; attempts: number; last_error: string }>(
        `SELECT status, attempts, last_error FROM mail_outbox WHERE newsletter_id = $1 AND user_id = $2`,
        [issue.id, refused.id],
      );
      expect(rows).toEqual([
        { status: 'failed', attempts: 1, last_error: expect.stringContaining('No such mailbox') },
      ]);
      const got = await deliveries(title, delivery.sent);
      expect(got.flatMap((m) => m.to)).not.toContain(refused.email);
    });

    it('refuses a forged or missing unsubscribe token and changes nothing', async () => {
      const m = await memberWith(null);
      for (const token of ['', 'nonsense', `${m.id}.AAAA`, `${m.id}.${'x'.repeat(43)}`]) {
        const res = await request(t.url)
          .post(`/api/newsletters/unsubscribe?token=${encodeURIComponent(token)}`)
          .expect(400);
        expect(res.headers['content-type']).toMatch(/problem\+json/);
      }
      await request(t.url).post('/api/newsletters/unsubscribe').expect(400);
      const s = await request(t.url).get('/api/newsletters/subscription').set(as(m)).expect(200);
      expect(s.body).toEqual({ all: true, topics: [] });
    });

    it('keeps subscriptions: all, only some topics, none', async () => {
      const m = await memberWith(null);
      const put = (body: object) =>
        request(t.url).put('/api/newsletters/subscription').set(as(m)).send(body);
      expect((await put({ topics: ['drugs'] }).expect(200)).body).toEqual({
        all: false,
        topics: ['drugs'],
      });
      expect((await put({ all: true }).expect(200)).body).toEqual({ all: true, topics: [] });
      await put({ topics: ['no-such-topic'] }).expect(400);
      await put({}).expect(400);
      await put({ all: 'yes' }).expect(400);
      const s = await request(t.url).get('/api/newsletters/subscription').set(as(m)).expect(200);
      expect(s.body).toEqual({ all: true, topics: [] });
    });
  });

  describe('XSS', () => {
    it('comes out inert from every field, in the API and in the email', async () => {
      const title = `Title ${XSS} ${Date.now()}`;
      const issue = await clearedIssue({
        title,
        summary: `Summary ${XSS}`,
        body: `Body ${XSS_BODY}\n\n[click](javascript:alert(3)) <a href="javascript:alert(4)">x</a> <div onclick="alert(5)">d</div>\n\n<iframe src="https://evil.example"></iframe>`,
      });
      expect(issue.html).not.toMatch(/<\s*(script|iframe|svg|object|embed)/i);
      expect(issue.html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
      expect(issue.html).not.toMatch(/(href|src)\s*=\s*["']?\s*javascript:/i);
      expect(issue.title).toBe(title); // stored as written; escaped wherever shown
      const preview = await request(t.url)
        .post('/api/newsletters/preview')
        .set(as(author))
        .send({ body: `<svg onload=alert(1)><p style="x" onmouseover="y">ok</p>` })
        .expect(200);
      expect(preview.body.html).toContain('ok</p>');
      for (const bad of ['<svg', 'onload', 'onmouseover', 'style=']) {
        expect(preview.body.html).not.toContain(bad);
      }

      await request(t.url).post(`/api/newsletters/${issue.id}/publish`).set(as(author)).expect(200);
      const [first] = await deliveries(title.replace(/\s+/g, ' '), 1);
      const mail = await simpleParser(first.raw);
      const html = String(mail.html);
      // No element that runs anything: no script or frame, no on* attribute, no javascript: URL.
      expect(html).not.toMatch(/<\s*(script|iframe|svg|object|embed)/i);
      expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
      expect(html).not.toMatch(/(href|src)\s*=\s*["']?\s*javascript:/i);
      expect(String(mail.html)).toContain('Title &lt;script&gt;');
    });
  });

  describe('archive', () => {
    it('lists published issues newest first, searches them, and keeps members-only issues from anonymous readers', async () => {
      const stamp = Date.now();
      const open = await clearedIssue({
        title: `Open issue ${stamp}`,
        body: `Findings on cuckooing ${stamp}`,
        public: true,
        topics: ['drugs'],
      });
      await request(t.url).post(`/api/newsletters/${open.id}/publish`).set(as(author)).expect(200);
      const closed = await clearedIssue({
        title: `Members issue ${stamp}`,
        body: `Findings on cuckooing and more ${stamp}`,
        topics: ['cyber-crime'],
      });
      await request(t.url)
        .post(`/api/newsletters/${closed.id}/publish`)
        .set(as(author))
        .expect(200);
      const draft = await request(t.url)
        .post('/api/newsletters')
        .set(as(author))
        .send({ title: `Draft ${stamp}`, body: `cuckooing ${stamp}`, public: true })
        .expect(201);

      const q = `q=cuckooing%20${stamp}`;
      const anon = (await request(t.url).get(`/api/newsletters?${q}`).expect(200))
        .body as NewslettersPage;
      expect(anon.items.map((i) => i.id)).toEqual([open.id]);
      const mine = (await request(t.url).get(`/api/newsletters?${q}`).set(as(member)).expect(200))
        .body as NewslettersPage;
      expect(mine.items.map((i) => i.id)).toEqual([closed.id, open.id]);
      expect(mine.total).toBe(2);
      expect(mine.items[0]).not.toHaveProperty('body');
      const byTopic = (
        await request(t.url)
          .get(`/api/newsletters?${q}&topic=cyber-crime`)
          .set(as(member))
          .expect(200)
      ).body as NewslettersPage;
      expect(byTopic.items.map((i) => i.id)).toEqual([closed.id]);

      await request(t.url).get(`/api/newsletters/${open.id}`).expect(200);
      await request(t.url).get(`/api/newsletters/${closed.id}`).expect(404);
      await request(t.url).get(`/api/newsletters/${closed.id}`).set(as(member)).expect(200);
      await request(t.url).get(`/api/newsletters/${draft.body.id}`).expect(404);
      await request(t.url).get(`/api/newsletters/${draft.body.id}`).set(as(member)).expect(404);
      await request(t.url).get(`/api/newsletters/${draft.body.id}`).set(as(author)).expect(200);

      // Paging: one at a time, neither repeating nor skipping.
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await request(t.url)
          .get(`/api/newsletters?${q}&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
          .set(as(member))
          .expect(200);
        seen.push(...(res.body as NewslettersPage).items.map((i) => i.id));
        cursor = (res.body as NewslettersPage).nextCursor;
      } while (cursor);
      expect(seen).toEqual([closed.id, open.id]);

      // Editors list drafts; nobody else does.
      const drafts = await request(t.url)
        .get('/api/newsletters?status=draft')
        .set(as(author))
        .expect(200);
      expect((drafts.body as NewslettersPage).items.map((i) => i.id)).toContain(draft.body.id);
      await request(t.url).get('/api/newsletters?status=draft').set(as(member)).expect(403);
      await request(t.url).get('/api/newsletters?status=draft').expect(403);
    });
  });

  describe('roles', () => {
    it('lets only editors write', async () => {
      const before = await t.db.query('SELECT count(*)::int AS n FROM newsletters');
      await request(t.url)
        .post('/api/newsletters')
        .set(as(member))
        .send({ title: 'x' })
        .expect(403);
      await request(t.url).post('/api/newsletters').send({ title: 'x' }).expect(401);
      await request(t.url)
        .post('/api/newsletters/preview')
        .set(as(member))
        .send({ body: 'x' })
        .expect(403);
      const applicant = await signedInAs(t.db, t.url, 'applicant');
      await request(t.url).get('/api/newsletters/subscription').set(as(applicant)).expect(403);
      await request(t.url).get('/api/newsletters/subscription').expect(401);
      const after = await t.db.query('SELECT count(*)::int AS n FROM newsletters');
      expect(after.rows[0].n).toBe(before.rows[0].n);
    });
  });

  describe('images', () => {
    it.each([
      ['a remote image in Markdown', '![pixel](https://tracker.example/p.gif)'],
      ['a remote image in HTML', 'Hello <img src="http://tracker.example/p.gif" alt="">'],
      ['a protocol-relative image', '<img src="//tracker.example/p.gif">'],
      ['an image given as data', '![x](data:image/gif;base64,R0lGODlhAQABAAAAACw=)'],
      ['a library path on another host', `![x](https://tracker.example${LIBRARY_IMAGE})`],
    ])('%s is a 400 naming the body, on create and on edit', async (_label, body) => {
      const before = await t.db.query('SELECT count(*)::int AS n FROM newsletters');
      const res = await request(t.url)
        .post('/api/newsletters')
        .set(as(author))
        .send({ title: 'Pixel', body })
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: 'body', message: expect.stringMatching(/^images must be files from the library/) },
      ]);
      const after = await t.db.query('SELECT count(*)::int AS n FROM newsletters');
      expect(after.rows[0].n).toBe(before.rows[0].n);

      const created = await request(t.url)
        .post('/api/newsletters')
        .set(as(author))
        .send({ title: 'Clean', body: 'Nothing remote.' })
        .expect(201);
      const id = (created.body as Newsletter).id;
      const edit = await request(t.url)
        .patch(`/api/newsletters/${id}`)
        .set(as(author))
        .send({ body })
        .expect(400);
      expect(edit.body.errors.map((e: { field: string }) => e.field)).toEqual(['body']);
      const row = await t.db.query('SELECT body, html FROM newsletters WHERE id = $1', [id]);
      expect(row.rows[0]).toEqual({ body: 'Nothing remote.', html: '<p>Nothing remote.</p>' });
    });

    it('keeps an image from the library, and the preview drops any other', async () => {
      const created = await request(t.url)
        .post('/api/newsletters')
        .set(as(author))
        .send({ title: 'Chart', body: `![Chart](${LIBRARY_IMAGE}?version=2)` })
        .expect(201);
      expect((created.body as Newsletter).html).toBe(
        `<p><img src="${LIBRARY_IMAGE}?version=2" alt="Chart" /></p>`,
      );
      const preview = await request(t.url)
        .post('/api/newsletters/preview')
        .set(as(author))
        .send({ body: 'a ![p](https://tracker.example/p.gif) b <img src="//x.example/q.png">' })
        .expect(200);
      expect(preview.body.html).toBe('<p>a  b </p>');
    });

    it('the pages are served with images limited to the site itself and data: URLs', async () => {
      for (const path of ['/', '/api/newsletters']) {
        const res = await request(t.url).get(path);
        const csp = String(res.headers['content-security-policy']);
        expect(csp).toContain("img-src 'self' data:;");
        expect(csp).not.toMatch(/img-src[^;]*https:/);
      }
    });
  });

  describe('bad input', () => {
    it.each([
      ['an empty title', { title: '' }, 'title'],
      ['a blank title', { title: '   ' }, 'title'],
      ['a two-line title', { title: 'a\nb' }, 'title'],
      ['a title of 201 characters', { title: 'x'.repeat(201) }, 'title'],
      ['unknown topics', { title: 'x', topics: ['no-such-topic'] }, 'topics'],
      ['topics not a list', { title: 'x', topics: 'drugs' }, 'topics'],
      ['public not a boolean', { title: 'x', public: 'yes' }, 'public'],
      ['a body over 200,000 characters', { title: 'x', body: 'x'.repeat(200_001) }, 'body'],
    ])('%s is a 400 naming the field, and nothing is created', async (_label, body, field) => {
      const before = await t.db.query('SELECT count(*)::int AS n FROM newsletters');
      const res = await request(t.url)
        .post('/api/newsletters')
        .set(as(author))
        .send(body)
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      const after = await t.db.query('SELECT count(*)::int AS n FROM newsletters');
      expect(after.rows[0].n).toBe(before.rows[0].n);
    });

    it('a 5 MB body is a 413, and nothing is created', async () => {
      const before = await t.db.query('SELECT count(*)::int AS n FROM newsletters');
      const body = JSON.stringify({ title: 'Big', body: 'x'.repeat(5 * 1024 * 1024) });
      // The server refuses on the declared length and stops reading: send the headers and the
      // first bytes, then wait for the answer rather than writing into a closed connection.
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(`${t.url}/api/newsletters`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${author.token}`,
          },
        });
        const timer = setTimeout(() => reject(new Error('no answer')), 10_000);
        req.on('response', (res) => {
          clearTimeout(timer);
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        req.on('error', () => undefined); // the connection closes under the unsent rest
        req.write(body.slice(0, 64 * 1024));
      });
      expect(status).toBe(413);
      const after = await t.db.query('SELECT count(*)::int AS n FROM newsletters');
      expect(after.rows[0].n).toBe(before.rows[0].n);
    });

    it('a schedule in the past, or not a time, is a 400 and the issue stays cleared', async () => {
      const issue = await clearedIssue({ title: 'Not yet' });
      for (const at of [
        new Date(Date.now() - 60_000).toISOString(),
        'tomorrow',
        '2026-13-01T00:00:00Z',
      ]) {
        const res = await request(t.url)
          .post(`/api/newsletters/${issue.id}/publish`)
          .set(as(author))
          .send({ at })
          .expect(400);
        expect(res.body.errors[0].field).toBe('at');
      }
      const now = await request(t.url)
        .get(`/api/newsletters/${issue.id}`)
        .set(as(author))
        .expect(200);
      expect(now.body.status).toBe('cleared');
      await request(t.url).post(`/api/newsletters/not-a-uuid/submit`).set(as(author)).expect(400);
      await request(t.url)
        .post(`/api/newsletters/00000000-0000-4000-8000-000000000000/submit`)
        .set(as(author))
        .expect(404);
      await request(t.url)
        .post(`/api/newsletters/${issue.id}/return`)
        .set(as(clearer))
        .send({ comment: '' })
        .expect(400);
    });
  });

  describe('scheduling', () => {
    it('publishes at the time given, and can be called off', async () => {
      const issue = await clearedIssue({ title: `Scheduled ${Date.now()}` });
      const at = new Date(Date.now() + 2000).toISOString();
      const res = await request(t.url)
        .post(`/api/newsletters/${issue.id}/publish`)
        .set(as(author))
        .send({ at })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'scheduled', publishAt: at });
      const deadline = Date.now() + 15_000;
      let status = 'scheduled';
      while (status !== 'published' && Date.now() < deadline) {
        await sleep(200);
        status = (await request(t.url).get(`/api/newsletters/${issue.id}`).set(as(author))).body
          .status;
      }
      expect(status).toBe('published');
      const { rows } = await t.db.query<{ published_at: Date }>(
        `SELECT published_at FROM newsletters WHERE id = $1`,
        [issue.id],
      );
      expect(rows[0].published_at.getTime()).toBeGreaterThanOrEqual(Date.parse(at));

      const later = await clearedIssue({ title: `Called off ${Date.now()}` });
      await request(t.url)
        .post(`/api/newsletters/${later.id}/publish`)
        .set(as(author))
        .send({ at: new Date(Date.now() + 1500).toISOString() })
        .expect(200);
      await request(t.url)
        .post(`/api/newsletters/${later.id}/unschedule`)
        .set(as(author))
        .expect(200);
      await sleep(3500);
      const still = await request(t.url)
        .get(`/api/newsletters/${later.id}`)
        .set(as(author))
        .expect(200);
      expect(still.body).toMatchObject({ status: 'cleared', publishAt: null, publishedAt: null });
    });
  });
});

describe('newsletter scheduling across a restart', () => {
  it('fires once even though the server was down at the time', async () => {
    const sink = await startSmtpSink();
    const env = { SMTP_URL: sink.url };
    let t = await startTestApp({ env });
    try {
      const author = await signedInAs(t.db, t.url, 'editor');
      const clearer = await signedInAs(t.db, t.url, 'editor');
      const title = `Restart issue ${Date.now()}`;
      const created = await request(t.url)
        .post('/api/newsletters')
        .set({ Authorization: `Bearer ${author.token}` })
        .send({ title, body: 'Goes out while nobody is running.' })
        .expect(201);
      const id = created.body.id as string;
      await request(t.url)
        .post(`/api/newsletters/${id}/submit`)
        .set({ Authorization: `Bearer ${author.token}` })
        .expect(200);
      await request(t.url)
        .post(`/api/newsletters/${id}/clear`)
        .set({ Authorization: `Bearer ${clearer.token}` })
        .expect(200);
      const at = new Date(Date.now() + 2500);
      await request(t.url)
        .post(`/api/newsletters/${id}/publish`)
        .set({ Authorization: `Bearer ${author.token}` })
        .send({ at: at.toISOString() })
        .expect(200);
      const databaseUrl = t.databaseUrl;
      await t.kill();
      // Down when it is due; back after.
      await sleep(Math.max(0, at.getTime() - Date.now()) + 1000);
      const { rows: before } = await t.db.query(`SELECT status FROM newsletters WHERE id = $1`, [
        id,
      ]);
      expect(before[0].status).toBe('scheduled');
      t = await startTestApp({ env, databaseUrl, truncate: false });
      const deadline = Date.now() + 15_000;
      let status = 'scheduled';
      while (status !== 'published' && Date.now() < deadline) {
        await sleep(200);
        const { rows } = await t.db.query(`SELECT status FROM newsletters WHERE id = $1`, [id]);
        status = rows[0].status;
      }
      expect(status).toBe('published');
      // Approved users: the two editors and the first admin; one copy each, nothing twice.
      const of = () => sink.messages.filter((m) => m.subject === title);
      const wait = Date.now() + 15_000;
      while (of().length < 3 && Date.now() < wait) await sleep(50);
      await sleep(1500);
      expect(
        of()
          .flatMap((m) => m.to)
          .sort(),
      ).toEqual([author.user.email, clearer.user.email, ADMIN_EMAIL].sort());
      const audits = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE target_id = $1 AND action = 'newsletter.published'`,
        [id],
      );
      expect(audits.rows[0].n).toBe(1);
    } finally {
      await t.close();
      await sink.close();
    }
  });
});
