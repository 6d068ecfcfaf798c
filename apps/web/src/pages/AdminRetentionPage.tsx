import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  retentionDaysProblem,
  type EditableRetentionRuleKey,
  type RetentionRuleResponse,
  type UpdateRetentionRequest,
} from '@contracts';
import { errorMessage, isApiError, tooManyAttemptsMessage } from '@web/lib/api';
import { formatDateTime } from '@web/lib/format';
import { usePageTitle } from '@web/lib/use-page-title';
import {
  useRetention,
  useRunRetention,
  useUpdateRetention,
} from '@web/modules/admin/hooks/use-retention';
import { Button } from '@web/ui/Button';
import { ConfirmPanel } from '@web/ui/ConfirmPanel';
import { ErrorState } from '@web/ui/ErrorState';
import { ErrorSummary } from '@web/ui/ErrorSummary';
import { LoadingState } from '@web/ui/LoadingState';
import { NotificationBanner } from '@web/ui/NotificationBanner';
import { TextInput } from '@web/ui/TextInput';

const fieldId = (key: string) => `retention-${key.replace(/_/g, '-')}`;

function keptFor(days: number): string {
  if (days === 0) return 'For ever';
  return days === 1 ? '1 day' : `${days} days`;
}

function bounds(rule: RetentionRuleResponse): string {
  const range = `between ${rule.minDays} and ${rule.maxDays}`;
  return rule.keepForeverAllowed
    ? `Days, ${range}. Enter 0 to keep them for ever. Default: ${rule.defaultDays}.`
    : `Days, ${range}. Default: ${rule.defaultDays}.`;
}

function lastRun(rule: RetentionRuleResponse): string {
  if (!rule.lastRunAt) return 'Not run yet';
  const how =
    rule.lastRunTrigger === 'manual'
      ? ' (run now)'
      : rule.lastRunTrigger === 'hourly'
        ? ' (hourly check)'
        : ' (daily)';
  return `${formatDateTime(rule.lastRunAt)}${how}`;
}

/** How long each kind of record is kept: the rules, their settings and last runs, "run now". */
export function AdminRetentionPage() {
  const retention = useRetention();
  const update = useUpdateRetention();
  const run = useRunRetention();
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [runError, setRunError] = useState<string | null>(null);
  const bannerRef = useRef<HTMLDivElement>(null);
  usePageTitle('Retention', Object.keys(errors).length > 0 || formError !== null);

  const rules = retention.data?.rules ?? [];
  const editable = rules.filter((r) => r.editable);

  // The form starts from the saved settings, and follows them until the admin edits a field.
  useEffect(() => {
    if (!retention.data) return;
    setValues((current) => {
      const next = { ...current };
      for (const rule of retention.data.rules) {
        if (rule.editable && next[rule.key] === undefined) next[rule.key] = String(rule.days);
      }
      return next;
    });
  }, [retention.data]);

  useEffect(() => {
    if (message) bannerRef.current?.focus();
  }, [message]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (update.isPending) return;
    const found: Record<string, string> = {};
    const request: UpdateRetentionRequest = {};
    for (const rule of editable) {
      const key = rule.key as EditableRetentionRuleKey;
      const raw = (values[key] ?? '').trim();
      const days = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
      const problem = retentionDaysProblem(key, days);
      if (problem) found[key] = problem;
      else if (days !== rule.days) request[key] = days;
    }
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    if (Object.keys(request).length === 0) {
      setMessage('Nothing changed: every setting is as it was.');
      return;
    }
    update.mutate(request, {
      onSuccess: (data) => {
        setValues(
          Object.fromEntries(
            data.rules.filter((r) => r.editable).map((r) => [r.key, String(r.days)]),
          ),
        );
        setMessage('Retention settings saved. The next run uses them.');
      },
      onError: (failure) => {
        if (isApiError(failure) && failure.fieldErrors.length > 0) {
          setErrors(Object.fromEntries(failure.fieldErrors.map((e) => [e.field, e.message])));
        } else {
          setFormError(errorMessage(failure));
        }
      },
    });
  };

  const onRun = () => {
    if (run.isPending) return;
    setRunError(null);
    run.mutate(undefined, {
      onSuccess: () => {
        setConfirming(false);
        setMessage('Retention run started. The table shows each rule’s result when it finishes.');
      },
      onError: (failure) =>
        setRunError(
          isApiError(failure) && failure.status === 429
            ? tooManyAttemptsMessage(failure)
            : errorMessage(failure),
        ),
    });
  };

  const summary = [
    ...editable
      .filter((r) => errors[r.key])
      .map((r) => ({ fieldId: fieldId(r.key), text: `${r.label}: ${errors[r.key]}` })),
    ...(formError ? [{ text: formError }] : []),
  ];

  if (retention.isPending) return <LoadingState label="Loading retention rules…" />;
  if (retention.isError) {
    return (
      <ErrorState
        message={errorMessage(retention.error)}
        onRetry={() => void retention.refetch()}
      />
    );
  }
  const state = retention.data;

  return (
    <>
      {message ? (
        <NotificationBanner type="success" id="retention-result" ref={bannerRef}>
          <p className="govuk-notification-banner__heading">{message}</p>
        </NotificationBanner>
      ) : null}
      <ErrorSummary items={summary} />
      <h1 className="govuk-heading-l">Retention</h1>
      <p className="govuk-body">
        How long the network keeps each kind of record. Every day at 03:00 UTC each rule deletes or
        anonymises what is past its time, and records what it did in the audit log. The audit log
        itself is never deleted.
      </p>
      <p className="govuk-body" id="retention-next-run">
        {state.running
          ? 'A run is under way.'
          : `Next daily run: ${formatDateTime(state.nextRunAt)}.`}
      </p>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Rules</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Records
            </th>
            <th scope="col" className="govuk-table__header">
              Kept for
            </th>
            <th scope="col" className="govuk-table__header">
              Last run
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Rows affected
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rules.map((rule) => (
            <tr className="govuk-table__row" key={rule.key} data-rule={rule.key}>
              <th scope="row" className="govuk-table__header">
                {rule.label}
                <span className="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular govuk-!-margin-bottom-0">
                  {rule.description}
                </span>
              </th>
              <td className="govuk-table__cell app-nowrap">{keptFor(rule.days)}</td>
              <td className="govuk-table__cell">{lastRun(rule)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {rule.lastRunRows ?? '–'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <form noValidate onSubmit={onSubmit} aria-labelledby="retention-form-heading">
            <h2 className="govuk-heading-m" id="retention-form-heading">
              Change how long records are kept
            </h2>
            {editable.map((rule) => (
              <TextInput
                key={rule.key}
                id={fieldId(rule.key)}
                name={rule.key}
                label={rule.label}
                hint={bounds(rule)}
                value={values[rule.key] ?? ''}
                onChange={(value) => setValues((current) => ({ ...current, [rule.key]: value }))}
                error={errors[rule.key]}
                inputMode="numeric"
                spellCheck={false}
                autoComplete="off"
                widthClass="govuk-input--width-4"
              />
            ))}
            <Button type="submit" busy={update.isPending}>
              Save settings
            </Button>
          </form>

          <h2 className="govuk-heading-m">Run every rule now</h2>
          <p className="govuk-body">
            Records past their time are deleted or anonymised at once, instead of at the next daily
            run. This cannot be undone.
          </p>
          {confirming ? (
            <ConfirmPanel
              id="retention-run"
              question="Run every retention rule now? Records past their time will be deleted or anonymised."
              confirmLabel="Yes, run now"
              error={runError}
              busy={run.isPending}
              onConfirm={onRun}
              onCancel={() => {
                setConfirming(false);
                setRunError(null);
              }}
            />
          ) : (
            <Button
              variant="warning"
              disabled={state.running}
              onClick={() => {
                setMessage(null);
                setConfirming(true);
              }}
            >
              Run now
            </Button>
          )}
        </div>
      </div>
    </>
  );
}
