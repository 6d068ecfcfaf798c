import type { ReactNode } from 'react';
import { describedBy, ErrorMessage, FormGroup, Hint } from './FieldParts';

export interface RadioItem {
  value: string;
  label: string;
  hint?: string;
}

export interface RadiosProps {
  /** The first radio's id (what an error summary links to); the others add `-<value>`. */
  idPrefix: string;
  name: string;
  legend: ReactNode;
  /** `govuk-fieldset__legend--s` by default. */
  legendClass?: string;
  items: readonly RadioItem[];
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: string;
  small?: boolean;
  inline?: boolean;
}

export function Radios({
  idPrefix,
  name,
  legend,
  legendClass = 'govuk-fieldset__legend--s',
  items,
  value,
  onChange,
  hint,
  error,
  small,
  inline,
}: RadiosProps) {
  const modifiers = `${small ? ' govuk-radios--small' : ''}${inline ? ' govuk-radios--inline' : ''}`;
  return (
    <FormGroup error={error}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(idPrefix, hint, error)}>
        <legend className={`govuk-fieldset__legend ${legendClass}`}>{legend}</legend>
        {hint ? <Hint id={`${idPrefix}-hint`}>{hint}</Hint> : null}
        {error ? <ErrorMessage id={`${idPrefix}-error`}>{error}</ErrorMessage> : null}
        <div className={`govuk-radios${modifiers}`}>
          {items.map((item, index) => {
            const id = index === 0 ? idPrefix : `${idPrefix}-${item.value}`;
            return (
              <div className="govuk-radios__item" key={item.value}>
                <input
                  className="govuk-radios__input"
                  id={id}
                  name={name}
                  type="radio"
                  value={item.value}
                  checked={value === item.value}
                  aria-describedby={item.hint ? `${id}-item-hint` : undefined}
                  onChange={() => onChange(item.value)}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={id}>
                  {item.label}
                </label>
                {item.hint ? (
                  <div id={`${id}-item-hint`} className="govuk-hint govuk-radios__hint">
                    {item.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </FormGroup>
  );
}
