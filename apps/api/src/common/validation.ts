import { ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldError } from '@contracts';
import { DomainError } from './domain-error';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** The 400 problem for class-validator errors: each bad field named, nested ones as `a.b`. */
export function validationFailed(errors: ValidationError[]): DomainError {
  const fieldErrors = flatten(errors);
  return new DomainError(
    'VALIDATION_FAILED',
    fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '),
    fieldErrors,
  );
}

/** Whitelist, refuse unknown fields, transform; each bad field named in the problem. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: validationFailed,
  });
}
