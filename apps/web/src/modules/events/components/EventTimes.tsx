import type { NetworkEvent } from '@contracts';
import { browserTimeZone, rangesFor, zoneCity, zoneOffset } from '../event-times';

export interface EventTimesProps {
  event: Pick<NetworkEvent, 'startsAt' | 'endsAt' | 'timezone'>;
  /** Long dates on the event's page, short ones in lists. */
  style?: 'long' | 'short';
  /** The viewer's zone (the browser's by default). */
  viewerZone?: string;
}

/**
 * When an event is: in the viewer's time zone and, when the clock there reads differently, in
 * the event's own zone as well (an online seminar in New York seen from London).
 */
export function EventTimes({ event, style = 'long', viewerZone }: EventTimesProps) {
  const viewer = viewerZone ?? browserTimeZone();
  const ranges = rangesFor(event.startsAt, event.endsAt, event.timezone, viewer, style);
  const offset = zoneOffset(event.timezone, new Date(event.startsAt));
  const lineClass = style === 'long' ? 'govuk-body app-event-time' : 'govuk-body-s app-event-time';
  if (ranges.event === null) {
    return (
      <p className={lineClass} data-testid="event-time">
        <time dateTime={event.startsAt}>{ranges.viewer}</time>{' '}
        <span className="app-secondary-text">({zoneCity(event.timezone)} time)</span>
      </p>
    );
  }
  return (
    <div className="app-event-times">
      <p className={lineClass} data-testid="event-time-viewer">
        <time dateTime={event.startsAt}>{ranges.viewer}</time>{' '}
        <span className="app-secondary-text">(your time, {zoneCity(viewer)})</span>
      </p>
      <p className={`${lineClass} app-secondary-text`} data-testid="event-time-event">
        {ranges.event} {zoneCity(event.timezone)} time
        {style === 'long' ? ` (${event.timezone}${offset ? `, ${offset}` : ''})` : ''}
      </p>
    </div>
  );
}
