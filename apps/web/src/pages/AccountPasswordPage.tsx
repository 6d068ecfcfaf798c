import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage, isApiError, tooManyAttemptsMessage } from '@web/lib/api';
import { useAuth } from '@web/lib/auth-store';
import { usePageTitle } from '@web/lib/use-page-title';
import { changePassword } from '@web/modules/auth/api/account-api';
import { NewPasswordField } from '@web/modules/auth/components/NewPasswordField';
import type { AccountLocationState } from '@web/modules/auth/components/account/account-state';
import { reloadMe } from '@web/modules/auth/hooks/use-me';
import { passwordLengthProblem, personalWords } from '@web/modules/auth/password-strength';
import { Button } from '@web/ui/Button';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { NotificationBanner } from '@web/ui/NotificationBanner';
import { TextInput } from '@web/ui/TextInput';

type Field = 'currentPassword' | 'newPassword';
const FIELDS: readonly Field[] = ['currentPassword', 'newPassword'];
const fieldId = (field: Field) => `change-${field}`;

export const PASSWORD_CHANGED_MESSAGE =
  'Your password has been changed. Your other sessions were signed out.';

/**
 * `/account/password`: change the password (the current one, then a new one with the
 * meter). An account with a generated password is sent here before anything else.
 */
export function AccountPasswordPage() {
  const { user } = useAuth();
  const navigate = useNavigate();
  const change = useMutation({
    mutationFn: async (request: { currentPassword: string; newPassword: string }) => {
      await changePassword(request);
      // The gate (a generated password) lifts once the server says so.
      await reloadMe().catch(() => undefined);
    },
  });
  const [values, setValues] = useState<Record<Field, string>>({
    currentPassword: '',
    newPassword: '',
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const gated = user?.passwordChangeRequired ?? false;

  const summary: ErrorSummaryItem[] = [
    ...FIELDS.flatMap((field) => {
      const text = errors[field];
      return text ? [{ fieldId: fieldId(field), text }] : [];
    }),
    ...(problem ? [{ text: problem }] : []),
  ];
  usePageTitle(gated ? 'Choose a new password' : 'Change your password', summary.length > 0);

  const set = (field: Field) => (value: string) => setValues((old) => ({ ...old, [field]: value }));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (change.isPending) return;
    const found: Partial<Record<Field, string>> = {};
    if (!values.currentPassword) found.currentPassword = 'Enter your current password';
    if (!values.newPassword) found.newPassword = 'Enter a new password';
    else {
      const lengthProblem = passwordLengthProblem(values.newPassword);
      if (lengthProblem) found.newPassword = lengthProblem;
      else if (values.newPassword === values.currentPassword) {
        found.newPassword = 'Choose a password different from the current one';
      }
    }
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return;
    change.mutate(values, {
      onSuccess: () => {
        const state: AccountLocationState = { message: PASSWORD_CHANGED_MESSAGE };
        void navigate('/account', { state });
      },
      onError: (failure) => {
        if (isApiError(failure) && failure.status === 429) {
          setProblem(tooManyAttemptsMessage(failure));
          return;
        }
        if (isApiError(failure) && failure.fieldErrors.length > 0) {
          const fromServer: Partial<Record<Field, string>> = {};
          const current = failure.fieldMessage('currentPassword');
          // A refused new password is named `password`, as every refused password is.
          const next = failure.fieldMessage('newPassword') ?? failure.fieldMessage('password');
          if (current) fromServer.currentPassword = current;
          if (next) fromServer.newPassword = next;
          if (Object.keys(fromServer).length > 0) {
            setErrors(fromServer);
            return;
          }
        }
        setProblem(errorMessage(failure));
      },
    });
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        {gated && summary.length === 0 ? (
          <NotificationBanner id="password-gate">
            <p className="govuk-notification-banner__heading">
              Choose a new password before you continue
            </p>
            <p className="govuk-body">
              This account was given a generated password. Replace it with one only you know.
            </p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">
          {gated ? 'Choose a new password' : 'Change your password'}
        </h1>
        <p className="govuk-body">
          Your other sessions will be signed out. This one stays signed in.
        </p>
        <form noValidate onSubmit={onSubmit}>
          <TextInput
            id={fieldId('currentPassword')}
            name="currentPassword"
            type="password"
            label="Current password"
            value={values.currentPassword}
            onChange={set('currentPassword')}
            error={errors.currentPassword}
            autoComplete="current-password"
            spellCheck={false}
          />
          <NewPasswordField
            id={fieldId('newPassword')}
            name="newPassword"
            label="New password"
            value={values.newPassword}
            onChange={set('newPassword')}
            error={errors.newPassword}
            userInputs={personalWords(user?.name, user?.email, user?.organisation)}
          />
          <Button type="submit" busy={change.isPending}>
            Change password
          </Button>
          {change.isPending ? (
            <p className="govuk-body" role="status">
              Changing your password…
            </p>
          ) : null}
        </form>
        {gated ? null : (
          <p className="govuk-body">
            <Link to="/account" className="govuk-link">
              Back to your account
            </Link>
          </p>
        )}
      </div>
    </div>
  );
}
