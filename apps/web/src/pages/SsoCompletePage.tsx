import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isSafeReturnPath, type SsoErrorCode } from '@contracts';
import { bootstrapSession, refreshSession } from '@web/lib/api';
import { authStore } from '@web/lib/auth-store';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { usePageTitle } from '@web/lib/use-page-title';
import { SsoButtons } from '@web/modules/auth/components/SsoButtons';
import { LoadingState } from '@web/ui/LoadingState';

/** What went wrong, for each code the API's single sign-on callback may name. */
const MESSAGES: Record<SsoErrorCode | 'NO_SESSION', string> = {
  SSO_FAILED:
    'The sign-in with your organisation did not complete. It may have been cancelled or taken too long.',
  SSO_EMAIL_UNVERIFIED:
    'Your organisation did not confirm your email address, so we cannot sign you in with it.',
  SSO_DOMAIN_NOT_ALLOWED:
    'Your email address is not one that this organisation can sign in to the network.',
  ACCOUNT_DISABLED: 'This account has been disabled.',
  RATE_LIMITED: 'There have been too many sign-in attempts. Wait a minute and try again.',
  NO_SESSION: 'We could not start your session. Your browser may be blocking cookies.',
};

function messageFor(code: string): string {
  return code in MESSAGES ? MESSAGES[code as keyof typeof MESSAGES] : MESSAGES.SSO_FAILED;
}

/**
 * Where a single sign-on ends (`/sso/complete`): the API's callback has set the refresh cookie
 * and sent the browser here with `?returnTo=`; the session is picked up with
 * `POST /api/auth/refresh`, as any page load does, and the person goes on. With `?error=` (or
 * when no session comes), it says what went wrong and links back to the sign-in page.
 */
export function SsoCompletePage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const error = params.get('error');
  const returnTo = params.get('returnTo');
  const [failed, setFailed] = useState<string | null>(error);

  usePageTitle(failed ? 'You could not be signed in' : 'Signing you in', Boolean(failed));

  useEffect(() => {
    if (error) return;
    let cancelled = false;
    void (async () => {
      await bootstrapSession();
      if (authStore.getState().status !== 'signed-in') await refreshSession();
      if (cancelled) return;
      const { status, user } = authStore.getState();
      if (status !== 'signed-in' || !user) {
        setFailed('NO_SESSION');
        return;
      }
      // A new session: nothing cached from before it (as after a password sign-in).
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'taxonomy' });
      queryClient.setQueryData(queryKeys.me, user);
      authStore.clearEndedMessage();
      const next =
        user.status === 'pending' || user.status === 'rejected'
          ? '/pending'
          : returnTo && isSafeReturnPath(returnTo) && !returnTo.startsWith('/sso/')
            ? returnTo
            : '/';
      void navigate(next, { replace: true });
    })();
    return () => {
      cancelled = true;
    };
  }, [error, returnTo, navigate]);

  if (!failed) return <LoadingState label="Signing you in…" />;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">You could not be signed in</h1>
        <p className="govuk-body">{messageFor(failed)}</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/sign-in">
            Go to the sign-in page
          </Link>{' '}
          to sign in with your email address and password.
        </p>
        <SsoButtons returnTo={returnTo ?? undefined} />
        <p className="govuk-body">
          If this keeps happening,{' '}
          <Link className="govuk-link" to="/contact">
            contact the network
          </Link>
          .
        </p>
      </div>
    </div>
  );
}
