import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { validateSync } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { DomainError } from '@api/common/domain-error';
import { toDto, validationFailed } from '@api/common/validation';
import { AuditService } from '../audit/audit.service';
import { LoginDto } from './dto/login.dto';
import { DeviceCookies } from './session-cookies';
import { SignInLimiter } from './sign-in-limiter';

/**
 * passport-local, after the body is validated like any other (guards run before pipes) and
 * the attempt is counted: a refused attempt never reaches the password check.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  constructor(
    private readonly limiter: SignInLimiter,
    private readonly devices: DeviceCookies,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {
    super();
  }

  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new DomainError('VALIDATION_FAILED', 'body must be a JSON object', [
        { field: 'body', message: 'must be a JSON object' },
      ]);
    }
    const dto = toDto(LoginDto, body);
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw validationFailed(errors);
    const device = this.devices.deviceFor(req, dto.email);
    await this.limiter.count(req.ip, dto.email, device);
    try {
      const ok = (await super.canActivate(ctx)) as boolean;
      await this.limiter.succeeded(req.ip, dto.email, device);
      return ok;
    } catch (err) {
      if (err instanceof DomainError && err.code === 'INVALID_CREDENTIALS') {
        await this.audit.record(this.dataSource.manager, {
          actorId: null,
          action: 'auth.sign_in_failed',
          targetType: 'user',
          targetId: null,
          detail: {
            email: dto.email.trim().toLowerCase().slice(0, 254),
            ip: req.ip,
            reason: 'wrong email or password',
          },
        });
      }
      throw err;
    }
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err instanceof DomainError) throw err;
    if (err || !user)
      throw new DomainError('INVALID_CREDENTIALS', 'Email or password is not right');
    return user;
  }
}
