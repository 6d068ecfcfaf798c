import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Crockford base32 of the bytes' leading bits, `length` characters. */
export function crockford(bytes: Buffer, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    const bit = i * 5;
    const pair = (bytes[bit >> 3] << 8) | (bytes[(bit >> 3) + 1] ?? 0);
    out += CROCKFORD[(pair >> (11 - (bit & 7))) & 31];
  }
  return out;
}

/**
 * A conversation's reference: `OCR-2026-7KQ4M9XD`, the year and 40 random bits in Crockford
 * base32 (no I, L, O or U), so it reads out clearly but cannot be found by counting.
 * References handed out before (`OCR-2026-000123`) stay valid.
 */
export function newReference(now = new Date()): string {
  return `OCR-${now.getUTCFullYear()}-${crockford(randomBytes(5), 8)}`;
}

const REFERENCE_BODY = String.raw`OCR-\d{4}-(?:\d{6,}|[0-9A-HJKMNP-TV-Z]{8})`;

/** A whole reference, as routes take it. */
export const REFERENCE = new RegExp(`^${REFERENCE_BODY}$`);

/** A reference inside a subject line, with the brackets our subjects put around it. */
export const REFERENCE_IN_TEXT = new RegExp(String.raw`\[?\b${REFERENCE_BODY}\b\]?`, 'g');
