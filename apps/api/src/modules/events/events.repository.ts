import { Injectable } from '@nestjs/common';
import type { EventKind, MyRegistration, NetworkEvent, RegistrationStatus } from '@contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { wallClock } from './event-times';

export interface EventRow {
  id: string;
  title: string;
  description: string;
  description_html: string;
  kind: EventKind;
  topics: string[];
  timezone: string;
  starts_at: Date;
  ends_at: Date;
  venue: string | null;
  online_url: string | null;
  capacity: number | null;
  seats_taken: number;
  waitlist_length: number;
  registration_opens_at: Date | null;
  registration_closes_at: Date | null;
  public: boolean;
  status: 'scheduled' | 'cancelled';
  cancelled_at: Date | null;
  cancel_reason: string | null;
  sequence: number;
  organiser_id: string;
  organiser_name: string;
  created_at: Date;
  updated_at: Date;
  sort_key?: string;
  my_status?: RegistrationStatus | null;
  my_position?: number | null;
  my_registered_at?: Date | null;
}

export const EVENT_COLUMNS = `e.id, e.title, e.description, e.description_html, e.kind, e.topics,
  e.timezone, e.starts_at, e.ends_at, e.venue, e.online_url, e.capacity, e.seats_taken,
  e.waitlist_length, e.registration_opens_at, e.registration_closes_at, e.public, e.status,
  e.cancelled_at, e.cancel_reason, e.sequence, e.organiser_id, o.name AS organiser_name,
  e.created_at, e.updated_at`;

/** The caller's registration and waitlist position, for `$n` = their user id. */
export const MY_REGISTRATION = `
  r.status AS my_status, r.registered_at AS my_registered_at,
  CASE WHEN r.status = 'waitlisted' THEN (
    SELECT count(*)::int FROM event_registrations w
     WHERE w.event_id = e.id AND w.status = 'waitlisted' AND w.seq <= r.seq) END AS my_position`;

export const MY_REGISTRATION_JOIN = (userParam: string) =>
  `LEFT JOIN event_registrations r ON r.event_id = e.id AND r.user_id = ${userParam}`;

/** Who is asking: anonymous (null), a member, or an organiser (editor). */
export interface Viewer {
  id: string;
  isOrganiser: boolean;
}

export function registrationOpen(row: EventRow, now = new Date()): boolean {
  return (
    row.status === 'scheduled' &&
    row.ends_at > now &&
    (row.registration_opens_at === null || row.registration_opens_at <= now) &&
    (row.registration_closes_at === null || row.registration_closes_at > now)
  );
}

export function toEvent(row: EventRow, viewer: Viewer | null): NetworkEvent {
  const mine: MyRegistration | null =
    row.my_status && row.my_registered_at
      ? {
          status: row.my_status,
          position: row.my_position ?? null,
          registeredAt: row.my_registered_at.toISOString(),
        }
      : null;
  const mayJoin = viewer?.isOrganiser === true || mine?.status === 'confirmed';
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    descriptionHtml: row.description_html,
    kind: row.kind,
    topics: row.topics,
    timezone: row.timezone,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    startsAtLocal: wallClock(row.starts_at, row.timezone),
    endsAtLocal: wallClock(row.ends_at, row.timezone),
    venue: row.venue,
    ...(mayJoin ? { onlineUrl: row.online_url } : {}),
    online: row.online_url !== null,
    capacity: row.capacity,
    seatsTaken: row.seats_taken,
    seatsLeft: row.capacity === null ? null : Math.max(0, row.capacity - row.seats_taken),
    waitlistLength: row.waitlist_length,
    registrationOpensAt: row.registration_opens_at?.toISOString() ?? null,
    registrationClosesAt: row.registration_closes_at?.toISOString() ?? null,
    registrationOpen: registrationOpen(row),
    public: row.public,
    status: row.status,
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
    cancelReason: row.cancel_reason,
    organiserId: row.organiser_id,
    organiserName: row.organiser_name,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    ...(viewer ? { myRegistration: mine } : {}),
  };
}

@Injectable()
export class EventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One event row as `viewer` may see it, or null (members-only events are hidden from others). */
  async find(
    id: string,
    viewer: Viewer | null,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<EventRow | null> {
    const [row] = await manager.query<EventRow[]>(
      `SELECT ${EVENT_COLUMNS}, ${MY_REGISTRATION}
         FROM events e JOIN users o ON o.id = e.organiser_id ${MY_REGISTRATION_JOIN('$2')}
        WHERE e.id = $1 ${lock ? 'FOR UPDATE OF e' : ''}`,
      [id, viewer?.id ?? null],
    );
    if (!row || (!row.public && !viewer)) return null;
    return row;
  }
}
