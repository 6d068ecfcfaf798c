import type { Attendee, NetworkEvent } from '@contracts';
import { errorMessage } from '@web/lib/api';
import { formatDateTime } from '@web/lib/format';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import { downloadAttendeesCsv } from '../api/events-api';
import { fileNameFor } from '../event-labels';
import { useAttendees } from '../hooks/use-events';
import { FileDownloadButton } from './FileDownloadButton';

export interface AttendeesSectionProps {
  event: NetworkEvent;
}

interface AttendeeTableProps {
  id: string;
  caption: string;
  people: readonly Attendee[];
  waitlist?: boolean;
  empty: string;
}

function AttendeeTable({ id, caption, people, waitlist, empty }: AttendeeTableProps) {
  if (people.length === 0) {
    return (
      <>
        <h3 className="govuk-heading-s" id={`${id}-caption`}>
          {caption}
        </h3>
        <p className="govuk-body">{empty}</p>
      </>
    );
  }
  return (
    <div
      className="app-table-scroll"
      role="region"
      aria-labelledby={`${id}-caption`}
      tabIndex={0}
      data-testid={id}
    >
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--s" id={`${id}-caption`}>
          {caption}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {waitlist ? (
              <th scope="col" className="govuk-table__header">
                Position
              </th>
            ) : null}
            <th scope="col" className="govuk-table__header">
              Name
            </th>
            <th scope="col" className="govuk-table__header">
              Organisation
            </th>
            <th scope="col" className="govuk-table__header">
              Email
            </th>
            <th scope="col" className="govuk-table__header">
              Registered
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {people.map((person) => (
            <tr className="govuk-table__row" key={person.userId}>
              {waitlist ? <td className="govuk-table__cell">{person.position ?? ''}</td> : null}
              <th scope="row" className="govuk-table__header app-break">
                {person.name}
              </th>
              <td className="govuk-table__cell app-break">{person.organisation}</td>
              <td className="govuk-table__cell app-break">
                {person.email === null ? (
                  <span className="app-secondary-text" data-testid="attendee-email-withheld">
                    Withheld at the member’s choice
                  </span>
                ) : (
                  <a className="govuk-link" href={`mailto:${person.email}`}>
                    {person.email}
                  </a>
                )}
              </td>
              <td className="govuk-table__cell app-nowrap">
                <time dateTime={person.registeredAt}>{formatDateTime(person.registeredAt)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** For organisers: who has a seat and who waits, with a CSV export; refreshed live. */
export function AttendeesSection({ event }: AttendeesSectionProps) {
  const attendees = useAttendees(event.id, true);
  const data = attendees.data;
  let content;
  if (data) {
    content = (
      <>
        <AttendeeTable
          id="event-attendees-confirmed"
          caption={`Confirmed (${data.confirmed.length.toLocaleString('en-GB')})`}
          people={data.confirmed}
          empty="Nobody has registered yet."
        />
        <AttendeeTable
          id="event-attendees-waitlist"
          caption={`Waitlist (${data.waitlisted.length.toLocaleString('en-GB')})`}
          people={data.waitlisted}
          waitlist
          empty="Nobody is on the waitlist."
        />
        {[...data.confirmed, ...data.waitlisted].some((person) => person.emailWithheld) ? (
          <p className="govuk-body" data-testid="event-attendees-withheld-note">
            Some members keep their email address to themselves, or show it to admins only. Their
            addresses are left out here and in the download.
          </p>
        ) : null}
        <FileDownloadButton
          id="event-attendees-csv"
          label="Download the attendee list (CSV)"
          fileName={fileNameFor(event.title, 'csv', '-attendees')}
          download={() => downloadAttendeesCsv(event.id)}
        />
      </>
    );
  } else if (attendees.isPending) {
    content = <LoadingState label="Loading the attendees…" />;
  } else {
    content = (
      <ErrorState
        message={errorMessage(attendees.error)}
        onRetry={() => void attendees.refetch()}
      />
    );
  }
  return (
    <section className="app-event-attendees" aria-labelledby="event-attendees-heading">
      <h2 className="govuk-heading-m" id="event-attendees-heading">
        Attendees
      </h2>
      {content}
    </section>
  );
}
