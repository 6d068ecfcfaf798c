import type { ReactNode } from 'react';
import { describedBy, ErrorMessage, FormGroup, Hint } from './FieldParts';

export interface TextInputProps {
  id: string;
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'search' | 'tel' | 'url' | 'date';
  hint?: ReactNode;
  error?: string;
  autoComplete?: string;
  spellCheck?: boolean;
  widthClass?: string;
  /** Show the label as a page heading (GOV.UK "question page" pattern). */
  labelClass?: string;
  inputMode?: 'text' | 'numeric' | 'tel' | 'url' | 'email' | 'search';
  /** A value the user can see and copy but not change (for example an invited address). */
  readOnly?: boolean;
  /** The id of something else that describes the field (for example a strength meter). */
  describedBy?: string;
}

export function TextInput({
  id,
  name,
  label,
  value,
  onChange,
  type = 'text',
  hint,
  error,
  autoComplete,
  spellCheck,
  widthClass,
  labelClass,
  inputMode,
  readOnly,
  describedBy: alsoDescribedBy,
}: TextInputProps) {
  const described = [describedBy(id, hint, error), alsoDescribedBy].filter(Boolean).join(' ');
  return (
    <FormGroup error={error}>
      <label className={`govuk-label${labelClass ? ` ${labelClass}` : ''}`} htmlFor={id}>
        {label}
      </label>
      {hint ? <Hint id={`${id}-hint`}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      <input
        className={`govuk-input${widthClass ? ` ${widthClass}` : ''}${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={name}
        type={type}
        value={value}
        autoComplete={autoComplete}
        spellCheck={spellCheck}
        inputMode={inputMode}
        readOnly={readOnly}
        aria-describedby={described || undefined}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    </FormGroup>
  );
}
