import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  rooms,
  type Attendee,
  type AttendeeList,
  type ProfileVisibility,
  type RegistrationResult,
  type RegistrationStatus,
} from '@contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { rowsOf } from '@api/database/query-result';
import { AuditService } from '../audit/audit.service';
import { JobsService } from '../jobs/jobs.service';
import { MailService } from '../mail/mail.service';
import { maySee } from '../members/dto/member.response';
import { NotificationsService } from '../notifications/notifications.service';
import { promotionMail, reminderMail } from './event.mail';
import {
  EventsRepository,
  assertManages,
  toEvent,
  viewerWithRoles,
  type EventRow,
  type Viewer,
} from './events.repository';

export const REMINDER_QUEUE = 'event-reminder';

interface Counts {
  capacity: number | null;
  seats_taken: number;
  waitlist_length: number;
}

interface AttendeeRow {
  user_id: string;
  name: string;
  email: string;
  visibility: ProfileVisibility;
  organisation: string;
  status: RegistrationStatus;
  position: number | null;
  registered_at: Date;
}

/**
 * Seats and the waitlist. Every change to one event's registrations first locks that event's
 * row, so parallel requests take their turn: capacity holds, and arrival order is the order
 * in which they got the lock (kept in `seq`).
 */
@Injectable()
export class RegistrationsService implements OnModuleInit {
  private readonly logger = new Logger(RegistrationsService.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: EventsRepository,
    private readonly notifications: NotificationsService,
    private readonly mail: MailService,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.jobs.register<{ id: string; startsAt: string }>(REMINDER_QUEUE, (data) =>
      this.remind(data.id, data.startsAt),
    );
  }

  async register(
    user: AuthUser,
    id: string,
  ): Promise<{ result: RegistrationResult; created: boolean }> {
    const viewer: Viewer = viewerWithRoles(user.id, user.roles);
    const created = await this.dataSource.transaction(async (m) => {
      const row = await this.repo.find(id, viewer, m, true);
      if (!row) throw new DomainError('EVENT_NOT_FOUND', 'No such event');
      if (row.my_status) return false;
      const now = new Date();
      if (row.status === 'cancelled')
        throw new DomainError('EVENT_CANCELLED', 'The event is cancelled');
      if (row.ends_at <= now) throw new DomainError('EVENT_OVER', 'The event is over');
      if (row.registration_opens_at && row.registration_opens_at > now) {
        throw new DomainError(
          'REGISTRATION_CLOSED',
          `Registration opens at ${row.registration_opens_at.toISOString()}`,
        );
      }
      if (row.registration_closes_at && row.registration_closes_at <= now) {
        throw new DomainError('REGISTRATION_CLOSED', 'Registration has closed');
      }
      const seat = row.capacity === null || row.seats_taken < row.capacity;
      // The place and the counters in one statement: every round trip here is made while the
      // event's lock holds every other registration back. The registration time is when it
      // got its turn (after the lock), not when its transaction began.
      const [counts] = await m
        .query<Counts[]>(
          `WITH place AS (
           INSERT INTO event_registrations (event_id, user_id, status, registered_at)
           VALUES ($1, $2, $3, clock_timestamp())
         )
         UPDATE events SET ${seat ? 'seats_taken = seats_taken + 1' : 'waitlist_length = waitlist_length + 1'}
          WHERE id = $1
         RETURNING capacity, seats_taken, waitlist_length`,
          [id, user.id, seat ? 'confirmed' : 'waitlisted'],
        )
        .then((r: unknown) => rowsOf<Counts>(r));
      await this.publishCounts(m, id, counts);
      return true;
    });
    const row = await this.repo.find(id, viewer);
    if (!row?.my_status) throw new DomainError('REGISTRATION_NOT_FOUND', 'The registration went');
    return {
      result: {
        status: row.my_status,
        position: row.my_position ?? null,
        event: toEvent(row, viewer),
      },
      created,
    };
  }

  /** Gives up my place; a freed seat goes to the first in the waitlist. */
  async unregister(user: AuthUser, id: string): Promise<void> {
    const viewer: Viewer = viewerWithRoles(user.id, user.roles);
    await this.dataSource.transaction(async (m) => {
      const row = await this.repo.find(id, viewer, m, true);
      if (!row) throw new DomainError('EVENT_NOT_FOUND', 'No such event');
      if (!row.my_status) {
        throw new DomainError('REGISTRATION_NOT_FOUND', 'You are not registered for this event');
      }
      if (row.ends_at <= new Date()) throw new DomainError('EVENT_OVER', 'The event is over');
      await m.query(`DELETE FROM event_registrations WHERE event_id = $1 AND user_id = $2`, [
        id,
        user.id,
      ]);
      await m.query(
        `UPDATE events SET ${row.my_status === 'confirmed' ? 'seats_taken = seats_taken - 1' : 'waitlist_length = waitlist_length - 1'}
          WHERE id = $1`,
        [id],
      );
      if (row.my_status === 'confirmed') await this.fillSeats(m, id);
      else await this.announceCounts(m, id);
    });
  }

  /**
   * Moves the first of the waitlist into free seats (after a cancellation or a bigger
   * capacity), telling each by email and live. The caller holds the event's row lock.
   */
  async fillSeats(m: EntityManager, id: string): Promise<void> {
    const promoted = rowsOf<{ user_id: string; email: string }>(
      await m.query(
        `WITH e AS (SELECT capacity, seats_taken, status FROM events WHERE id = $1),
            next AS (
              SELECT r.user_id FROM event_registrations r, e
               WHERE r.event_id = $1 AND r.status = 'waitlisted' AND e.status = 'scheduled'
               ORDER BY r.seq
               LIMIT (SELECT CASE WHEN capacity IS NULL THEN NULL
                                  ELSE greatest(capacity - seats_taken, 0) END FROM e)
            )
       UPDATE event_registrations r SET status = 'confirmed'
         FROM next, users u
        WHERE r.event_id = $1 AND r.user_id = next.user_id AND u.id = r.user_id
       RETURNING r.user_id, u.email`,
        [id],
      ),
    );
    if (promoted.length > 0) {
      await m.query(
        `UPDATE events SET seats_taken = seats_taken + $2, waitlist_length = waitlist_length - $2
          WHERE id = $1`,
        [id, promoted.length],
      );
      const [event] = await m.query<EventRow[]>(
        `SELECT id, title, timezone, starts_at, ends_at, venue, online_url FROM events WHERE id = $1`,
        [id],
      );
      for (const p of promoted) {
        await this.mail.enqueue(m, promotionMail(p.email, event, this.config.publicUrl));
        await this.notifications.publish(
          m,
          'event.registration.promoted',
          [rooms.user(p.user_id)],
          {
            id,
            title: event.title,
            startsAt: event.starts_at.toISOString(),
          },
        );
      }
    }
    await this.announceCounts(m, id);
  }

  /**
   * The confirmed attendees and the waitlist in order, for the event's organisers and admins.
   * Each address follows its member's email visibility exactly as the directory applies it:
   * one kept for admins shows to admins only, a hidden one to nobody but its owner.
   */
  async attendees(user: AuthUser, id: string): Promise<{ title: string; list: AttendeeList }> {
    const viewer = viewerWithRoles(user.id, user.roles);
    const event = await this.repo.find(id, viewer);
    if (!event) throw new DomainError('EVENT_NOT_FOUND', 'No such event');
    assertManages(event, viewer, 'see who is registered');
    const rows = await this.dataSource.query<AttendeeRow[]>(
      `SELECT r.user_id, u.name, u.email, u.visibility, u.organisation, r.status, r.registered_at,
              CASE WHEN r.status = 'waitlisted'
                   THEN row_number() OVER (PARTITION BY r.status ORDER BY r.seq)::int END AS position
         FROM event_registrations r JOIN users u ON u.id = r.user_id
        WHERE r.event_id = $1
        ORDER BY r.seq`,
      [id],
    );
    const looking = { id: viewer.id, isAdmin: viewer.isAdmin };
    const toAttendee = (r: AttendeeRow): Attendee => {
      const shown = maySee(r.visibility.email, r.user_id, looking);
      return {
        userId: r.user_id,
        name: r.name,
        email: shown ? r.email : null,
        emailWithheld: !shown,
        organisation: r.organisation,
        status: r.status,
        position: r.position,
        registeredAt: r.registered_at.toISOString(),
      };
    };
    return {
      title: event.title,
      list: {
        confirmed: rows.filter((r) => r.status === 'confirmed').map(toAttendee),
        waitlisted: rows.filter((r) => r.status === 'waitlisted').map(toAttendee),
      },
    };
  }

  /** The lists for a CSV download, recorded in the audit log before they leave. */
  async exportAttendees(
    actor: AuthUser,
    id: string,
  ): Promise<{ title: string; list: AttendeeList }> {
    const { list, title } = await this.attendees(actor, id);
    await this.audit.record(this.dataSource.manager, {
      actorId: actor.id,
      action: 'event.attendees_exported',
      targetType: 'event',
      targetId: id,
      detail: {
        title,
        format: 'csv',
        confirmed: list.confirmed.length,
        waitlisted: list.waitlisted.length,
      },
    });
    return { title, list };
  }

  /** The day-before job: once per start time, to everyone with a seat. */
  async remind(id: string, startsAt: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [event] = rowsOf<EventRow>(
        await m.query(
          `UPDATE events SET reminded_at = now()
          WHERE id = $1 AND starts_at = $2::timestamptz AND status = 'scheduled'
            AND reminded_at IS NULL AND starts_at > now()
        RETURNING id, title, timezone, starts_at, ends_at, venue, online_url`,
          [id, startsAt],
        ),
      );
      if (!event) return;
      const attendees = await m.query<{ email: string }[]>(
        `SELECT u.email FROM event_registrations r JOIN users u ON u.id = r.user_id
          WHERE r.event_id = $1 AND r.status = 'confirmed' AND u.status = 'approved'`,
        [id],
      );
      for (const { email } of attendees) {
        await this.mail.enqueue(m, reminderMail(email, event, this.config.publicUrl));
      }
      this.logger.log(`Reminders for ${event.title}: ${attendees.length}`);
    });
  }

  /** `event.registration.changed` with the counts as committed by this transaction. */
  private async announceCounts(m: EntityManager, id: string): Promise<void> {
    const [row] = await m.query<Counts[]>(
      `SELECT capacity, seats_taken, waitlist_length FROM events WHERE id = $1`,
      [id],
    );
    await this.publishCounts(m, id, row);
  }

  private async publishCounts(m: EntityManager, id: string, row: Counts): Promise<void> {
    await this.notifications.publish(m, 'event.registration.changed', [rooms.members], {
      id,
      capacity: row.capacity,
      seatsTaken: row.seats_taken,
      seatsLeft: row.capacity === null ? null : Math.max(0, row.capacity - row.seats_taken),
      waitlistLength: row.waitlist_length,
    });
  }
}
