import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import {
  isSafeReturnPath,
  type MfaChallengeResponse,
  type MfaMethod,
  type SsoErrorCode,
  type UserResponse,
} from '@contracts';
import { bootstrapSession, refreshSession } from '@web/lib/api';
import { authStore } from '@web/lib/auth-store';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { usePageTitle } from '@web/lib/use-page-title';
import { webAuthnAvailable } from '@web/modules/auth/api/passkeys-api';
import { MfaCodeForm } from '@web/modules/auth/components/MfaCodeForm';
import { PasskeySignInButton } from '@web/modules/auth/components/PasskeySignInButton';
import { SsoButtons } from '@web/modules/auth/components/SsoButtons';
import { LoadingState } from '@web/ui/LoadingState';

/** What went wrong, for each code the API's single sign-on callback may name. */
const MESSAGES: Record<SsoErrorCode | 'NO_SESSION' | 'MFA_EXPIRED', string> = {
  SSO_FAILED:
    'The sign-in with your organisation did not complete. It may have been cancelled or taken too long.',
  SSO_EMAIL_UNVERIFIED:
    'Your organisation did not confirm your email address, so we cannot sign you in with it.',
  SSO_DOMAIN_NOT_ALLOWED:
    'Your email address is not one that this organisation can sign in to the network.',
  ACCOUNT_DISABLED: 'This account has been disabled.',
  RATE_LIMITED: 'There have been too many sign-in attempts. Wait a minute and try again.',
  NO_SESSION: 'We could not start your session. Your browser may be blocking cookies.',
  MFA_EXPIRED:
    'This sign-in has expired. The second step has to be done within 5 minutes, and ends after too many wrong codes. Sign in with your organisation again.',
};

const METHODS: readonly MfaMethod[] = ['totp', 'recovery', 'passkey'];

function messageFor(code: string): string {
  return code in MESSAGES ? MESSAGES[code as keyof typeof MESSAGES] : MESSAGES.SSO_FAILED;
}

/** The pending second step, kept in the history entry (not the address) once read. */
interface SsoCompleteState {
  secondStep?: MfaChallengeResponse;
}

/** `?mfaToken=…&methods=totp,recovery[,passkey]`, as the API's callback sends it. */
function secondStepFrom(params: URLSearchParams): MfaChallengeResponse | null {
  const mfaToken = params.get('mfaToken');
  if (!mfaToken) return null;
  const named = (params.get('methods') ?? '').split(',');
  const methods = METHODS.filter((method) => named.includes(method));
  return {
    mfaRequired: true,
    mfaToken,
    // Either code is taken by `POST /auth/login/mfa` whatever the list says.
    methods: methods.length > 0 ? methods : ['totp', 'recovery'],
  };
}

/** Where a signed-in person goes: `/pending` for an applicant, else `returnTo` when safe. */
function nextPath(user: UserResponse, returnTo: string | null): string {
  if (user.status === 'pending' || user.status === 'rejected') return '/pending';
  return returnTo && isSafeReturnPath(returnTo) && !returnTo.startsWith('/sso/') ? returnTo : '/';
}

/** `?returnTo=` (and `?error=`) only: what the address bar keeps. */
function searchWith(returnTo: string | null, error?: string): string {
  const next = new URLSearchParams();
  if (error) next.set('error', error);
  if (returnTo) next.set('returnTo', returnTo);
  const query = next.toString();
  return query ? `?${query}` : '';
}

/**
 * Where a single sign-on ends (`/sso/complete`). Three cases, as the API's callback sends
 * the browser here:
 * - `?returnTo=`: the callback set the refresh cookie; the session is picked up with
 *   `POST /api/auth/refresh`, as any page load does, and the person goes on.
 * - `?mfaToken=&methods=&returnTo=`: the account has its own second factor, asked here with
 *   the sign-in page's second step (a code from the app, the passkey, or a recovery code).
 *   The token leaves the address bar at once: the history entry is replaced by one that keeps
 *   it in its state, so a reload still shows the step.
 * - `?error=` (or no session, or an expired second step): says what went wrong and links back
 *   to the sign-in page and to the organisations' sign-in.
 */
export function SsoCompletePage() {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const error = params.get('error');
  const returnTo = params.get('returnTo');
  const fromAddress = secondStepFrom(params);
  const secondStep = fromAddress ?? (location.state as SsoCompleteState | null)?.secondStep ?? null;

  useEffect(() => {
    const read = secondStepFrom(params);
    if (!read) return;
    const state: SsoCompleteState = { secondStep: read };
    void navigate(
      { pathname: location.pathname, search: searchWith(params.get('returnTo')) },
      { replace: true, state },
    );
  }, [params, location.pathname, navigate]);

  if (error) return <SsoFailure code={error} returnTo={returnTo} />;
  if (secondStep) {
    return (
      <SsoSecondStep
        challenge={secondStep}
        returnTo={returnTo}
        onExpired={() =>
          void navigate(
            { pathname: location.pathname, search: searchWith(returnTo, 'MFA_EXPIRED') },
            { replace: true, state: null },
          )
        }
      />
    );
  }
  return <SsoSessionPickup returnTo={returnTo} />;
}

interface SsoSecondStepProps {
  challenge: MfaChallengeResponse;
  returnTo: string | null;
  onExpired: () => void;
}

/** The account's own second factor after the provider, as on the sign-in page. */
function SsoSecondStep({ challenge, returnTo, onExpired }: SsoSecondStepProps) {
  const navigate = useNavigate();
  // The session is stored by the form (or the passkey button) as after a password sign-in.
  const onSignedIn = (user: UserResponse) => {
    authStore.clearEndedMessage();
    void navigate(nextPath(user, returnTo), { replace: true });
  };
  return (
    <MfaCodeForm
      challenge={challenge}
      onSignedIn={onSignedIn}
      onExpired={onExpired}
      onCancel={() => void navigate('/sign-in', { replace: true })}
      passkey={
        webAuthnAvailable() ? (
          <PasskeySignInButton
            mfaToken={challenge.mfaToken}
            onSignedIn={onSignedIn}
            onExpired={onExpired}
          />
        ) : undefined
      }
    />
  );
}

/** Picks up the session the callback's refresh cookie holds, then goes on. */
function SsoSessionPickup({ returnTo }: { returnTo: string | null }) {
  const navigate = useNavigate();
  const [failed, setFailed] = useState(false);

  usePageTitle('Signing you in');

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      await bootstrapSession();
      if (authStore.getState().status !== 'signed-in') await refreshSession();
      if (cancelled) return;
      const { status, user } = authStore.getState();
      if (status !== 'signed-in' || !user) {
        setFailed(true);
        return;
      }
      // A new session: nothing cached from before it (as after a password sign-in).
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'taxonomy' });
      queryClient.setQueryData(queryKeys.me, user);
      authStore.clearEndedMessage();
      void navigate(nextPath(user, returnTo), { replace: true });
    })();
    return () => {
      cancelled = true;
    };
  }, [returnTo, navigate]);

  if (failed) return <SsoFailure code="NO_SESSION" returnTo={returnTo} />;
  return <LoadingState label="Signing you in…" />;
}

interface SsoFailureProps {
  code: string;
  returnTo: string | null;
}

function SsoFailure({ code, returnTo }: SsoFailureProps) {
  usePageTitle('You could not be signed in', true);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">You could not be signed in</h1>
        <p className="govuk-body">{messageFor(code)}</p>
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
