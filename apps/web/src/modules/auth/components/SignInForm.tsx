import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import type { MfaChallengeResponse, UserResponse } from '@contracts';
import { errorMessage, isApiError, tooManyAttemptsMessage } from '@web/lib/api';
import { useAuth } from '@web/lib/auth-store';
import { usePageTitle } from '@web/lib/use-page-title';
import { Button } from '@web/ui/Button';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { NotificationBanner } from '@web/ui/NotificationBanner';
import { TextInput } from '@web/ui/TextInput';
import { isMfaChallenge, useSignIn } from '../hooks/use-session-actions';
import { isEmail, type FieldErrors } from './validation';

type Field = 'email' | 'password';

export interface SignInLocationState {
  /** Where to go after signing in (set by the route guards). */
  from?: string;
  /** A message to show above the form (for example after applying). */
  message?: string;
  /** Show the message as a success (green) banner, for example after a password reset. */
  success?: boolean;
}

const fieldId = (field: Field) => `sign-in-${field}`;

function signInProblem(error: unknown): ErrorSummaryItem {
  if (isApiError(error)) {
    if (error.status === 401)
      return { fieldId: fieldId('email'), text: 'Email or password is not right' };
    if (error.status === 403 && error.code === 'ACCOUNT_DISABLED') {
      return { text: 'This account has been disabled' };
    }
    if (error.status === 429) return { text: tooManyAttemptsMessage(error) };
  }
  return { text: errorMessage(error) };
}

export interface SignInFormProps {
  /** Signed in with the password alone. */
  onSignedIn: (user: UserResponse) => void;
  /** The account has a second factor: the page asks for it next. */
  onMfaRequired: (challenge: MfaChallengeResponse, email: string) => void;
  /** The address typed before (when a second step sent the user back here). */
  defaultEmail?: string;
  /** Why the user is back at the first step (an expired second step), shown as a problem. */
  restartMessage?: string | null;
  /** Other ways to sign in (a passkey, an organisation's account), under the form. */
  alternatives?: ReactNode;
}

export function SignInForm({
  onSignedIn,
  onMfaRequired,
  defaultEmail = '',
  restartMessage = null,
  alternatives,
}: SignInFormProps) {
  const location = useLocation();
  const locationState = (location.state ?? {}) as SignInLocationState;
  const { endedMessage } = useAuth();
  const signIn = useSignIn();
  const [email, setEmail] = useState(defaultEmail);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [problem, setProblem] = useState<ErrorSummaryItem | null>(
    restartMessage ? { fieldId: fieldId('password'), text: restartMessage } : null,
  );

  const summary: ErrorSummaryItem[] = [
    ...(['email', 'password'] as const).flatMap((field) => {
      const text = errors[field];
      return text ? [{ fieldId: fieldId(field), text }] : [];
    }),
    ...(problem ? [problem] : []),
  ];
  usePageTitle('Sign in', summary.length > 0);

  const notice = endedMessage ?? locationState.message ?? null;
  const noticeIsSuccess = endedMessage === null && locationState.success === true;

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
        onSuccess: (result) => {
          if (isMfaChallenge(result)) onMfaRequired(result, email.trim());
          else onSignedIn(result.user);
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
          <NotificationBanner id="sign-in-notice" type={noticeIsSuccess ? 'success' : 'important'}>
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
        <p className="govuk-body">
          <Link to="/forgot-password" className="govuk-link">
            Forgot your password?
          </Link>
        </p>
        {alternatives}
      </div>
    </div>
  );
}
