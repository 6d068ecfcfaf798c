import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMediaQuery } from '@web/app/use-media-query';
import { errorMessage } from '@web/lib/api';
import { hasRole, useAuth } from '@web/lib/auth-store';
import { usePageTitle } from '@web/lib/use-page-title';
import { StatusFilter } from '@web/modules/admin/components/StatusFilter';
import { EventFilters, type EventFilterValues } from '@web/modules/events/components/EventFilters';
import { EventListItem } from '@web/modules/events/components/EventListItem';
import { eventLinkId } from '@web/modules/events/event-labels';
import { useEventList } from '@web/modules/events/hooks/use-events';
import {
  activeFilterCount,
  eventsListKey,
  eventsSearchHref,
  eventsSearchParams,
  parseEventsSearch,
  type EventsSearch,
} from '@web/modules/events/search';
import { useTaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { Button } from '@web/ui/Button';
import { ErrorMessage } from '@web/ui/FieldParts';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import '@web/modules/events/events.css';

function eventsText(count: number, when: EventsSearch['when']): string {
  const noun = count === 1 ? 'event' : 'events';
  return `${count.toLocaleString('en-GB')} ${when === 'past' ? 'past' : 'upcoming'} ${noun}`;
}

const WHEN_OPTIONS = [
  { value: 'upcoming', label: 'Upcoming' },
  { value: 'past', label: 'Past' },
] as const;

/** `/events`: workshops, seminars, conferences and webinars; anyone sees the public ones. */
export function EventsPage() {
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseEventsSearch(params), [params]);
  const member = user?.status === 'approved';
  const editor = member && hasRole(user, 'editor');
  const list = useEventList(eventsListKey(search, member));
  const taxonomy = useTaxonomyLabels();
  const wide = useMediaQuery('(min-width: 40.0625em)');
  usePageTitle(search.when === 'past' ? 'Past events' : 'Events');

  const go = (next: EventsSearch) => setParams(eventsSearchParams(next));
  const onFilters = (filters: EventFilterValues) => go({ ...search, ...filters });
  const filtersOn = activeFilterCount(search);
  const clearHref =
    filtersOn > 0
      ? eventsSearchHref({ when: search.when, topic: [], kind: [], mine: false })
      : null;

  const pages = list.data?.pages ?? [];
  const first = pages.at(0);
  const items = pages.flatMap((page) => page.items);
  const total = first?.total ?? 0;
  const stale = list.isPlaceholderData;

  // After "More events", keyboard and screen reader users go on from the first new one.
  const [focusId, setFocusId] = useState<string | null>(null);
  useEffect(() => {
    if (!focusId) return;
    const link = document.getElementById(eventLinkId(focusId));
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
    <EventFilters
      search={search}
      topics={taxonomy.topics}
      member={member}
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
    results = <LoadingState label="Loading the events…" />;
  } else if (list.isError && !first) {
    results = <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />;
  } else if (items.length === 0) {
    results =
      filtersOn > 0 ? (
        <div className="app-empty">
          <p className="govuk-body govuk-!-font-weight-bold">No events match your filters</p>
          <p className="govuk-body">Try fewer topics or kinds of event.</p>
          {clearHref ? (
            <p className="govuk-body">
              <Link className="govuk-link" to={clearHref}>
                Clear your filters
              </Link>
            </p>
          ) : null}
        </div>
      ) : search.when === 'past' ? (
        <div className="app-empty">
          <p className="govuk-body govuk-!-font-weight-bold">No past events yet</p>
          <p className="govuk-body">Events appear here once they have taken place.</p>
        </div>
      ) : (
        <div className="app-empty">
          <p className="govuk-body govuk-!-font-weight-bold">
            {member ? 'No events are planned at the moment' : 'No public events are planned'}
          </p>
          <p className="govuk-body">New events appear here as soon as they are announced.</p>
        </div>
      );
  } else {
    results = (
      <>
        <ul
          className={`govuk-list app-event-list${stale ? ' app-event-list--stale' : ''}`}
          aria-labelledby="events-count"
          aria-busy={stale || undefined}
        >
          {items.map((event) => (
            <EventListItem key={event.id} event={event} topicLabel={taxonomy.topicLabel} />
          ))}
        </ul>
        {list.isFetchNextPageError ? (
          <ErrorMessage id="events-more-error">{errorMessage(list.error)}</ErrorMessage>
        ) : null}
        {list.hasNextPage && !stale ? (
          <Button variant="secondary" busy={list.isFetchingNextPage} onClick={loadMore}>
            {list.isFetchingNextPage ? 'Loading more events…' : 'More events'}
          </Button>
        ) : null}
        <p className="govuk-body-s app-secondary-text">
          Showing {items.length.toLocaleString('en-GB')} of {eventsText(total, search.when)}
        </p>
      </>
    );
  }

  return (
    <>
      <h1 className="govuk-heading-l">Events</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            Workshops, seminars, conferences and webinars of the network, across the research
            priorities. Times are shown in your time zone, and in the event&rsquo;s own when they
            differ.
          </p>
          {user ? null : (
            <p className="govuk-body">
              Members see every event and can register.{' '}
              <Link className="govuk-link" to="/sign-in" state={{ from: '/events' }}>
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
      </div>
      <div className="app-event-links">
        {editor ? (
          <Link to="/events/new" className="govuk-button" draggable={false}>
            Create an event
          </Link>
        ) : null}
        <p className="govuk-body">
          <Link className="govuk-link" to="/events/calendar">
            Month view
          </Link>
        </p>
        {member ? (
          <p className="govuk-body">
            <Link className="govuk-link" to="/events/calendar-feed">
              Your events in your calendar app
            </Link>
          </p>
        ) : null}
      </div>
      <StatusFilter
        label="Upcoming or past events"
        options={WHEN_OPTIONS}
        current={search.when}
        hrefFor={(when) =>
          eventsSearchHref({ ...search, when: when === 'past' ? 'past' : 'upcoming' })
        }
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">{filters}</div>
        <div className="govuk-grid-column-two-thirds">
          <div aria-live="polite" aria-atomic="true">
            {first ? (
              <h2 className="govuk-heading-m" id="events-count">
                {eventsText(total, search.when)}
              </h2>
            ) : null}
          </div>
          <p className="govuk-visually-hidden" role="status">
            {stale ? 'Updating the list…' : ''}
          </p>
          {results}
        </div>
      </div>
    </>
  );
}
