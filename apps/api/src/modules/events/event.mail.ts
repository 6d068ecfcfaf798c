import type { OutgoingMail } from '../mail/mail.service';
import { escapeHtml } from '../mail/escape-html';
import { readable } from './event-times';

export interface EventForMail {
  id: string;
  title: string;
  timezone: string;
  starts_at: Date;
  ends_at: Date;
  venue: string | null;
  online_url: string | null;
}

function when(e: EventForMail): string {
  return `${readable(e.starts_at, e.timezone)} to ${readable(e.ends_at, e.timezone)}`;
}

function where(e: EventForMail, withLink: boolean): string[] {
  const lines: string[] = [];
  if (e.venue) lines.push(`Venue: ${e.venue}`);
  if (e.online_url && withLink) lines.push(`Join online: ${e.online_url}`);
  return lines;
}

function mail(to: string, subject: string, lines: string[]): OutgoingMail {
  const text = `${lines.join('\n\n')}\n\n— OCVRN\n`;
  const html = `${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}\n<p>— OCVRN</p>\n`;
  return { to, subject, text, html };
}

export function cancellationMail(
  to: string,
  event: EventForMail,
  reason: string,
  publicUrl: string,
): OutgoingMail {
  return mail(to, `Cancelled: ${event.title}`, [
    `${event.title} (${when(event)}) has been cancelled.`,
    `Reason: ${reason}`,
    `Other events: ${publicUrl}/events`,
  ]);
}

/**
 * To everyone registered (seated or waiting) when an event's time or place changed: the new
 * time and place, what they were, and a link to the event.
 */
export function changeMail(
  to: string,
  before: EventForMail,
  after: EventForMail,
  publicUrl: string,
): OutgoingMail {
  const lines = [`${after.title} has changed.`];
  // The old time in the new zone, so the two read alike.
  const then = when({ ...before, timezone: after.timezone });
  lines.push(then === when(after) ? `When: ${when(after)}` : `When: ${when(after)} (was ${then})`);
  const was = where(before, true).join('; ');
  const now = where(after, true);
  lines.push(...now);
  if (was !== now.join('; ')) lines.push(`Previously: ${was || 'no venue or link given'}`);
  lines.push(`Details, or to give up your place: ${publicUrl}/events/${after.id}`);
  return mail(to, `Changed: ${after.title}`, lines);
}

export function promotionMail(to: string, event: EventForMail, publicUrl: string): OutgoingMail {
  return mail(to, `You have a place: ${event.title}`, [
    `A place came free and it is yours: you are now registered for ${event.title}.`,
    `When: ${when(event)}`,
    ...where(event, true),
    `Details, or to give up your place: ${publicUrl}/events/${event.id}`,
  ]);
}

export function reminderMail(to: string, event: EventForMail, publicUrl: string): OutgoingMail {
  return mail(to, `Tomorrow: ${event.title}`, [
    `A reminder that ${event.title} starts tomorrow.`,
    `When: ${when(event)}`,
    ...where(event, true),
    `Details, or to give up your place: ${publicUrl}/events/${event.id}`,
  ]);
}
