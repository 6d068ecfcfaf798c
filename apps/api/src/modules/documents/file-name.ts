/** Characters that never belong in a file name we keep: controls, bidi overrides, separators. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const SEPARATOR = /[/\\]/;

/**
 * Why a client's file name is refused, or null when it is fine. A name is only a label (the
 * file is stored under its hash), but one carrying a path, control or direction characters
 * is an attack or a broken client either way, and is refused rather than guessed at.
 */
export function fileNameProblem(name: string): string | null {
  if (name.trim() === '') return 'The file has no name';
  if (SEPARATOR.test(name) || name === '.' || name === '..') {
    return 'The file name must not contain a path';
  }
  if (CONTROL.test(name)) return 'The file name contains control characters';
  if (BIDI.test(name)) return 'The file name contains text-direction characters';
  if (Buffer.byteLength(name, 'utf8') > 255) return 'The file name is longer than 255 bytes';
  return null;
}

/** The name as stored and served: NFC, trimmed of spaces and leading dots. */
export function cleanFileName(name: string): string {
  const cleaned = name.normalize('NFC').trim().replace(/^\.+/, '').replace(/\s+/g, ' ');
  return cleaned === '' ? 'document' : cleaned;
}

/** The extension of a name, lower case, without the dot ('' when it has none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * `Content-Disposition: attachment` with the name twice (RFC 6266): an ASCII fallback in
 * `filename` for old clients and the exact UTF-8 name in `filename*`.
 */
export function contentDisposition(name: string): string {
  const fallback =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\]/g, '_')
      .replace(/[;%]/g, '_') || 'document';
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
