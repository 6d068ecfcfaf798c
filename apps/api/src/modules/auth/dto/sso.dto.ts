import { isSafeReturnPath } from '@contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';

const trimLower = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

const EMAIL_OPTIONS = { allow_display_name: false, allow_ip_domain: false } as const;

/** `GET /auth/sso?email=`: only the providers that sign in that address. */
export class SsoProvidersQuery {
  @ApiPropertyOptional({ example: 'a.officer@met.police.uk' })
  @IsOptional()
  @Transform(trimLower)
  @IsString()
  @MaxLength(254)
  @IsEmail(EMAIL_OPTIONS, { message: 'email must be an email address' })
  email?: string;
}

/** `GET /auth/sso/:id/start`: a hint for the provider's sign-in page, and where to come back. */
export class SsoStartQuery {
  @ApiPropertyOptional({
    description: 'Passed to the provider as `login_hint` (pre-fills its sign-in page)',
  })
  @IsOptional()
  @Transform(trimLower)
  @IsString()
  @MaxLength(254)
  @IsEmail(EMAIL_OPTIONS, { message: 'email must be an email address' })
  email?: string;

  @ApiPropertyOptional({
    description: 'A path in the SPA to return to once signed in (same origin, not /api)',
    example: '/members',
  })
  @IsOptional()
  @IsString()
  @ValidateBy({
    name: 'isSafeReturnPath',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isSafeReturnPath(value),
      defaultMessage: () => 'returnTo must be a path on this site, such as /members',
    },
  })
  returnTo?: string;
}
