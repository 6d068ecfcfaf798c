import { ValidationError, ValidationPipe } from '@nestjs/common';
import { stripProtoKeys } from '@nestjs/common/utils/strip-proto-keys.util';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FieldError } from '@contracts';
import { DomainError } from './domain-error';
import { assertStorable } from './storable-text';

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

/**
 * A DTO instance from a parsed body, as the validation pipe makes it: without `__proto__`,
 * `prototype` and `constructor` keys at any depth (class-transformer throws on a nested
 * `constructor` that is not a function, and none of them is ever a field).
 */
export function toDto<T extends object>(cls: new () => T, plain: object): T {
  stripProtoKeys(plain);
  return plainToInstance(cls, plain);
}

/**
 * The validation pipe's rules for bodies that do not come through it (multipart fields, a
 * JSON-or-multipart route): the instance, or the same 400 naming each bad field.
 */
export async function validated<T extends object>(
  cls: new () => T,
  plain: Record<string, unknown>,
): Promise<T> {
  assertStorable(plain);
  const dto = toDto(cls, plain);
  const errors = await validate(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) throw validationFailed(errors);
  return dto;
}
