import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { UserStatus } from '@contracts';
import { errorMessage } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import { ApplicationCard } from '@web/modules/admin/components/ApplicationCard';
import { StatusFilter } from '@web/modules/admin/components/StatusFilter';
import { useApplications } from '@web/modules/admin/hooks/use-applications';
import { useSectors } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { Button } from '@web/ui/Button';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import { NotificationBanner } from '@web/ui/NotificationBanner';

type ApplicationFilter = Extract<UserStatus, 'pending' | 'approved' | 'rejected'>;

const FILTERS: readonly { value: ApplicationFilter; label: string; empty: string }[] = [
  { value: 'pending', label: 'Waiting', empty: 'No applications waiting' },
  { value: 'approved', label: 'Approved', empty: 'No approved applications' },
  { value: 'rejected', label: 'Rejected', empty: 'No rejected applications' },
];

function parseFilter(value: string | null): ApplicationFilter {
  return FILTERS.find((filter) => filter.value === value)?.value ?? 'pending';
}

export function AdminApplicationsPage() {
  const [params] = useSearchParams();
  const status = parseFilter(params.get('status'));
  const filter = FILTERS.find((item) => item.value === status) ?? FILTERS[0];
  const applications = useApplications(status);
  const { sectorLabel } = useSectors();
  const [message, setMessage] = useState<string | null>(null);
  const bannerRef = useRef<HTMLDivElement>(null);
  usePageTitle('Applications');

  useEffect(() => setMessage(null), [status]);
  useEffect(() => {
    if (message) bannerRef.current?.focus();
  }, [message]);

  const items = applications.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      {message ? (
        <NotificationBanner type="success" id="applications-result" ref={bannerRef}>
          <p className="govuk-notification-banner__heading">{message}</p>
        </NotificationBanner>
      ) : null}
      <h1 className="govuk-heading-l">Applications</h1>
      <p className="govuk-body">
        New applications appear here as they arrive. Approving an application makes the applicant a
        member; rejecting it needs a reason, which the applicant will see.
      </p>
      <StatusFilter
        label="Application status"
        options={FILTERS}
        current={status}
        hrefFor={(value) => `/admin/applications?status=${value}`}
      />
      <h2 className="govuk-visually-hidden">{filter.label} applications</h2>
      {applications.isPending ? (
        <LoadingState label="Loading applications…" />
      ) : applications.isError ? (
        <ErrorState
          message={errorMessage(applications.error)}
          onRetry={() => void applications.refetch()}
        />
      ) : items.length === 0 ? (
        <p className="govuk-body govuk-!-font-weight-bold app-empty">{filter.empty}</p>
      ) : (
        <>
          <div className="app-card-list">
            {items.map((application) => (
              <ApplicationCard
                key={application.id}
                application={application}
                sectorLabel={sectorLabel}
                onDecided={setMessage}
              />
            ))}
          </div>
          {applications.hasNextPage ? (
            <Button
              variant="secondary"
              busy={applications.isFetchingNextPage}
              onClick={() => void applications.fetchNextPage()}
            >
              {applications.isFetchingNextPage ? 'Loading…' : 'Load more applications'}
            </Button>
          ) : null}
        </>
      )}
    </>
  );
}
