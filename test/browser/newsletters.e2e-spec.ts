import { randomUUID } from 'node:crypto';
import type { Newsletter, NewsletterSubscription } from '@contracts';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import request from 'supertest';
import {
  assertWebBuilt,
  expectSameDocument,
  h1,
  launchChromium,
  openWatchedPage,
  realtimeConnected,
  screenshot,
  UI_TIMEOUT,
  watchNavigations,
  auditPage,
  signIn,
} from '@testing/browser';
import { createUser, login, type TestUser } from '@testing/factories';
import { startSmtpSink, type SmtpSink } from '@testing/smtp';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * The newsletter in Chromium. An editor writes an issue (the server's preview follows the
 * Markdown as it is typed, the draft saves itself) and submits it; a second editor returns it
 * with a comment, which the author sees arrive live, then clears and publishes it; a member,
 * on another page all along, sees the count on the "Newsletter" link go up, reads the issue in
 * the archive, and unsubscribes from the link in its email. Then, at 320 px, a member chooses
 * which issues they get, and the editor's and reader's pages keep to the screen. axe-core runs
 * on every page and state visited and fails the test on a serious or critical violation.
 */

const PUBLIC_URL = 'http://ocvrn.test';
const DESKTOP = { width: 1024, height: 768 };
const NARROW = { width: 320, height: 720 };

/** Undoes quoted-printable (soft breaks, =XX), enough to read a link out of a raw message. */
function decodeQuotedPrintable(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds, or fails naming what did not happen within UI_TIMEOUT. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`${what} within ${UI_TIMEOUT} ms`);
}

describe('browser: the newsletter, from draft to reader', () => {
  let t: TestApp | undefined;
  let smtp: SmtpSink | undefined;
  let browser: Browser | undefined;
  /** Writes the issue. */
  let edith: TestUser;
  /** Clears it. */
  let clara: TestUser;
  /** Reads it. */
  let mo: TestUser;
  let contexts: BrowserContext[] = [];
  /** Uncaught exceptions, CSP violations and server errors in any page: each fails the test. */
  let problems: string[] = [];

  const app = (): TestApp => {
    if (!t) throw new Error('the test app did not start');
    return t;
  };

  beforeAll(async () => {
    assertWebBuilt();
    const [sink, launched] = await Promise.allSettled([startSmtpSink(), launchChromium()]);
    if (sink.status === 'fulfilled') smtp = sink.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (sink.status === 'rejected') throw sink.reason;
    if (launched.status === 'rejected') throw launched.reason;
    t = await startTestApp({ env: { SMTP_URL: sink.value.url, PUBLIC_URL } });

    edith = await createUser(app().db, {
      roles: ['member', 'editor'],
      name: 'Edith Editor',
      email: 'edith.editor@ocvrn.test',
    });
    clara = await createUser(app().db, {
      roles: ['member', 'editor'],
      name: 'Clara Clearer',
      email: 'clara.clearer@ocvrn.test',
    });
    mo = await createUser(app().db, { name: 'Mo Member', email: 'mo.member@example.ac.uk' });
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

  /** A fresh browser context (a separate user) with one watched page. */
  function openPage(viewport = DESKTOP): Promise<Page> {
    return openWatchedPage(browser, { baseURL: app().url, viewport }, contexts, problems);
  }

  const audit = (page: Page, label: string) => auditPage(page, `newsletters-${label}`);

  /** The header's menu (behind the "Menu" toggle on a narrow screen). */
  function menu(page: Page): Locator {
    return page.getByRole('navigation', { name: 'Menu' });
  }

  async function menuLink(page: Page, name: string | RegExp): Promise<void> {
    const toggle = menu(page).getByRole('button', { name: /^Menu/ });
    if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-expanded')) !== 'true') {
      await toggle.click();
    }
    await menu(page).getByRole('link', { name }).click();
  }

  /** The banner a workflow step shows (role="alert", given the focus). */
  async function banner(page: Page, text: string): Promise<void> {
    const alert = page.getByRole('alert').filter({ hasText: text });
    await alert.waitFor();
    await page.waitForFunction((el) => el === document.activeElement, await alert.elementHandle(), {
      timeout: 3_000,
    });
  }

  const saveStatus = (page: Page) => page.locator('#newsletter-save-status');
  const preview = (page: Page) => page.getByTestId('newsletter-preview');

  async function issueRow(id: string) {
    const { rows } = await app().db.query<{
      title: string;
      summary: string;
      body: string;
      status: string;
      topics: string[];
      public: boolean;
    }>('SELECT title, summary, body, status, topics, public FROM newsletters WHERE id = $1', [id]);
    return rows[0];
  }

  async function subscriptionOf(user: TestUser): Promise<NewsletterSubscription> {
    const { accessToken } = await login(app().url, user.email);
    const res = await request(app().url)
      .get('/api/newsletters/subscription')
      .set('Authorization', `Bearer ${accessToken}`)
      .expect(200);
    const body = res.body as NewsletterSubscription;
    return { all: body.all, topics: [...body.topics].sort() };
  }

  /** Runs a test body; on failure, screenshots every open page into test-results/. */
  function withFailureScreenshots(name: string, body: () => Promise<void>) {
    return async () => {
      try {
        await body();
      } catch (error) {
        const pages = contexts.flatMap((c) => c.pages());
        await Promise.all(
          pages.map((p, i) =>
            screenshot(p, `FAILED-newsletters-${name}-${i}`).catch(() => undefined),
          ),
        );
        throw error;
      }
    };
  }

  it(
    'is written with a live preview, returned, cleared, published, seen live and read',
    withFailureScreenshots('workflow', async () => {
      if (!smtp) throw new Error('the SMTP sink did not start');
      const title = `County lines update ${randomUUID().slice(0, 6)}`;
      const summary = 'What changed in county lines drug markets this quarter.';
      const comment = 'Please name the source of the figures.';

      // Mo, a member, is on the home page throughout, the socket connected.
      const reader = await openPage();
      await signIn(reader, mo);
      await realtimeConnected(reader);
      const readerWatch = await watchNavigations(reader);

      // Edith: the archive (empty), her drafts (none), a new issue.
      const author = await openPage();
      await signIn(author, edith);
      await menuLink(author, 'Newsletter');
      await author.waitForURL((url) => url.pathname === '/newsletters');
      await h1(author, 'Newsletter');
      await author.getByText('No issues have been published yet', { exact: true }).waitFor();
      expect(await author.title()).toBe('Newsletter – OCVRN');
      await audit(author, 'archive-empty');

      await author.getByRole('link', { name: 'Drafts and clearance' }).click();
      await h1(author, 'Newsletter drafts and clearance');
      await author.getByText('No drafts: start a new issue', { exact: true }).waitFor();
      await audit(author, 'drafts-empty');

      await author.getByRole('link', { name: 'New issue', exact: true }).click();
      await h1(author, 'New newsletter issue');
      await author.getByRole('checkbox', { name: 'Drugs', exact: true }).waitFor();
      await audit(author, 'new');

      // Nothing typed: the summary names the missing title and links to it.
      await author.getByRole('button', { name: 'Save as draft', exact: true }).click();
      const errors = author.locator('.govuk-error-summary');
      await errors.getByRole('link', { name: 'Enter a title' }).waitFor();
      expect(await author.title()).toBe('Error: New newsletter issue – OCVRN');
      await audit(author, 'new-errors');

      // The preview is the server's rendering of the Markdown, beside the text on a wide screen.
      await author.getByLabel('Title', { exact: true }).fill(title);
      await author.getByLabel('Summary (optional)', { exact: true }).fill(summary);
      const bodyField = author.getByLabel('Text', { exact: true });
      await bodyField.fill(
        '## Findings\n\nMarkets are **changing** fast.\n\n- More lines\n- Younger runners\n\n' +
          '<script>window.__injected = true</script>',
      );
      await preview(author).getByRole('heading', { name: 'Findings', exact: true }).waitFor();
      await preview(author).locator('strong', { hasText: 'changing' }).waitFor();
      await preview(author).getByRole('listitem').filter({ hasText: 'Younger runners' }).waitFor();
      expect(await preview(author).locator('script').count()).toBe(0);
      expect(
        await author.evaluate(() => (window as { __injected?: boolean }).__injected ?? false),
      ).toBe(false);
      const textBox = await bodyField.boundingBox();
      const previewBox = await preview(author).boundingBox();
      expect(previewBox && textBox && previewBox.x > textBox.x + textBox.width / 2).toBe(true);
      await author.getByRole('checkbox', { name: 'Drugs', exact: true }).check();
      expect(
        await author.getByRole('radio', { name: 'Members only', exact: true }).isChecked(),
      ).toBe(true);
      await audit(author, 'new-preview');

      await author.getByRole('button', { name: 'Save as draft', exact: true }).click();
      await author.waitForURL((url) => /^\/newsletters\/[0-9a-f-]{36}\/edit$/.test(url.pathname));
      const id = new URL(author.url()).pathname.split('/')[2];
      await h1(author, 'Edit draft');
      await saveStatus(author)
        .getByText(/^Saved at \d\d:\d\d$/)
        .waitFor();
      expect(await issueRow(id)).toMatchObject({
        title,
        summary,
        status: 'draft',
        topics: ['drugs'],
        public: false,
      });
      await audit(author, 'edit-draft');

      // Autosave: a change is saved a moment after the typing stops, and previewed.
      await bodyField.fill(`${await bodyField.inputValue()}\n\n### Sources\n\nNational data.`);
      await preview(author).getByRole('heading', { name: 'Sources', exact: true }).waitFor();
      await until(
        async () => (await issueRow(id)).body.includes('### Sources'),
        'the edited text was not saved',
      );
      await saveStatus(author)
        .getByText(/^Saved at \d\d:\d\d$/)
        .waitFor();

      // Submitted: the author may not clear it, and the page says why.
      await author.getByRole('button', { name: 'Submit for clearance', exact: true }).click();
      await banner(author, 'Submitted for clearance. Another editor will check it.');
      await h1(author, title);
      const clearOwn = author.getByRole('button', { name: 'Clear for publication' });
      expect(await clearOwn.isDisabled()).toBe(true);
      await author.getByText('You cannot clear this issue because you wrote it.').waitFor();
      await realtimeConnected(author);
      await audit(author, 'submitted-author');
      const authorWatch = await watchNavigations(author);

      // Clara: the issue waits in her list; she returns it with a comment.
      const clearer = await openPage();
      await signIn(clearer, clara);
      await clearer.goto('/newsletters/drafts');
      await h1(clearer, 'Newsletter drafts and clearance');
      await clearer
        .getByRole('navigation', { name: 'Issue status' })
        .getByRole('link', { name: 'Submitted for clearance' })
        .click();
      await clearer.waitForURL((url) => url.search === '?status=submitted');
      const row = clearer.getByTestId(`newsletter-${id}`);
      await row.getByText('Edith Editor', { exact: false }).waitFor();
      await row.getByText('Submitted for clearance', { exact: true }).waitFor();
      await audit(clearer, 'drafts-submitted');
      await row.getByRole('link', { name: title }).click();
      await h1(clearer, title);
      await realtimeConnected(clearer);
      await clearer.getByRole('button', { name: 'Return with comments', exact: true }).click();
      const commentField = clearer.getByLabel('What needs to change?', { exact: true });
      await clearer.waitForFunction(
        () => document.activeElement?.id === 'newsletter-return-comment',
      );
      await audit(clearer, 'return-form');
      await commentField.fill(comment);
      await clearer.getByRole('button', { name: 'Return for changes', exact: true }).click();
      await banner(clearer, 'Returned to Edith Editor for changes.');

      // Edith, never reloaded: the draft is back, with the comment on top.
      await h1(author, 'Edit draft');
      const returned = author.getByRole('region', { name: 'Returned for changes' });
      await returned.getByText(comment, { exact: true }).waitFor();
      await returned.getByText('Clara Clearer returned this draft for changes').waitFor();
      await expectSameDocument(author, authorWatch);
      await author
        .getByRole('region', { name: 'History' })
        .getByText(comment, { exact: true })
        .waitFor();
      await audit(author, 'returned');

      await bodyField.fill(`${await bodyField.inputValue()}\n\nSource: the national data hub.`);
      await until(
        async () => (await issueRow(id)).body.includes('national data hub'),
        'the fix was not saved',
      );
      await author.getByRole('button', { name: 'Submit for clearance', exact: true }).click();
      await banner(author, 'Submitted for clearance. Another editor will check it.');

      // Clara's page follows; she clears it, tries a time in the past, then publishes.
      const clear = clearer.getByRole('button', { name: 'Clear for publication', exact: true });
      await clear.waitFor();
      expect(await clear.isDisabled()).toBe(false);
      await clear.click();
      await banner(clearer, 'Cleared for publication. It can now be published or scheduled.');
      await audit(clearer, 'cleared');

      await clearer.getByLabel('Publish at a later time', { exact: true }).fill('2020-01-01T09:00');
      await clearer.getByRole('button', { name: 'Schedule', exact: true }).click();
      await clearer
        .locator('#newsletter-publish-at-error')
        .getByText('The time to publish must be in the future')
        .waitFor();
      await audit(clearer, 'schedule-error');

      await clearer.getByRole('button', { name: 'Publish now', exact: true }).click();
      const confirm = clearer.getByRole('group', { name: /^Publish this issue now\?/ });
      await confirm.waitFor();
      await audit(clearer, 'publish-confirm');
      await confirm.getByRole('button', { name: 'Yes, publish now', exact: true }).click();
      await banner(clearer, 'Published. Members who follow its topics are being emailed.');
      await clearer.getByRole('heading', { name: 'Email delivery' }).waitFor();
      expect((await issueRow(id)).status).toBe('published');
      await audit(clearer, 'published');

      // Mo, still on the home page: the count on the Newsletter link, and the announcement.
      const newsletterLink = menu(reader).getByRole('link', { name: /^Newsletter/ });
      await menu(reader)
        .getByRole('link', { name: /^Newsletter\W+1 new issue$/ })
        .waitFor();
      expect(await newsletterLink.locator('.app-nav-badge').innerText()).toBe('1');
      await reader
        .getByTestId('live-region')
        .getByText(`A newsletter was published: ${title}`)
        .waitFor();
      await expectSameDocument(reader, readerWatch);
      await audit(reader, 'home-badge');

      // The archive clears the count; the issue is there, members only, with its topic.
      await newsletterLink.click();
      await h1(reader, 'Newsletter');
      const item = reader.getByTestId(`newsletter-${id}`);
      await item.getByRole('link', { name: title }).waitFor();
      await item.getByText('Members only', { exact: true }).waitFor();
      await item.getByText('Drugs', { exact: true }).waitFor();
      await item.getByText(summary, { exact: true }).waitFor();
      expect(await newsletterLink.locator('.app-nav-badge').count()).toBe(0);
      await reader.getByRole('link', { name: 'Choose which issues you get by email' }).waitFor();
      expect(await reader.getByRole('link', { name: 'Drafts and clearance' }).count()).toBe(0);
      await audit(reader, 'archive-member');

      // A search that finds it, and one that does not.
      const search = reader.getByRole('search', { name: 'Newsletter archive' });
      await search.getByLabel('Search the newsletter').fill('runners');
      await search.getByRole('button', { name: 'Search', exact: true }).click();
      await reader.waitForURL((url) => url.searchParams.get('q') === 'runners');
      await item.waitFor();
      await search.getByLabel('Search the newsletter').fill('zzyzx');
      await search.getByRole('button', { name: 'Search', exact: true }).click();
      await reader.getByText('No issues match your search', { exact: true }).waitFor();
      await audit(reader, 'archive-no-match');
      await reader.getByRole('link', { name: 'Clear your search' }).click();
      await item.waitFor();

      // The reader: the server's HTML in the page.
      await item.getByRole('link', { name: title }).click();
      await reader.waitForURL((url) => url.pathname === `/newsletters/${id}`);
      await h1(reader, title);
      const main = reader.locator('main');
      await main.getByRole('heading', { name: 'Findings', exact: true }).waitFor();
      await main.getByText('Source: the national data hub.').waitFor();
      await main.getByText(/^Published \d+ \w+ \d{4}$/).waitFor();
      expect(await main.locator('script').count()).toBe(0);
      expect(await reader.title()).toBe(`${title} – OCVRN`);
      await audit(reader, 'reader');

      // Anonymous: a members-only issue is neither listed nor readable.
      const visitor = await openPage();
      await visitor.goto('/newsletters');
      await h1(visitor, 'Newsletter');
      await visitor.getByText('No public issues yet', { exact: true }).waitFor();
      await audit(visitor, 'archive-anonymous');
      await visitor.goto(`/newsletters/${id}`);
      await h1(visitor, 'Issue not found');
      await visitor.getByText('Some issues are for members only.').waitFor();
      await audit(visitor, 'reader-anonymous-not-found');

      // The email: its unsubscribe link asks before doing anything.
      const mail = await smtp.waitFor((m) => m.to.includes(mo.email) && m.subject === title);
      const link = new RegExp(
        `${PUBLIC_URL.replace(/\./g, '\\.')}/newsletters/unsubscribe\\?token=[^\\s"'<>]+`,
      ).exec(decodeQuotedPrintable(mail.raw))?.[0];
      if (!link) throw new Error(`no unsubscribe link in:\n${mail.raw}`);
      const { pathname, search: query } = new URL(link.replace(/&amp;/g, '&'));
      await visitor.goto(`${pathname}${query}`);
      await h1(visitor, 'Unsubscribe from the newsletter');
      await audit(visitor, 'unsubscribe');
      expect(await subscriptionOf(mo)).toEqual({ all: true, topics: [] });
      await visitor.getByRole('button', { name: 'Unsubscribe', exact: true }).click();
      await h1(visitor, 'You have been unsubscribed');
      await visitor.getByText(/will no longer get the OCVRN newsletter by email/).waitFor();
      expect(await visitor.locator('main').innerText()).not.toContain(mo.email);
      await audit(visitor, 'unsubscribed');
      expect(await subscriptionOf(mo)).toEqual({ all: false, topics: [] });

      // A link that was tampered with.
      await visitor.goto('/newsletters/unsubscribe?token=not-a-real-token');
      await visitor.getByRole('button', { name: 'Unsubscribe', exact: true }).click();
      await h1(visitor, 'This unsubscribe link is not valid');
      await audit(visitor, 'unsubscribe-invalid');
    }),
  );

  it(
    'saves a member’s choice of emails; every page fits 320 px',
    withFailureScreenshots('narrow', async () => {
      const sam = await createUser(app().db, { name: 'Sam Subscriber' });
      const title = `Money mules ${randomUUID().slice(0, 6)}`;

      // A public issue, published through the API by the two editors.
      const [author, clearer] = await Promise.all([
        login(app().url, edith.email),
        login(app().url, clara.email),
      ]);
      const as = (token: string) => ({ Authorization: `Bearer ${token}` });
      const created = await request(app().url)
        .post('/api/newsletters')
        .set(as(author.accessToken))
        .send({
          title,
          summary: 'Recruitment of money mules online.',
          body: '## Recruitment\n\nAdverts on social media.',
          topics: ['money-laundering'],
          public: true,
        })
        .expect(201);
      const id = (created.body as Newsletter).id;
      await request(app().url)
        .post(`/api/newsletters/${id}/submit`)
        .set(as(author.accessToken))
        .expect(200);
      await request(app().url)
        .post(`/api/newsletters/${id}/clear`)
        .set(as(clearer.accessToken))
        .expect(200);
      await request(app().url)
        .post(`/api/newsletters/${id}/publish`)
        .set(as(clearer.accessToken))
        .send({})
        .expect(200);

      // Anyone: the public issue in the archive and the reader, on a phone.
      const visitor = await openPage(NARROW);
      await visitor.goto('/newsletters');
      await h1(visitor, 'Newsletter');
      const item = visitor.getByTestId(`newsletter-${id}`);
      await item.getByRole('link', { name: title }).waitFor();
      expect(await item.getByText('Members only').count()).toBe(0);
      await audit(visitor, 'archive-anonymous-320');
      await item.getByRole('link', { name: title }).click();
      await h1(visitor, title);
      await visitor.getByRole('heading', { name: 'Recruitment', exact: true }).waitFor();
      await audit(visitor, 'reader-anonymous-320');

      // Sam, on a phone: the archive, then the choice of emails.
      const page = await openPage(NARROW);
      await signIn(page, sam);
      await menuLink(page, /^Newsletter/);
      await h1(page, 'Newsletter');
      await page.getByTestId(`newsletter-${id}`).waitFor();
      await page.locator('details summary', { hasText: 'Filter by topic' }).click();
      await page
        .getByRole('checkbox', { name: 'Money laundering', exact: false })
        .first()
        .waitFor();
      await audit(page, 'archive-member-320-topics');

      await page.getByRole('link', { name: 'Choose which issues you get by email' }).click();
      await h1(page, 'Newsletter emails');
      const all = page.getByRole('radio', { name: 'All issues', exact: true });
      expect(await all.isChecked()).toBe(true);
      await audit(page, 'subscription-320');

      // Topics, but none chosen: the error says so.
      await page.getByRole('radio', { name: 'Only issues about these topics' }).check();
      const drugs = page.getByRole('checkbox', { name: 'Drugs', exact: true });
      await drugs.waitFor();
      await page.getByRole('button', { name: 'Save your choice', exact: true }).click();
      const problem = 'Select at least one topic, or choose “No newsletter emails”';
      await page.locator('.govuk-error-summary').getByRole('link', { name: problem }).waitFor();
      expect(await page.title()).toBe('Error: Newsletter emails – OCVRN');
      await audit(page, 'subscription-320-error');

      await drugs.check();
      await page.getByRole('checkbox', { name: 'Cyber crime', exact: true }).check();
      await page.getByRole('button', { name: 'Save your choice', exact: true }).click();
      await banner(page, 'Your newsletter emails are updated');
      await page.getByText('You will get issues about Drugs, Cyber crime by email.').waitFor();
      await audit(page, 'subscription-320-saved');
      expect(await subscriptionOf(sam)).toEqual({ all: false, topics: ['cyber-crime', 'drugs'] });

      await page.getByRole('radio', { name: 'No newsletter emails', exact: true }).check();
      await page.getByRole('button', { name: 'Save your choice', exact: true }).click();
      await banner(page, 'You will not get newsletter emails.');
      expect(await subscriptionOf(sam)).toEqual({ all: false, topics: [] });

      // The same page on a wide screen.
      const wide = await openPage();
      await signIn(wide, sam);
      await wide.goto('/newsletters/subscription');
      await h1(wide, 'Newsletter emails');
      expect(
        await wide.getByRole('radio', { name: 'No newsletter emails', exact: true }).isChecked(),
      ).toBe(true);
      await audit(wide, 'subscription');

      // An editor on a phone: the lists, a new issue (the preview under the text), its editor.
      const editor = await openPage(NARROW);
      await signIn(editor, edith);
      await editor.goto('/newsletters/drafts?status=published');
      await h1(editor, 'Newsletter drafts and clearance');
      await editor.getByTestId(`newsletter-${id}`).waitFor();
      await audit(editor, 'drafts-published-320');
      await editor.getByRole('link', { name: 'New issue', exact: true }).click();
      await h1(editor, 'New newsletter issue');
      await editor.getByLabel('Title', { exact: true }).fill(`Draft on a phone ${id.slice(0, 4)}`);
      const bodyField = editor.getByLabel('Text', { exact: true });
      await bodyField.fill('## On the move\n\nWritten on a small screen.');
      await preview(editor).getByRole('heading', { name: 'On the move' }).waitFor();
      const textBox = await bodyField.boundingBox();
      const previewBox = await preview(editor).boundingBox();
      expect(previewBox && textBox && previewBox.y > textBox.y + textBox.height - 1).toBe(true);
      await audit(editor, 'new-320');
      await editor.getByRole('button', { name: 'Save as draft', exact: true }).click();
      await h1(editor, 'Edit draft');
      await saveStatus(editor)
        .getByText(/^Saved at \d\d:\d\d$/)
        .waitFor();
      await audit(editor, 'edit-draft-320');

      // Deleting it, after the confirmation.
      await editor.getByRole('button', { name: 'Delete draft', exact: true }).click();
      const confirm = editor.getByRole('group', { name: /^Delete this draft\?/ });
      await confirm.waitFor();
      await audit(editor, 'delete-confirm-320');
      await confirm.getByRole('button', { name: 'Yes, delete this draft', exact: true }).click();
      await editor.waitForURL((url) => url.pathname === '/newsletters/drafts');
      await editor.getByRole('alert').filter({ hasText: 'has been deleted.' }).waitFor();
      await audit(editor, 'drafts-deleted-320');

      // The published issue's page: history and delivery.
      await editor.goto(`/newsletters/${id}/edit`);
      await h1(editor, title);
      await editor.getByRole('heading', { name: 'History' }).waitFor();
      await editor.getByText('Cleared for publication', { exact: true }).waitFor();
      await audit(editor, 'published-320');

      // A cleared issue, scheduled for tomorrow 09:00 in the browser's time zone, then not.
      const later = await request(app().url)
        .post('/api/newsletters')
        .set(as(author.accessToken))
        .send({ title: `Scheduled ${id.slice(0, 4)}`, body: 'Later.' })
        .expect(201);
      const laterId = (later.body as Newsletter).id;
      await request(app().url)
        .post(`/api/newsletters/${laterId}/submit`)
        .set(as(author.accessToken))
        .expect(200);
      await request(app().url)
        .post(`/api/newsletters/${laterId}/clear`)
        .set(as(clearer.accessToken))
        .expect(200);
      await editor.goto(`/newsletters/${laterId}/edit`);
      await h1(editor, `Scheduled ${id.slice(0, 4)}`);
      const when = editor.getByLabel('Publish at a later time', { exact: true });
      await editor.getByText(/Use your own time zone, Europe\/London/).waitFor();
      const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
      await when.fill(`${tomorrow}T09:00`);
      await editor.getByRole('button', { name: 'Schedule', exact: true }).click();
      await banner(editor, 'Scheduled: it will be published on');
      const expected = await editor.evaluate(
        (value) => new Date(value).toISOString(),
        `${tomorrow}T09:00`,
      );
      const { rows } = await app().db.query<{ status: string; publish_at: Date }>(
        'SELECT status, publish_at FROM newsletters WHERE id = $1',
        [laterId],
      );
      expect(rows[0].status).toBe('scheduled');
      expect(rows[0].publish_at.toISOString()).toBe(expected);
      await audit(editor, 'scheduled-320');
      await editor.getByRole('button', { name: 'Unschedule', exact: true }).click();
      await banner(editor, 'No longer scheduled: it is cleared and waiting to be published.');
      expect((await issueRow(laterId)).status).toBe('cleared');

      // The unsubscribe page without its token, on a phone.
      await visitor.goto('/newsletters/unsubscribe');
      await h1(visitor, 'This unsubscribe link is not valid');
      await audit(visitor, 'unsubscribe-no-token-320');
    }),
  );
});
