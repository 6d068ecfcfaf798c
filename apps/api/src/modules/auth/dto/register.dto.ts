import { SECTOR_IDS, type RegisterRequest } from '@contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PlainLine, PlainText } from '@api/common/text.validators';

/** Trimmed, lower case, and well-formed (a lone surrogate becomes U+FFFD, which no address has). */
const lower = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? Buffer.from(value.trim().toLowerCase(), 'utf8').toString('utf8')
    : value;
const upper = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

export class RegisterDto implements RegisterRequest {
  @ApiProperty({ example: 'a.researcher@example.ac.uk' })
  @Transform(lower)
  @IsString()
  @MaxLength(254)
  @IsEmail(
    { allow_display_name: false, allow_ip_domain: false },
    { message: 'email must be an email address' },
  )
  email: string;

  @ApiProperty({ minLength: 12, maxLength: 128 })
  @IsString()
  @Length(12, 128, { message: 'password must be between 12 and 128 characters' })
  password: string;

  @ApiProperty({ example: 'Dr Ada Researcher' })
  @PlainLine(1, 200)
  name: string;

  @ApiProperty({ example: 'University of Leeds' })
  @PlainLine(1, 200)
  organisation: string;

  @ApiProperty({ enum: SECTOR_IDS })
  @IsIn(SECTOR_IDS, { message: `sector must be one of ${SECTOR_IDS.join(', ')}` })
  sector: string;

  @ApiProperty({ example: 'GB', description: 'ISO 3166-1 alpha-2' })
  @Transform(upper)
  @IsString()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code' })
  country: string;

  @ApiProperty({
    description: 'Why the applicant wants to join; may be left out with an invitation',
    maxLength: 2000,
  })
  @ValidateIf((o: RegisterDto) => o.invitation == null || o.statement !== undefined)
  @PlainText(1, 2000)
  statement?: string;

  @ApiPropertyOptional({
    description:
      'The token from an invitation link: the account is approved at once when it is valid and was sent to this email',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  invitation?: string;
}
