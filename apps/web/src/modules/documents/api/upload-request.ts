import type { Problem } from '@contracts';
import { ApiError, buildUrl, refreshSession, type ClientErrorCode } from '@web/lib/api';
import { authStore } from '@web/lib/auth-store';

export interface UploadProgress {
  /** Bytes of the request body sent so far. */
  loaded: number;
  /** The whole request body, in bytes. */
  total: number;
}

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  /** Aborting rejects with a DOMException named `AbortError`. */
  signal?: AbortSignal;
}

export interface UploadAnswer<T> {
  status: number;
  body: T;
}

function networkError(): ApiError {
  return new ApiError({
    type: 'about:blank',
    title: 'Network error',
    status: 0,
    code: 'NETWORK_ERROR' satisfies ClientErrorCode,
    detail: 'Could not reach the service.',
  });
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

function toError(status: number, statusText: string, body: unknown): ApiError {
  if (isProblem(body)) return new ApiError({ ...body, code: body.code ?? 'BAD_RESPONSE', status });
  if (status === 413) {
    return new ApiError({
      type: 'about:blank',
      title: 'Payload too large',
      status,
      code: 'PAYLOAD_TOO_LARGE',
      detail: 'The file is too large.',
    });
  }
  return new ApiError({
    type: 'about:blank',
    title: statusText || 'Unexpected answer',
    status,
    code: status >= 500 ? 'INTERNAL' : ('BAD_RESPONSE' satisfies ClientErrorCode),
  });
}

function sendOnce<T>(
  url: string,
  form: FormData,
  token: string | null,
  options: UploadOptions,
): Promise<UploadAnswer<T>> {
  return new Promise((resolve, reject) => {
    const { signal, onProgress } = options;
    if (signal?.aborted) {
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    const onAbortSignal = () => xhr.abort();
    const done = () => signal?.removeEventListener('abort', onAbortSignal);
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      done();
      const body = parseBody(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve({ status: xhr.status, body: body as T });
      } else {
        reject(toError(xhr.status, xhr.statusText, body));
      }
    };
    xhr.onerror = () => {
      done();
      reject(networkError());
    };
    xhr.onabort = () => {
      done();
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbortSignal);
    xhr.send(form);
  });
}

/**
 * `POST /api<path>` of a multipart form with XMLHttpRequest, which (unlike fetch) reports the
 * progress of the request body. Sends the bearer token; on a 401, refreshes the session once
 * and sends again.
 */
export async function uploadForm<T>(
  path: string,
  form: FormData,
  options: UploadOptions = {},
): Promise<UploadAnswer<T>> {
  const url = buildUrl(path);
  const token = authStore.getAccessToken();
  try {
    return await sendOnce<T>(url, form, token, options);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && token && (await refreshSession())) {
      return sendOnce<T>(url, form, authStore.getAccessToken(), options);
    }
    throw error;
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
