import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ThrottlerGuard } from '@nestjs/throttler';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DomainError } from '@api/common/domain-error';
import { validationFailed } from '@api/common/validation';
import { LoginDto } from './dto/login.dto';
import { SignInLimiter } from './sign-in-limiter';

/** passport-local, after the body is validated like any other (guards run before pipes). */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  constructor(private readonly limiter: SignInLimiter) {
    super();
  }

  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<{ body: unknown; ip: string }>();
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new DomainError('VALIDATION_FAILED', 'body must be a JSON object', [
        { field: 'body', message: 'must be a JSON object' },
      ]);
    }
    const dto = plainToInstance(LoginDto, body);
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw validationFailed(errors);
    this.limiter.check(req.ip, dto.email);
    try {
      return (await super.canActivate(ctx)) as boolean;
    } catch (err) {
      if (err instanceof DomainError && err.code === 'INVALID_CREDENTIALS') {
        this.limiter.fail(req.ip, dto.email);
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

/** Applications to join: a budget per address (REGISTER_RATE_LIMIT a minute). */
@Injectable()
export class RegisterThrottleGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    return Promise.resolve(`register|${String(req.ip)}`);
  }
}
