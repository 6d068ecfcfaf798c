import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { CONTACT_CATEGORIES, THREAD_STATUSES } from '@contracts';
import type { InboxListKey } from '@web/lib/query-keys';
import { CATEGORY_LABELS, STATUS_TAG } from '@web/modules/contact/contact-labels';
import { Checkboxes } from '@web/ui/Checkboxes';
import { Select } from '@web/ui/Select';
import { TextInput } from '@web/ui/TextInput';
import type { Officer } from '../api/inbox-api';

export interface InboxFiltersProps {
  search: InboxListKey;
  officers: readonly Officer[];
  myUserId: string;
  onApply: (search: InboxListKey) => void;
  /** Where "Clear filters" goes, when something is filtered. */
  clearHref: string | null;
}

const STATUS_ITEMS = THREAD_STATUSES.map((value) => ({
  value,
  label: STATUS_TAG[value].label,
}));

const CATEGORY_OPTIONS = [
  { value: '', label: 'All categories' },
  ...CONTACT_CATEGORIES.map((value) => ({ value, label: CATEGORY_LABELS[value] })),
];

const SORT_OPTIONS = [
  { value: 'oldest', label: 'Oldest first' },
  { value: 'newest', label: 'Newest first' },
];

/**
 * The inbox's filters, applied together: statuses, category, assignee, words, and the order.
 * The parent keys this form by the URL, so it follows back and forward.
 */
export function InboxFilters({
  search,
  officers,
  myUserId,
  onApply,
  clearHref,
}: InboxFiltersProps) {
  // No status ticked in the URL means every status: all boxes show ticked.
  const [status, setStatus] = useState<string[]>(
    search.status.length === 0 ? [...THREAD_STATUSES] : [...search.status],
  );
  const [category, setCategory] = useState(search.category);
  const [assignee, setAssignee] = useState(search.assignee);
  const [q, setQ] = useState(search.q);
  const [sort, setSort] = useState<string>(search.sort);

  const assigneeOptions = [
    { value: '', label: 'Anyone or nobody' },
    { value: 'me', label: 'Me' },
    { value: 'none', label: 'Nobody (unassigned)' },
    ...officers
      .filter((officer) => officer.id !== myUserId)
      .map((officer) => ({ value: officer.id, label: officer.name })),
  ];

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply({
      status: THREAD_STATUSES.filter((value) => status.includes(value)),
      category,
      assignee,
      q: q.trim(),
      sort: sort === 'newest' ? 'newest' : 'oldest',
    });
  };

  return (
    <form
      noValidate
      onSubmit={onSubmit}
      className="app-inbox-filters"
      aria-labelledby="inbox-filters-heading"
      role="search"
    >
      <h2 className="govuk-heading-s" id="inbox-filters-heading">
        Filter conversations
      </h2>
      <div className="app-inbox-filters__grid">
        <div className="app-inbox-filters__status">
          <Checkboxes
            idPrefix="inbox-status"
            name="status"
            legend="Status"
            hint="None ticked shows every status"
            items={STATUS_ITEMS}
            values={status}
            onChange={setStatus}
            small
          />
        </div>
        <div className="app-inbox-filters__fields">
          <TextInput
            id="inbox-q"
            name="q"
            type="search"
            label="Search"
            hint="Reference, subject, sender or words in the messages"
            value={q}
            onChange={setQ}
            spellCheck={false}
          />
          <Select
            id="inbox-category"
            name="category"
            label="Category"
            value={category}
            options={CATEGORY_OPTIONS}
            onChange={setCategory}
          />
          <Select
            id="inbox-assignee"
            name="assignee"
            label="Assigned to"
            value={assignee}
            options={assigneeOptions}
            onChange={setAssignee}
          />
          <Select
            id="inbox-sort"
            name="sort"
            label="Order"
            value={sort}
            options={SORT_OPTIONS}
            onChange={setSort}
          />
        </div>
      </div>
      <div className="govuk-button-group">
        <button
          type="submit"
          className="govuk-button govuk-button--secondary"
          data-module="govuk-button"
        >
          Apply filters
        </button>
        {clearHref ? (
          <Link className="govuk-link" to={clearHref}>
            Clear filters
          </Link>
        ) : null}
      </div>
    </form>
  );
}
