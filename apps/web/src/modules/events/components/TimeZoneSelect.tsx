import { useMemo } from 'react';
import { describedBy, ErrorMessage, FormGroup, Hint } from '@web/ui/FieldParts';
import { browserTimeZone, zoneChoices, zoneOptionLabel } from '../event-times';

export interface TimeZoneSelectProps {
  id: string;
  value: string;
  onChange: (zone: string) => void;
  error?: string;
}

/**
 * The event's IANA time zone: the browser's and the common ones first, then every zone the
 * browser knows, each with its offset now.
 */
export function TimeZoneSelect({ id, value, onChange, error }: TimeZoneSelectProps) {
  const mine = browserTimeZone();
  const choices = useMemo(() => zoneChoices(value, mine), [value, mine]);
  const labels = useMemo(() => {
    const now = new Date();
    const map = new Map<string, string>();
    for (const zone of [...choices.common, ...choices.others]) {
      map.set(zone, `${zoneOptionLabel(zone, now)}${zone === mine ? ', your time zone' : ''}`);
    }
    return map;
  }, [choices, mine]);
  const hint =
    'The start and end times are in this zone. Members see them in their own time zone too.';
  return (
    <FormGroup error={error}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        Time zone
      </label>
      <Hint id={`${id}-hint`}>{hint}</Hint>
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      <select
        className={`govuk-select app-select${error ? ' govuk-select--error' : ''}`}
        id={id}
        name="timezone"
        value={value}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        {value === '' ? <option value="">Choose a time zone</option> : null}
        <optgroup label="Common time zones">
          {choices.common.map((zone) => (
            <option key={zone} value={zone}>
              {labels.get(zone)}
            </option>
          ))}
        </optgroup>
        {choices.others.length > 0 ? (
          <optgroup label="All time zones">
            {choices.others.map((zone) => (
              <option key={zone} value={zone}>
                {labels.get(zone)}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
    </FormGroup>
  );
}
