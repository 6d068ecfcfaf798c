import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { endSession, errorMessage, isApiError, tooManyAttemptsMessage } from '@web/lib/api';
import { authStore } from '@web/lib/auth-store';
import { usePageTitle } from '@web/lib/use-page-title';
import { resetPassword } from '@web/modules/auth/api/account-api';
import { NewPasswordField } from '@web/modules/auth/components/NewPasswordField';
import type { SignInLocationState } from '@web/modules/auth/components/SignInForm';
import { useFocusHeading } from '@web/modules/auth/hooks/use-focus-heading';
import { passwordLengthProblem } from '@web/modules/auth/password-strength';
import { Button } from '@web/ui/Button';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { TextInput } from '@web/ui/TextInput';

type Field = 'password' | 'confirm';
const fieldId = (field: Field) => `reset-${field}`;

export const PASSWORD_RESET_MESSAGE = 'Your password has been reset; sign in with it';

function BadLinkPage() {
  usePageTitle('This link does not work');
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">This link does not work</h1>
        <p className="govuk-body">
          The link to reset your password has expired, has been used already, or was not copied in
          full. A link works once, for 30 minutes.
        </p>
        <p className="govuk-body">
          <Link to="/forgot-password" className="govuk-link">
            Ask for a new link
          </Link>
        </p>
      </div>
    </div>
  );
}

/** `/reset-password?token=`: a new password, twice, from the emailed link. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const reset = useMutation({ mutationFn: resetPassword });
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [linkBroken, setLinkBroken] = useState(false);

  const summary: ErrorSummaryItem[] = [
    ...(['password', 'confirm'] as const).flatMap((field) => {
      const text = errors[field];
      return text ? [{ fieldId: fieldId(field), text }] : [];
    }),
    ...(problem ? [{ text: problem }] : []),
  ];
  usePageTitle('Choose a new password', summary.length > 0);
  useFocusHeading(linkBroken);

  if (!token || linkBroken) return <BadLinkPage />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (reset.isPending) return;
    const found: Partial<Record<Field, string>> = {};
    if (!password) found.password = 'Enter a new password';
    else {
      const lengthProblem = passwordLengthProblem(password);
      if (lengthProblem) found.password = lengthProblem;
    }
    if (!found.password) {
      if (!confirm) found.confirm = 'Enter the new password again';
      else if (confirm !== password) found.confirm = 'The passwords do not match';
    }
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return;
    reset.mutate(
      { token, password },
      {
        onSuccess: () => {
          // Every session of the account ended, this browser's too if it was signed in.
          if (authStore.getState().status === 'signed-in') {
            endSession(PASSWORD_RESET_MESSAGE);
            return;
          }
          const state: SignInLocationState = { message: PASSWORD_RESET_MESSAGE, success: true };
          void navigate('/sign-in', { replace: true, state });
        },
        onError: (failure) => {
          if (isApiError(failure) && failure.code === 'TOKEN_INVALID') {
            setLinkBroken(true);
          } else if (isApiError(failure) && failure.status === 429) {
            setProblem(tooManyAttemptsMessage(failure));
          } else if (isApiError(failure) && failure.fieldMessage('password')) {
            setErrors({ password: failure.fieldMessage('password') });
          } else {
            setProblem(errorMessage(failure));
          }
        },
      },
    );
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        <h1 className="govuk-heading-l">Choose a new password</h1>
        <p className="govuk-body">
          When you have reset it, you will be signed out everywhere: sign in again with the new
          password.
        </p>
        <form noValidate onSubmit={onSubmit}>
          <NewPasswordField
            id={fieldId('password')}
            name="password"
            label="New password"
            value={password}
            onChange={setPassword}
            error={errors.password}
          />
          <TextInput
            id={fieldId('confirm')}
            name="confirm"
            type="password"
            label="Enter the new password again"
            value={confirm}
            onChange={setConfirm}
            error={errors.confirm}
            autoComplete="new-password"
            spellCheck={false}
          />
          <Button type="submit" busy={reset.isPending}>
            Reset password
          </Button>
          {reset.isPending ? (
            <p className="govuk-body" role="status">
              Saving your new password…
            </p>
          ) : null}
        </form>
      </div>
    </div>
  );
}
