import {
  NEWSLETTER_LIMITS,
  NEWSLETTER_STATUSES,
  type CreateNewsletterRequest,
  type NewsletterPreviewRequest,
  type NewsletterStatus,
  type PublishNewsletterRequest,
  type ReturnNewsletterRequest,
  type UpdateNewsletterRequest,
  type UpdateSubscriptionRequest,
} from '@contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { PageQuery } from '@api/common/pagination';
import { toList } from '@api/common/query-lists';
import { PlainText } from '@api/common/text.validators';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

const TOPIC_ID = /^[a-z][a-z-]{0,63}$/;

/** A title: one line, 1–200 characters, any text (it is escaped wherever it is shown). */
function Title() {
  return (target: object, key: string) => {
    Transform(trim)(target, key);
    IsString()(target, key);
    Matches(/^.{1,200}$/u, { message: '$property must be 1 to 200 characters' })(target, key);
    // eslint-disable-next-line no-control-regex
    Matches(/^[^\u0000-\u001f\u007f]*$/, {
      message: '$property must be one line without control characters',
    })(target, key);
  };
}

function Topics() {
  return (target: object, key: string) => {
    IsArray()(target, key);
    ArrayMaxSize(NEWSLETTER_LIMITS.topics)(target, key);
    ArrayUnique()(target, key);
    Matches(TOPIC_ID, { each: true, message: 'each topic must be a topic id' })(target, key);
  };
}

export class CreateNewsletterDto implements CreateNewsletterRequest {
  @ApiProperty({ maxLength: NEWSLETTER_LIMITS.title })
  @Title()
  title: string;

  @ApiPropertyOptional({ maxLength: NEWSLETTER_LIMITS.summary })
  @IsOptional()
  @PlainText(0, NEWSLETTER_LIMITS.summary)
  summary?: string;

  @ApiPropertyOptional({ maxLength: NEWSLETTER_LIMITS.body, description: 'Markdown' })
  @IsOptional()
  @IsString()
  @MaxLength(NEWSLETTER_LIMITS.body)
  body?: string;

  @ApiPropertyOptional({ type: [String], description: 'Topic ids from GET /taxonomy' })
  @IsOptional()
  @Topics()
  topics?: string[];

  @ApiPropertyOptional({ description: 'Readable without signing in once published' })
  @IsOptional()
  @IsBoolean()
  public?: boolean;
}

export class UpdateNewsletterDto implements UpdateNewsletterRequest {
  @ApiPropertyOptional({ maxLength: NEWSLETTER_LIMITS.title })
  @IsOptional()
  @Title()
  title?: string;

  @ApiPropertyOptional({ maxLength: NEWSLETTER_LIMITS.summary })
  @IsOptional()
  @PlainText(0, NEWSLETTER_LIMITS.summary)
  summary?: string;

  @ApiPropertyOptional({ maxLength: NEWSLETTER_LIMITS.body, description: 'Markdown' })
  @IsOptional()
  @IsString()
  @MaxLength(NEWSLETTER_LIMITS.body)
  body?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @Topics()
  topics?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  public?: boolean;
}

export class ReturnNewsletterDto implements ReturnNewsletterRequest {
  @ApiProperty({ maxLength: NEWSLETTER_LIMITS.comment, description: 'What to change' })
  @PlainText(1, NEWSLETTER_LIMITS.comment)
  comment: string;
}

export class PublishNewsletterDto implements PublishNewsletterRequest {
  @ApiPropertyOptional({
    description: 'ISO 8601 time in the future to schedule; absent to publish now',
    example: '2026-12-01T09:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  at?: string;
}

export class PreviewDto implements NewsletterPreviewRequest {
  @ApiProperty({ maxLength: NEWSLETTER_LIMITS.body, description: 'Markdown' })
  @IsString()
  @MaxLength(NEWSLETTER_LIMITS.body)
  body: string;
}

export class NewslettersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Words in the title, summary or body' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ isArray: true, description: 'Issues touching any of these topics' })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(TOPIC_ID, { each: true, message: 'each topic must be a topic id' })
  topic?: string[];

  @ApiPropertyOptional({
    enum: NEWSLETTER_STATUSES,
    description: 'Editors only for anything but published (the default)',
  })
  @IsOptional()
  @IsIn(NEWSLETTER_STATUSES)
  status?: NewsletterStatus;
}

export class UpdateSubscriptionDto implements UpdateSubscriptionRequest {
  @ApiPropertyOptional({ description: 'Every issue' })
  @IsOptional()
  @IsBoolean()
  all?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'Only issues touching these topics' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(TOPIC_ID, { each: true, message: 'each topic must be a topic id' })
  topics?: string[];
}

export class UnsubscribeQuery {
  @ApiProperty({ description: 'The token from the email' })
  @IsString()
  @MaxLength(200)
  token: string;
}
