import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from 'pg';
import {
  assertWebBuilt,
  auditPage,
  h1,
  launchChromium,
  NARROWEST,
  openWatchedPage,
  signIn,
} from '@testing/browser';
import { createUser, type TestUser } from '@testing/factories';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * The admin audit page in Chromium: the integrity banner (verified, then broken after an
 * edit made behind the database's triggers), and the filters. axe-core runs on each state.
 */
describe('browser: the audit log page', () => {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let admin: TestUser;
  let contexts: BrowserContext[] = [];
  let problems: string[] = [];

  const app = (): TestApp => {
    if (!t) throw new Error('the test app did not start');
    return t;
  };

  beforeAll(async () => {
    assertWebBuilt();
    const [started, launched] = await Promise.allSettled([startTestApp(), launchChromium()]);
    if (started.status === 'fulfilled') t = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
    admin = await createUser(app().db, { roles: ['member', 'admin'], name: 'Audrey Admin' });
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

  function openPage(viewport = { width: 1024, height: 768 }): Promise<Page> {
    return openWatchedPage(browser, { baseURL: app().url, viewport }, contexts, problems);
  }

  it('shows the chain verified, filters the entries, and shows where the chain breaks', async () => {
    const page = await openPage();
    await signIn(page, admin);
    await page.goto('/admin/audit');
    await h1(page, 'Audit log');
    const banner = page.locator('#audit-chain');
    await banner.getByText(/^Verified \d+ (entry|entries) up to /).waitFor();
    await page.getByRole('cell', { name: 'Auth sign in' }).first().waitFor();
    await auditPage(page, 'audit-verified');

    // Filters: an action that has happened, then one that has not.
    await page.getByLabel('Action', { exact: true }).fill('auth.sign_in');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'auth.sign_in');
    await page.getByRole('cell', { name: 'Audrey Admin' }).first().waitFor();
    await page.getByLabel('Action', { exact: true }).fill('document.approved');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByText('No entries match these filters').waitFor();
    // A range that ends before it starts is refused in the page.
    await page.getByLabel('From', { exact: true }).fill('2026-03-02');
    await page.getByLabel('To', { exact: true }).fill('2026-03-01');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByRole('link', { name: /end date must be the same as or after/ }).waitFor();
    await auditPage(page, 'audit-filter-error');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('cell', { name: 'Auth sign in' }).first().waitFor();

    // An entry rewritten by a superuser with the triggers bypassed.
    const { rows } = await app().db.query<{ id: string }>(
      `SELECT max(id)::text AS id FROM audit_log`,
    );
    const c = new Client({ connectionString: app().databaseUrl });
    await c.connect();
    try {
      await c.query(`SET session_replication_role = replica`);
      await c.query(`UPDATE audit_log SET detail = '{"forged": true}' WHERE id = $1`, [rows[0].id]);
    } finally {
      await c.end();
    }
    await page.getByRole('button', { name: 'Check again' }).click();
    await page
      .getByRole('heading', {
        name: `The audit log has been altered: the chain is broken at entry ${rows[0].id}`,
      })
      .waitFor();
    await auditPage(page, 'audit-broken');
  });

  it('fits the narrowest screen', async () => {
    const page = await openPage({ width: NARROWEST, height: 800 });
    await signIn(page, admin);
    await page.goto('/admin/audit');
    await h1(page, 'Audit log');
    await page.locator('#audit-chain').waitFor();
    await auditPage(page, 'audit-320');
  });
});
