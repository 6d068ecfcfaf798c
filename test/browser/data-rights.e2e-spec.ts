import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  assertWebBuilt,
  auditPage,
  h1,
  launchChromium,
  openWatchedPage,
  screenshot,
  signIn,
} from '@testing/browser';
import { createUser, PASSWORD } from '@testing/factories';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * "Your data" in Chromium: a member asks for a copy of their data and downloads the ZIP once
 * it is ready, then closes their account; an admin's Erase asks for a reason and confirms by
 * name. axe-core checks the pages visited.
 */
describe('browser: your data', () => {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
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

  function openPage(): Promise<Page> {
    return openWatchedPage(
      browser,
      { baseURL: app().url, viewport: { width: 1024, height: 800 }, acceptDownloads: true },
      contexts,
      problems,
    );
  }

  function withFailureScreenshots(name: string, body: () => Promise<void>) {
    return async () => {
      try {
        await body();
      } catch (error) {
        await Promise.all(
          contexts.flatMap((context, c) =>
            context.pages().map((page, p) => screenshot(page, `FAILED-${name}-${c}-${p}`)),
          ),
        ).catch(() => undefined);
        throw error;
      }
    };
  }

  it(
    'a member downloads a copy of their data, then closes their account',
    withFailureScreenshots('data-rights-member', async () => {
      const member = await createUser(app().db);
      const page = await openPage();
      await signIn(page, member);
      await page.goto('/account#your-data');
      await h1(page, 'Your account');
      const section = page.getByRole('region', { name: 'Your data' });
      await section.getByRole('button', { name: 'Request your data' }).click();
      // Requested, then ready (told live): the download button appears.
      const download = section.getByRole('button', { name: 'Download your data (ZIP)' });
      await download.waitFor({ timeout: 30_000 });
      await section.getByText('Ready', { exact: true }).waitFor();
      await auditPage(page, 'account-your-data-ready');
      const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
      expect(file.suggestedFilename()).toMatch(/^ocvrn-your-data-\d{4}-\d{2}-\d{2}\.zip$/);
      const bytes = readFileSync(await file.path());
      expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
      // Once a day: no second request is offered while this one lasts.
      expect(await section.getByRole('button', { name: /Request/ }).count()).toBe(0);

      await section.getByRole('button', { name: 'Close your account' }).click();
      await section.getByRole('button', { name: 'Continue' }).click();
      const summary = page.getByRole('alert');
      await summary.getByText('Choose what happens to your uploads').waitFor();
      await summary.getByText('Enter your password').waitFor();
      await auditPage(page, 'account-close-errors');
      await section.getByLabel('Remove them from the library').check();
      await section.getByLabel('Your password').fill('not my password');
      await section.getByRole('button', { name: 'Continue' }).click();
      await section.getByRole('button', { name: 'Yes, close my account' }).click();
      await section.getByText('This is not your password').first().waitFor();
      const { rows: still } = await app().db.query('SELECT name FROM users WHERE id = $1', [
        member.id,
      ]);
      expect(still[0].name).toBe(member.name);

      await section.getByLabel('Your password').fill(PASSWORD);
      await section.getByRole('button', { name: 'Continue' }).click();
      await section.getByText('Close your account now?').waitFor();
      await section.getByRole('button', { name: 'Yes, close my account' }).click();
      await page.waitForURL((url) => url.pathname === '/sign-in');
      await page.getByText('Your account has been closed and your details erased.').waitFor();
      const { rows } = await app().db.query(
        'SELECT name, erased_at IS NOT NULL AS erased FROM users WHERE id = $1',
        [member.id],
      );
      expect(rows[0]).toEqual({ name: 'Former member', erased: true });
    }),
  );

  it(
    'an admin’s Erase asks for a reason and confirms naming the person',
    withFailureScreenshots('data-rights-admin', async () => {
      const admin = await createUser(app().db, { roles: ['member', 'admin'] });
      const target = await createUser(app().db, { name: `Erin Target ${Date.now()}` });
      const page = await openPage();
      await signIn(page, admin);
      await page.goto(`/admin/users?q=${encodeURIComponent(target.name)}`);
      const card = page.getByTestId(`user-${target.id}`);
      await card.getByRole('button', { name: `Erase ${target.name}` }).click();
      await card.getByRole('button', { name: 'Continue' }).click();
      await card.getByText('Enter why this account is being erased').first().waitFor();
      await card.getByLabel('Reason').fill('Asked by email on 1 December');
      await card.getByRole('button', { name: 'Continue' }).click();
      await card.getByText(`Erase ${target.name}’s account?`).waitFor();
      await auditPage(page, 'admin-users-erase-confirm');
      await card.getByRole('button', { name: `Yes, erase ${target.name}` }).click();
      // This admin holds no second factor: the server refuses, and says why.
      await card.getByText('Erasing an account needs a second factor').waitFor();
      const { rows } = await app().db.query('SELECT name FROM users WHERE id = $1', [target.id]);
      expect(rows[0].name).toBe(target.name);
    }),
  );
});
