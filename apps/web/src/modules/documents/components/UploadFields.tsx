import { DOCUMENT_LIMITS, type DocumentMarking, type TaxonomyTopic } from '@contracts';
import { Checkboxes } from '@web/ui/Checkboxes';
import { LoadingState } from '@web/ui/LoadingState';
import { Radios } from '@web/ui/Radios';
import { Select } from '@web/ui/Select';
import { TextInput } from '@web/ui/TextInput';
import { Textarea } from '@web/ui/Textarea';
import { LANGUAGE_OPTIONS } from '../document-labels';
import { uploadFieldId, type UploadErrors, type UploadValues } from '../upload-values';

export interface UploadFieldsProps {
  values: UploadValues;
  onChange: (patch: Partial<UploadValues>) => void;
  errors: UploadErrors;
  topics: readonly TaxonomyTopic[];
  taxonomyLoading: boolean;
  /** The markings the server accepts (both, unless it says otherwise). */
  markings: readonly DocumentMarking[];
}

const MARKING_HINTS: Record<DocumentMarking, string> = {
  UNCLASSIFIED: 'Published research, public reports and anything already in the public domain.',
  OFFICIAL: 'Routine government or partner material that is not marked OFFICIAL-SENSITIVE.',
};

/**
 * The metadata of an upload: title, authors, year, abstract, topics and crime types, language,
 * source, and the protective marking the uploader declares.
 */
export function UploadFields({
  values,
  onChange,
  errors,
  topics,
  taxonomyLoading,
  markings,
}: UploadFieldsProps) {
  const crossCutting = topics.filter((topic) => topic.group === 'cross-cutting');
  const crimeTypes = topics.filter((topic) => topic.group === 'crime-type');
  return (
    <>
      <TextInput
        id={uploadFieldId('title')}
        name="title"
        label="Title"
        labelClass="govuk-label--s"
        value={values.title}
        onChange={(title) => onChange({ title })}
        error={errors.title}
      />
      <Textarea
        id={uploadFieldId('authors')}
        name="authors"
        label="Authors (optional)"
        labelClass="govuk-label--s"
        hint="One author or organisation on each line"
        value={values.authors}
        onChange={(authors) => onChange({ authors })}
        error={errors.authors}
        rows={3}
      />
      <TextInput
        id={uploadFieldId('year')}
        name="year"
        label="Year of publication (optional)"
        labelClass="govuk-label--s"
        hint={`For example, ${new Date().getFullYear() - 1}`}
        value={values.year}
        onChange={(year) => onChange({ year })}
        error={errors.year}
        inputMode="numeric"
        widthClass="govuk-input--width-4"
      />
      <Textarea
        id={uploadFieldId('abstract')}
        name="abstract"
        label="Abstract (optional)"
        labelClass="govuk-label--s"
        hint="A short summary: what the document is about and what it finds"
        value={values.abstract}
        onChange={(abstract) => onChange({ abstract })}
        error={errors.abstract}
        maxLength={DOCUMENT_LIMITS.abstract}
        rows={5}
      />
      {topics.length > 0 ? (
        <>
          <Checkboxes
            idPrefix={uploadFieldId('topics')}
            name="topics"
            legend="Topics (optional)"
            hint="The research priorities the document is about"
            items={crossCutting.map((topic) => ({ value: topic.id, label: topic.label }))}
            values={values.topics}
            onChange={(chosen) => onChange({ topics: chosen })}
            error={errors.topics}
            small
          />
          <Checkboxes
            idPrefix={uploadFieldId('crimeTypes')}
            name="crimeTypes"
            legend="Crime types (optional)"
            items={crimeTypes.map((topic) => ({ value: topic.id, label: topic.label }))}
            values={values.crimeTypes}
            onChange={(chosen) => onChange({ crimeTypes: chosen })}
            error={errors.crimeTypes}
            small
          />
        </>
      ) : taxonomyLoading ? (
        <LoadingState label="Loading the research priorities…" />
      ) : (
        <p className="govuk-body" id={uploadFieldId('topics')} tabIndex={-1}>
          The research priorities could not be loaded, so topics cannot be chosen now. You can
          upload without them.
        </p>
      )}
      <Select
        id={uploadFieldId('language')}
        name="language"
        label="Language (optional)"
        value={values.language}
        options={LANGUAGE_OPTIONS}
        placeholder="Not given"
        onChange={(language) => onChange({ language })}
        error={errors.language}
      />
      <TextInput
        id={uploadFieldId('source')}
        name="source"
        label="Source (optional)"
        labelClass="govuk-label--s"
        hint="Where the document was published: a web address or a DOI, like 10.1000/182"
        value={values.source}
        onChange={(source) => onChange({ source })}
        error={errors.source}
        spellCheck={false}
      />
      <Radios
        idPrefix={uploadFieldId('marking')}
        name="marking"
        legend={<h2 className="govuk-fieldset__heading">Protective marking</h2>}
        legendClass="govuk-fieldset__legend--m"
        hint={
          <>
            Only UNCLASSIFIED or OFFICIAL material may be shared in the library. Do not upload
            anything marked OFFICIAL-SENSITIVE, SECRET or TOP SECRET (or an older marking such as
            PROTECT, RESTRICTED or CONFIDENTIAL). Files are checked: one that carries a higher
            marking is held for a moderator instead of being published.
          </>
        }
        items={markings.map((marking) => ({
          value: marking,
          label: marking,
          hint: MARKING_HINTS[marking],
        }))}
        value={values.marking}
        onChange={(marking) => onChange({ marking: marking as DocumentMarking })}
        error={errors.marking}
      />
    </>
  );
}
