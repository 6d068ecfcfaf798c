import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SessionResponse } from '@contracts';
import { Authenticated, CurrentUser, type AuthUser } from '@api/common/auth.decorators';
import { UuidParam } from '@api/common/uuid.pipe';
import { SessionsService } from './sessions.service';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'My sessions: device, address, when they began and were last used' })
  list(@CurrentUser() user: AuthUser): Promise<{ items: SessionResponse[] }> {
    return this.sessions.list(user);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'End one of my sessions (its sockets are dropped)' })
  async end(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<void> {
    await this.sessions.end(user, id);
  }

  @Delete()
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'End every session but this one' })
  endOthers(@CurrentUser() user: AuthUser): Promise<{ ended: number }> {
    return this.sessions.endOthers(user);
  }
}
