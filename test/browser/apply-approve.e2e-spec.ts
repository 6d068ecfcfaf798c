import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  assertWebBuilt,
  expectAccessible,
  expectNoHorizontalScroll,
  expectSameDocument,
  h1,
  launchChromium,
  openWatchedPage,
  realtimeConnected,
  screenshot,
  settle,
  UI_TIMEOUT,
  watchNavigations,
} from '@testing/browser';
import { createUser, PASSWORD, type TestUser } from '@testing/factories';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * The SPA in Chromium, two users at once: an applicant applies through /apply and waits on
 * /pending; an admin, whose queue is already open, sees the application arrive live and
 * decides; the applicant's page, never reloaded, shows the decision. axe-core runs on every
 * page visited and fails the test on a serious or critical violation.
 */
describe('browser: apply, then an admin decides, live', () => {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let admin: TestUser;
  let contexts: BrowserContext[] = [];
  /** Uncaught exceptions and CSP violations in any page: each one fails the test. */
  let problems: string[] = [];

  const app = (): TestApp => {
    if (!t) throw new Error('the test app did not start');
    return t;
  };

  beforeAll(async () => {
    assertWebBuilt();
    // Keep whichever one started even if the other failed, so afterAll can stop it (a
    // stray Chromium would keep jest from exiting).
    const [started, launched] = await Promise.allSettled([startTestApp(), launchChromium()]);
    if (started.status === 'fulfilled') t = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
    admin = await createUser(app().db, {
      roles: ['member', 'admin'],
      name: 'Ada Admin',
      email: 'ada.admin@ocvrn.test',
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
  });

  /** A fresh browser context (a separate user) with one watched page. */
  function openPage(viewport = { width: 1024, height: 768 }): Promise<Page> {
    return openWatchedPage(browser, { baseURL: app().url, viewport }, contexts, problems);
  }

  /** Checks a settled page with axe and takes its screenshot. */
  async function audit(page: Page, label: string): Promise<void> {
    await settle(page);
    await expectAccessible(page, label);
    await screenshot(page, label);
  }

  async function signInAsAdmin(page: Page, label: string): Promise<void> {
    await page.goto('/sign-in');
    await h1(page, 'Sign in');
    await audit(page, label);
    await page.getByLabel('Email address', { exact: true }).fill(admin.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await h1(page, `Welcome, ${admin.name}`);
  }

  function newApplicant() {
    const tag = randomUUID().slice(0, 8);
    return {
      name: `Grace Applicant ${tag}`,
      email: `grace-${tag}@example.ac.uk`,
      password: 'four unrelated words here',
      organisation: 'University of Leeds',
      statement: 'I research county lines drug markets.\nI would like to share findings.',
    };
  }
  type Applicant = ReturnType<typeof newApplicant>;

  /** Submits /apply empty (checking the errors), then filled in; lands on /pending. */
  async function apply(page: Page, who: Applicant, labelPrefix: string, width?: number) {
    await page.goto('/apply');
    await h1(page, 'Apply to join');
    // The sectors come from the API: wait until the select offers them.
    await page.locator('#apply-sector option[value="academia"]').waitFor({ state: 'attached' });
    await audit(page, `${labelPrefix}apply-empty`);
    if (width) await expectNoHorizontalScroll(page, width);

    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      'Enter your full name',
      'Enter your email address',
      'Enter a password',
      'Enter your organisation',
      'Select your sector',
      'Select your country',
      'Enter why you want to join',
    ]);
    expect(await page.title()).toMatch(/^Error: /);
    await audit(page, `${labelPrefix}apply-errors`);
    if (width) await expectNoHorizontalScroll(page, width);

    await page.getByLabel('Full name', { exact: true }).fill(who.name);
    await page.getByLabel('Email address', { exact: true }).fill(who.email);
    await page.getByLabel('Password', { exact: true }).fill(who.password);
    await page.getByLabel('Organisation', { exact: true }).fill(who.organisation);
    await page.getByLabel('Sector', { exact: true }).selectOption('academia');
    await page.getByLabel('Country', { exact: true }).selectOption('GB');
    await page.getByLabel('Why do you want to join?', { exact: true }).fill(who.statement);
    await page.getByRole('button', { name: 'Apply', exact: true }).click();

    await page.waitForURL((url) => url.pathname === '/pending');
    await h1(page, 'Your application is being reviewed');
    await page.getByText(who.email, { exact: true }).waitFor();
    await realtimeConnected(page);
    await audit(page, `${labelPrefix}pending`);
    if (width) await expectNoHorizontalScroll(page, width);
  }

  /** Runs a test body; on failure, screenshots every open page into test-results/. */
  function withFailureScreenshots(name: string, body: () => Promise<void>) {
    return async () => {
      try {
        await body();
      } catch (error) {
        const pages = contexts.flatMap((c) => c.pages());
        await Promise.all(
          pages.map((p, i) => screenshot(p, `FAILED-${name}-${i}`).catch(() => undefined)),
        );
        throw error;
      }
    };
  }

  /**
   * The success banner an admin's decision shows on the queue (role="alert", given focus so
   * keyboard and screen reader users are not left on <body> once the card is gone). Waited for
   * in the background so the rest of the flow still runs; `check()` at the end of the test
   * fails if it never appeared or did not take focus.
   */
  function successBanner(page: Page, text: string) {
    const banner = page.getByRole('alert').filter({ hasText: text });
    let failure: string | null = null;
    const settled = banner.waitFor().then(
      async () => {
        await page
          .waitForFunction((el) => el === document.activeElement, await banner.elementHandle(), {
            timeout: 2_000,
          })
          .catch(() => {
            failure = `the success banner "${text}" appeared but did not take focus`;
          });
      },
      async () => {
        const focus = await page.evaluate(() => document.activeElement?.tagName ?? 'none');
        failure =
          `no success banner "${text}" within ${UI_TIMEOUT} ms of the decision on ` +
          `${page.url()} (focus was on <${focus.toLowerCase()}>)`;
      },
    );
    return {
      settled,
      check(): void {
        if (failure) throw new Error(failure);
      },
    };
  }

  async function userId(email: string): Promise<string> {
    const { rows } = await app().db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [
      email,
    ]);
    expect(rows).toHaveLength(1);
    return rows[0].id;
  }

  it(
    'approves: the card arrives live on the admin queue, the applicant sees "approved" without a reload',
    withFailureScreenshots('approve', async () => {
      const applicant = await openPage(); // context A
      const adminPage = await openPage(); // context B
      const who = newApplicant();

      // A, anonymous: the landing page.
      await applicant.goto('/');
      await h1(applicant, 'Organised Crime Virtual Research Network');
      await audit(applicant, 'home-anonymous');

      // B: signs in and opens the queue (client-side) before anyone has applied.
      await signInAsAdmin(adminPage, 'sign-in');
      await audit(adminPage, 'home-admin');
      await adminPage
        .getByRole('navigation', { name: 'Menu' })
        .getByRole('link', { name: 'Applications' })
        .click();
      await adminPage.waitForURL((url) => url.pathname === '/admin/applications');
      await h1(adminPage, 'Applications');
      await adminPage.getByText('No applications waiting', { exact: true }).waitFor();
      await realtimeConnected(adminPage);
      await audit(adminPage, 'admin-applications-empty');
      const adminWatch = await watchNavigations(adminPage);

      // A applies and waits on /pending.
      await apply(applicant, who, '');
      const pendingUrl = applicant.url();
      const applicantWatch = await watchNavigations(applicant);

      // B: the card appears without a reload.
      const id = await userId(who.email);
      const card = adminPage.getByTestId(`application-${id}`);
      await card.getByRole('heading', { name: who.name }).waitFor();
      await card.getByText(who.organisation, { exact: true }).waitFor();
      await card.getByText('Waiting', { exact: true }).waitFor();
      expect(await card.innerText()).toContain('I research county lines drug markets.');
      await expectSameDocument(adminPage, adminWatch);
      await audit(adminPage, 'admin-applications-pending');

      await card.getByRole('button', { name: 'Approve', exact: true }).click();
      const approvedBanner = successBanner(
        adminPage,
        `${who.name} is now a member of the network.`,
      );
      await card.waitFor({ state: 'detached' });
      await adminPage.getByText('No applications waiting', { exact: true }).waitFor();

      // A: the same document, at the same address, now says "approved".
      await applicant.getByRole('heading', { name: /approved/i }).waitFor();
      await h1(applicant, 'Welcome to the network');
      await applicant.getByRole('link', { name: 'Continue to the network' }).waitFor();
      expect(applicant.url()).toBe(pendingUrl);
      await expectSameDocument(applicant, applicantWatch);
      expect(await applicant.title()).toBe('Welcome to the network – OCVRN');
      await audit(applicant, 'pending-approved');
      await approvedBanner.settled;
      await audit(adminPage, 'admin-applications-approved');
      const { rows } = await app().db.query<{ status: string; roles: string[] }>(
        'SELECT status, roles FROM users WHERE id = $1',
        [id],
      );
      expect(rows[0]).toEqual({ status: 'approved', roles: ['member'] });

      // B: the other admin pages, reached through the header.
      const menu = adminPage.getByRole('navigation', { name: 'Menu' });
      await menu.getByRole('link', { name: 'Users' }).click();
      await h1(adminPage, 'Users');
      await adminPage.getByRole('heading', { level: 2, name: who.name }).waitFor();
      await audit(adminPage, 'admin-users');

      await menu.getByRole('link', { name: 'Audit log' }).click();
      await h1(adminPage, 'Audit log');
      const row = adminPage.getByRole('row').filter({ hasText: id });
      await row.first().waitFor();
      expect(await row.first().innerText()).toContain(admin.name);
      await audit(adminPage, 'admin-audit');

      await adminPage.goto('/no-such-page');
      await h1(adminPage, 'Page not found');
      await audit(adminPage, 'not-found');

      approvedBanner.check();
    }),
  );

  it(
    'rejects: the applicant sees the reason live; 320 px wide pages do not scroll sideways',
    withFailureScreenshots('reject', async () => {
      const narrow = { width: 320, height: 720 };
      const adminPage = await openPage(narrow); // context B
      const applicant = await openPage(narrow); // context A
      const who = newApplicant();
      const reason =
        'The network is for researchers of organised crime; please write to the contact point.';

      // B, on a phone: signs in and opens the queue through the collapsed menu.
      await signInAsAdmin(adminPage, 'sign-in-320');
      await expectNoHorizontalScroll(adminPage, narrow.width);
      const menu = adminPage.getByRole('navigation', { name: 'Menu' });
      const toggle = menu.getByRole('button', { name: 'Menu' });
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      await menu.getByRole('link', { name: 'Applications' }).click();
      await h1(adminPage, 'Applications');
      await adminPage.getByText('No applications waiting', { exact: true }).waitFor();
      await realtimeConnected(adminPage);
      await audit(adminPage, 'admin-applications-empty-320');
      await expectNoHorizontalScroll(adminPage, narrow.width);
      const adminWatch = await watchNavigations(adminPage);

      // A applies on a phone too.
      await apply(applicant, who, '320-', narrow.width);
      const pendingUrl = applicant.url();
      const applicantWatch = await watchNavigations(applicant);

      // B: the card arrives live.
      const id = await userId(who.email);
      const card = adminPage.getByTestId(`application-${id}`);
      await card.getByRole('heading', { name: who.name }).waitFor();
      await expectSameDocument(adminPage, adminWatch);
      await audit(adminPage, 'admin-applications-pending-320');
      await expectNoHorizontalScroll(adminPage, narrow.width);

      // Reject needs a reason.
      await card.getByRole('button', { name: 'Reject', exact: true }).click();
      const reasonField = card.getByLabel('Reason for rejection');
      await reasonField.waitFor();
      await adminPage.waitForFunction(
        (fieldId) => document.activeElement?.id === fieldId,
        `reject-reason-${id}`,
      );
      await card.getByRole('button', { name: 'Confirm rejection', exact: true }).click();
      await card.getByText('Enter a reason for rejecting this application').waitFor();
      await audit(adminPage, 'admin-applications-reject-error-320');
      await expectNoHorizontalScroll(adminPage, narrow.width);
      await reasonField.fill(reason);
      await card.getByRole('button', { name: 'Confirm rejection', exact: true }).click();
      const rejectedBanner = successBanner(
        adminPage,
        `You turned down the application from ${who.name}.`,
      );
      await card.waitFor({ state: 'detached' });

      // A: the decision and its reason, live, on the same page.
      await h1(applicant, 'Your application was not accepted');
      await applicant.getByText(reason, { exact: true }).waitFor();
      expect(applicant.url()).toBe(pendingUrl);
      await expectSameDocument(applicant, applicantWatch);
      await audit(applicant, 'pending-rejected-320');
      await expectNoHorizontalScroll(applicant, narrow.width);
      await rejectedBanner.settled;
      await audit(adminPage, 'admin-applications-after-reject-320');

      // B: the rejected filter lists it with the reason.
      await adminPage
        .getByRole('navigation', { name: 'Application status' })
        .getByRole('link', { name: 'Rejected' })
        .click();
      await adminPage.waitForURL((url) => url.search === '?status=rejected');
      await card.getByText(reason, { exact: true }).waitFor();
      await audit(adminPage, 'admin-applications-rejected-320');
      await expectNoHorizontalScroll(adminPage, narrow.width);

      rejectedBanner.check();
    }),
  );
});
