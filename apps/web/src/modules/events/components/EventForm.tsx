import { EVENT_KINDS, EVENT_LIMITS, type EventKind } from '@contracts';
import { TopicPicker } from '@web/modules/taxonomy/components/TopicPicker';
import type { TaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { Checkboxes } from '@web/ui/Checkboxes';
import { LoadingState } from '@web/ui/LoadingState';
import { Radios } from '@web/ui/Radios';
import { TextInput } from '@web/ui/TextInput';
import { Textarea } from '@web/ui/Textarea';
import { KIND_LABELS } from '../event-labels';
import { eventFieldId, type EventErrors, type EventFormValues } from '../event-form-values';
import { DateTimeField } from './DateTimeField';
import { TimeZoneSelect } from './TimeZoneSelect';

export interface EventFormProps {
  values: EventFormValues;
  onChange: (patch: Partial<EventFormValues>) => void;
  errors: EventErrors;
  taxonomy: TaxonomyLabels;
}

const KIND_HINTS: Record<EventKind, string> = {
  workshop: 'Hands-on work in a small group.',
  seminar: 'A talk or paper with discussion.',
  conference: 'A day or more of sessions.',
  webinar: 'Online only.',
};

const KIND_ITEMS = EVENT_KINDS.map((kind) => ({
  value: kind,
  label: KIND_LABELS[kind],
  hint: KIND_HINTS[kind],
}));

/** An event's fields, in the order the organiser thinks of them. The page decides when to save. */
export function EventForm({ values, onChange, errors, taxonomy }: EventFormProps) {
  return (
    <>
      <TextInput
        id={eventFieldId('title')}
        name="title"
        label="Title"
        labelClass="govuk-label--s"
        value={values.title}
        onChange={(title) => onChange({ title })}
        error={errors.title}
      />
      <Radios
        idPrefix={eventFieldId('kind')}
        name="kind"
        legend="Kind of event"
        items={KIND_ITEMS}
        value={values.kind}
        onChange={(kind) => onChange({ kind: kind as EventKind })}
        error={errors.kind}
        small
      />
      <Textarea
        id={eventFieldId('description')}
        name="description"
        label="Description (optional)"
        labelClass="govuk-label--s"
        hint={
          <>
            Written in Markdown: <code>## Heading</code>, <code>**bold**</code>, <code>- item</code>{' '}
            for a list and <code>[words](https://…)</code> for a link.
          </>
        }
        value={values.description}
        onChange={(description) => onChange({ description })}
        error={errors.description}
        maxLength={EVENT_LIMITS.description}
        rows={10}
      />

      <h2 className="govuk-heading-m">When</h2>
      <TimeZoneSelect
        id={eventFieldId('timezone')}
        value={values.timezone}
        onChange={(timezone) => onChange({ timezone })}
        error={errors.timezone}
      />
      <DateTimeField
        id={eventFieldId('start')}
        legend="Starts"
        date={values.startDate}
        time={values.startTime}
        onChange={({ date, time }) =>
          onChange({
            ...(date !== undefined ? { startDate: date } : {}),
            ...(time !== undefined ? { startTime: time } : {}),
          })
        }
        error={errors.start}
      />
      <DateTimeField
        id={eventFieldId('end')}
        legend="Ends"
        date={values.endDate}
        time={values.endTime}
        onChange={({ date, time }) =>
          onChange({
            ...(date !== undefined ? { endDate: date } : {}),
            ...(time !== undefined ? { endTime: time } : {}),
          })
        }
        error={errors.end}
      />

      <h2 className="govuk-heading-m">Where</h2>
      <Textarea
        id={eventFieldId('venue')}
        name="venue"
        label="Venue (optional)"
        labelClass="govuk-label--s"
        hint="The room, building and address. Leave it blank for an event that is only online."
        value={values.venue}
        onChange={(venue) => onChange({ venue })}
        error={errors.venue}
        rows={3}
      />
      <TextInput
        id={eventFieldId('onlineUrl')}
        name="onlineUrl"
        type="url"
        label="Online link (optional)"
        labelClass="govuk-label--s"
        hint="Only people with a place, and organisers, see it."
        value={values.onlineUrl}
        onChange={(onlineUrl) => onChange({ onlineUrl })}
        error={errors.onlineUrl}
        spellCheck={false}
      />

      <h2 className="govuk-heading-m">Places and registration</h2>
      <TextInput
        id={eventFieldId('capacity')}
        name="capacity"
        label="Number of places (optional)"
        labelClass="govuk-label--s"
        hint="Leave it blank for no limit. Once every place is taken, members join a waitlist."
        value={values.capacity}
        onChange={(capacity) => onChange({ capacity })}
        error={errors.capacity}
        inputMode="numeric"
        widthClass="govuk-input--width-5"
      />
      <DateTimeField
        id={eventFieldId('opens')}
        legend="Registration opens (optional)"
        hint="In the event's time zone. Leave it blank to open registration now."
        date={values.opensDate}
        time={values.opensTime}
        onChange={({ date, time }) =>
          onChange({
            ...(date !== undefined ? { opensDate: date } : {}),
            ...(time !== undefined ? { opensTime: time } : {}),
          })
        }
        error={errors.opens}
      />
      <DateTimeField
        id={eventFieldId('closes')}
        legend="Registration closes (optional)"
        hint="In the event's time zone. Leave it blank to take registrations until the event ends."
        date={values.closesDate}
        time={values.closesTime}
        onChange={({ date, time }) =>
          onChange({
            ...(date !== undefined ? { closesDate: date } : {}),
            ...(time !== undefined ? { closesTime: time } : {}),
          })
        }
        error={errors.closes}
      />

      {taxonomy.topics.length > 0 ? (
        <TopicPicker
          id={eventFieldId('topics')}
          name="topics"
          legend={<h2 className="govuk-fieldset__heading">Topics (optional)</h2>}
          hint="The research priorities the event is about."
          topics={taxonomy.topics}
          values={values.topics}
          onChange={(topics) => onChange({ topics })}
          error={errors.topics}
          descriptions={false}
        />
      ) : taxonomy.isLoading ? (
        <LoadingState label="Loading the research priorities…" />
      ) : (
        <p className="govuk-body" id={eventFieldId('topics')} tabIndex={-1}>
          The research priorities could not be loaded, so the topics cannot be chosen now.
        </p>
      )}

      <Checkboxes
        idPrefix={eventFieldId('public')}
        name="public"
        legend={<h2 className="govuk-fieldset__heading">Who can see it</h2>}
        items={[
          {
            value: 'public',
            label: 'List this event publicly',
            hint: 'Anyone can see it without signing in. Only members can register.',
          },
        ]}
        values={values.public ? ['public'] : []}
        onChange={(chosen) => onChange({ public: chosen.includes('public') })}
        error={errors.public}
      />
    </>
  );
}
