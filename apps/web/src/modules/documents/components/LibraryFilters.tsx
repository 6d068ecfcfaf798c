import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { DocumentType, TaxonomyTopic } from '@contracts';
import { Button } from '@web/ui/Button';
import { describedBy, ErrorMessage, FormGroup, Hint } from '@web/ui/FieldParts';
import { TYPE_LABELS } from '../document-labels';
import { MAX_YEAR, MIN_YEAR, parseYear, type LibrarySearch } from '../search';
import { FilterGroup } from './FilterGroup';

export type LibraryFilterValues = Pick<
  LibrarySearch,
  'topic' | 'crimeType' | 'type' | 'yearFrom' | 'yearTo'
>;

export interface LibraryFiltersProps {
  search: LibrarySearch;
  topics: readonly TaxonomyTopic[];
  /** The kinds of file the library holds (from the upload limits, or every kind). */
  types: readonly DocumentType[];
  onApply: (filters: LibraryFilterValues) => void;
  /** Where "Clear filters" goes (shown when a filter is on). */
  clearHref: string | null;
  /** The h2 "Filters" is only for screen readers where a disclosure already says it. */
  headingHidden?: boolean;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value) => b.includes(value));

const yearText = (year: number | null) => (year === null ? '' : String(year));

/**
 * Topics, crime types, kinds of file and a range of years, applied together with "Apply
 * filters"; the form follows the URL when it changes.
 */
export function LibraryFilters({
  search,
  topics,
  types,
  onApply,
  clearHref,
  headingHidden,
}: LibraryFiltersProps) {
  const [topic, setTopic] = useState<string[]>(search.topic);
  const [crimeType, setCrimeType] = useState<string[]>(search.crimeType);
  const [type, setType] = useState<string[]>(search.type);
  const [from, setFrom] = useState(yearText(search.yearFrom));
  const [to, setTo] = useState(yearText(search.yearTo));
  const [yearError, setYearError] = useState<string | undefined>();
  const [shown, setShown] = useState(search);
  if (
    !sameList(shown.topic, search.topic) ||
    !sameList(shown.crimeType, search.crimeType) ||
    !sameList(shown.type, search.type) ||
    shown.yearFrom !== search.yearFrom ||
    shown.yearTo !== search.yearTo
  ) {
    setShown(search);
    setTopic(search.topic);
    setCrimeType(search.crimeType);
    setType(search.type);
    setFrom(yearText(search.yearFrom));
    setTo(yearText(search.yearTo));
    setYearError(undefined);
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const yearFrom = from.trim() ? parseYear(from) : null;
    const yearTo = to.trim() ? parseYear(to) : null;
    const fail = (message: string, field: string) => {
      setYearError(message);
      document.getElementById(field)?.focus();
    };
    if (from.trim() && yearFrom === null) {
      return fail(`Enter a year from ${MIN_YEAR} to ${MAX_YEAR}, like 2015`, 'library-year-from');
    }
    if (to.trim() && yearTo === null) {
      return fail(`Enter a year from ${MIN_YEAR} to ${MAX_YEAR}, like 2024`, 'library-year-to');
    }
    if (yearFrom !== null && yearTo !== null && yearFrom > yearTo) {
      return fail('The first year must be the same as or before the last year', 'library-year-to');
    }
    setYearError(undefined);
    onApply({
      topic,
      crimeType,
      type: type as DocumentType[],
      yearFrom,
      yearTo,
    });
  };

  const topicOptions = (group: TaxonomyTopic['group']) =>
    topics
      .filter((item) => item.group === group)
      .map((item) => ({ value: item.id, label: item.label }));

  return (
    <form className="app-filters" noValidate onSubmit={onSubmit} aria-labelledby="library-filters">
      <h2
        className={headingHidden ? 'govuk-visually-hidden' : 'govuk-heading-m'}
        id="library-filters"
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
      <FilterGroup
        idPrefix="library-topic"
        name="topic"
        legend="Topics"
        options={topicOptions('cross-cutting')}
        values={topic}
        onChange={setTopic}
        plural="topics"
      />
      <FilterGroup
        idPrefix="library-crime-type"
        name="crimeType"
        legend="Crime types"
        options={topicOptions('crime-type')}
        values={crimeType}
        onChange={setCrimeType}
        plural="crime types"
      />
      <FilterGroup
        idPrefix="library-type"
        name="type"
        legend="Type of file"
        options={types.map((value) => ({ value, label: TYPE_LABELS[value] }))}
        values={type}
        onChange={setType}
        plural="types"
      />
      <FormGroup error={yearError}>
        <fieldset
          className="govuk-fieldset"
          aria-describedby={describedBy('library-years', true, yearError)}
        >
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
            Year of publication
          </legend>
          <Hint id="library-years-hint">For example, 2012 to 2024</Hint>
          {yearError ? <ErrorMessage id="library-years-error">{yearError}</ErrorMessage> : null}
          <div className="app-year-range">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="library-year-from">
                From
              </label>
              <input
                className={`govuk-input govuk-input--width-4${yearError ? ' govuk-input--error' : ''}`}
                id="library-year-from"
                name="yearFrom"
                inputMode="numeric"
                value={from}
                onChange={(event) => setFrom(event.target.value)}
              />
            </div>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="library-year-to">
                To
              </label>
              <input
                className={`govuk-input govuk-input--width-4${yearError ? ' govuk-input--error' : ''}`}
                id="library-year-to"
                name="yearTo"
                inputMode="numeric"
                value={to}
                onChange={(event) => setTo(event.target.value)}
              />
            </div>
          </div>
        </fieldset>
      </FormGroup>
      <Button type="submit" variant="secondary">
        Apply filters
      </Button>
    </form>
  );
}
