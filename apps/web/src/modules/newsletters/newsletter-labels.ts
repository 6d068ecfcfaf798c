import type { NewsletterHistoryEntry, NewsletterStatus } from '@contracts';
import type { TagColour } from '@web/ui/Tag';

export const STATUS_TAG: Record<NewsletterStatus, { label: string; colour: TagColour }> = {
  draft: { label: 'Draft', colour: 'grey' },
  submitted: { label: 'Submitted for clearance', colour: 'blue' },
  cleared: { label: 'Cleared', colour: 'teal' },
  scheduled: { label: 'Scheduled', colour: 'purple' },
  published: { label: 'Published', colour: 'green' },
};

export const HISTORY_LABELS: Record<NewsletterHistoryEntry['action'], string> = {
  created: 'Created',
  submitted: 'Submitted for clearance',
  returned: 'Returned for changes',
  cleared: 'Cleared for publication',
  scheduled: 'Scheduled',
  unscheduled: 'Unscheduled',
  published: 'Published',
};

/** The path of an issue's editor (which, once out of draft, shows its clearance workflow). */
export function editPath(id: string): string {
  return `/newsletters/${encodeURIComponent(id)}/edit`;
}

export function issuePath(id: string): string {
  return `/newsletters/${encodeURIComponent(id)}`;
}

const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** "14:05". */
export function formatTime(date: Date): string {
  return timeFormat.format(date);
}

/** The browser's time zone ("Europe/London"), or null if it will not say. */
export function localTimeZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

/** "UTC+01:00" for a moment in the browser's time zone. */
export function utcOffset(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hours = String(Math.floor(abs / 60)).padStart(2, '0');
  return `UTC${sign}${hours}:${String(abs % 60).padStart(2, '0')}`;
}

/** A `datetime-local` value ("2026-03-05T14:30") for a moment, in the browser's time zone. */
export function toLocalInputValue(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/**
 * A `datetime-local` value read as the browser's local time (what the person typed), or null
 * when it is not a complete date and time.
 */
export function fromLocalInputValue(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  const date = new Date(year, month - 1, day, hour, minute, second || 0);
  // new Date() rolls 31 February over to March: refuse what the calendar does not have.
  if (date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return Number.isNaN(date.getTime()) ? null : date;
}
