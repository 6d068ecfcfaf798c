import request from 'supertest';
import { buildApplication } from '@testing/factories';
import { mailedLink } from '@testing/mail-links';
import { startSmtpSink, type SmtpSink } from '@testing/smtp';
import { startTestApp, type TestApp } from '@testing/test-app';

interface OutboxRow {
  status: string;
  text: string | null;
  html: string | null;
}

async function outboxRows(t: TestApp, to: string): Promise<OutboxRow[]> {
  const { rows } = await t.db.query<OutboxRow>(
    'SELECT status, text, html FROM mail_outbox WHERE to_address = $1 ORDER BY id',
    [to.toLowerCase()],
  );
  return rows;
}

/** The outbox keeps no link a copy of the database would give away. */
describe('secrets at rest in the mail outbox', () => {
  it('a message waiting to be sent is stored sealed: neither its link nor its text is readable', async () => {
    const t = await startTestApp(); // no SMTP_URL: mail is held in the outbox
    try {
      const form = buildApplication();
      await request(t.url).post('/api/auth/register').send(form).expect(201);
      const { token } = await mailedLink(t.db, form.email, '/verify-email');
      const rows = await outboxRows(t, form.email);
      expect(rows).toHaveLength(1);
      expect(rows[0].text).not.toContain(token);
      expect(rows[0].text).not.toContain('/verify-email');
      expect(rows[0].text).not.toContain(form.name);
      // The link still works: it is composed from the sealed body at send time.
      await request(t.url).post('/api/auth/verify-email').send({ token }).expect(200);
    } finally {
      await t.close();
    }
  });

  describe('with a mail server', () => {
    let smtp: SmtpSink;
    let t: TestApp;
    beforeAll(async () => {
      smtp = await startSmtpSink();
      t = await startTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL: 'http://ocvrn.test' } });
    });
    afterAll(async () => {
      await t?.close();
      await smtp?.close();
    });

    it('a sent message keeps who, what subject and when, but its body is deleted', async () => {
      const form = buildApplication();
      await request(t.url).post('/api/auth/register').send(form).expect(201);
      const { token } = await mailedLink(t.db, form.email, '/verify-email', { sink: smtp });
      const deadline = Date.now() + 10_000;
      let rows = await outboxRows(t, form.email);
      while (rows[0]?.status !== 'sent' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        rows = await outboxRows(t, form.email);
      }
      expect(rows).toEqual([{ status: 'sent', text: null, html: null }]);
      await request(t.url).post('/api/auth/verify-email').send({ token }).expect(200);
    });
  });
});
