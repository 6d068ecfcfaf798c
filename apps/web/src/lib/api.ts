import type { FieldError, LoginResponse, Problem, UserResponse } from '@contracts';
import { authStore } from './auth-store';

/** Codes the client itself produces when the server gave no problem+json. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'BAD_RESPONSE';

/** An error answer of the API (RFC 9457 problem+json), or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fieldErrors: FieldError[];
  readonly correlationId: string | undefined;
  /** For a 429: the seconds the server asked us to wait (`Retry-After`), when it said. */
  readonly retryAfter: number | undefined;

  constructor(problem: Problem, retryAfter?: number) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.fieldErrors = problem.errors ?? [];
    this.correlationId = problem.correlationId;
    this.retryAfter = retryAfter;
  }

  /** The first message the server gave for a field, if any. */
  fieldMessage(field: string): string | undefined {
    return this.fieldErrors.find((error) => error.field === field)?.message;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** A sentence for the user about any error thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0)
      return 'Could not reach the service. Check your connection and try again.';
    if (error.status >= 500) return 'Sorry, there is a problem with the service. Try again later.';
    return error.detail ?? error.title;
  }
  return 'Sorry, something went wrong. Try again later.';
}

/** "Too many attempts, try again in N minutes", from the answer's `Retry-After`. */
export function tooManyAttemptsMessage(error: ApiError): string {
  const minutes = Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60));
  return `Too many attempts, try again in ${minutes === 1 ? '1 minute' : `${minutes} minutes`}`;
}

export type QueryValue = string | number | boolean | null | undefined;
/** A list value is sent as a repeated parameter (`sector=a&sector=b`). */
export type QueryParams = Record<string, QueryValue | readonly string[]>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: QueryParams;
  signal?: AbortSignal;
  /** Try `POST /api/auth/refresh` once and retry when the answer is 401 (default true). */
  retryOnUnauthorized?: boolean;
  /** The `Accept` header (JSON and problem+json by default). */
  accept?: string;
}

export const SESSION_ENDED_MESSAGE = 'Your session has ended. Sign in again to continue.';

export function buildUrl(path: string, query?: QueryParams): string {
  const url = `/api${path.startsWith('/') ? path : `/${path}`}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) {
      for (const item of value as readonly string[]) if (item !== '') params.append(key, item);
      continue;
    }
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${url}?${search}` : url;
}

async function send(url: string, options: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: options.accept ?? 'application/json, application/problem+json',
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'include',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      code: 'NETWORK_ERROR' satisfies ClientErrorCode,
      detail: 'Could not reach the service.',
    });
  }
}

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).status === 'number' &&
    typeof (value as Problem).title === 'string'
  );
}

/** `Retry-After` in seconds (it may be a number of seconds or an HTTP date). */
function retryAfterSeconds(response: Response): number | undefined {
  const header = response.headers.get('Retry-After');
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round((at - Date.now()) / 1000));
}

async function toApiError(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  const retryAfter = retryAfterSeconds(response);
  if (isProblem(body)) {
    return new ApiError(
      { ...body, code: body.code ?? 'BAD_RESPONSE', status: response.status },
      retryAfter,
    );
  }
  return new ApiError(
    {
      type: 'about:blank',
      title: response.statusText || 'Unexpected answer',
      status: response.status,
      code: response.status >= 500 ? 'INTERNAL' : ('BAD_RESPONSE' satisfies ClientErrorCode),
    },
    retryAfter,
  );
}

/**
 * 401s that are not an expired session: a refresh would not help and the user stays signed
 * in (a route asking for a fresh second factor, a wrong code or password).
 */
const NOT_A_SESSION_PROBLEM: ReadonlySet<string> = new Set([
  'STEP_UP_REQUIRED',
  'MFA_TOKEN_INVALID',
  'INVALID_CREDENTIALS',
]);

/** The problem's `code`, read from a copy of the answer (the original stays unread). */
async function peekCode(response: Response): Promise<string | undefined> {
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => null);
  return isProblem(body) ? body.code : undefined;
}

/**
 * The account must do something before anything else (replace a generated password, enrol a
 * second factor): mark the user so the SPA's gate takes them there.
 */
function noteAccountGate(code: string | undefined): void {
  if (code === 'PASSWORD_CHANGE_REQUIRED') authStore.patchUser({ passwordChangeRequired: true });
  else if (code === 'MFA_ENROLMENT_REQUIRED') authStore.patchUser({ mfaEnrolmentRequired: true });
}

async function parse<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError({
      type: 'about:blank',
      title: 'Unexpected answer',
      status: response.status,
      code: 'BAD_RESPONSE' satisfies ClientErrorCode,
    });
  }
}

/** Sends with the bearer token; on a 401, refreshes the session once and tries again. */
async function authorised(path: string, options: RequestOptions): Promise<Response> {
  const url = buildUrl(path, options.query);
  const token = authStore.getAccessToken();
  let response = await send(url, options, token);
  if (response.status === 401 && token && (options.retryOnUnauthorized ?? true)) {
    if (!NOT_A_SESSION_PROBLEM.has((await peekCode(response)) ?? '') && (await refreshSession())) {
      response = await send(url, options, authStore.getAccessToken());
    }
  }
  if (response.status === 403) noteAccountGate(await peekCode(response));
  if (!response.ok) throw await toApiError(response);
  return response;
}

/** Calls `/api<path>` with JSON, the bearer token and the refresh cookie. */
export async function apiFetch<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return parse<T>(await authorised(path, options));
}

export interface DownloadedFile {
  blob: Blob;
  /** From `Content-Disposition`, when the server named the file. */
  filename: string | null;
}

/** The `filename` (or RFC 5987 `filename*`) of a `Content-Disposition` header. */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // Fall through to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  const name = (plain?.[2] ?? plain?.[1] ?? '').trim();
  return name || null;
}

/** `GET /api<path>` as a file (with the bearer token, which a plain link cannot send). */
export async function apiDownload(
  path: string,
  accept = '*/*',
  signal?: AbortSignal,
): Promise<DownloadedFile> {
  const response = await authorised(path, { accept, signal });
  const blob = await response.blob().catch(() => {
    throw new ApiError({
      type: 'about:blank',
      title: 'Unexpected answer',
      status: response.status,
      code: 'BAD_RESPONSE' satisfies ClientErrorCode,
    });
  });
  return { blob, filename: filenameFromDisposition(response.headers.get('Content-Disposition')) };
}

export const api = {
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal) =>
    apiFetch<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    apiFetch<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body?: unknown) => apiFetch<T>(path, { method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown) => apiFetch<T>(path, { method: 'PATCH', body }),
  delete: <T>(path: string, body?: unknown) => apiFetch<T>(path, { method: 'DELETE', body }),
};

// ---- Session -------------------------------------------------------------------------------

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
/** Told each new access token of the same session (the realtime socket renews with it). */
const tokenListeners = new Set<(token: string) => void>();
let refreshInFlight: Promise<boolean> | null = null;
let bootstrap: Promise<void> | null = null;

function scheduleRefresh(expiresIn: number | undefined): void {
  clearTimeout(refreshTimer);
  if (!expiresIn || !Number.isFinite(expiresIn) || expiresIn <= 0) return;
  // Refresh a minute before expiry (or at half-life for short tokens).
  const seconds = expiresIn > 120 ? expiresIn - 60 : expiresIn / 2;
  refreshTimer = setTimeout(() => void refreshSession(), seconds * 1000);
}

type RefreshResponse = Omit<LoginResponse, 'user'> & { user?: UserResponse };

async function fetchMe(token: string): Promise<UserResponse> {
  const response = await send(buildUrl('/auth/me'), {}, token);
  if (!response.ok) throw await toApiError(response);
  return parse<UserResponse>(response);
}

/** Stores a new session (after login or refresh) and keeps the token fresh. */
export function startSession(login: LoginResponse): void {
  authStore.setSession(login.accessToken, login.user);
  scheduleRefresh(login.expiresIn);
}

/** Calls `listener` with every new access token of the current session (after a refresh). */
export function onAccessTokenRenewed(listener: (token: string) => void): () => void {
  tokenListeners.add(listener);
  return () => tokenListeners.delete(listener);
}

function tokenRenewed(token: string): void {
  for (const listener of tokenListeners) listener(token);
}

/** A new access token of the same session (after step-up): kept, refreshed, sent to the socket. */
export function renewAccessToken(token: string, expiresIn: number | undefined): void {
  authStore.setToken(token);
  scheduleRefresh(expiresIn);
  tokenRenewed(token);
}

/** Forgets the session locally (the refresh cookie is the server's business). */
export function endSession(message: string | null = null): void {
  clearTimeout(refreshTimer);
  authStore.clear(message);
}

async function doRefresh(): Promise<boolean> {
  const wasSignedIn = authStore.getState().status === 'signed-in';
  try {
    const response = await send(buildUrl('/auth/refresh'), { method: 'POST' }, null);
    if (!response.ok) throw await toApiError(response);
    const body = await parse<RefreshResponse>(response);
    const user = body.user ?? (await fetchMe(body.accessToken));
    startSession({ accessToken: body.accessToken, expiresIn: body.expiresIn, user });
    if (wasSignedIn) tokenRenewed(body.accessToken);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
      // The refresh cookie is missing, expired or revoked: the session is over.
      endSession(wasSignedIn ? SESSION_ENDED_MESSAGE : null);
    } else if (!wasSignedIn) {
      endSession(null);
    }
    return false;
  }
}

/**
 * `POST /api/auth/refresh` (cookie based): a new access token carrying the current roles.
 * Concurrent callers share one request, since the refresh cookie rotates.
 */
export function refreshSession(): Promise<boolean> {
  refreshInFlight ??= doRefresh().finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

/** Restores a session on app load; a 401 simply means signed out. Runs once. */
export function bootstrapSession(): Promise<void> {
  bootstrap ??= refreshSession().then(() => undefined);
  return bootstrap;
}
