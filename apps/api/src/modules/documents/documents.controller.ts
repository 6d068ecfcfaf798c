import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DocumentsPage, LibraryDocument, UploadLimits } from '@contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Roles, type AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { UuidParam } from '@api/common/uuid.pipe';
import { DocumentFilesService } from './document-files.service';
import { DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';
import {
  ApproveDocumentDto,
  DocumentsQuery,
  DownloadQuery,
  RejectDocumentDto,
} from './dto/documents.dto';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly files: DocumentFilesService,
    private readonly repo: DocumentsRepository,
  ) {}

  @Get()
  @Roles('member')
  @ApiOperation({
    summary:
      'Search the library: full text with snippets, filters, cursor paging; `mine` for my uploads, `status` for moderators',
  })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: DocumentsQuery,
    @Headers('cache-control') cacheControl?: string,
  ): Promise<DocumentsPage> {
    // `Cache-Control: no-cache` asks for an answer computed afresh, not a cached one.
    return this.documents.list(user, query, { fresh: /\bno-cache\b/i.test(cacheControl ?? '') });
  }

  @Get('limits')
  @Roles('member')
  @ApiOperation({ summary: 'Largest upload, accepted types and markings' })
  limits(): UploadLimits {
    return this.documents.limits();
  }

  @Post()
  @Roles('member')
  @ApiConsumes('multipart/form-data')
  @ApiOperation({
    summary:
      'Upload (multipart: metadata fields and one `file` part): 201 published or quarantined; 200 with `duplicate` when the file is already in the library',
  })
  async upload(
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LibraryDocument> {
    const { document, created } = await this.documents.upload(user, request);
    void reply.code(created ? 201 : 200);
    if (created) void reply.header('location', `/api/documents/${document.id}`);
    return document;
  }

  @Get(':id')
  @Roles('member')
  @ApiOperation({
    summary: 'A document with its versions (and its review, for moderators and the uploader)',
  })
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<LibraryDocument> {
    return this.documents.get(user, id);
  }

  @Get(':id/download')
  @Roles('member')
  @ApiOperation({
    summary: 'The current (or `?version=n`) file: ETag, If-None-Match, Range/If-Range, attachment',
  })
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Query() query: DownloadQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const row = await this.documents.visible(user, id);
    if (row.status === 'rejected') {
      throw new DomainError('DOCUMENT_NOT_FOUND', 'The file of a rejected document is deleted');
    }
    const version = query.version ?? row.current_version;
    const file =
      version === row.current_version
        ? { sha256: row.sha256, size: row.size, file_name: row.file_name, mime: row.mime }
        : await this.repo.version(id, version);
    if (!file)
      throw new DomainError('DOCUMENT_NOT_FOUND', `The document has no version ${version}`);
    await this.files.send(request, reply, row, file);
  }

  @Post(':id/versions')
  @Roles('member')
  @ApiConsumes('multipart/form-data')
  @ApiOperation({
    summary: 'Add a new version (multipart `file` part; the uploader or a moderator)',
  })
  async addVersion(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LibraryDocument> {
    const { document, created } = await this.documents.addVersion(user, id, request);
    void reply.code(created ? 201 : 200);
    return document;
  }

  @Post(':id/approve')
  @Roles('moderator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a quarantined document (moderators)' })
  approve(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: ApproveDocumentDto | undefined,
  ): Promise<LibraryDocument> {
    return this.documents.approve(user, id, dto?.reason);
  }

  @Post(':id/reject')
  @Roles('moderator')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reject a quarantined document with a reason; its file and text are deleted',
  })
  reject(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: RejectDocumentDto,
  ): Promise<LibraryDocument> {
    return this.documents.reject(user, id, dto.reason);
  }

  @Delete(':id')
  @Roles('member')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a document and all its versions (the uploader or a moderator)' })
  remove(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<void> {
    return this.documents.remove(user, id);
  }
}
