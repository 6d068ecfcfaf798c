import { useState, type ReactNode } from 'react';
import { Checkboxes } from '@web/ui/Checkboxes';

export interface FacetOption {
  id: string;
  label: string;
  count: number;
}

export interface FacetCheckboxesProps {
  idPrefix: string;
  name: string;
  legend: ReactNode;
  /** In the order to show them. */
  options: readonly FacetOption[];
  selected: readonly string[];
  onChange: (values: string[]) => void;
  /** Show this many (and every chosen one) until "Show all" is pressed. */
  limit?: number;
  /** "countries", as in "Show all 23 countries". */
  plural: string;
}

const formatCount = (count: number) => count.toLocaleString('en-GB');

/**
 * One facet as small GOV.UK checkboxes, each with its count. Options that match nobody are
 * left out unless chosen; an option toggled here stays until the page changes, so the focus
 * is never on a checkbox that disappears.
 */
export function FacetCheckboxes({
  idPrefix,
  name,
  legend,
  options,
  selected,
  onChange,
  limit,
  plural,
}: FacetCheckboxesProps) {
  const [expanded, setExpanded] = useState(false);
  // Options toggled here, remembered with their label: a value no one matches leaves the
  // server's facet list once it is unchecked, and still has to stay where the focus is.
  const [touched, setTouched] = useState<ReadonlyMap<string, string>>(() => new Map());
  const keep = (option: FacetOption) => selected.includes(option.id) || touched.has(option.id);
  const known = new Set(options.map((option) => option.id));
  const gone = [...touched]
    .filter(([id]) => !known.has(id))
    .map(([id, label]) => ({ id, label, count: 0 }));
  const available = [...options, ...gone].filter((option) => option.count > 0 || keep(option));
  if (available.length === 0) return null;

  const collapsible = limit !== undefined && available.length > limit;
  const shown =
    collapsible && !expanded
      ? available.filter((option, index) => index < limit || keep(option))
      : available;

  return (
    <div className="app-facet">
      <Checkboxes
        idPrefix={idPrefix}
        name={name}
        legend={legend}
        small
        items={shown.map((option) => ({
          value: option.id,
          label: `${option.label} (${formatCount(option.count)})`,
        }))}
        values={selected}
        onChange={(values) => {
          const toggled = [
            ...values.filter((value) => !selected.includes(value)),
            ...selected.filter((value) => !values.includes(value)),
          ];
          setTouched((old) => {
            const next = new Map(old);
            for (const id of toggled) {
              next.set(id, options.find((option) => option.id === id)?.label ?? id);
            }
            return next;
          });
          onChange(values);
        }}
      />
      {collapsible ? (
        <button
          type="button"
          className="app-link-button app-facet__toggle"
          aria-expanded={expanded}
          onClick={() => setExpanded((open) => !open)}
        >
          {expanded ? `Show fewer ${plural}` : `Show all ${available.length} ${plural}`}
        </button>
      ) : null}
    </div>
  );
}
