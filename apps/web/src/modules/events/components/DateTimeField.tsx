import type { ReactNode } from 'react';
import { describedBy, ErrorMessage, FormGroup, Hint } from '@web/ui/FieldParts';

export interface DateTimeFieldProps {
  /** Base of the ids: the date input is `<id>-date`, the time input `<id>-time`. */
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  date: string;
  time: string;
  onChange: (patch: { date?: string; time?: string }) => void;
  error?: string;
}

/** A date and a time as one question: a fieldset with a date input and a time input. */
export function DateTimeField({
  id,
  legend,
  hint,
  date,
  time,
  onChange,
  error,
}: DateTimeFieldProps) {
  const errorClass = error ? ' govuk-input--error' : '';
  return (
    <FormGroup error={error}>
      <fieldset
        className="govuk-fieldset"
        role="group"
        aria-describedby={describedBy(id, hint, error)}
      >
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? <Hint id={`${id}-hint`}>{hint}</Hint> : null}
        {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
        <div className="app-date-time">
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor={`${id}-date`}>
              Date
            </label>
            <input
              className={`govuk-input app-date-time__date${errorClass}`}
              id={`${id}-date`}
              name={`${id}-date`}
              type="date"
              value={date}
              aria-invalid={error ? true : undefined}
              onChange={(event) => onChange({ date: event.target.value })}
            />
          </div>
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor={`${id}-time`}>
              Time
            </label>
            <input
              className={`govuk-input app-date-time__time${errorClass}`}
              id={`${id}-time`}
              name={`${id}-time`}
              type="time"
              value={time}
              aria-invalid={error ? true : undefined}
              onChange={(event) => onChange({ time: event.target.value })}
            />
          </div>
        </div>
      </fieldset>
    </FormGroup>
  );
}
