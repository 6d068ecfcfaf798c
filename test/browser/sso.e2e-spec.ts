import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  assertWebBuilt,
  auditPage,
  expectAccessible,
  h1,
  launchChromium,
  openWatchedPage,
  screenshot,
} from '@testing/browser';
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
 * `POST /api/auth/refresh` from its own origin and the person lands signed in. axe-core runs on
 * every page visited, the provider's included.
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
