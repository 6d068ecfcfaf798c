import type { Page } from './pagination';

export const EVENT_KINDS = ['workshop', 'seminar', 'conference', 'webinar'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_LIMITS = {
  title: 200,
  /** Characters of Markdown. */
  description: 20_000,
  venue: 500,
  onlineUrl: 2000,
  topics: 20,
  capacity: 100_000,
  reason: 2000,
  /** Co-organisers beside the event's creator. */
  coOrganisers: 10,
} as const;

export type RegistrationStatus = 'confirmed' | 'waitlisted';

/** The caller's own place at an event. `position` is 1-based in the waitlist, null when confirmed. */
export interface MyRegistration {
  status: RegistrationStatus;
  position: number | null;
  registeredAt: string;
}

/**
 * A workshop, seminar, conference or webinar. `startsAt`/`endsAt` are UTC instants (ISO 8601
 * with `Z`); `startsAtLocal`/`endsAtLocal` are the same instants as wall-clock times in
 * `timezone` (no offset), as the organiser entered them.
 */
export interface NetworkEvent {
  id: string;
  title: string;
  /** Markdown as written. */
  description: string;
  /** The sanitised rendering of `description`. */
  descriptionHtml: string;
  kind: EventKind;
  topics: string[];
  /** IANA time zone, e.g. `Europe/London`. */
  timezone: string;
  startsAt: string;
  endsAt: string;
  startsAtLocal: string;
  endsAtLocal: string;
  venue: string | null;
  /** Only for confirmed attendees and organisers (editors); absent otherwise. */
  onlineUrl?: string | null;
  /** Whether there is an online link (so others know one will come with a place). */
  online: boolean;
  /** Null: no limit. */
  capacity: number | null;
  seatsTaken: number;
  /** Null when there is no limit. */
  seatsLeft: number | null;
  waitlistLength: number;
  registrationOpensAt: string | null;
  registrationClosesAt: string | null;
  /** Whether registration is open right now. */
  registrationOpen: boolean;
  /** Listed to anyone (signed in or not); otherwise to members only. */
  public: boolean;
  status: 'scheduled' | 'cancelled';
  cancelledAt: string | null;
  cancelReason: string | null;
  /** The creator (also first in `organisers`). */
  organiserId: string;
  organiserName: string;
  /** Everyone who runs the event: the creator first, then the co-organisers as added. */
  organisers: EventOrganiser[];
  /** Whether the caller may edit, cancel and manage the event (an organiser or an admin). */
  canManage: boolean;
  createdAt: string;
  updatedAt: string;
  /** The caller's registration, for signed-in members (null when none). */
  myRegistration?: MyRegistration | null;
}

export type EventsPage = Page<NetworkEvent> & { total: number };

/** One of the people who run an event. */
export interface EventOrganiser {
  id: string;
  name: string;
}

/** `GET /api/events/:id/organisers`: the creator first, then the co-organisers as added. */
export interface EventOrganisersList {
  items: Array<
    EventOrganiser & {
      organisation: string;
      /** The event's creator: always an organiser, not removable. */
      creator: boolean;
      addedAt: string;
    }
  >;
}

/**
 * `PUT /api/events/:id/organisers`: the co-organisers, replacing the current ones. Each must be
 * an approved member holding the editor role (one already listed may stay without it); the
 * creator is not listed here.
 */
export interface SetEventOrganisersRequest {
  memberIds: string[];
}

/**
 * `GET /api/events`: by default upcoming events (ending after now), soonest first; `when=past`
 * lists past ones, latest first; `from`/`to` (ISO 8601) select events overlapping that range
 * (a month view), soonest first.
 */
export interface EventsQuery {
  from?: string;
  to?: string;
  when?: 'upcoming' | 'past';
  topic?: string[];
  kind?: EventKind[];
  /** Only events I registered for. */
  mine?: boolean;
  limit?: number;
  cursor?: string;
}

/**
 * `POST /api/events`. `startsAt`, `endsAt`, `registrationOpensAt` and `registrationClosesAt`
 * take ISO 8601; without an offset they are wall-clock times in `timezone`.
 */
export interface CreateEventRequest {
  title: string;
  description?: string;
  kind: EventKind;
  topics?: string[];
  timezone: string;
  startsAt: string;
  endsAt: string;
  venue?: string | null;
  onlineUrl?: string | null;
  capacity?: number | null;
  registrationOpensAt?: string | null;
  registrationClosesAt?: string | null;
  public?: boolean;
}
export type UpdateEventRequest = Partial<CreateEventRequest>;

export interface CancelEventRequest {
  reason: string;
}

/** `POST /api/events/:id/registrations`: my place (the same answer when asked twice). */
export interface RegistrationResult {
  status: RegistrationStatus;
  position: number | null;
  event: NetworkEvent;
}

export interface Attendee {
  userId: string;
  name: string;
  /**
   * Null when the member keeps their address from the caller (hidden, or shown to admins only
   * and the caller is not one); `emailWithheld` then says so.
   */
  email: string | null;
  emailWithheld: boolean;
  organisation: string;
  status: RegistrationStatus;
  position: number | null;
  registeredAt: string;
}

/**
 * `GET /api/events/:id/attendees` (the event's organisers and admins); `…/attendees.csv` is the
 * same as CSV. Addresses follow each member's email visibility, as in the directory.
 */
export interface AttendeeList {
  confirmed: Attendee[];
  waitlisted: Attendee[];
}

/** `GET|POST|DELETE /api/events/feed-token`: my personal calendar feed. */
export interface CalendarFeed {
  active: boolean;
  /** Only when just created: the subscribable URL carrying the secret token. */
  url?: string;
  createdAt: string | null;
}

/** `event.created`, to members (and its summary for lists). */
export interface EventCreatedPayload {
  id: string;
  title: string;
  kind: EventKind;
  startsAt: string;
  endsAt: string;
  timezone: string;
  public: boolean;
}

/** `event.updated`, to members: details changed, or the event was cancelled. */
export interface EventUpdatedPayload {
  id: string;
  title: string;
  status: 'scheduled' | 'cancelled';
  startsAt: string;
  endsAt: string;
}

/** `event.registration.changed`, to members: seats and waitlist after any change. */
export interface EventRegistrationChangedPayload {
  id: string;
  capacity: number | null;
  seatsTaken: number;
  seatsLeft: number | null;
  waitlistLength: number;
}

/** `event.registration.promoted`, to the member who moved from the waitlist to a seat. */
export interface EventRegistrationPromotedPayload {
  id: string;
  title: string;
  startsAt: string;
}
