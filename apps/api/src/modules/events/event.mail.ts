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
