import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '@web/lib/api';
import { countryName } from '@web/lib/countries';
import { formatDate } from '@web/lib/format';
import { usePageTitle } from '@web/lib/use-page-title';
import type { MeResponse } from '@web/modules/auth/api/auth-api';
import { EmailVerificationNotice } from '@web/modules/auth/components/EmailVerificationNotice';
import { useMe } from '@web/modules/auth/hooks/use-me';
import { useSectors } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { ErrorState } from '@web/ui/ErrorState';
import { InsetText } from '@web/ui/InsetText';
import { LoadingState } from '@web/ui/LoadingState';
import { NotificationBanner } from '@web/ui/NotificationBanner';
import { Panel } from '@web/ui/Panel';
import { SummaryList, type SummaryListRow } from '@web/ui/SummaryList';

/** While pending, poll now and then too, in case the realtime connection is down. */
const PENDING_POLL_MS = 30_000;

interface SubmittedProps {
  me: MeResponse;
}

function Submitted({ me }: SubmittedProps) {
  const { sectorLabel } = useSectors();
  const rows: SummaryListRow[] = [
    { key: 'Full name', value: me.name },
    { key: 'Email address', value: me.email },
    { key: 'Organisation', value: me.organisation },
    { key: 'Sector', value: sectorLabel(me.sector) },
    { key: 'Country', value: countryName(me.country) },
  ];
  if (me.statement) {
    rows.push({
      key: 'Why you want to join',
      value: <span className="app-preserve-lines">{me.statement}</span>,
    });
  }
  rows.push({
    key: 'Applied',
    value: <time dateTime={me.createdAt}>{formatDate(me.createdAt)}</time>,
  });
  return (
    <>
      <h2 className="govuk-heading-m">What you sent us</h2>
      <SummaryList rows={rows} />
    </>
  );
}

export function PendingPage() {
  const me = useMe({ pollWhilePendingMs: PENDING_POLL_MS });
  const status = me.data?.status;
  const bannerRef = useRef<HTMLDivElement>(null);
  const previousStatus = useRef(status);

  usePageTitle(
    status === 'approved'
      ? 'Welcome to the network'
      : status === 'rejected'
        ? 'Your application was not accepted'
        : 'Your application is being reviewed',
  );

  // When the decision arrives while the page is open, take the user to it.
  useEffect(() => {
    const was = previousStatus.current;
    previousStatus.current = status;
    if (was === 'pending' && status === 'approved') bannerRef.current?.focus();
  }, [status]);

  if (me.isPending) {
    return (
      <>
        <h1 className="govuk-heading-l">Your application</h1>
        <LoadingState label="Loading your application…" />
      </>
    );
  }
  if (me.isError) {
    return (
      <>
        <h1 className="govuk-heading-l">Your application</h1>
        <ErrorState message={errorMessage(me.error)} onRetry={() => void me.refetch()} />
      </>
    );
  }

  const user = me.data;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {user.status === 'approved' ? (
          <>
            <NotificationBanner
              type="success"
              id="application-approved"
              ref={bannerRef}
              heading="Your application has been approved"
            >
              <p className="govuk-body">
                Welcome to the network, {user.name}.{' '}
                <Link className="govuk-notification-banner__link" to="/">
                  Continue to the network
                </Link>
              </p>
            </NotificationBanner>
            <h1 className="govuk-heading-l">Welcome to the network</h1>
            <p className="govuk-body">
              You can now use the directory, the library, events and the newsletter archive.
            </p>
          </>
        ) : user.status === 'rejected' ? (
          <>
            <h1 className="govuk-heading-l">Your application was not accepted</h1>
            <p className="govuk-body">An administrator has looked at your application.</p>
            {user.rejectionReason ? (
              <InsetText>
                <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">
                  The reason they gave
                </p>
                <p className="govuk-body app-preserve-lines">{user.rejectionReason}</p>
              </InsetText>
            ) : null}
            <p className="govuk-body">
              If you think this is a mistake, write to the network&rsquo;s contact point.
            </p>
          </>
        ) : user.status === 'disabled' ? (
          <>
            <h1 className="govuk-heading-l">This account has been disabled</h1>
            <p className="govuk-body">Contact the network&rsquo;s administrators for help.</p>
          </>
        ) : (
          <>
            <Panel title="Your application is being reviewed">
              An administrator will look at it soon
            </Panel>
            {user.emailVerified ? null : <EmailVerificationNotice variant="inline" />}
            <p className="govuk-body">
              You do not need to do anything. This page updates by itself as soon as there is a
              decision.
            </p>
          </>
        )}
        <Submitted me={user} />
      </div>
    </div>
  );
}
