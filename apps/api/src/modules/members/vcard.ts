import type { MemberProfile } from '@contracts';

/**
 * RFC 6350 §3.4 text escaping: backslash, comma and newlines always; semicolons only inside a
 * component of a compound value (N, ORG, ADR), where they separate components.
 */
export function escapeText(value: string, compound = false): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
  return compound ? escaped.replace(/;/g, '\\;') : escaped;
}

/** RFC 6350 §3.2: lines folded at 75 octets, without splitting a UTF-8 character. */
export function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const bytes = Buffer.byteLength(ch);
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (size + bytes > limit) {
      out.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += bytes;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** A vCard 4.0 of the profile as given: it holds only the fields the caller may see. */
export function toVCard(p: MemberProfile, topicLabel: (id: string) => string): string {
  const parts = p.name.trim().split(/\s+/);
  const family = parts.length > 1 ? parts[parts.length - 1] : p.name;
  const given = parts.length > 1 ? parts.slice(0, -1).join(' ') : '';
  const lines = [
    'BEGIN:VCARD',
    'VERSION:4.0',
    `UID:urn:uuid:${p.id}`,
    `FN:${escapeText(p.name)}`,
    `N:${escapeText(family, true)};${escapeText(given, true)};;;`,
    `ORG:${escapeText(p.organisation, true)}`,
  ];
  if (p.title) lines.push(`TITLE:${escapeText(p.title)}`);
  if (p.email) lines.push(`EMAIL;TYPE=work:${escapeText(p.email)}`);
  if (p.phone) lines.push(`TEL;VALUE=uri;TYPE=work:tel:${p.phone.replace(/[^+\d]/g, '')}`);
  if (p.website) lines.push(`URL:${p.website}`);
  lines.push(`ADR;TYPE=work:;;;;;;${p.country}`);
  if (p.expertise.length > 0) {
    lines.push(`CATEGORIES:${p.expertise.map((t) => escapeText(topicLabel(t))).join(',')}`);
  }
  if (p.orcid) lines.push(`X-ORCID:${p.orcid}`);
  if (p.bio) lines.push(`NOTE:${escapeText(p.bio)}`);
  lines.push(`REV:${p.updatedAt.replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '')}`);
  lines.push('END:VCARD');
  return lines.map(fold).join('\r\n') + '\r\n';
}
