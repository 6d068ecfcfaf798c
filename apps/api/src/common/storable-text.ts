import type { FieldError } from '@contracts';
import { DomainError } from './domain-error';

const isWellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/**
 * The first place in a parsed body or query that holds text PostgreSQL cannot store (a NUL, or
 * a lone UTF-16 surrogate, which has no UTF-8 form), as a field path (`a.b[2]`), or null.
 */
export function unstorableField(value: unknown, path = ''): string | null {
  if (typeof value === 'string') {
    return value.includes('\u0000') || !isWellFormed(value) ? path || 'body' : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableField(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (key.includes('\u0000') || !isWellFormed(key)) return path || 'body';
      const found = unstorableField(item, field);
      if (found) return found;
    }
  }
  return null;
}

/** The 400 for such text: it names the field, and nothing is done with the request. */
export function assertStorable(value: unknown): void {
  const field = unstorableField(value);
  if (!field) return;
  const message = 'must not contain NUL characters or unpaired surrogates';
  const errors: FieldError[] = [{ field, message }];
  throw new DomainError('VALIDATION_FAILED', `${field}: ${message}`, errors);
}
