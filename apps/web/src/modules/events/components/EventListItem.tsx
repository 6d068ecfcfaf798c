import { Link } from 'react-router';
import type { NetworkEvent } from '@contracts';
import { TopicTags } from '@web/modules/newsletters/components/TopicTags';
import { Tag } from '@web/ui/Tag';
import { eventLinkId, eventPath, KIND_COLOURS, KIND_LABELS } from '../event-labels';
import { EventTimes } from './EventTimes';
import { SeatsTags } from './SeatsTags';

export interface EventListItemProps {
  event: NetworkEvent;
  topicLabel: (id: string) => string;
}

/**
 * One event in a list: its title (a link to its page), when it is (in the viewer's zone and the
 * event's), where, its kind, the seats and my registration, and its topics.
 */
export function EventListItem({ event, topicLabel }: EventListItemProps) {
  const where = [event.venue, event.online ? 'Online' : null].filter(Boolean).join(' and ');
  return (
    <li className="app-event-item" data-testid={`event-${event.id}`}>
      <h3 className="govuk-heading-m app-event-item__title">
        <Link className="govuk-link" to={eventPath(event.id)} id={eventLinkId(event.id)}>
          {event.title}
        </Link>
      </h3>
      <EventTimes event={event} style="short" />
      {where ? <p className="govuk-body-s app-event-item__line">{where}</p> : null}
      <div className="app-event-item__meta">
        <Tag colour={KIND_COLOURS[event.kind]}>{KIND_LABELS[event.kind]}</Tag>
        {event.public ? null : <Tag colour="yellow">Members only</Tag>}
        <SeatsTags event={event} />
      </div>
      <TopicTags topics={event.topics} topicLabel={topicLabel} label={`Topics of ${event.title}`} />
    </li>
  );
}
