import { ExecutionContext, Injectable, Logger, type CanActivate } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ACCESS_KEY, type AccessRule, type AuthUser } from './auth.decorators';
import { DomainError } from './domain-error';

function ruleOf(reflector: Reflector, ctx: ExecutionContext): AccessRule | undefined {
  return reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
    ctx.getHandler(),
    ctx.getClass(),
  ]);
}

/**
 * First guard: authenticates the bearer token (passport-jwt) on every non-public route.
 * On public routes a valid token still identifies the caller; a bad one is ignored.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const rule = ruleOf(this.reflector, ctx);
    if (rule?.kind === 'public') {
      const req = ctx.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
      if (!req.headers.authorization) return true;
      try {
        await super.canActivate(ctx);
      } catch {
        // anonymous
      }
      return true;
    }
    return (await super.canActivate(ctx)) as boolean;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err || !user) throw new DomainError('UNAUTHENTICATED', 'Sign in to continue');
    return user;
  }
}

/**
 * Second guard: the route's declared rule against the caller's effective roles. A route
 * that declares nothing is refused, so a forgotten decorator fails closed.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly logger = new Logger(RolesGuard.name);

  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const rule = ruleOf(this.reflector, ctx);
    if (!rule) {
      this.logger.error(`${ctx.getClass().name}.${ctx.getHandler().name} declares no access rule`);
      throw new DomainError('FORBIDDEN', 'This route is closed');
    }
    if (rule.kind === 'public') return true;
    const user = ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Sign in to continue');
    // Until a generated password is replaced and a required second factor enrolled, only the
    // account routes answer.
    const url = ctx.switchToHttp().getRequest<{ url: string }>().url;
    if (!url.startsWith('/api/auth/')) {
      if (user.passwordChangeRequired) {
        throw new DomainError('PASSWORD_CHANGE_REQUIRED', 'Choose a new password first');
      }
      if (user.mfaEnrolmentRequired) {
        throw new DomainError(
          'MFA_ENROLMENT_REQUIRED',
          'Your role needs a second factor: set up an authenticator app or a passkey first',
        );
      }
    }
    if (rule.kind === 'authenticated') return true;
    if (rule.roles.some((r) => user.roles.includes(r))) return true;
    throw new DomainError('FORBIDDEN', 'Your roles do not allow this');
  }
}
