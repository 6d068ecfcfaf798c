import { Link } from 'react-router';
import { errorMessage } from '@web/lib/api';
import { LoadingState } from '@web/ui/LoadingState';
import { eventPath } from '../event-labels';
import { browserTimeZone, formatDateTimeIn } from '../event-times';
import { useEventList } from '../hooks/use-events';

export interface UpcomingEventsProps {
  /** How many to show (the first page holds more; the rest are on /events). */
  count?: number;
}

const UPCOMING = { when: 'upcoming', topic: [], kind: [], mine: false } as const;

/** The next few events, for the home page: their titles and start times in the viewer's zone. */
export function UpcomingEvents({ count = 3 }: UpcomingEventsProps) {
  const list = useEventList(UPCOMING);
  const zone = browserTimeZone();
  const items = (list.data?.pages[0]?.items ?? []).slice(0, count);
  return (
    <section aria-labelledby="home-events-heading">
      <h2 className="govuk-heading-m" id="home-events-heading">
        Upcoming events
      </h2>
      {list.isPending ? (
        <LoadingState label="Loading the events…" />
      ) : list.isError && items.length === 0 ? (
        <p className="govuk-body">{errorMessage(list.error)}</p>
      ) : items.length === 0 ? (
        <p className="govuk-body">No events are planned at the moment.</p>
      ) : (
        <ul className="govuk-list govuk-list--spaced">
          {items.map((event) => (
            <li key={event.id}>
              <Link className="govuk-link" to={eventPath(event.id)}>
                {event.title}
              </Link>{' '}
              <span className="app-secondary-text">
                <time dateTime={event.startsAt}>{formatDateTimeIn(event.startsAt, zone)}</time>
                {event.status === 'cancelled' ? ' (cancelled)' : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to="/events">
          All events
        </Link>
      </p>
    </section>
  );
}
