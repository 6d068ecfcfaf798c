import { Link } from 'react-router';
import type { NetworkEvent } from '@contracts';
import { eventPath } from '../event-labels';
import { formatTimeIn } from '../event-times';
import { eventsByDay, monthLabel, monthWeeks, type MonthId } from '../month';

export interface MonthAgendaProps {
  month: MonthId;
  events: readonly NetworkEvent[];
  zone: string;
  today: string;
}

/**
 * The month on a narrow screen, where a seven-column table does not fit: the days that have
 * events, each a heading over its events.
 */
export function MonthAgenda({ month, events, zone, today }: MonthAgendaProps) {
  const byDay = eventsByDay(events, zone);
  const days = monthWeeks(month)
    .flat()
    .filter((day) => day.inMonth && (byDay.get(day.date)?.length ?? 0) > 0);
  return (
    <section aria-labelledby="agenda-heading" data-testid="event-agenda">
      <h2 className="govuk-heading-m" id="agenda-heading">
        {monthLabel(month)}
      </h2>
      {days.length === 0 ? <p className="govuk-body">No events this month.</p> : null}
      {days.map((day) => (
        <div className="app-agenda__day" key={day.date} data-date={day.date}>
          <h3 className="govuk-heading-s app-agenda__date">
            <time dateTime={day.date}>{day.label}</time>
            {day.date === today ? <span className="app-calendar__today">Today</span> : null}
          </h3>
          <ul className="govuk-list app-agenda__events">
            {(byDay.get(day.date) ?? []).map(({ event, starts }) => (
              <li key={event.id}>
                <Link className="govuk-link" to={eventPath(event.id)}>
                  <span className="app-calendar__time">
                    {starts ? formatTimeIn(event.startsAt, zone) : 'Continues'}
                  </span>{' '}
                  {event.title}
                  {event.status === 'cancelled' ? ' (cancelled)' : ''}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
