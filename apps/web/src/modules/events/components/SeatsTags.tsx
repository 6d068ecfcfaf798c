import type { NetworkEvent } from '@contracts';
import { Tag } from '@web/ui/Tag';
import { isFull, registrationText, seatsLeftText, waitlistText } from '../event-labels';

export interface SeatsTagsProps {
  event: NetworkEvent;
}

/**
 * An event's standing in a list: cancelled, my registration, and the seats ("3 seats left",
 * "Full" with the waitlist), which realtime updates change in place.
 */
export function SeatsTags({ event }: SeatsTagsProps) {
  const mine = event.myRegistration ?? null;
  if (event.status === 'cancelled') return <Tag colour="red">Cancelled</Tag>;
  return (
    <>
      {mine ? (
        <Tag colour={mine.status === 'confirmed' ? 'green' : 'orange'}>
          {registrationText(mine)}
        </Tag>
      ) : null}
      {event.capacity === null ? null : isFull(event) ? (
        <>
          <Tag colour="red">Full</Tag>
          {event.waitlistLength > 0 ? (
            <span className="govuk-body-s app-secondary-text govuk-!-margin-bottom-0">
              {waitlistText(event.waitlistLength)}
            </span>
          ) : null}
        </>
      ) : (
        <span
          className="govuk-body-s govuk-!-margin-bottom-0"
          data-testid={`event-seats-${event.id}`}
        >
          {seatsLeftText(event.seatsLeft ?? 0)}
        </span>
      )}
    </>
  );
}
