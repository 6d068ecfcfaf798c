import { useRef } from 'react';
import { CONTACT_LIMITS } from '@contracts';
import { describedBy, ErrorMessage, FormGroup, Hint } from '@web/ui/FieldParts';
import { addFiles, ATTACHMENT_ACCEPT, ATTACHMENT_HINT, formatBytes } from '../attachments';

export interface AttachmentsFieldProps {
  id: string;
  label: string;
  files: readonly File[];
  onChange: (files: File[]) => void;
  error?: string;
  disabled?: boolean;
}

/**
 * A GOV.UK file upload that collects up to five files: each choice adds to the list below it,
 * and each file in the list can be removed. The list says (and announces) what will be sent.
 */
export function AttachmentsField({
  id,
  label,
  files,
  onChange,
  error,
  disabled,
}: AttachmentsFieldProps) {
  const input = useRef<HTMLInputElement>(null);
  const statusId = `${id}-status`;
  const hintId = `${id}-hint`;
  const described = [describedBy(id, ATTACHMENT_HINT, error), statusId].filter(Boolean).join(' ');
  const full = files.length >= CONTACT_LIMITS.attachments;

  const remove = (index: number) => {
    onChange(files.filter((_file, at) => at !== index));
    input.current?.focus();
  };

  return (
    <FormGroup error={error}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      <Hint id={hintId}>{ATTACHMENT_HINT}</Hint>
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      <input
        ref={input}
        className={`govuk-file-upload${error ? ' govuk-file-upload--error' : ''}`}
        id={id}
        name="files"
        type="file"
        multiple
        accept={ATTACHMENT_ACCEPT}
        disabled={disabled || full}
        aria-describedby={described || undefined}
        aria-invalid={error ? true : undefined}
        onChange={(event) => {
          const chosen = event.target.files ? Array.from(event.target.files) : [];
          // The list below is what is sent: the input is emptied for the next choice.
          event.target.value = '';
          if (chosen.length > 0) onChange(addFiles(files, chosen));
        }}
      />
      <p className="govuk-body-s app-attachments__status" id={statusId} aria-live="polite">
        {files.length === 0
          ? 'No files selected'
          : `${files.length} ${files.length === 1 ? 'file' : 'files'} selected${full ? ' (the most you can attach)' : ''}`}
      </p>
      {files.length > 0 ? (
        <ul className="govuk-list app-attachments__list">
          {files.map((file, index) => (
            <li className="app-attachments__item" key={`${file.name}-${file.size}`}>
              <span className="app-break">
                <strong>{file.name}</strong> ({formatBytes(file.size)})
              </span>
              <button
                type="button"
                className="app-link-button app-attachments__remove"
                onClick={() => remove(index)}
                disabled={disabled}
              >
                Remove<span className="govuk-visually-hidden"> {file.name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </FormGroup>
  );
}
