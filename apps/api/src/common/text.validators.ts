import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * A single line of plain text (a name, an organisation): trimmed, no control characters,
 * no markup. Stored and returned as text; clients escape it.
 */
export function PlainLine(min: number, max: number) {
  return applyDecorators(
    Transform(trim),
    IsString(),
    Length(min, max),
    // eslint-disable-next-line no-control-regex
    Matches(/^[^\u0000-\u001f\u007f<>]*$/, {
      message: '$property must be plain text without control characters or < >',
    }),
  );
}

/** Multi-line plain text (a statement, a reason): trimmed, no control characters but newlines. */
export function PlainText(min: number, max: number) {
  return applyDecorators(
    Transform(trim),
    IsString(),
    Length(min, max),
    // eslint-disable-next-line no-control-regex
    Matches(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, {
      message: '$property must not contain control characters',
    }),
  );
}
