import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LoginResponse, RegisterResponse, UserResponse } from '@contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { Authenticated, CurrentUser, Public, type AuthUser } from '@api/common/auth.decorators';
import { toUserResponse } from '../users/dto/user.response';
import type { UserEntity } from '../users/user.entity';
import { LocalAuthGuard, RegisterThrottleGuard } from './auth.guards';
import { AuthService, type IssuedSession } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';

export const REFRESH_COOKIE = 'ocvrn_refresh';
const COOKIE_PATH = '/api/auth';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('register')
  @Public()
  @UseGuards(RegisterThrottleGuard)
  @ApiOperation({ summary: 'Apply to join the network' })
  register(@Body() dto: RegisterDto): Promise<RegisterResponse> {
    return this.auth.register(dto);
  }

  @Post('login')
  @HttpCode(200)
  @Public()
  @UseGuards(LocalAuthGuard)
  @ApiOperation({ summary: 'Sign in: an access token, and a rotating refresh cookie' })
  async login(
    @Body() _dto: LoginDto,
    @Req() req: FastifyRequest & { user: UserEntity },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    const issued = await this.auth.startSession(req.user, req.headers['user-agent']);
    return this.respond(reply, issued);
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
      return this.respond(reply, await this.auth.refresh(req.cookies[REFRESH_COOKIE]));
    } catch (err) {
      void reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
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
    void reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
  }

  @Get('me')
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user, with status and effective roles' })
  async me(@CurrentUser() user: AuthUser): Promise<UserResponse> {
    return toUserResponse(await this.auth.me(user.id));
  }

  private respond(reply: FastifyReply, issued: IssuedSession): LoginResponse {
    void reply.setCookie(REFRESH_COOKIE, issued.refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.secureCookies,
      path: COOKIE_PATH,
      expires: issued.refreshExpiresAt,
    });
    void reply.header('cache-control', 'no-store');
    return { accessToken: issued.accessToken, expiresIn: issued.expiresIn, user: issued.user };
  }
}
