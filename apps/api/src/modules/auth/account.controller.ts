import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ChangeEmailResponse, VerifyEmailResponse } from '@contracts';
import type { FastifyRequest } from 'fastify';
import { Authenticated, CurrentUser, Public, type AuthUser } from '@api/common/auth.decorators';
import {
  ChangeEmailDto,
  ChangePasswordDto,
  ForgotPasswordDto,
  ResetPasswordDto,
  VerifyEmailDto,
} from './dto/account.dto';
import { EmailVerificationService } from './email-verification.service';
import { PasswordsService } from './passwords.service';

/** Proving addresses, recovering and changing passwords. */
@ApiTags('auth')
@Controller('auth')
export class AccountController {
  constructor(
    private readonly verification: EmailVerificationService,
    private readonly passwords: PasswordsService,
  ) {}

  @Post('verify-email')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary:
      'Follow an emailed link: the address is proved (an auto-approved domain is approved now)',
  })
  verify(@Body() dto: VerifyEmailDto): Promise<VerifyEmailResponse> {
    return this.verification.verify(dto.token);
  }

  @Post('verify-email/resend')
  @HttpCode(202)
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'A fresh link to my address (5 an hour)' })
  async resend(@CurrentUser() user: AuthUser): Promise<{ sent: true }> {
    await this.verification.resend(user);
    return { sent: true };
  }

  @Post('email/change')
  @HttpCode(202)
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Change my address: a link goes to the new one, the old one is told; the change happens when the link is followed',
  })
  changeEmail(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangeEmailDto,
  ): Promise<ChangeEmailResponse> {
    return this.verification.change(user, dto.email, dto.password);
  }

  @Post('password/forgot')
  @HttpCode(202)
  @Public()
  @ApiOperation({
    summary: 'Mail a reset link (30 minutes) — the same answer whether or not the account exists',
  })
  async forgot(
    @Body() dto: ForgotPasswordDto,
    @Req() req: FastifyRequest,
  ): Promise<{ accepted: true }> {
    await this.passwords.forgot(dto.email, req.ip);
    return { accepted: true };
  }

  @Post('password/reset')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'A new password from a reset link; every session ends' })
  async reset(@Body() dto: ResetPasswordDto): Promise<{ passwordChanged: true }> {
    await this.passwords.reset(dto.token, dto.password);
    return { passwordChanged: true };
  }

  @Post('password/change')
  @HttpCode(200)
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change my password; every other session ends' })
  async change(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
  ): Promise<{ passwordChanged: true }> {
    await this.passwords.change(user, dto.currentPassword, dto.newPassword);
    return { passwordChanged: true };
  }
}
