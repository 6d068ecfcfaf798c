import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AutoApproveDomain, DomainsResponse } from '@contracts';
import { CurrentUser, Roles, type AuthUser } from '@api/common/auth.decorators';
import { UuidParam } from '@api/common/uuid.pipe';
import { AddDomainDto } from './dto/invitations.dto';
import { DomainsService } from './domains.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/domains')
@Roles('admin')
export class DomainsController {
  constructor(private readonly domains: DomainsService) {}

  @Get()
  @ApiOperation({ summary: 'Auto-approved email domains' })
  list(): Promise<DomainsResponse> {
    return this.domains.list();
  }

  @Post()
  @ApiOperation({
    summary: 'Approve applicants from a domain at once: example.org, or *.police.uk for subdomains',
  })
  add(@CurrentUser() actor: AuthUser, @Body() dto: AddDomainDto): Promise<AutoApproveDomain> {
    return this.domains.add(actor, dto.pattern);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop auto-approving a domain' })
  remove(@CurrentUser() actor: AuthUser, @Param('id', UuidParam) id: string): Promise<void> {
    return this.domains.remove(actor, id);
  }
}
