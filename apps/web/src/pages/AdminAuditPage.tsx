import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import type { AuditFilters } from '@web/modules/admin/api/admin-api';
import { AuditChainBanner } from '@web/modules/admin/components/AuditChainBanner';
import { AuditTable } from '@web/modules/admin/components/AuditTable';
import { useAudit, useAuditVerification } from '@web/modules/admin/hooks/use-audit';
import { Button } from '@web/ui/Button';
import { ErrorState } from '@web/ui/ErrorState';
import { ErrorSummary } from '@web/ui/ErrorSummary';
import { LoadingState } from '@web/ui/LoadingState';
import { TextInput } from '@web/ui/TextInput';

const FIELDS = ['actor', 'action', 'targetType', 'targetId', 'from', 'to', 'q'] as const;
type Field = (typeof FIELDS)[number];
type FormValues = Record<Field, string>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Midnight at the start of a YYYY-MM-DD day (plus `addDays`) in the browser's time zone. */
function startOfDay(day: string, addDays = 0): Date | null {
  if (!DAY.test(day)) return null;
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(y, m - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== m - 1 || date.getDate() !== d) return null;
  date.setDate(date.getDate() + addDays);
  return date;
}

function validate(values: FormValues): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  if (values.action && !/^[a-z][a-z._]{0,63}$/.test(values.action)) {
    errors.action = 'Enter an action name, like user.roles.changed';
  }
  if (values.targetType && !/^[a-z][a-z_]{0,63}$/.test(values.targetType)) {
    errors.targetType = 'Enter a target type, like user or canned_reply';
  }
  if (values.from && !startOfDay(values.from)) errors.from = 'Enter a real date';
  if (values.to && !startOfDay(values.to)) errors.to = 'Enter a real date';
  if (!errors.from && !errors.to && values.from && values.to && values.to < values.from) {
    errors.to = 'The end date must be the same as or after the start date';
  }
  return errors;
}

/** The form's days as the API's instants: from the start of `from` to the end of `to`. */
function toFilters(values: FormValues): AuditFilters {
  return {
    actor: values.actor,
    action: values.action,
    targetType: values.targetType,
    targetId: values.targetId,
    from: values.from ? (startOfDay(values.from)?.toISOString() ?? '') : '',
    to: values.to ? (startOfDay(values.to, 1)?.toISOString() ?? '') : '',
    q: values.q,
  };
}

export function AdminAuditPage() {
  const [params, setParams] = useSearchParams();
  const applied = Object.fromEntries(
    FIELDS.map((field) => [field, params.get(field)?.trim() ?? '']),
  ) as FormValues;
  const appliedErrors = validate(applied);
  const filters = toFilters(
    Object.fromEntries(
      FIELDS.map((field) => [field, appliedErrors[field] ? '' : applied[field]]),
    ) as FormValues,
  );
  const [values, setValues] = useState<FormValues>(applied);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const audit = useAudit(filters);
  const chain = useAuditVerification();
  usePageTitle(Object.keys(errors).length > 0 ? 'Error: Audit log' : 'Audit log');
  const entries = audit.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = FIELDS.some((field) => applied[field]);

  const set = (field: Field) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  const onFilter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = Object.fromEntries(
      FIELDS.map((field) => [field, values[field].trim()]),
    ) as FormValues;
    const found = validate(trimmed);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const next = new URLSearchParams();
    for (const field of FIELDS) if (trimmed[field]) next.set(field, trimmed[field]);
    setParams(next);
  };

  const onClear = () => {
    setValues(Object.fromEntries(FIELDS.map((field) => [field, ''])) as FormValues);
    setErrors({});
    setParams(new URLSearchParams());
  };

  return (
    <>
      {Object.keys(errors).length > 0 ? (
        <ErrorSummary
          items={Object.entries(errors).map(([field, text]) => ({
            fieldId: `audit-${field}`,
            text: text ?? '',
          }))}
        />
      ) : null}
      <h1 className="govuk-heading-l">Audit log</h1>
      <p className="govuk-body">
        Every action taken by administrators, editors, moderators and contact officers, and every
        sign-in. Entries cannot be changed or removed, and each one is sealed with a hash of the one
        before it.
      </p>
      {chain.isPending ? (
        <LoadingState label="Checking the audit log’s integrity…" />
      ) : chain.isError ? (
        <ErrorState
          message={`The integrity check could not run: ${errorMessage(chain.error)}`}
          onRetry={() => void chain.refetch()}
        />
      ) : (
        <>
          <AuditChainBanner result={chain.data} />
          <Button variant="secondary" busy={chain.isFetching} onClick={() => void chain.refetch()}>
            {chain.isFetching ? 'Checking…' : 'Check again'}
          </Button>
        </>
      )}
      <form
        className="app-search"
        role="search"
        aria-label="Audit log"
        noValidate
        onSubmit={onFilter}
      >
        <TextInput
          id="audit-q"
          name="q"
          type="search"
          label="Text in the entry"
          value={values.q}
          onChange={set('q')}
          error={errors.q}
          spellCheck={false}
        />
        <TextInput
          id="audit-actor"
          name="actor"
          label="Who (name or email)"
          value={values.actor}
          onChange={set('actor')}
          error={errors.actor}
          spellCheck={false}
        />
        <TextInput
          id="audit-action"
          name="action"
          label="Action"
          hint="For example user.roles.changed"
          value={values.action}
          onChange={set('action')}
          error={errors.action}
          spellCheck={false}
        />
        <TextInput
          id="audit-targetType"
          name="targetType"
          label="Target type"
          hint="For example user, event, canned_reply"
          value={values.targetType}
          onChange={set('targetType')}
          error={errors.targetType}
          spellCheck={false}
        />
        <TextInput
          id="audit-targetId"
          name="targetId"
          label="Target id"
          value={values.targetId}
          onChange={set('targetId')}
          error={errors.targetId}
          spellCheck={false}
        />
        <TextInput
          id="audit-from"
          name="from"
          type="date"
          label="From"
          value={values.from}
          onChange={set('from')}
          error={errors.from}
        />
        <TextInput
          id="audit-to"
          name="to"
          type="date"
          label="To"
          value={values.to}
          onChange={set('to')}
          error={errors.to}
        />
        <div className="govuk-button-group">
          <Button type="submit" variant="secondary">
            Filter
          </Button>
          {filtered ? (
            <Button variant="secondary" onClick={onClear}>
              Clear filters
            </Button>
          ) : null}
        </div>
      </form>
      {audit.isPending ? (
        <LoadingState label="Loading the audit log…" />
      ) : audit.isError ? (
        <ErrorState message={errorMessage(audit.error)} onRetry={() => void audit.refetch()} />
      ) : entries.length === 0 ? (
        <p className="govuk-body app-empty">
          {filtered ? 'No entries match these filters' : 'Nothing has been recorded yet'}
        </p>
      ) : (
        <>
          <AuditTable entries={entries} />
          {audit.hasNextPage ? (
            <Button
              variant="secondary"
              busy={audit.isFetchingNextPage}
              onClick={() => void audit.fetchNextPage()}
            >
              {audit.isFetchingNextPage ? 'Loading…' : 'Load more entries'}
            </Button>
          ) : null}
        </>
      )}
    </>
  );
}
