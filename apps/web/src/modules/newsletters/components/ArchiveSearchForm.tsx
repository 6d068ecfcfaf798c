import { useState, type FormEvent } from 'react';
import type { TaxonomyTopic } from '@contracts';
import { TopicPicker } from '@web/modules/taxonomy/components/TopicPicker';
import { Button } from '@web/ui/Button';
import { TextInput } from '@web/ui/TextInput';
import type { ArchiveSearch } from '../search';

export interface ArchiveSearchFormProps {
  search: ArchiveSearch;
  topics: readonly TaxonomyTopic[];
  onSearch: (search: ArchiveSearch) => void;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value) => b.includes(value));

/**
 * Words and topics, applied together on submit; the form follows the URL when it changes
 * (back, forward, a shared link).
 */
export function ArchiveSearchForm({ search, topics, onSearch }: ArchiveSearchFormProps) {
  const [query, setQuery] = useState(search.q);
  const [chosen, setChosen] = useState<string[]>(search.topic);
  const [shown, setShown] = useState(search);
  if (shown.q !== search.q || !sameList(shown.topic, search.topic)) {
    setShown(search);
    setQuery(search.q);
    setChosen(search.topic);
  }
  const [topicsOpen] = useState(search.topic.length > 0);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSearch({ q: query.trim(), topic: chosen });
  };

  return (
    <form
      className="app-search app-newsletter-search"
      role="search"
      aria-label="Newsletter archive"
      noValidate
      onSubmit={onSubmit}
    >
      <TextInput
        id="newsletters-q"
        name="q"
        type="search"
        label="Search the newsletter"
        labelClass="govuk-label--s"
        hint="Words from the title, summary or text of an issue"
        value={query}
        onChange={setQuery}
      />
      <Button type="submit">Search</Button>
      {topics.length > 0 ? (
        <details className="govuk-details" open={topicsOpen}>
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">
              Filter by topic{search.topic.length > 0 ? ` (${search.topic.length} selected)` : ''}
            </span>
          </summary>
          <div className="govuk-details__text">
            <TopicPicker
              id="newsletters-topic"
              name="topic"
              legend="Show issues about any of these topics"
              legendClass="govuk-fieldset__legend--s"
              topics={topics}
              values={chosen}
              onChange={setChosen}
              descriptions={false}
            />
            <Button type="submit" variant="secondary">
              Apply topics
            </Button>
          </div>
        </details>
      ) : null}
    </form>
  );
}
