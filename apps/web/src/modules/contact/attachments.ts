import { CONTACT_LIMITS } from '@contracts';
import { formatBytes } from '@web/modules/documents/document-labels';

/**
 * File name endings offered by the file picker: PDF, Office and OpenDocument files, text and
 * images. A hint only: the server decides by the content.
 */
export const ATTACHMENT_EXTENSIONS = [
  '.pdf',
  '.doc',
  '.docx',
  '.xls',
  '.xlsx',
  '.ppt',
  '.pptx',
  '.odt',
  '.ods',
  '.odp',
  '.rtf',
  '.txt',
  '.csv',
  '.md',
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.webp',
] as const;

export const ATTACHMENT_ACCEPT = ATTACHMENT_EXTENSIONS.join(',');

export const ATTACHMENT_HINT =
  `Up to ${CONTACT_LIMITS.attachments} files, ${formatBytes(CONTACT_LIMITS.attachmentBytes)} ` +
  'each: PDF, Word, Excel, PowerPoint, OpenDocument, text, CSV or images (PNG, JPEG, GIF, WebP).';

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot).toLowerCase();
}

/** What is wrong with the chosen files, before anything is sent; null when they look fine. */
export function checkAttachments(files: readonly File[]): string | null {
  if (files.length > CONTACT_LIMITS.attachments) {
    return `Select no more than ${CONTACT_LIMITS.attachments} files`;
  }
  for (const file of files) {
    if (file.size === 0) return `The file ${file.name} is empty`;
    if (file.size > CONTACT_LIMITS.attachmentBytes) {
      return `The file ${file.name} must be smaller than ${formatBytes(CONTACT_LIMITS.attachmentBytes)}`;
    }
    if (!(ATTACHMENT_EXTENSIONS as readonly string[]).includes(extensionOf(file.name))) {
      return `The file ${file.name} must be a PDF, Office document, text file or image`;
    }
  }
  return null;
}

/** Adds newly chosen files to the list, leaving out ones already in it (same name and size). */
export function addFiles(current: readonly File[], added: Iterable<File>): File[] {
  const next = [...current];
  for (const file of added) {
    if (!next.some((old) => old.name === file.name && old.size === file.size)) next.push(file);
  }
  return next;
}

export { formatBytes };
