import { errorMessage, isApiError } from '@web/lib/api';
import { formatBytes } from './document-labels';

/** Codes of an upload's answer that are about the file itself. */
const FILE_CODES = new Set([
  'FILE_MISSING',
  'FILE_EMPTY',
  'PAYLOAD_TOO_LARGE',
  'FILE_TYPE_REFUSED',
  'UNSUPPORTED_MEDIA_TYPE',
]);

/**
 * What an upload's failure says about the file (shown at the file field), or null when the
 * failure is about something else. The server's `detail` says why a file was refused (for
 * example "The file is named .pdf but its content is an executable"); it is shown as it is.
 */
export function fileErrorOf(error: unknown, maxBytes: number | undefined): string | null {
  if (!isApiError(error)) return null;
  if (error.status === 413 || error.code === 'PAYLOAD_TOO_LARGE') {
    return maxBytes === undefined
      ? 'The selected file is too large'
      : `The selected file must be smaller than ${formatBytes(maxBytes)}`;
  }
  if (!FILE_CODES.has(error.code)) {
    return error.fieldMessage('file') ?? null;
  }
  if (error.code === 'FILE_MISSING') return error.detail ?? 'Select a file to upload';
  if (error.code === 'FILE_EMPTY') return error.detail ?? 'The selected file is empty';
  return error.detail ?? error.title ?? errorMessage(error);
}
