import type { ReactNode } from 'react';
import { describedBy, ErrorMessage, FormGroup, Hint } from './FieldParts';

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectProps {
  id: string;
  name: string;
  label: string;
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
  /** Text of a first, empty option ("Choose …"); omitted when undefined. */
  placeholder?: string;
  hint?: ReactNode;
  error?: string;
  disabled?: boolean;
  autoComplete?: string;
}

export function Select({
  id,
  name,
  label,
  value,
  options,
  onChange,
  placeholder,
  hint,
  error,
  disabled,
  autoComplete,
}: SelectProps) {
  return (
    <FormGroup error={error}>
      <label className="govuk-label" htmlFor={id}>
        {label}
      </label>
      {hint ? <Hint id={`${id}-hint`}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      <select
        className={`govuk-select app-select${error ? ' govuk-select--error' : ''}`}
        id={id}
        name={name}
        value={value}
        disabled={disabled}
        autoComplete={autoComplete}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FormGroup>
  );
}
