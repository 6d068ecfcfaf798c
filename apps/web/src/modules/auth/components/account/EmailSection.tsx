import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage, isApiError, tooManyAttemptsMessage } from '@web/lib/api';
import { useAuth } from '@web/lib/auth-store';
import { Button } from '@web/ui/Button';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { SummaryList } from '@web/ui/SummaryList';
import { Tag } from '@web/ui/Tag';
import { TextInput } from '@web/ui/TextInput';
import { changeEmail } from '../../api/account-api';
import { withStepUp } from '../../hooks/use-step-up';
import { EmailVerificationNotice } from '../EmailVerificationNotice';
import { isEmail } from '../validation';

type Field = 'email' | 'password';
const fieldId = (field: Field) => `change-email-${field}`;

/**
 * The address the account signs in with: whether it is confirmed, and a change of address,
 * which happens only when the link mailed to the new one is followed.
 */
export function EmailSection() {
  const { user } = useAuth();
  const change = useMutation({
    mutationFn: (request: { email: string; password: string }) =>
      withStepUp(() => changeEmail(request)),
  });
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<Field, string>>({ email: '', password: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  if (!user) return null;

  const summary: ErrorSummaryItem[] = [
    ...(['email', 'password'] as const).flatMap((field) => {
      const text = errors[field];
      return text ? [{ fieldId: fieldId(field), text }] : [];
    }),
    ...(problem ? [{ text: problem }] : []),
  ];
  const set = (field: Field) => (value: string) => setValues((old) => ({ ...old, [field]: value }));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (change.isPending) return;
    const found: Partial<Record<Field, string>> = {};
    const email = values.email.trim();
    if (!email) found.email = 'Enter your new email address';
    else if (!isEmail(email)) {
      found.email = 'Enter an email address in the correct format, like name@example.com';
    } else if (email.toLowerCase() === user.email.toLowerCase()) {
      found.email = 'This is already your address';
    }
    if (!values.password) found.password = 'Enter your password';
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return;
    change.mutate(
      { email, password: values.password },
      {
        onSuccess: ({ pendingEmail }) => {
          setPending(pendingEmail);
          setOpen(false);
          setValues({ email: '', password: '' });
        },
        onError: (failure) => {
          if (isApiError(failure) && failure.status === 429) {
            setProblem(tooManyAttemptsMessage(failure));
            return;
          }
          const fromServer: Partial<Record<Field, string>> = {};
          if (isApiError(failure)) {
            const email = failure.fieldMessage('email');
            const password = failure.fieldMessage('password');
            if (email) fromServer.email = email;
            if (password) fromServer.password = password;
          }
          if (Object.keys(fromServer).length > 0) setErrors(fromServer);
          else setProblem(errorMessage(failure));
        },
      },
    );
  };

  return (
    <section className="app-account-section" id="email" aria-labelledby="email-heading">
      <h2 className="govuk-heading-l" id="email-heading">
        Email address
      </h2>
      <SummaryList
        rows={[
          {
            key: 'Email address',
            value: (
              <>
                {user.email}{' '}
                {user.emailVerified ? (
                  <Tag colour="green">Confirmed</Tag>
                ) : (
                  <Tag colour="yellow">Not confirmed</Tag>
                )}
              </>
            ),
          },
        ]}
      />
      {user.emailVerified ? null : <EmailVerificationNotice variant="inline" />}
      <div role="status">
        {pending ? (
          <div className="govuk-inset-text">
            <p className="govuk-body">
              We have sent a link to {pending}. Your address changes when you follow it. Until then,
              keep signing in with {user.email}.
            </p>
          </div>
        ) : null}
      </div>
      {open ? (
        <form noValidate onSubmit={onSubmit}>
          <h3 className="govuk-heading-m">Change your email address</h3>
          <ErrorSummary items={summary} />
          <TextInput
            id={fieldId('email')}
            name="email"
            type="email"
            label="New email address"
            hint="We will send a link to it. We will also tell your current address about the change."
            value={values.email}
            onChange={set('email')}
            error={errors.email}
            autoComplete="email"
            spellCheck={false}
          />
          <TextInput
            id={fieldId('password')}
            name="password"
            type="password"
            label="Your password"
            hint="To confirm it is you asking."
            value={values.password}
            onChange={set('password')}
            error={errors.password}
            autoComplete="current-password"
            spellCheck={false}
          />
          <div className="govuk-button-group">
            <Button type="submit" busy={change.isPending}>
              Send a confirmation link
            </Button>
            <button
              type="button"
              className="app-link-button"
              onClick={() => {
                setOpen(false);
                setErrors({});
                setProblem(null);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <Button variant="secondary" onClick={() => setOpen(true)}>
          Change your email address
        </Button>
      )}
    </section>
  );
}
