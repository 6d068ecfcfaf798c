import type {
  AttendeeList,
  CalendarFeed,
  EventOrganisersList,
  EventRegistrationChangedPayload,
  EventsPage,
  NetworkEvent,
  RealtimeEnvelope,
  RegistrationResult,
} from '@contracts';
import { simpleParser } from 'mailparser';
import ical from 'node-ical';
import request from 'supertest';
import { createUser, login, signedInAs, type Session } from '@testing/factories';
import { connected, connectSocket, type TestSocket } from '@testing/realtime';
import { startSmtpSink, type SmtpSink } from '@testing/smtp';
import { startTestApp, type TestApp } from '@testing/test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HOUR = 60 * 60 * 1000;

/** The event an envelope is about. */
const idOf = (e: RealtimeEnvelope) => (e.data as { id?: string }).id;

/** A wall-clock time `ms` from now in UTC, as the API takes it (no offset). */
function utcWallClock(ms: number): string {
  return new Date(Date.now() + ms).toISOString().slice(0, 16);
}

interface Member {
  id: string;
  email: string;
  token: string;
}

describe('events', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let editor: Session;
  let member: Session;
  const sockets: TestSocket[] = [];

  const as = (s: { token: string }) => ({ Authorization: `Bearer ${s.token}` });

  async function createEvent(fields: Record<string, unknown> = {}): Promise<NetworkEvent> {
    const res = await request(t.url)
      .post('/api/events')
      .set(as(editor))
      .send({
        title: `Workshop ${Math.random().toString(36).slice(2, 8)}`,
        kind: 'workshop',
        timezone: 'UTC',
        startsAt: utcWallClock(10 * 24 * HOUR),
        endsAt: utcWallClock(10 * 24 * HOUR + 3 * HOUR),
        ...fields,
      });
    if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as NetworkEvent;
  }

  /** `n` signed-in members, logged in a few at a time. */
  async function members(n: number): Promise<Member[]> {
    const out: Member[] = [];
    for (let i = 0; i < n; i += 8) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(8, n - i) }, async () => {
          const user = await createUser(t.db, { roles: ['member'] });
          const { accessToken } = await login(t.url, user.email);
          return { id: user.id, email: user.email, token: accessToken };
        }),
      );
      out.push(...batch);
    }
    return out;
  }

  function register(who: { token: string }, id: string) {
    return request(t.url).post(`/api/events/${id}/registrations`).set(as(who));
  }

  async function dbCounts(id: string) {
    const { rows } = await t.db.query<{
      confirmed: number;
      waitlisted: number;
      seats: number;
      waiting: number;
    }>(
      `SELECT count(*) FILTER (WHERE r.status = 'confirmed')::int AS confirmed,
              count(*) FILTER (WHERE r.status = 'waitlisted')::int AS waitlisted,
              e.seats_taken AS seats, e.waitlist_length AS waiting
         FROM events e LEFT JOIN event_registrations r ON r.event_id = e.id
        WHERE e.id = $1 GROUP BY e.id`,
      [id],
    );
    return rows[0];
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ env: { SMTP_URL: sink.url, PUBLIC_URL: 'http://ocvrn.test' } });
    editor = await signedInAs(t.db, t.url, 'editor');
    member = await signedInAs(t.db, t.url, 'member');
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  describe('organising', () => {
    it('creates an event in its zone, renders the description safely, and tells members', async () => {
      const socket = connectSocket(t.url, member.token);
      sockets.push(socket);
      await connected(socket);
      const res = await request(t.url)
        .post('/api/events')
        .set(as(editor))
        .send({
          title: 'Serious organised crime: data sharing',
          description:
            '## Agenda\n\nTalks and **discussion**.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>',
          kind: 'seminar',
          topics: ['data', 'drugs'],
          timezone: 'Europe/London',
          startsAt: '2030-03-31T10:00',
          endsAt: '2030-03-31T12:30',
          venue: '2 Marsham Street, London',
          onlineUrl: 'https://meet.example.org/room-1',
          capacity: 30,
          public: true,
        })
        .expect(201);
      const event = res.body as NetworkEvent;
      expect(event).toMatchObject({
        kind: 'seminar',
        timezone: 'Europe/London',
        startsAt: '2030-03-31T09:00:00.000Z',
        startsAtLocal: '2030-03-31T10:00:00',
        endsAtLocal: '2030-03-31T12:30:00',
        capacity: 30,
        seatsLeft: 30,
        waitlistLength: 0,
        online: true,
        onlineUrl: 'https://meet.example.org/room-1',
        registrationOpen: true,
        status: 'scheduled',
      });
      expect(event.descriptionHtml).toContain('<strong>discussion</strong>');
      expect(event.descriptionHtml).not.toMatch(/<script|onerror/);
      const seen = await socket.waitFor((e) => e.type === 'event.created' && idOf(e) === event.id);
      expect(seen.data).toMatchObject({ title: 'Serious organised crime: data sharing' });
      const { rows } = await t.db.query(`SELECT action FROM audit_log WHERE target_id = $1`, [
        event.id,
      ]);
      expect(rows).toEqual([{ action: 'event.created' }]);
    });

    it.each([
      ['end before start', { startsAt: '2030-05-01T12:00', endsAt: '2030-05-01T11:00' }, 'endsAt'],
      ['an unknown time zone', { timezone: 'Mars/Olympus_Mons' }, 'timezone'],
      ['an abbreviation for a zone', { timezone: 'BST' }, 'timezone'],
      ['a negative capacity', { capacity: -5 }, 'capacity'],
      ['a zero capacity', { capacity: 0 }, 'capacity'],
      ['a fractional capacity', { capacity: 2.5 }, 'capacity'],
      ['a date that is not one', { startsAt: '2030-02-30T10:00' }, 'startsAt'],
      ['an unknown kind', { kind: 'party' }, 'kind'],
      ['an unknown topic', { topics: ['no-such'] }, 'topics'],
      ['a javascript: link', { onlineUrl: 'javascript:alert(1)' }, 'onlineUrl'],
      [
        'registration closing before it opens',
        { registrationOpensAt: '2030-04-20T10:00', registrationClosesAt: '2030-04-10T10:00' },
        'registrationClosesAt',
      ],
      [
        'an event in the past',
        { startsAt: '2020-01-01T10:00', endsAt: '2020-01-01T12:00' },
        'endsAt',
      ],
      ['a long description', { description: 'x'.repeat(20_001) }, 'description'],
      ['an unknown field', { seatsTaken: 3 }, 'seatsTaken'],
    ])(
      'refuses %s with a 400 naming the field, creating nothing',
      async (_label, fields, field) => {
        const before = await t.db.query(`SELECT count(*)::int AS n FROM events`);
        const res = await request(t.url)
          .post('/api/events')
          .set(as(editor))
          .send({
            title: 'Bad',
            kind: 'workshop',
            timezone: 'Europe/London',
            startsAt: '2030-05-01T10:00',
            endsAt: '2030-05-01T12:00',
            ...fields,
          });
        expect(res.status).toBe(400);
        expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(
          field,
        );
        const after = await t.db.query(`SELECT count(*)::int AS n FROM events`);
        expect(after.rows).toEqual(before.rows);
      },
    );

    it('refuses a 1 MB description with a 4xx', async () => {
      const res = await request(t.url)
        .post('/api/events')
        .set(as(editor))
        .send({
          title: 'Huge',
          kind: 'workshop',
          timezone: 'UTC',
          startsAt: '2030-05-01T10:00',
          endsAt: '2030-05-01T12:00',
          description: 'x'.repeat(1024 * 1024),
        })
        .catch((err: { status?: number }) => err);
      expect([400, 413]).toContain((res as { status: number }).status);
    });

    it('edits an event, keeps times it was not sent, and refuses capacity below the seats taken', async () => {
      const event = await createEvent({ capacity: 2 });
      const [a, b] = await members(2);
      await register(a, event.id).expect(201);
      await register(b, event.id).expect(201);
      await request(t.url)
        .patch(`/api/events/${event.id}`)
        .set(as(editor))
        .send({ capacity: 1 })
        .expect(409);
      const moved = await request(t.url)
        .patch(`/api/events/${event.id}`)
        .set(as(editor))
        .send({ timezone: 'America/New_York', title: 'Renamed' })
        .expect(200);
      expect(moved.body).toMatchObject({
        title: 'Renamed',
        timezone: 'America/New_York',
        startsAt: event.startsAt,
        endsAt: event.endsAt,
      });
      await request(t.url)
        .patch(`/api/events/${event.id}`)
        .set(as(member))
        .send({ title: 'x' })
        .expect(403);
    });
  });

  it('moving an event emails everyone registered the new time and place, with the old ones; a new title alone emails nobody', async () => {
    const event = await createEvent({ capacity: 1, venue: 'Room 1, 2 Marsham Street' });
    const [a, b] = await members(2);
    await register(a, event.id).expect(201);
    await register(b, event.id).expect(201); // waitlisted: told as well
    const title = `Renamed ${event.title}`;
    await request(t.url)
      .patch(`/api/events/${event.id}`)
      .set(as(editor))
      .send({ title })
      .expect(200);
    await request(t.url)
      .patch(`/api/events/${event.id}`)
      .set(as(editor))
      .send({
        startsAt: utcWallClock(11 * 24 * HOUR),
        endsAt: utcWallClock(11 * 24 * HOUR + 2 * HOUR),
        venue: 'Room 9, 2 Marsham Street',
      })
      .expect(200);
    for (const m of [a, b]) {
      const mail = await sink.waitFor(
        (x) => x.to.includes(m.email) && x.subject === `Changed: ${title}`,
      );
      const { text } = await simpleParser(mail.raw);
      expect(text).toContain('Venue: Room 9, 2 Marsham Street');
      expect(text).toContain('Previously: Venue: Room 1, 2 Marsham Street');
      // The new time first, then the old one, both in the event's zone.
      expect(text).toMatch(/When: [^\n]+ UTC \(was [^\n]+ UTC\)/);
      expect(
        sink.messages.filter((x) => x.to.includes(m.email) && x.subject.startsWith('Changed:')),
      ).toHaveLength(1);
    }
    const audit = await t.db.query<{ detail: { told: number } }>(
      `SELECT detail FROM audit_log WHERE action = 'event.updated' AND target_id = $1 ORDER BY id`,
      [event.id],
    );
    expect(audit.rows.map((r) => r.detail.told)).toEqual([0, 2]);
  });

  describe('seats and the waitlist', () => {
    it('holds 50 seats against 200 parallel registrations, waitlists the rest in order, and pushes counts that match', async () => {
      const event = await createEvent({ capacity: 50 });
      const crowd = await members(200);
      const socket = connectSocket(t.url, member.token);
      sockets.push(socket);
      await connected(socket);

      const answers = await Promise.all(crowd.map((m) => register(m, event.id)));
      expect(answers.map((r) => r.status).every((s) => s === 201)).toBe(true);
      const results = answers.map((r) => r.body as RegistrationResult);
      expect(results.filter((r) => r.status === 'confirmed')).toHaveLength(50);
      const waitlisted = results.filter((r) => r.status === 'waitlisted');
      expect(waitlisted).toHaveLength(150);
      expect(waitlisted.map((r) => r.position).sort((x, y) => x! - y!)).toEqual(
        Array.from({ length: 150 }, (_, i) => i + 1),
      );
      expect(await dbCounts(event.id)).toEqual({
        confirmed: 50,
        waitlisted: 150,
        seats: 50,
        waiting: 150,
      });

      // Arrival order: positions follow the order the server took them in, which is
      // also the order of their registration times.
      const { rows } = await t.db.query<{ user_id: string; registered_at: Date }>(
        `SELECT user_id, registered_at FROM event_registrations
          WHERE event_id = $1 AND status = 'waitlisted' ORDER BY seq`,
        [event.id],
      );
      const byUser = new Map(crowd.map((m, i) => [m.id, results[i]]));
      expect(rows.map((r) => byUser.get(r.user_id)?.position)).toEqual(
        Array.from({ length: 150 }, (_, i) => i + 1),
      );
      const times = rows.map((r) => r.registered_at.getTime());
      expect([...times].sort((x, y) => x - y)).toEqual(times);

      // Every change was pushed live, one seat or place at a time, ending at the database's counts.
      const counts = async () => {
        const deadline = Date.now() + 15_000;
        let seen: RealtimeEnvelope[] = [];
        while (Date.now() < deadline) {
          seen = socket.events.filter(
            (e) => e.type === 'event.registration.changed' && idOf(e) === event.id,
          );
          if (seen.length >= 200) break;
          await sleep(50);
        }
        // Delivery order is not promised; the envelope id is the order of the changes.
        return seen
          .sort((x, y) => Number(BigInt(x.id) - BigInt(y.id)))
          .map((e) => e.data as EventRegistrationChangedPayload);
      };
      const pushed = await counts();
      expect(pushed).toHaveLength(200);
      expect(pushed.map((c) => c.seatsTaken + c.waitlistLength)).toEqual(
        Array.from({ length: 200 }, (_, i) => i + 1),
      );
      expect(pushed.at(-1)).toMatchObject({
        seatsTaken: 50,
        seatsLeft: 0,
        waitlistLength: 150,
        capacity: 50,
      });

      // Asking again changes nothing and answers the same place.
      const again = await register(crowd[0], event.id).expect(200);
      expect((again.body as RegistrationResult).status).toBe(results[0].status);
      expect(await dbCounts(event.id)).toEqual({
        confirmed: 50,
        waitlisted: 150,
        seats: 50,
        waiting: 150,
      });

      // Cancellations promote the first in line, in order, telling each by email and live.
      const confirmed = crowd.filter((_, i) => results[i].status === 'confirmed');
      const firstInLine = rows.slice(0, 3).map((r) => crowd.find((m) => m.id === r.user_id)!);
      const promotedSocket = connectSocket(t.url, firstInLine[0].token);
      sockets.push(promotedSocket);
      await connected(promotedSocket);
      for (const leaver of confirmed.slice(0, 3)) {
        await request(t.url)
          .delete(`/api/events/${event.id}/registrations/me`)
          .set(as(leaver))
          .expect(204);
      }
      const attendees = (
        await request(t.url).get(`/api/events/${event.id}/attendees`).set(as(editor)).expect(200)
      ).body as AttendeeList;
      expect(attendees.confirmed).toHaveLength(50);
      expect(attendees.waitlisted).toHaveLength(147);
      for (const m of firstInLine) {
        expect(attendees.confirmed.map((a) => a.userId)).toContain(m.id);
      }
      expect(attendees.waitlisted.map((a) => a.position)).toEqual(
        Array.from({ length: 147 }, (_, i) => i + 1),
      );
      expect(attendees.waitlisted[0].userId).toBe(rows[3].user_id);
      await promotedSocket.waitFor(
        (e) => e.type === 'event.registration.promoted' && idOf(e) === event.id,
      );
      for (const m of firstInLine) {
        await sink.waitFor(
          (mail) => mail.to.includes(m.email) && mail.subject.startsWith('You have a place'),
        );
      }
      const mine = (
        await request(t.url).get(`/api/events/${event.id}`).set(as(firstInLine[0])).expect(200)
      ).body as NetworkEvent;
      expect(mine.myRegistration?.status).toBe('confirmed');
      expect(await dbCounts(event.id)).toEqual({
        confirmed: 50,
        waitlisted: 147,
        seats: 50,
        waiting: 147,
      });
    }, 120_000);

    it('seats the waitlist when the capacity grows, and leaving the waitlist shortens it', async () => {
      const event = await createEvent({ capacity: 1 });
      const [a, b, c] = await members(3);
      await register(a, event.id).expect(201);
      expect((await register(b, event.id).expect(201)).body).toMatchObject({
        status: 'waitlisted',
        position: 1,
      });
      expect((await register(c, event.id).expect(201)).body).toMatchObject({
        status: 'waitlisted',
        position: 2,
      });
      await request(t.url)
        .delete(`/api/events/${event.id}/registrations/me`)
        .set(as(b))
        .expect(204);
      const cNow = (await request(t.url).get(`/api/events/${event.id}`).set(as(c)))
        .body as NetworkEvent;
      expect(cNow.myRegistration).toMatchObject({ status: 'waitlisted', position: 1 });
      await request(t.url)
        .patch(`/api/events/${event.id}`)
        .set(as(editor))
        .send({ capacity: 5 })
        .expect(200);
      const after = (await request(t.url).get(`/api/events/${event.id}`).set(as(c)))
        .body as NetworkEvent;
      expect(after).toMatchObject({ seatsTaken: 2, seatsLeft: 3, waitlistLength: 0 });
      expect(after.myRegistration?.status).toBe('confirmed');
      await request(t.url)
        .delete(`/api/events/${event.id}/registrations/me`)
        .set(as(b))
        .expect(404);
    });

    it('refuses registration outside the window, after cancellation, and for applicants', async () => {
      const later = await createEvent({
        registrationOpensAt: utcWallClock(5 * 24 * HOUR),
      });
      const res = await register(member, later.id).expect(409);
      expect(res.body).toMatchObject({ code: 'REGISTRATION_CLOSED' });
      expect(later.registrationOpen).toBe(false);

      const closed = await createEvent({
        registrationOpensAt: utcWallClock(-2 * HOUR),
        registrationClosesAt: utcWallClock(-HOUR),
      });
      expect((await register(member, closed.id).expect(409)).body).toMatchObject({
        code: 'REGISTRATION_CLOSED',
      });

      const applicant = await signedInAs(t.db, t.url, 'applicant');
      await register(applicant, closed.id).expect(403);
      await register(member, '00000000-0000-4000-8000-000000000000').expect(404);
      await register(member, 'not-a-uuid').expect(400);
    });

    it('cancelling an event emails everyone registered and stops registrations', async () => {
      const event = await createEvent({ capacity: 1 });
      const [a, b] = await members(2);
      await register(a, event.id).expect(201);
      await register(b, event.id).expect(201);
      const socket = connectSocket(t.url, a.token);
      sockets.push(socket);
      await connected(socket);
      await request(t.url)
        .post(`/api/events/${event.id}/cancel`)
        .set(as(editor))
        .send({})
        .expect(400);
      const cancelled = await request(t.url)
        .post(`/api/events/${event.id}/cancel`)
        .set(as(editor))
        .send({ reason: 'The venue flooded' })
        .expect(200);
      expect(cancelled.body).toMatchObject({
        status: 'cancelled',
        cancelReason: 'The venue flooded',
      });
      for (const m of [a, b]) {
        const mail = await sink.waitFor(
          (x) => x.to.includes(m.email) && x.subject.startsWith('Cancelled:'),
        );
        expect(mail.raw).toContain('The venue flooded');
      }
      await socket.waitFor(
        (e) =>
          e.type === 'event.updated' &&
          idOf(e) === event.id &&
          (e.data as { status?: string }).status === 'cancelled',
      );
      expect((await register(member, event.id).expect(409)).body).toMatchObject({
        code: 'EVENT_CANCELLED',
      });
      await request(t.url)
        .post(`/api/events/${event.id}/cancel`)
        .set(as(editor))
        .send({ reason: 'x' })
        .expect(409);
      await request(t.url)
        .patch(`/api/events/${event.id}`)
        .set(as(editor))
        .send({ title: 'x' })
        .expect(409);
    });

    it('sends the reminder the day before to those with a seat', async () => {
      const [a, b] = await members(2);
      const event = await createEvent({
        title: 'Reminder check',
        startsAt: new Date(Date.now() + 24 * HOUR + 3000).toISOString(),
        endsAt: new Date(Date.now() + 25 * HOUR).toISOString(),
        capacity: 1,
        venue: 'Room 4',
      });
      await register(a, event.id).expect(201);
      await register(b, event.id).expect(201);
      const mail = await sink.waitFor(
        (m) => m.to.includes(a.email) && m.subject === 'Tomorrow: Reminder check',
        20_000,
      );
      expect(mail.raw).toContain('Room 4');
      await sleep(1500);
      expect(
        sink.messages.filter((m) => m.subject === 'Tomorrow: Reminder check').map((m) => m.to),
      ).toEqual([[a.email]]);
    }, 30_000);
  });

  describe('visibility and calendars', () => {
    it('shows public events to anyone, members-only ones to members, and the link to attendees only', async () => {
      const open = await createEvent({ public: true, onlineUrl: 'https://meet.example.org/open' });
      const closed = await createEvent({
        public: false,
        onlineUrl: 'https://meet.example.org/closed',
      });
      const anon = (await request(t.url).get('/api/events?limit=100').expect(200))
        .body as EventsPage;
      expect(anon.items.map((e) => e.id)).toContain(open.id);
      expect(anon.items.map((e) => e.id)).not.toContain(closed.id);
      expect(anon.items.every((e) => e.public)).toBe(true);
      await request(t.url).get(`/api/events/${closed.id}`).expect(404);
      await request(t.url).get(`/api/events/${closed.id}/ics`).expect(404);
      const publicView = (await request(t.url).get(`/api/events/${open.id}`).expect(200))
        .body as NetworkEvent;
      expect(publicView).not.toHaveProperty('onlineUrl');
      expect(publicView.online).toBe(true);

      const [a] = await members(1);
      const before = (await request(t.url).get(`/api/events/${closed.id}`).set(as(a)).expect(200))
        .body as NetworkEvent;
      expect(before).not.toHaveProperty('onlineUrl');
      expect(before.myRegistration).toBeNull();
      const outsider = await request(t.url)
        .get(`/api/events/${closed.id}/ics`)
        .set(as(a))
        .expect(200);
      expect(outsider.text).not.toContain('meet.example.org');
      await register(a, closed.id).expect(201);
      const after = (await request(t.url).get(`/api/events/${closed.id}`).set(as(a)).expect(200))
        .body as NetworkEvent;
      expect(after.onlineUrl).toBe('https://meet.example.org/closed');
      const attendee = await request(t.url)
        .get(`/api/events/${closed.id}/ics`)
        .set(as(a))
        .expect(200);
      expect(attendee.text.replace(/\r\n[ \t]/g, '')).toContain('https://meet.example.org/closed');
    });

    it('writes iCalendar that an independent parser reads with the right times across a daylight-saving change', async () => {
      const before = await createEvent({
        title: 'Before the clocks change',
        timezone: 'Europe/London',
        startsAt: '2030-03-30T10:00',
        endsAt: '2030-03-30T11:00',
        venue: 'Leeds',
      });
      const after = await createEvent({
        title: 'After the clocks change',
        timezone: 'Europe/London',
        startsAt: '2030-03-31T10:00',
        endsAt: '2030-03-31T11:00',
      });
      for (const [event, start] of [
        [before, '2030-03-30T10:00:00.000Z'],
        [after, '2030-03-31T09:00:00.000Z'],
      ] as const) {
        const res = await request(t.url)
          .get(`/api/events/${event.id}/ics`)
          .set(as(member))
          .expect(200);
        expect(res.headers['content-type']).toContain('text/calendar');
        expect(res.headers['content-disposition']).toMatch(/attachment; filename=".*\.ics"/);
        const parsed = ical.sync.parseICS(res.text);
        const vevents = Object.values(parsed).filter((c) => c?.type === 'VEVENT');
        expect(vevents).toHaveLength(1);
        const vevent = vevents[0];
        expect(vevent.start.toISOString()).toBe(start);
        expect(vevent.summary).toBe(event.title);
        expect(vevent.uid).toBe(`${event.id}@ocvrn`);
      }
    });

    it('serves a personal feed of my events by a secret token that I can revoke', async () => {
      const [a] = await members(1);
      const mineA = await createEvent({ title: 'In my feed' });
      const other = await createEvent({ title: 'Not in my feed' });
      await register(a, mineA.id).expect(201);
      expect(
        (await request(t.url).get('/api/events/feed-token').set(as(a)).expect(200)).body,
      ).toMatchObject({
        active: false,
      });
      const created = (await request(t.url).post('/api/events/feed-token').set(as(a)).expect(201))
        .body as CalendarFeed;
      expect(created.url).toMatch(/^http:\/\/ocvrn\.test\/api\/events\/feed\.ics\?token=/);
      const path = new URL(created.url!).pathname + new URL(created.url!).search;
      const feed = await request(t.url).get(path).expect(200);
      const events = Object.values(ical.sync.parseICS(feed.text)).filter(
        (c): c is ical.VEvent => c?.type === 'VEVENT',
      );
      expect(events.map((e) => e.summary)).toEqual(['In my feed']);
      expect(feed.text).not.toContain(other.id);
      const rotated = (await request(t.url).post('/api/events/feed-token').set(as(a)).expect(201))
        .body as CalendarFeed;
      await request(t.url).get(path).expect(404);
      await request(t.url).delete('/api/events/feed-token').set(as(a)).expect(204);
      await request(t.url)
        .get(new URL(rotated.url!).pathname + new URL(rotated.url!).search)
        .expect(404);
      await request(t.url).get('/api/events/feed.ics?token=short').expect(400);
      await request(t.url).get('/api/events/feed.ics').expect(400);
    });

    it('lists upcoming, past and a month, and pages without repeats', async () => {
      const month = await Promise.all(
        [3, 8, 15, 22].map((day) =>
          createEvent({
            kind: 'conference',
            startsAt: `2031-07-${String(day).padStart(2, '0')}T09:00`,
            endsAt: `2031-07-${String(day).padStart(2, '0')}T17:00`,
          }),
        ),
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: EventsPage = (
          await request(t.url)
            .get(
              `/api/events?from=2031-07-01T00:00:00Z&to=2031-08-01T00:00:00Z&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
            )
            .set(as(member))
            .expect(200)
        ).body as EventsPage;
        expect(page.total).toBe(4);
        seen.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(month.map((e) => e.id));
      const kinds = (
        await request(t.url).get('/api/events?kind=conference&limit=100').set(as(member))
      ).body as EventsPage;
      expect(kinds.items.every((e) => e.kind === 'conference')).toBe(true);
      const past = (await request(t.url).get('/api/events?when=past').set(as(member)).expect(200))
        .body as EventsPage;
      expect(past.items.every((e) => new Date(e.endsAt) <= new Date())).toBe(true);
      for (const qs of [
        'limit=0',
        'limit=1000',
        'cursor=garbage',
        'when=later',
        'kind=party',
        'from=yesterday',
        'from=2031-08-01T00:00:00Z&to=2031-07-01T00:00:00Z',
      ]) {
        expect((await request(t.url).get(`/api/events?${qs}`).set(as(member))).status).toBe(400);
      }
      await request(t.url).get('/api/events?mine=true').expect(401);
    });

    it('exports attendees as CSV for organisers, with formulas defused', async () => {
      const event = await createEvent();
      const user = await createUser(t.db, { roles: ['member'], name: '=HYPERLINK("http://evil")' });
      const { accessToken } = await login(t.url, user.email);
      await register({ token: accessToken }, event.id).expect(201);
      await request(t.url).get(`/api/events/${event.id}/attendees.csv`).set(as(member)).expect(403);
      const res = await request(t.url)
        .get(`/api/events/${event.id}/attendees.csv`)
        .set(as(editor))
        .expect(200);
      expect(res.headers['content-type']).toContain('text/csv');
      expect(res.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
      expect(res.text).toContain(user.email);
    });
  });

  describe('organisers and the attendee list', () => {
    let other: Session;
    let coEditor: Session;
    let admin: Session;
    /** More editors than an event may have co-organisers. */
    let crowd: string[] = [];

    beforeAll(async () => {
      other = await signedInAs(t.db, t.url, 'editor');
      coEditor = await signedInAs(t.db, t.url, 'editor');
      admin = await signedInAs(t.db, t.url, 'admin');
      crowd = (
        await Promise.all(
          Array.from({ length: 11 }, () => createUser(t.db, { roles: ['member', 'editor'] })),
        )
      ).map((u) => u.id);
    });

    function setOrganisers(who: { token: string }, id: string, memberIds: unknown) {
      return request(t.url).put(`/api/events/${id}/organisers`).set(as(who)).send({ memberIds });
    }

    async function eventRow(id: string) {
      const { rows } = await t.db.query<{ title: string; status: string; sequence: number }>(
        `SELECT title, status, sequence FROM events WHERE id = $1`,
        [id],
      );
      return rows[0];
    }

    async function organiserIds(id: string): Promise<string[]> {
      const { rows } = await t.db.query<{ user_id: string }>(
        `SELECT user_id FROM event_organisers WHERE event_id = $1 ORDER BY user_id`,
        [id],
      );
      return rows.map((r) => r.user_id);
    }

    async function auditOf(id: string, action: string) {
      const { rows } = await t.db.query<{ actor_id: string; detail: Record<string, unknown> }>(
        `SELECT actor_id, detail FROM audit_log WHERE target_id = $1 AND action = $2 ORDER BY id`,
        [id, action],
      );
      return rows;
    }

    it('another editor may not edit, cancel or read the attendees of an event they do not run; nothing changes and nobody is mailed', async () => {
      const event = await createEvent({ onlineUrl: 'https://meet.example.org/mine' });
      const [a] = await members(1);
      await register(a, event.id).expect(201);
      const before = await eventRow(event.id);
      const mails = sink.messages.length;

      for (const res of [
        await request(t.url)
          .patch(`/api/events/${event.id}`)
          .set(as(other))
          .send({ onlineUrl: 'https://phish.example.net/login' }),
        await request(t.url)
          .post(`/api/events/${event.id}/cancel`)
          .set(as(other))
          .send({ reason: 'Not mine to cancel' }),
        await request(t.url).get(`/api/events/${event.id}/attendees`).set(as(other)),
        await request(t.url).get(`/api/events/${event.id}/attendees.csv`).set(as(other)),
        await setOrganisers(other, event.id, [other.user.id]),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
        expect(JSON.stringify(res.body)).not.toContain(a.email);
      }
      await sleep(500);
      expect(await eventRow(event.id)).toEqual(before);
      expect(await organiserIds(event.id)).toEqual([editor.user.id]);
      expect(sink.messages.slice(mails).filter((m) => m.to.includes(a.email))).toEqual([]);
      expect(await auditOf(event.id, 'event.updated')).toEqual([]);
      const seen = (await request(t.url).get(`/api/events/${event.id}`).set(as(other)).expect(200))
        .body as NetworkEvent;
      expect(seen.canManage).toBe(false);
      expect(seen).not.toHaveProperty('onlineUrl');

      // The creator is an organiser; an admin manages any event.
      const own = (await request(t.url).get(`/api/events/${event.id}`).set(as(editor)).expect(200))
        .body as NetworkEvent;
      expect(own).toMatchObject({
        canManage: true,
        organisers: [{ id: editor.user.id, name: editor.user.name }],
        onlineUrl: 'https://meet.example.org/mine',
      });
      await request(t.url).get(`/api/events/${event.id}/attendees`).set(as(admin)).expect(200);
      await request(t.url)
        .patch(`/api/events/${event.id}`)
        .set(as(admin))
        .send({ title: `${event.title} (admin)` })
        .expect(200);
      expect((await auditOf(event.id, 'event.updated'))[0].actor_id).toBe(admin.user.id);
    });

    it('a co-organiser may edit, cancel and read the attendees; the change is audited and pushed live; a removed one may not', async () => {
      const event = await createEvent();
      const socket = connectSocket(t.url, member.token);
      sockets.push(socket);
      await connected(socket);

      const added = await setOrganisers(editor, event.id, [coEditor.user.id]).expect(200);
      expect((added.body as NetworkEvent).organisers).toEqual([
        { id: editor.user.id, name: editor.user.name },
        { id: coEditor.user.id, name: coEditor.user.name },
      ]);
      await socket.waitFor((e) => e.type === 'event.updated' && idOf(e) === event.id);
      expect(await auditOf(event.id, 'event.organisers.changed')).toEqual([
        expect.objectContaining({
          actor_id: editor.user.id,
          detail: expect.objectContaining({ added: [coEditor.user.id], removed: [] }),
        }),
      ]);
      const list = (
        await request(t.url).get(`/api/events/${event.id}/organisers`).set(as(member)).expect(200)
      ).body as EventOrganisersList;
      expect(list.items.map((o) => [o.id, o.creator])).toEqual([
        [editor.user.id, true],
        [coEditor.user.id, false],
      ]);

      const asCo = (await request(t.url).get(`/api/events/${event.id}`).set(as(coEditor)))
        .body as NetworkEvent;
      expect(asCo.canManage).toBe(true);
      const listed = (
        (await request(t.url).get('/api/events?limit=100').set(as(coEditor)).expect(200))
          .body as EventsPage
      ).items.find((e) => e.id === event.id);
      expect(listed).toMatchObject({
        canManage: true,
        organisers: [{ id: editor.user.id }, { id: coEditor.user.id }],
      });
      expect(
        ((await request(t.url).get(`/api/events/${event.id}`).set(as(member))).body as NetworkEvent)
          .canManage,
      ).toBe(false);
      await request(t.url)
        .patch(`/api/events/${event.id}`)
        .set(as(coEditor))
        .send({ title: `${event.title} (co)` })
        .expect(200);
      await request(t.url).get(`/api/events/${event.id}/attendees`).set(as(coEditor)).expect(200);
      await request(t.url)
        .get(`/api/events/${event.id}/attendees.csv`)
        .set(as(coEditor))
        .expect(200);

      // A co-organiser may hand over too, but the creator always stays.
      await setOrganisers(coEditor, event.id, []).expect(200);
      expect(await organiserIds(event.id)).toEqual([editor.user.id]);
      await request(t.url)
        .patch(`/api/events/${event.id}`)
        .set(as(coEditor))
        .send({ title: 'Not any more' })
        .expect(403);
      await request(t.url).get(`/api/events/${event.id}/attendees`).set(as(coEditor)).expect(403);

      await setOrganisers(admin, event.id, [coEditor.user.id]).expect(200);
      await request(t.url)
        .post(`/api/events/${event.id}/cancel`)
        .set(as(coEditor))
        .send({ reason: 'Speaker unwell' })
        .expect(200);
      expect((await eventRow(event.id)).status).toBe('cancelled');
    });

    it.each([
      ['an unknown member id', () => ['00000000-0000-4000-8000-000000000000']],
      ['not a uuid', () => ['not-a-uuid']],
      ['the same member twice', () => [coEditor.user.id, coEditor.user.id]],
      ['too many', () => crowd],
      ['not a list', () => coEditor.user.id],
      ['the creator', () => [editor.user.id]],
      ['a member without the editor role', () => [member.user.id]],
    ])('refuses %s with a 4xx naming memberIds, changing nothing', async (_label, ids) => {
      const event = await createEvent();
      await setOrganisers(editor, event.id, [other.user.id]).expect(200);
      const before = await organiserIds(event.id);
      const audits = (await auditOf(event.id, 'event.organisers.changed')).length;
      const res = await setOrganisers(editor, event.id, ids());
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((res.body as { errors?: { field: string }[] }).errors?.map((e) => e.field)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^memberIds/)]),
      );
      expect(await organiserIds(event.id)).toEqual(before);
      expect(await auditOf(event.id, 'event.organisers.changed')).toHaveLength(audits);
    });

    it('refuses an applicant and a disabled account as co-organisers', async () => {
      const event = await createEvent();
      const pending = await createUser(t.db, { status: 'pending' });
      const disabled = await createUser(t.db, { roles: ['member', 'editor'] });
      await t.db.query(`UPDATE users SET status = 'disabled' WHERE id = $1`, [disabled.id]);
      for (const id of [pending.id, disabled.id]) {
        const res = await setOrganisers(editor, event.id, [id]).expect(400);
        expect(res.body.errors[0]).toMatchObject({ field: 'memberIds' });
      }
      expect(await organiserIds(event.id)).toEqual([editor.user.id]);
      await setOrganisers(editor, '00000000-0000-4000-8000-000000000000', []).expect(404);
      // One without the role is named, so the organiser knows whom to ask about.
      const plain = await setOrganisers(editor, event.id, [member.user.id]).expect(400);
      expect(plain.body.errors[0].message).toBe(
        `${member.user.name} does not hold the editor role, which organisers need: an admin can grant it`,
      );
    });

    it('parallel changes of the co-organisers each land whole, one after another', async () => {
      const event = await createEvent();
      const editors = await Promise.all(
        Array.from({ length: 6 }, () => createUser(t.db, { roles: ['member', 'editor'] })),
      );
      const sets = editors.map((_, i) => editors.slice(i, i + 3).map((e) => e.id));
      const answers = await Promise.all(sets.map((ids) => setOrganisers(editor, event.id, ids)));
      expect(answers.map((r) => r.status)).toEqual(sets.map(() => 200));
      const final = (await organiserIds(event.id)).filter((id) => id !== editor.user.id);
      expect(sets.map((ids) => [...ids].sort())).toContainEqual(final);
      const audits = await auditOf(event.id, 'event.organisers.changed');
      expect(audits).toHaveLength(sets.length);
      // Each audit's "after" is what the one before it left plus its own change.
      let current: string[] = [];
      for (const { detail } of audits) {
        const added = detail.added as string[];
        const removed = detail.removed as string[];
        current = [...current.filter((id) => !removed.includes(id)), ...added].sort();
        expect(sets.map((ids) => [...ids].sort())).toContainEqual(current);
      }
      expect(current).toEqual(final);
    });

    it('withholds the addresses members keep hidden or for admins, in JSON and CSV; admins see the admins-only ones', async () => {
      const event = await createEvent();
      const [open, forAdmins, hidden] = await members(3);
      for (const [who, email] of [
        [forAdmins, 'admins'],
        [hidden, 'hidden'],
      ] as const) {
        await request(t.url)
          .patch('/api/members/me')
          .set(as(who))
          .send({ visibility: { email } })
          .expect(200);
      }
      for (const who of [open, forAdmins, hidden]) await register(who, event.id).expect(201);

      const shown = (list: AttendeeList) =>
        Object.fromEntries(list.confirmed.map((a) => [a.userId, [a.email, a.emailWithheld]]));
      for (const organiser of [editor, coEditor]) {
        if (organiser === coEditor) {
          await setOrganisers(editor, event.id, [coEditor.user.id]).expect(200);
        }
        const list = (
          await request(t.url)
            .get(`/api/events/${event.id}/attendees`)
            .set(as(organiser))
            .expect(200)
        ).body as AttendeeList;
        expect(shown(list)).toEqual({
          [open.id]: [open.email, false],
          [forAdmins.id]: [null, true],
          [hidden.id]: [null, true],
        });
        const csv = await request(t.url)
          .get(`/api/events/${event.id}/attendees.csv`)
          .set(as(organiser))
          .expect(200);
        expect(csv.text).toContain(open.email);
        expect(csv.text).not.toContain(forAdmins.email);
        expect(csv.text).not.toContain(hidden.email);
        const lines = csv.text.split('\r\n');
        expect(lines[0]).toContain('email_note');
        expect(lines.filter((l) => /withheld at the member.s choice/i.test(l))).toHaveLength(2);
      }
      const asAdmin = (
        await request(t.url).get(`/api/events/${event.id}/attendees`).set(as(admin)).expect(200)
      ).body as AttendeeList;
      expect(shown(asAdmin)).toEqual({
        [open.id]: [open.email, false],
        [forAdmins.id]: [forAdmins.email, false],
        [hidden.id]: [null, true],
      });
      const adminCsv = await request(t.url)
        .get(`/api/events/${event.id}/attendees.csv`)
        .set(as(admin))
        .expect(200);
      expect(adminCsv.text).toContain(forAdmins.email);
      expect(adminCsv.text).not.toContain(hidden.email);
    });
  });
});
