import type { AuditEntryResponse } from '@contracts';
import { formatDateTime, humanise } from '@web/lib/format';

export interface AuditTableProps {
  entries: readonly AuditEntryResponse[];
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(describeValue).join(', ') || 'none';
  if (value === null || value === undefined) return 'none';
  return JSON.stringify(value);
}

function describeDetail(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([key, value]) => `${humanise(key)}: ${describeValue(value)}`)
    .join('; ');
}

/** The audit log as a table; scrolls sideways on narrow screens (and can take focus to do so). */
export function AuditTable({ entries }: AuditTableProps) {
  return (
    <div className="app-table-scroll" role="region" aria-labelledby="audit-caption" tabIndex={0}>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m" id="audit-caption">
          Recent actions, latest first
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              When
            </th>
            <th scope="col" className="govuk-table__header">
              Who
            </th>
            <th scope="col" className="govuk-table__header">
              Action
            </th>
            <th scope="col" className="govuk-table__header">
              Target
            </th>
            <th scope="col" className="govuk-table__header">
              Details
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {entries.map((entry) => (
            <tr className="govuk-table__row" key={entry.id}>
              <td className="govuk-table__cell app-nowrap">
                <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
              </td>
              <td className="govuk-table__cell">{entry.actorName ?? entry.actorId ?? 'System'}</td>
              <td className="govuk-table__cell">
                <span title={entry.action}>{humanise(entry.action)}</span>
              </td>
              <td className="govuk-table__cell">
                {humanise(entry.targetType)}
                {entry.targetId ? (
                  <span className="app-secondary-text app-break"> {entry.targetId}</span>
                ) : null}
              </td>
              <td className="govuk-table__cell app-break">{describeDetail(entry.detail ?? {})}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
