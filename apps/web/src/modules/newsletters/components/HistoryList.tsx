import type { NewsletterHistoryEntry } from '@contracts';
import { formatDateTime } from '@web/lib/format';
import { HISTORY_LABELS } from '../newsletter-labels';

export interface HistoryListProps {
  history: readonly NewsletterHistoryEntry[];
}

/** Who did what to an issue, and when, oldest first. */
export function HistoryList({ history }: HistoryListProps) {
  if (history.length === 0) return null;
  return (
    <section className="app-history" aria-labelledby="newsletter-history-heading">
      <h2 className="govuk-heading-m" id="newsletter-history-heading">
        History
      </h2>
      <ol className="govuk-list">
        {history.map((entry, index) => (
          <li className="app-history__item" key={`${entry.at}-${entry.action}-${index}`}>
            <p className="govuk-body govuk-!-font-weight-bold">{HISTORY_LABELS[entry.action]}</p>
            <p className="govuk-body-s app-secondary-text">
              {entry.actorName ?? 'Automatically'} ·{' '}
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
            </p>
            {entry.comment ? (
              <p className="govuk-body app-history__comment">{entry.comment}</p>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
