import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CannedReply, InboxMessage, InboxPage, InboxThread } from '@contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Roles, type AuthUser } from '@api/common/auth.decorators';
import { UuidParam } from '@api/common/uuid.pipe';
import { CannedReplyDto, InboxQuery, OfficerMessageDto, UpdateThreadDto } from './dto/inbox.dto';
import { InboxService } from './inbox.service';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get('threads')
  @Roles('contact_officer')
  @ApiOperation({
    summary:
      'The shared inbox: filters by status, category, assignee (me, none, an id), search; oldest first',
  })
  list(@CurrentUser() user: AuthUser, @Query() query: InboxQuery): Promise<InboxPage> {
    return this.inbox.list(user, query);
  }

  @Get('threads/:id')
  @Roles('contact_officer')
  @ApiOperation({ summary: 'A thread with the whole conversation, internal notes included' })
  get(@Param('id', UuidParam) id: string): Promise<InboxThread> {
    return this.inbox.get(id);
  }

  @Post('threads/:id/messages')
  @Roles('contact_officer')
  @ApiOperation({
    summary: 'Reply (emailed to the sender) or add an internal note (`internal: true`)',
  })
  post(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: OfficerMessageDto,
  ): Promise<InboxMessage> {
    return this.inbox.post(user, id, dto);
  }

  @Patch('threads/:id')
  @Roles('contact_officer')
  @ApiOperation({ summary: 'Set the status, claim or assign (assigneeId null unassigns)' })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateThreadDto,
  ): Promise<InboxThread> {
    return this.inbox.update(user, id, dto);
  }

  @Get('officers')
  @Roles('contact_officer')
  @ApiOperation({ summary: 'Contact officers, to assign threads to' })
  officers(): Promise<{ id: string; name: string }[]> {
    return this.inbox.officers();
  }

  @Get('attachments/:id')
  @Roles('contact_officer')
  @ApiOperation({ summary: 'An attachment' })
  async attachment(
    @Param('id', UuidParam) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.inbox.sendAttachment(request, reply, id);
  }

  @Get('canned-replies')
  @Roles('contact_officer')
  @ApiOperation({ summary: 'Canned replies' })
  cannedReplies(): Promise<CannedReply[]> {
    return this.inbox.cannedReplies();
  }

  @Post('canned-replies')
  @Roles('contact_officer')
  @ApiOperation({ summary: 'Add a canned reply' })
  createCannedReply(
    @CurrentUser() user: AuthUser,
    @Body() dto: CannedReplyDto,
  ): Promise<CannedReply> {
    return this.inbox.saveCannedReply(user, null, dto);
  }

  @Patch('canned-replies/:id')
  @Roles('contact_officer')
  @ApiOperation({ summary: 'Change a canned reply' })
  updateCannedReply(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: CannedReplyDto,
  ): Promise<CannedReply> {
    return this.inbox.saveCannedReply(user, id, dto);
  }

  @Delete('canned-replies/:id')
  @Roles('contact_officer')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a canned reply' })
  deleteCannedReply(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
  ): Promise<void> {
    return this.inbox.deleteCannedReply(user, id);
  }
}
