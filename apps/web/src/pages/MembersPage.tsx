import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMediaQuery } from '@web/app/use-media-query';
import { errorMessage } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import { DirectoryFilters } from '@web/modules/members/components/DirectoryFilters';
import { MemberResult, memberLinkId } from '@web/modules/members/components/MemberResult';
import { useMemberSearch } from '@web/modules/members/hooks/use-members';
import {
  activeFilterCount,
  effectiveSort,
  memberSearchHref,
  memberSearchParams,
  parseMemberSearch,
  withoutFilters,
  type FacetName,
  type MemberSearch,
} from '@web/modules/members/search';
import { useTaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { Button } from '@web/ui/Button';
import { ErrorMessage } from '@web/ui/FieldParts';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import { Select } from '@web/ui/Select';
import { TextInput } from '@web/ui/TextInput';

const SORT_OPTIONS = [
  { value: 'relevance', label: 'Relevance' },
  { value: 'name', label: 'Name' },
] as const;

function membersText(count: number): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? 'member' : 'members'}`;
}

interface SearchFormProps {
  q: string;
  onSearch: (q: string) => void;
}

/** Searches on submit only; follows the URL when it changes (back, forward, a shared link). */
function SearchForm({ q, onSearch }: SearchFormProps) {
  const [query, setQuery] = useState(q);
  const [shown, setShown] = useState(q);
  if (shown !== q) {
    setShown(q);
    setQuery(q);
  }
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSearch(query.trim());
  };
  return (
    <form
      className="app-search app-members-search"
      role="search"
      aria-label="Members"
      noValidate
      onSubmit={onSubmit}
    >
      <TextInput
        id="members-q"
        name="q"
        type="search"
        label="Search members"
        labelClass="govuk-label--s"
        hint="Name, organisation, expertise or words from a profile"
        value={query}
        onChange={setQuery}
        spellCheck={false}
      />
      <Button type="submit">Search</Button>
    </form>
  );
}

export function MembersPage() {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseMemberSearch(params), [params]);
  const members = useMemberSearch(search);
  const taxonomy = useTaxonomyLabels();
  const wide = useMediaQuery('(min-width: 40.0625em)');
  usePageTitle('Member directory');

  // The router applies a URL change in a transition: until it commits, a checkbox or the sort
  // select (controlled by the URL) would snap back to its old value for a frame or more, and
  // a second click in that time would undo the first. What was just chosen is shown, and built
  // on, until the URL catches up.
  const [chosen, setChosen] = useState<{ from: URLSearchParams; search: MemberSearch } | null>(
    null,
  );
  const shown = chosen?.from === params ? chosen.search : search;
  const go = (next: MemberSearch) => {
    setChosen({ from: params, search: next });
    setParams(memberSearchParams(next));
  };
  const onFacetChange = (facet: FacetName, values: string[]) => go({ ...shown, [facet]: values });

  const filtersOn = activeFilterCount(shown);
  const clearHref = filtersOn > 0 ? memberSearchHref(withoutFilters(shown)) : null;
  const pages = members.data?.pages ?? [];
  const first = pages.at(0);
  const items = pages.flatMap((page) => page.items);
  const total = first?.total ?? 0;
  const stale = members.isPlaceholderData;

  // After "Load more", keyboard and screen reader users go on from the first new result (the
  // button itself may be gone: there was nothing more to load).
  const [focusId, setFocusId] = useState<string | null>(null);
  useEffect(() => {
    if (!focusId) return;
    const link = document.getElementById(memberLinkId(focusId));
    if (!link) return;
    link.focus();
    setFocusId(null);
  }, [focusId, items.length]);

  const loadMore = () => {
    const before = items.length;
    void members.fetchNextPage().then((result) => {
      const next = result.data?.pages.flatMap((page) => page.items)[before];
      if (next) setFocusId(next.id);
    });
  };

  const filters = first ? (
    wide ? (
      <DirectoryFilters
        search={shown}
        facets={first.facets}
        taxonomy={taxonomy}
        onChange={onFacetChange}
        clearHref={clearHref}
      />
    ) : (
      <details className="govuk-details app-filters-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">
            Filters{filtersOn > 0 ? ` (${filtersOn} selected)` : ''}
          </span>
        </summary>
        <div className="govuk-details__text">
          <DirectoryFilters
            search={shown}
            facets={first.facets}
            taxonomy={taxonomy}
            onChange={onFacetChange}
            clearHref={clearHref}
            headingHidden
          />
        </div>
      </details>
    )
  ) : null;

  let results;
  if (members.isPending) {
    results = <LoadingState label="Loading members…" />;
  } else if (members.isError && !first) {
    results = (
      <>
        <ErrorState message={errorMessage(members.error)} onRetry={() => void members.refetch()} />
        {clearHref ? (
          <p className="govuk-body">
            <Link className="govuk-link" to={clearHref}>
              Clear filters
            </Link>
          </p>
        ) : null}
      </>
    );
  } else if (items.length === 0) {
    results = (
      <div className="app-empty">
        <p className="govuk-body govuk-!-font-weight-bold">No members match your search</p>
        {clearHref ? (
          <>
            <p className="govuk-body">Try removing some filters or using different words.</p>
            <p className="govuk-body">
              <Link className="govuk-link" to={clearHref}>
                Clear filters
              </Link>
            </p>
          </>
        ) : search.q ? (
          <>
            <p className="govuk-body">Check your spelling or try different words.</p>
            <p className="govuk-body">
              <Link className="govuk-link" to={memberSearchHref({ ...search, q: '' })}>
                Clear your search
              </Link>
            </p>
          </>
        ) : null}
      </div>
    );
  } else {
    results = (
      <>
        <ul
          className={`govuk-list app-member-list${stale ? ' app-member-list--stale' : ''}`}
          aria-labelledby="members-count"
          aria-busy={stale || undefined}
        >
          {items.map((member) => (
            <MemberResult
              key={member.id}
              member={member}
              sectorLabel={taxonomy.sectorLabel}
              topicLabel={taxonomy.topicLabel}
              directoryHref={memberSearchHref(search)}
            />
          ))}
        </ul>
        {members.isFetchNextPageError ? (
          <ErrorMessage id="members-more-error">{errorMessage(members.error)}</ErrorMessage>
        ) : null}
        {members.hasNextPage && !stale ? (
          <Button variant="secondary" busy={members.isFetchingNextPage} onClick={loadMore}>
            {members.isFetchingNextPage ? 'Loading more members…' : 'Load more members'}
          </Button>
        ) : null}
        <p className="govuk-body-s app-secondary-text">
          Showing {items.length.toLocaleString('en-GB')} of {membersText(total)}
        </p>
      </>
    );
  }

  return (
    <>
      <h1 className="govuk-heading-l">Member directory</h1>
      <SearchForm q={search.q} onSearch={(q) => go({ ...shown, q })} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">{filters}</div>
        <div className="govuk-grid-column-two-thirds">
          <div className="app-results-header">
            <div aria-live="polite" aria-atomic="true" className="app-results-header__count">
              {first ? (
                <h2 className="govuk-heading-m" id="members-count">
                  {membersText(total)}
                </h2>
              ) : null}
            </div>
            <Select
              id="members-sort"
              name="sort"
              label="Sort by"
              value={effectiveSort(shown)}
              options={SORT_OPTIONS}
              onChange={(value) =>
                go({ ...shown, sort: value === 'relevance' ? 'relevance' : 'name' })
              }
            />
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
