import { useMutation } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { VerifyEmailResponse } from '@contracts';
import { errorMessage, isApiError, refreshSession } from '@web/lib/api';
import { useAuth } from '@web/lib/auth-store';
import { usePageTitle } from '@web/lib/use-page-title';
import { verifyEmail } from '@web/modules/auth/api/account-api';
import { EmailVerificationNotice } from '@web/modules/auth/components/EmailVerificationNotice';
import { useFocusHeading } from '@web/modules/auth/hooks/use-focus-heading';
import { reloadMe } from '@web/modules/auth/hooks/use-me';
import { Button } from '@web/ui/Button';
import { ErrorState } from '@web/ui/ErrorState';
import { Panel } from '@web/ui/Panel';

/** After confirming: a signed-in user's session learns the news (a new role comes in a token). */
async function catchUp(result: VerifyEmailResponse): Promise<void> {
  if (result.status === 'approved') await refreshSession();
  await reloadMe();
}

interface ConfirmedProps {
  result: VerifyEmailResponse;
  signedIn: boolean;
}

function Confirmed({ result, signedIn }: ConfirmedProps) {
  const approved = result.status === 'approved';
  return (
    <>
      <Panel title="Email address confirmed">{result.email} is confirmed</Panel>
      {approved ? (
        <>
          <p className="govuk-body">Your account is ready to use.</p>
          <p className="govuk-body">
            {signedIn ? (
              <Link to="/" className="govuk-link">
                Continue to the network
              </Link>
            ) : (
              <Link to="/sign-in" className="govuk-link">
                Sign in to the network
              </Link>
            )}
          </p>
        </>
      ) : result.status === 'pending' ? (
        <>
          <h2 className="govuk-heading-m">What happens next</h2>
          <p className="govuk-body">
            An administrator will review your application. We will email you when they have decided.
          </p>
          <p className="govuk-body">
            {signedIn ? (
              <Link to="/pending" className="govuk-link">
                See your application
              </Link>
            ) : (
              <Link to="/sign-in" className="govuk-link">
                Sign in to follow your application
              </Link>
            )}
          </p>
        </>
      ) : (
        <p className="govuk-body">
          <Link to={signedIn ? '/' : '/sign-in'} className="govuk-link">
            {signedIn ? 'Go to the home page' : 'Sign in'}
          </Link>
        </p>
      )}
    </>
  );
}

/**
 * `/verify-email?token=`: the link in the email. It asks before confirming, since mail
 * scanners follow links: only a person pressing the button uses the token.
 */
export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { status } = useAuth();
  const signedIn = status === 'signed-in';
  const verify = useMutation({
    mutationFn: async (value: string) => {
      const result = await verifyEmail({ token: value });
      if (signedIn) await catchUp(result).catch(() => undefined);
      return result;
    },
  });
  const linkBroken = !token || (isApiError(verify.error) && verify.error.code === 'TOKEN_INVALID');

  usePageTitle(
    verify.isSuccess
      ? 'Email address confirmed'
      : linkBroken
        ? 'This link does not work'
        : 'Confirm your email address',
  );
  useFocusHeading(`${verify.status}-${linkBroken}`);

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {verify.isSuccess ? (
          <Confirmed result={verify.data} signedIn={signedIn} />
        ) : linkBroken ? (
          <>
            <h1 className="govuk-heading-l">This link does not work</h1>
            <p className="govuk-body">
              The link to confirm your email address has expired, has been used already, or was not
              copied in full. A link works once, for 24 hours.
            </p>
            {signedIn ? (
              <EmailVerificationNotice variant="inline" />
            ) : (
              <p className="govuk-body">
                <Link to="/sign-in" className="govuk-link">
                  Sign in
                </Link>{' '}
                to ask for a new link.
              </p>
            )}
          </>
        ) : (
          <>
            <h1 className="govuk-heading-l">Confirm your email address</h1>
            <p className="govuk-body">
              Confirm that this email address is yours, so we can reach you and you can reset your
              password if you forget it.
            </p>
            {verify.isError ? (
              <ErrorState
                message={
                  isApiError(verify.error) && verify.error.code === 'EMAIL_TAKEN'
                    ? 'Another account now uses this address, so it cannot be confirmed for yours.'
                    : errorMessage(verify.error)
                }
              />
            ) : null}
            <Button busy={verify.isPending} onClick={() => verify.mutate(token)}>
              Confirm my email address
            </Button>
            {verify.isPending ? (
              <p className="govuk-body" role="status">
                Confirming…
              </p>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}
