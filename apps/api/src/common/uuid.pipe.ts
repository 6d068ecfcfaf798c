import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from './domain-error';

/** `:id` params must be UUIDs: anything else is a 400 naming the parameter. */
export const UuidParam = new ParseUUIDPipe({
  exceptionFactory: () =>
    new DomainError('VALIDATION_FAILED', 'id: must be a UUID', [
      { field: 'id', message: 'must be a UUID' },
    ]),
});
