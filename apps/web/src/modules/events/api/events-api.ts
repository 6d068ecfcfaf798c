import type {
  AttendeeList,
  CalendarFeed,
  CancelEventRequest,
  CreateEventRequest,
  EventsPage,
  NetworkEvent,
  RegistrationResult,
  SetEventOrganisersRequest,
  UpdateEventRequest,
} from '@contracts';
import { api, apiDownload, type DownloadedFile } from '@web/lib/api';
import type { EventListKey } from '@web/lib/query-keys';

export const EVENTS_PAGE_SIZE = 20;
/** The most the API gives in one page: a month view asks for this many at a time. */
export const EVENTS_MONTH_PAGE_SIZE = 100;
/** A month with more pages than this is cut short (ten thousand events: not a real month). */
const MAX_MONTH_PAGES = 100;

/**
 * `GET /api/events`: upcoming events soonest first, or past ones latest first; anonymous
 * callers get the public ones only.
 */
export function listEvents(
  list: EventListKey,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<EventsPage> {
  return api.get<EventsPage>(
    '/events',
    {
      // Upcoming is the default.
      when: list.when === 'past' ? 'past' : undefined,
      topic: list.topic,
      kind: list.kind,
      mine: list.mine ? true : undefined,
      limit: EVENTS_PAGE_SIZE,
      cursor,
    },
    signal,
  );
}

/** Every event overlapping `[from, to)` (ISO instants), soonest first, following the cursors. */
export async function listEventsBetween(
  from: string,
  to: string,
  signal?: AbortSignal,
): Promise<NetworkEvent[]> {
  const events: NetworkEvent[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_MONTH_PAGES; page += 1) {
    const result: EventsPage = await api.get<EventsPage>(
      '/events',
      { from, to, limit: EVENTS_MONTH_PAGE_SIZE, cursor },
      signal,
    );
    events.push(...result.items);
    if (!result.nextCursor || result.items.length === 0) break;
    cursor = result.nextCursor;
  }
  return events;
}

export function eventApiPath(id: string, action?: string): string {
  const path = `/events/${encodeURIComponent(id)}`;
  return action ? `${path}/${action}` : path;
}

/** `GET /api/events/:id` (with my registration when signed in, the online link for attendees). */
export function getEvent(id: string, signal?: AbortSignal): Promise<NetworkEvent> {
  return api.get<NetworkEvent>(eventApiPath(id), undefined, signal);
}

export function createEvent(request: CreateEventRequest): Promise<NetworkEvent> {
  return api.post<NetworkEvent>('/events', request);
}

export function updateEvent(id: string, request: UpdateEventRequest): Promise<NetworkEvent> {
  return api.patch<NetworkEvent>(eventApiPath(id), request);
}

/** Cancels the event for everyone; everyone registered is emailed. */
export function cancelEvent(id: string, request: CancelEventRequest): Promise<NetworkEvent> {
  return api.post<NetworkEvent>(eventApiPath(id, 'cancel'), request);
}

/** A seat, or a place on the waitlist when the event is full (the same answer when asked twice). */
export function register(id: string): Promise<RegistrationResult> {
  return api.post<RegistrationResult>(eventApiPath(id, 'registrations'));
}

/** Gives up my seat (the first on the waitlist gets it) or my place on the waitlist. */
export function unregister(id: string): Promise<void> {
  return api.delete<void>(eventApiPath(id, 'registrations/me'));
}

/** `GET /api/events/:id/ics`: the event for a calendar app. */
export function downloadEventIcs(id: string): Promise<DownloadedFile> {
  return apiDownload(eventApiPath(id, 'ics'), 'text/calendar, */*');
}

/** `GET /api/events/:id/attendees` (organisers). */
export function getAttendees(id: string, signal?: AbortSignal): Promise<AttendeeList> {
  return api.get<AttendeeList>(eventApiPath(id, 'attendees'), undefined, signal);
}

/** `GET /api/events/:id/attendees.csv` (organisers). */
export function downloadAttendeesCsv(id: string): Promise<DownloadedFile> {
  return apiDownload(eventApiPath(id, 'attendees.csv'), 'text/csv, */*');
}

/**
 * `PUT /api/events/:id/organisers`: the co-organisers (not the creator), replacing the current
 * ones; the answer is the event with its new organisers.
 */
export function setEventOrganisers(
  id: string,
  request: SetEventOrganisersRequest,
): Promise<NetworkEvent> {
  return api.put<NetworkEvent>(eventApiPath(id, 'organisers'), request);
}

/** My personal calendar feed: whether there is one (never its secret address). */
export function getCalendarFeed(signal?: AbortSignal): Promise<CalendarFeed> {
  return api.get<CalendarFeed>('/events/feed-token', undefined, signal);
}

/** A new secret feed address (any old one stops working); the answer is the only time it shows. */
export function createCalendarFeed(): Promise<CalendarFeed> {
  return api.post<CalendarFeed>('/events/feed-token');
}

export function revokeCalendarFeed(): Promise<void> {
  return api.delete<void>('/events/feed-token');
}
