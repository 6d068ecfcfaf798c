import { CONTACT_LIMITS } from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { ContactError } from './api/contact-request';
import { formatBytes } from './attachments';

/** "in 1 minute", "in 3 hours"; "later" when the wait is unknown. */
export function waitText(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds <= 0) return 'later';
  if (seconds < 60) return 'in a minute';
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  const hours = Math.ceil(minutes / 60);
  return `in ${hours} ${hours === 1 ? 'hour' : 'hours'}`;
}

/** Codes of a send's answer that are about the attached files. */
const FILE_CODES = new Set([
  'FILE_TYPE_REFUSED',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'FILE_EMPTY',
]);

export interface SendFailure {
  /** Messages for form fields, by the server's field name (`files.0` is `files`). */
  fields: Record<string, string>;
  /** Messages about no field. */
  other: string[];
}

/**
 * What a failed send means for the form: the server's field errors, a refused file (shown at
 * the files), too many messages (with when to try again), or a sentence about the rest.
 */
export function sendFailure(error: unknown, kind: 'new' | 'reply' = 'new'): SendFailure {
  if (!isApiError(error)) return { fields: {}, other: [errorMessage(error)] };
  if (error.status === 429 || error.code === 'RATE_LIMITED') {
    const wait = error instanceof ContactError ? error.retryAfterSeconds : null;
    if (kind === 'reply') {
      return {
        fields: {},
        other: [
          `Too many messages have been sent in this conversation, or from your network, in the ` +
            `last hour. Try again ${wait === null ? 'in an hour' : waitText(wait)}.`,
        ],
      };
    }
    // The contact point counts new conversations per hour: an hour is always long enough.
    return {
      fields: {},
      other: [
        `Too many messages have been sent from your email address or network in the last hour. ` +
          `Try again ${wait === null ? 'in an hour' : waitText(wait)}, or reply in an earlier ` +
          'conversation through its link.',
      ],
    };
  }
  if (error.status === 413 || error.code === 'PAYLOAD_TOO_LARGE') {
    // One file too large, or the conversation already holding all the files it may: the
    // server's sentence says which.
    return {
      fields: {
        files:
          error.detail ??
          `Each file must be smaller than ${formatBytes(CONTACT_LIMITS.attachmentBytes)}`,
      },
      other: [],
    };
  }
  if (FILE_CODES.has(error.code) || error.status === 415) {
    return { fields: { files: error.detail ?? error.title }, other: [] };
  }
  if (error.status === 400 && error.fieldErrors.length > 0) {
    const fields: Record<string, string> = {};
    const other: string[] = [];
    for (const item of error.fieldErrors) {
      const field = item.field.split(/[.[]/)[0];
      if (field) fields[field] ??= item.message;
      else other.push(item.message);
    }
    return { fields, other };
  }
  return { fields: {}, other: [errorMessage(error)] };
}
