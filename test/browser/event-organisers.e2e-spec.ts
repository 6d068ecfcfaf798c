import { randomUUID } from 'node:crypto';
import type { NetworkEvent } from '@contracts';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import request from 'supertest';
import {
  assertWebBuilt,
  auditPage,
  h1,
  launchChromium,
  openWatchedPage,
  signIn,
} from '@testing/browser';
import { createUser, login, type TestUser } from '@testing/factories';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * An event's organisers in Chromium. Olga created a workshop; its page shows her as the
 * organiser and gives her the edit controls, which Eddie (another editor) does not get, and
 * the edit page tells him it is not his to change. Olga finds Carla in the directory from the
 * edit page and adds her; Carla then sees the controls and the attendee list, where Hana's
 * hidden address reads as withheld. Olga removes Carla after confirming (a first "No, keep
 * them" changes nothing). axe-core runs on every page and state visited.
 */

const DESKTOP = { width: 1024, height: 768 };
const NARROW = { width: 320, height: 720 };

describe('browser: an event’s organisers', () => {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let olga: TestUser;
  let carla: TestUser;
  let eddie: TestUser;
  let hana: TestUser;
  let event: NetworkEvent;
  let contexts: BrowserContext[] = [];
  let problems: string[] = [];

  const app = (): TestApp => {
    if (!t) throw new Error('the test app did not start');
    return t;
  };
  const tag = randomUUID().slice(0, 6);

  beforeAll(async () => {
    assertWebBuilt();
    browser = await launchChromium();
    t = await startTestApp();
    olga = await createUser(app().db, {
      roles: ['member', 'editor'],
      name: 'Olga Organiser',
      email: `olga.${tag}@ocvrn.test`,
    });
    carla = await createUser(app().db, {
      roles: ['member', 'editor'],
      name: `Carla Coorganiser ${tag}`,
      email: `carla.${tag}@ocvrn.test`,
      organisation: 'Home Office Analysis',
    });
    eddie = await createUser(app().db, {
      roles: ['member', 'editor'],
      name: 'Eddie Othereditor',
      email: `eddie.${tag}@ocvrn.test`,
    });
    hana = await createUser(app().db, {
      name: 'Hana Hidden',
      email: `hana.${tag}@example.ac.uk`,
    });
    const start = new Date(Date.now() + 12 * 86_400_000).toISOString().slice(0, 10);
    const olgaToken = (await login(app().url, olga.email)).accessToken;
    event = (
      await request(app().url)
        .post('/api/events')
        .auth(olgaToken, { type: 'bearer' })
        .send({
          title: 'Workshop on criminal finance data',
          kind: 'workshop',
          timezone: 'Europe/London',
          startsAt: `${start}T10:00`,
          endsAt: `${start}T16:00`,
          venue: '2 Marsham Street, London',
        })
        .expect(201)
    ).body as NetworkEvent;
    const hanaToken = (await login(app().url, hana.email)).accessToken;
    await request(app().url)
      .patch('/api/members/me')
      .auth(hanaToken, { type: 'bearer' })
      .send({ visibility: { email: 'hidden' } })
      .expect(200);
    await request(app().url)
      .post(`/api/events/${event.id}/registrations`)
      .auth(hanaToken, { type: 'bearer' })
      .expect(201);
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
    return openWatchedPage(browser, { baseURL: app().url, viewport }, contexts, problems);
  }

  const organiserItem = (section: Locator, name: string) =>
    section.getByTestId('event-organisers').getByRole('listitem').filter({ hasText: name });
  const editLink = (page: Page) => page.getByRole('link', { name: /^Edit event/ });

  it('shows edit controls to organisers only, and lets them add and remove co-organisers', async () => {
    // Another editor sees who organises it, but no controls, and the edit page refuses him.
    const other = await openPage(NARROW);
    await signIn(other, eddie);
    await other.goto(`/events/${event.id}`);
    await h1(other, event.title);
    await other.getByTestId('event-organisers').getByText('Olga Organiser').waitFor();
    expect(await editLink(other).count()).toBe(0);
    expect(await other.getByRole('heading', { name: 'Attendees' }).count()).toBe(0);
    expect(await other.getByRole('button', { name: 'Cancel event' }).count()).toBe(0);
    await auditPage(other, 'organisers-other-editor-event');
    await other.goto(`/events/${event.id}/edit`);
    await other.getByTestId('event-edit-refused').waitFor();
    expect(await other.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    await auditPage(other, 'organisers-other-editor-edit');

    // The creator finds Carla in the directory and adds her.
    const page = await openPage();
    await signIn(page, olga);
    await page.goto(`/events/${event.id}`);
    await h1(page, event.title);
    await editLink(page).click();
    await h1(page, 'Edit event');
    const section = page.locator('section[aria-labelledby="event-organisers-heading"]');
    await section.getByText('Created the event').waitFor();
    expect(await section.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    await section.getByRole('button', { name: 'Search' }).click();
    await section.getByText('Enter at least 2 characters').first().waitFor();
    await section.getByLabel('Name or organisation').fill(`Coorganiser ${tag}`);
    await section.getByRole('button', { name: 'Search' }).click();
    await section.getByTestId(`candidate-${carla.id}`).waitFor();
    await auditPage(page, 'organisers-search');
    await section.getByRole('button', { name: `Add ${carla.name} as a co-organiser` }).click();
    await section
      .getByTestId('organisers-done')
      .getByText(`${carla.name} is now an organiser of this event.`)
      .waitFor();
    await organiserItem(section, carla.name).waitFor();
    const { rows } = await app().db.query<{ user_id: string }>(
      `SELECT user_id FROM event_organisers WHERE event_id = $1 AND user_id = $2`,
      [event.id, carla.id],
    );
    expect(rows).toHaveLength(1);

    // Carla now has the controls, and sees Hana's address withheld.
    const co = await openPage();
    await signIn(co, carla);
    await co.goto(`/events/${event.id}`);
    await h1(co, event.title);
    await editLink(co).waitFor();
    await co.getByRole('heading', { name: 'Attendees' }).waitFor();
    await co
      .getByTestId('attendee-email-withheld')
      .getByText('Withheld at the member’s choice')
      .waitFor();
    await co.getByTestId('event-attendees-withheld-note').waitFor();
    expect(await co.content()).not.toContain(hana.email);
    await auditPage(co, 'organisers-co-organiser-event');

    // Removing asks first; keeping changes nothing, confirming removes her.
    await section.getByRole('button', { name: `Remove ${carla.name}` }).click();
    await page.getByText(`Remove ${carla.name} as a co-organiser?`).waitFor();
    await auditPage(page, 'organisers-remove-confirm');
    await page.getByRole('button', { name: 'No, keep them' }).click();
    await organiserItem(section, carla.name).waitFor();
    expect(
      (
        await app().db.query(
          `SELECT 1 FROM event_organisers WHERE event_id = $1 AND user_id = $2`,
          [event.id, carla.id],
        )
      ).rows,
    ).toHaveLength(1);
    await section.getByRole('button', { name: `Remove ${carla.name}` }).click();
    await page.getByRole('button', { name: `Yes, remove ${carla.name}` }).click();
    await section
      .getByTestId('organisers-done')
      .getByText(`${carla.name} is no longer an organiser of this event.`)
      .waitFor();
    expect(await organiserItem(section, carla.name).count()).toBe(0);

    // Carla's open page follows live: the controls go.
    await editLink(co).waitFor({ state: 'detached' });
    await co.getByRole('heading', { name: 'Attendees' }).waitFor({ state: 'detached' });
  }, 120_000);
});
