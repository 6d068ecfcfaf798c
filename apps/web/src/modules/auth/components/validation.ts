import { ApiError } from '@web/lib/api';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: string): boolean {
  return EMAIL_PATTERN.test(value.trim());
}

/** Maps the server's problem+json field errors onto the form's fields. */
export function fieldErrorsFrom<F extends string>(
  error: ApiError,
  fields: readonly F[],
): FieldErrors<F> {
  const result: FieldErrors<F> = {};
  for (const { field, message } of error.fieldErrors) {
    const name = fields.find((candidate) => candidate === field);
    if (name && !result[name]) result[name] = message;
  }
  return result;
}
