import type { ReactNode } from 'react';

export interface SummaryListRow {
  key: string;
  value: ReactNode;
}

export interface SummaryListProps {
  rows: readonly SummaryListRow[];
  noBorder?: boolean;
}

export function SummaryList({ rows, noBorder }: SummaryListProps) {
  return (
    <dl className={`govuk-summary-list${noBorder ? ' govuk-summary-list--no-border' : ''}`}>
      {rows.map((row) => (
        <div className="govuk-summary-list__row" key={row.key}>
          <dt className="govuk-summary-list__key">{row.key}</dt>
          <dd className="govuk-summary-list__value">{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
