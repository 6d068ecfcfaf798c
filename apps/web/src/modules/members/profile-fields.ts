import type { Visibility } from '@contracts';

export const VISIBILITY_LABELS: Record<Visibility, string> = {
  members: 'Members',
  admins: 'Admins only',
  hidden: 'Hidden',
};

/** What the owner reads beside a contact field on their own profile. */
export const VISIBILITY_NOTES: Record<Visibility, string> = {
  members: 'Visible to all members',
  admins: 'Visible to network administrators only',
  hidden: 'Hidden: only you can see this',
};

export const BIO_MAX = 2000;

/** The URL when it is a well-formed http(s) address, else null (never a javascript: link). */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

const ORCID_PATTERN = /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/;

/** Accepts "https://orcid.org/0000-…" and a lower-case x; gives the bare iD. */
export function normaliseOrcid(value: string): string {
  return value
    .trim()
    .replace(/^https?:\/\/(www\.)?orcid\.org\//i, '')
    .toUpperCase();
}

export function isOrcidFormat(value: string): boolean {
  return ORCID_PATTERN.test(value);
}

/** ISO 7064 MOD 11-2, the check character of an ORCID iD. */
export function hasOrcidChecksum(value: string): boolean {
  if (!isOrcidFormat(value)) return false;
  const digits = value.replace(/-/g, '');
  let total = 0;
  for (const digit of digits.slice(0, -1)) total = (total + Number(digit)) * 2;
  const result = (12 - (total % 11)) % 11;
  const check = result === 10 ? 'X' : String(result);
  return digits.at(-1) === check;
}

/** The ORCID record's address, or null when the value is not an ORCID iD. */
export function orcidUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  const id = normaliseOrcid(value);
  return isOrcidFormat(id) ? `https://orcid.org/${id}` : null;
}

/** A `tel:` link for a phone number as people write it ("+44 (0)20 7946 0000"). */
export function telHref(phone: string): string | null {
  const compact = phone.replace(/\(0\)/g, '').replace(/[^\d+]/g, '');
  return /^\+?\d{3,}$/.test(compact) ? `tel:${compact}` : null;
}
