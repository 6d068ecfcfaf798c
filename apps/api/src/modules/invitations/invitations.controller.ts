import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CreateInvitationsResponse, Invitation, InvitationLookup, Page } from '@contracts';
import { CurrentUser, Public, Roles, type AuthUser } from '@api/common/auth.decorators';
import { UuidParam } from '@api/common/uuid.pipe';
import { CreateInvitationsDto, InvitationsQuery } from './dto/invitations.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/invitations')
@Roles('admin')
export class InvitationsAdminController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get()
  @ApiOperation({ summary: 'Invitations, newest first; filter by status' })
  list(@Query() query: InvitationsQuery): Promise<Page<Invitation>> {
    return this.invitations.list(query);
  }

  @Post()
  @ApiOperation({
    summary: 'Invite addresses by email; those with an account or an open invitation are skipped',
  })
  create(
    @CurrentUser() actor: AuthUser,
    @Body() dto: CreateInvitationsDto,
  ): Promise<CreateInvitationsResponse> {
    return this.invitations.create(actor, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw an invitation (409 once accepted)' })
  revoke(@CurrentUser() actor: AuthUser, @Param('id', UuidParam) id: string): Promise<void> {
    return this.invitations.revoke(actor, id);
  }
}

@ApiTags('auth')
@Controller('invitations')
export class InvitationLookupController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get(':token')
  @Public()
  @ApiOperation({
    summary: 'The address a valid pending invitation was sent to; 404 for any other token',
  })
  lookup(@Param('token') token: string): Promise<InvitationLookup> {
    return this.invitations.lookup(token);
  }
}
