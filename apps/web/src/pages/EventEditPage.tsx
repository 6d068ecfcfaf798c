import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { NetworkEvent } from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import { EventForm } from '@web/modules/events/components/EventForm';
import { OrganisersSection } from '@web/modules/events/components/OrganisersSection';
import {
  changedFields,
  eventSummary,
  fromServerErrors,
  hasChanges,
  toEventValues,
  validateEvent,
  type EventErrors,
  type EventFormValues,
} from '@web/modules/events/event-form-values';
import { eventPath } from '@web/modules/events/event-labels';
import { useEvent, useUpdateEvent } from '@web/modules/events/hooks/use-events';
import { useUnsavedWarning } from '@web/modules/events/hooks/use-unsaved-warning';
import { useTaxonomyLabels, type TaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { Button } from '@web/ui/Button';
import { ErrorState } from '@web/ui/ErrorState';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { LoadingState } from '@web/ui/LoadingState';
import type { EventLocationState } from './EventPage';
import '@web/modules/events/events.css';

interface EventEditFormProps {
  event: NetworkEvent;
  taxonomy: TaxonomyLabels;
  onSummary: (items: ErrorSummaryItem[]) => void;
}

/** The form, from the event as loaded; it keeps its own state from then on. */
function EventEditForm({ event, taxonomy, onSummary }: EventEditFormProps) {
  const navigate = useNavigate();
  const update = useUpdateEvent();
  const [saved] = useState<EventFormValues>(() => toEventValues(event));
  const [values, setValues] = useState<EventFormValues>(saved);
  const [errors, setErrors] = useState<EventErrors>({});
  const leaving = useRef(false);
  const dirty = hasChanges(values, saved);
  useUnsavedWarning(
    dirty,
    leaving,
    'You have not saved your changes. Leave this page and lose them?',
  );

  const showErrors = (fields: EventErrors, other: string[] = []) => {
    setErrors(fields);
    onSummary(eventSummary(fields, values, other));
  };

  const done = () => {
    leaving.current = true;
    void navigate(eventPath(event.id), { state: { updated: true } satisfies EventLocationState });
  };

  const onSubmit = (submitted: FormEvent<HTMLFormElement>) => {
    submitted.preventDefault();
    if (update.isPending) return;
    const found = validateEvent(values);
    showErrors(found);
    if (Object.keys(found).length > 0) return;
    const request = changedFields(values, saved);
    if (Object.keys(request).length === 0) {
      done();
      return;
    }
    update.mutate(
      { id: event.id, request },
      {
        onSuccess: done,
        onError: (error) => {
          if (isApiError(error) && error.status === 400 && error.fieldErrors.length > 0) {
            const fromServer = fromServerErrors(error.fieldErrors);
            showErrors(fromServer.fields, fromServer.other);
          } else if (isApiError(error) && error.code === 'CAPACITY_BELOW_TAKEN') {
            const taken = /\d+/.exec(error.fieldMessage('capacity') ?? error.detail ?? '')?.[0];
            showErrors({
              capacity: taken
                ? `The number of places must be at least ${taken}: that many places are taken`
                : 'The number of places cannot be fewer than the places already taken',
            });
          } else {
            showErrors({}, [errorMessage(error)]);
          }
        },
      },
    );
  };

  return (
    <form noValidate onSubmit={onSubmit} aria-label="Edit event">
      <p className="govuk-body">
        Members are told about the change.{' '}
        {event.seatsTaken > 0 || event.waitlistLength > 0
          ? 'Everyone registered keeps their place, and is emailed if the time, venue or online link changes.'
          : ''}
      </p>
      <EventForm
        values={values}
        onChange={(patch) => setValues((old) => ({ ...old, ...patch }))}
        errors={errors}
        taxonomy={taxonomy}
      />
      <div className="govuk-button-group">
        <Button type="submit" busy={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save changes'}
        </Button>
        <Link className="govuk-link" to={eventPath(event.id)}>
          Cancel
        </Link>
      </div>
    </form>
  );
}

interface EventEditViewProps {
  id: string;
}

function EventEditView({ id }: EventEditViewProps) {
  const query = useEvent(id);
  const taxonomy = useTaxonomyLabels();
  const [summary, setSummary] = useState<ErrorSummaryItem[]>([]);
  const data = query.data;
  const notFound =
    !data &&
    isApiError(query.error) &&
    (query.error.status === 404 ||
      (query.error.status === 400 && query.error.fieldMessage('id') !== undefined));
  const heading = notFound ? 'Event not found' : 'Edit event';
  usePageTitle(heading, summary.length > 0);

  let content;
  if (data && data.status === 'cancelled') {
    content = (
      <p className="govuk-body">
        This event has been cancelled, so it can no longer be changed.{' '}
        <Link className="govuk-link" to={eventPath(data.id)}>
          Go to the event
        </Link>
      </p>
    );
  } else if (data && !data.canManage) {
    content = (
      <p className="govuk-body" data-testid="event-edit-refused">
        Only the organisers of this event and admins can change it.{' '}
        <Link className="govuk-link" to={eventPath(data.id)}>
          Go to the event
        </Link>
      </p>
    );
  } else if (data) {
    content = (
      <>
        {/* Keyed by the event, so the form starts again from a fresh copy only when it is another. */}
        <EventEditForm key={data.id} event={data} taxonomy={taxonomy} onSummary={setSummary} />
        <OrganisersSection event={data} />
      </>
    );
  } else if (query.isPending) {
    content = <LoadingState label="Loading the event…" />;
  } else if (notFound) {
    content = (
      <p className="govuk-body">
        There is no event at this address.{' '}
        <Link className="govuk-link" to="/events">
          Go to the events
        </Link>
      </p>
    );
  } else {
    content = (
      <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
    );
  }

  return (
    <>
      <Link className="govuk-back-link" to={data ? eventPath(data.id) : '/events'}>
        {data ? data.title : 'Events'}
      </Link>
      <ErrorSummary items={summary} />
      <span className="govuk-caption-l">{data ? data.title : 'Events'}</span>
      <h1 className="govuk-heading-l">{heading}</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">{content}</div>
      </div>
    </>
  );
}

/** `/events/:id/edit` (the event's organisers and admins): its details and its organisers. */
export function EventEditPage() {
  const { id = '' } = useParams();
  return <EventEditView key={id} id={id} />;
}
