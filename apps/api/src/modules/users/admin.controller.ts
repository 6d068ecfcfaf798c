import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ApplicationResponse, AuditEntryResponse, Page } from '@contracts';
import { CurrentUser, Roles, type AuthUser } from '@api/common/auth.decorators';
import { UuidParam } from '@api/common/uuid.pipe';
import { AdminService } from './admin.service';
import {
  ApplicationsQuery,
  AuditQuery,
  DisableDto,
  RejectDto,
  SetRolesDto,
  UsersQuery,
} from './dto/admin.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
@Roles('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('applications')
  @ApiOperation({ summary: 'Applications by status: the pending queue oldest first' })
  applications(@Query() query: ApplicationsQuery): Promise<Page<ApplicationResponse>> {
    return this.admin.applications(query);
  }

  @Post('applications/:id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve: the applicant becomes a member, is told live and by email' })
  approve(@CurrentUser() actor: AuthUser, @Param('id', UuidParam) id: string) {
    return this.admin.approve(actor, id);
  }

  @Post('applications/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject with a reason told to the applicant' })
  reject(
    @CurrentUser() actor: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: RejectDto,
  ): Promise<ApplicationResponse> {
    return this.admin.reject(actor, id, dto.reason);
  }

  @Get('users')
  @ApiOperation({ summary: 'Every account, by name; filter by status, role, text' })
  users(@Query() query: UsersQuery): Promise<Page<ApplicationResponse>> {
    return this.admin.users(query);
  }

  @Put('users/:id/roles')
  @ApiOperation({ summary: 'Replace the roles an approved member holds (member always stays)' })
  setRoles(
    @CurrentUser() actor: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: SetRolesDto,
  ): Promise<ApplicationResponse> {
    return this.admin.setRoles(actor, id, dto.roles);
  }

  @Post('users/:id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable: every session ends at once, open sockets included' })
  disable(
    @CurrentUser() actor: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: DisableDto,
  ): Promise<ApplicationResponse> {
    return this.admin.disable(actor, id, dto.reason);
  }

  @Post('users/:id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled account again' })
  enable(
    @CurrentUser() actor: AuthUser,
    @Param('id', UuidParam) id: string,
  ): Promise<ApplicationResponse> {
    return this.admin.enable(actor, id);
  }

  @Get('audit')
  @ApiOperation({ summary: 'The audit log, newest first' })
  audit(@Query() query: AuditQuery): Promise<Page<AuditEntryResponse>> {
    return this.admin.auditLog(query);
  }
}
