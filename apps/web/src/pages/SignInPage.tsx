import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import type { MfaChallengeResponse, UserResponse } from '@contracts';
import { authStore } from '@web/lib/auth-store';
import { MfaCodeForm } from '@web/modules/auth/components/MfaCodeForm';
import { PasskeySignInButton } from '@web/modules/auth/components/PasskeySignInButton';
import { SignInForm, type SignInLocationState } from '@web/modules/auth/components/SignInForm';
import { SsoButtons } from '@web/modules/auth/components/SsoButtons';
import { webAuthnAvailable } from '@web/modules/auth/api/passkeys-api';

function safeRedirect(path: string | undefined): string | null {
  if (!path?.startsWith('/') || path.startsWith('//') || path.startsWith('/sign-in')) return null;
  return path;
}

interface SecondStep {
  challenge: MfaChallengeResponse;
  email: string;
}

/**
 * Sign in: email and password, then, for an account with a second factor, a code from the
 * authenticator app, the passkey, or a recovery code on the same page (the app first when
 * the account has one, else the passkey).
 */
export function SignInPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const locationState = (location.state ?? {}) as SignInLocationState;
  const [step, setStep] = useState<SecondStep | null>(null);
  const [email, setEmail] = useState('');
  const [restartMessage, setRestartMessage] = useState<string | null>(null);
  // A new key remounts the first step, so a restart message shows afresh.
  const [attempt, setAttempt] = useState(0);

  const onSignedIn = (user: UserResponse) => {
    authStore.clearEndedMessage();
    // An account that must change its password or enrol a factor is taken there by the gate.
    if (user.status === 'pending' || user.status === 'rejected') {
      void navigate('/pending', { replace: true });
    } else {
      void navigate(safeRedirect(locationState.from) ?? '/', { replace: true });
    }
  };

  const backToFirstStep = (message: string | null) => {
    setStep(null);
    setRestartMessage(message);
    setAttempt((n) => n + 1);
  };

  if (step) {
    return (
      <MfaCodeForm
        challenge={step.challenge}
        email={step.email}
        onSignedIn={onSignedIn}
        onExpired={(message) => backToFirstStep(message)}
        onCancel={() => backToFirstStep(null)}
        passkey={
          // Offered first when the account has a passkey and no app; a browser without
          // WebAuthn gets the recovery code instead.
          webAuthnAvailable() ? (
            <PasskeySignInButton
              mfaToken={step.challenge.mfaToken}
              onSignedIn={onSignedIn}
              onExpired={(message) => backToFirstStep(message)}
            />
          ) : undefined
        }
      />
    );
  }

  return (
    <SignInForm
      key={attempt}
      defaultEmail={email}
      restartMessage={restartMessage}
      onSignedIn={onSignedIn}
      onMfaRequired={(challenge, typed) => {
        setEmail(typed);
        setStep({ challenge, email: typed });
      }}
      alternatives={
        <>
          <PasskeySignInButton onSignedIn={onSignedIn} />
          <SsoButtons returnTo={safeRedirect(locationState.from) ?? undefined} />
          <h2 className="govuk-heading-m">Not a member yet?</h2>
          <p className="govuk-body">
            <Link to="/apply" className="govuk-link">
              Apply to join the network
            </Link>
            .
          </p>
        </>
      }
    />
  );
}
