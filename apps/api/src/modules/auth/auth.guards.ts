import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ThrottlerGuard } from '@nestjs/throttler';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DomainError } from '@api/common/domain-error';
import { LoginDto } from './dto/login.dto';

/** passport-local, after the body is validated like any other (guards run before pipes). */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const body: unknown = ctx.switchToHttp().getRequest<{ body: unknown }>().body;
    const dto = plainToInstance(LoginDto, body ?? {});
    const errors =
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? validateSync(dto, { whitelist: true, forbidNonWhitelisted: true })
        : [];
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new DomainError('VALIDATION_FAILED', 'body must be a JSON object', [
        { field: 'body', message: 'must be a JSON object' },
      ]);
    }
    if (errors.length > 0) {
      const fields = errors.flatMap((e) =>
        Object.values(e.constraints ?? {}).map((message) => ({ field: e.property, message })),
      );
      throw new DomainError(
        'VALIDATION_FAILED',
        fields.map((f) => `${f.field}: ${f.message}`).join('; '),
        fields,
      );
    }
    return (await super.canActivate(ctx)) as boolean;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err instanceof DomainError) throw err;
    if (err || !user)
      throw new DomainError('INVALID_CREDENTIALS', 'Email or password is not right');
    return user;
  }
}

/** Per address, and per address and account for sign-in, so one user cannot lock out others. */
@Injectable()
export class AuthThrottleGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const body = req.body as { email?: unknown } | undefined;
    const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
    return Promise.resolve(`${String(req.ip)}|${email}`);
  }
}
