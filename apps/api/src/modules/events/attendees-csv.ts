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

export function attendeesCsv(list: AttendeeList): string {
  const header = ['status', 'position', 'name', 'organisation', 'email', 'registered_at'];
  const rows = [...list.confirmed, ...list.waitlisted].map((a) =>
    [a.status, a.position, a.name, a.organisation, a.email, a.registeredAt].map(csvField).join(','),
  );
  // A BOM so spreadsheet programs read the UTF-8 names correctly.
  return `\uFEFF${[header.join(','), ...rows].join('\r\n')}\r\n`;
}
