import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage, isApiError } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import { EventForm } from '@web/modules/events/components/EventForm';
import {
  emptyEventValues,
  eventSummary,
  fromServerErrors,
  hasChanges,
  toCreateRequest,
  validateEvent,
  type EventErrors,
  type EventFormValues,
} from '@web/modules/events/event-form-values';
import { eventPath } from '@web/modules/events/event-labels';
import { useCreateEvent } from '@web/modules/events/hooks/use-events';
import { useUnsavedWarning } from '@web/modules/events/hooks/use-unsaved-warning';
import { useTaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { Button } from '@web/ui/Button';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import type { EventLocationState } from './EventPage';
import '@web/modules/events/events.css';

/** `/events/new` (editors): a new event, announced to members when it is created. */
export function EventNewPage() {
  const navigate = useNavigate();
  const create = useCreateEvent();
  const taxonomy = useTaxonomyLabels();
  const [initial] = useState<EventFormValues>(() => emptyEventValues());
  const [values, setValues] = useState<EventFormValues>(initial);
  const [errors, setErrors] = useState<EventErrors>({});
  const [summary, setSummary] = useState<ErrorSummaryItem[]>([]);
  const leaving = useRef(false);
  usePageTitle('Create an event', summary.length > 0);
  useUnsavedWarning(
    hasChanges(values, initial),
    leaving,
    'You have not created this event. Leave this page and lose it?',
  );

  const showErrors = (fields: EventErrors, other: string[] = []) => {
    setErrors(fields);
    setSummary(eventSummary(fields, values, other));
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    const found = validateEvent(values);
    showErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate(toCreateRequest(values), {
      onSuccess: (created) => {
        leaving.current = true;
        void navigate(eventPath(created.id), {
          state: { created: true } satisfies EventLocationState,
        });
      },
      onError: (error) => {
        if (isApiError(error) && error.status === 400 && error.fieldErrors.length > 0) {
          const fromServer = fromServerErrors(error.fieldErrors);
          showErrors(fromServer.fields, fromServer.other);
          return;
        }
        showErrors({}, [errorMessage(error)]);
      },
    });
  };

  return (
    <>
      <Link className="govuk-back-link" to="/events">
        Events
      </Link>
      <ErrorSummary items={summary} />
      <span className="govuk-caption-l">Events</span>
      <h1 className="govuk-heading-l">Create an event</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">Members are told about the event as soon as you create it.</p>
          <form noValidate onSubmit={onSubmit} aria-label="New event">
            <EventForm
              values={values}
              onChange={(patch) => setValues((old) => ({ ...old, ...patch }))}
              errors={errors}
              taxonomy={taxonomy}
            />
            <div className="govuk-button-group">
              <Button type="submit" busy={create.isPending}>
                {create.isPending ? 'Creating the event…' : 'Create event'}
              </Button>
              <Link className="govuk-link" to="/events">
                Cancel
              </Link>
            </div>
          </form>
        </div>
      </div>
    </>
  );
}
