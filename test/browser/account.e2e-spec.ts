import { readFileSync } from 'node:fs';
import { outboxTexts } from '@testing/mail-links';
import { randomUUID } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  assertWebBuilt,
  auditPage,
  h1,
  launchChromium,
  NARROWEST,
  openWatchedPage,
  screenshot,
  signIn,
} from '@testing/browser';
import { createUser, PASSWORD, type TestUser } from '@testing/factories';
import { startTestApp, type TestApp } from '@testing/test-app';

/** TOTP codes are good once per 30-second step, and these tests wait for fresh steps. */
const LONG = 150_000;
const STEP_MS = 30_000;
const NEW_PASSWORD = 'violet kettle marathon dawn';

const currentStep = () => Math.floor(Date.now() / STEP_MS);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What an authenticator app holding `secret` (as the page shows it, spaces and all) computes. */
function authenticator(shownSecret: string): TOTP {
  return new TOTP({
    secret: Secret.fromBase32(shownSecret.replace(/\s+/g, '')),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  });
}

/**
 * A code of a later step than `usedStep` (the server takes each step's code once, and accepts
 * the step before and after the current one), waiting for the next step only when the step
 * after the current one is used already.
 */
async function freshCode(app: TOTP, usedStep: number): Promise<{ code: string; step: number }> {
  while (usedStep + 1 > currentStep() + 1) await sleep(STEP_MS - (Date.now() % STEP_MS) + 100);
  const step = Math.max(usedStep + 1, currentStep());
  return { code: app.generate({ timestamp: step * STEP_MS + 1_000 }), step };
}

/**
 * The account area in Chromium: an authenticator app set up on the account page and used to
 * sign in later; a forgotten password reset through the mailed link; an address confirmed
 * through its link; a generated password and a role that needs a second factor both sending
 * the user to the account page before anything else; and a role grant that asks the admin to
 * confirm it is them. axe-core checks every page visited.
 */
describe('browser: the account area', () => {
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

  function openPage(baseURL: string, width = 1024): Promise<Page> {
    return openWatchedPage(
      browser,
      { baseURL, viewport: { width, height: 800 }, acceptDownloads: true },
      contexts,
      problems,
    );
  }

  /** The newest link to `path` mailed to `to` (the outbox keeps mail without SMTP), as a path. */
  async function mailedLink(to: string, path: string): Promise<string> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      for (const text of await outboxTexts(app().db, to)) {
        const match = new RegExp(`https?://[^\\s/]+(${path}\\?token=[A-Za-z0-9_-]+)`).exec(text);
        if (match) return match[1];
      }
      if (Date.now() > deadline) throw new Error(`no ${path} link was mailed to ${to}`);
      await sleep(100);
    }
  }

  /** Runs a test body; on failure, screenshots every open page into test-results/. */
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

  /** Email and password on the sign-in page (no waiting for where it leads). */
  async function submitSignIn(page: Page, email: string, password = PASSWORD): Promise<void> {
    await page.goto('/sign-in');
    await h1(page, 'Sign in');
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  /**
   * Sets up the authenticator app on the account page (already open): the secret is read from
   * the page's manual-entry text, as someone typing it into an app would. Returns the app and
   * the step whose code was used.
   */
  async function enrolTotp(
    page: Page,
    label: string,
  ): Promise<{ app: TOTP; usedStep: number; codes: string[] }> {
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.getByRole('heading', { name: 'Set up your authenticator app' }).waitFor();
    const qr = page.getByRole('img', { name: /QR code to add your OCVRN account/ });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const shown = (await page.getByTestId('totp-secret').textContent()) ?? '';
    expect(shown.replace(/\s+/g, '')).toMatch(/^[A-Z2-7]{32}$/);
    await auditPage(page, `${label}-totp-setup`);

    const totp = authenticator(shown);
    const field = page.getByLabel('Enter the 6-digit code the app shows');
    // A code of the wrong shape is caught before it is sent.
    await field.fill('12345');
    await page.getByRole('button', { name: 'Turn on the authenticator app' }).click();
    await page.getByText('The code must be 6 digits, like 123456').waitFor();

    const { code, step } = await freshCode(totp, 0);
    await field.fill(code);
    await page.getByRole('button', { name: 'Turn on the authenticator app' }).click();
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    const codes = await page
      .getByRole('list', { name: 'Recovery codes' })
      .locator('li')
      .allTextContents();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    await auditPage(page, `${label}-recovery-codes`);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download as text' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('ocvrn-recovery-codes.txt');
    const saved = readFileSync(await download.path(), 'utf8');
    for (const recovery of codes) expect(saved).toContain(recovery);

    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Your authenticator app is set up.' })
      .waitFor();
    await page
      .getByRole('region', { name: 'Authenticator app' })
      .or(page.locator('section[aria-labelledby="authenticator-heading"]'))
      .getByText('On', { exact: true })
      .waitFor();
    return { app: totp, usedStep: step, codes };
  }

  it(
    'sets up an authenticator app on the account page (320 px) and signs in with its codes',
    withFailureScreenshots('totp', async () => {
      const user = await createUser(app().db, { name: `Tess Totp ${randomUUID().slice(0, 6)}` });
      const page = await openPage(app().url, NARROWEST);
      await signIn(page, user);

      await page.getByRole('link', { name: 'Account', exact: true }).click();
      await h1(page, 'Your account');
      await page.getByRole('heading', { name: 'Where you are signed in' }).waitFor();
      await page.getByText('This device', { exact: true }).waitFor();
      await auditPage(page, 'account-page');

      const { app: totp, usedStep, codes: firstCodes } = await enrolTotp(page, 'account');
      const { rows } = await app().db.query<{ on: boolean }>(
        'SELECT totp_confirmed_at IS NOT NULL AS on FROM users WHERE id = $1',
        [user.id],
      );
      expect(rows[0].on).toBe(true);

      // Sign out, then in: the password is not enough any more.
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await h1(page, 'Sign in');
      await submitSignIn(page, user.email);
      await h1(page, 'Check your authenticator app');
      const codeField = page.getByLabel('Enter the 6-digit code from your authenticator app');
      expect(await codeField.getAttribute('inputmode')).toBe('numeric');
      expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code');
      await auditPage(page, 'sign-in-code');

      // The recovery-code switch, and back.
      await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
      await h1(page, 'Use a recovery code');
      await page.getByLabel('Enter one of your recovery codes').waitFor();
      await auditPage(page, 'sign-in-recovery');
      await page.getByRole('button', { name: 'Use your authenticator app instead' }).click();
      await h1(page, 'Check your authenticator app');

      // A pending sign-in that expired (5 minutes) goes back to the first step, saying why.
      await app().db.query(
        "UPDATE auth_challenges SET expires_at = now() - interval '1 second' WHERE user_id = $1",
        [user.id],
      );
      await codeField.fill(totp.generate());
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      await h1(page, 'Sign in');
      await page
        .locator('.govuk-error-summary')
        .getByText('This sign-in has expired: enter your email and password again')
        .waitFor();
      await auditPage(page, 'sign-in-expired');
      expect(await page.getByLabel('Email address', { exact: true }).inputValue()).toBe(user.email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await h1(page, 'Check your authenticator app');

      // A wrong code is refused with a message at the field.
      const wrong = String((Number(totp.generate()) + 1) % 1_000_000).padStart(6, '0');
      await codeField.fill(wrong);
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      await page
        .locator('.govuk-error-summary')
        .getByText('That code is not right: enter the code your app shows now')
        .waitFor();
      expect(await page.title()).toMatch(/^Error: /);

      // The code of a later step than the one used to set the app up signs in.
      const { code } = await freshCode(totp, usedStep);
      await codeField.fill(code);
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      // Signed in: back where the sign-out left (the account page) or home.
      await page.waitForURL((url) => url.pathname !== '/sign-in');
      await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
      // A reload keeps the session (the refresh cookie), which began with the second factor.
      await page.goto('/');
      await h1(page, `Welcome, ${user.name}`);
      await auditPage(page, 'signed-in-with-code');

      // New recovery codes. The page was loaded afresh, so its token is not a fresh factor: the
      // dialog asks for one, and a recovery code does (the old codes stop working anyway).
      await page.getByRole('link', { name: 'Account', exact: true }).click();
      await h1(page, 'Your account');
      await page.getByRole('button', { name: 'Get new recovery codes' }).click();
      await page.getByRole('button', { name: 'Yes, get new recovery codes' }).click();
      const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
      await dialog.waitFor();
      await auditPage(page, 'step-up-320');
      const box = await dialog.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= NARROWEST).toBe(true);
      await dialog.getByLabel('Code from your authenticator app').fill(firstCodes[1]);
      await dialog.getByRole('button', { name: 'Confirm', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
      const fresh = await page
        .getByRole('list', { name: 'Recovery codes' })
        .locator('li')
        .allTextContents();
      expect(fresh).toHaveLength(10);
      expect(fresh.filter((c) => firstCodes.includes(c))).toEqual([]);
      await page.getByRole('button', { name: 'I have saved them' }).click();
      await page.getByRole('status').filter({ hasText: 'You have new recovery codes.' }).waitFor();

      // An old code is refused; a new one signs in, once.
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await h1(page, 'Sign in');
      await submitSignIn(page, user.email);
      await h1(page, 'Check your authenticator app');
      await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
      const recoveryField = page.getByLabel('Enter one of your recovery codes');
      await recoveryField.fill(firstCodes[0]);
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      await page
        .locator('.govuk-error-summary')
        .getByText('That recovery code is not right, or it has been used already')
        .waitFor();
      await recoveryField.fill(fresh[3]);
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      await page.waitForURL((url) => url.pathname !== '/sign-in');
      await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
      const methods = await app().db.query<{ method: string }>(
        'SELECT method FROM sessions WHERE user_id = $1 ORDER BY created_at',
        [user.id],
      );
      expect(methods.rows.map((r) => r.method)).toEqual([
        'password',
        'password+totp',
        'password+recovery',
      ]);
    }),
    LONG,
  );

  it(
    'resets a forgotten password through the mailed link, then signs in with the new one',
    withFailureScreenshots('reset', async () => {
      const user = await createUser(app().db, { name: `Rita Reset ${randomUUID().slice(0, 6)}` });
      const page = await openPage(app().url);
      await page.goto('/sign-in');
      await h1(page, 'Sign in');
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await h1(page, 'Reset your password');
      await auditPage(page, 'forgot');

      await page.getByRole('button', { name: 'Send the link' }).click();
      await page.locator('.govuk-error-summary').getByText('Enter your email address').waitFor();
      await page.getByLabel('Email address', { exact: true }).fill(user.email);
      await page.getByRole('button', { name: 'Send the link' }).click();
      await h1(page, 'Check your email');
      await page.getByText('If an account exists for that address, we have sent a link').waitFor();
      await auditPage(page, 'forgot-sent');

      const link = await mailedLink(user.email, '/reset-password');
      await page.goto(link);
      await h1(page, 'Choose a new password');
      await auditPage(page, 'reset');

      const fresh = page.getByLabel('New password', { exact: true });
      const again = page.getByLabel('Enter the new password again');
      // The meter (zxcvbn, loaded for this page) guides as the user types.
      await fresh.fill('password1234');
      await page.getByText(/^Password strength: (Very weak|Weak) \(too easy to guess\)$/).waitFor();
      await fresh.fill(NEW_PASSWORD);
      await page.getByText(/^Password strength: (Good|Strong)$/).waitFor();
      await auditPage(page, 'reset-meter');

      // Two different entries are caught on the page.
      await again.fill(`${NEW_PASSWORD}!`);
      await page.getByRole('button', { name: 'Reset password' }).click();
      await page.locator('.govuk-error-summary').getByText('The passwords do not match').waitFor();

      // The server decides: a guessable password of the right length is refused at the field.
      await fresh.fill('password1234');
      await again.fill('password1234');
      await page.getByRole('button', { name: 'Reset password' }).click();
      await page
        .locator('.govuk-error-summary')
        .getByText(/too easy to guess/)
        .waitFor();
      await auditPage(page, 'reset-refused');

      await fresh.fill(NEW_PASSWORD);
      await again.fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Reset password' }).click();
      await page.waitForURL((url) => url.pathname === '/sign-in');
      await page
        .locator('.govuk-notification-banner--success')
        .getByText('Your password has been reset; sign in with it')
        .waitFor();
      await auditPage(page, 'reset-done');

      // The old password no longer works; the new one does.
      await page.getByLabel('Email address', { exact: true }).fill(user.email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page
        .locator('.govuk-error-summary')
        .getByText('Email or password is not right')
        .waitFor();
      await submitSignIn(page, user.email, NEW_PASSWORD);
      await page.waitForURL((url) => url.pathname === '/');
      await h1(page, `Welcome, ${user.name}`);

      // The link worked once.
      const other = await openPage(app().url);
      await other.goto(link);
      await h1(other, 'Choose a new password');
      await other.getByLabel('New password', { exact: true }).fill('another long passphrase here');
      await other.getByLabel('Enter the new password again').fill('another long passphrase here');
      await other.getByRole('button', { name: 'Reset password' }).click();
      await h1(other, 'This link does not work');
      await other.getByRole('link', { name: 'Ask for a new link' }).waitFor();
      await auditPage(other, 'reset-used-link');
    }),
    LONG,
  );

  it(
    'confirms an address through its link, asking first, after sending the link again',
    withFailureScreenshots('verify', async () => {
      const user = await createUser(app().db, {
        name: `Vera Verify ${randomUUID().slice(0, 6)}`,
        emailVerified: false,
      });
      const page = await openPage(app().url);
      await signIn(page, user);
      const banner = page.locator('#verify-email-notice');
      await banner.getByText(`We sent a link to ${user.email}.`, { exact: false }).waitFor();
      await auditPage(page, 'verify-banner');

      await banner.getByRole('button', { name: 'Send the link again' }).click();
      await banner.getByText(`We have sent a new link to ${user.email}.`).waitFor();
      const link = await mailedLink(user.email, '/verify-email');

      await page.goto(link);
      await h1(page, 'Confirm your email address');
      await auditPage(page, 'verify-ask');
      // Nothing is confirmed by opening the link (mail scanners open links too).
      const before = await app().db.query<{ verified: boolean }>(
        'SELECT email_verified_at IS NOT NULL AS verified FROM users WHERE id = $1',
        [user.id],
      );
      expect(before.rows[0].verified).toBe(false);

      await page.getByRole('button', { name: 'Confirm my email address' }).click();
      await h1(page, 'Email address confirmed');
      await page.getByRole('link', { name: 'Continue to the network' }).click();
      await h1(page, `Welcome, ${user.name}`);
      await expect(page.locator('#verify-email-notice').count()).resolves.toBe(0);
      await auditPage(page, 'verify-done');
      const after = await app().db.query<{ verified: boolean }>(
        'SELECT email_verified_at IS NOT NULL AS verified FROM users WHERE id = $1',
        [user.id],
      );
      expect(after.rows[0].verified).toBe(true);
    }),
    LONG,
  );

  it(
    'sends an account with a generated password to change it before anything else',
    withFailureScreenshots('password-gate', async () => {
      const user = await createUser(app().db, { name: `Gina Gate ${randomUUID().slice(0, 6)}` });
      await app().db.query('UPDATE users SET must_change_password = true WHERE id = $1', [user.id]);
      const page = await openPage(app().url);
      await submitSignIn(page, user.email);
      await page.waitForURL((url) => url.pathname === '/account/password');
      await h1(page, 'Choose a new password');
      await page.getByText('Choose a new password before you continue').waitFor();
      await auditPage(page, 'password-gate');

      // Every other page leads back here.
      await page.goto('/members');
      await page.waitForURL((url) => url.pathname === '/account/password');
      await h1(page, 'Choose a new password');

      await page.getByLabel('Current password', { exact: true }).fill(PASSWORD);
      await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.waitForURL((url) => url.pathname === '/account');
      await page
        .locator('.govuk-notification-banner--success')
        .getByText('Your other sessions were signed out', { exact: false })
        .waitFor();
      await auditPage(page, 'password-changed');
      await page.getByRole('link', { name: 'Directory', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/members');
      await h1(page, /Member directory|Directory/);
    }),
    LONG,
  );

  describe('with a role that needs a second factor', () => {
    let strict: TestApp | undefined;

    beforeAll(async () => {
      // A second instance on the same database, where admins must have a second factor.
      strict = await startTestApp({
        databaseUrl: app().databaseUrl,
        truncate: false,
        env: { MFA_REQUIRED_ROLES: 'admin' },
      });
    });

    afterAll(async () => {
      await strict?.close();
    });

    it(
      'sends an admin without one to set it up first, then asks them to confirm a role grant',
      withFailureScreenshots('mfa-gate', async () => {
        if (!strict) throw new Error('the strict app did not start');
        const admin: TestUser = await createUser(app().db, {
          roles: ['member', 'admin'],
          name: `Mia Mfa ${randomUUID().slice(0, 6)}`,
        });
        const member = await createUser(app().db, {
          name: `Ned Newrole ${randomUUID().slice(0, 6)}`,
        });
        const page = await openPage(strict.url);
        await submitSignIn(page, admin.email);
        await page.waitForURL((url) => url.pathname === '/account');
        await h1(page, 'Your account');
        await page.getByText('Your role needs a second factor: set one up to continue').waitFor();
        await auditPage(page, 'mfa-gate');

        // Nothing else opens until then.
        await page.goto('/admin/users');
        await page.waitForURL((url) => url.pathname === '/account');
        await h1(page, 'Your account');

        const { app: totp, usedStep } = await enrolTotp(page, 'mfa-gate');
        await expect(
          page.getByText('Your role needs a second factor: set one up to continue').count(),
        ).resolves.toBe(0);

        // Granting a staff role asks for a fresh factor: the dialog, then the grant.
        await page.getByRole('link', { name: 'Users', exact: true }).click();
        await h1(page, 'Users');
        const card = page.getByTestId(`user-${member.id}`);
        await card.getByLabel('Editor').check();
        await card.getByRole('button', { name: 'Save roles' }).click();
        const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
        await dialog.waitFor();
        await auditPage(page, 'step-up');
        const { code } = await freshCode(totp, usedStep);
        await dialog.getByLabel('Code from your authenticator app').fill(code);
        await dialog.getByRole('button', { name: 'Confirm', exact: true }).click();
        await dialog.waitFor({ state: 'hidden' });
        // The card shows the saved roles once the list is fetched again, and says so in its
        // live region (the card stays mounted: its message is not lost to the refetch).
        await card.getByText('Member, Editor', { exact: true }).waitFor();
        await card.getByRole('status').filter({ hasText: 'Roles saved' }).waitFor();
        await expect(card.getByLabel('Editor').isChecked()).resolves.toBe(true);
        const { rows } = await app().db.query<{ roles: string[] }>(
          'SELECT roles FROM users WHERE id = $1',
          [member.id],
        );
        expect(rows[0].roles).toContain('editor');
      }),
      LONG,
    );
  });
});
