/**
 * "Sign in with a passkey", for the sign-in page.
 *
 * Props:
 * - `mfaToken` (optional): the `mfaToken` of a `POST /auth/login` that answered
 *   `mfaRequired`; the passkey is then the second step of that password sign-in, and the
 *   button reads "Use your passkey". Without it, the passkey alone signs in (any passkey of
 *   this site: the browser asks which account).
 * - `onSignedIn(user)` (optional): called once the session is stored (as a password sign-in
 *   stores it). Without it the button goes where a password sign-in goes: `/pending` for an
 *   applicant, else the page the user was sent from (`location.state.from`), else `/`.
 * - `onExpired(message)` (optional, with `mfaToken`): the pending sign-in expired; back to
 *   the first step. Without it the message is shown as a problem.
 *
 * Problems (a closed prompt, a passkey the server does not know) are shown in an error
 * summary of its own, just above the button. Nothing is rendered when the browser has no
 * WebAuthn at all.
 */
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { UserResponse } from '@contracts';
import { errorMessage, isApiError, tooManyAttemptsMessage } from '@web/lib/api';
import { authStore } from '@web/lib/auth-store';
import { Button } from '@web/ui/Button';
import { ErrorSummary } from '@web/ui/ErrorSummary';
import { isCeremonyCancelled, signInWithPasskey, webAuthnAvailable } from '../api/passkeys-api';
import { beginSession } from '../hooks/use-session-actions';

export interface PasskeySignInButtonProps {
  mfaToken?: string;
  onSignedIn?: (user: UserResponse) => void;
  onExpired?: (message: string) => void;
}

function safeRedirect(path: string | undefined): string | null {
  if (!path?.startsWith('/') || path.startsWith('//') || path.startsWith('/sign-in')) return null;
  return path;
}

function passkeyProblem(error: unknown): string {
  if (isCeremonyCancelled(error)) {
    return 'The passkey prompt was closed or timed out. Try again, or sign in another way';
  }
  if (isApiError(error)) {
    if (error.status === 429) return tooManyAttemptsMessage(error);
    if (error.code === 'ACCOUNT_DISABLED') return 'This account has been disabled';
    if (error.code === 'PASSKEY_INVALID') {
      return 'That passkey could not be used to sign in. Try again, or sign in another way';
    }
  }
  return errorMessage(error);
}

export function PasskeySignInButton({ mfaToken, onSignedIn, onExpired }: PasskeySignInButtonProps) {
  const navigate = useNavigate();
  const location = useLocation();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (!webAuthnAvailable()) return null;

  const signedIn = (user: UserResponse) => {
    if (onSignedIn) {
      onSignedIn(user);
      return;
    }
    authStore.clearEndedMessage();
    if (user.status === 'pending' || user.status === 'rejected') {
      void navigate('/pending', { replace: true });
    } else {
      const from = (location.state as { from?: string } | null)?.from;
      void navigate(safeRedirect(from) ?? '/', { replace: true });
    }
  };

  const onClick = () => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    signInWithPasskey(mfaToken).then(
      (response) => {
        beginSession(response);
        signedIn(response.user);
      },
      (error: unknown) => {
        setBusy(false);
        if (isApiError(error) && error.code === 'MFA_TOKEN_INVALID') {
          const message =
            error.detail ?? 'This sign-in has expired: enter your email and password again';
          if (onExpired) onExpired(message);
          else setProblem(message);
          return;
        }
        setProblem(passkeyProblem(error));
      },
    );
  };

  return (
    <div className="app-passkey-sign-in">
      {problem ? <ErrorSummary items={[{ text: problem }]} /> : null}
      <Button variant="secondary" onClick={onClick} busy={busy}>
        {mfaToken === undefined ? 'Sign in with a passkey' : 'Use your passkey'}
      </Button>
      {busy ? (
        <p className="govuk-body" role="status">
          Waiting for your passkey…
        </p>
      ) : null}
    </div>
  );
}
