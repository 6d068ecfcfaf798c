import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ErasureResponse } from '@contracts';
import { CurrentUser, Roles, type AuthUser } from '@api/common/auth.decorators';
import { UuidParam } from '@api/common/uuid.pipe';
import { EraseUserDto } from './dto/data-rights.dto';
import { ErasureService } from './erasure.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/users')
@Roles('admin')
export class AdminErasureController {
  constructor(private readonly erasure: ErasureService) {}

  @Post(':id/erase')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Erase a member on their request (fresh second factor; audited with the reason); not oneself',
  })
  erase(
    @CurrentUser() actor: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: EraseUserDto,
  ): Promise<ErasureResponse> {
    return this.erasure.eraseByAdmin(actor, id, dto.reason, dto.keepUploads);
  }
}
