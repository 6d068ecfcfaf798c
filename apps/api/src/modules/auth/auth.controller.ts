import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LoginResponse, LoginResult, RegisterResponse, UserResponse } from '@contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { Authenticated, CurrentUser, Public, type AuthUser } from '@api/common/auth.decorators';
import type { UserEntity } from '../users/user.entity';
import { RateLimiter } from '../throttle/rate-limiter';
import { LocalAuthGuard } from './auth.guards';
import { AuthService } from './auth.service';
import { LoginMfaDto } from './dto/account.dto';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';
import { MfaService } from './mfa.service';
import { clearSessionCookie, DeviceCookies, REFRESH_COOKIE, sendSession } from './session-cookies';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly mfa: MfaService,
    private readonly limiter: RateLimiter,
    private readonly devices: DeviceCookies,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('register')
  @Public()
  @ApiOperation({ summary: 'Apply to join the network; a link to prove the address is mailed' })
  async register(@Body() dto: RegisterDto, @Req() req: FastifyRequest): Promise<RegisterResponse> {
    await this.limiter.consume(
      [
        {
          key: `register:ip:${req.ip}`,
          rule: { limit: this.config.registerRateLimit, windowMs: 60_000 },
        },
      ],
      'Too many applications from this address: please try again in a minute',
    );
    return this.auth.register(dto);
  }

  @Post('login')
  @HttpCode(200)
  @Public()
  @UseGuards(LocalAuthGuard)
  @ApiOperation({
    summary:
      'Sign in: an access token and a rotating refresh cookie, or, with a second factor on the account, `mfaRequired` and an `mfaToken`',
  })
  async login(
    @Body() _dto: LoginDto,
    @Req() req: FastifyRequest & { user: UserEntity },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResult> {
    const result = await this.auth.signIn(req.user, {
      ip: req.ip,
      userAgent: req.headers['user-agent'],
    });
    if ('mfaRequired' in result) {
      void reply.header('cache-control', 'no-store');
      return result;
    }
    this.devices.set(reply, req.user.email, this.config);
    return sendSession(reply, result, this.config);
  }

  @Post('login/mfa')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'The second step of a sign-in: a TOTP or recovery code' })
  async loginMfa(
    @Body() dto: LoginMfaDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    const { issued, email } = await this.mfa.completeLogin(dto.mfaToken, dto.code);
    this.devices.set(reply, email, this.config);
    return sendSession(reply, issued, this.config);
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'A new access token for the refresh cookie, which rotates' })
  async refresh(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    try {
      return sendSession(reply, await this.auth.refresh(req.cookies[REFRESH_COOKIE]), this.config);
    } catch (err) {
      clearSessionCookie(reply);
      throw err;
    }
  }

  @Post('logout')
  @HttpCode(204)
  @Public()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Sign out: the session ends on HTTP and on open sockets' })
  async logout(
    @Req() req: FastifyRequest & { user?: AuthUser },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(req.cookies[REFRESH_COOKIE], req.user?.sessionId);
    clearSessionCookie(reply);
  }

  @Get('me')
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The signed-in user: status, effective roles, verified address, second factors',
  })
  me(@CurrentUser() user: AuthUser): Promise<UserResponse> {
    return this.auth.me(user.id);
  }
}
