import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page, RealtimeEnvelope } from '@contracts';
import { IsOptional, Matches } from 'class-validator';
import { Authenticated, CurrentUser, type AuthUser } from '@api/common/auth.decorators';
import { PageQuery } from '@api/common/pagination';
import { roomsFor } from '../realtime/realtime.server';
import { NotificationsService } from './notifications.service';

export class NotificationsQuery extends PageQuery {
  /** The last notification id the client has; `cursor` (the list's `nextCursor`) means the same. */
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'after must be a notification id' })
  after?: string;

  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'cursor must be a nextCursor this list issued' })
  declare cursor?: string;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Every realtime event the caller could have received, after an id' })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: NotificationsQuery,
  ): Promise<Page<RealtimeEnvelope>> {
    return this.notifications.listFor(
      roomsFor(user.id, user.sessionId, user.roles),
      user.createdAt,
      query.cursor ?? query.after,
      query.limit,
    );
  }
}
