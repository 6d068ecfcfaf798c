import type {
  PasskeyLoginOptionsRequest,
  PasskeyLoginRequest,
  PasskeyRegisterRequest,
} from '@contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { PlainLine } from '@api/common/text.validators';

export class PasskeyRegisterDto implements PasskeyRegisterRequest {
  @ApiProperty({ description: 'The browser’s answer (RegistrationResponseJSON)' })
  @IsObject()
  response: Record<string, unknown>;

  @ApiProperty({ example: 'Work laptop', minLength: 1, maxLength: 60 })
  @PlainLine(1, 60)
  name: string;

  @ApiProperty({ description: 'From POST /auth/passkeys/options' })
  @IsString()
  @MaxLength(200)
  challengeToken: string;
}

export class PasskeyLoginOptionsDto implements PasskeyLoginOptionsRequest {
  @ApiPropertyOptional({ description: 'The pending sign-in of POST /auth/login' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  mfaToken?: string;

  @ApiPropertyOptional({ description: 'Signed in: a challenge for POST /auth/step-up' })
  @IsOptional()
  @IsBoolean()
  stepUp?: boolean;
}

export class PasskeyLoginDto implements PasskeyLoginRequest {
  @ApiProperty({ description: 'The browser’s answer (AuthenticationResponseJSON)' })
  @IsObject()
  response: Record<string, unknown>;

  @ApiProperty({ description: 'From POST /auth/passkeys/login/options' })
  @IsString()
  @MaxLength(200)
  challengeToken: string;

  @ApiPropertyOptional({ description: 'The pending sign-in, when the passkey is its second step' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  mfaToken?: string;
}
