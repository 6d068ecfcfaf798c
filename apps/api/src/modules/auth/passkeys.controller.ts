import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  LoginResponse,
  PasskeyOptionsResponse,
  PasskeyRegisterResponse,
  PasskeyResponse,
} from '@contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, CurrentUser, Public, type AuthUser } from '@api/common/auth.decorators';
import { requireStepUp } from '@api/common/step-up';
import { UuidParam } from '@api/common/uuid.pipe';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { PasskeyLoginDto, PasskeyLoginOptionsDto, PasskeyRegisterDto } from './dto/passkeys.dto';
import { PasskeySignInService } from './passkey-sign-in.service';
import { PasskeysService } from './passkeys.service';
import { DeviceCookies, sendSession } from './session-cookies';

@ApiTags('auth')
@Controller('auth/passkeys')
export class PasskeysController {
  constructor(
    private readonly passkeys: PasskeysService,
    private readonly signIns: PasskeySignInService,
    private readonly devices: DeviceCookies,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'My passkeys: name, when added and last used' })
  list(@CurrentUser() user: AuthUser): Promise<{ items: PasskeyResponse[] }> {
    return this.passkeys.list(user.id);
  }

  @Post('options')
  @HttpCode(200)
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Start adding a passkey: options for the browser and a single-use challenge token',
  })
  registrationOptions(@CurrentUser() user: AuthUser): Promise<PasskeyOptionsResponse> {
    // Asked here too, so the browser is not prompted for a passkey that would be refused.
    requireStepUp(user);
    return this.passkeys.registrationOptions(user);
  }

  @Post()
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Add a passkey: the browser’s answer to the challenge, and a name' })
  register(
    @CurrentUser() user: AuthUser,
    @Body() dto: PasskeyRegisterDto,
  ): Promise<PasskeyRegisterResponse> {
    requireStepUp(user);
    return this.passkeys.register(user, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Remove one of my passkeys' })
  async remove(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<void> {
    requireStepUp(user);
    await this.passkeys.remove(user, id);
  }

  @Post('login/options')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary:
      'A challenge to sign with a passkey: sign-in without a password (no fields), the second step of a password sign-in (`mfaToken`), or step-up (`stepUp`, signed in)',
  })
  loginOptions(
    @Body() dto: PasskeyLoginOptionsDto,
    @Req() req: FastifyRequest & { user?: AuthUser },
  ): Promise<PasskeyOptionsResponse> {
    return this.signIns.options(dto, req.user, req.ip);
  }

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Sign in with a passkey: an access token and a rotating refresh cookie',
  })
  async login(
    @Body() dto: PasskeyLoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    const { issued, email } = await this.signIns.signIn(dto, {
      ip: req.ip,
      userAgent: req.headers['user-agent'],
    });
    this.devices.set(reply, email, this.config);
    return sendSession(reply, issued, this.config);
  }
}
