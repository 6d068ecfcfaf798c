import type { ReactNode } from 'react';
import { describedBy, ErrorMessage, FormGroup, Hint } from './FieldParts';

export interface CheckboxItem {
  value: string;
  label: string;
  hint?: string;
  disabled?: boolean;
}

export interface CheckboxesProps {
  idPrefix: string;
  name: string;
  legend: ReactNode;
  items: readonly CheckboxItem[];
  values: readonly string[];
  onChange: (values: string[]) => void;
  hint?: ReactNode;
  error?: string;
  small?: boolean;
}

export function Checkboxes({
  idPrefix,
  name,
  legend,
  items,
  values,
  onChange,
  hint,
  error,
  small,
}: CheckboxesProps) {
  const toggle = (value: string, checked: boolean) =>
    onChange(checked ? [...values, value] : values.filter((item) => item !== value));
  return (
    <FormGroup error={error}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(idPrefix, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? <Hint id={`${idPrefix}-hint`}>{hint}</Hint> : null}
        {error ? <ErrorMessage id={`${idPrefix}-error`}>{error}</ErrorMessage> : null}
        <div className={`govuk-checkboxes${small ? ' govuk-checkboxes--small' : ''}`}>
          {items.map((item, index) => {
            const id = index === 0 ? idPrefix : `${idPrefix}-${item.value}`;
            return (
              <div className="govuk-checkboxes__item" key={item.value}>
                <input
                  className="govuk-checkboxes__input"
                  id={id}
                  name={name}
                  type="checkbox"
                  value={item.value}
                  checked={values.includes(item.value)}
                  disabled={item.disabled}
                  aria-describedby={item.hint ? `${id}-item-hint` : undefined}
                  onChange={(event) => toggle(item.value, event.target.checked)}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                  {item.label}
                </label>
                {item.hint ? (
                  <div id={`${id}-item-hint`} className="govuk-hint govuk-checkboxes__hint">
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
