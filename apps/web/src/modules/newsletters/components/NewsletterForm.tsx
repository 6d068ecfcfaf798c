import { NEWSLETTER_LIMITS } from '@contracts';
import { TopicPicker } from '@web/modules/taxonomy/components/TopicPicker';
import type { TaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { LoadingState } from '@web/ui/LoadingState';
import { Radios } from '@web/ui/Radios';
import { TextInput } from '@web/ui/TextInput';
import { Textarea } from '@web/ui/Textarea';
import { draftFieldId, type DraftErrors, type DraftValues } from '../draft-values';
import { NewsletterPreview } from './NewsletterPreview';
import '../newsletters.css';

export interface NewsletterFormProps {
  values: DraftValues;
  onChange: (patch: Partial<DraftValues>) => void;
  errors: DraftErrors;
  taxonomy: TaxonomyLabels;
}

const AUDIENCE_ITEMS = [
  {
    value: 'public',
    label: 'Everyone',
    hint: 'Anyone can read it in the archive, without signing in.',
  },
  { value: 'members', label: 'Members only' },
] as const;

/**
 * An issue's fields: title, summary, the Markdown text with its preview beside it (below it on
 * a narrow screen), topics and who can read it. The page decides when it is saved.
 */
export function NewsletterForm({ values, onChange, errors, taxonomy }: NewsletterFormProps) {
  return (
    <>
      <TextInput
        id={draftFieldId('title')}
        name="title"
        label="Title"
        labelClass="govuk-label--s"
        value={values.title}
        onChange={(title) => onChange({ title })}
        error={errors.title}
      />
      <Textarea
        id={draftFieldId('summary')}
        name="summary"
        label="Summary (optional)"
        labelClass="govuk-label--s"
        hint="One or two sentences for the archive and the top of the email."
        value={values.summary}
        onChange={(summary) => onChange({ summary })}
        error={errors.summary}
        maxLength={NEWSLETTER_LIMITS.summary}
        rows={3}
      />
      <div className="app-newsletter-editor">
        <div>
          <Textarea
            id={draftFieldId('body')}
            name="body"
            label="Text"
            labelClass="govuk-label--s"
            hint={
              <>
                Written in Markdown: <code>## Heading</code>, <code>**bold**</code>,{' '}
                <code>*italic*</code>, <code>- item</code> for a list and{' '}
                <code>[words](https://…)</code> for a link. Images must be files in the library:{' '}
                <code>
                  ![description](/api/
                  <wbr />
                  documents/
                  <wbr />
                  …/download)
                </code>
                . The preview shows exactly what readers get.
              </>
            }
            value={values.body}
            onChange={(body) => onChange({ body })}
            error={errors.body}
            rows={18}
          />
        </div>
        <NewsletterPreview body={values.body} />
      </div>
      {taxonomy.topics.length > 0 ? (
        <TopicPicker
          id={draftFieldId('topics')}
          name="topics"
          legend={<h2 className="govuk-fieldset__heading">Topics</h2>}
          hint="Members who follow these topics get the issue by email."
          topics={taxonomy.topics}
          values={values.topics}
          onChange={(topics) => onChange({ topics })}
          error={errors.topics}
        />
      ) : taxonomy.isLoading ? (
        <LoadingState label="Loading the research priorities…" />
      ) : (
        <p className="govuk-body" id={draftFieldId('topics')} tabIndex={-1}>
          The research priorities could not be loaded, so the topics cannot be changed now.
        </p>
      )}
      <Radios
        idPrefix={draftFieldId('public')}
        name="public"
        legend={<h2 className="govuk-fieldset__heading">Who can read this issue?</h2>}
        legendClass="govuk-fieldset__legend--m"
        items={AUDIENCE_ITEMS}
        value={values.public ? 'public' : 'members'}
        onChange={(value) => onChange({ public: value === 'public' })}
        error={errors.public}
      />
    </>
  );
}
