import { useState } from 'react';
import { errorMessage, isApiError, tooManyAttemptsMessage } from '@web/lib/api';
import { useAuth } from '@web/lib/auth-store';
import { Button } from '@web/ui/Button';
import { ErrorMessage } from '@web/ui/FieldParts';
import { newRecoveryCodes } from '../../api/account-api';
import { withStepUp } from '../../hooks/use-step-up';
import { RecoveryCodes } from './RecoveryCodes';

/**
 * New recovery codes for an account with a second factor (an authenticator app or a
 * passkey): the old ones stop working. The server asks for a fresh factor first, through the
 * "Confirm it is you" dialog, unless one was proved in the last few minutes.
 */
export function RecoveryCodesSection() {
  const { user } = useAuth();
  const [confirming, setConfirming] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [message, setMessage] = useState('');

  if (!user || (!user.mfa.totp && user.mfa.passkeys === 0)) return null;

  const regenerate = () => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    withStepUp(() => newRecoveryCodes({}))
      .then(({ recoveryCodes }) => {
        setCodes(recoveryCodes);
        setConfirming(false);
      })
      .catch((failure: unknown) => {
        setProblem(
          isApiError(failure) && failure.status === 429
            ? tooManyAttemptsMessage(failure)
            : errorMessage(failure),
        );
      })
      .finally(() => setBusy(false));
  };

  return (
    <section className="app-account-subsection" aria-labelledby="recovery-heading">
      <h3 className="govuk-heading-m" id="recovery-heading">
        Recovery codes
      </h3>
      {codes ? (
        <>
          <p className="govuk-body">Your old recovery codes no longer work.</p>
          <RecoveryCodes
            codes={codes}
            email={user.email}
            onDone={() => {
              setCodes(null);
              setMessage('You have new recovery codes.');
            }}
          />
        </>
      ) : (
        <>
          <p className="govuk-body">
            If you lose your phone or security key, each recovery code lets you sign in once. Get
            new ones if you have used most of them or think someone else has seen them.
          </p>
          {confirming ? (
            <div className="app-confirm" role="group" aria-labelledby="recovery-confirm">
              <div className="govuk-warning-text">
                <span className="govuk-warning-text__icon" aria-hidden="true">
                  !
                </span>
                <strong className="govuk-warning-text__text" id="recovery-confirm">
                  <span className="govuk-visually-hidden">Warning</span>
                  Your current recovery codes will stop working.
                </strong>
              </div>
              <div role="alert">
                {problem ? <ErrorMessage id="recovery-problem">{problem}</ErrorMessage> : null}
              </div>
              <div className="govuk-button-group">
                <Button variant="warning" onClick={regenerate} busy={busy}>
                  Yes, get new recovery codes
                </Button>
                <Button
                  variant="secondary"
                  onClick={() => {
                    setConfirming(false);
                    setProblem(null);
                  }}
                >
                  Cancel
                </Button>
              </div>
            </div>
          ) : (
            <Button
              variant="secondary"
              onClick={() => {
                setMessage('');
                setConfirming(true);
              }}
            >
              Get new recovery codes
            </Button>
          )}
        </>
      )}
      <p className="govuk-body app-inline-status" role="status">
        {message}
      </p>
    </section>
  );
}
