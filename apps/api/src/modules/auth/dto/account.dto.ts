import type {
  ChangeEmailRequest,
  ChangePasswordRequest,
  CodeRequest,
  ForgotPasswordRequest,
  LoginMfaRequest,
  ResetPasswordRequest,
  StepUpRequest,
  VerifyEmailRequest,
} from '@contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
} from 'class-validator';

/** Trimmed, lower case, and well-formed (a lone surrogate becomes U+FFFD, which no address has). */
const trimLower = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? Buffer.from(value.trim().toLowerCase(), 'utf8').toString('utf8')
    : value;

/** A link token: 43 URL-safe characters; anything else is refused the same way as a bad one. */
export class VerifyEmailDto implements VerifyEmailRequest {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  token: string;
}

export class ForgotPasswordDto implements ForgotPasswordRequest {
  @ApiProperty({ example: 'ada@example.ac.uk' })
  @Transform(trimLower)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'Enter an email address like name@example.org' })
  email: string;
}

export class ResetPasswordDto implements ResetPasswordRequest {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  token: string;

  @ApiProperty({ minLength: 12, maxLength: 128 })
  @IsString()
  @Length(12, 128, { message: 'password must be between 12 and 128 characters' })
  password: string;
}

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty()
  @IsString()
  @Length(1, 128)
  currentPassword: string;

  @ApiProperty({ minLength: 12, maxLength: 128 })
  @IsString()
  @Length(12, 128, { message: 'newPassword must be between 12 and 128 characters' })
  newPassword: string;
}

export class ChangeEmailDto implements ChangeEmailRequest {
  @ApiProperty()
  @Transform(trimLower)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'Enter an email address like name@example.org' })
  email: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 128)
  password?: string;
}

export class LoginMfaDto implements LoginMfaRequest {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  mfaToken: string;

  @ApiProperty({ example: '123456' })
  @IsString()
  @Length(1, 40)
  code: string;
}

export class CodeDto implements CodeRequest {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Length(1, 40)
  code: string;
}

export class OptionalCodeDto {
  @ApiPropertyOptional({ example: '123456', description: 'Without it, a fresh step-up is needed' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  code?: string;
}

export class StepUpDto implements StepUpRequest {
  @ApiPropertyOptional({ example: '123456' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  code?: string;

  @ApiPropertyOptional({ description: 'A WebAuthn assertion (the browser’s answer)' })
  @IsOptional()
  @IsDefined()
  @IsObject()
  passkey?: Record<string, unknown>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 128)
  password?: string;
}
