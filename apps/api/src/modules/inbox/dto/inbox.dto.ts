import {
  CONTACT_CATEGORIES,
  CONTACT_LIMITS,
  THREAD_STATUSES,
  type CannedReplyRequest,
  type ContactCategory,
  type ContactRequest,
  type OfficerMessageRequest,
  type SenderReplyRequest,
  type ThreadStatus,
  type UpdateThreadRequest,
} from '@contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '@api/common/pagination';
import { toList } from '@api/common/query-lists';
import { PlainLine, PlainText } from '@api/common/text.validators';

const lower = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class ContactDto implements ContactRequest {
  @ApiPropertyOptional({ maxLength: CONTACT_LIMITS.name })
  @IsOptional()
  @PlainLine(1, CONTACT_LIMITS.name)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(lower)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(CONTACT_LIMITS.email)
  email?: string;

  @ApiPropertyOptional({ maxLength: CONTACT_LIMITS.organisation })
  @IsOptional()
  @ValidateIf((_, v) => v !== '')
  @PlainLine(1, CONTACT_LIMITS.organisation)
  organisation?: string;

  @ApiProperty({ enum: CONTACT_CATEGORIES })
  @IsIn(CONTACT_CATEGORIES)
  category: ContactCategory;

  /** One line: a subject carrying a line break would be a header injection in the email. */
  @ApiProperty({ maxLength: CONTACT_LIMITS.subject })
  @PlainLine(1, CONTACT_LIMITS.subject)
  subject: string;

  @ApiProperty({ maxLength: CONTACT_LIMITS.message })
  @PlainText(1, CONTACT_LIMITS.message)
  message: string;

  @ApiPropertyOptional({ description: 'Leave empty' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  website?: string;
}

export class SenderReplyDto implements SenderReplyRequest {
  @ApiProperty({ maxLength: CONTACT_LIMITS.message })
  @PlainText(1, CONTACT_LIMITS.message)
  body: string;
}

/** A missing or malformed token is answered like a wrong one (404), so nothing is learnt. */
export class TrackingQuery {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  token?: string;
}

export class OfficerMessageDto implements OfficerMessageRequest {
  @ApiProperty({ maxLength: CONTACT_LIMITS.message })
  @PlainText(1, CONTACT_LIMITS.message)
  body: string;

  @ApiPropertyOptional({ description: 'An internal note: never sent or shown to the sender' })
  @IsOptional()
  @IsBoolean()
  internal?: boolean;
}

export class UpdateThreadDto implements UpdateThreadRequest {
  @ApiPropertyOptional({ enum: THREAD_STATUSES })
  @IsOptional()
  @IsIn(THREAD_STATUSES)
  status?: ThreadStatus;

  @ApiPropertyOptional({ nullable: true, description: 'A contact officer; null unassigns' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  assigneeId?: string | null;
}

export class InboxQuery extends PageQuery {
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(THREAD_STATUSES.length)
  @IsIn(THREAD_STATUSES, { each: true })
  status?: ThreadStatus[];

  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(CONTACT_CATEGORIES.length)
  @IsIn(CONTACT_CATEGORIES, { each: true })
  category?: ContactCategory[];

  @IsOptional()
  @IsString()
  @Matches(/^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
    message: 'assignee must be me, none or a user id',
  })
  assignee?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @IsIn(['oldest', 'newest'])
  sort?: 'oldest' | 'newest';
}

export class CannedReplyDto implements CannedReplyRequest {
  @ApiProperty({ maxLength: CONTACT_LIMITS.cannedTitle })
  @PlainLine(1, CONTACT_LIMITS.cannedTitle)
  title: string;

  @ApiProperty({ maxLength: CONTACT_LIMITS.message })
  @PlainText(1, CONTACT_LIMITS.message)
  body: string;
}
