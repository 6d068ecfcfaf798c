import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RetentionResponse, RetentionRunResponse } from '@contracts';
import { CurrentUser, Roles, type AuthUser } from '@api/common/auth.decorators';
import { UpdateRetentionDto } from './dto/retention.dto';
import { RetentionService } from './retention.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/retention')
@Roles('admin')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get()
  @ApiOperation({ summary: 'How long each kind of record is kept, and each rule’s last run' })
  get(): Promise<RetentionResponse> {
    return this.retention.overview();
  }

  @Put()
  @ApiOperation({
    summary: 'Change the days of some rules (0 keeps for ever where allowed); audited',
  })
  update(
    @CurrentUser() actor: AuthUser,
    @Body() dto: UpdateRetentionDto,
  ): Promise<RetentionResponse> {
    return this.retention.update(actor, dto);
  }

  @Post('run')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Run every rule now (one run at a time; 409 while one is under way); audited',
  })
  run(@CurrentUser() actor: AuthUser): Promise<RetentionRunResponse> {
    return this.retention.requestRun(actor);
  }
}
