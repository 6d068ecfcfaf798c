import { useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { DOCUMENT_TYPES } from '@contracts';
import { useMediaQuery } from '@web/app/use-media-query';
import { errorMessage } from '@web/lib/api';
import { hasRole, useAuth } from '@web/lib/auth-store';
import { usePageTitle } from '@web/lib/use-page-title';
import { DocumentResult } from '@web/modules/documents/components/DocumentResult';
import {
  LibraryFilters,
  type LibraryFilterValues,
} from '@web/modules/documents/components/LibraryFilters';
import { LibrarySearchForm } from '@web/modules/documents/components/LibrarySearchForm';
import { NewDocumentsNotice } from '@web/modules/documents/components/NewDocumentsNotice';
import { documentLinkId } from '@web/modules/documents/document-labels';
import { useDocumentList, useUploadLimits } from '@web/modules/documents/hooks/use-documents';
import { libraryEventsStore } from '@web/modules/documents/library-events-store';
import {
  activeFilterCount,
  effectiveSort,
  librarySearchHref,
  librarySearchParams,
  libraryListKey,
  parseLibrarySearch,
  withoutFilters,
  type LibrarySearch,
} from '@web/modules/documents/search';
import { useTaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { Button } from '@web/ui/Button';
import { ErrorMessage } from '@web/ui/FieldParts';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import { NotificationBanner } from '@web/ui/NotificationBanner';
import { Select } from '@web/ui/Select';
import '@web/modules/documents/library.css';

const SORT_OPTIONS = [
  { value: 'relevance', label: 'Relevance' },
  { value: 'newest', label: 'Newest' },
] as const;

/** Location state of the library after a deletion: shows the banner once. */
export interface LibraryLocationState {
  deleted?: string;
}

function documentsText(count: number): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? 'document' : 'documents'}`;
}

/** `/library`: search the network's documents by words, topics, crime types, type and year. */
export function LibraryPage() {
  const { user } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseLibrarySearch(params), [params]);
  const list = useDocumentList(libraryListKey(search));
  const limits = useUploadLimits();
  const taxonomy = useTaxonomyLabels();
  const wide = useMediaQuery('(min-width: 40.0625em)');
  usePageTitle('Library');

  const state = location.state as LibraryLocationState | null;
  const [deleted] = useState(() => state?.deleted ?? null);
  // Show the banner once: a reload or a visit from history should not say it again.
  useEffect(() => {
    if (state?.deleted !== undefined) {
      void navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
    }
  }, [state, location.pathname, location.search, navigate]);

  // While the search is on screen, documents published live are listed in a notice.
  useEffect(() => libraryEventsStore.openSearch(), []);

  const moderator = hasRole(user, 'moderator');
  const go = (next: LibrarySearch) => setParams(librarySearchParams(next));
  const onFilters = (filters: LibraryFilterValues) => go({ ...search, ...filters });
  const filtersOn = activeFilterCount(search);
  const clearHref = filtersOn > 0 ? librarySearchHref(withoutFilters(search)) : null;

  const pages = list.data?.pages ?? [];
  const first = pages.at(0);
  const items = pages.flatMap((page) => page.items);
  const total = first?.total ?? 0;
  const stale = list.isPlaceholderData;
  const backHref = librarySearchHref(search);

  // After "More results", keyboard and screen reader users go on from the first new result.
  const [focusId, setFocusId] = useState<string | null>(null);
  useEffect(() => {
    if (!focusId) return;
    const link = document.getElementById(documentLinkId(focusId));
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

  const filterPanel = (
    <LibraryFilters
      search={search}
      topics={taxonomy.topics}
      types={limits.data?.types ?? DOCUMENT_TYPES}
      onApply={onFilters}
      clearHref={clearHref}
      headingHidden={!wide}
    />
  );
  const filters = wide ? (
    filterPanel
  ) : (
    <details className="govuk-details app-filters-details" open={filtersOn > 0 || undefined}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">
          Filters{filtersOn > 0 ? ` (${filtersOn} selected)` : ''}
        </span>
      </summary>
      <div className="govuk-details__text">{filterPanel}</div>
    </details>
  );

  let results;
  if (list.isPending) {
    results = <LoadingState label="Searching the library…" />;
  } else if (list.isError && !first) {
    results = <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />;
  } else if (items.length === 0) {
    const filtered = search.q !== '' || filtersOn > 0;
    results = filtered ? (
      <div className="app-empty">
        <p className="govuk-body govuk-!-font-weight-bold">No documents match your search</p>
        <p className="govuk-body">Check your spelling, try other words or remove some filters.</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/library">
            Clear your search and filters
          </Link>
        </p>
      </div>
    ) : (
      <div className="app-empty">
        <p className="govuk-body govuk-!-font-weight-bold">The library is empty</p>
        <p className="govuk-body">
          Documents appear here as soon as members share them.{' '}
          <Link className="govuk-link" to="/library/upload">
            Upload the first one
          </Link>
          .
        </p>
      </div>
    );
  } else {
    results = (
      <>
        <ul
          className={`govuk-list app-document-list${stale ? ' app-document-list--stale' : ''}`}
          aria-labelledby="library-count"
          aria-busy={stale || undefined}
        >
          {items.map((item) => (
            <DocumentResult
              key={item.id}
              document={item}
              topicLabel={taxonomy.topicLabel}
              backHref={backHref}
            />
          ))}
        </ul>
        {list.isFetchNextPageError ? (
          <ErrorMessage id="library-more-error">{errorMessage(list.error)}</ErrorMessage>
        ) : null}
        {list.hasNextPage && !stale ? (
          <Button variant="secondary" busy={list.isFetchingNextPage} onClick={loadMore}>
            {list.isFetchingNextPage ? 'Loading more results…' : 'More results'}
          </Button>
        ) : null}
        <p className="govuk-body-s app-secondary-text">
          Showing {items.length.toLocaleString('en-GB')} of {documentsText(total)}
        </p>
      </>
    );
  }

  return (
    <>
      {deleted !== null ? (
        <NotificationBanner type="success" id="library-deleted">
          <p className="govuk-notification-banner__heading">
            {deleted ? `“${deleted}” has been deleted.` : 'The document has been deleted.'}
          </p>
        </NotificationBanner>
      ) : null}
      <h1 className="govuk-heading-l">Library</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            Research, reports and data shared by members of the network. Everything here is
            UNCLASSIFIED or OFFICIAL.
          </p>
        </div>
      </div>
      <div className="app-library-links">
        <Link to="/library/upload" className="govuk-button" draggable={false}>
          Upload a document
        </Link>
        <p className="govuk-body">
          <Link className="govuk-link" to="/library/mine">
            Your uploads
          </Link>
        </p>
        {moderator ? (
          <p className="govuk-body">
            <Link className="govuk-link" to="/library/moderation">
              Documents held for review
            </Link>
          </p>
        ) : null}
      </div>
      <NewDocumentsNotice />
      <LibrarySearchForm q={search.q} onSearch={(q) => go({ ...search, q })} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">{filters}</div>
        <div className="govuk-grid-column-two-thirds">
          <div className="app-results-header">
            <div aria-live="polite" aria-atomic="true" className="app-results-header__count">
              {first ? (
                <h2 className="govuk-heading-m" id="library-count">
                  {documentsText(total)}
                </h2>
              ) : null}
            </div>
            {search.q ? (
              <Select
                id="library-sort"
                name="sort"
                label="Sort by"
                value={effectiveSort(search)}
                options={SORT_OPTIONS}
                onChange={(value) =>
                  go({ ...search, sort: value === 'newest' ? 'newest' : 'relevance' })
                }
              />
            ) : (
              <p className="govuk-body-s app-secondary-text">Newest first</p>
            )}
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
