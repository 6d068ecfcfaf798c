import type { LoginRequest } from '@contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches, MaxLength } from 'class-validator';

export class LoginDto implements LoginRequest {
  @ApiProperty()
  @IsString()
  @MaxLength(254)
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000-\u001f\u007f]*$/, { message: 'email must not contain control characters' })
  email: string;

  @ApiProperty()
  @IsString()
  @Length(1, 128)
  password: string;
}
