import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { MfaChallengeResponse, UserResponse } from '@contracts';
import { errorMessage, isApiError, tooManyAttemptsMessage } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import { Button } from '@web/ui/Button';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { TextInput } from '@web/ui/TextInput';
import { useSignInMfa } from '../hooks/use-session-actions';
import { checkCode, type CodeKind } from './codes';

export interface MfaCodeFormProps {
  challenge: MfaChallengeResponse;
  /**
   * The address signing in, to remind the user which account this is (not known after a
   * single sign-on, which names no address to the page).
   */
  email?: string;
  onSignedIn: (user: UserResponse) => void;
  /** The pending sign-in expired (or too many wrong codes): back to the first step. */
  onExpired: (message: string) => void;
  /** Back to the first step by choice. */
  onCancel: () => void;
  /** A passkey button for this second step, when the account has one. */
  passkey?: ReactNode;
}

const CODE_ID = 'mfa-code';

type Mode = CodeKind | 'passkey';

const HEADINGS: Record<Mode, string> = {
  totp: 'Check your authenticator app',
  recovery: 'Use a recovery code',
  either: 'Check your authenticator app',
  passkey: 'Use your passkey',
};

const SWITCH_LABELS: Record<Mode, string> = {
  totp: 'Use your authenticator app instead',
  recovery: 'Use a recovery code instead',
  either: 'Use your authenticator app instead',
  passkey: 'Use your passkey instead',
};

/**
 * The second step of a sign-in: a code from the authenticator app, a recovery code, or a
 * passkey, whichever the account has (the authenticator app first when it has one).
 */
export function MfaCodeForm({
  challenge,
  email,
  onSignedIn,
  onExpired,
  onCancel,
  passkey,
}: MfaCodeFormProps) {
  const signIn = useSignInMfa();
  const available: Mode[] = [
    ...(challenge.methods.includes('totp') ? (['totp'] as const) : []),
    ...(challenge.methods.includes('passkey') && passkey ? (['passkey'] as const) : []),
    ...(challenge.methods.includes('recovery') ? (['recovery'] as const) : []),
  ];
  const [mode, setMode] = useState<Mode>(available[0] ?? 'recovery');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const summary: ErrorSummaryItem[] = [
    ...(error ? [{ fieldId: CODE_ID, text: error }] : []),
    ...(problem ? [{ text: problem }] : []),
  ];
  usePageTitle(HEADINGS[mode], summary.length > 0);

  // The page did not change address: move focus to the new step's heading.
  useEffect(() => {
    headingRef.current?.focus();
  }, [mode]);

  const switchTo = (next: Mode) => {
    setMode(next);
    setCode('');
    setError(undefined);
    setProblem(null);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (signIn.isPending || mode === 'passkey') return;
    const checked = checkCode(mode, code);
    setProblem(null);
    if ('error' in checked) {
      setError(checked.error);
      return;
    }
    setError(undefined);
    signIn.mutate(
      { mfaToken: challenge.mfaToken, code: checked.code },
      {
        onSuccess: (response) => onSignedIn(response.user),
        onError: (failure) => {
          if (isApiError(failure) && failure.code === 'MFA_TOKEN_INVALID') {
            onExpired(
              failure.detail ?? 'This sign-in has expired: enter your email and password again',
            );
          } else if (isApiError(failure) && failure.status === 429) {
            setProblem(tooManyAttemptsMessage(failure));
          } else if (isApiError(failure) && failure.code === 'CODE_INVALID') {
            setError(
              mode === 'totp'
                ? 'That code is not right: enter the code your app shows now'
                : 'That recovery code is not right, or it has been used already',
            );
          } else {
            setProblem(errorMessage(failure));
          }
        },
      },
    );
  };

  const others = available.filter((other) => other !== mode);

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        {email ? <span className="govuk-caption-l">Signing in as {email}</span> : null}
        <h1 className="govuk-heading-l" ref={headingRef} tabIndex={-1}>
          {HEADINGS[mode]}
        </h1>
        {mode === 'passkey' ? (
          <>
            <p className="govuk-body">
              Use the passkey on this device, your phone or your security key.
            </p>
            {passkey}
          </>
        ) : (
          <form noValidate onSubmit={onSubmit}>
            {mode === 'recovery' ? (
              <TextInput
                id={CODE_ID}
                name="code"
                label="Enter one of your recovery codes"
                hint="You saved ten of them when you set up your second factor. Each one works once."
                value={code}
                onChange={setCode}
                error={error}
                autoComplete="off"
                spellCheck={false}
                widthClass="govuk-input--width-20"
              />
            ) : (
              <TextInput
                id={CODE_ID}
                name="code"
                label="Enter the 6-digit code from your authenticator app"
                hint="The app shows a new code every 30 seconds."
                value={code}
                onChange={setCode}
                error={error}
                inputMode="numeric"
                autoComplete="one-time-code"
                spellCheck={false}
                widthClass="govuk-input--width-10"
              />
            )}
            <Button type="submit" busy={signIn.isPending}>
              Continue
            </Button>
            {signIn.isPending ? (
              <p className="govuk-body" role="status">
                Checking the code…
              </p>
            ) : null}
          </form>
        )}
        {others.length > 0 ? (
          <ul className="govuk-list">
            {others.map((other) => (
              <li key={other}>
                <button type="button" className="app-link-button" onClick={() => switchTo(other)}>
                  {SWITCH_LABELS[other]}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <p className="govuk-body">
          <button type="button" className="app-link-button" onClick={onCancel}>
            Sign in with a different account
          </button>
        </p>
      </div>
    </div>
  );
}
