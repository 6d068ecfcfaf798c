import type { DocumentStatus, DocumentType, LibraryDocument } from '@contracts';
import type { TagColour } from '@web/ui/Tag';

/** How each kind of file is named to people. */
export const TYPE_LABELS: Record<DocumentType, string> = {
  pdf: 'PDF',
  docx: 'Word',
  xlsx: 'Excel',
  pptx: 'PowerPoint',
  odt: 'OpenDocument text',
  ods: 'OpenDocument spreadsheet',
  txt: 'Text',
  csv: 'CSV',
  md: 'Markdown',
  png: 'PNG image',
  jpeg: 'JPEG image',
};

/** File name endings for the file input's `accept` (a hint only: the server decides by content). */
export const TYPE_EXTENSIONS: Record<DocumentType, readonly string[]> = {
  pdf: ['.pdf'],
  docx: ['.docx'],
  xlsx: ['.xlsx'],
  pptx: ['.pptx'],
  odt: ['.odt'],
  ods: ['.ods'],
  txt: ['.txt'],
  csv: ['.csv'],
  md: ['.md'],
  png: ['.png'],
  jpeg: ['.jpg', '.jpeg'],
};

export function typeLabel(type: string): string {
  return TYPE_LABELS[type as DocumentType] ?? type.toUpperCase();
}

export const STATUS_TAG: Record<DocumentStatus, { label: string; colour: TagColour }> = {
  published: { label: 'Published', colour: 'green' },
  quarantined: { label: 'Held for review', colour: 'orange' },
  rejected: { label: 'Rejected', colour: 'red' },
};

export const MARKING_LABELS: Record<LibraryDocument['marking'], string> = {
  UNCLASSIFIED: 'UNCLASSIFIED',
  OFFICIAL: 'OFFICIAL',
};

const sizeFormat = (value: number, digits: number) =>
  value.toLocaleString('en-GB', { maximumFractionDigits: digits });

/** "812 bytes", "12 KB", "3.4 MB" (1 KB = 1,024 bytes, as file managers count). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes.toLocaleString('en-GB')} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${sizeFormat(kb, kb < 10 ? 1 : 0)} KB`;
  const mb = kb / 1024;
  if (mb < 1024) return `${sizeFormat(mb, mb < 10 ? 1 : 0)} MB`;
  return `${sizeFormat(mb / 1024, 1)} GB`;
}

/** Location state of a document's page. */
export interface DocumentLocationState {
  /** Just uploaded: the page says what became of it, once. */
  uploaded?: boolean;
  /** Where the back link returns to (the search the document was found in). */
  back?: string;
}

export function documentPath(id: string): string {
  return `/library/${encodeURIComponent(id)}`;
}

export function documentLinkId(id: string): string {
  return `document-link-${id}`;
}

/** "Ada Lovelace, Alan Turing and Grace Hopper". */
export function authorsText(authors: readonly string[]): string {
  if (authors.length <= 1) return authors.join('');
  return `${authors.slice(0, -1).join(', ')} and ${authors[authors.length - 1]}`;
}

const DOI = /^(?:doi:\s*)?(10\.\d{4,9}\/\S+)$/i;

/** Where a document's source points: a DOI resolves at doi.org; only http(s) URLs are links. */
export function sourceHref(source: string): string | null {
  const doi = DOI.exec(source.trim());
  if (doi) return `https://doi.org/${doi[1]}`;
  try {
    const url = new URL(source.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Where each marking was found. The API gives `foundIn` entries as `SECRET: page 1` (the
 * contract's example is a bare `page 1`; both are read), and may add `not fully inspected: …`.
 */
export function findingsByMarking(document: LibraryDocument): {
  places: Map<string, string[]>;
  other: string[];
} {
  const markings = document.review?.markingsFound ?? [];
  const places = new Map<string, string[]>(markings.map((marking) => [marking, []]));
  const other: string[] = [];
  for (const entry of document.review?.foundIn ?? []) {
    const marking = markings.find((candidate) => entry.startsWith(`${candidate}: `));
    if (marking) places.get(marking)?.push(entry.slice(marking.length + 2));
    else if (markings.length === 1 && !/^not fully inspected/i.test(entry)) {
      places.get(markings[0])?.push(entry);
    } else other.push(entry);
  }
  return { places, other };
}

/**
 * Why an upload is held: "it appears to carry the marking SECRET (found in page 1)". Null
 * when the inspection said nothing.
 */
export function quarantineReason(document: LibraryDocument): string | null {
  const { places, other } = findingsByMarking(document);
  if (places.size === 0) {
    const incomplete = other.find((entry) => /^not fully inspected/i.test(entry));
    return incomplete
      ? `it could not be fully inspected (${incomplete.replace(/^not fully inspected:\s*/i, '')})`
      : null;
  }
  const parts = [...places].map(([marking, where]) =>
    where.length > 0 ? `${marking} (found in ${authorsText(where)})` : marking,
  );
  const noun = places.size === 1 ? 'the marking' : 'the markings';
  return `it appears to carry ${noun} ${authorsText(parts)}`;
}

/** BCP 47 tags of the languages most documents are in; "Other" is left to the abstract. */
export const LANGUAGE_OPTIONS = [
  { value: 'en', label: 'English' },
  { value: 'fr', label: 'French' },
  { value: 'de', label: 'German' },
  { value: 'es', label: 'Spanish' },
  { value: 'it', label: 'Italian' },
  { value: 'nl', label: 'Dutch' },
  { value: 'pt', label: 'Portuguese' },
  { value: 'pl', label: 'Polish' },
  { value: 'ro', label: 'Romanian' },
  { value: 'ru', label: 'Russian' },
  { value: 'ar', label: 'Arabic' },
  { value: 'zh', label: 'Chinese' },
] as const;

export function languageLabel(tag: string): string {
  const base = tag.split('-')[0]?.toLowerCase();
  return LANGUAGE_OPTIONS.find((option) => option.value === base)?.label ?? tag;
}
