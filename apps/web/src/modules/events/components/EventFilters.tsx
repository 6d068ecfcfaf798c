import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { EVENT_KINDS, type EventKind, type TaxonomyTopic } from '@contracts';
import { FilterGroup } from '@web/modules/documents/components/FilterGroup';
import { Button } from '@web/ui/Button';
import { Checkboxes } from '@web/ui/Checkboxes';
import { KIND_LABELS } from '../event-labels';
import type { EventsSearch } from '../search';

export type EventFilterValues = Pick<EventsSearch, 'topic' | 'kind' | 'mine'>;

export interface EventFiltersProps {
  search: EventsSearch;
  topics: readonly TaxonomyTopic[];
  /** Members may list only the events they registered for. */
  member: boolean;
  onApply: (filters: EventFilterValues) => void;
  /** Where "Clear filters" goes (shown when a filter is on). */
  clearHref: string | null;
  /** The h2 "Filters" is only for screen readers where a disclosure already says it. */
  headingHidden?: boolean;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value) => b.includes(value));

const KIND_OPTIONS = EVENT_KINDS.map((kind) => ({ value: kind, label: KIND_LABELS[kind] }));

/** Kinds, topics and "only mine", applied together; the form follows the URL when it changes. */
export function EventFilters({
  search,
  topics,
  member,
  onApply,
  clearHref,
  headingHidden,
}: EventFiltersProps) {
  const [kind, setKind] = useState<string[]>(search.kind);
  const [topic, setTopic] = useState<string[]>(search.topic);
  const [mine, setMine] = useState(search.mine);
  const [shown, setShown] = useState(search);
  if (
    !sameList(shown.kind, search.kind) ||
    !sameList(shown.topic, search.topic) ||
    shown.mine !== search.mine
  ) {
    setShown(search);
    setKind(search.kind);
    setTopic(search.topic);
    setMine(search.mine);
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply({ kind: kind as EventKind[], topic, mine });
  };

  const topicOptions = (group: TaxonomyTopic['group']) =>
    topics
      .filter((item) => item.group === group)
      .map((item) => ({ value: item.id, label: item.label }));

  return (
    <form className="app-filters" noValidate onSubmit={onSubmit} aria-labelledby="events-filters">
      <h2
        className={headingHidden ? 'govuk-visually-hidden' : 'govuk-heading-m'}
        id="events-filters"
      >
        Filters
      </h2>
      {clearHref ? (
        <p className="govuk-body">
          <Link className="govuk-link govuk-link--no-visited-state" to={clearHref}>
            Clear filters
          </Link>
        </p>
      ) : null}
      {member ? (
        <div className="app-facet">
          <Checkboxes
            idPrefix="events-mine"
            name="mine"
            legend="Your events"
            items={[{ value: 'true', label: 'Only events I registered for' }]}
            values={mine ? ['true'] : []}
            onChange={(values) => setMine(values.includes('true'))}
            small
          />
        </div>
      ) : null}
      <FilterGroup
        idPrefix="events-kind"
        name="kind"
        legend="Kind of event"
        options={KIND_OPTIONS}
        values={kind}
        onChange={setKind}
        plural="kinds"
      />
      <FilterGroup
        idPrefix="events-topic"
        name="topic"
        legend="Topics"
        options={topicOptions('cross-cutting')}
        values={topic}
        onChange={setTopic}
        plural="topics"
      />
      <FilterGroup
        idPrefix="events-crime-type"
        name="topic"
        legend="Crime types"
        options={topicOptions('crime-type')}
        values={topic}
        onChange={setTopic}
        plural="crime types"
      />
      <Button type="submit" variant="secondary">
        Apply filters
      </Button>
    </form>
  );
}
