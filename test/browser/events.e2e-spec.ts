import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { CreateEventRequest, NetworkEvent } from '@contracts';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import request from 'supertest';
import {
  assertWebBuilt,
  expectSameDocument,
  h1,
  launchChromium,
  openWatchedPage,
  realtimeConnected,
  screenshot,
  watchNavigations,
  auditPage,
  signIn,
} from '@testing/browser';
import { createUser, login, type TestUser } from '@testing/factories';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * Events in Chromium (whose pages run in Europe/London). An organiser creates a workshop
 * through the form, in New York time with one place, and its page shows both clocks. Ana
 * registers and gets the seat; Ben, on the event's page all along, sees it become full without
 * a reload, joins the waitlist (position 1), and is given the seat live when Ana gives hers up
 * (after confirming); the organiser's attendee list follows, and exports as CSV. Anyone, signed
 * out and on a phone, sees a public event in the list, on its page and in the month view, but
 * not a members-only one; the organiser edits the public one and cancels it with a reason.
 * axe-core runs on every page and state visited.
 */

const DESKTOP = { width: 1024, height: 768 };
const NARROW = { width: 320, height: 720 };
const EVENT_PATH = /^\/events\/[0-9a-f-]{36}$/;

/** `YYYY-MM-DD`, `days` from now (UTC). */
function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The wall-clock parts of an instant in a zone. */
function wallClock(at: number, zone: string): { date: string; time: string; utc: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  const date = `${get('year')}-${get('month')}-${get('day')}`;
  const time = `${get('hour')}:${get('minute')}`;
  return { date, time, utc: Date.parse(`${date}T${time}:00Z`) };
}

/** The instant of a wall-clock time in a zone (what the server computes from the form). */
function instantOf(date: string, time: string, zone: string): number {
  const guess = Date.parse(`${date}T${time}:00Z`);
  const offsetAt = (at: number) => wallClock(at, zone).utc - at;
  let instant = guess - offsetAt(guess);
  instant = guess - offsetAt(instant);
  return instant;
}

describe('browser: events, from the organiser’s form to seats and the waitlist', () => {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  /** Organises (editor). */
  let olga: TestUser;
  /** Registers first. */
  let ana: TestUser;
  /** Waits, then gets the seat. */
  let ben: TestUser;
  let contexts: BrowserContext[] = [];
  /** Uncaught exceptions, CSP violations and server errors in any page: each fails the test. */
  let problems: string[] = [];

  const app = (): TestApp => {
    if (!t) throw new Error('the test app did not start');
    return t;
  };

  beforeAll(async () => {
    assertWebBuilt();
    browser = await launchChromium();
    t = await startTestApp();
    olga = await createUser(app().db, {
      roles: ['member', 'editor'],
      name: 'Olga Organiser',
      email: `olga.organiser.${randomUUID().slice(0, 6)}@ocvrn.test`,
    });
    ana = await createUser(app().db, {
      name: 'Ana Attendee',
      email: `ana.attendee.${randomUUID().slice(0, 6)}@example.ac.uk`,
      organisation: 'University of Leeds',
    });
    ben = await createUser(app().db, {
      name: 'Ben Waiting',
      email: `ben.waiting.${randomUUID().slice(0, 6)}@example.org`,
      organisation: 'National Crime Agency',
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

  function openPage(viewport = DESKTOP): Promise<Page> {
    return openWatchedPage(
      browser,
      { baseURL: app().url, viewport, acceptDownloads: true },
      contexts,
      problems,
    );
  }

  const audit = (page: Page, label: string) => auditPage(page, `events-${label}`);

  function menu(page: Page): Locator {
    return page.getByRole('navigation', { name: 'Menu' });
  }

  async function menuLink(page: Page, name: string): Promise<void> {
    const toggle = menu(page).getByRole('button', { name: /^Menu/ });
    if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-expanded')) !== 'true') {
      await toggle.click();
    }
    await menu(page).getByRole('link', { name, exact: true }).click();
  }

  /** A banner shown after an action (given the focus). */
  async function banner(page: Page, text: string | RegExp): Promise<Locator> {
    const region = page.locator('.govuk-notification-banner').filter({ hasText: text });
    await region.waitFor();
    await page.waitForFunction(
      (el) => el === document.activeElement,
      await region.elementHandle(),
      { timeout: 10_000 },
    );
    return region;
  }

  function liveRegion(page: Page, text: string): Promise<void> {
    return page.getByTestId('live-region').getByText(text, { exact: true }).waitFor();
  }

  async function createByApi(
    user: TestUser,
    event: Omit<CreateEventRequest, 'timezone'> & { timezone?: string },
  ): Promise<NetworkEvent> {
    const { accessToken } = await login(app().url, user.email);
    const res = await request(app().url)
      .post('/api/events')
      .set('Authorization', `Bearer ${accessToken}`)
      .send({ timezone: 'Europe/London', ...event })
      .expect(201);
    return res.body as NetworkEvent;
  }

  function withFailureScreenshots(name: string, body: () => Promise<void>) {
    return async () => {
      try {
        await body();
      } catch (error) {
        const pages = contexts.flatMap((c) => c.pages());
        await Promise.all(
          pages.map((p, i) => screenshot(p, `FAILED-events-${name}-${i}`).catch(() => undefined)),
        );
        throw error;
      }
    };
  }

  it(
    'creates a New York workshop with one place; the seat, the waitlist and the promotion go live',
    withFailureScreenshots('seats', async () => {
      const tag = randomUUID().slice(0, 6);
      const title = `County lines workshop ${tag}`;
      const day = dayFromNow(40);
      const start = instantOf(day, '10:00', 'America/New_York');
      const end = instantOf(day, '12:00', 'America/New_York');
      const londonRange = `${wallClock(start, 'Europe/London').time} to ${wallClock(end, 'Europe/London').time}`;

      // Olga: from the menu to the form; nothing filled in, the summary says what is missing.
      const organiser = await openPage();
      await signIn(organiser, olga);
      await menuLink(organiser, 'Events');
      await h1(organiser, 'Events');
      await organiser.getByRole('link', { name: 'Create an event', exact: true }).click();
      await h1(organiser, 'Create an event');
      await organiser.getByRole('checkbox', { name: 'Drugs', exact: true }).waitFor();
      const zone = organiser.getByLabel('Time zone', { exact: true });
      expect(await zone.inputValue()).toBe('Europe/London');
      await audit(organiser, 'new');

      await organiser.getByRole('button', { name: 'Create event', exact: true }).click();
      const summary = organiser.locator('.govuk-error-summary');
      await summary.getByRole('link', { name: 'Enter a title' }).waitFor();
      await summary.getByRole('link', { name: 'Select the kind of event' }).waitFor();
      await summary.getByRole('link', { name: 'Enter the date and time the event ends' }).waitFor();
      await summary.getByRole('link', { name: 'Enter the date and time the event starts' }).click();
      await organiser.waitForFunction(() => document.activeElement?.id === 'event-start-date');
      expect(await organiser.title()).toBe('Error: Create an event – OCVRN');
      await audit(organiser, 'new-errors');

      await organiser.getByLabel('Title', { exact: true }).fill(title);
      await organiser.getByRole('radio', { name: 'Workshop', exact: true }).check();
      await organiser
        .getByLabel('Description (optional)')
        .fill('## Programme\n\nFindings on **rail** corridors, then discussion.');
      await zone.selectOption('America/New_York');
      const starts = organiser.getByRole('group', { name: 'Starts' });
      await starts.getByLabel('Date', { exact: true }).fill(day);
      await starts.getByLabel('Time', { exact: true }).fill('10:00');
      const ends = organiser.getByRole('group', { name: 'Ends' });
      await ends.getByLabel('Date', { exact: true }).fill(day);
      await ends.getByLabel('Time', { exact: true }).fill('12:00');
      await organiser.getByLabel('Venue (optional)').fill('Room 2, 2 Marsham Street, London');
      await organiser.getByLabel('Online link (optional)').fill(`https://meet.example.org/${tag}`);
      await organiser.getByLabel('Number of places (optional)').fill('1');
      await organiser.getByRole('checkbox', { name: 'Drugs', exact: true }).check();
      await organiser.getByRole('button', { name: 'Create event', exact: true }).click();
      await organiser.waitForURL((url) => EVENT_PATH.test(url.pathname));
      await h1(organiser, title);
      const id = new URL(organiser.url()).pathname.split('/')[2];
      await banner(organiser, 'Your event is created.');

      // Both clocks: London (the browser's) and New York (the event's).
      const viewerTime = organiser.getByTestId('event-time-viewer');
      await viewerTime.getByText(londonRange, { exact: false }).waitFor();
      await viewerTime.getByText('(your time, London)').waitFor();
      await organiser
        .getByTestId('event-time-event')
        .getByText('10:00 to 12:00 New York time (America/New_York', { exact: false })
        .waitFor();
      await organiser.getByTestId('event-seats').getByText('1 seat left of 1').waitFor();
      await organiser.getByRole('heading', { name: 'Programme', exact: true }).waitFor();
      await organiser.getByTestId('event-online-link').waitFor();
      await organiser.getByText('Nobody has registered yet.').waitFor();
      await audit(organiser, 'created');

      // Ben: the event's page, open (socket connected) before anyone registers.
      const waiter = await openPage();
      await signIn(waiter, ben);
      await menuLink(waiter, 'Events');
      await h1(waiter, 'Events');
      const item = waiter.getByTestId(`event-${id}`);
      await item.getByText('Workshop', { exact: true }).waitFor();
      await item.getByText('1 seat left', { exact: true }).waitFor();
      await item.getByText('Members only', { exact: true }).waitFor();
      await audit(waiter, 'list');
      await item.getByRole('link', { name: title }).click();
      await h1(waiter, title);
      await realtimeConnected(waiter);
      await waiter.getByRole('button', { name: 'Register', exact: true }).waitFor();
      // The online link is only for people with a place.
      expect(await waiter.getByTestId('event-online-link').count()).toBe(0);
      await waiter
        .getByText('The link to join online is shown here to people with a place.')
        .waitFor();
      const waiterWatch = await watchNavigations(waiter);

      // Ana registers and gets the seat.
      const attendee = await openPage();
      await signIn(attendee, ana);
      await attendee.goto(`/events/${id}`);
      await h1(attendee, title);
      await attendee.getByRole('button', { name: 'Register', exact: true }).click();
      await banner(attendee, `You have a place at ${title}.`);
      await attendee.getByTestId('event-my-status').getByText('Registered').waitFor();
      await attendee.getByTestId('event-online-link').waitFor();
      await audit(attendee, 'registered');

      // Ben, never reloaded: full, and told so.
      const seats = waiter.getByTestId('event-seats');
      await seats.getByText('0 seats left', { exact: false }).waitFor();
      await seats.getByText('Full', { exact: true }).waitFor();
      await liveRegion(waiter, 'Full: 0 seats left.');
      await waiter.getByRole('button', { name: 'Join the waitlist', exact: true }).click();
      await banner(waiter, 'The event is full, so you are on the waitlist (position 1).');
      await waiter
        .getByTestId('event-my-status')
        .getByText('On the waitlist (position 1)')
        .waitFor();
      await waiter
        .getByTestId('event-my-place')
        .getByText(/position 1/)
        .waitFor();
      expect(await waiter.getByTestId('event-online-link').count()).toBe(0);
      await audit(waiter, 'waitlisted');

      // Olga's attendee list followed.
      await organiser
        .getByTestId('event-attendees-confirmed')
        .getByRole('rowheader', { name: 'Ana Attendee' })
        .waitFor();
      await organiser
        .getByTestId('event-attendees-waitlist')
        .getByRole('rowheader', { name: 'Ben Waiting' })
        .waitFor();

      // Ana gives her place up, after the confirmation (the safe choice has the focus).
      await attendee.getByRole('button', { name: 'Cancel my place', exact: true }).click();
      const confirm = attendee.getByRole('group', { name: /^Cancel your place at/ });
      await confirm.waitFor();
      await confirm.getByText('It goes to the first person on the waitlist.').waitFor();
      await attendee.waitForFunction(
        () => document.activeElement?.textContent === 'No, keep my place',
      );
      await audit(attendee, 'cancel-confirm');
      await confirm.getByRole('button', { name: 'Yes, cancel my place', exact: true }).click();
      await banner(attendee, `You cancelled your place at ${title}.`);
      await attendee.getByRole('button', { name: 'Join the waitlist', exact: true }).waitFor();

      // Ben, still never reloaded: the seat is his, with the online link.
      await waiter
        .getByTestId('event-my-status')
        .getByText('Registered', { exact: true })
        .waitFor();
      await waiter.getByText('You have a place at this event.').waitFor();
      await waiter.getByTestId('event-online-link').waitFor();
      await liveRegion(waiter, `A place came free and it is yours: ${title}`);
      await expectSameDocument(waiter, waiterWatch);
      await audit(waiter, 'promoted');

      // Olga: Ben confirmed, nobody waiting; the list as CSV; the event for a calendar.
      const confirmed = organiser.getByTestId('event-attendees-confirmed');
      await confirmed.getByRole('rowheader', { name: 'Ben Waiting' }).waitFor();
      await confirmed.getByText('National Crime Agency').waitFor();
      expect(await confirmed.getByRole('rowheader', { name: 'Ana Attendee' }).count()).toBe(0);
      await organiser.getByText('Nobody is on the waitlist.').waitFor();
      await audit(organiser, 'attendees');
      const csvDownload = organiser.waitForEvent('download');
      await organiser
        .getByRole('button', { name: 'Download the attendee list (CSV)', exact: true })
        .click();
      const csv = await csvDownload;
      expect(csv.suggestedFilename()).toMatch(/-attendees\.csv$/);
      const csvText = await readFile(await csv.path(), 'utf8');
      expect(csvText).toContain(ben.email);
      expect(csvText).not.toContain(ana.email);

      const icsDownload = waiter.waitForEvent('download');
      await waiter.getByRole('button', { name: /^Add to calendar \(\.ics\)/ }).click();
      const ics = await icsDownload;
      expect(ics.suggestedFilename()).toMatch(/\.ics$/);
      expect(await readFile(await ics.path(), 'utf8')).toContain('BEGIN:VEVENT');
    }),
  );

  it(
    'shows a public event to anyone (list, page, month) but not a members-only one; edits and cancels',
    withFailureScreenshots('public', async () => {
      const tag = randomUUID().slice(0, 6);
      const day = dayFromNow(20);
      const open = await createByApi(olga, {
        title: `Open seminar on fraud ${tag}`,
        kind: 'seminar',
        topics: ['economic-crime-fraud'],
        description: 'A public seminar.',
        startsAt: `${day}T14:00`,
        endsAt: `${day}T16:00`,
        venue: 'Home Office, 2 Marsham Street, London',
        public: true,
      });
      const closed = await createByApi(olga, {
        title: `Members-only briefing ${tag}`,
        kind: 'webinar',
        startsAt: `${day}T09:00`,
        endsAt: `${day}T10:00`,
        onlineUrl: `https://meet.example.org/${tag}`,
        capacity: 20,
        public: false,
      });

      // Anyone, on a phone: the menu's Events, the public event only.
      const visitor = await openPage(NARROW);
      await visitor.goto('/');
      await menuLink(visitor, 'Events');
      await h1(visitor, 'Events');
      const item = visitor.getByTestId(`event-${open.id}`);
      await item.getByRole('link', { name: open.title }).waitFor();
      await item.getByText('Seminar', { exact: true }).waitFor();
      expect(await item.getByText('Members only').count()).toBe(0);
      expect(await visitor.getByTestId(`event-${closed.id}`).count()).toBe(0);
      await audit(visitor, 'list-anonymous-320');

      await item.getByRole('link', { name: open.title }).click();
      await h1(visitor, open.title);
      await visitor
        .getByTestId('event-time')
        .getByText('14:00 to 16:00', { exact: false })
        .waitFor();
      await visitor
        .getByRole('region', { name: 'Your place' })
        .getByRole('link', { name: 'Sign in', exact: true })
        .waitFor();
      expect(await visitor.getByRole('button', { name: 'Register' }).count()).toBe(0);
      await audit(visitor, 'page-anonymous-320');

      await visitor.goto(`/events/${closed.id}`);
      await h1(visitor, 'Event not found');
      expect(await visitor.getByText(closed.title).count()).toBe(0);

      // The month view, on a phone: the days with events as a list.
      await visitor.goto(`/events/calendar?month=${day.slice(0, 7)}`);
      await h1(visitor, /^Events in /);
      const agenda = visitor.getByTestId('event-agenda');
      await agenda
        .locator(`[data-date="${day}"]`)
        .getByRole('link', { name: new RegExp(open.title) })
        .waitFor();
      expect(await agenda.getByRole('link', { name: new RegExp(closed.title) }).count()).toBe(0);
      await audit(visitor, 'calendar-anonymous-320');

      // On a wide screen, a table with a column per weekday and the event on its day.
      const wideVisitor = await openPage();
      await wideVisitor.goto(`/events/calendar?month=${day.slice(0, 7)}`);
      await h1(wideVisitor, /^Events in /);
      const calendar = wideVisitor.getByTestId('event-calendar');
      await calendar
        .locator(`td[data-date="${day}"]`)
        .getByRole('link', { name: new RegExp(open.title) })
        .waitFor();
      expect(await calendar.getByRole('link', { name: new RegExp(closed.title) }).count()).toBe(0);
      await calendar.getByRole('columnheader', { name: 'Monday' }).waitFor();
      await audit(wideVisitor, 'calendar-anonymous');

      // Olga edits the public one, then cancels it with a reason.
      const organiser = await openPage();
      await signIn(organiser, olga);
      await organiser.goto(`/events/calendar?month=${day.slice(0, 7)}`);
      await h1(organiser, /^Events in /);
      await organiser
        .getByTestId('event-calendar')
        .getByRole('link', { name: new RegExp(closed.title) })
        .waitFor();
      await audit(organiser, 'calendar-member');
      await organiser.goto(`/events/${open.id}`);
      await h1(organiser, open.title);
      await organiser.getByRole('link', { name: /^Edit event/ }).click();
      await h1(organiser, 'Edit event');
      const titleField = organiser.getByLabel('Title', { exact: true });
      expect(await titleField.inputValue()).toBe(open.title);
      expect(
        await organiser.getByRole('group', { name: 'Starts' }).getByLabel('Time').inputValue(),
      ).toBe('14:00');
      await audit(organiser, 'edit');
      const renamed = `Open seminar on fraud and corruption ${tag}`;
      await titleField.fill(renamed);
      await organiser.getByRole('button', { name: 'Save changes', exact: true }).click();
      await organiser.waitForURL((url) => url.pathname === `/events/${open.id}`);
      await h1(organiser, renamed);
      await banner(organiser, 'Your changes are saved.');

      await organiser.getByRole('button', { name: 'Cancel event', exact: true }).click();
      const confirm = organiser.getByRole('group', { name: /^Cancel .* for everyone\?/ });
      await confirm.waitFor();
      await confirm.getByRole('button', { name: 'Yes, cancel the event', exact: true }).click();
      await confirm.getByText('Enter the reason for cancelling the event').waitFor();
      await audit(organiser, 'cancel-reason-missing');
      const reason = 'The speaker is unwell; we will announce a new date.';
      await confirm.getByLabel('Reason for cancelling').fill(reason);
      await confirm.getByRole('button', { name: 'Yes, cancel the event', exact: true }).click();
      await banner(organiser, `${renamed} is cancelled.`);
      const notice = organiser.locator('#event-cancelled');
      await notice.getByText('This event has been cancelled').waitFor();
      await notice.getByText(reason).waitFor();
      await audit(organiser, 'cancelled');

      await visitor.goto(`/events/${open.id}`);
      await h1(visitor, renamed);
      await visitor.locator('#event-cancelled').getByText(reason).waitFor();
      expect(await visitor.getByRole('link', { name: 'Sign in', exact: true }).count()).toBe(0);
    }),
  );
});
