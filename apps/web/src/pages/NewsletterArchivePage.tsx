import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '@web/lib/api';
import { hasRole, useAuth } from '@web/lib/auth-store';
import { usePageTitle } from '@web/lib/use-page-title';
import { ArchiveSearchForm } from '@web/modules/newsletters/components/ArchiveSearchForm';
import {
  NewsletterListItem,
  newsletterLinkId,
} from '@web/modules/newsletters/components/NewsletterListItem';
import { useNewsletterList } from '@web/modules/newsletters/hooks/use-newsletters';
import {
  archiveListKey,
  archiveSearchParams,
  parseArchiveSearch,
  type ArchiveSearch,
} from '@web/modules/newsletters/search';
import { unseenIssuesStore } from '@web/modules/newsletters/unseen-issues-store';
import { useTaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { Button } from '@web/ui/Button';
import { ErrorMessage } from '@web/ui/FieldParts';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';

function issuesText(count: number): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? 'issue' : 'issues'}`;
}

/** `/newsletters`: published issues, newest first; anyone may read the public ones. */
export function NewsletterArchivePage() {
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseArchiveSearch(params), [params]);
  const list = useNewsletterList(archiveListKey(search));
  const taxonomy = useTaxonomyLabels();
  usePageTitle('Newsletter');

  // Looking at the archive is seeing the new issues: the header's count goes.
  useEffect(() => unseenIssuesStore.openArchive(), []);

  const member = user?.status === 'approved';
  const editor = member && hasRole(user, 'editor');
  const filtered = search.q !== '' || search.topic.length > 0;
  const go = (next: ArchiveSearch) => setParams(archiveSearchParams(next));

  const pages = list.data?.pages ?? [];
  const first = pages.at(0);
  const items = pages.flatMap((page) => page.items);
  const total = first?.total ?? 0;
  const stale = list.isPlaceholderData;

  // After "Load more", keyboard and screen reader users go on from the first new issue.
  const [focusId, setFocusId] = useState<string | null>(null);
  useEffect(() => {
    if (!focusId) return;
    const link = document.getElementById(newsletterLinkId(focusId));
    if (!link) return;
    link.focus();
    setFocusId(null);
  }, [focusId, items.length]);

  const loadMore = () => {
    const before = items.length;
    void list.fetchNextPage().then((result) => {
      const next = result.data?.pages.flatMap((page) => page.items)[before];
      if (next) setFocusId(next.id);
    });
  };

  let results;
  if (list.isPending) {
    results = <LoadingState label="Loading the newsletter…" />;
  } else if (list.isError && !first) {
    results = <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />;
  } else if (items.length === 0) {
    results = filtered ? (
      <div className="app-empty">
        <p className="govuk-body govuk-!-font-weight-bold">No issues match your search</p>
        <p className="govuk-body">Try other words or fewer topics.</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/newsletters">
            Clear your search
          </Link>
        </p>
      </div>
    ) : (
      <div className="app-empty">
        <p className="govuk-body govuk-!-font-weight-bold">
          {user ? 'No issues have been published yet' : 'No public issues yet'}
        </p>
        <p className="govuk-body">New issues appear here as soon as they are published.</p>
      </div>
    );
  } else {
    results = (
      <>
        <ul
          className={`govuk-list app-newsletter-list${stale ? ' app-newsletter-list--stale' : ''}`}
          aria-labelledby="newsletters-count"
          aria-busy={stale || undefined}
        >
          {items.map((issue) => (
            <NewsletterListItem key={issue.id} issue={issue} topicLabel={taxonomy.topicLabel} />
          ))}
        </ul>
        {list.isFetchNextPageError ? (
          <ErrorMessage id="newsletters-more-error">{errorMessage(list.error)}</ErrorMessage>
        ) : null}
        {list.hasNextPage && !stale ? (
          <Button variant="secondary" busy={list.isFetchingNextPage} onClick={loadMore}>
            {list.isFetchingNextPage ? 'Loading more issues…' : 'Load more issues'}
          </Button>
        ) : null}
        <p className="govuk-body-s app-secondary-text">
          Showing {items.length.toLocaleString('en-GB')} of {issuesText(total)}
        </p>
      </>
    );
  }

  return (
    <>
      <h1 className="govuk-heading-l">Newsletter</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            News from the network: research findings, events and opportunities, across the research
            priorities.
          </p>
          <div className="app-newsletter-links">
            {member ? (
              <p className="govuk-body">
                <Link className="govuk-link" to="/newsletters/subscription">
                  Choose which issues you get by email
                </Link>
              </p>
            ) : null}
            {editor ? (
              <p className="govuk-body">
                <Link className="govuk-link" to="/newsletters/drafts">
                  Drafts and clearance
                </Link>
              </p>
            ) : null}
            {user ? null : (
              <p className="govuk-body">
                Members read every issue.{' '}
                <Link className="govuk-link" to="/sign-in" state={{ from: '/newsletters' }}>
                  Sign in
                </Link>{' '}
                or{' '}
                <Link className="govuk-link" to="/apply">
                  apply to join
                </Link>
                .
              </p>
            )}
          </div>
          <ArchiveSearchForm search={search} topics={taxonomy.topics} onSearch={go} />
          <div aria-live="polite" aria-atomic="true">
            {first ? (
              <h2 className="govuk-heading-m" id="newsletters-count">
                {issuesText(total)}
              </h2>
            ) : null}
          </div>
          <p className="govuk-visually-hidden" role="status">
            {stale ? 'Updating results…' : ''}
          </p>
          {results}
        </div>
      </div>
    </>
  );
}
