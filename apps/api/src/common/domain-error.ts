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

  get status(): number {
    return ERROR_CODES[this.code];
  }
}
