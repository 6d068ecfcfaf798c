import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { errorMessage, isApiError, tooManyAttemptsMessage } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import { forgotPassword } from '@web/modules/auth/api/account-api';
import { isEmail } from '@web/modules/auth/components/validation';
import { useFocusHeading } from '@web/modules/auth/hooks/use-focus-heading';
import { Button } from '@web/ui/Button';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { Panel } from '@web/ui/Panel';
import { TextInput } from '@web/ui/TextInput';

const EMAIL_ID = 'forgot-email';

/**
 * Asks for a reset link. The answer is the same whether or not an account has the address,
 * so the page never tells anyone who is a member.
 */
export function ForgotPasswordPage() {
  const forgot = useMutation({ mutationFn: forgotPassword });
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  const summary: ErrorSummaryItem[] = [
    ...(error ? [{ fieldId: EMAIL_ID, text: error }] : []),
    ...(problem ? [{ text: problem }] : []),
  ];
  usePageTitle(sentTo ? 'Check your email' : 'Reset your password', summary.length > 0);
  useFocusHeading(sentTo);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (forgot.isPending) return;
    setProblem(null);
    const address = email.trim();
    if (!address) {
      setError('Enter your email address');
      return;
    }
    if (!isEmail(address)) {
      setError('Enter an email address in the correct format, like name@example.com');
      return;
    }
    setError(undefined);
    forgot.mutate(
      { email: address },
      {
        onSuccess: () => setSentTo(address),
        onError: (failure) => {
          if (isApiError(failure) && failure.status === 429) {
            setProblem(tooManyAttemptsMessage(failure));
          } else if (isApiError(failure) && failure.fieldMessage('email')) {
            setError(failure.fieldMessage('email'));
          } else {
            setProblem(errorMessage(failure));
          }
        },
      },
    );
  };

  if (sentTo) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Panel title="Check your email">
            If an account exists for that address, we have sent a link
          </Panel>
          <p className="govuk-body">
            We have sent it to {sentTo} if that address belongs to an account. Follow the link to
            choose a new password. It works once, for 30 minutes.
          </p>
          <p className="govuk-body">
            Nothing arrived after a few minutes? Check your spam folder, or{' '}
            <button
              type="button"
              className="app-link-button"
              onClick={() => {
                setSentTo(null);
                forgot.reset();
              }}
            >
              ask for another link
            </button>
            .
          </p>
          <p className="govuk-body">
            <Link to="/sign-in" className="govuk-link">
              Back to sign in
            </Link>
          </p>
        </div>
      </div>
    );
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        <h1 className="govuk-heading-l">Reset your password</h1>
        <p className="govuk-body">
          Enter the email address you sign in with. We will send you a link to choose a new
          password.
        </p>
        <form noValidate onSubmit={onSubmit}>
          <TextInput
            id={EMAIL_ID}
            name="email"
            type="email"
            label="Email address"
            value={email}
            onChange={setEmail}
            error={error}
            autoComplete="username"
            spellCheck={false}
          />
          <Button type="submit" busy={forgot.isPending}>
            Send the link
          </Button>
          {forgot.isPending ? (
            <p className="govuk-body" role="status">
              Sending…
            </p>
          ) : null}
        </form>
        <p className="govuk-body">
          <Link to="/sign-in" className="govuk-link">
            Back to sign in
          </Link>
        </p>
      </div>
    </div>
  );
}
