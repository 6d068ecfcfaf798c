import { useState, type FormEvent } from 'react';
import { Button } from '@web/ui/Button';
import { describedBy, ErrorMessage, FormGroup, Hint } from '@web/ui/FieldParts';
import {
  fromLocalInputValue,
  localTimeZone,
  toLocalInputValue,
  utcOffset,
} from '../newsletter-labels';

export interface ScheduleFormProps {
  busy: boolean;
  /** A problem the server found with the time (for example, already past). */
  serverError?: string;
  /** The moment chosen, as ISO 8601. */
  onSchedule: (at: string) => void;
}

const FIELD_ID = 'newsletter-publish-at';

/**
 * Publication at a later time: a date and time in the browser's own time zone, which the
 * form says, sent to the server as an exact moment.
 */
export function ScheduleForm({ busy, serverError, onSchedule }: ScheduleFormProps) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [now] = useState(() => new Date());
  const zone = localTimeZone();
  const hint = zone
    ? `Use your own time zone, ${zone} (${utcOffset(now)} today): it is converted for readers elsewhere.`
    : `Use this device's time zone (${utcOffset(now)} today): it is converted for readers elsewhere.`;
  const shownError = error ?? serverError;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const fail = (message: string) => {
      setError(message);
      document.getElementById(FIELD_ID)?.focus();
    };
    if (!value.trim()) return fail('Enter the date and time to publish the issue');
    const at = fromLocalInputValue(value);
    if (!at) return fail('Enter a real date and time, like 5 March 2026 at 09:00');
    if (at.getTime() <= Date.now()) return fail('The time to publish must be in the future');
    setError(undefined);
    onSchedule(at.toISOString());
  };

  return (
    <form noValidate onSubmit={onSubmit}>
      <FormGroup error={shownError}>
        <label className="govuk-label govuk-label--s" htmlFor={FIELD_ID}>
          Publish at a later time
        </label>
        <Hint id={`${FIELD_ID}-hint`}>{hint}</Hint>
        {shownError ? <ErrorMessage id={`${FIELD_ID}-error`}>{shownError}</ErrorMessage> : null}
        <input
          className={`govuk-input govuk-input--width-20 app-workflow__input${shownError ? ' govuk-input--error' : ''}`}
          id={FIELD_ID}
          name="publishAt"
          type="datetime-local"
          min={toLocalInputValue(now)}
          value={value}
          aria-describedby={describedBy(FIELD_ID, hint, shownError)}
          aria-invalid={shownError ? true : undefined}
          onChange={(event) => setValue(event.target.value)}
        />
      </FormGroup>
      <Button type="submit" variant="secondary" busy={busy}>
        Schedule
      </Button>
    </form>
  );
}
