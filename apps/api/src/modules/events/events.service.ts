import { Inject, Injectable } from '@nestjs/common';
import { rooms, type EventsPage, type NetworkEvent } from '@contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { decodeCursor, encodeCursor } from '@api/common/pagination';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { AuditService } from '../audit/audit.service';
import { JobsService } from '../jobs/jobs.service';
import { MailService } from '../mail/mail.service';
import { renderMarkdown } from '../newsletters/render';
import { NotificationsService } from '../notifications/notifications.service';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import type { CreateEventDto, EventsQuery, UpdateEventDto } from './dto/events.dto';
import { cancellationMail, changeMail, type EventForMail } from './event.mail';
import { isTimeZone, toInstant } from './event-times';
import {
  EVENT_COLUMNS,
  MY_REGISTRATION,
  MY_REGISTRATION_JOIN,
  EventsRepository,
  assertManages,
  toEvent,
  viewerWithRoles,
  type EventRow,
  type Viewer,
} from './events.repository';
import { REMINDER_QUEUE, RegistrationsService } from './registrations.service';
import { Params } from '@api/database/sql-params';

const DAY = 24 * 60 * 60 * 1000;

export function viewerOf(user: AuthUser | undefined): Viewer | null {
  if (!user || user.status !== 'approved') return null;
  return viewerWithRoles(user.id, user.roles);
}

function fieldError(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${field}: ${message}`, [{ field, message }]);
}

/** The times of an event after a create or an edit, all checked together. */
interface Schedule {
  timezone: string;
  startsAt: Date;
  endsAt: Date;
  opensAt: Date | null;
  closesAt: Date | null;
}

@Injectable()
export class EventsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly taxonomy: TaxonomyService,
    private readonly jobs: JobsService,
    private readonly mail: MailService,
    private readonly repo: EventsRepository,
    private readonly registrations: RegistrationsService,
  ) {}

  async get(viewer: Viewer | null, id: string): Promise<NetworkEvent> {
    const row = await this.repo.find(id, viewer);
    if (!row) throw new DomainError('EVENT_NOT_FOUND', 'No such event');
    return toEvent(row, viewer);
  }

  async list(viewer: Viewer | null, query: EventsQuery): Promise<EventsPage> {
    const sql = new Params();
    const p = (value: unknown) => sql.add(value);
    const params = sql.values;
    params.push(...[viewer?.id ?? null]);
    const where: string[] = [];
    if (!viewer) where.push('e.public');
    if (query.mine) {
      if (!viewer) throw new DomainError('UNAUTHENTICATED', 'Sign in to see your events');
      where.push('r.user_id IS NOT NULL');
    }
    if (query.topic?.length) where.push(`e.topics && ${p(query.topic)}::text[]`);
    if (query.kind?.length) where.push(`e.kind = ANY(${p(query.kind)}::text[])`);
    const range = query.from !== undefined || query.to !== undefined;
    let descending = false;
    if (range) {
      const from = query.from !== undefined ? toInstant(query.from, 'UTC') : null;
      const to = query.to !== undefined ? toInstant(query.to, 'UTC') : null;
      if (query.from !== undefined && !from) throw fieldError('from', 'is not a date-time');
      if (query.to !== undefined && !to) throw fieldError('to', 'is not a date-time');
      if (from && to && to <= from) throw fieldError('to', 'must be after from');
      if (from) where.push(`e.ends_at > ${p(from)}`);
      if (to) where.push(`e.starts_at < ${p(to)}`);
    } else if (query.when === 'past') {
      where.push('e.ends_at <= now()');
      descending = true;
    } else {
      where.push('e.ends_at > now()');
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const countParams = [...params];
    const after = decodeCursor<[string, string]>(query.cursor, ['timestamp', 'uuid']);
    const cursorSql = after
      ? `${where.length ? 'AND' : 'WHERE'} (e.starts_at, e.id) ${descending ? '<' : '>'} (${p(after[0])}::timestamptz, ${p(after[1])}::uuid)`
      : '';
    const dir = descending ? 'DESC' : 'ASC';
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<EventRow[]>(
        `SELECT ${EVENT_COLUMNS}, ${MY_REGISTRATION},
                to_char(e.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key
           FROM events e JOIN users o ON o.id = e.organiser_id ${MY_REGISTRATION_JOIN('$1')}
           ${filter} ${cursorSql}
          ORDER BY e.starts_at ${dir}, e.id ${dir}
          LIMIT ${p(query.limit + 1)}`,
        params,
      ),
      this.dataSource.query<{ total: number }[]>(
        `SELECT count(*)::int AS total FROM events e ${MY_REGISTRATION_JOIN('$1')} ${filter}`,
        countParams,
      ),
    ]);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => toEvent(r, viewer)),
      nextCursor:
        rows.length > query.limit && last ? encodeCursor([last.sort_key ?? '', last.id]) : null,
      total,
    };
  }

  async create(actor: AuthUser, dto: CreateEventDto): Promise<NetworkEvent> {
    await this.taxonomy.assertTopics(dto.topics, 'topics');
    const schedule = this.schedule(
      dto.timezone,
      dto.startsAt,
      dto.endsAt,
      dto.registrationOpensAt,
      dto.registrationClosesAt,
    );
    if (schedule.endsAt <= new Date()) throw fieldError('endsAt', 'is in the past');
    const id = await this.dataSource.transaction(async (m) => {
      const [{ id }] = await m.query<{ id: string }[]>(
        `INSERT INTO events (title, description, description_html, kind, topics, timezone,
           starts_at, ends_at, venue, online_url, capacity, registration_opens_at,
           registration_closes_at, public, organiser_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
        [
          dto.title,
          dto.description ?? '',
          renderMarkdown(dto.description ?? ''),
          dto.kind,
          dto.topics ?? [],
          schedule.timezone,
          schedule.startsAt,
          schedule.endsAt,
          dto.venue ?? null,
          dto.onlineUrl ?? null,
          dto.capacity ?? null,
          schedule.opensAt,
          schedule.closesAt,
          dto.public ?? false,
          actor.id,
        ],
      );
      await m.query(
        `INSERT INTO event_organisers (event_id, user_id, added_at) VALUES ($1, $2, now())`,
        [id, actor.id],
      );
      await this.scheduleReminder(m, id, schedule.startsAt);
      await this.notifications.publish(m, 'event.created', [rooms.members], {
        id,
        title: dto.title,
        kind: dto.kind,
        startsAt: schedule.startsAt.toISOString(),
        endsAt: schedule.endsAt.toISOString(),
        timezone: schedule.timezone,
        public: dto.public ?? false,
      });
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'event.created',
        targetType: 'event',
        targetId: id,
        detail: { title: dto.title },
      });
      return id;
    });
    return this.get(viewerOf(actor), id);
  }

  async update(actor: AuthUser, id: string, dto: UpdateEventDto): Promise<NetworkEvent> {
    const viewer = viewerWithRoles(actor.id, actor.roles);
    await this.dataSource.transaction(async (m) => {
      const row = await this.repo.findForChange(id, viewer, m);
      if (!row) throw new DomainError('EVENT_NOT_FOUND', 'No such event');
      assertManages(row, viewer, 'change it');
      await this.taxonomy.assertTopics(dto.topics, 'topics');
      if (row.status === 'cancelled') {
        throw new DomainError('EVENT_CANCELLED', 'A cancelled event cannot be changed');
      }
      const timezone = dto.timezone ?? row.timezone;
      // Times not sent keep their instant; times sent are read in the (new) zone.
      const schedule = this.schedule(
        timezone,
        dto.startsAt ?? row.starts_at.toISOString(),
        dto.endsAt ?? row.ends_at.toISOString(),
        dto.registrationOpensAt === undefined
          ? (row.registration_opens_at?.toISOString() ?? null)
          : dto.registrationOpensAt,
        dto.registrationClosesAt === undefined
          ? (row.registration_closes_at?.toISOString() ?? null)
          : dto.registrationClosesAt,
      );
      const capacity = dto.capacity === undefined ? row.capacity : dto.capacity;
      if (capacity !== null && capacity < row.seats_taken) {
        throw new DomainError(
          'CAPACITY_BELOW_TAKEN',
          `${row.seats_taken} seats are taken: the capacity cannot go below that`,
          [{ field: 'capacity', message: `must be at least ${row.seats_taken}, the seats taken` }],
        );
      }
      const description = dto.description ?? row.description;
      await m.query(
        `UPDATE events SET title = $2, description = $3, description_html = $4, kind = $5,
                topics = $6, timezone = $7, starts_at = $8, ends_at = $9, venue = $10,
                online_url = $11, capacity = $12, registration_opens_at = $13,
                registration_closes_at = $14, public = $15, sequence = sequence + 1,
                reminded_at = CASE WHEN starts_at = $8 THEN reminded_at END, updated_at = now()
          WHERE id = $1`,
        [
          id,
          dto.title ?? row.title,
          description,
          dto.description === undefined ? row.description_html : renderMarkdown(description),
          dto.kind ?? row.kind,
          dto.topics ?? row.topics,
          schedule.timezone,
          schedule.startsAt,
          schedule.endsAt,
          dto.venue === undefined ? row.venue : dto.venue,
          dto.onlineUrl === undefined ? row.online_url : dto.onlineUrl,
          capacity,
          schedule.opensAt,
          schedule.closesAt,
          dto.public ?? row.public,
        ],
      );
      if (schedule.startsAt.getTime() !== row.starts_at.getTime()) {
        await this.scheduleReminder(m, id, schedule.startsAt);
      }
      const after: EventForMail = {
        id,
        title: dto.title ?? row.title,
        timezone: schedule.timezone,
        starts_at: schedule.startsAt,
        ends_at: schedule.endsAt,
        venue: dto.venue === undefined ? row.venue : dto.venue,
        online_url: dto.onlineUrl === undefined ? row.online_url : dto.onlineUrl,
      };
      // Everyone registered hears of a new time or place by email.
      const told = timeOrPlaceChanged(row, after) ? await this.attendeeEmails(m, id) : [];
      for (const email of told) {
        await this.mail.enqueue(m, changeMail(email, row, after, this.config.publicUrl));
      }
      await this.notifications.publish(m, 'event.updated', [rooms.members], {
        id,
        title: dto.title ?? row.title,
        status: 'scheduled',
        startsAt: schedule.startsAt.toISOString(),
        endsAt: schedule.endsAt.toISOString(),
      });
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'event.updated',
        targetType: 'event',
        targetId: id,
        detail: { fields: Object.keys(dto), told: told.length },
      });
      if (capacity !== row.capacity) await this.registrations.fillSeats(m, id);
    });
    return this.get(viewer, id);
  }

  async cancel(actor: AuthUser, id: string, reason: string): Promise<NetworkEvent> {
    const viewer = viewerWithRoles(actor.id, actor.roles);
    await this.dataSource.transaction(async (m) => {
      const row = await this.repo.findForChange(id, viewer, m);
      if (!row) throw new DomainError('EVENT_NOT_FOUND', 'No such event');
      assertManages(row, viewer, 'cancel it');
      if (row.status === 'cancelled') {
        throw new DomainError('EVENT_CANCELLED', 'The event is already cancelled');
      }
      await m.query(
        `UPDATE events SET status = 'cancelled', cancelled_at = now(), cancel_reason = $2,
                sequence = sequence + 1, updated_at = now()
          WHERE id = $1`,
        [id, reason.trim()],
      );
      const attendees = await this.attendeeEmails(m, id);
      for (const email of attendees) {
        await this.mail.enqueue(
          m,
          cancellationMail(email, row, reason.trim(), this.config.publicUrl),
        );
      }
      await this.notifications.publish(m, 'event.updated', [rooms.members], {
        id,
        title: row.title,
        status: 'cancelled',
        startsAt: row.starts_at.toISOString(),
        endsAt: row.ends_at.toISOString(),
      });
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'event.cancelled',
        targetType: 'event',
        targetId: id,
        detail: { title: row.title, reason: reason.trim(), told: attendees.length },
      });
    });
    return this.get(viewer, id);
  }

  /** Everyone registered for the event, seated or waiting, in registration order. */
  private async attendeeEmails(m: EntityManager, id: string): Promise<string[]> {
    const rows = await m.query<{ email: string }[]>(
      `SELECT u.email FROM event_registrations r JOIN users u ON u.id = r.user_id
        WHERE r.event_id = $1 AND u.status = 'approved' ORDER BY r.seq`,
      [id],
    );
    return rows.map((r) => r.email);
  }

  /** Reminders go out a day before the start (at once when that is already past). */
  private async scheduleReminder(m: EntityManager, id: string, startsAt: Date): Promise<void> {
    if (startsAt.getTime() <= Date.now()) return;
    const at = new Date(Math.max(Date.now(), startsAt.getTime() - DAY));
    await this.jobs.send(
      m,
      REMINDER_QUEUE,
      { id, startsAt: startsAt.toISOString() },
      { startAfter: at },
    );
  }

  private schedule(
    timezone: string,
    starts: string,
    ends: string,
    opens: string | null | undefined,
    closes: string | null | undefined,
  ): Schedule {
    if (!isTimeZone(timezone)) {
      throw fieldError('timezone', 'must be an IANA time zone such as Europe/London');
    }
    const startsAt = toInstant(starts, timezone);
    if (!startsAt) throw fieldError('startsAt', 'is not a date-time');
    const endsAt = toInstant(ends, timezone);
    if (!endsAt) throw fieldError('endsAt', 'is not a date-time');
    if (endsAt <= startsAt) throw fieldError('endsAt', 'must be after startsAt');
    const opensAt = opens ? toInstant(opens, timezone) : null;
    if (opens && !opensAt) throw fieldError('registrationOpensAt', 'is not a date-time');
    const closesAt = closes ? toInstant(closes, timezone) : null;
    if (closes && !closesAt) throw fieldError('registrationClosesAt', 'is not a date-time');
    if (opensAt && closesAt && closesAt <= opensAt) {
      throw fieldError('registrationClosesAt', 'must be after registrationOpensAt');
    }
    if (closesAt && closesAt > endsAt) {
      throw fieldError('registrationClosesAt', 'must not be after the event ends');
    }
    if (opensAt && opensAt >= endsAt) {
      throw fieldError('registrationOpensAt', 'must be before the event ends');
    }
    return { timezone, startsAt, endsAt, opensAt, closesAt };
  }
}

/**
 * Whether what attendees plan around changed: the start or end instant, the venue or the link
 * (a new time zone alone shows the same instants differently).
 */
function timeOrPlaceChanged(before: EventForMail, after: EventForMail): boolean {
  return (
    before.starts_at.getTime() !== after.starts_at.getTime() ||
    before.ends_at.getTime() !== after.ends_at.getTime() ||
    (before.venue ?? null) !== (after.venue ?? null) ||
    (before.online_url ?? null) !== (after.online_url ?? null)
  );
}
