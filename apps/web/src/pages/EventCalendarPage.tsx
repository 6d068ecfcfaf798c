import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMediaQuery } from '@web/app/use-media-query';
import { errorMessage } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import { MonthAgenda } from '@web/modules/events/components/MonthAgenda';
import { MonthCalendar } from '@web/modules/events/components/MonthCalendar';
import { browserTimeZone, todayIn, zoneCity } from '@web/modules/events/event-times';
import { useEventMonth } from '@web/modules/events/hooks/use-events';
import {
  addMonths,
  currentMonth,
  monthLabel,
  monthRange,
  parseMonth,
} from '@web/modules/events/month';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import '@web/modules/events/events.css';

function monthHref(month: string): string {
  return `/events/calendar?month=${month}`;
}

/** `/events/calendar`: a month of events as a calendar, with the previous and next months. */
export function EventCalendarPage() {
  const [params] = useSearchParams();
  const thisMonth = currentMonth();
  const month = parseMonth(params.get('month'), thisMonth);
  const { from, to } = useMemo(() => monthRange(month), [month]);
  const events = useEventMonth(month, from, to);
  const zone = browserTimeZone();
  // A seven-column table needs room: narrow screens get the days with events as a list.
  const wide = useMediaQuery('(min-width: 40.0625em)');
  const label = monthLabel(month);
  usePageTitle(`Events in ${label}`);

  const previous = addMonths(month, -1);
  const next = addMonths(month, 1);
  const list = events.data ?? [];
  const stale = events.isPlaceholderData;

  let content;
  if (events.isPending) {
    content = <LoadingState label="Loading the events…" />;
  } else if (events.isError && !events.data) {
    content = (
      <ErrorState message={errorMessage(events.error)} onRetry={() => void events.refetch()} />
    );
  } else {
    content = (
      <>
        <p className="govuk-body" role="status">
          {stale
            ? 'Loading the events…'
            : list.length === 0
              ? `No events in ${label}.`
              : `${list.length.toLocaleString('en-GB')} ${list.length === 1 ? 'event' : 'events'} in ${label}.`}
        </p>
        <div className={stale ? 'app-calendar-wrap app-calendar-wrap--stale' : 'app-calendar-wrap'}>
          {wide ? (
            <MonthCalendar month={month} events={list} zone={zone} today={todayIn(zone)} />
          ) : (
            <MonthAgenda month={month} events={list} zone={zone} today={todayIn(zone)} />
          )}
        </div>
      </>
    );
  }

  return (
    <>
      <Link className="govuk-back-link" to="/events">
        Events
      </Link>
      <span className="govuk-caption-l">Events</span>
      <h1 className="govuk-heading-l">Events in {label}</h1>
      <p className="govuk-body">
        Days and times are in your time zone ({zoneCity(zone)}).{' '}
        <Link className="govuk-link" to="/events">
          See the events as a list
        </Link>
        .
      </p>
      <nav className="govuk-pagination govuk-pagination--block" aria-label="Months">
        <div className="govuk-pagination__prev">
          <Link className="govuk-link govuk-pagination__link" to={monthHref(previous)} rel="prev">
            <svg
              className="govuk-pagination__icon govuk-pagination__icon--prev"
              xmlns="http://www.w3.org/2000/svg"
              height="13"
              width="15"
              aria-hidden="true"
              focusable="false"
              viewBox="0 0 15 13"
            >
              <path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z" />
            </svg>
            <span className="govuk-pagination__link-title">Previous month</span>
            <span className="govuk-visually-hidden">:</span>
            <span className="govuk-pagination__link-label">{monthLabel(previous)}</span>
          </Link>
        </div>
        {month !== thisMonth ? (
          <p className="govuk-body app-calendar-today-link">
            <Link className="govuk-link" to={monthHref(thisMonth)}>
              This month
            </Link>
          </p>
        ) : null}
        <div className="govuk-pagination__next">
          <Link className="govuk-link govuk-pagination__link" to={monthHref(next)} rel="next">
            <svg
              className="govuk-pagination__icon govuk-pagination__icon--next"
              xmlns="http://www.w3.org/2000/svg"
              height="13"
              width="15"
              aria-hidden="true"
              focusable="false"
              viewBox="0 0 15 13"
            >
              <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z" />
            </svg>
            <span className="govuk-pagination__link-title">Next month</span>
            <span className="govuk-visually-hidden">:</span>
            <span className="govuk-pagination__link-label">{monthLabel(next)}</span>
          </Link>
        </div>
      </nav>
      {content}
    </>
  );
}
