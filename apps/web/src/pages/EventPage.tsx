import { useEffect, useRef, useState } from 'react';
import { useIsMutating } from '@tanstack/react-query';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { NetworkEvent } from '@contracts';
import { announce } from '@web/lib/announcer';
import { errorMessage, isApiError } from '@web/lib/api';
import { useAuth } from '@web/lib/auth-store';
import { formatDate } from '@web/lib/format';
import { usePageTitle } from '@web/lib/use-page-title';
import { downloadEventIcs } from '@web/modules/events/api/events-api';
import { AttendeesSection } from '@web/modules/events/components/AttendeesSection';
import { CancelEventPanel } from '@web/modules/events/components/CancelEventPanel';
import { EventTimes } from '@web/modules/events/components/EventTimes';
import { FileDownloadButton } from '@web/modules/events/components/FileDownloadButton';
import { RegistrationPanel } from '@web/modules/events/components/RegistrationPanel';
import {
  eventEditPath,
  fileNameFor,
  isFull,
  KIND_COLOURS,
  KIND_LABELS,
  registrationText,
  seatsLeftText,
  seatsSentence,
  waitlistText,
} from '@web/modules/events/event-labels';
import { browserTimeZone, formatDateTimeIn } from '@web/modules/events/event-times';
import { REGISTRATION_MUTATION_KEY, useEvent } from '@web/modules/events/hooks/use-events';
import { NewsletterBody } from '@web/modules/newsletters/components/NewsletterBody';
import { TopicTags } from '@web/modules/newsletters/components/TopicTags';
import { useTaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import { NotificationBanner } from '@web/ui/NotificationBanner';
import { SummaryList, type SummaryListRow } from '@web/ui/SummaryList';
import { Tag } from '@web/ui/Tag';
import '@web/modules/events/events.css';

interface Done {
  id: number;
  message: string;
}

/** Location state of an event's page after it was created or edited: a banner, once. */
export interface EventLocationState {
  created?: boolean;
  updated?: boolean;
}

/** The seats as one key, to notice a change. */
function countsKey(event: NetworkEvent | undefined): string | null {
  return event
    ? `${event.capacity ?? '-'}/${event.seatsTaken}/${event.seatsLeft ?? '-'}/${event.waitlistLength}`
    : null;
}

/** The viewer's own place as one key. */
function placeKey(event: NetworkEvent | undefined): string {
  const mine = event?.myRegistration;
  return mine ? `${mine.status}/${mine.position ?? '-'}` : 'none';
}

/**
 * Says the seats through the app's polite live region when they change while the page is open
 * (someone registered or gave a place up). Not for the viewer's own action (the page confirms
 * it in a banner), nor while the viewer waits on the waitlist: then what matters is their
 * position, which is said instead (and a seat coming to them is announced as it arrives).
 */
function useSeatsAnnouncement(event: NetworkEvent | undefined, busy: boolean): void {
  const key = countsKey(event);
  const place = placeKey(event);
  const previous = useRef<{ key: string; place: string } | null>(null);
  useEffect(() => {
    if (key === null || !event) return;
    const before = previous.current;
    previous.current = { key, place };
    if (!before || busy) return;
    const mine = event.myRegistration;
    if (before.place !== place) {
      if (mine?.status === 'waitlisted' && before.place.startsWith('waitlisted') && mine.position) {
        announce(`You are now number ${mine.position.toLocaleString('en-GB')} on the waitlist.`);
      }
      return;
    }
    if (before.key === key || mine?.status === 'waitlisted') return;
    announce(seatsSentence(event));
  }, [key, place, busy, event]);
}

function SeatsValue({ event }: { event: NetworkEvent }) {
  if (event.capacity === null) {
    return (
      <span data-testid="event-seats">
        No limit. {event.seatsTaken.toLocaleString('en-GB')} registered.
      </span>
    );
  }
  if (isFull(event)) {
    return (
      <span data-testid="event-seats">
        <Tag colour="red">Full</Tag> {seatsLeftText(0)} of {event.capacity.toLocaleString('en-GB')}
        {event.waitlistLength > 0 ? `, ${waitlistText(event.waitlistLength)}` : ''}
      </span>
    );
  }
  return (
    <span data-testid="event-seats">
      {seatsLeftText(event.seatsLeft ?? 0)} of {event.capacity.toLocaleString('en-GB')}
      {event.waitlistLength > 0 ? `, ${waitlistText(event.waitlistLength)}` : ''}
    </span>
  );
}

interface EventViewProps {
  id: string;
}

function EventView({ id }: EventViewProps) {
  const { user } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const query = useEvent(id);
  const taxonomy = useTaxonomyLabels();
  const state = location.state as EventLocationState | null;
  const [done, setDone] = useState<Done | null>(() =>
    state?.created
      ? { id: 1, message: 'Your event is created. Members have been told about it.' }
      : state?.updated
        ? { id: 1, message: 'Your changes are saved. Members have been told about them.' }
        : null,
  );

  // Say it once: a reload or a visit from history should not repeat it.
  useEffect(() => {
    if (state?.created !== undefined || state?.updated !== undefined) {
      void navigate(location.pathname, { replace: true, state: null });
    }
  }, [state, location.pathname, navigate]);
  const bannerRef = useRef<HTMLDivElement>(null);
  const zone = browserTimeZone();

  const data = query.data;
  const notFound =
    !data &&
    isApiError(query.error) &&
    (query.error.status === 404 ||
      (query.error.status === 400 && query.error.fieldMessage('id') !== undefined));
  const heading = data?.title ?? (notFound ? 'Event not found' : 'Event');
  usePageTitle(heading);

  const member = user?.status === 'approved';
  const viewer = !user ? 'anonymous' : member ? 'member' : 'applicant';

  const registering = useIsMutating({ mutationKey: REGISTRATION_MUTATION_KEY }) > 0;
  useSeatsAnnouncement(data, registering);

  // After an action the button pressed may be gone: the focus goes to what happened. Two
  // frames later, so that after a navigation it lands after the route's focus on the h1.
  useEffect(() => {
    if (!done) return;
    let inner = 0;
    const outer = requestAnimationFrame(() => {
      inner = requestAnimationFrame(() => bannerRef.current?.focus());
    });
    return () => {
      cancelAnimationFrame(outer);
      cancelAnimationFrame(inner);
    };
  }, [done]);

  const show = (message: string) => {
    setDone((old) => ({ id: (old?.id ?? 0) + 1, message }));
  };

  let content;
  if (data) {
    const cancelled = data.status === 'cancelled';
    const mine = data.myRegistration ?? null;
    const rows: SummaryListRow[] = [{ key: 'When', value: <EventTimes event={data} /> }];
    if (data.venue) {
      rows.push({
        key: 'Venue',
        value: <span className="app-preserve-lines app-break">{data.venue}</span>,
      });
    }
    if (data.online) {
      rows.push({
        key: 'Online',
        value: data.onlineUrl ? (
          <a
            className="govuk-link app-break"
            href={data.onlineUrl}
            rel="noopener noreferrer external"
            data-testid="event-online-link"
          >
            Join online<span className="govuk-visually-hidden">: {data.title}</span>
          </a>
        ) : (
          <span className="app-secondary-text">
            The link to join online is shown here to people with a place.
          </span>
        ),
      });
    }
    rows.push({ key: 'Places', value: <SeatsValue event={data} /> });
    if (data.registrationOpensAt || data.registrationClosesAt) {
      const opens = data.registrationOpensAt
        ? `opens ${formatDateTimeIn(data.registrationOpensAt, zone)}`
        : null;
      const closes = data.registrationClosesAt
        ? `closes ${formatDateTimeIn(data.registrationClosesAt, zone)}`
        : null;
      const text = [opens, closes].filter(Boolean).join(', ');
      rows.push({ key: 'Registration', value: text.charAt(0).toUpperCase() + text.slice(1) });
    }
    if (data.topics.length > 0) {
      rows.push({
        key: 'Topics',
        value: (
          <TopicTags
            topics={data.topics}
            topicLabel={taxonomy.topicLabel}
            label={`Topics of ${data.title}`}
          />
        ),
      });
    }
    rows.push({
      key: data.organisers.length > 1 ? 'Organisers' : 'Organiser',
      value: (
        <ul className="govuk-list govuk-!-margin-bottom-0" data-testid="event-organisers">
          {data.organisers.map((organiser) => (
            <li key={organiser.id}>{organiser.name}</li>
          ))}
        </ul>
      ),
    });

    content = (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {cancelled ? (
            <NotificationBanner id="event-cancelled" heading="This event has been cancelled">
              {data.cancelReason ? (
                <p className="govuk-body app-preserve-lines">{data.cancelReason}</p>
              ) : null}
              {data.cancelledAt ? (
                <p className="govuk-body">
                  Cancelled on{' '}
                  <time dateTime={data.cancelledAt}>{formatDate(data.cancelledAt)}</time>.
                </p>
              ) : null}
            </NotificationBanner>
          ) : null}
          <div className="app-event-meta">
            <Tag colour={KIND_COLOURS[data.kind]}>{KIND_LABELS[data.kind]}</Tag>
            {data.public ? null : <Tag colour="yellow">Members only</Tag>}
            {cancelled ? <Tag colour="red">Cancelled</Tag> : null}
            {mine && !cancelled ? (
              <span data-testid="event-my-status">
                <Tag colour={mine.status === 'confirmed' ? 'green' : 'orange'}>
                  {registrationText(mine)}
                </Tag>
              </span>
            ) : null}
          </div>
          <SummaryList rows={rows} />
          {data.descriptionHtml ? (
            <>
              <h2 className="govuk-heading-m">About this event</h2>
              <NewsletterBody html={data.descriptionHtml} />
            </>
          ) : null}
          {cancelled ? null : (
            <FileDownloadButton
              id="event-ics"
              label="Add to calendar (.ics)"
              context={`: ${data.title}`}
              fileName={fileNameFor(data.title, 'ics')}
              download={() => downloadEventIcs(data.id)}
            />
          )}
          <RegistrationPanel event={data} viewer={viewer} onDone={show} />
          {data.canManage ? (
            <>
              {cancelled ? null : (
                <p className="govuk-body">
                  <Link className="govuk-link" to={eventEditPath(data.id)}>
                    Edit event<span className="govuk-visually-hidden">: {data.title}</span>
                  </Link>
                </p>
              )}
              <AttendeesSection event={data} />
              {cancelled ? null : <CancelEventPanel event={data} onCancelled={show} />}
            </>
          ) : null}
        </div>
      </div>
    );
  } else if (query.isPending) {
    content = <LoadingState label="Loading the event…" />;
  } else if (notFound) {
    content = (
      <>
        <p className="govuk-body">
          There is no event at this address. The link may be wrong, or the event may be for members
          only.
        </p>
        {user ? null : (
          <p className="govuk-body">
            <Link
              className="govuk-link"
              to="/sign-in"
              state={{ from: `/events/${encodeURIComponent(id)}` }}
            >
              Sign in
            </Link>{' '}
            to see the events for members.
          </p>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to="/events">
            Go to the events
          </Link>
        </p>
      </>
    );
  } else {
    content = (
      <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
    );
  }

  return (
    <>
      <Link className="govuk-back-link" to="/events">
        Events
      </Link>
      {done ? (
        <NotificationBanner type="success" id="event-done" ref={bannerRef} key={done.id}>
          <p className="govuk-notification-banner__heading">{done.message}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">Event</span>
      <h1 className="govuk-heading-l app-event-title">{heading}</h1>
      {content}
    </>
  );
}

/** `/events/:id`: an event, its times in both zones, the seats live, and the viewer's place. */
export function EventPage() {
  const { id = '' } = useParams();
  return <EventView key={id} id={id} />;
}
