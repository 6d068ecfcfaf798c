import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage, isApiError } from '@web/lib/api';
import { useAuth } from '@web/lib/auth-store';
import { usePageTitle } from '@web/lib/use-page-title';
import { useUnsubscribe } from '@web/modules/newsletters/hooks/use-newsletters';
import { Button } from '@web/ui/Button';
import { ErrorMessage } from '@web/ui/FieldParts';
import { Panel } from '@web/ui/Panel';

const INVALID_TITLE = 'Unsubscribe link not valid';

function InvalidLink() {
  return (
    <>
      <h1 className="govuk-heading-l">This unsubscribe link is not valid</h1>
      <p className="govuk-body">
        It may be incomplete: if you copied it from an email, check that you copied all of it.
      </p>
      <p className="govuk-body">
        Members can also{' '}
        <Link className="govuk-link" to="/newsletters/subscription">
          choose which newsletter emails they get
        </Link>{' '}
        after signing in.
      </p>
    </>
  );
}

interface UnsubscribeProps {
  token: string;
}

/** The question, one button, then what happened (the button is the only thing that acts). */
function Unsubscribe({ token }: UnsubscribeProps) {
  const { user } = useAuth();
  const unsubscribe = useUnsubscribe();
  const done = unsubscribe.data;
  const invalid =
    isApiError(unsubscribe.error) &&
    (unsubscribe.error.code === 'UNSUBSCRIBE_TOKEN_INVALID' || unsubscribe.error.status === 404);
  usePageTitle(
    invalid
      ? INVALID_TITLE
      : done
        ? 'You have been unsubscribed'
        : 'Unsubscribe from the newsletter',
  );

  // The button is gone and the heading is new: it takes the focus, as after a change of page.
  const answered = Boolean(done) || invalid;
  useEffect(() => {
    if (!answered) return;
    const heading = document.querySelector<HTMLElement>('main h1');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
  }, [answered]);

  if (invalid) return <InvalidLink />;
  if (done) {
    return (
      <>
        <Panel title="You have been unsubscribed">
          <span className="app-break">{done.email}</span> will no longer get the OCVRN newsletter by
          email.
        </Panel>
        <p className="govuk-body">
          Issues are still published in the{' '}
          <Link className="govuk-link" to="/newsletters">
            newsletter archive
          </Link>
          .
        </p>
        <p className="govuk-body">
          Changed your mind, or want only some topics?{' '}
          <Link className="govuk-link" to="/newsletters/subscription">
            Choose which newsletter emails you get
          </Link>
          {user ? null : ' (you will be asked to sign in)'}.
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="govuk-heading-l">Unsubscribe from the newsletter</h1>
      <p className="govuk-body">
        You will stop getting the OCVRN newsletter by email. You can still read every issue in the
        archive, and members can subscribe again at any time.
      </p>
      <div role="alert">
        {unsubscribe.isError ? (
          <ErrorMessage id="unsubscribe-error">{errorMessage(unsubscribe.error)}</ErrorMessage>
        ) : null}
      </div>
      <Button busy={unsubscribe.isPending} onClick={() => unsubscribe.mutate(token)}>
        Unsubscribe
      </Button>
    </>
  );
}

function MissingToken() {
  usePageTitle(INVALID_TITLE);
  return <InvalidLink />;
}

/**
 * `/newsletters/unsubscribe?token=…`: the link at the foot of every newsletter email. Nothing
 * happens on load (mail scanners follow links): the person presses the button.
 */
export function NewsletterUnsubscribePage() {
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() ?? '';
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {token ? <Unsubscribe key={token} token={token} /> : <MissingToken />}
      </div>
    </div>
  );
}
