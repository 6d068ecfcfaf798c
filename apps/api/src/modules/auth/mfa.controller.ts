import { Body, Controller, Delete, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RecoveryCodesResponse, StepUpResponse, TotpSetupResponse } from '@contracts';
import { Authenticated, CurrentUser, type AuthUser } from '@api/common/auth.decorators';
import { CodeDto, OptionalCodeDto, StepUpDto } from './dto/account.dto';
import { MfaService } from './mfa.service';

/** The authenticator app, recovery codes and step-up. */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class MfaController {
  constructor(private readonly mfa: MfaService) {}

  @Post('mfa/totp')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Start setting up an authenticator app: its secret and otpauth:// URL' })
  setup(@CurrentUser() user: AuthUser): Promise<TotpSetupResponse> {
    return this.mfa.setupTotp(user);
  }

  @Post('mfa/totp/confirm')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Confirm the app with a code: TOTP is on, ten recovery codes shown once',
  })
  confirm(@CurrentUser() user: AuthUser, @Body() dto: CodeDto): Promise<RecoveryCodesResponse> {
    return this.mfa.confirmTotp(user, dto.code);
  }

  @Delete('mfa/totp')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Remove the authenticator app (with a current code)' })
  async remove(@CurrentUser() user: AuthUser, @Body() dto: CodeDto): Promise<void> {
    await this.mfa.disableTotp(user, dto.code);
  }

  @Post('mfa/recovery-codes')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary:
      'A new set of recovery codes (with a current code, or after a step-up); the old stop working',
  })
  recoveryCodes(
    @CurrentUser() user: AuthUser,
    @Body() dto: OptionalCodeDto,
  ): Promise<RecoveryCodesResponse> {
    return this.mfa.regenerateRecoveryCodes(user, dto.code);
  }

  @Post('step-up')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Prove a factor again: an access token good for 5 minutes on routes that ask for one',
  })
  stepUp(@CurrentUser() user: AuthUser, @Body() dto: StepUpDto): Promise<StepUpResponse> {
    return this.mfa.stepUp(user, dto);
  }
}
