import { Injectable } from '@nestjs/common';
import type {
  EventKind,
  EventOrganiser,
  MyRegistration,
  NetworkEvent,
  RegistrationStatus,
} from '@contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '@api/common/domain-error';
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
  /** The creator first, then the co-organisers in the order they were added. */
  organisers: EventOrganiser[];
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
  (SELECT coalesce(json_agg(json_build_object('id', ou.id, 'name', ou.name)
                            ORDER BY eo.user_id <> e.organiser_id, eo.added_at, ou.name, ou.id),
                   '[]'::json)
     FROM event_organisers eo JOIN users ou ON ou.id = eo.user_id
    WHERE eo.event_id = e.id) AS organisers,
  e.created_at, e.updated_at`;

/** The caller's registration and waitlist position, for `$n` = their user id. */
export const MY_REGISTRATION = `
  r.status AS my_status, r.registered_at AS my_registered_at,
  CASE WHEN r.status = 'waitlisted' THEN (
    SELECT count(*)::int FROM event_registrations w
     WHERE w.event_id = e.id AND w.status = 'waitlisted' AND w.seq <= r.seq) END AS my_position`;

export const MY_REGISTRATION_JOIN = (userParam: string) =>
  `LEFT JOIN event_registrations r ON r.event_id = e.id AND r.user_id = ${userParam}`;

/** Who is asking (null: anonymous): an approved member, and whether an editor or an admin. */
export interface Viewer {
  id: string;
  isEditor: boolean;
  isAdmin: boolean;
}

export function viewerWithRoles(id: string, roles: readonly string[]): Viewer {
  return { id, isEditor: roles.includes('editor'), isAdmin: roles.includes('admin') };
}

/**
 * Whether `viewer` may edit, cancel and manage the event and read its attendees: an admin, or
 * one of its organisers who (still) holds the editor role.
 */
export function mayManage(row: Pick<EventRow, 'organisers'>, viewer: Viewer | null): boolean {
  if (!viewer) return false;
  if (viewer.isAdmin) return true;
  return viewer.isEditor && row.organisers.some((o) => o.id === viewer.id);
}

/** Refuses (403) a caller who may not manage the event; `what` ends "Only … may <what>". */
export function assertManages(
  row: Pick<EventRow, 'organisers'>,
  viewer: Viewer | null,
  what: string,
): void {
  if (!mayManage(row, viewer)) {
    throw new DomainError('FORBIDDEN', `Only the event's organisers and admins may ${what}`);
  }
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
  const canManage = mayManage(row, viewer);
  const mayJoin = canManage || mine?.status === 'confirmed';
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
    organisers: row.organisers.map((o) => ({ id: o.id, name: o.name })),
    canManage,
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

  /**
   * The event locked for a change by its organisers: the lock first, then the read, so the
   * organisers (another table) are read as committed after the lock was granted, never as
   * they were before a change that held it.
   */
  async findForChange(
    id: string,
    viewer: Viewer,
    manager: EntityManager,
  ): Promise<EventRow | null> {
    const locked = await manager.query<unknown[]>(`SELECT 1 FROM events WHERE id = $1 FOR UPDATE`, [
      id,
    ]);
    return locked.length === 0 ? null : this.find(id, viewer, manager);
  }
}
