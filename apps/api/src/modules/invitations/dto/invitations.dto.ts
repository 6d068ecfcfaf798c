import {
  domainPatternProblem,
  INVITATION_MAX_DAYS,
  INVITATION_MAX_EMAILS,
  INVITATION_MESSAGE_MAX,
  INVITATION_STATUSES,
  type AddDomainRequest,
  type CreateInvitationsRequest,
  type InvitationStatus,
} from '@contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  isEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  type ValidationArguments,
} from 'class-validator';
import { PageQuery } from '@api/common/pagination';
import { PlainText } from '@api/common/text.validators';

const EMAIL_OPTIONS = { allow_display_name: false, allow_ip_domain: false } as const;

const foldAll = ({ value }: { value: unknown }) =>
  Array.isArray(value)
    ? value.map((v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : v))
    : value;
const fold = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

/** Names the addresses that are not (up to three), so a long list can be put right. */
function badEmailsMessage(args: ValidationArguments): string {
  const list = Array.isArray(args.value) ? (args.value as unknown[]) : [];
  const bad = list
    .filter((v) => typeof v !== 'string' || !isEmail(v, EMAIL_OPTIONS))
    .map((v) => (typeof v === 'string' ? `"${v.slice(0, 80)}"` : String(v)));
  const shown = bad.slice(0, 3).join(', ');
  const more = bad.length > 3 ? ` and ${bad.length - 3} more` : '';
  return `each entry must be an email address; these are not: ${shown}${more}`;
}

export class CreateInvitationsDto implements CreateInvitationsRequest {
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: INVITATION_MAX_EMAILS,
    example: ['a.researcher@example.ac.uk'],
    description: 'Trimmed, case-folded and de-duplicated',
  })
  @Transform(foldAll)
  @IsArray()
  @ArrayMinSize(1, { message: 'emails must list at least one address' })
  @ArrayMaxSize(INVITATION_MAX_EMAILS, {
    message: `emails must list at most ${INVITATION_MAX_EMAILS} addresses`,
  })
  @IsString({ each: true, message: 'each entry of emails must be a string' })
  @MaxLength(254, { each: true, message: 'each address must be 254 characters or fewer' })
  @IsEmail(EMAIL_OPTIONS, { each: true, message: badEmailsMessage })
  emails: string[];

  @ApiPropertyOptional({ maxLength: INVITATION_MESSAGE_MAX, description: 'Quoted in the email' })
  @IsOptional()
  @PlainText(0, INVITATION_MESSAGE_MAX)
  message?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: INVITATION_MAX_DAYS, default: 14 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(INVITATION_MAX_DAYS)
  expiresInDays?: number;
}

export class InvitationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INVITATION_STATUSES, description: 'Default: every status' })
  @IsOptional()
  @IsIn(INVITATION_STATUSES)
  status?: InvitationStatus;
}

/** A domain pattern (case-folded first): see `domainPatternProblem` in the contracts. */
function IsDomainPattern() {
  return ValidateBy({
    name: 'isDomainPattern',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && !domainPatternProblem(value),
      defaultMessage: (args?: ValidationArguments) =>
        domainPatternProblem(String(args?.value ?? '')) ?? 'pattern is not a domain pattern',
    },
  });
}

export class AddDomainDto implements AddDomainRequest {
  @ApiProperty({
    example: '*.police.uk',
    description:
      '`example.org` is that domain only; `*.police.uk` every subdomain of police.uk, not police.uk itself',
  })
  @Transform(fold)
  @IsString()
  @IsDomainPattern()
  pattern: string;
}
