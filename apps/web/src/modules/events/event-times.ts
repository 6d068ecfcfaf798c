/**
 * Times of events. The API answers instants (`startsAt`, UTC) and the same instants as wall-clock
 * times in the event's IANA time zone (`startsAtLocal`); the organiser enters wall-clock times
 * and a zone. Everything here uses `Intl` with an explicit `timeZone`, never the Date's own.
 */

/** The browser's time zone ("Europe/London"), or UTC if it will not say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Whether `zone` is a time zone this browser knows. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(zone: string, options: Intl.DateTimeFormatOptions, key: string) {
  const id = `${key}|${zone}`;
  let format = formats.get(id);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: zone });
    } catch {
      format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' });
    }
    formats.set(id, format);
  }
  return format;
}

const LONG_DATE: Intl.DateTimeFormatOptions = {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
};
const SHORT_DATE: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
};
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

function toDate(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "Monday 29 June 2026" (long) or "Mon 29 Jun 2026" (short), in `zone`. */
export function formatDayIn(iso: string, zone: string, style: 'long' | 'short' = 'long'): string {
  const date = toDate(iso);
  if (!date) return '';
  // From the parts, so that it reads "Monday 29 June 2026" whatever commas the locale data adds.
  const parts = formatIn(zone, style === 'long' ? LONG_DATE : SHORT_DATE, `date-${style}`)
    .formatToParts(date)
    .filter((part) => part.type !== 'literal');
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((part) => part.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('year')}`;
}

/** "14:05", in `zone`. */
export function formatTimeIn(iso: string, zone: string): string {
  const date = toDate(iso);
  return date ? formatIn(zone, TIME, 'time').format(date) : '';
}

/** "29 Mar 2026, 14:05" in `zone`. */
export function formatDateTimeIn(iso: string, zone: string): string {
  const day = formatDayIn(iso, zone, 'short');
  return day ? `${day.replace(/^\S+ /, '')}, ${formatTimeIn(iso, zone)}` : '';
}

/**
 * "Monday 29 June 2026, 10:00 to 12:00", or with both days when it ends on another day
 * ("Monday 29 June 2026, 22:00 to Tuesday 30 June 2026, 01:00"), in `zone`.
 */
export function formatRangeIn(
  startsAt: string,
  endsAt: string,
  zone: string,
  style: 'long' | 'short' = 'long',
): string {
  const startDay = formatDayIn(startsAt, zone, style);
  const endDay = formatDayIn(endsAt, zone, style);
  const start = `${startDay}, ${formatTimeIn(startsAt, zone)}`;
  return startDay === endDay
    ? `${start} to ${formatTimeIn(endsAt, zone)}`
    : `${start} to ${endDay}, ${formatTimeIn(endsAt, zone)}`;
}

/** "New York" for `America/New_York`; "UTC" for `UTC`. */
export function zoneCity(zone: string): string {
  const last = zone.split('/').at(-1) ?? zone;
  return last.replace(/_/g, ' ');
}

/** "GMT-04:00" at the given moment (the offset changes with summer time). */
export function zoneOffset(zone: string, at: Date = new Date()): string {
  try {
    const part = formatIn(zone, { timeZoneName: 'longOffset' }, 'offset')
      .formatToParts(at)
      .find((item) => item.type === 'timeZoneName');
    return part?.value ?? '';
  } catch {
    return '';
  }
}

/**
 * The same range as the viewer sees it and as the event's zone has it. `other` is null when
 * both read the same (the viewer is in the event's zone, or one with the same clock).
 */
export function rangesFor(
  startsAt: string,
  endsAt: string,
  eventZone: string,
  viewerZone: string,
  style: 'long' | 'short' = 'long',
): { viewer: string; event: string | null } {
  const viewer = formatRangeIn(startsAt, endsAt, viewerZone, style);
  const event = formatRangeIn(startsAt, endsAt, eventZone, style);
  return { viewer, event: event === viewer ? null : event };
}

/** Wall-clock date and time of an instant in `zone`: `{ date: "2026-03-29", time: "10:00" }`. */
export function wallClockIn(iso: string, zone: string): { date: string; time: string } {
  const date = toDate(iso);
  if (!date) return { date: '', time: '' };
  const parts = formatIn(
    zone,
    {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    },
    'parts',
  ).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((part) => part.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}`,
  };
}

/** `"2026-03-29T10:00:00"` → `{ date: "2026-03-29", time: "10:00" }`. */
export function splitLocal(local: string | null | undefined): { date: string; time: string } {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(local ?? '');
  return match ? { date: match[1], time: match[2] } : { date: '', time: '' };
}

/** Today as `YYYY-MM-DD` in `zone`. */
export function todayIn(zone: string, now: Date = new Date()): string {
  return wallClockIn(now.toISOString(), zone).date;
}

/** Time zones that members are most likely to hold events in (the browser's is added first). */
const COMMON_ZONES = [
  'Europe/London',
  'Europe/Dublin',
  'Europe/Lisbon',
  'Europe/Paris',
  'Europe/Brussels',
  'Europe/Amsterdam',
  'Europe/Berlin',
  'Europe/Rome',
  'Europe/Madrid',
  'Europe/Vienna',
  'Europe/Zurich',
  'Europe/Warsaw',
  'Europe/Athens',
  'Europe/Istanbul',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Toronto',
  'America/Mexico_City',
  'America/Bogota',
  'America/Sao_Paulo',
  'Africa/Lagos',
  'Africa/Nairobi',
  'Africa/Johannesburg',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Bangkok',
  'Asia/Singapore',
  'Asia/Hong_Kong',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'UTC',
];

export interface ZoneChoices {
  common: string[];
  others: string[];
}

/**
 * The choice of zones: the browser's, the current value and the common ones first, then every
 * other zone the browser knows (`Intl.supportedValuesOf`), each once.
 */
export function zoneChoices(current: string, preferred: string = browserTimeZone()): ZoneChoices {
  const common = [...new Set([preferred, current, ...COMMON_ZONES])].filter(
    (zone) => zone !== '' && isKnownTimeZone(zone),
  );
  let all: string[];
  try {
    all = Intl.supportedValuesOf('timeZone');
  } catch {
    all = [];
  }
  const taken = new Set(common);
  return { common, others: all.filter((zone) => !taken.has(zone)) };
}

/** "America/New York (GMT-04:00)": how a zone reads in the choice. */
export function zoneOptionLabel(zone: string, at: Date = new Date()): string {
  const offset = zoneOffset(zone, at);
  const name = zone.replace(/_/g, ' ');
  return offset ? `${name} (${offset})` : name;
}
