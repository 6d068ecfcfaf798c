import type { AttendeeList } from '@contracts';

/**
 * One CSV field (RFC 4180): quoted when needed, and a leading = + - @ (or tab/CR) defused
 * with an apostrophe, so a spreadsheet never runs a name as a formula.
 */
export function csvField(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** What the note column says where a member keeps their address from the reader. */
export const WITHHELD_NOTE = 'Address withheld at the member’s choice';

/**
 * Seats then the waitlist. An address the reader may not see leaves `email` empty, and
 * `email_note` says why, so an empty cell is never taken for a missing address.
 */
export function attendeesCsv(list: AttendeeList): string {
  const header = [
    'status',
    'position',
    'name',
    'organisation',
    'email',
    'email_note',
    'registered_at',
  ];
  const rows = [...list.confirmed, ...list.waitlisted].map((a) =>
    [
      a.status,
      a.position,
      a.name,
      a.organisation,
      a.email,
      a.emailWithheld ? WITHHELD_NOTE : null,
      a.registeredAt,
    ]
      .map(csvField)
      .join(','),
  );
  // A BOM so spreadsheet programs read the UTF-8 names correctly.
  return `\uFEFF${[header.join(','), ...rows].join('\r\n')}\r\n`;
}
