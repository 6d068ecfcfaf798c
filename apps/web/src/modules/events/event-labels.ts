import type { EventKind, MyRegistration, NetworkEvent } from '@contracts';
import { slugify } from '@web/lib/download';
import type { TagColour } from '@web/ui/Tag';

export const KIND_LABELS: Record<EventKind, string> = {
  workshop: 'Workshop',
  seminar: 'Seminar',
  conference: 'Conference',
  webinar: 'Webinar',
};

export const KIND_COLOURS: Record<EventKind, TagColour> = {
  workshop: 'purple',
  seminar: 'blue',
  conference: 'teal',
  webinar: 'light-blue',
};

export function eventPath(id: string): string {
  return `/events/${encodeURIComponent(id)}`;
}

export function eventEditPath(id: string): string {
  return `/events/${encodeURIComponent(id)}/edit`;
}

/** The id of an event's link in a list (so "More events" can move the focus on to it). */
export function eventLinkId(id: string): string {
  return `event-link-${id}`;
}

const count = (value: number) => value.toLocaleString('en-GB');

/** "3 seats left", "1 seat left", "0 seats left". */
export function seatsLeftText(seatsLeft: number): string {
  return `${count(seatsLeft)} ${seatsLeft === 1 ? 'seat' : 'seats'} left`;
}

/** "2 on the waitlist". */
export function waitlistText(length: number): string {
  return `${count(length)} on the waitlist`;
}

export type EventCounts = Pick<
  NetworkEvent,
  'capacity' | 'seatsTaken' | 'seatsLeft' | 'waitlistLength'
>;

/** Whether every seat is taken (never for an event without a limit). */
export function isFull(event: EventCounts): boolean {
  return event.capacity !== null && (event.seatsLeft ?? 0) <= 0;
}

/** One sentence about the seats, as said to screen reader users when it changes live. */
export function seatsSentence(event: EventCounts): string {
  if (event.capacity === null) {
    return `No limit on places. ${count(event.seatsTaken)} registered.`;
  }
  if (isFull(event)) {
    return event.waitlistLength > 0
      ? `Full: 0 seats left, ${waitlistText(event.waitlistLength)}.`
      : 'Full: 0 seats left.';
  }
  return `${seatsLeftText(event.seatsLeft ?? 0)} of ${count(event.capacity)}.`;
}

/** "Registered" or "On the waitlist (position 2)". */
export function registrationText(registration: MyRegistration): string {
  return registration.status === 'confirmed'
    ? 'Registered'
    : registration.position !== null
      ? `On the waitlist (position ${count(registration.position)})`
      : 'On the waitlist';
}

/** Whether the event has ended (by the clock of this browser). */
export function isOver(event: Pick<NetworkEvent, 'endsAt'>, now: Date = new Date()): boolean {
  return new Date(event.endsAt).getTime() <= now.getTime();
}

/** A file name for the event's downloads: "county-lines-workshop.ics". */
export function fileNameFor(title: string, extension: string, suffix = ''): string {
  return `${slugify(title, 'event')}${suffix}.${extension}`;
}
