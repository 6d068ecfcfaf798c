import type { TaxonomyTopic } from '@contracts';
import { TopicPicker } from '@web/modules/taxonomy/components/TopicPicker';

export interface ExpertisePickerProps {
  /** The first checkbox's id (what the error summary links to). */
  id: string;
  topics: readonly TaxonomyTopic[];
  values: readonly string[];
  onChange: (values: string[]) => void;
  error?: string;
}

/** A member's expertise: the research priorities, grouped as the taxonomy groups them. */
export function ExpertisePicker({ id, topics, values, onChange, error }: ExpertisePickerProps) {
  return (
    <TopicPicker
      id={id}
      name="expertise"
      legend={<h2 className="govuk-fieldset__heading">Your expertise</h2>}
      hint="Choose the research priorities you work on. Members can find you by them."
      topics={topics}
      values={values}
      onChange={onChange}
      error={error}
    />
  );
}
