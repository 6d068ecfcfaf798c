import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import { StatusFilter } from '@web/modules/admin/components/StatusFilter';
import { QueueCard } from '@web/modules/documents/components/QueueCard';
import { useDocumentList } from '@web/modules/documents/hooks/use-documents';
import { moderationListKey } from '@web/modules/documents/search';
import { Button } from '@web/ui/Button';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import { NotificationBanner } from '@web/ui/NotificationBanner';
import '@web/modules/documents/library.css';

type ModerationStatus = 'quarantined' | 'rejected';

const FILTERS: readonly { value: ModerationStatus; label: string; empty: string }[] = [
  {
    value: 'quarantined',
    label: 'Held for review',
    empty: 'No documents are waiting for review',
  },
  { value: 'rejected', label: 'Rejected', empty: 'No documents have been rejected' },
];

function documentsText(count: number): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? 'document' : 'documents'}`;
}

interface Done {
  id: number;
  message: string;
}

/**
 * `/library/moderation` (moderators): uploads held because a higher protective marking was
 * found in them, to approve or reject; and the ones rejected. New ones arrive live.
 */
export function LibraryModerationPage() {
  const [params] = useSearchParams();
  const status: ModerationStatus = params.get('status') === 'rejected' ? 'rejected' : 'quarantined';
  const filter = FILTERS.find((item) => item.value === status) ?? FILTERS[0];
  const list = useDocumentList(moderationListKey(status));
  const [done, setDone] = useState<Done | null>(null);
  const bannerRef = useRef<HTMLDivElement>(null);
  usePageTitle(`Library moderation: ${filter.label.toLowerCase()}`);

  // The card of a decided document leaves the queue: the focus goes to what happened.
  useEffect(() => {
    if (done) bannerRef.current?.focus();
  }, [done]);

  const first = list.data?.pages.at(0);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  // Another tab's documents are not shown under this one's heading while it loads.
  const stale = list.isPlaceholderData;

  return (
    <>
      <Link className="govuk-back-link" to="/library">
        Library
      </Link>
      {done ? (
        <NotificationBanner type="success" id="moderation-done" ref={bannerRef} key={done.id}>
          <p className="govuk-notification-banner__heading">{done.message}</p>
        </NotificationBanner>
      ) : null}
      <h1 className="govuk-heading-l">Library moderation</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            Uploads in which a protective marking above OFFICIAL was found are held here instead of
            being published. Check the file: approve it if the marking is not a real one (a quote,
            or a document that was since downgraded), or reject it with a reason the uploader sees.
          </p>
        </div>
      </div>
      <StatusFilter
        label="Document status"
        options={FILTERS}
        current={status}
        hrefFor={(value) =>
          value === 'quarantined' ? '/library/moderation' : `/library/moderation?status=${value}`
        }
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {list.isPending || stale ? (
            <LoadingState label="Loading documents…" />
          ) : list.isError && !first ? (
            <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
          ) : items.length === 0 ? (
            <p className="govuk-body govuk-!-font-weight-bold app-empty">{filter.empty}</p>
          ) : (
            <>
              <h2 className="govuk-heading-m" id="moderation-count">
                {filter.label}: {documentsText(first?.total ?? items.length)}
              </h2>
              <div className="app-card-list" aria-labelledby="moderation-count" role="list">
                {items.map((item) => (
                  <div role="listitem" key={item.id}>
                    <QueueCard
                      document={item}
                      onDecided={(message) =>
                        setDone((old) => ({ id: (old?.id ?? 0) + 1, message }))
                      }
                    />
                  </div>
                ))}
              </div>
              {list.hasNextPage ? (
                <Button
                  variant="secondary"
                  busy={list.isFetchingNextPage}
                  onClick={() => void list.fetchNextPage()}
                >
                  {list.isFetchingNextPage ? 'Loading…' : 'More results'}
                </Button>
              ) : null}
            </>
          )}
        </div>
      </div>
    </>
  );
}
