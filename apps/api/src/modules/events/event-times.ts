import { DateTime, IANAZone } from 'luxon';

/** Whether `zone` is an IANA time zone this runtime knows (`Europe/London`, not `BST`). */
export function isTimeZone(zone: string): boolean {
  // Region/City names (and UTC): abbreviations such as BST are ambiguous and not IANA zones.
  return /^(UTC|[A-Za-z_]+(\/[A-Za-z0-9_+-]+){1,2})$/.test(zone) && IANAZone.isValidZone(zone);
}

const WITH_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;
const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;

/**
 * An instant from ISO 8601: with an offset it is that instant; without one it is a
 * wall-clock time in `zone` (a time that a daylight-saving change skips moves forward by
 * the gap, as calendar apps do). Null when it is not a date-time.
 */
export function toInstant(value: string, zone: string): Date | null {
  if (!ISO_SHAPE.test(value)) return null;
  const parsed = WITH_OFFSET.test(value)
    ? DateTime.fromISO(value, { setZone: true })
    : DateTime.fromISO(value, { zone });
  return parsed.isValid ? parsed.toJSDate() : null;
}

/** The instant as a wall-clock time in `zone`, without offset: `2026-03-29T10:00:00`. */
export function wallClock(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-LL-dd'T'HH:mm:ss");
}

/** A readable date and time in `zone` for mail: `Sunday 29 March 2026, 10:00 BST`. */
export function readable(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone })
    .setLocale('en-GB')
    .toFormat('cccc d LLLL yyyy, HH:mm ZZZZ');
}
