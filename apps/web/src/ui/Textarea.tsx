import type { ReactNode } from 'react';
import { describedBy, ErrorMessage, FormGroup, Hint } from './FieldParts';

export interface TextareaProps {
  id: string;
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: string;
  rows?: number;
  /** Shows "You have N characters remaining" under the field. */
  maxLength?: number;
  labelClass?: string;
}

export function Textarea({
  id,
  name,
  label,
  value,
  onChange,
  hint,
  error,
  rows = 5,
  maxLength,
  labelClass,
}: TextareaProps) {
  const remaining = maxLength === undefined ? null : maxLength - value.length;
  const countId = `${id}-count`;
  const describedByIds = [describedBy(id, hint, error), remaining === null ? null : countId]
    .filter(Boolean)
    .join(' ');
  return (
    <FormGroup error={error}>
      <label className={`govuk-label${labelClass ? ` ${labelClass}` : ''}`} htmlFor={id}>
        {label}
      </label>
      {hint ? <Hint id={`${id}-hint`}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      <textarea
        className={`govuk-textarea${error || (remaining !== null && remaining < 0) ? ' govuk-textarea--error' : ''}`}
        id={id}
        name={name}
        rows={rows}
        value={value}
        aria-describedby={describedByIds || undefined}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {remaining !== null ? (
        <div
          id={countId}
          className={`govuk-hint govuk-character-count__message${remaining < 0 ? ' govuk-error-message' : ''}`}
        >
          {remaining >= 0
            ? `You have ${remaining.toLocaleString('en-GB')} ${remaining === 1 ? 'character' : 'characters'} remaining`
            : `You have ${(-remaining).toLocaleString('en-GB')} ${remaining === -1 ? 'character' : 'characters'} too many`}
        </div>
      ) : null}
    </FormGroup>
  );
}
