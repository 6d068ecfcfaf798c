import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type {
  PasskeyAssertion,
  PasskeyLoginOptionsRequest,
  PasskeyOptionsResponse,
  StepUpResponse,
} from '@contracts';
import { api, errorMessage, isApiError, tooManyAttemptsMessage } from '@web/lib/api';
import { useAuth } from '@web/lib/auth-store';
import { Button } from '@web/ui/Button';
import { TextInput } from '@web/ui/TextInput';
import { stepUp } from '../api/account-api';
import {
  cancelStepUp,
  completeStepUp,
  usePasskeyStepUp,
  useStepUpRequest,
  type PasskeyStepUp,
} from '../hooks/use-step-up';
import { checkCode } from './codes';
import '../account.css';

/**
 * Proves a passkey for step-up: a `stepUp` challenge, the browser's WebAuthn prompt, then
 * `POST /auth/step-up { passkey }`. The WebAuthn helper loads only when it is used.
 */
const provePasskeyByDefault: PasskeyStepUp = async () => {
  const { startAuthentication } = await import('@simplewebauthn/browser');
  type RequestOptions = Parameters<typeof startAuthentication>[0]['optionsJSON'];
  const request: PasskeyLoginOptionsRequest = { stepUp: true };
  const { options, challengeToken } = await api.post<PasskeyOptionsResponse<RequestOptions>>(
    '/auth/passkeys/login/options',
    request,
  );
  const response = await startAuthentication({ optionsJSON: options });
  const passkey: PasskeyAssertion = { response, challengeToken };
  return stepUp({ passkey });
};

function stepUpProblem(error: unknown): string {
  if (isApiError(error)) {
    if (error.status === 429) return tooManyAttemptsMessage(error);
    if (error.code === 'PASSKEY_INVALID') return 'That passkey could not be checked: try again';
  }
  if (error instanceof DOMException && error.name === 'NotAllowedError') {
    return 'The passkey prompt was closed or timed out: try again';
  }
  return errorMessage(error);
}

/**
 * "Confirm it is you": a modal dialog opened by `withStepUp` when an action answers 401
 * STEP_UP_REQUIRED. It takes a code from the authenticator app (or a recovery code), a
 * passkey, or, for an account with no second factor, the password. Rendered once, by the layout.
 */
export function StepUpDialog() {
  const request = useStepUpRequest();
  const { user } = useAuth();
  const registered = usePasskeyStepUp();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const hasTotp = user?.mfa.totp ?? false;
  const passkeys = user?.mfa.passkeys ?? 0;
  const usePassword = !hasTotp && passkeys === 0;
  const provePasskey = passkeys > 0 ? (registered ?? provePasskeyByDefault) : null;
  const open = request !== null;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setValue('');
      setError(undefined);
      setProblem(null);
      setBusy(false);
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  const finish = (response: StepUpResponse) => {
    setBusy(false);
    completeStepUp(response);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    setProblem(null);
    let body: { code: string } | { password: string };
    if (usePassword) {
      if (!value) {
        setError('Enter your password');
        return;
      }
      body = { password: value };
    } else {
      const checked = checkCode('either', value);
      if ('error' in checked) {
        setError(checked.error);
        return;
      }
      body = checked;
    }
    setError(undefined);
    setBusy(true);
    stepUp(body).then(finish, (failure: unknown) => {
      setBusy(false);
      if (isApiError(failure) && failure.code === 'CODE_INVALID') {
        setError(
          usePassword
            ? 'That is not your password'
            : 'That code is not right: enter the code your app shows now',
        );
      } else {
        setProblem(stepUpProblem(failure));
      }
    });
  };

  const onPasskey = () => {
    if (busy || !provePasskey) return;
    setProblem(null);
    setBusy(true);
    provePasskey().then(finish, (failure: unknown) => {
      setBusy(false);
      setProblem(stepUpProblem(failure));
    });
  };

  return (
    <dialog
      ref={dialogRef}
      className="app-step-up"
      aria-labelledby={headingId}
      onCancel={(event) => {
        // Escape: cancel the action rather than leave a half-open dialog.
        event.preventDefault();
        cancelStepUp();
      }}
    >
      {open ? (
        <>
          <h2 className="govuk-heading-m" id={headingId}>
            Confirm it is you
          </h2>
          <p className="govuk-body">
            This needs a fresh check that it is you.{' '}
            {usePassword
              ? 'Enter your password.'
              : hasTotp && provePasskey
                ? 'Enter a code from your authenticator app, or use your passkey.'
                : hasTotp
                  ? 'Enter a code from your authenticator app.'
                  : 'Use your passkey, or enter a recovery code.'}
          </p>
          {problem ? (
            <div className="govuk-error-summary" role="alert">
              <h3 className="govuk-error-summary__title">There is a problem</h3>
              <div className="govuk-error-summary__body">
                <p className="govuk-body govuk-!-margin-bottom-0">{problem}</p>
              </div>
            </div>
          ) : null}
          <form noValidate onSubmit={onSubmit}>
            {usePassword ? (
              <TextInput
                id="step-up-password"
                name="password"
                type="password"
                label="Your password"
                value={value}
                onChange={setValue}
                error={error}
                autoComplete="current-password"
                spellCheck={false}
              />
            ) : hasTotp ? (
              <TextInput
                id="step-up-code"
                name="code"
                label="Code from your authenticator app"
                hint="Or one of your recovery codes."
                value={value}
                onChange={setValue}
                error={error}
                inputMode="numeric"
                autoComplete="one-time-code"
                spellCheck={false}
                widthClass="govuk-input--width-20"
              />
            ) : (
              <TextInput
                id="step-up-code"
                name="code"
                label="A recovery code"
                hint="Or use your passkey."
                value={value}
                onChange={setValue}
                error={error}
                autoComplete="off"
                spellCheck={false}
                widthClass="govuk-input--width-20"
              />
            )}
            <div className="govuk-button-group">
              <Button type="submit" busy={busy}>
                Confirm
              </Button>
              {provePasskey ? (
                <Button variant="secondary" onClick={onPasskey} busy={busy}>
                  Use your passkey
                </Button>
              ) : null}
              <button type="button" className="app-link-button" onClick={() => cancelStepUp()}>
                Cancel
              </button>
            </div>
            {busy ? (
              <p className="govuk-body" role="status">
                Checking…
              </p>
            ) : null}
          </form>
        </>
      ) : null}
    </dialog>
  );
}
