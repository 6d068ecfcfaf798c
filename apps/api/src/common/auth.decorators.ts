import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role, UserStatus } from '@contracts';

export const ACCESS_KEY = 'ocvrn:access';

/**
 * Who may call a route. Every route declares one of these; a route without a declaration
 * is refused (fail closed).
 * - `public`: anyone, signed in or not.
 * - `authenticated`: any signed-in user, applicants included.
 * - a list of roles: a signed-in user holding at least one of them.
 */
export type AccessRule =
  { kind: 'public' } | { kind: 'authenticated' } | { kind: 'roles'; roles: Role[] };

export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule);
export const Authenticated = () =>
  SetMetadata(ACCESS_KEY, { kind: 'authenticated' } satisfies AccessRule);
export const Roles = (...roles: Role[]) =>
  SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies AccessRule);

/** The identity behind a request, loaded fresh from the database on every request. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  status: UserStatus;
  roles: Role[];
  sessionId: string;
  createdAt: Date;
  emailVerified: boolean;
  /** The account has a second factor (TOTP or a passkey). */
  hasFactor: boolean;
  /** Holds a role of MFA_REQUIRED_ROLES without a factor: only `/auth/*` answers. */
  mfaEnrolmentRequired: boolean;
  /** A generated password not yet changed: only `/auth/*` answers. */
  passwordChangeRequired: boolean;
  /** When this access token's holder last proved a factor (step-up), if they did. */
  stepUpAt: Date | null;
}

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser | undefined =>
    ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user,
);
