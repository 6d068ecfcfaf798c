import type { AuthUser } from './auth.decorators';
import { DomainError } from './domain-error';

/** How long a proved factor counts for the routes that ask for a fresh one. */
export const STEP_UP_TTL_MS = 5 * 60_000;

/**
 * For actions that must be confirmed with a fresh factor (granting a staff role, changing
 * security settings): 401 STEP_UP_REQUIRED unless this access token came from a factor proved
 * in the last 5 minutes (`POST /auth/step-up`). An account without any factor has nothing to
 * prove beyond its sign-in.
 */
export function requireStepUp(user: AuthUser, now = Date.now()): void {
  if (!user.hasFactor) return;
  if (user.stepUpAt && now - user.stepUpAt.getTime() <= STEP_UP_TTL_MS) return;
  throw new DomainError(
    'STEP_UP_REQUIRED',
    'Confirm it is you: enter a code from your authenticator app or use your passkey',
  );
}
