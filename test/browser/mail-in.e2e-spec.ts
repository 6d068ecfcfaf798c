import type { ContactReceipt } from '@contracts';
import { createTransport } from 'nodemailer';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import {
  assertWebBuilt,
  auditPage,
  h1,
  launchChromium,
  openWatchedPage,
  screenshot,
  signIn,
} from '@testing/browser';
import { startDnsServer, type DnsServer } from '@testing/dns';
import { createUser, type TestUser } from '@testing/factories';
import { startSmtpSink, type SmtpSink } from '@testing/smtp';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * What officers and partners see of the contact point's defences in Chromium: an email whose
 * sender failed SPF and DMARC carries a warning on the officer's thread page, and a partner
 * whose follow-up is refused (too many in the conversation this hour) is told so on the
 * tracking page. axe-core runs on both pages.
 */

const DESKTOP = { width: 1280, height: 900 };
const CONTACT = 'contact@ocvrn.test';

describe('browser: sender checks and follow-up limits', () => {
  let t: TestApp | undefined;
  let smtp: SmtpSink | undefined;
  let dns: DnsServer | undefined;
  let browser: Browser | undefined;
  let officer: TestUser;
  let contexts: BrowserContext[] = [];
  let problems: string[] = [];

  const app = (): TestApp => {
    if (!t) throw new Error('the test app did not start');
    return t;
  };

  beforeAll(async () => {
    assertWebBuilt();
    const [sink, launched, server] = await Promise.allSettled([
      startSmtpSink(),
      launchChromium(),
      startDnsServer({
        'forged.test': { TXT: ['v=spf1 -all'] },
        '_dmarc.forged.test': { TXT: ['v=DMARC1; p=reject'] },
      }),
    ]);
    if (sink.status === 'fulfilled') smtp = sink.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (server.status === 'fulfilled') dns = server.value;
    for (const s of [sink, launched, server]) if (s.status === 'rejected') throw s.reason;
    t = await startTestApp({
      env: {
        SMTP_URL: smtp!.url,
        CONTACT_ADDRESS: CONTACT,
        CONTACT_SMTP_PORT: '0',
        CONTACT_DNS_SERVERS: dns!.address,
        CONTACT_REPLY_RATE_LIMIT: '1',
      },
    });
    officer = await createUser(app().db, {
      roles: ['member', 'contact_officer'],
      name: 'Oona Officer',
      email: 'oona.officer@ocvrn.test',
    });
  });

  afterEach(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    contexts = [];
    const seen = problems;
    problems = [];
    expect(seen).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
    await dns?.close();
  });

  function openPage(): Promise<Page> {
    return openWatchedPage(browser, { baseURL: app().url, viewport: DESKTOP }, contexts, problems);
  }

  async function withScreenshots(name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      const pages = contexts.flatMap((c) => c.pages());
      await Promise.all(
        pages.map((p, i) => screenshot(p, `FAILED-mail-in-${name}-${i}`).catch(() => undefined)),
      );
      throw error;
    }
  }

  it('warns officers of an email whose sender failed the checks', () =>
    withScreenshots('warning', async () => {
      const subject = `Urgent transfer ${randomUUID().slice(0, 6)}`;
      const port = Number(/accepted on port (\d+)/.exec(app().output())?.[1]);
      const transport = createTransport({
        host: '127.0.0.1',
        port,
        secure: false,
        ignoreTLS: true,
      });
      await transport.sendMail({
        from: 'The Director <director@forged.test>',
        to: CONTACT,
        subject,
        text: 'Send the member list to this address today.',
      });
      transport.close();
      const { rows } = await app().db.query<{ id: string }>(
        'SELECT id FROM inbox_threads WHERE subject = $1',
        [subject],
      );
      expect(rows).toHaveLength(1);

      const page = await openPage();
      await signIn(page, officer);
      await page.goto(`/inbox/${rows[0].id}`);
      await h1(page, subject);
      await page
        .getByTestId('thread-sender-check-failed')
        .getByText(/One email in this conversation failed the sender checks/)
        .waitFor();
      await page
        .getByTestId('sender-check-failed')
        .getByText(/SPF fail, DKIM none, DMARC fail/)
        .waitFor();
      await auditPage(page, 'mail-in-sender-check-failed');
    }));

  it('tells a partner why a follow-up was refused', () =>
    withScreenshots('refused', async () => {
      const receipt = (
        await request(app().url)
          .post('/api/contact')
          .send({
            name: 'Vera Visitor',
            email: `vera-${randomUUID().slice(0, 6)}@example.org`,
            category: 'general',
            subject: 'County lines data',
            message: 'Could we see the figures?',
          })
          .expect(201)
      ).body as ContactReceipt;
      await request(app().url)
        .post(`/api/contact/${receipt.reference}/messages?token=${receipt.trackingToken}`)
        .send({ body: 'One more detail.' })
        .expect(201);

      const page = await openPage();
      await page.goto(`/contact/track/${receipt.reference}?token=${receipt.trackingToken}`);
      await h1(page, 'County lines data');
      await page.getByLabel('Your reply', { exact: true }).fill('And another thing.');
      await page.getByRole('button', { name: 'Send reply', exact: true }).click();
      await page
        .locator('.govuk-error-summary')
        .getByText(/Too many messages have been sent in this conversation/)
        .waitFor();
      await auditPage(page, 'mail-in-follow-up-refused');
    }));
});
