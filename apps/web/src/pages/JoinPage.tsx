import { Link, useSearchParams } from 'react-router';
import { errorMessage, isApiError } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import { ApplyForm } from '@web/modules/auth/components/ApplyForm';
import { useInvitationLookup } from '@web/modules/invitations/hooks/use-invitations';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';

function InvalidInvitation() {
  usePageTitle('Invitation link not valid');
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">This invitation link is not valid</h1>
        <p className="govuk-body">
          It may have expired, been withdrawn, or already been used to create an account. If you
          copied the link from an email, check that you copied all of it.
        </p>
        <p className="govuk-body">
          You can still{' '}
          <Link to="/apply" className="govuk-link">
            apply to join
          </Link>
          : an administrator will review your application. If you already have an account,{' '}
          <Link to="/sign-in" className="govuk-link">
            sign in
          </Link>
          .
        </p>
      </div>
    </div>
  );
}

/** `/join?invitation=<token>`: the link of an invitation email. */
export function JoinPage() {
  const [params] = useSearchParams();
  const token = params.get('invitation')?.trim() ?? '';
  const lookup = useInvitationLookup(token);
  usePageTitle('Join OCVRN');

  if (!token) return <InvalidInvitation />;
  if (lookup.isPending) return <LoadingState label="Checking your invitation…" />;
  if (lookup.isError) {
    if (isApiError(lookup.error) && lookup.error.status === 404) return <InvalidInvitation />;
    return (
      <ErrorState message={errorMessage(lookup.error)} onRetry={() => void lookup.refetch()} />
    );
  }
  return <ApplyForm key={token} invitation={{ token, email: lookup.data.email }} />;
}
