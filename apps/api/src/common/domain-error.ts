import { ERROR_CODES, type ErrorCode, type FieldError } from '@contracts';

/** Thrown by services; the problem filter maps `code` to an HTTP status. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly errors?: FieldError[],
  ) {
    super(message ?? code);
  }

  /** For 429: seconds until a retry can succeed (the `Retry-After` header). */
  retryAfterSeconds?: number;

  get status(): number {
    return ERROR_CODES[this.code];
  }
}

/** 429 with how long to wait. */
export function rateLimited(message: string, retryAfterMs: number): DomainError {
  const err = new DomainError('RATE_LIMITED', message);
  err.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return err;
}
