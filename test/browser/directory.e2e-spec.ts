import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
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
import { startSmtpSink, type SmtpSink } from '@testing/smtp';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * The SPA in Chromium, beyond the way in: a member searches and filters the directory, opens a
 * profile (a hidden contact field stays hidden) and downloads its vCard; edits their own
 * profile (a bad ORCID iD first) while another member, directory open, sees the new title
 * arrive live; an admin invites someone, who joins from the link in the email, and adds then
 * removes an auto-approved domain. axe-core runs on every page and state visited and fails the
 * test on a serious or critical violation; the directory and the edit form are also checked at
 * 320 px for horizontal scrolling.
 */

interface Seed {
  name: string;
  title: string;
  organisation: string;
  sector: string;
  country: string;
  level: string | null;
  expertise: string[];
  bio: string;
  phone: string | null;
  website: string | null;
  visibility?: Partial<Record<'email' | 'phone' | 'website', 'members' | 'admins' | 'hidden'>>;
}

/** Members with profiles across sectors, countries, levels and topics. */
const SEEDS: Seed[] = [
  {
    name: 'Priya Raman',
    title: 'Senior Lecturer in Criminology',
    organisation: 'University of Leeds',
    sector: 'academia',
    country: 'GB',
    level: 'national',
    expertise: ['drugs', 'markets-networks'],
    bio: 'County lines drug markets and the exploitation of young people.\nFieldwork in West Yorkshire.',
    phone: '+44 113 496 0321',
    website: 'https://example.org/priya-raman',
    // The phone is hers alone, the address for admins only: another member sees neither.
    visibility: { phone: 'hidden', email: 'admins', website: 'members' },
  },
  {
    name: 'Tomasz Nowak',
    title: 'Detective Inspector',
    organisation: 'Polish National Police',
    sector: 'law-enforcement',
    country: 'PL',
    level: 'international',
    expertise: ['cyber-crime'],
    bio: 'Ransomware investigations across borders.',
    phone: '+48 22 555 0100',
    website: null,
  },
  {
    name: 'Hannah Becker',
    title: 'Intelligence Analyst',
    organisation: 'Bundeskriminalamt',
    sector: 'law-enforcement',
    country: 'DE',
    level: 'national',
    expertise: ['drugs', 'firearms-violence-gangs'],
    bio: 'Synthetic drug production and trafficking routes.',
    phone: null,
    website: null,
  },
  {
    name: 'Liam Byrne',
    title: 'Sergeant',
    organisation: 'An Garda Síochána',
    sector: 'law-enforcement',
    country: 'IE',
    level: 'local-regional',
    expertise: ['organised-acquisitive-crime'],
    bio: 'Organised burglary and vehicle theft.',
    phone: null,
    website: null,
  },
  {
    name: 'Kwame Mensah',
    title: 'Policy Adviser',
    organisation: 'Home Office',
    sector: 'government',
    country: 'GB',
    level: 'national',
    expertise: ['money-laundering', 'economic-crime-fraud'],
    bio: 'Criminal finance policy and asset recovery.',
    phone: '+44 20 7946 0555',
    website: 'https://example.gov.uk/kwame',
  },
  {
    name: 'Sofia Marques',
    title: 'Associate Professor',
    organisation: 'University of Lisbon',
    sector: 'academia',
    country: 'PT',
    level: 'international',
    expertise: ['immigration-trafficking-exploitation', 'victims-vulnerable-groups'],
    bio: 'Human trafficking into southern Europe.',
    phone: null,
    website: 'https://example.pt/sofia',
  },
  {
    name: 'Amara Okafor',
    title: 'Head of Fraud Risk',
    organisation: 'Lagos Payments Ltd',
    sector: 'industry',
    country: 'NG',
    level: 'international',
    expertise: ['cyber-crime', 'technologies'],
    bio: 'Payment fraud detection with machine learning.',
    phone: null,
    website: null,
  },
  {
    name: 'Jonas Lindqvist',
    title: 'Financial Crime Specialist',
    organisation: 'Europol',
    sector: 'international-organisation',
    country: 'NL',
    level: 'international',
    expertise: ['money-laundering', 'data'],
    bio: 'Money mule networks and informal value transfer.',
    phone: null,
    website: null,
  },
  {
    name: 'Elena Rossi',
    title: 'Research Fellow',
    organisation: 'University of Bologna',
    sector: 'academia',
    country: 'IT',
    level: 'local-regional',
    expertise: ['environmental-crime'],
    bio: 'Waste crime in southern Italy.',
    phone: null,
    website: null,
  },
  {
    name: 'Marek Dvořák',
    title: 'Senior Adviser',
    organisation: 'Ministry of the Interior',
    sector: 'government',
    country: 'CZ',
    level: 'national',
    expertise: ['enablers'],
    bio: 'Corruption and the criminal use of legitimate business.',
    phone: null,
    website: null,
  },
  {
    name: 'Fatima Haddad',
    title: 'Director',
    organisation: 'Safe Passage Trust',
    sector: 'voluntary-community',
    country: 'GB',
    level: 'local-regional',
    expertise: ['victims-vulnerable-groups'],
    bio: 'Support for victims of modern slavery.',
    phone: null,
    website: null,
  },
  {
    name: 'Chen Wei',
    title: 'Threat Intelligence Lead',
    organisation: 'Straits Security',
    sector: 'industry',
    country: 'SG',
    level: 'international',
    expertise: ['cyber-crime', 'economic-crime-fraud'],
    bio: 'Investment scams run from compounds in South-East Asia.',
    phone: null,
    website: null,
  },
];

/** Members without a profile, so that the directory has more than one page (20 a page). */
const FILLERS = 9;

/** Undoes quoted-printable (soft breaks, =XX), enough to read a link out of a raw message. */
function decodeQuotedPrintable(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The promise, or a failure naming what did not happen within UI_TIMEOUT. */
async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${UI_TIMEOUT} ms`)), UI_TIMEOUT);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('browser: the member directory, profiles, invitations and domains', () => {
  let t: TestApp | undefined;
  let smtp: SmtpSink | undefined;
  let browser: Browser | undefined;
  let admin: TestUser;
  /** Browses the directory, then edits their profile. */
  let mara: TestUser;
  /** Has the directory open while Mara edits. */
  let sam: TestUser;
  const ids = new Map<string, string>();
  let contexts: BrowserContext[] = [];
  /** Uncaught exceptions, CSP violations and server errors in any page: each fails the test. */
  let problems: string[] = [];

  const app = (): TestApp => {
    if (!t) throw new Error('the test app did not start');
    return t;
  };

  async function seedMember(seed: Seed): Promise<void> {
    const user = await createUser(app().db, {
      name: seed.name,
      organisation: seed.organisation,
      sector: seed.sector,
      country: seed.country,
      email: `${seed.name.split(' ')[0].toLowerCase()}.${randomUUID().slice(0, 6)}@example.org`,
    });
    await app().db.query(
      `UPDATE users SET title = $2, level = $3, expertise = $4, bio = $5, phone = $6, website = $7,
              visibility = visibility || $8::jsonb
        WHERE id = $1`,
      [
        user.id,
        seed.title,
        seed.level,
        seed.expertise,
        seed.bio,
        seed.phone,
        seed.website,
        JSON.stringify(seed.visibility ?? {}),
      ],
    );
    ids.set(seed.name, user.id);
  }

  beforeAll(async () => {
    assertWebBuilt();
    const [sink, launched] = await Promise.allSettled([startSmtpSink(), launchChromium()]);
    if (sink.status === 'fulfilled') smtp = sink.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (sink.status === 'rejected') throw sink.reason;
    if (launched.status === 'rejected') throw launched.reason;
    t = await startTestApp({ env: { SMTP_URL: sink.value.url } });

    admin = await createUser(app().db, {
      roles: ['member', 'admin'],
      name: 'Ada Admin',
      email: 'ada.admin@ocvrn.test',
    });
    mara = await createUser(app().db, {
      name: 'Mara Viewer',
      email: 'mara.viewer@example.ac.uk',
      organisation: 'University of Manchester',
    });
    sam = await createUser(app().db, { name: 'Sam Watcher', email: 'sam.watcher@example.org' });
    await app().db.query(
      `UPDATE users SET title = 'Research Fellow', expertise = '{drugs}' WHERE id = $1`,
      [mara.id],
    );
    await Promise.all([
      ...SEEDS.map((seed) => seedMember(seed)),
      ...Array.from({ length: FILLERS }, (_, i) =>
        createUser(app().db, { name: `Network Member ${String(i + 1).padStart(2, '0')}` }),
      ),
    ]);
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
  function openPage(viewport = { width: 1024, height: 768 }): Promise<Page> {
    return openWatchedPage(
      browser,
      { baseURL: app().url, viewport, acceptDownloads: true },
      contexts,
      problems,
    );
  }

  /**
   * After a client-side navigation the new page's h1 takes the focus (use-route-focus.ts),
   * also when the page's code is loaded on first use.
   */
  async function expectH1Focused(page: Page, name: string): Promise<void> {
    await h1(page, name);
    await page
      .waitForFunction(
        (text) => {
          const el = document.activeElement;
          return el?.tagName === 'H1' && el.closest('main') !== null && el.textContent === text;
        },
        name,
        { timeout: 3_000 },
      )
      .catch(async () => {
        const focus = await page.evaluate(
          () => `<${document.activeElement?.tagName.toLowerCase() ?? 'none'}>`,
        );
        throw new Error(`the h1 "${name}" did not take focus on ${page.url()} (focus: ${focus})`);
      });
  }

  /** Checks a settled page with axe and takes its screenshot. */
  async function audit(page: Page, label: string, width?: number): Promise<void> {
    await settle(page);
    await expectAccessible(page, `directory-${label}`);
    await screenshot(page, `directory-${label}`);
    if (width) await expectNoHorizontalScroll(page, width);
  }

  async function signIn(page: Page, user: TestUser, label?: string, width?: number) {
    await page.goto('/sign-in');
    await h1(page, 'Sign in');
    if (label) await audit(page, label, width);
    await page.getByLabel('Email address', { exact: true }).fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await h1(page, `Welcome, ${user.name}`);
  }

  /** The header's menu link (behind the "Menu" toggle on a narrow screen). */
  async function menuLink(page: Page, name: string): Promise<void> {
    const menu = page.getByRole('navigation', { name: 'Menu' });
    const toggle = menu.getByRole('button', { name: 'Menu' });
    if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-expanded')) !== 'true') {
      await toggle.click();
    }
    await menu.getByRole('link', { name, exact: true }).click();
  }

  /**
   * Clicks a directory filter (its state lives in the URL) and records the checkbox on each of
   * the next frames: it takes the new state at once and never flips back while the URL and the
   * results catch up.
   */
  async function clickFacet(page: Page, box: Locator, urlChanged: (url: URL) => boolean) {
    const FRAMES = 20;
    await box.evaluate((el, frames) => {
      const input = el as HTMLInputElement;
      const seen: boolean[] = [];
      (window as unknown as { __facetStates: boolean[] }).__facetStates = seen;
      input.addEventListener(
        'click',
        () => {
          const record = () => {
            seen.push(input.checked);
            if (seen.length < frames) requestAnimationFrame(record);
          };
          requestAnimationFrame(record);
        },
        { once: true },
      );
    }, FRAMES);
    const before = await box.isChecked();
    await box.click();
    await page.waitForURL(urlChanged);
    await page.waitForFunction(
      (frames) =>
        (window as unknown as { __facetStates: boolean[] }).__facetStates.length >= frames,
      FRAMES,
    );
    const states = await page.evaluate(
      () => (window as unknown as { __facetStates: boolean[] }).__facetStates,
    );
    expect(states).toEqual(Array<boolean>(FRAMES).fill(!before));
    expect(await box.isChecked()).toBe(!before);
  }

  /** The directory's result count heading ("24 members"). */
  const countHeading = (page: Page) => page.locator('#members-count');
  const results = (page: Page) => page.locator('ul.app-member-list > li.app-member');

  async function resultNames(page: Page): Promise<string[]> {
    return results(page).locator('h3').allInnerTexts();
  }

  async function count(sql: string, values: unknown[] = []): Promise<number> {
    const { rows } = await app().db.query<{ n: number }>(sql, values);
    return Number(rows[0].n);
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
            screenshot(p, `FAILED-directory-${name}-${i}`).catch(() => undefined),
          ),
        );
        throw error;
      }
    };
  }

  it(
    'searches, filters and pages the directory; a profile hides what it should; the vCard downloads',
    withFailureScreenshots('directory', async () => {
      const page = await openPage();
      const members = await count(`SELECT count(*)::int AS n FROM users WHERE status = 'approved'`);
      expect(members).toBeGreaterThan(20); // more than one page

      await signIn(page, mara, 'sign-in');
      await audit(page, 'home-member');

      // The directory's code loads on first use. Held back for longer than the route focus
      // waits for a heading (60 frames), the home page stays up meanwhile; once the code
      // arrives, the directory's h1 still takes the focus.
      let release = (): void => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let requested = (): void => undefined;
      const chunkRequested = new Promise<void>((resolve) => (requested = resolve));
      await page.route(/\/assets\/MembersPage-[^/]*\.js$/, async (route) => {
        requested();
        await held;
        await route.continue();
      });
      await menuLink(page, 'Directory');
      await within(
        chunkRequested,
        'the directory was not loaded on first use as a chunk of its own (assets/MembersPage-*.js)',
      );
      await page.evaluate(
        () =>
          new Promise<void>((resolve) => {
            let frames = 0;
            const tick = () => (++frames >= 75 ? resolve() : requestAnimationFrame(tick));
            requestAnimationFrame(tick);
          }),
      );
      await h1(page, `Welcome, ${mara.name}`);
      release();
      await page.waitForURL((url) => url.pathname === '/members');
      await expectH1Focused(page, 'Member directory');
      await page.unrouteAll();
      await countHeading(page).getByText(`${members} members`, { exact: true }).waitFor();
      expect(await page.title()).toBe('Member directory – OCVRN');
      expect(await results(page).count()).toBe(20);
      await audit(page, 'members');

      // A name: the one result.
      const search = page.getByRole('search', { name: 'Members' });
      await search.getByLabel('Search members').fill('Lindqvist');
      await search.getByRole('button', { name: 'Search', exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('q') === 'Lindqvist');
      await countHeading(page).getByText('1 member', { exact: true }).waitFor();
      expect(await resultNames(page)).toEqual(['Jonas Lindqvist']);
      const jonas = page.getByTestId(`member-${ids.get('Jonas Lindqvist')}`);
      expect(await jonas.innerText()).toContain('Financial Crime Specialist');
      await jonas.getByText('Money laundering and criminal finance').waitFor();
      await audit(page, 'members-search');

      // Without the accent, and nobody at all.
      await search.getByLabel('Search members').fill('dvorak');
      await search.getByRole('button', { name: 'Search', exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('q') === 'dvorak');
      await results(page).getByRole('link', { name: 'Marek Dvořák', exact: true }).waitFor();
      expect(await resultNames(page)).toEqual(['Marek Dvořák']);
      await search.getByLabel('Search members').fill('zzyzx');
      await search.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByText('No members match your search', { exact: true }).waitFor();
      await audit(page, 'members-no-results');
      await page.getByRole('link', { name: 'Clear your search' }).click();
      await page.waitForURL((url) => url.search === '');
      await countHeading(page).getByText(`${members} members`, { exact: true }).waitFor();

      // A facet: the URL, the results and the other facets' counts follow.
      const police = await count(
        `SELECT count(*)::int AS n FROM users WHERE status = 'approved' AND sector = 'law-enforcement'`,
      );
      expect(police).toBe(3);
      const sectors = page.getByRole('group', { name: 'Sector' });
      expect(await sectors.getByRole('checkbox').count()).toBeGreaterThan(3);
      const lawEnforcement = sectors.getByRole('checkbox', {
        name: `Law enforcement (${police})`,
      });
      await clickFacet(
        page,
        lawEnforcement,
        (url) => url.searchParams.getAll('sector').join() === 'law-enforcement',
      );
      await countHeading(page).getByText(`${police} members`, { exact: true }).waitFor();
      expect((await resultNames(page)).sort()).toEqual([
        'Hannah Becker',
        'Liam Byrne',
        'Tomasz Nowak',
      ]);
      const countries = page.getByRole('group', { name: 'Country' });
      const countryLabels = await countries.locator('label').allInnerTexts();
      expect(countryLabels.sort()).toEqual(['Germany (1)', 'Ireland (1)', 'Poland (1)']);
      const levelLabels = page.getByRole('group', { name: 'Level' }).locator('label');
      expect(await levelLabels.allInnerTexts()).toEqual([
        'Local / regional (1)',
        'National (1)',
        'International (1)',
      ]);
      await page.getByRole('link', { name: 'Clear filters' }).first().waitFor();
      await audit(page, 'members-filtered');

      await clickFacet(page, lawEnforcement, (url) => url.search === '');
      await countHeading(page).getByText(`${members} members`, { exact: true }).waitFor();

      // Load more: the rest of the directory; the focus goes on to the first new result.
      await page.getByText(`Showing 20 of ${members} members`, { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Load more members' }).click();
      await page.getByText(`Showing ${members} of ${members} members`, { exact: true }).waitFor();
      expect(await results(page).count()).toBe(members);
      await page.getByRole('button', { name: 'Load more members' }).waitFor({ state: 'detached' });
      const firstNew = results(page).nth(20).getByRole('link');
      await page.waitForFunction(
        (id) => document.activeElement?.id === id,
        await firstNew.getAttribute('id'),
      );
      const names = await resultNames(page);
      expect(names).toEqual(
        [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })),
      );
      await audit(page, 'members-all');

      // A profile: what every member may see, and not the hidden phone or the admins-only email.
      const priya = SEEDS[0];
      await page.getByRole('link', { name: priya.name, exact: true }).click();
      await page.waitForURL((url) => url.pathname === `/members/${ids.get(priya.name)}`);
      await expectH1Focused(page, priya.name);
      await page.getByText(`${priya.title}, ${priya.organisation}`, { exact: true }).waitFor();
      const keys = await page.locator('main .govuk-summary-list__key').allInnerTexts();
      expect(keys).toEqual(['Sector', 'Level', 'Country', 'Expertise', 'Website']);
      const values = await page.locator('main .govuk-summary-list__value').allInnerTexts();
      expect(values.slice(0, 3)).toEqual(['Academia', 'National', 'United Kingdom']);
      expect(values[3]).toContain('Drugs');
      expect(values[3]).toContain('Markets and networks');
      await page.getByRole('link', { name: priya.website ?? '' }).waitFor();
      await page.getByText(/County lines drug markets/).waitFor();
      const text = await page.locator('main').innerText();
      expect(text).not.toContain(priya.phone);
      expect(text).not.toContain('@example.org');
      expect(text).not.toContain('Edit your profile');
      expect(await page.title()).toBe(`${priya.name} – OCVRN`);
      await audit(page, 'profile');

      // The vCard: a file, visible fields only.
      const downloaded = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Download contact card (vCard)' }).click();
      const download = await downloaded;
      expect(download.suggestedFilename()).toMatch(/\.vcf$/);
      const card = await readFile(await download.path(), 'utf8');
      expect(card.startsWith('BEGIN:VCARD')).toBe(true);
      expect(card).toContain(`FN:${priya.name}`);
      expect(card).toContain('END:VCARD');
      expect(card).toContain(`URL:${priya.website}`);
      expect(card).not.toMatch(/^TEL/m);
      expect(card).not.toMatch(/^EMAIL/m);
      await page.getByText(`Contact card for ${priya.name} downloaded.`).waitFor();
      await audit(page, 'profile-vcard');

      // The back link returns to the directory as it was left.
      await page.getByRole('link', { name: 'Member directory' }).click();
      await page.waitForURL((url) => url.pathname === '/members');
      await expectH1Focused(page, 'Member directory');
    }),
  );

  it(
    'edits a profile at 320 px (a bad ORCID iD first); another member sees the new title live',
    withFailureScreenshots('edit', async () => {
      const narrow = { width: 320, height: 720 };
      const watcher = await openPage(); // Sam, directory open
      const editor = await openPage(narrow); // Mara, on a phone
      const newTitle = `Reader in Criminology ${randomUUID().slice(0, 4)}`;
      const orcid = '0000-0002-1825-0097';

      // Sam: the directory, searched down to Mara, before she edits anything.
      await signIn(watcher, sam);
      await menuLink(watcher, 'Directory');
      await h1(watcher, 'Member directory');
      const search = watcher.getByRole('search', { name: 'Members' });
      await search.getByLabel('Search members').fill('Mara');
      await search.getByRole('button', { name: 'Search', exact: true }).click();
      const maraResult = watcher.getByTestId(`member-${mara.id}`);
      await maraResult.getByText('Research Fellow', { exact: true }).waitFor();
      await realtimeConnected(watcher);
      await audit(watcher, 'members-watcher');
      const watch = await watchNavigations(watcher);

      // Mara, 320 px: the directory (filters folded away), then her profile form.
      await signIn(editor, mara, 'sign-in-320', narrow.width);
      await menuLink(editor, 'Directory');
      await expectH1Focused(editor, 'Member directory');
      await countHeading(editor)
        .getByText(/^\d+ members$/)
        .waitFor();
      await audit(editor, 'members-320', narrow.width);
      const filters = editor.locator('details.app-filters-details');
      await filters.locator('summary').click();
      await filters.getByRole('group', { name: 'Sector' }).waitFor();
      await audit(editor, 'members-320-filters-open', narrow.width);

      await editor.getByRole('link', { name: 'Your profile', exact: true }).click();
      await editor.waitForURL((url) => url.pathname === '/members/me/edit');
      await expectH1Focused(editor, 'Edit your profile');
      const titleField = editor.getByLabel('Job title (optional)', { exact: true });
      await titleField.waitFor();
      expect(await titleField.inputValue()).toBe('Research Fellow');
      expect(await editor.getByLabel('Full name', { exact: true }).inputValue()).toBe(mara.name);
      expect(await editor.getByRole('checkbox', { name: 'Drugs', exact: true }).isChecked()).toBe(
        true,
      );
      await audit(editor, 'edit-320', narrow.width);

      // A wrong check digit: the summary names it, links to the field, the title says so.
      const orcidField = editor.getByLabel('ORCID iD (optional)', { exact: true });
      await titleField.fill(newTitle);
      await orcidField.fill('0000-0002-1825-0098');
      await editor.getByRole('button', { name: 'Save your profile', exact: true }).click();
      const summary = editor.locator('.govuk-error-summary');
      await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
      const problem = 'Enter a real ORCID iD: check you have copied all 16 characters correctly';
      expect(await summary.getByRole('link').allInnerTexts()).toEqual([problem]);
      await editor.waitForFunction(() =>
        document.activeElement?.classList.contains('govuk-error-summary'),
      );
      expect(await editor.title()).toBe('Error: Edit your profile – OCVRN');
      await editor.locator('#profile-orcid-error').getByText(problem).waitFor();
      expect(await orcidField.getAttribute('aria-invalid')).toBe('true');
      await audit(editor, 'edit-320-orcid-error', narrow.width);
      await summary.getByRole('link', { name: problem }).click();
      await editor.waitForFunction(() => document.activeElement?.id === 'profile-orcid');
      // Nothing was saved.
      expect(
        (await app().db.query('SELECT title, orcid FROM users WHERE id = $1', [mara.id])).rows[0],
      ).toEqual({ title: 'Research Fellow', orcid: null });

      // Fixed and saved: the profile, with the banner and the new values.
      await orcidField.fill(`https://orcid.org/${orcid}`);
      await editor.getByRole('button', { name: 'Save your profile', exact: true }).click();
      await editor.waitForURL((url) => url.pathname === `/members/${mara.id}`);
      await editor
        .getByRole('alert')
        .filter({ hasText: 'Your profile has been updated' })
        .waitFor();
      await expectH1Focused(editor, mara.name);
      await editor.getByText(`${newTitle}, University of Manchester`, { exact: true }).waitFor();
      await editor.getByRole('link', { name: `https://orcid.org/${orcid}` }).waitFor();
      await editor.getByRole('link', { name: 'Edit your profile' }).waitFor();
      expect(await editor.title()).toBe(`${mara.name} – OCVRN`);
      await audit(editor, 'profile-saved-320', narrow.width);
      expect(
        (await app().db.query('SELECT title, orcid FROM users WHERE id = $1', [mara.id])).rows[0],
      ).toEqual({ title: newTitle, orcid });

      // Sam: the new title, in the same document.
      await maraResult.getByText(newTitle, { exact: true }).waitFor();
      expect(await maraResult.getByText('Research Fellow', { exact: true }).count()).toBe(0);
      await expectSameDocument(watcher, watch);
      await audit(watcher, 'members-watcher-live');
    }),
  );

  it(
    'an admin invites someone who joins from the email link; adds and removes *.police.uk',
    withFailureScreenshots('admin', async () => {
      if (!smtp) throw new Error('the SMTP sink did not start');
      const adminPage = await openPage();
      const invitee = {
        name: 'Noor Invited',
        email: `noor-${randomUUID().slice(0, 8)}@invited.example.org`,
        password: 'four unrelated words here',
        organisation: 'Kent Police',
      };

      // Invitations: none yet, then one.
      await signIn(adminPage, admin);
      await audit(adminPage, 'home-admin');
      await menuLink(adminPage, 'Invitations');
      await adminPage.waitForURL((url) => url.pathname === '/admin/invitations');
      await expectH1Focused(adminPage, 'Invitations');
      await adminPage.getByText('No invitations have been sent yet', { exact: true }).waitFor();
      await audit(adminPage, 'admin-invitations-empty');

      await adminPage.getByLabel('Email addresses', { exact: true }).fill(invitee.email);
      await adminPage.getByRole('button', { name: 'Send invitations', exact: true }).click();
      const sent = adminPage.getByRole('alert').filter({ hasText: '1 invitation sent' });
      await sent.getByText(invitee.email, { exact: true }).waitFor();
      const card = adminPage.getByRole('article', { name: invitee.email });
      await card.getByText('Pending', { exact: true }).waitFor();
      await card.getByText('Ada Admin', { exact: true }).waitFor();
      expect(await adminPage.getByLabel('Email addresses', { exact: true }).inputValue()).toBe('');
      await audit(adminPage, 'admin-invitations-sent');

      await realtimeConnected(adminPage);
      const adminWatch = await watchNavigations(adminPage);

      // The email, and the link in it.
      const mail = await smtp.waitFor((m) => m.to.includes(invitee.email));
      expect(mail.subject).toBe('You are invited to join OCVRN');
      const link = /https?:\/\/[^\s"'<>]+\/join\?invitation=[A-Za-z0-9_-]+/.exec(
        decodeQuotedPrintable(mail.raw),
      )?.[0];
      if (!link) throw new Error(`no invitation link in:\n${mail.raw}`);
      const { pathname, search } = new URL(link);

      // A fresh browser: the link, the form with the address filled in, an approved account.
      const joiner = await openPage();
      await joiner.goto(`${pathname}${search}`);
      await h1(joiner, 'You have been invited to join OCVRN');
      const email = joiner.getByLabel('Email address', { exact: true });
      expect(await email.inputValue()).toBe(invitee.email);
      expect(await email.getAttribute('readonly')).not.toBeNull();
      expect(await joiner.getByLabel('Why do you want to join?').count()).toBe(0);
      const sector = joiner.getByLabel('Sector', { exact: true });
      await sector.locator('option[value="law-enforcement"]').waitFor({ state: 'attached' });
      await audit(joiner, 'join');

      await joiner.getByRole('button', { name: 'Create account', exact: true }).click();
      const joinSummary = joiner.locator('.govuk-error-summary');
      await joinSummary.getByRole('link', { name: 'Enter your full name' }).waitFor();
      expect(await joiner.title()).toMatch(/^Error: /);
      await audit(joiner, 'join-errors');

      await joiner.getByLabel('Full name', { exact: true }).fill(invitee.name);
      await joiner.getByLabel('Password', { exact: true }).fill(invitee.password);
      await joiner.getByLabel('Organisation', { exact: true }).fill(invitee.organisation);
      await sector.selectOption('law-enforcement');
      await joiner.getByLabel('Country', { exact: true }).selectOption('GB');
      await joiner.getByRole('button', { name: 'Create account', exact: true }).click();
      await joiner.waitForURL((url) => url.pathname === '/');
      await h1(joiner, `Welcome, ${invitee.name}`);
      await joiner.getByRole('link', { name: 'Your profile', exact: true }).waitFor();
      await joiner
        .getByRole('navigation', { name: 'Menu' })
        .getByRole('link', { name: 'Directory' })
        .waitFor();
      await audit(joiner, 'home-invited-member');
      const { rows } = await app().db.query<{ status: string; roles: string[] }>(
        'SELECT status, roles FROM users WHERE email = $1',
        [invitee.email],
      );
      expect(rows).toEqual([{ status: 'approved', roles: ['member'] }]);

      // The admin's list, never reloaded: accepted, and no longer revocable.
      await card.getByText('Accepted', { exact: true }).first().waitFor();
      await card.getByText('Pending', { exact: true }).waitFor({ state: 'detached' });
      expect(await card.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
      await expectSameDocument(adminPage, adminWatch);
      await audit(adminPage, 'admin-invitations-accepted-live');
      await adminPage
        .getByRole('navigation', { name: 'Invitation status' })
        .getByRole('link', { name: 'Accepted', exact: true })
        .click();
      await adminPage.waitForURL((url) => url.search === '?status=accepted');
      await card.getByText('Accepted', { exact: true }).first().waitFor();
      await audit(adminPage, 'admin-invitations-accepted');

      // Domains: add *.police.uk, then remove it after the confirmation.
      await menuLink(adminPage, 'Domains');
      await adminPage.waitForURL((url) => url.pathname === '/admin/domains');
      await expectH1Focused(adminPage, 'Auto-approved domains');
      const none = adminPage.getByText(
        'No domains yet: every application waits for an administrator',
        { exact: true },
      );
      await none.waitFor();
      await audit(adminPage, 'admin-domains-empty');

      await adminPage.getByLabel('Domain', { exact: true }).fill('*.police.uk');
      await adminPage.getByRole('button', { name: 'Add domain', exact: true }).click();
      await adminPage
        .getByRole('alert')
        .filter({ hasText: '*.police.uk added. Applicants from it are now approved at once.' })
        .waitFor();
      const domain = adminPage.getByRole('article', { name: '*.police.uk' });
      await domain
        .getByText('Addresses at any subdomain of police.uk (not police.uk itself)')
        .waitFor();
      expect(await adminPage.getByLabel('Domain', { exact: true }).inputValue()).toBe('');
      expect(
        await count(`SELECT count(*)::int AS n FROM auto_approve_domains WHERE pattern = $1`, [
          '*.police.uk',
        ]),
      ).toBe(1);
      await audit(adminPage, 'admin-domains-added');

      await domain.getByRole('button', { name: 'Remove *.police.uk', exact: true }).click();
      const confirm = domain.getByRole('group', { name: /^Stop approving applicants from/ });
      await confirm.waitFor();
      await audit(adminPage, 'admin-domains-confirm');
      await confirm.getByRole('button', { name: 'Yes, remove this domain', exact: true }).click();
      await adminPage
        .getByRole('alert')
        .filter({ hasText: '*.police.uk has been removed.' })
        .waitFor();
      await domain.waitFor({ state: 'detached' });
      await none.waitFor();
      expect(await count(`SELECT count(*)::int AS n FROM auto_approve_domains`)).toBe(0);
      await audit(adminPage, 'admin-domains-removed');
    }),
  );
});
