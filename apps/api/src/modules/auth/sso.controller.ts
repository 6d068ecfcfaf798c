import { Controller, Get, Inject, Logger, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  SSO_COMPLETE_PATH,
  SSO_ERROR_CODES,
  type SsoErrorCode,
  type SsoProvidersResponse,
} from '@contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { RateLimiter } from '../throttle/rate-limiter';
import { SsoProvidersQuery, SsoStartQuery } from './dto/sso.dto';
import { DeviceCookies, setRefreshCookie } from './session-cookies';
import { SSO_CHALLENGE_TTL_MS, SSO_COOKIE, SSO_COOKIE_PATH, SsoService } from './sso.service';

/** The longest query a provider's redirect may carry (a code, state, iss, session_state…). */
const MAX_CALLBACK_QUERY = 4096;

/**
 * Single sign-on (OpenID Connect). `start` and `callback` are browser navigations, not API
 * calls: they answer with redirects, and a failure past the provider lands on the SPA's
 * `/sso/complete?error=<code>` page rather than a JSON problem. Bad input and an unknown
 * provider are still problems (400, 404).
 */
@ApiTags('auth')
@Controller('auth/sso')
export class SsoController {
  private readonly logger = new Logger(SsoController.name);

  constructor(
    private readonly sso: SsoService,
    private readonly limiter: RateLimiter,
    private readonly devices: DeviceCookies,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'The single sign-on providers; with `?email=`, only those that sign in that address',
  })
  list(@Query() query: SsoProvidersQuery): SsoProvidersResponse {
    return { items: this.sso.list(query.email) };
  }

  @Get(':id/start')
  @Public()
  @ApiOperation({
    summary:
      'Begins a sign-in at the provider: 302 to its authorization endpoint (code flow, PKCE S256)',
  })
  async start(
    @Param('id') id: string,
    @Query() query: SsoStartQuery,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.sso.provider(id);
    void reply.header('cache-control', 'no-store');
    let location: string;
    try {
      await this.count(req);
      const started = await this.sso.start(id, query);
      void reply.setCookie(SSO_COOKIE, started.challenge, {
        httpOnly: true,
        // The provider sends the browser back from another site: Strict would withhold it.
        sameSite: 'lax',
        secure: this.config.secureCookies,
        path: SSO_COOKIE_PATH,
        maxAge: SSO_CHALLENGE_TTL_MS / 1000,
      });
      location = started.url;
    } catch (err) {
      location = this.failure(id, err);
    }
    await reply.redirect(location, 302);
  }

  @Get(':id/callback')
  @Public()
  @ApiOperation({
    summary:
      'Where the provider sends the browser back: signs in (refresh cookie) and redirects to the SPA',
  })
  async callback(
    @Param('id') id: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.sso.provider(id);
    void reply.header('cache-control', 'no-store');
    void reply.clearCookie(SSO_COOKIE, { path: SSO_COOKIE_PATH });
    let location: string;
    try {
      await this.count(req);
      const at = req.url.indexOf('?');
      const query = at < 0 ? '' : req.url.slice(at + 1);
      if (query.length > MAX_CALLBACK_QUERY) {
        throw new DomainError('SSO_FAILED', 'The provider answered with too much');
      }
      const signedIn = await this.sso.complete(id, req.cookies[SSO_COOKIE], query, {
        ip: req.ip,
        userAgent: req.headers['user-agent'],
      });
      const returnTo = encodeURIComponent(signedIn.returnTo ?? '/');
      if (signedIn.mfa) {
        // The account's own second factor completes it on the SPA's page (single use, 5 min).
        const { mfaToken, methods } = signedIn.mfa;
        location = `${SSO_COMPLETE_PATH}?mfaToken=${encodeURIComponent(mfaToken)}&methods=${methods.join(',')}&returnTo=${returnTo}`;
      } else {
        setRefreshCookie(reply, signedIn.issued, this.config);
        this.devices.set(reply, signedIn.email, this.config);
        location = `${SSO_COMPLETE_PATH}?returnTo=${returnTo}`;
      }
    } catch (err) {
      location = this.failure(id, err);
    }
    await reply.redirect(location, 302);
  }

  /** Start and callback attempts an address may make a minute. */
  private count(req: FastifyRequest) {
    return this.limiter.consume(
      [
        {
          key: `sso:ip:${req.ip}`,
          rule: { limit: this.config.authIpRateLimit, windowMs: 60_000 },
        },
      ],
      'Too many sign-in attempts: please wait before trying again',
    );
  }

  /** The SPA's error page for a failed sign-in, naming only a code. */
  private failure(id: string, err: unknown): string {
    const known = (SSO_ERROR_CODES as readonly string[]).includes(
      err instanceof DomainError ? err.code : '',
    );
    if (!known) {
      this.logger.error(
        `single sign-on "${id}" failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
    const code = known ? ((err as DomainError).code as SsoErrorCode) : 'SSO_FAILED';
    return `${SSO_COMPLETE_PATH}?error=${code}`;
  }
}
