import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import {
  assertWebBuilt,
  auditPage,
  expectAccessible,
  h1,
  launchChromium,
  openWatchedPage,
  signIn,
} from '@testing/browser';
import { createUser, PASSWORD, type TestUser } from '@testing/factories';
import { startTestApp, type TestApp } from '@testing/test-app';

interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId: string;
  userHandle?: string;
  signCount: number;
}

/**
 * Passkeys in Chromium with its virtual authenticator (DevTools protocol `WebAuthn`): a
 * platform authenticator that holds discoverable credentials and verifies its user. A passkey
 * is added on the account page, then signs in alone, proves a fresh factor (step-up), and
 * completes a password sign-in as its second step. The page origin is
 * http://localhost:<port>, which is the server's PUBLIC_URL (its default) and so the relying
 * party WebAuthn checks; `localhost` is a secure context, as WebAuthn requires.
 */
describe('browser: passkeys', () => {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let contexts: BrowserContext[] = [];
  let problems: string[] = [];

  const app = (): TestApp => {
    if (!t) throw new Error('the test app did not start');
    return t;
  };
  const origin = () => `http://localhost:${new URL(app().url).port}`;

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

  /** A fresh browser (its own cookies) on http://localhost:<port>, with a virtual authenticator. */
  async function openWithAuthenticator(): Promise<{
    page: Page;
    cdp: CDPSession;
    authenticatorId: string;
  }> {
    const page = await openWatchedPage(
      browser,
      { baseURL: origin(), viewport: { width: 1024, height: 768 } },
      contexts,
      problems,
    );
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    return { page, cdp, authenticatorId };
  }

  async function credentials(cdp: CDPSession, authenticatorId: string) {
    const { credentials: list } = (await cdp.send('WebAuthn.getCredentials', {
      authenticatorId,
    })) as { credentials: VirtualCredential[] };
    return list;
  }

  /** On the account page: "Add a passkey", the browser's prompt, a name, saved. */
  async function addPasskeyOnAccountPage(page: Page, name: string): Promise<void> {
    const section = page.locator('section', {
      has: page.getByRole('heading', { name: 'Passkeys', exact: true }),
    });
    await section.getByRole('button', { name: 'Add a passkey' }).click();
    await maybeStepUpWithPasskey(page);
    await section.getByLabel('Name this passkey').fill(name);
    await section.getByRole('button', { name: 'Save passkey' }).click();
    await page.getByText(`Passkey “${name}” added`).waitFor();
    await section.getByRole('term').filter({ hasText: name }).waitFor();
  }

  /** When the "Confirm it is you" dialog opens, confirms with the passkey. */
  async function maybeStepUpWithPasskey(page: Page): Promise<boolean> {
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    const nameField = page.getByLabel('Name this passkey');
    await Promise.race([
      dialog.waitFor({ state: 'visible' }),
      nameField.waitFor({ state: 'visible' }),
    ]);
    if (!(await dialog.isVisible())) return false;
    await dialog.getByRole('button', { name: 'Use your passkey' }).click();
    await dialog.waitFor({ state: 'hidden' });
    return true;
  }

  async function openAccountPage(page: Page): Promise<void> {
    await page.goto('/account');
    await page.getByRole('heading', { name: 'Passkeys', exact: true }).waitFor();
  }

  /** Signs out, then leaves the page it was on (so a later sign-in goes home, not back there). */
  async function signOut(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor({ state: 'detached' });
    await page.goto('/');
  }

  async function sessionMethods(user: TestUser): Promise<string[]> {
    const { rows } = await app().db.query<{ method: string }>(
      'SELECT method FROM sessions WHERE user_id = $1 ORDER BY created_at',
      [user.id],
    );
    return rows.map((r) => r.method);
  }

  it('adds a passkey on the account page, signs in with it alone, and confirms a fresh factor with it', async () => {
    const user = await createUser(app().db, { name: 'Petra Passkey' });
    const { page, cdp, authenticatorId } = await openWithAuthenticator();

    await signIn(page, user);
    await openAccountPage(page);
    await auditPage(page, 'passkeys-account-empty');
    await addPasskeyOnAccountPage(page, 'Test laptop');
    await auditPage(page, 'passkeys-account-added');

    const held = await credentials(cdp, authenticatorId);
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });
    const stored = await app().db.query<{ credential_id: string; name: string }>(
      'SELECT credential_id, name FROM passkeys WHERE user_id = $1',
      [user.id],
    );
    expect(stored.rows).toEqual([{ credential_id: expect.any(String), name: 'Test laptop' }]);
    expect(Buffer.from(stored.rows[0].credential_id, 'base64url').toString('base64')).toBe(
      held[0].credentialId,
    );

    // Signed out, the passkey alone signs in: no email, no password.
    await signOut(page);
    await page.goto('/sign-in');
    await h1(page, 'Sign in');
    await auditPage(page, 'passkeys-sign-in');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await h1(page, `Welcome, ${user.name}`);
    expect(await sessionMethods(user)).toEqual(['password', 'passkey']);
    const [used] = (
      await app().db.query<{ last_used_at: Date | null }>(
        'SELECT last_used_at FROM passkeys WHERE user_id = $1',
        [user.id],
      )
    ).rows;
    expect(used.last_used_at).toBeInstanceOf(Date);

    // After a reload the session's token is no longer a fresh factor: adding a second passkey
    // asks to confirm it is you, which the first passkey does.
    await page.reload();
    await h1(page, `Welcome, ${user.name}`);
    await openAccountPage(page);
    const section = page.locator('section', {
      has: page.getByRole('heading', { name: 'Passkeys', exact: true }),
    });
    await section.getByRole('button', { name: 'Add a passkey' }).click();
    expect(await maybeStepUpWithPasskey(page)).toBe(true);
    // The virtual authenticator holds a passkey of this account already: the browser refuses
    // to make a second one on it, and the section says so.
    await section.getByText('already holds a passkey for your account').waitFor();
    await auditPage(page, 'passkeys-account-already-held');
    const steps = await app().db.query<{ detail: { method: string } }>(
      `SELECT detail FROM audit_log WHERE action = 'auth.step_up' AND actor_id = $1`,
      [user.id],
    );
    expect(steps.rows).toEqual([{ detail: { method: 'passkey' } }]);

    // A security key instead: the fresh factor still counts, so no confirmation this time.
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    const { authenticatorId: keyId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'usb',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await addPasskeyOnAccountPage(page, 'Security key');
    expect(await credentials(cdp, keyId)).toHaveLength(1);
    await expect(section.getByRole('term').allTextContents()).resolves.toEqual([
      'Test laptop',
      'Security key',
    ]);
    const stepsAfter = await app().db.query(
      `SELECT 1 FROM audit_log WHERE action = 'auth.step_up' AND actor_id = $1`,
      [user.id],
    );
    expect(stepsAfter.rowCount).toBe(1);
  });

  it('completes a password sign-in with the passkey as its second step, then removes it', async () => {
    const user = await createUser(app().db, { name: 'Sam Second-Step' });
    const { page, cdp, authenticatorId } = await openWithAuthenticator();
    await signIn(page, user);
    await openAccountPage(page);
    await addPasskeyOnAccountPage(page, 'Work phone');
    expect(await credentials(cdp, authenticatorId)).toHaveLength(1);
    await signOut(page);

    await page.goto('/sign-in');
    await h1(page, 'Sign in');
    await page.getByLabel('Email address', { exact: true }).fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const usePasskey = page.getByRole('button', { name: 'Use your passkey' });
    await usePasskey.waitFor();
    await auditPage(page, 'passkeys-second-step');
    await usePasskey.click();
    await page.waitForURL((url) => url.pathname === '/');
    await h1(page, `Welcome, ${user.name}`);
    expect(await sessionMethods(user)).toEqual(['password', 'password+passkey']);

    // Removing it. The account page loads afresh, so its token is no longer a fresh factor:
    // the passkey confirms it is you first.
    await openAccountPage(page);
    const section = page.locator('section', {
      has: page.getByRole('heading', { name: 'Passkeys', exact: true }),
    });
    await section.getByRole('button', { name: 'Remove the passkey Work phone' }).click();
    await auditPage(page, 'passkeys-remove-confirm');
    await section.getByRole('button', { name: 'Yes, remove it' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.waitFor();
    await expectAccessible(page, 'passkeys-step-up-dialog');
    await dialog.getByRole('button', { name: 'Use your passkey' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Passkey “Work phone” removed').waitFor();
    await section.getByText('You have not added a passkey.').waitFor();
    const left = await app().db.query('SELECT 1 FROM passkeys WHERE user_id = $1', [user.id]);
    expect(left.rowCount).toBe(0);
  });
});
