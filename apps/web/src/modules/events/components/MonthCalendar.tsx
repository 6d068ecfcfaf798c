import { Link } from 'react-router';
import type { NetworkEvent } from '@contracts';
import { eventPath } from '../event-labels';
import { formatTimeIn } from '../event-times';
import { eventsByDay, monthLabel, monthWeeks, type MonthId } from '../month';

export interface MonthCalendarProps {
  month: MonthId;
  events: readonly NetworkEvent[];
  /** The viewer's zone: the days and times are theirs. */
  zone: string;
  /** Today as `YYYY-MM-DD` in that zone. */
  today: string;
}

const WEEKDAYS = [
  ['Mon', 'Monday'],
  ['Tue', 'Tuesday'],
  ['Wed', 'Wednesday'],
  ['Thu', 'Thursday'],
  ['Fri', 'Friday'],
  ['Sat', 'Saturday'],
  ['Sun', 'Sunday'],
] as const;

/**
 * A month as a table: a column per weekday, a row per week; each day with events has a heading
 * (its full date) and the events as links, with their start time in the viewer's zone.
 */
export function MonthCalendar({ month, events, zone, today }: MonthCalendarProps) {
  const weeks = monthWeeks(month);
  const byDay = eventsByDay(events, zone);
  const caption = monthLabel(month);
  return (
    <div
      className="app-table-scroll app-calendar-scroll"
      role="region"
      aria-labelledby="calendar-caption"
      tabIndex={0}
    >
      <table className="govuk-table app-calendar" data-testid="event-calendar">
        <caption className="govuk-table__caption govuk-table__caption--m" id="calendar-caption">
          {caption}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {WEEKDAYS.map(([short, long]) => (
              <th scope="col" className="govuk-table__header app-calendar__weekday" key={long}>
                <span aria-hidden="true">{short}</span>
                <span className="govuk-visually-hidden">{long}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {weeks.map((week) => (
            <tr className="govuk-table__row" key={week[0].date}>
              {week.map((day) => {
                const isToday = day.inMonth && day.date === today;
                const dayEvents = day.inMonth ? (byDay.get(day.date) ?? []) : [];
                const classes = [
                  'govuk-table__cell',
                  'app-calendar__cell',
                  day.inMonth ? '' : 'app-calendar__cell--outside',
                  isToday ? 'app-calendar__cell--today' : '',
                ]
                  .filter(Boolean)
                  .join(' ');
                if (!day.inMonth) {
                  return <td className={classes} key={day.date} />;
                }
                const dateText = (
                  <>
                    <span aria-hidden="true">{day.day}</span>
                    <span className="govuk-visually-hidden">{day.label}</span>
                    {isToday ? <span className="app-calendar__today">Today</span> : null}
                  </>
                );
                return (
                  <td
                    className={classes}
                    key={day.date}
                    aria-current={isToday ? 'date' : undefined}
                    data-date={day.date}
                  >
                    {dayEvents.length > 0 ? (
                      <h3 className="app-calendar__date app-calendar__date--busy">
                        <time dateTime={day.date}>{dateText}</time>
                      </h3>
                    ) : (
                      <p className="app-calendar__date">
                        <time dateTime={day.date}>{dateText}</time>
                      </p>
                    )}
                    {dayEvents.length > 0 ? (
                      <ul className="app-calendar__events">
                        {dayEvents.map(({ event, starts }) => (
                          <li
                            key={event.id}
                            className={
                              event.status === 'cancelled'
                                ? 'app-calendar__event app-calendar__event--cancelled'
                                : 'app-calendar__event'
                            }
                          >
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
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
