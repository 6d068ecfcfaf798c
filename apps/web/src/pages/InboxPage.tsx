import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '@web/lib/api';
import { useAuth } from '@web/lib/auth-store';
import { usePageTitle } from '@web/lib/use-page-title';
import { InboxFilters } from '@web/modules/inbox/components/InboxFilters';
import { ThreadTable } from '@web/modules/inbox/components/ThreadTable';
import { useInboxList, useOfficers } from '@web/modules/inbox/hooks/use-inbox';
import { useNow } from '@web/modules/inbox/hooks/use-now';
import { formatDuration } from '@web/modules/inbox/inbox-labels';
import {
  DEFAULT_INBOX_SEARCH,
  inboxListKey,
  inboxSearchHref,
  inboxSearchParams,
  isFiltered,
  parseInboxSearch,
} from '@web/modules/inbox/search';
import { Button } from '@web/ui/Button';
import { ErrorMessage } from '@web/ui/FieldParts';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import '@web/modules/contact/contact.css';
import '@web/modules/inbox/inbox.css';

function conversationsText(count: number): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? 'conversation' : 'conversations'}`;
}

/**
 * `/inbox` (contact officers): the messages to the contact point, oldest waiting first, by
 * status, category, assignee and words; new ones and changes arrive live.
 */
export function InboxPage() {
  const { user } = useAuth();
  const myUserId = user?.id ?? '';
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseInboxSearch(params), [params]);
  const list = useInboxList(inboxListKey(search));
  const officers = useOfficers();
  const now = useNow();
  usePageTitle('Inbox');

  const pages = list.data?.pages ?? [];
  const first = pages.at(0);
  const items = pages.flatMap((page) => page.items);
  const stale = list.isPlaceholderData;
  const filtered = isFiltered(search);

  let results;
  if (list.isPending) {
    results = <LoadingState label="Loading conversations…" />;
  } else if (list.isError && !first) {
    results = <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />;
  } else if (items.length === 0) {
    results = filtered ? (
      <div className="app-empty">
        <p className="govuk-body govuk-!-font-weight-bold">No conversations match your filters</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/inbox">
            Clear the filters
          </Link>
        </p>
      </div>
    ) : (
      <div className="app-empty">
        <p className="govuk-body govuk-!-font-weight-bold">The inbox is empty</p>
        <p className="govuk-body">
          Nothing is waiting for an answer. New messages appear here as soon as they arrive.
        </p>
      </div>
    );
  } else {
    results = (
      <>
        <ThreadTable
          threads={items}
          caption={`Conversations, ${search.sort === 'newest' ? 'newest' : 'oldest'} first`}
          now={now}
          myUserId={myUserId}
          stale={stale}
        />
        {list.isFetchNextPageError ? (
          <ErrorMessage id="inbox-more-error">{errorMessage(list.error)}</ErrorMessage>
        ) : null}
        {list.hasNextPage && !stale ? (
          <Button
            variant="secondary"
            busy={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {list.isFetchingNextPage ? 'Loading…' : 'More conversations'}
          </Button>
        ) : null}
        <p className="govuk-body-s app-secondary-text">
          Showing {items.length.toLocaleString('en-GB')} of{' '}
          {conversationsText(first?.total ?? items.length)}
        </p>
      </>
    );
  }

  const average = first?.averageFirstResponseSeconds ?? null;

  return (
    <>
      <h1 className="govuk-heading-l">Inbox</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            Messages to the network&rsquo;s contact point. Claim a conversation before you answer
            it, so two officers do not reply to the same message.
          </p>
        </div>
      </div>
      <div className="app-inbox-links">
        <p className="govuk-body">
          <Link
            className="govuk-link"
            to={inboxSearchHref({ ...DEFAULT_INBOX_SEARCH, assignee: 'me' })}
          >
            Assigned to me
          </Link>
        </p>
        <p className="govuk-body">
          <Link
            className="govuk-link"
            to={inboxSearchHref({ ...DEFAULT_INBOX_SEARCH, assignee: 'none' })}
          >
            Unassigned
          </Link>
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/inbox/canned-replies">
            Canned replies
          </Link>
        </p>
      </div>
      <InboxFilters
        key={params.toString()}
        search={search}
        officers={officers.data ?? []}
        myUserId={myUserId}
        onApply={(next) => setParams(inboxSearchParams(next))}
        clearHref={filtered ? '/inbox' : null}
      />
      <div className="app-inbox-stats" aria-live="polite" aria-atomic="true">
        {first ? (
          <>
            <h2 className="govuk-heading-m" id="inbox-count">
              {conversationsText(first.total)}
            </h2>
            <p className="govuk-body" data-testid="inbox-average">
              Average time to first response:{' '}
              <strong>{average === null ? 'no replies yet' : formatDuration(average)}</strong>
            </p>
          </>
        ) : null}
      </div>
      <p className="govuk-visually-hidden" role="status">
        {stale ? 'Updating the list…' : ''}
      </p>
      {results}
    </>
  );
}
