import { LEVEL_IDS, SECTOR_IDS, VISIBILITIES, type Visibility } from '@contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO31661Alpha2,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '@api/common/pagination';
import { toList } from '@api/common/query-lists';
import { PlainLine, PlainText } from '@api/common/text.validators';

const upperList = ({ value }: { value: unknown }) =>
  toList({ value }).map((v) => (typeof v === 'string' ? v.toUpperCase() : v));

export class MembersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Words to find in names, organisations, expertise and bios' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: SECTOR_IDS, isArray: true })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(SECTOR_IDS.length)
  @IsIn(SECTOR_IDS, { each: true, message: `each sector must be one of ${SECTOR_IDS.join(', ')}` })
  sector?: string[];

  @ApiPropertyOptional({ isArray: true, description: 'Topic ids from GET /taxonomy' })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[a-z][a-z-]{0,63}$/, { each: true, message: 'each expertise must be a topic id' })
  expertise?: string[];

  @ApiPropertyOptional({ isArray: true, description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @Transform(upperList)
  @IsArray()
  @ArrayMaxSize(50)
  @IsISO31661Alpha2({ each: true, message: 'each country must be an ISO 3166-1 alpha-2 code' })
  country?: string[];

  @ApiPropertyOptional({ enum: LEVEL_IDS, isArray: true })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(LEVEL_IDS.length)
  @IsIn(LEVEL_IDS, { each: true, message: `each level must be one of ${LEVEL_IDS.join(', ')}` })
  level?: string[];

  @ApiPropertyOptional({ enum: ['relevance', 'name'] })
  @IsOptional()
  @IsIn(['relevance', 'name'])
  sort?: 'relevance' | 'name';
}

export class VisibilityDto {
  @IsOptional() @IsIn(VISIBILITIES) email?: Visibility;
  @IsOptional() @IsIn(VISIBILITIES) phone?: Visibility;
  @IsOptional() @IsIn(VISIBILITIES) website?: Visibility;
}

const nullable = (field: string) => ValidateIf((o: Record<string, unknown>) => o[field] !== null);

export class UpdateProfileDto {
  @IsOptional() @PlainLine(1, 200) name?: string;
  @IsOptional() @nullable('title') @PlainLine(1, 200) title?: string | null;
  @IsOptional() @PlainLine(1, 200) organisation?: string;

  @IsOptional()
  @IsIn(SECTOR_IDS, { message: `sector must be one of ${SECTOR_IDS.join(', ')}` })
  sector?: string;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.toUpperCase() : value,
  )
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code' })
  country?: string;

  @IsOptional()
  @nullable('level')
  @IsIn(LEVEL_IDS, { message: `level must be one of ${LEVEL_IDS.join(', ')}` })
  level?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  expertise?: string[];

  @IsOptional() @nullable('bio') @PlainText(1, 2000) bio?: string | null;

  @IsOptional()
  @nullable('orcid')
  @IsString()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .trim()
          .replace(/^https?:\/\/orcid\.org\//i, '')
          .toUpperCase()
      : value,
  )
  @Matches(/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/, {
    message: 'orcid must look like 0000-0002-1825-0097',
  })
  orcid?: string | null;

  @IsOptional()
  @nullable('website')
  @IsString()
  @MaxLength(300)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: true },
    { message: 'website must be an http(s) address' },
  )
  website?: string | null;

  @IsOptional()
  @nullable('phone')
  @IsString()
  @Matches(/^\+?[0-9][0-9 ().-]{5,28}[0-9]$/, { message: 'phone must be a telephone number' })
  phone?: string | null;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => VisibilityDto)
  visibility?: VisibilityDto;
}
