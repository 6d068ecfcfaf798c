import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuditVerifyResponse } from '@contracts';
import { Roles } from '@api/common/auth.decorators';
import { AuditService } from './audit.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/audit')
@Roles('admin')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @ApiOperation({
    summary: 'Whether the audit log hash chain holds, and where it first breaks',
  })
  verify(): Promise<AuditVerifyResponse> {
    return this.audit.verify();
  }
}
