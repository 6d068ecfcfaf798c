import {
  ACCEPTED_MARKINGS,
  DOCUMENT_LIMITS,
  DOCUMENT_STATUSES,
  DOCUMENT_TYPES,
  type ApproveDocumentRequest,
  type DocumentMarking,
  type DocumentStatus,
  type DocumentType,
  type RejectDocumentRequest,
  type UploadDocumentFields,
} from '@contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQuery } from '@api/common/pagination';
import { toList } from '@api/common/query-lists';
import { PlainLine, PlainText } from '@api/common/text.validators';

const TOPIC_ID = /^[a-z][a-z-]{0,63}$/;
const LATEST_YEAR = () => new Date().getUTCFullYear() + 1;

/** A URL (http/https) or a DOI, bare or as doi.org link. */
const SOURCE = /^(https?:\/\/[^\s<>"]+|(doi:)?10\.\d{4,9}\/[^\s<>"]+)$/i;
/** BCP 47, loosely: `en`, `en-GB`, `pt-BR`, `zh-Hant-TW`. */
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;

const toYear = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : typeof value === 'string' && /^\d{1,6}$/.test(value)
      ? Number(value)
      : value;

function TopicIds(max: number) {
  return (target: object, key: string) => {
    IsArray()(target, key);
    ArrayMaxSize(max)(target, key);
    ArrayUnique()(target, key);
    Matches(TOPIC_ID, { each: true, message: 'each entry must be a topic id' })(target, key);
  };
}

/** The metadata fields of an upload, after multipart fields were gathered into lists. */
export class UploadDocumentDto implements UploadDocumentFields {
  @ApiProperty({ maxLength: DOCUMENT_LIMITS.title })
  @PlainLine(1, DOCUMENT_LIMITS.title)
  title: string;

  @ApiPropertyOptional({ maxLength: DOCUMENT_LIMITS.abstract })
  @IsOptional()
  @PlainText(0, DOCUMENT_LIMITS.abstract)
  abstract?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(DOCUMENT_LIMITS.authors)
  @IsString({ each: true })
  @MaxLength(DOCUMENT_LIMITS.author, { each: true })
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000-\u001f\u007f<>]+$/, {
    each: true,
    message: 'each author must be a name without control characters or < >',
  })
  authors?: string[];

  @ApiPropertyOptional({ minimum: 1000 })
  @IsOptional()
  @Transform(toYear)
  @IsInt({ message: 'year must be a whole number' })
  @Min(1000)
  @Max(9999)
  year?: number;

  @ApiPropertyOptional({ type: [String], description: 'Cross-cutting topic ids' })
  @IsOptional()
  @TopicIds(DOCUMENT_LIMITS.topics)
  topics?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Crime-type topic ids' })
  @IsOptional()
  @TopicIds(DOCUMENT_LIMITS.crimeTypes)
  crimeTypes?: string[];

  @ApiPropertyOptional({ example: 'en-GB' })
  @IsOptional()
  @IsString()
  @MaxLength(DOCUMENT_LIMITS.language)
  @Matches(LANGUAGE, { message: 'language must be a language tag such as en or en-GB' })
  language?: string;

  @ApiPropertyOptional({ description: 'A URL or a DOI' })
  @IsOptional()
  @IsString()
  @MaxLength(DOCUMENT_LIMITS.source)
  @Matches(SOURCE, { message: 'source must be an http(s) URL or a DOI (10.xxxx/…)' })
  source?: string;

  @ApiProperty({ enum: ACCEPTED_MARKINGS })
  @IsIn(ACCEPTED_MARKINGS, {
    message:
      'marking must be UNCLASSIFIED or OFFICIAL: material marked OFFICIAL-SENSITIVE or above may not be uploaded',
  })
  marking: DocumentMarking;
}

export function latestYear(): number {
  return LATEST_YEAR();
}

export class DocumentsQuery extends PageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @Transform(toList)
  @TopicIds(DOCUMENT_LIMITS.topics)
  topic?: string[];

  @IsOptional()
  @Transform(toList)
  @TopicIds(DOCUMENT_LIMITS.crimeTypes)
  crimeType?: string[];

  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(DOCUMENT_TYPES.length)
  @IsIn(DOCUMENT_TYPES, { each: true })
  type?: DocumentType[];

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(9999)
  year?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(9999)
  yearFrom?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(9999)
  yearTo?: number;

  @IsOptional()
  @IsIn(DOCUMENT_STATUSES)
  status?: DocumentStatus;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  mine?: boolean;

  @IsOptional()
  @IsIn(['relevance', 'newest'])
  sort?: 'relevance' | 'newest';
}

export class DownloadQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  version?: number;
}

export class RejectDocumentDto implements RejectDocumentRequest {
  @ApiProperty({ maxLength: DOCUMENT_LIMITS.reason })
  @PlainText(1, DOCUMENT_LIMITS.reason)
  reason: string;
}

export class ApproveDocumentDto implements ApproveDocumentRequest {
  @ApiPropertyOptional({ maxLength: DOCUMENT_LIMITS.reason })
  @IsOptional()
  @PlainText(0, DOCUMENT_LIMITS.reason)
  reason?: string;
}
