import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  assertWebBuilt,
  auditPage,
  h1,
  launchChromium,
  openWatchedPage,
  signIn,
  UI_TIMEOUT,
} from '@testing/browser';
import { createUser, type TestUser } from '@testing/factories';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * The Retention page in Chromium: an admin reaches it from the menu, sees each rule with its
 * setting and last run, is stopped by a setting out of bounds (GOV.UK error summary and field
 * error, nothing saved), saves a valid one, and runs every rule now after confirming; the
 * table shows what the run did. axe-core checks every state.
 */
describe('browser: retention', () => {
  let t: TestApp;
  let browser: Browser | undefined;
  let admin: TestUser;
  let contexts: BrowserContext[] = [];
  let problems: string[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    browser = await launchChromium();
    t = await startTestApp();
    admin = await createUser(t.db, { roles: ['member', 'admin'], name: 'Rhian Admin' });
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

  const openPage = (): Promise<Page> =>
    openWatchedPage(
      browser,
      { baseURL: t.url, viewport: { width: 1024, height: 900 } },
      contexts,
      problems,
    );

  async function menuLink(page: Page, name: string): Promise<void> {
    const menu = page.getByRole('navigation', { name: 'Menu' });
    const toggle = menu.getByRole('button', { name: 'Menu' });
    if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-expanded')) !== 'true') {
      await toggle.click();
    }
    await menu.getByRole('link', { name, exact: true }).click();
  }

  /** A rule's stored days; a rule without a row (an emptied table) has its default. */
  const days = async (key: string, byDefault: number) =>
    (
      await t.db.query<{ days: number | null }>('SELECT days FROM retention_rules WHERE key = $1', [
        key,
      ])
    ).rows[0]?.days ?? byDefault;

  it('shows the rules, refuses a bad setting, saves a good one and runs now', async () => {
    const page = await openPage();
    await signIn(page, admin);
    await menuLink(page, 'Retention');
    await page.waitForURL((url) => url.pathname === '/admin/retention');
    await h1(page, 'Retention');
    const row = (key: string) => page.locator(`tr[data-rule="${key}"]`);
    await row('rejected_applications').getByText('90 days', { exact: true }).waitFor();
    await row('rejected_applications').getByText('Not run yet', { exact: true }).waitFor();
    await row('closed_contact_threads').getByText('730 days', { exact: true }).waitFor();
    expect(await page.locator('tr[data-rule]').count()).toBe(6);
    await auditPage(page, 'admin-retention');

    // Out of bounds: the summary links to the field, nothing is saved.
    const field = page.getByLabel('Notifications', { exact: true });
    await field.fill('3');
    await page.getByRole('button', { name: 'Save settings', exact: true }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
    const message = 'Enter 0 (keep for ever) or a whole number between 7 and 3650';
    await summary.getByRole('link', { name: `Notifications: ${message}` }).waitFor();
    await page.locator('.govuk-error-message').filter({ hasText: message }).waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await days('notifications', 90)).toBe(90);
    await auditPage(page, 'admin-retention-error');

    // A good value is saved, audited, and shown in the table.
    await field.fill('30');
    await page.getByRole('button', { name: 'Save settings', exact: true }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Retention settings saved' })
      .waitFor({ timeout: UI_TIMEOUT });
    await row('notifications').getByText('30 days', { exact: true }).waitFor();
    expect(await days('notifications', 90)).toBe(30);
    expect(await summary.count()).toBe(0);

    // Run now, after confirming: an old rejected application goes, the table says so.
    const rejected = await createUser(t.db, { status: 'rejected' });
    await t.db.query(`UPDATE users SET decided_at = now() - interval '100 days' WHERE id = $1`, [
      rejected.id,
    ]);
    await page.getByRole('button', { name: 'Run now', exact: true }).click();
    const confirm = page.getByRole('group', { name: /^Run every retention rule now/ });
    await confirm.waitFor();
    await auditPage(page, 'admin-retention-confirm');
    await confirm.getByRole('button', { name: 'Yes, run now', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Retention run started' }).waitFor();
    await row('rejected_applications')
      .locator('td')
      .last()
      .filter({ hasText: /^1$/ })
      .waitFor({ timeout: 20_000 });
    await row('rejected_applications')
      .getByText(/\(run now\)$/)
      .waitFor();
    const { rows } = await t.db.query('SELECT 1 FROM users WHERE id = $1', [rejected.id]);
    expect(rows).toEqual([]);
    await auditPage(page, 'admin-retention-ran');
  });
});
