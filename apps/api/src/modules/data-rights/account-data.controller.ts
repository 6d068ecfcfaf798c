import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DataExportRequestedResponse, DataExportResponse, ErasureResponse } from '@contracts';
import type { FastifyReply } from 'fastify';
import { Authenticated, CurrentUser, type AuthUser } from '@api/common/auth.decorators';
import { UuidParam } from '@api/common/uuid.pipe';
import { contentDisposition } from '../documents/file-name';
import { DataExportService } from './data-export.service';
import { CloseAccountDto, ExportDownloadQuery } from './dto/data-rights.dto';
import { ErasureService } from './erasure.service';

/** A member's rights over their data: a copy of it, and closing the account. */
@ApiTags('account')
@ApiBearerAuth()
@Controller('account')
export class AccountDataController {
  constructor(
    private readonly exports: DataExportService,
    private readonly erasure: ErasureService,
  ) {}

  @Post('export')
  @HttpCode(202)
  @Authenticated()
  @ApiOperation({
    summary:
      'Ask for a copy of all my data (one a day): a ZIP is prepared, then I am told live and by email',
  })
  request(@CurrentUser() user: AuthUser): Promise<DataExportRequestedResponse> {
    return this.exports.request(user);
  }

  @Get('exports')
  @Authenticated()
  @ApiOperation({ summary: 'My latest export requests, newest first' })
  list(@CurrentUser() user: AuthUser): Promise<{ items: DataExportResponse[] }> {
    return this.exports.list(user);
  }

  @Get('exports/:id')
  @Authenticated()
  @ApiOperation({ summary: 'One export: its status, and the download link while it lasts' })
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
  ): Promise<DataExportResponse> {
    return this.exports.get(user, id);
  }

  @Get('exports/:id/download')
  @Authenticated()
  @ApiOperation({
    summary: 'Download the ZIP (its owner, with the link token); 410 once it has expired',
  })
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Query() query: ExportDownloadQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.exports.open(user, id, query.token);
    await reply
      .code(200)
      .header('content-type', 'application/zip')
      .header('content-length', file.size)
      .header('content-disposition', contentDisposition(file.fileName))
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(file.stream);
  }

  @Delete()
  @HttpCode(202)
  @Authenticated()
  @ApiOperation({
    summary:
      'Close my account: confirmed with my password; the profile is erased, every session ends',
  })
  close(@CurrentUser() user: AuthUser, @Body() dto: CloseAccountDto): Promise<ErasureResponse> {
    return this.erasure.close(user, dto.password, dto.keepUploads);
  }
}
