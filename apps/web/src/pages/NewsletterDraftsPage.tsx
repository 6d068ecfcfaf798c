import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { NEWSLETTER_STATUSES, type NewsletterStatus } from '@contracts';
import { errorMessage } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import { StatusFilter } from '@web/modules/admin/components/StatusFilter';
import { DraftListItem } from '@web/modules/newsletters/components/DraftListItem';
import { useNewsletterList } from '@web/modules/newsletters/hooks/use-newsletters';
import { Button } from '@web/ui/Button';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import { NotificationBanner } from '@web/ui/NotificationBanner';

/** Location state of the drafts page after a deletion: shows the banner once. */
export interface DraftsLocationState {
  deleted?: string;
}

const FILTERS: readonly { value: NewsletterStatus; label: string; empty: string }[] = [
  { value: 'draft', label: 'Drafts', empty: 'No drafts: start a new issue' },
  {
    value: 'submitted',
    label: 'Submitted for clearance',
    empty: 'No issues are waiting for clearance',
  },
  { value: 'cleared', label: 'Cleared', empty: 'No cleared issues are waiting to be published' },
  { value: 'scheduled', label: 'Scheduled', empty: 'No issues are scheduled' },
  { value: 'published', label: 'Published', empty: 'No issues have been published yet' },
];

function parseStatus(value: string | null): NewsletterStatus {
  return NEWSLETTER_STATUSES.find((status) => status === value) ?? 'draft';
}

function issuesText(count: number): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? 'issue' : 'issues'}`;
}

/** `/newsletters/drafts` (editors): issues by status, on their way to publication. */
export function NewsletterDraftsPage() {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const state = location.state as DraftsLocationState | null;
  const [deleted] = useState(() => state?.deleted ?? null);
  const status = parseStatus(params.get('status'));
  const filter = FILTERS.find((item) => item.value === status) ?? FILTERS[0];
  const list = useNewsletterList({ q: '', topic: [], status });
  usePageTitle(`Newsletter: ${filter.label.toLowerCase()}`);

  // Show the banner once: a reload or a visit from history should not say it again.
  useEffect(() => {
    if (state?.deleted !== undefined) {
      void navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
    }
  }, [state, location.pathname, location.search, navigate]);

  const first = list.data?.pages.at(0);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  // Another tab's issues are not shown under this one's heading while it loads.
  const stale = list.isPlaceholderData;

  return (
    <>
      <Link className="govuk-back-link" to="/newsletters">
        Newsletter
      </Link>
      {deleted !== null ? (
        <NotificationBanner type="success" id="newsletter-deleted">
          <p className="govuk-notification-banner__heading">
            {deleted ? `“${deleted}” has been deleted.` : 'The issue has been deleted.'}
          </p>
        </NotificationBanner>
      ) : null}
      <h1 className="govuk-heading-l">Newsletter drafts and clearance</h1>
      <p className="govuk-body">
        An issue is written as a draft, submitted for clearance, cleared by a second editor, then
        published at once or at a time you choose.
      </p>
      <Link to="/newsletters/new" className="govuk-button" draggable={false}>
        New issue
      </Link>
      <StatusFilter
        label="Issue status"
        options={FILTERS}
        current={status}
        hrefFor={(value) =>
          value === 'draft' ? '/newsletters/drafts' : `/newsletters/drafts?status=${value}`
        }
      />
      {list.isPending || stale ? (
        <LoadingState label="Loading issues…" />
      ) : list.isError && !first ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <p className="govuk-body govuk-!-font-weight-bold app-empty">{filter.empty}</p>
      ) : (
        <>
          <h2 className="govuk-heading-m" id="newsletter-drafts-count">
            {filter.label}: {issuesText(first?.total ?? items.length)}
          </h2>
          <ul className="govuk-list app-newsletter-list" aria-labelledby="newsletter-drafts-count">
            {items.map((issue) => (
              <DraftListItem key={issue.id} issue={issue} />
            ))}
          </ul>
          {list.hasNextPage ? (
            <Button
              variant="secondary"
              busy={list.isFetchingNextPage}
              onClick={() => void list.fetchNextPage()}
            >
              {list.isFetchingNextPage ? 'Loading…' : 'Load more issues'}
            </Button>
          ) : null}
        </>
      )}
    </>
  );
}
