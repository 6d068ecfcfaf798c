import type { TaxonomyTopic, TopicGroup } from '@contracts';
import { describedBy, ErrorMessage, FormGroup, Hint } from '@web/ui/FieldParts';

export interface ExpertisePickerProps {
  /** The first checkbox's id (what the error summary links to). */
  id: string;
  topics: readonly TaxonomyTopic[];
  values: readonly string[];
  onChange: (values: string[]) => void;
  error?: string;
}

const GROUPS: readonly { group: TopicGroup; legend: string }[] = [
  { group: 'cross-cutting', legend: 'Cross-cutting themes' },
  { group: 'crime-type', legend: 'Crime types' },
];

/**
 * The research priorities as checkboxes, one fieldset per taxonomy group inside the question's
 * fieldset, each topic's description as its hint.
 */
export function ExpertisePicker({ id, topics, values, onChange, error }: ExpertisePickerProps) {
  const hint = 'Choose the research priorities you work on. Members can find you by them.';
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
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
          <h2 className="govuk-fieldset__heading">Your expertise</h2>
        </legend>
        <Hint id={`${id}-hint`}>{hint}</Hint>
        {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
        {GROUPS.map(({ group, legend }) => {
          const inGroup = topics.filter((topic) => topic.group === group);
          if (inGroup.length === 0) return null;
          return (
            <fieldset className="govuk-fieldset app-subfieldset" key={group}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
              <div className="govuk-checkboxes govuk-checkboxes--small">
                {inGroup.map((topic) => {
                  const inputId = checkboxId() ?? `${id}-${topic.id}`;
                  const hintId = `${inputId}-item-hint`;
                  return (
                    <div className="govuk-checkboxes__item" key={topic.id}>
                      <input
                        className="govuk-checkboxes__input"
                        id={inputId}
                        name="expertise"
                        type="checkbox"
                        value={topic.id}
                        checked={values.includes(topic.id)}
                        aria-describedby={topic.description ? hintId : undefined}
                        onChange={(event) => toggle(topic.id, event.target.checked)}
                      />
                      <label className="govuk-label govuk-checkboxes__label" htmlFor={inputId}>
                        {topic.label}
                      </label>
                      {topic.description ? (
                        <div id={hintId} className="govuk-hint govuk-checkboxes__hint">
                          {topic.description}
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
