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

  /**
   * On the account page: "Add a passkey", the browser's prompt, a name, saved. The account's
   * first factor comes with ten recovery codes, shown once in place of the list until "I have
   * saved them" (returned, checked with axe under `audit`); any later passkey shows none.
   */
  async function addPasskeyOnAccountPage(
    page: Page,
    name: string,
    first: { audit?: string } | false,
  ): Promise<string[]> {
    const section = page.locator('section', {
      has: page.getByRole('heading', { name: 'Passkeys', exact: true }),
    });
    const added = section.getByRole('term').filter({ hasText: name });
    const codesHeading = section.getByRole('heading', { name: 'Your recovery codes' });
    await section.getByRole('button', { name: 'Add a passkey' }).click();
    await maybeStepUpWithPasskey(page);
    await section.getByLabel('Name this passkey').fill(name);
    await section.getByRole('button', { name: 'Save passkey' }).click();
    await page.getByText(`Passkey “${name}” added`).waitFor();
    if (!first) {
      await added.waitFor();
      expect(await codesHeading.count()).toBe(0);
      return [];
    }
    await codesHeading.waitFor();
    // The codes stand in for the list (and the add button) until they are saved.
    expect(await added.count()).toBe(0);
    expect(await section.getByRole('button', { name: 'Add a passkey' }).count()).toBe(0);
    const codes = await section
      .getByRole('list', { name: 'Recovery codes' })
      .locator('li')
      .allTextContents();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    if (first.audit) await auditPage(page, first.audit);
    await section.getByRole('button', { name: 'I have saved them' }).click();
    await added.waitFor();
    await section.getByRole('status').filter({ hasText: 'Your passkey is set up.' }).waitFor();
    expect(await codesHeading.count()).toBe(0);
    await section.getByRole('button', { name: 'Add a passkey' }).waitFor();
    return codes;
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

  /** Email and password on the sign-in page (the second step follows). */
  async function submitPassword(page: Page, user: TestUser): Promise<void> {
    await page.goto('/sign-in');
    await h1(page, 'Sign in');
    await page.getByLabel('Email address', { exact: true }).fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
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
    const codes = await addPasskeyOnAccountPage(page, 'Test laptop', {
      audit: 'passkeys-account-recovery-codes',
    });
    await auditPage(page, 'passkeys-account-added');
    const issued = await app().db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL',
      [user.id],
    );
    expect(issued.rows[0].n).toBe(codes.length);

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
    // A second passkey: the account has recovery codes already, so none are shown.
    await addPasskeyOnAccountPage(page, 'Security key', false);
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

  it('completes a password sign-in with the passkey (offered first) or a recovery code, gets new codes with the passkey, then removes it', async () => {
    const user = await createUser(app().db, { name: 'Sam Second-Step' });
    const { page, cdp, authenticatorId } = await openWithAuthenticator();
    await signIn(page, user);
    await openAccountPage(page);
    const firstCodes = await addPasskeyOnAccountPage(page, 'Work phone', {});
    expect(await credentials(cdp, authenticatorId)).toHaveLength(1);
    await signOut(page);

    // A passkey and no authenticator app: the second step offers the passkey first, then a
    // recovery code, and nothing about an app.
    await submitPassword(page, user);
    await h1(page, 'Use your passkey');
    const usePasskey = page.getByRole('button', { name: 'Use your passkey' });
    await usePasskey.waitFor();
    await expect(
      page.locator('main ul.govuk-list').getByRole('button').allTextContents(),
    ).resolves.toEqual(['Use a recovery code instead']);
    await auditPage(page, 'passkeys-second-step');
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await h1(page, 'Use a recovery code');
    await page.getByLabel('Enter one of your recovery codes').waitFor();
    await auditPage(page, 'passkeys-second-step-recovery');
    await page.getByRole('button', { name: 'Use your passkey instead' }).click();
    await h1(page, 'Use your passkey');
    await usePasskey.click();
    await page.waitForURL((url) => url.pathname === '/');
    await h1(page, `Welcome, ${user.name}`);
    expect(await sessionMethods(user)).toEqual(['password', 'password+passkey']);

    // New recovery codes for this passkey-only account: no code to type, the passkey confirms
    // it is you (the page loaded afresh, so its token is not a fresh factor).
    await openAccountPage(page);
    const recovery = page.locator('section', {
      has: page.getByRole('heading', { name: 'Recovery codes', exact: true }),
    });
    await recovery.getByRole('button', { name: 'Get new recovery codes' }).click();
    await recovery.getByRole('button', { name: 'Yes, get new recovery codes' }).click();
    const stepUp = page.getByRole('dialog', { name: 'Confirm it is you' });
    await stepUp.waitFor();
    await stepUp.getByText('Use your passkey, or enter a recovery code.').waitFor();
    await auditPage(page, 'passkeys-recovery-codes-step-up');
    await stepUp.getByRole('button', { name: 'Use your passkey' }).click();
    await stepUp.waitFor({ state: 'hidden' });
    await recovery.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    const newCodes = await recovery
      .getByRole('list', { name: 'Recovery codes' })
      .locator('li')
      .allTextContents();
    expect(newCodes).toHaveLength(10);
    expect(newCodes.filter((code) => firstCodes.includes(code))).toEqual([]);
    await recovery.getByRole('button', { name: 'I have saved them' }).click();
    await recovery
      .getByRole('status')
      .filter({ hasText: 'You have new recovery codes.' })
      .waitFor();
    const stepUps = await app().db.query<{ detail: { method: string } }>(
      `SELECT detail FROM audit_log WHERE action = 'auth.step_up' AND actor_id = $1`,
      [user.id],
    );
    expect(stepUps.rows).toEqual([{ detail: { method: 'passkey' } }]);
    const audited = await app().db.query(
      `SELECT 1 FROM audit_log WHERE action = 'mfa.recovery_codes_regenerated' AND actor_id = $1`,
      [user.id],
    );
    expect(audited.rowCount).toBe(1);

    // A recovery code completes a sign-in too: an old one is refused, a new one works.
    await signOut(page);
    await submitPassword(page, user);
    await h1(page, 'Use your passkey');
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    const recoveryField = page.getByLabel('Enter one of your recovery codes');
    await recoveryField.fill(firstCodes[0]);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page
      .locator('.govuk-error-summary')
      .getByText('That recovery code is not right, or it has been used already')
      .waitFor();
    await recoveryField.fill(newCodes[0]);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await h1(page, `Welcome, ${user.name}`);
    expect(await sessionMethods(user)).toEqual([
      'password',
      'password+passkey',
      'password+recovery',
    ]);

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
