import type { Problem } from '@contracts';
import { ApiError, buildUrl, refreshSession, type ClientErrorCode } from '@web/lib/api';
import { authStore } from '@web/lib/auth-store';

export interface SendProgress {
  loaded: number;
  total: number;
}

export interface SendOptions {
  /** Progress of the request body (worth showing when files go with it). */
  onProgress?: (progress: SendProgress) => void;
  signal?: AbortSignal;
}

/**
 * An error answer of the contact point, with the `Retry-After` of a 429 (seconds), so the
 * form can say when to try again.
 */
export class ContactError extends ApiError {
  readonly retryAfterSeconds: number | null;

  constructor(problem: Problem, retryAfterSeconds: number | null) {
    super(problem);
    this.name = 'ContactError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).title === 'string' &&
    typeof (value as Problem).status === 'number'
  );
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `Retry-After` as seconds: a number, or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

function toError(xhr: XMLHttpRequest, body: unknown): ContactError {
  const retryAfter = parseRetryAfter(xhr.getResponseHeader('Retry-After'));
  const status = xhr.status;
  if (isProblem(body)) {
    return new ContactError({ ...body, code: body.code ?? 'BAD_RESPONSE', status }, retryAfter);
  }
  if (status === 413) {
    return new ContactError(
      {
        type: 'about:blank',
        title: 'Payload too large',
        status,
        code: 'PAYLOAD_TOO_LARGE',
        detail: 'The files are too large.',
      },
      retryAfter,
    );
  }
  return new ContactError(
    {
      type: 'about:blank',
      title: xhr.statusText || 'Unexpected answer',
      status,
      code:
        status === 429
          ? 'RATE_LIMITED'
          : status >= 500
            ? 'INTERNAL'
            : ('BAD_RESPONSE' satisfies ClientErrorCode),
    },
    retryAfter,
  );
}

function networkError(): ContactError {
  return new ContactError(
    {
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      code: 'NETWORK_ERROR' satisfies ClientErrorCode,
      detail: 'Could not reach the service.',
    },
    null,
  );
}

function sendOnce<T>(
  url: string,
  body: FormData | object,
  token: string | null,
  options: SendOptions,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const { signal, onProgress } = options;
    if (signal?.aborted) {
      reject(new DOMException('Sending was cancelled.', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    const onAbortSignal = () => xhr.abort();
    const done = () => signal?.removeEventListener('abort', onAbortSignal);
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    const form = body instanceof FormData;
    if (!form) xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      done();
      const answer = parseBody(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(answer as T);
      else reject(toError(xhr, answer));
    };
    xhr.onerror = () => {
      done();
      reject(networkError());
    };
    xhr.onabort = () => {
      done();
      reject(new DOMException('Sending was cancelled.', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbortSignal);
    xhr.send(form ? body : JSON.stringify(body));
  });
}

/**
 * `POST /api<path>` of JSON or a multipart form with XMLHttpRequest, which reports the
 * progress of the body and lets the form read `Retry-After`. Sends the bearer token when
 * signed in; on a 401, refreshes the session once and sends again.
 */
export async function postContact<T>(
  path: string,
  body: FormData | object,
  query?: Record<string, string>,
  options: SendOptions = {},
): Promise<T> {
  const url = buildUrl(path, query);
  const token = authStore.getAccessToken();
  try {
    return await sendOnce<T>(url, body, token, options);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && token && (await refreshSession())) {
      return sendOnce<T>(url, body, authStore.getAccessToken(), options);
    }
    throw error;
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
