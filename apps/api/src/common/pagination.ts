import { DEFAULT_LIMIT, MAX_LIMIT } from '@contracts';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from './domain-error';

/** `?limit=&cursor=` as every list takes them. */
export class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit: number = DEFAULT_LIMIT;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

/** Opaque cursors: base64url JSON of the sort key of the last item. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** What each part of a cursor's key must be; checked before it reaches SQL. */
export type CursorPart = 'string' | 'timestamp' | 'uuid' | 'id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

function fits(value: unknown, part: CursorPart): boolean {
  switch (part) {
    case 'string':
      return typeof value === 'string' && value.length <= 1000;
    case 'timestamp':
      return typeof value === 'string' && ISO.test(value) && !Number.isNaN(Date.parse(value));
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'id':
      return typeof value === 'string' && /^\d{1,18}$/.test(value);
  }
}

export function cursorError(): DomainError {
  return new DomainError('VALIDATION_FAILED', 'cursor: is not a cursor this list issued', [
    { field: 'cursor', message: 'is not a cursor this list issued' },
  ]);
}

export function decodeCursor<T extends string[]>(
  cursor: string | undefined,
  shape: CursorPart[],
): T | null {
  if (cursor === undefined) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw cursorError();
  }
  if (
    Array.isArray(value) &&
    value.length === shape.length &&
    value.every((v, i) => fits(v, shape[i]))
  ) {
    return value as T;
  }
  throw cursorError();
}
