import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { errorMessage, isApiError } from '@web/lib/api';
import { authStore, useAuth } from '@web/lib/auth-store';
import { usePageTitle } from '@web/lib/use-page-title';
import { Button } from '@web/ui/Button';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { NotificationBanner } from '@web/ui/NotificationBanner';
import { TextInput } from '@web/ui/TextInput';
import { useSignIn } from '../hooks/use-session-actions';
import { isEmail, type FieldErrors } from './validation';

type Field = 'email' | 'password';

export interface SignInLocationState {
  /** Where to go after signing in (set by the route guards). */
  from?: string;
  /** A message to show above the form (for example after applying). */
  message?: string;
}

const fieldId = (field: Field) => `sign-in-${field}`;

function signInProblem(error: unknown): ErrorSummaryItem {
  if (isApiError(error)) {
    if (error.status === 401)
      return { fieldId: fieldId('email'), text: 'Email or password is not right' };
    if (error.status === 403 && error.code === 'ACCOUNT_DISABLED') {
      return { text: 'This account has been disabled' };
    }
    if (error.status === 429) return { text: 'Too many attempts, try again in a minute' };
  }
  return { text: errorMessage(error) };
}

function safeRedirect(path: string | undefined): string | null {
  if (!path?.startsWith('/') || path.startsWith('//') || path.startsWith('/sign-in')) return null;
  return path;
}

export function SignInForm() {
  const navigate = useNavigate();
  const location = useLocation();
  const locationState = (location.state ?? {}) as SignInLocationState;
  const { endedMessage } = useAuth();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [problem, setProblem] = useState<ErrorSummaryItem | null>(null);

  const summary: ErrorSummaryItem[] = [
    ...(['email', 'password'] as const).flatMap((field) => {
      const text = errors[field];
      return text ? [{ fieldId: fieldId(field), text }] : [];
    }),
    ...(problem ? [problem] : []),
  ];
  usePageTitle('Sign in', summary.length > 0);

  const notice = endedMessage ?? locationState.message ?? null;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (signIn.isPending) return;
    const found: FieldErrors<Field> = {};
    if (!email.trim()) found.email = 'Enter your email address';
    else if (!isEmail(email)) {
      found.email = 'Enter an email address in the correct format, like name@example.com';
    }
    if (!password) found.password = 'Enter your password';
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return;
    signIn.mutate(
      { email: email.trim(), password },
      {
        onSuccess: (response) => {
          authStore.clearEndedMessage();
          const status = response.user.status;
          if (status === 'pending' || status === 'rejected') {
            void navigate('/pending', { replace: true });
          } else {
            void navigate(safeRedirect(locationState.from) ?? '/', { replace: true });
          }
        },
        onError: (error) => setProblem(signInProblem(error)),
      },
    );
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary items={summary} />
        {notice && summary.length === 0 ? (
          <NotificationBanner id="sign-in-notice">
            <p className="govuk-notification-banner__heading">{notice}</p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">Sign in</h1>
        <form noValidate onSubmit={onSubmit}>
          <TextInput
            id={fieldId('email')}
            name="email"
            type="email"
            label="Email address"
            value={email}
            onChange={setEmail}
            error={errors.email}
            autoComplete="username"
            spellCheck={false}
          />
          <TextInput
            id={fieldId('password')}
            name="password"
            type="password"
            label="Password"
            value={password}
            onChange={setPassword}
            error={errors.password}
            autoComplete="current-password"
            spellCheck={false}
          />
          <Button type="submit" busy={signIn.isPending}>
            Sign in
          </Button>
          {signIn.isPending ? (
            <p className="govuk-body" role="status">
              Signing you in…
            </p>
          ) : null}
        </form>
        <h2 className="govuk-heading-m">Not a member yet?</h2>
        <p className="govuk-body">
          <Link to="/apply" className="govuk-link">
            Apply to join the network
          </Link>
          .
        </p>
      </div>
    </div>
  );
}
