import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import {
  assertWebBuilt,
  expectSameDocument,
  h1,
  launchChromium,
  openWatchedPage,
  realtimeConnected,
  screenshot,
  watchNavigations,
  auditPage,
  signIn,
} from '@testing/browser';
import { createUser, type TestUser } from '@testing/factories';
import { startSmtpSink, type SmtpSink } from '@testing/smtp';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * The single point of contact in Chromium. A visitor without an account writes through
 * /contact (with a file) and gets a reference; an officer's open inbox shows the message live.
 * Two officers open it: each sees the other "viewing", and the second sees the first
 * "replying" as they type. The first adds an internal note and sends a reply (emailed through
 * a real SMTP sink). The visitor's tracking page, opened from the receipt, shows the reply but
 * never the note; the visitor answers, and the officer's page shows the answer live. axe-core
 * runs on every page visited; the visitor's pages are checked at 320 px too.
 */

const DESKTOP = { width: 1280, height: 900 };
const NARROW = { width: 320, height: 720 };

describe('browser: the contact point, from visitor to officers and back', () => {
  let t: TestApp | undefined;
  let smtp: SmtpSink | undefined;
  let browser: Browser | undefined;
  /** Answers. */
  let oona: TestUser;
  /** Looks in on the same conversation. */
  let olly: TestUser;
  let contexts: BrowserContext[] = [];
  /** Uncaught exceptions, CSP violations and server errors in any page: each fails the test. */
  let problems: string[] = [];

  const app = (): TestApp => {
    if (!t) throw new Error('the test app did not start');
    return t;
  };
  const mail = (): SmtpSink => {
    if (!smtp) throw new Error('the SMTP sink did not start');
    return smtp;
  };

  beforeAll(async () => {
    assertWebBuilt();
    const [sink, launched] = await Promise.allSettled([startSmtpSink(), launchChromium()]);
    if (sink.status === 'fulfilled') smtp = sink.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (sink.status === 'rejected') throw sink.reason;
    if (launched.status === 'rejected') throw launched.reason;
    t = await startTestApp({ env: { SMTP_URL: sink.value.url } });
    oona = await createUser(app().db, {
      roles: ['member', 'contact_officer'],
      name: 'Oona Officer',
      email: 'oona.officer@ocvrn.test',
    });
    olly = await createUser(app().db, {
      roles: ['member', 'contact_officer'],
      name: 'Olly Officer',
      email: 'olly.officer@ocvrn.test',
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
  });

  function openPage(viewport = DESKTOP): Promise<Page> {
    return openWatchedPage(browser, { baseURL: app().url, viewport }, contexts, problems);
  }

  const audit = (page: Page, label: string) => auditPage(page, `inbox-${label}`);

  function presence(page: Page): Locator {
    return page.getByTestId('presence');
  }

  function liveRegion(page: Page): Locator {
    return page.getByTestId('live-region');
  }

  function withFailureScreenshots(name: string, body: () => Promise<void>) {
    return async () => {
      try {
        await body();
      } catch (error) {
        const pages = contexts.flatMap((c) => c.pages());
        await Promise.all(
          pages.map((p, i) => screenshot(p, `FAILED-inbox-${name}-${i}`).catch(() => undefined)),
        );
        throw error;
      }
    };
  }

  it(
    'takes a visitor’s message to the officers live, shows who is on it, and carries the reply back',
    withFailureScreenshots('round-trip', async () => {
      const tag = randomUUID().slice(0, 6);
      const subject = `Data on organised acquisitive crime ${tag}`;
      const visitorEmail = `vera.${tag}@example.org`;
      const note = `Checked with the research team ${tag}: we can share the 2023 tables.`;
      const reply = `Thank you for writing ${tag}.\nThe tables are attached to our newsletter.`;
      const answer = `Many thanks ${tag}, that is exactly what I needed.`;

      // Oona has the inbox open throughout, the socket connected.
      const officer = await openPage();
      await signIn(officer, oona);
      await officer
        .getByRole('navigation', { name: 'Menu' })
        .getByRole('link', { name: 'Inbox' })
        .click();
      await officer.waitForURL((url) => url.pathname === '/inbox');
      await h1(officer, 'Inbox');
      await realtimeConnected(officer);
      await officer.getByText('The inbox is empty', { exact: true }).waitFor();
      expect(await officer.title()).toBe('Inbox – OCVRN');
      await audit(officer, 'list-empty');
      const officerWatch = await watchNavigations(officer);

      // Vera, no account, on a phone: from the footer to the form; an empty send says why.
      const visitor = await openPage(NARROW);
      await visitor.goto('/');
      await visitor.getByRole('contentinfo').getByRole('link', { name: 'Contact us' }).click();
      await visitor.waitForURL((url) => url.pathname === '/contact');
      await h1(visitor, 'Contact us');
      await visitor.getByRole('button', { name: 'Send message', exact: true }).click();
      const summary = visitor.locator('.govuk-error-summary');
      await summary.getByRole('link', { name: 'Enter your name' }).waitFor();
      await summary.getByRole('link', { name: 'Select what your message is about' }).waitFor();
      expect(await visitor.title()).toBe('Error: Contact us – OCVRN');
      await audit(visitor, 'contact-errors');

      await visitor.getByLabel('Your name', { exact: true }).fill('Vera Visitor');
      await visitor.getByLabel('Email address', { exact: true }).fill(visitorEmail);
      await visitor.getByLabel('Organisation (optional)').fill('University of Hull');
      await visitor.getByRole('radio', { name: 'Research findings', exact: true }).check();
      await visitor.getByLabel('Subject', { exact: true }).fill(subject);
      await visitor
        .getByLabel('Your message', { exact: true })
        .fill('Could the network share its figures on vehicle crime?\nThey would help our study.');
      await visitor.getByLabel('Attach files (optional)').setInputFiles({
        name: 'study-outline.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('Outline of the study: methods, data sources, timetable.\n'),
      });
      await visitor.getByText('1 file selected', { exact: true }).waitFor();
      await visitor.getByRole('button', { name: 'Send message', exact: true }).click();
      await h1(visitor, 'Message sent');
      const reference = (await visitor.getByTestId('contact-reference').innerText()).trim();
      expect(reference).toMatch(/^OCR-\d{4}-[0-9A-HJKMNP-TV-Z]{8}$/);
      expect(await visitor.title()).toBe('Message sent – OCVRN');
      await audit(visitor, 'contact-sent');
      const ack = await mail().waitFor((m) => m.to.includes(visitorEmail));
      expect(ack.subject).toContain(reference);

      // Oona, never reloaded: the conversation is listed and announced.
      const row = officer.getByTestId('inbox-row').filter({ hasText: reference });
      await row.getByRole('link', { name: subject }).waitFor();
      await row.getByText('Vera Visitor').waitFor();
      await row.getByText('New', { exact: true }).waitFor();
      await row.getByText('Not yet answered').waitFor();
      await liveRegion(officer)
        .getByText(`New message to the contact point from Vera Visitor: ${subject}`)
        .waitFor();
      await expectSameDocument(officer, officerWatch);
      await audit(officer, 'list-live');

      // Oona opens it; Olly opens it too: each sees the other.
      await row.getByRole('link', { name: subject }).click();
      await officer.waitForURL((url) => /^\/inbox\/[0-9a-f-]{36}$/.test(url.pathname));
      await h1(officer, subject);
      const threadPath = new URL(officer.url()).pathname;
      await officer.getByText('study-outline.txt').waitFor();

      const colleague = await openPage();
      await signIn(colleague, olly);
      await realtimeConnected(colleague);
      await colleague.goto(threadPath);
      await h1(colleague, subject);
      await presence(colleague).getByText('Oona Officer is viewing this conversation.').waitFor();
      await presence(officer).getByText('Olly Officer is viewing this conversation.').waitFor();

      // Oona starts typing: Olly is warned she is replying.
      const replyForm = officer.getByRole('form', { name: 'Reply or add a note' });
      const box = replyForm.getByLabel('Message', { exact: true });
      await box.click();
      await box.fill(note);
      await presence(colleague)
        .getByText(/Oona Officer is replying/)
        .waitFor();
      expect(
        await presence(colleague)
          .getByText(/is viewing/)
          .count(),
      ).toBe(0);
      await audit(colleague, 'thread-presence');

      // An internal note, then the reply.
      await officer.getByRole('button', { name: 'Add internal note', exact: true }).click();
      const noteMessage = officer.getByTestId('message').filter({ hasText: note });
      await noteMessage.getByText('Internal note — not sent').waitFor();
      await replyForm.getByText('Internal note added. It was not sent to the sender.').waitFor();
      await colleague.getByTestId('message').filter({ hasText: note }).waitFor();

      await box.fill(reply);
      await officer.getByRole('button', { name: 'Send reply', exact: true }).click();
      await replyForm.getByText('Reply sent to Vera Visitor.').waitFor();
      const replyMessage = officer.getByTestId('message').filter({ hasText: reply.split('\n')[0] });
      await replyMessage.waitFor();
      expect(await replyMessage.getByText('Internal note — not sent').count()).toBe(0);
      // The box is empty and left: Olly sees her viewing again.
      await presence(colleague).getByText('Oona Officer is viewing this conversation.').waitFor();
      await officer.locator('.govuk-summary-list').getByText('Waiting for sender').waitFor();
      await audit(officer, 'thread-replied');
      const emailed = await mail().waitFor(
        (m) => m.to.includes(visitorEmail) && m.raw.includes(tag) && m !== ack,
      );
      expect(emailed.subject).toContain(reference);
      expect(emailed.raw).not.toContain(note);
      const threadWatch = await watchNavigations(officer);

      // Vera follows the link of the receipt: the reply is there, the note is not.
      await visitor.getByRole('link', { name: 'Follow your conversation' }).click();
      await visitor.waitForURL((url) => url.pathname === `/contact/track/${reference}`);
      await h1(visitor, subject);
      const conversation = visitor.getByRole('list', { name: 'Conversation' });
      await conversation.getByText(reply.split('\n')[1]).waitFor();
      await conversation.getByText('Oona Officer (OCVRN contact point)').waitFor();
      expect(await visitor.getByText(note).count()).toBe(0);
      expect(await visitor.getByText('Internal note').count()).toBe(0);
      await audit(visitor, 'track');

      await visitor.getByLabel('Your reply', { exact: true }).fill(answer);
      await visitor.getByRole('button', { name: 'Send reply', exact: true }).click();
      await visitor
        .getByRole('form', { name: 'Reply' })
        .getByText('Your reply has been sent.')
        .waitFor();
      await conversation.getByText(answer).waitFor();
      await audit(visitor, 'track-replied');

      // Oona, on the conversation all along, sees Vera's answer arrive, and the status move.
      await officer.getByTestId('message').filter({ hasText: answer }).waitFor();
      await officer.locator('.govuk-summary-list').getByText('Open', { exact: true }).waitFor();
      await liveRegion(officer)
        .getByText(`New message from Vera Visitor in conversation ${reference}`)
        .waitFor();
      await expectSameDocument(officer, threadWatch);

      // A link with a wrong key says so, without telling whether the reference exists.
      await visitor.goto(`/contact/track/${reference}?token=${'x'.repeat(43)}`);
      await h1(visitor, 'This link does not open a conversation');
      await audit(visitor, 'track-bad-link');
    }),
  );
});
