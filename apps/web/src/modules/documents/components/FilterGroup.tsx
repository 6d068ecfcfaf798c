import { useState } from 'react';
import { Checkboxes } from '@web/ui/Checkboxes';

export interface FilterOption {
  value: string;
  label: string;
}

export interface FilterGroupProps {
  idPrefix: string;
  name: string;
  legend: string;
  options: readonly FilterOption[];
  values: readonly string[];
  onChange: (values: string[]) => void;
  /** Show this many (and every chosen one) until "Show all" is pressed. */
  limit?: number;
  /** "crime types", as in "Show all 9 crime types". */
  plural: string;
}

/** One filter as small checkboxes; a long one shows its first options until "Show all". */
export function FilterGroup({
  idPrefix,
  name,
  legend,
  options,
  values,
  onChange,
  limit = 6,
  plural,
}: FilterGroupProps) {
  const [expanded, setExpanded] = useState(false);
  if (options.length === 0) return null;
  const collapsible = options.length > limit;
  const shown =
    collapsible && !expanded
      ? options.filter((option, index) => index < limit || values.includes(option.value))
      : options;
  return (
    <div className="app-facet">
      <Checkboxes
        idPrefix={idPrefix}
        name={name}
        legend={legend}
        items={shown}
        values={values}
        onChange={onChange}
        small
      />
      {collapsible ? (
        <button
          type="button"
          className="app-link-button app-facet__toggle"
          aria-expanded={expanded}
          onClick={() => setExpanded((open) => !open)}
        >
          {expanded ? `Show fewer ${plural}` : `Show all ${options.length} ${plural}`}
        </button>
      ) : null}
    </div>
  );
}
