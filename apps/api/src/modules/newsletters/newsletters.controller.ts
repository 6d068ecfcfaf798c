import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  Newsletter,
  NewsletterPreview,
  NewslettersPage,
  NewsletterSubscription,
  UnsubscribeResult,
} from '@contracts';
import { CurrentUser, Public, Roles, type AuthUser } from '@api/common/auth.decorators';
import { UuidParam } from '@api/common/uuid.pipe';
import {
  CreateNewsletterDto,
  NewslettersQuery,
  PreviewDto,
  PublishNewsletterDto,
  ReturnNewsletterDto,
  UnsubscribeQuery,
  UpdateNewsletterDto,
  UpdateSubscriptionDto,
} from './dto/newsletters.dto';
import { NewslettersService, readerOf } from './newsletters.service';

@ApiTags('newsletters')
@ApiBearerAuth()
@Controller('newsletters')
export class NewslettersController {
  constructor(private readonly newsletters: NewslettersService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary:
      'Published issues, newest first (public ones without signing in); editors may ask for other statuses',
  })
  list(
    @CurrentUser() user: AuthUser | undefined,
    @Query() query: NewslettersQuery,
  ): Promise<NewslettersPage> {
    return this.newsletters.list(readerOf(user), query);
  }

  @Get('subscription')
  @Roles('member')
  @ApiOperation({ summary: 'Which issues I get by email' })
  subscription(@CurrentUser() user: AuthUser): Promise<NewsletterSubscription> {
    return this.newsletters.subscription(user.id);
  }

  @Put('subscription')
  @Roles('member')
  @ApiOperation({
    summary: 'All issues, only issues touching some topics, or none ({ all: false, topics: [] })',
  })
  updateSubscription(
    @CurrentUser() user: AuthUser,
    @Body() dto: UpdateSubscriptionDto,
  ): Promise<NewsletterSubscription> {
    return this.newsletters.updateSubscription(user.id, dto);
  }

  @Post('unsubscribe')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'One-click unsubscribe (RFC 8058) with the signed token from the email',
  })
  unsubscribe(@Query() query: UnsubscribeQuery): Promise<UnsubscribeResult> {
    return this.newsletters.unsubscribe(query.token);
  }

  @Post('preview')
  @Roles('editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'The sanitised HTML readers would get for some Markdown' })
  preview(@Body() dto: PreviewDto): NewsletterPreview {
    return this.newsletters.preview(dto.body);
  }

  @Get(':id')
  @Public()
  @ApiOperation({
    summary:
      'An issue: published public ones to anyone, members-only ones to members, any to editors',
  })
  get(
    @CurrentUser() user: AuthUser | undefined,
    @Param('id', UuidParam) id: string,
  ): Promise<Newsletter> {
    return this.newsletters.get(readerOf(user), id);
  }

  @Post()
  @Roles('editor')
  @ApiOperation({ summary: 'Start a draft' })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateNewsletterDto): Promise<Newsletter> {
    return this.newsletters.create(actor, dto);
  }

  @Patch(':id')
  @Roles('editor')
  @ApiOperation({ summary: 'Edit a draft (autosave); 409 once submitted' })
  update(
    @CurrentUser() actor: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateNewsletterDto,
  ): Promise<Newsletter> {
    return this.newsletters.update(actor, id, dto);
  }

  @Delete(':id')
  @Roles('editor')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an issue that is not published (calls off a schedule)' })
  remove(@CurrentUser() actor: AuthUser, @Param('id', UuidParam) id: string): Promise<void> {
    return this.newsletters.remove(actor, id);
  }

  @Post(':id/submit')
  @Roles('editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit a draft for clearance' })
  submit(@CurrentUser() actor: AuthUser, @Param('id', UuidParam) id: string): Promise<Newsletter> {
    return this.newsletters.submit(actor, id);
  }

  @Post(':id/clear')
  @Roles('editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Clear a submitted issue (never its author or last editor)' })
  clear(@CurrentUser() actor: AuthUser, @Param('id', UuidParam) id: string): Promise<Newsletter> {
    return this.newsletters.clear(actor, id);
  }

  @Post(':id/return')
  @Roles('editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a submitted issue back to its draft with comments' })
  returnForChanges(
    @CurrentUser() actor: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: ReturnNewsletterDto,
  ): Promise<Newsletter> {
    return this.newsletters.returnForChanges(actor, id, dto.comment);
  }

  @Post(':id/publish')
  @Roles('editor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publish a cleared issue now, or at `at`; 409 when already published',
  })
  publish(
    @CurrentUser() actor: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: PublishNewsletterDto | undefined,
  ): Promise<Newsletter> {
    return this.newsletters.publish(actor, id, dto?.at);
  }

  @Post(':id/unschedule')
  @Roles('editor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Call off a scheduled publication (back to cleared)' })
  unschedule(
    @CurrentUser() actor: AuthUser,
    @Param('id', UuidParam) id: string,
  ): Promise<Newsletter> {
    return this.newsletters.unschedule(actor, id);
  }
}
