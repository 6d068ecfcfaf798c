import type { ReactNode } from 'react';
import type { TaxonomyTopic, TopicGroup } from '@contracts';
import { describedBy, ErrorMessage, FormGroup, Hint } from '@web/ui/FieldParts';

export interface TopicPickerProps {
  /** The first checkbox's id (what an error summary links to); the others add `-<topic>`. */
  id: string;
  /** The checkboxes' `name`. */
  name: string;
  legend: ReactNode;
  /** `govuk-fieldset__legend--m` by default. */
  legendClass?: string;
  hint?: ReactNode;
  topics: readonly TaxonomyTopic[];
  values: readonly string[];
  onChange: (values: string[]) => void;
  error?: string;
  /** Each topic's description as its hint (true by default; off where a short list is wanted). */
  descriptions?: boolean;
}

const GROUPS: readonly { group: TopicGroup; legend: string }[] = [
  { group: 'cross-cutting', legend: 'Cross-cutting themes' },
  { group: 'crime-type', legend: 'Crime types' },
];

/**
 * The research priorities as checkboxes, one fieldset per taxonomy group inside the question's
 * fieldset, each topic's description as its hint.
 */
export function TopicPicker({
  id,
  name,
  legend,
  legendClass = 'govuk-fieldset__legend--m',
  hint,
  topics,
  values,
  onChange,
  error,
  descriptions = true,
}: TopicPickerProps) {
  const toggle = (topicId: string, checked: boolean) =>
    onChange(checked ? [...values, topicId] : values.filter((value) => value !== topicId));
  let first = true;
  const checkboxId = () => {
    if (!first) return null;
    first = false;
    return id;
  };
  return (
    <FormGroup error={error}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className={`govuk-fieldset__legend ${legendClass}`}>{legend}</legend>
        {hint ? <Hint id={`${id}-hint`}>{hint}</Hint> : null}
        {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
        {GROUPS.map(({ group, legend: groupLegend }) => {
          const inGroup = topics.filter((topic) => topic.group === group);
          if (inGroup.length === 0) return null;
          return (
            <fieldset className="govuk-fieldset app-subfieldset" key={group}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
                {groupLegend}
              </legend>
              <div className="govuk-checkboxes govuk-checkboxes--small">
                {inGroup.map((topic) => {
                  const inputId = checkboxId() ?? `${id}-${topic.id}`;
                  const hintId = `${inputId}-item-hint`;
                  const description = descriptions ? topic.description : '';
                  return (
                    <div className="govuk-checkboxes__item" key={topic.id}>
                      <input
                        className="govuk-checkboxes__input"
                        id={inputId}
                        name={name}
                        type="checkbox"
                        value={topic.id}
                        checked={values.includes(topic.id)}
                        aria-describedby={description ? hintId : undefined}
                        onChange={(event) => toggle(topic.id, event.target.checked)}
                      />
                      <label className="govuk-label govuk-checkboxes__label" htmlFor={inputId}>
                        {topic.label}
                      </label>
                      {description ? (
                        <div id={hintId} className="govuk-hint govuk-checkboxes__hint">
                          {description}
                        </div>
                      ) : null}
                    </div>
                  );
                })}
              </div>
            </fieldset>
          );
        })}
      </fieldset>
    </FormGroup>
  );
}
