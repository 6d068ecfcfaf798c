import {
  EVENT_KINDS,
  EVENT_LIMITS,
  type CancelEventRequest,
  type CreateEventRequest,
  type EventKind,
  type SetEventOrganisersRequest,
  type UpdateEventRequest,
} from '@contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '@api/common/pagination';
import { toList } from '@api/common/query-lists';
import { PlainLine, PlainText } from '@api/common/text.validators';

const TOPIC_ID = /^[a-z][a-z-]{0,63}$/;
const WHEN = 'an ISO 8601 date-time such as 2026-03-29T10:00';

function When() {
  return (target: object, key: string) => {
    IsString({ message: `$property must be ${WHEN}` })(target, key);
    MaxLength(40)(target, key);
  };
}

export class CreateEventDto implements CreateEventRequest {
  @ApiProperty({ maxLength: EVENT_LIMITS.title })
  @PlainLine(1, EVENT_LIMITS.title)
  title: string;

  @ApiPropertyOptional({ maxLength: EVENT_LIMITS.description, description: 'Markdown' })
  @IsOptional()
  @IsString()
  @MaxLength(EVENT_LIMITS.description)
  description?: string;

  @ApiProperty({ enum: EVENT_KINDS })
  @IsIn(EVENT_KINDS)
  kind: EventKind;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EVENT_LIMITS.topics)
  @ArrayUnique()
  @Matches(TOPIC_ID, { each: true, message: 'each topic must be a topic id' })
  topics?: string[];

  @ApiProperty({ example: 'Europe/London' })
  @IsString()
  @MaxLength(64)
  timezone: string;

  @ApiProperty({
    example: '2026-03-29T10:00',
    description: 'Without offset: wall clock in timezone',
  })
  @When()
  startsAt: string;

  @ApiProperty({ example: '2026-03-29T16:30' })
  @When()
  endsAt: string;

  @ApiPropertyOptional({ maxLength: EVENT_LIMITS.venue, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @PlainText(1, EVENT_LIMITS.venue)
  venue?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Shown to confirmed attendees only' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUrl(
    { protocols: ['https', 'http'], require_protocol: true, require_tld: false },
    { message: 'onlineUrl must be an http(s) URL' },
  )
  @MaxLength(EVENT_LIMITS.onlineUrl)
  onlineUrl?: string | null;

  @ApiPropertyOptional({ nullable: true, minimum: 1, description: 'Null: no limit' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(EVENT_LIMITS.capacity)
  capacity?: number | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @When()
  registrationOpensAt?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @When()
  registrationClosesAt?: string | null;

  @ApiPropertyOptional({ description: 'Listed to anyone, signed in or not' })
  @IsOptional()
  @IsBoolean()
  public?: boolean;
}

export class UpdateEventDto implements UpdateEventRequest {
  @IsOptional() @PlainLine(1, EVENT_LIMITS.title) title?: string;
  @IsOptional() @IsString() @MaxLength(EVENT_LIMITS.description) description?: string;
  @IsOptional() @IsIn(EVENT_KINDS) kind?: EventKind;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EVENT_LIMITS.topics)
  @ArrayUnique()
  @Matches(TOPIC_ID, { each: true, message: 'each topic must be a topic id' })
  topics?: string[];
  @IsOptional() @IsString() @MaxLength(64) timezone?: string;
  @IsOptional() @When() startsAt?: string;
  @IsOptional() @When() endsAt?: string;
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @PlainText(1, EVENT_LIMITS.venue)
  venue?: string | null;
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUrl(
    { protocols: ['https', 'http'], require_protocol: true, require_tld: false },
    { message: 'onlineUrl must be an http(s) URL' },
  )
  @MaxLength(EVENT_LIMITS.onlineUrl)
  onlineUrl?: string | null;
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(EVENT_LIMITS.capacity)
  capacity?: number | null;
  @IsOptional() @ValidateIf((_, v) => v !== null) @When() registrationOpensAt?: string | null;
  @IsOptional() @ValidateIf((_, v) => v !== null) @When() registrationClosesAt?: string | null;
  @IsOptional() @IsBoolean() public?: boolean;
}

export class CancelEventDto implements CancelEventRequest {
  @ApiProperty({ maxLength: EVENT_LIMITS.reason })
  @PlainText(1, EVENT_LIMITS.reason)
  reason: string;
}

export class SetEventOrganisersDto implements SetEventOrganisersRequest {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    maxItems: EVENT_LIMITS.coOrganisers,
    description:
      'The co-organisers (not the creator), replacing the current ones: approved members ' +
      'holding the editor role',
  })
  @IsArray()
  @ArrayMaxSize(EVENT_LIMITS.coOrganisers, {
    message: `memberIds may list at most ${EVENT_LIMITS.coOrganisers} co-organisers`,
  })
  @ArrayUnique({ message: 'memberIds lists a member twice' })
  @IsUUID('all', { each: true, message: 'each of memberIds must be a member id' })
  memberIds: string[];
}

export class EventsQuery extends PageQuery {
  @IsOptional() @When() from?: string;
  @IsOptional() @When() to?: string;
  @IsOptional() @IsIn(['upcoming', 'past']) when?: 'upcoming' | 'past';

  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(EVENT_LIMITS.topics)
  @Matches(TOPIC_ID, { each: true, message: 'each topic must be a topic id' })
  topic?: string[];

  @IsOptional()
  @Transform(toList)
  @IsArray()
  @IsIn(EVENT_KINDS, { each: true })
  kind?: EventKind[];

  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  mine?: boolean;
}

export class FeedQuery {
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{20,100}$/, { message: 'token is not a feed token' })
  token: string;
}
