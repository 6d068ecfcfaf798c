import { randomUUID } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import {
  assertWebBuilt,
  auditPage,
  expectAccessible,
  h1,
  launchChromium,
  openWatchedPage,
  screenshot,
} from '@testing/browser';
import { createUser, login } from '@testing/factories';
import {
  startOidcProvider,
  type TestOidcAccount,
  type TestOidcProvider,
} from '@testing/oidc-provider';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * Single sign-on in Chromium against a real OpenID Provider: the SPA at http://localhost:<port>
 * (its PUBLIC_URL), the provider at http://127.0.0.1:<port>, so the provider sends the browser
 * back from another site, as in production. The callback sets the refresh cookie (SameSite
 * Strict) at the end of that cross-site redirect chain; the SPA's `/sso/complete` then calls
 * `POST /api/auth/refresh` from its own origin and the person lands signed in. An account with
 * its own second factor is asked for it on `/sso/complete` before any session starts. axe-core
 * runs on every page visited, the provider's included.
 */
describe('browser: sign in with an organisation (OpenID Connect)', () => {
  let t: TestApp | undefined;
  let idp: TestOidcProvider | undefined;
  let browser: Browser | undefined;
  let contexts: BrowserContext[] = [];
  let problems: string[] = [];
  let base = '';

  beforeAll(async () => {
    assertWebBuilt();
    const [provider, launched] = await Promise.allSettled([startOidcProvider(), launchChromium()]);
    if (provider.status === 'fulfilled') idp = provider.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (provider.status === 'rejected') throw provider.reason;
    if (launched.status === 'rejected') throw launched.reason;
    t = await startTestApp({
      env: {
        OIDC_PROVIDERS: JSON.stringify([
          {
            id: 'met',
            label: 'Metropolitan Police',
            issuer: idp!.issuer,
            clientId: 'ocvrn-met',
            clientSecret: 'met-client-secret',
            domains: ['met.police.uk'],
            skipApproval: true,
          },
        ]),
      },
    });
    base = `http://localhost:${new URL(t.url).port}`;
    await idp!.addClient({
      client_id: 'ocvrn-met',
      client_secret: 'met-client-secret',
      redirect_uris: [`${base}/api/auth/sso/met/callback`],
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
    await idp?.close();
  });

  function openPage(): Promise<Page> {
    return openWatchedPage(
      browser,
      { baseURL: base, viewport: { width: 1024, height: 768 } },
      contexts,
      problems,
    );
  }

  async function officer(): Promise<TestOidcAccount> {
    const tag = randomUUID().slice(0, 8);
    const account = {
      sub: `sub-${tag}`,
      username: `officer-${tag}`,
      email: `officer-${tag}@met.police.uk`,
      email_verified: true,
      name: `Inspector ${tag}`,
    };
    await idp!.addAccount(account);
    return account;
  }

  /** On the provider's own sign-in page (another site): checked with axe, then signed in. */
  async function signInAtProvider(page: Page, account: TestOidcAccount, label: string) {
    await page.waitForURL((url) => url.origin === idp!.issuer);
    await h1(page, 'Sign in');
    await expectAccessible(page, label);
    await screenshot(page, label);
    await page.getByLabel('Username', { exact: true }).fill(account.username);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
  }

  it('a cancelled sign-in lands on the error page; trying again from it signs the officer in', async () => {
    const account = await officer();
    const page = await openPage();
    await page.goto('/sso/complete?error=SSO_FAILED');
    await h1(page, 'You could not be signed in');
    await page.getByText('did not complete').waitFor();
    const retry = page.getByRole('link', { name: 'Sign in with Metropolitan Police' });
    await retry.waitFor();
    await auditPage(page, 'sso-error');

    // Cancel at the provider: back to the same error page, from the API's callback.
    await retry.click();
    await page.waitForURL((url) => url.origin === idp!.issuer);
    await h1(page, 'Sign in');
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.waitForURL((url) => url.origin === base && url.pathname === '/sso/complete');
    expect(new URL(page.url()).searchParams.get('error')).toBe('SSO_FAILED');
    await h1(page, 'You could not be signed in');

    // Try again, and sign in this time.
    await page.getByRole('link', { name: 'Sign in with Metropolitan Police' }).click();
    await signInAtProvider(page, account, 'sso-provider-sign-in');
    await page.waitForURL((url) => url.origin === base && url.pathname === '/');
    await h1(page, `Welcome, ${account.name}`);
    await auditPage(page, 'sso-signed-in-home');

    // The session is real: a members-only page works, and survives a reload (refresh cookie).
    await page.goto('/members');
    await h1(page, 'Member directory');
    await page.reload();
    await h1(page, 'Member directory');
    const { rows } = await t!.db.query<{ method: string }>(
      `SELECT s.method FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1`,
      [account.email],
    );
    expect(rows).toEqual([{ method: 'sso:met' }]);
  });

  it('from the sign-in page, back to the page that asked for it, signed in', async () => {
    const account = await officer();
    const page = await openPage();
    // A members-only page sends a visitor to sign in, remembering where they were going.
    await page.goto('/members');
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await h1(page, 'Sign in');
    const button = page.getByRole('link', { name: 'Sign in with Metropolitan Police' });
    await button.waitFor();
    await auditPage(page, 'sso-sign-in-page');
    expect(await button.getAttribute('href')).toBe('/api/auth/sso/met/start?returnTo=%2Fmembers');
    await button.click();
    await signInAtProvider(page, account, 'sso-provider-sign-in-from-sign-in');
    await page.waitForURL((url) => url.origin === base && url.pathname === '/members');
    await h1(page, 'Member directory');
    await auditPage(page, 'sso-members-after-sign-in');
  });

  it('asks an account with an authenticator app for a code after the provider; an expired step starts again', async () => {
    const account = await officer();
    const user = await createUser(t!.db, { email: account.email, name: account.name });
    // The authenticator app is set up through the API, as the account page would.
    const session = await login(t!.url, user.email);
    const setup = await request(t!.url)
      .post('/api/auth/mfa/totp')
      .auth(session.accessToken, { type: 'bearer' })
      .expect(200);
    const totp = new TOTP({ secret: Secret.fromBase32(setup.body.secret as string) });
    const enrolledAt = Date.now();
    await request(t!.url)
      .post('/api/auth/mfa/totp/confirm')
      .auth(session.accessToken, { type: 'bearer' })
      .send({ code: totp.generate({ timestamp: enrolledAt }) })
      .expect(200);
    const sessionMethods = async () =>
      (
        await t!.db.query<{ method: string }>(
          'SELECT method FROM sessions WHERE user_id = $1 ORDER BY created_at',
          [user.id],
        )
      ).rows.map((r) => r.method);
    const codeLabel = 'Enter the 6-digit code from your authenticator app';

    // First try: the second step expires (5 minutes) before a code is entered.
    const first = await openPage();
    await first.goto('/api/auth/sso/met/start?returnTo=%2Fmembers');
    await signInAtProvider(first, account, 'sso-provider-sign-in-mfa-expired');
    await first.waitForURL((url) => url.origin === base && url.pathname === '/sso/complete');
    await h1(first, 'Check your authenticator app');
    await t!.db.query(
      "UPDATE auth_challenges SET expires_at = now() - interval '1 second' WHERE user_id = $1",
      [user.id],
    );
    await first.getByLabel(codeLabel).fill('123456');
    await first.getByRole('button', { name: 'Continue', exact: true }).click();
    await h1(first, 'You could not be signed in');
    await first.getByText('This sign-in has expired.', { exact: false }).waitFor();
    expect(new URL(first.url()).searchParams.get('error')).toBe('MFA_EXPIRED');
    const again = first.getByRole('link', { name: 'Sign in with Metropolitan Police' });
    await again.waitFor();
    expect(await again.getAttribute('href')).toBe('/api/auth/sso/met/start?returnTo=%2Fmembers');
    expect(
      await first.getByRole('link', { name: 'Go to the sign-in page' }).getAttribute('href'),
    ).toBe('/sign-in');
    await auditPage(first, 'sso-second-step-expired');
    expect(await sessionMethods()).toEqual(['password']);

    // Again, from the sign-in page a members-only page sent the officer to.
    const page = await openPage();
    await page.goto('/members');
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.getByRole('link', { name: 'Sign in with Metropolitan Police' }).click();
    await signInAtProvider(page, account, 'sso-provider-sign-in-mfa');
    await page.waitForURL((url) => url.origin === base && url.pathname === '/sso/complete');
    await h1(page, 'Check your authenticator app');
    // The token is read, then gone from the address bar; where to go next stays.
    await page.waitForURL((url) => !url.searchParams.has('mfaToken'));
    const address = new URL(page.url());
    expect([...address.searchParams.keys()]).toEqual(['returnTo']);
    expect(address.searchParams.get('returnTo')).toBe('/members');
    await page.getByRole('button', { name: 'Use a recovery code instead' }).waitFor();
    await auditPage(page, 'sso-second-step');
    // The provider's word alone started no session.
    expect(await sessionMethods()).toEqual(['password']);

    // A reload keeps the step (the history entry holds it, not the address).
    await page.reload();
    await h1(page, 'Check your authenticator app');

    // The code of the step after the one used to set the app up.
    await page.getByLabel(codeLabel).fill(totp.generate({ timestamp: enrolledAt + 30_000 }));
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.waitForURL((url) => url.origin === base && url.pathname === '/members');
    await h1(page, 'Member directory');
    await auditPage(page, 'sso-members-after-second-step');
    expect(await sessionMethods()).toEqual(['password', 'sso:met+totp']);
    // A real session: it survives a reload (the refresh cookie).
    await page.reload();
    await h1(page, 'Member directory');
  });

  it('an address the provider did not verify is turned away with a reason', async () => {
    const tag = randomUUID().slice(0, 8);
    const account: TestOidcAccount = {
      sub: `sub-${tag}`,
      username: `unverified-${tag}`,
      email: `unverified-${tag}@met.police.uk`,
      email_verified: false,
    };
    await idp!.addAccount(account);
    const page = await openPage();
    await page.goto('/api/auth/sso/met/start?returnTo=%2Fmembers');
    await signInAtProvider(page, account, 'sso-provider-sign-in-unverified');
    await page.waitForURL((url) => url.origin === base && url.pathname === '/sso/complete');
    await h1(page, 'You could not be signed in');
    await page.getByText('did not confirm your email address').waitFor();
    await auditPage(page, 'sso-error-unverified');
    await page.getByRole('link', { name: 'Go to the sign-in page' }).click();
    await h1(page, 'Sign in');
  });
});
