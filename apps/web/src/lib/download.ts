/** Hands a blob to the browser as a download: an object URL and a temporary `<a download>`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the URL after click() returns: give them a moment before revoking it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "Dr Jane O'Neil" → "dr-jane-o-neil", for file names. */
export function slugify(text: string, fallback = 'download'): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || fallback;
}
