import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ContactReceipt, TrackedMessage, TrackedThread } from '@contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public, Roles, type AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { newSecretToken } from '@api/common/secret-token';
import { UuidParam } from '@api/common/uuid.pipe';
import { ContactService } from './contact.service';
import { newReference, REFERENCE } from './contact-reference';
import { TrackingQuery } from './dto/inbox.dto';

function referenceOf(value: string): string {
  if (!REFERENCE.test(value)) {
    throw new DomainError('THREAD_NOT_FOUND', 'No conversation matches this link');
  }
  return value;
}

@ApiTags('contact')
@Controller('contact')
export class ContactController {
  constructor(private readonly contact: ContactService) {}

  @Post()
  @Public()
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiOperation({
    summary:
      'Write to the contact point (no account needed): 201 with the reference and a tracking token, also emailed',
  })
  async submit(
    @CurrentUser() user: AuthUser | undefined,
    @Req() request: FastifyRequest,
    @Body() body: unknown,
  ): Promise<ContactReceipt> {
    const receipt = await this.contact.submit(request, body, user);
    if (receipt) return receipt;
    // The honeypot was filled: a receipt of the usual shape that opens nothing.
    const token = newSecretToken();
    const reference = newReference();
    return {
      reference,
      trackingToken: token,
      trackingUrl: this.contact.trackingUrl(reference, token),
    };
  }

  @Get('mine')
  @Roles('member')
  @ApiOperation({ summary: 'The conversations I started while signed in' })
  mine(@CurrentUser() user: AuthUser) {
    return this.contact.mine(user);
  }

  @Get('mine/:reference')
  @Roles('member')
  @ApiOperation({ summary: 'One of my conversations' })
  mineThread(
    @CurrentUser() user: AuthUser,
    @Param('reference') reference: string,
  ): Promise<TrackedThread> {
    return this.contact.mineThread(user, referenceOf(reference));
  }

  @Post('mine/:reference/messages')
  @Roles('member')
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiOperation({ summary: 'Write again in one of my conversations' })
  mineReply(
    @CurrentUser() user: AuthUser,
    @Param('reference') reference: string,
    @Req() request: FastifyRequest,
    @Body() body: unknown,
  ): Promise<TrackedMessage> {
    return this.contact.reply(request, body, { reference: referenceOf(reference), user });
  }

  @Get('mine/:reference/attachments/:attachmentId')
  @Roles('member')
  @ApiOperation({ summary: 'An attachment of one of my conversations' })
  async mineAttachment(
    @CurrentUser() user: AuthUser,
    @Param('reference') reference: string,
    @Param('attachmentId', UuidParam) attachmentId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.contact.sendAttachment(
      request,
      reply,
      { reference: referenceOf(reference), user },
      attachmentId,
    );
  }

  @Get(':reference')
  @Public()
  @ApiOperation({ summary: 'A conversation by its tracking link (internal notes never appear)' })
  track(
    @Param('reference') reference: string,
    @Query() query: TrackingQuery,
  ): Promise<TrackedThread> {
    return this.contact.track(referenceOf(reference), query.token);
  }

  @Post(':reference/messages')
  @Public()
  @HttpCode(201)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiOperation({ summary: 'Reply in a conversation by its tracking link' })
  reply(
    @Param('reference') reference: string,
    @Query() query: TrackingQuery,
    @Req() request: FastifyRequest,
    @Body() body: unknown,
  ): Promise<TrackedMessage> {
    return this.contact.reply(request, body, {
      reference: referenceOf(reference),
      token: query.token,
    });
  }

  @Get(':reference/attachments/:attachmentId')
  @Public()
  @ApiOperation({ summary: 'An attachment of the conversation, by its tracking link' })
  async attachment(
    @Param('reference') reference: string,
    @Param('attachmentId', UuidParam) attachmentId: string,
    @Query() query: TrackingQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.contact.sendAttachment(
      request,
      reply,
      { reference: referenceOf(reference), token: query.token },
      attachmentId,
    );
  }
}
