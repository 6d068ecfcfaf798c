import type { LibraryDocument } from '@contracts';
import { formatDateTime } from '@web/lib/format';
import { SummaryList, type SummaryListRow } from '@web/ui/SummaryList';
import { Tag } from '@web/ui/Tag';

export interface ReviewFindingsProps {
  document: LibraryDocument;
}

/** What the inspection found (markings, and where), and any decision already taken. */
export function ReviewFindings({ document }: ReviewFindingsProps) {
  const review = document.review;
  if (!review) return null;
  const rows: SummaryListRow[] = [
    {
      key: 'Markings found',
      value:
        review.markingsFound.length > 0 ? (
          <ul className="app-tag-list" aria-label="Markings found">
            {review.markingsFound.map((marking) => (
              <li key={marking}>
                <Tag colour="red">{marking}</Tag>
              </li>
            ))}
          </ul>
        ) : (
          'None'
        ),
    },
  ];
  // The API adds why a file could not be read through as `not fully inspected: …`.
  const notInspected = /^not fully inspected:\s*/i;
  const places = review.foundIn.filter((entry) => !notInspected.test(entry));
  const incomplete = review.foundIn
    .filter((entry) => notInspected.test(entry))
    .map((entry) => entry.replace(notInspected, ''));
  if (places.length > 0) {
    rows.push({ key: 'Found in', value: places.join(', ') });
  }
  if (incomplete.length > 0) {
    rows.push({
      key: 'Not fully inspected',
      value: <span className="app-preserve-lines">{incomplete.join('\n')}</span>,
    });
  }
  rows.push({ key: 'Declared marking', value: document.marking });
  if (review.decision) {
    rows.push({
      key: review.decision === 'rejected' ? 'Rejected by' : 'Approved by',
      value: (
        <>
          {review.reviewerName ?? 'A moderator'}
          {review.reviewedAt ? (
            <>
              , <time dateTime={review.reviewedAt}>{formatDateTime(review.reviewedAt)}</time>
            </>
          ) : null}
        </>
      ),
    });
  }
  if (review.reason) {
    rows.push({
      key: review.decision === 'rejected' ? 'Reason' : 'Note',
      value: <span className="app-preserve-lines">{review.reason}</span>,
    });
  }
  return <SummaryList rows={rows} />;
}
