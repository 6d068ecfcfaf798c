import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  INVITATION_STATUSES,
  type CreateInvitationsResponse,
  type InvitationStatus,
} from '@contracts';
import { errorMessage } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import { StatusFilter } from '@web/modules/admin/components/StatusFilter';
import { InvitationCard } from '@web/modules/invitations/components/InvitationCard';
import { InviteForm } from '@web/modules/invitations/components/InviteForm';
import { useInvitations } from '@web/modules/invitations/hooks/use-invitations';
import { Button } from '@web/ui/Button';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import { NotificationBanner } from '@web/ui/NotificationBanner';

type Filter = InvitationStatus | 'all';

const FILTERS: readonly { value: Filter; label: string; empty: string }[] = [
  { value: 'all', label: 'All', empty: 'No invitations have been sent yet' },
  { value: 'pending', label: 'Pending', empty: 'No invitations are waiting to be accepted' },
  { value: 'accepted', label: 'Accepted', empty: 'No invitations have been accepted yet' },
  { value: 'expired', label: 'Expired', empty: 'No invitations have expired' },
  { value: 'revoked', label: 'Revoked', empty: 'No invitations have been revoked' },
];

function parseFilter(value: string | null): Filter {
  return INVITATION_STATUSES.find((status) => status === value) ?? 'all';
}

function SendResult({ result }: { result: CreateInvitationsResponse }) {
  const sent = result.items.length;
  return (
    <>
      <p className="govuk-notification-banner__heading">
        {sent === 0
          ? 'No invitations were sent'
          : `${sent} ${sent === 1 ? 'invitation' : 'invitations'} sent`}
      </p>
      {sent > 0 ? (
        <ul className="govuk-list govuk-list--bullet">
          {result.items.map((item) => (
            <li key={item.id} className="app-break">
              {item.email}
            </li>
          ))}
        </ul>
      ) : null}
      {result.skipped.length > 0 ? (
        <>
          <p className="govuk-body govuk-!-font-weight-bold">Not sent ({result.skipped.length}):</p>
          <ul className="govuk-list govuk-list--bullet">
            {result.skipped.map((item) => (
              <li key={item.email} className="app-break">
                {item.email}: {item.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export function AdminInvitationsPage() {
  const [params] = useSearchParams();
  const filterValue = parseFilter(params.get('status'));
  const filter = FILTERS.find((item) => item.value === filterValue) ?? FILTERS[0];
  const invitations = useInvitations(filterValue === 'all' ? '' : filterValue);
  const [result, setResult] = useState<CreateInvitationsResponse | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const bannerRef = useRef<HTMLDivElement>(null);
  usePageTitle('Invitations');

  useEffect(() => {
    if (result || message) bannerRef.current?.focus();
  }, [result, message]);

  const items = invitations.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      {result ? (
        <NotificationBanner
          type={result.items.length > 0 ? 'success' : 'important'}
          id="invitations-result"
          ref={bannerRef}
        >
          <SendResult result={result} />
        </NotificationBanner>
      ) : message ? (
        <NotificationBanner type="success" id="invitations-result" ref={bannerRef}>
          <p className="govuk-notification-banner__heading">{message}</p>
        </NotificationBanner>
      ) : null}
      <h1 className="govuk-heading-l">Invitations</h1>
      <p className="govuk-body">
        Invite people by email. Each gets a link to create an account, which is approved at once:
        they do not have to apply and wait for a decision.
      </p>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <InviteForm
            onSent={(sent) => {
              setMessage(null);
              setResult(sent);
            }}
          />
        </div>
      </div>
      <h2 className="govuk-heading-m">Sent invitations</h2>
      <StatusFilter
        label="Invitation status"
        options={FILTERS}
        current={filterValue}
        hrefFor={(value) =>
          value === 'all' ? '/admin/invitations' : `/admin/invitations?status=${value}`
        }
      />
      {invitations.isPending ? (
        <LoadingState label="Loading invitations…" />
      ) : invitations.isError ? (
        <ErrorState
          message={errorMessage(invitations.error)}
          onRetry={() => void invitations.refetch()}
        />
      ) : items.length === 0 ? (
        <p className="govuk-body govuk-!-font-weight-bold app-empty">{filter.empty}</p>
      ) : (
        <>
          <div className="app-card-list">
            {items.map((invitation) => (
              <InvitationCard
                key={`${invitation.id}-${invitation.status}`}
                invitation={invitation}
                onRevoked={(text) => {
                  setResult(null);
                  setMessage(text);
                }}
              />
            ))}
          </div>
          {invitations.hasNextPage ? (
            <Button
              variant="secondary"
              busy={invitations.isFetchingNextPage}
              onClick={() => void invitations.fetchNextPage()}
            >
              {invitations.isFetchingNextPage ? 'Loading…' : 'Load more invitations'}
            </Button>
          ) : null}
        </>
      )}
    </>
  );
}
