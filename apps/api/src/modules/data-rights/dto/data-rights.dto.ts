import type { CloseAccountRequest, EraseUserRequest } from '@contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PlainText } from '@api/common/text.validators';

export class CloseAccountDto implements CloseAccountRequest {
  @ApiProperty({ description: 'Your current password', maxLength: 128 })
  @IsString()
  @Length(1, 128)
  password: string;

  @ApiProperty({ description: 'Keep my library uploads (as by "Former member"), or remove them' })
  @IsBoolean()
  keepUploads: boolean;
}

export class EraseUserDto implements EraseUserRequest {
  @ApiProperty({ description: 'Why (the member’s request), for the audit log', maxLength: 2000 })
  @PlainText(1, 2000)
  reason: string;

  @ApiProperty({
    description: 'Keep their library uploads (as by "Former member"), or remove them',
  })
  @IsBoolean()
  keepUploads: boolean;
}

export class ExportDownloadQuery {
  @ApiPropertyOptional({ description: 'The token of the download link' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  token?: string;
}
