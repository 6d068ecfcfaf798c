import { Link } from 'react-router';
import type { ThreadSummary } from '@contracts';
import { formatDateTime } from '@web/lib/format';
import { categoryLabel, statusTag } from '@web/modules/contact/contact-labels';
import { Tag } from '@web/ui/Tag';
import { formatAge, formatDuration, threadPath } from '../inbox-labels';

export interface ThreadTableProps {
  threads: readonly ThreadSummary[];
  caption: string;
  now: number;
  myUserId: string;
  /** The list is being replaced (new filters): shown dimmed and busy. */
  stale?: boolean;
}

/** The inbox's conversations: what, from whom, where they stand and how long they waited. */
export function ThreadTable({ threads, caption, now, myUserId, stale }: ThreadTableProps) {
  return (
    <div className="app-table-scroll" role="region" aria-labelledby="inbox-caption" tabIndex={0}>
      <table
        className={`govuk-table app-inbox-table${stale ? ' app-inbox-table--stale' : ''}`}
        aria-busy={stale || undefined}
      >
        <caption className="govuk-table__caption govuk-visually-hidden" id="inbox-caption">
          {caption}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Conversation
            </th>
            <th scope="col" className="govuk-table__header">
              From
            </th>
            <th scope="col" className="govuk-table__header">
              Category
            </th>
            <th scope="col" className="govuk-table__header">
              Status
            </th>
            <th scope="col" className="govuk-table__header">
              Assigned to
            </th>
            <th scope="col" className="govuk-table__header">
              Received
            </th>
            <th scope="col" className="govuk-table__header">
              First response
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {threads.map((thread) => {
            const tag = statusTag(thread.status, 'officer');
            return (
              <tr
                className="govuk-table__row"
                key={thread.id}
                data-testid="inbox-row"
                data-reference={thread.reference}
              >
                <td className="govuk-table__cell app-inbox-table__subject">
                  <span className="govuk-body-s app-secondary-text app-inbox-table__reference">
                    {thread.reference}
                  </span>
                  <Link className="govuk-link app-break" to={threadPath(thread.id)}>
                    {thread.subject}
                  </Link>
                  <span className="govuk-body-s app-secondary-text app-inbox-table__count">
                    {thread.messageCount} {thread.messageCount === 1 ? 'message' : 'messages'}
                  </span>
                </td>
                <td className="govuk-table__cell app-break">
                  {thread.senderName}
                  {thread.senderOrganisation ? (
                    <span className="govuk-body-s app-secondary-text app-inbox-table__org">
                      {thread.senderOrganisation}
                    </span>
                  ) : null}
                </td>
                <td className="govuk-table__cell">{categoryLabel(thread.category)}</td>
                <td className="govuk-table__cell">
                  <Tag colour={tag.colour}>{tag.label}</Tag>
                </td>
                <td className="govuk-table__cell">
                  {thread.assigneeId === null ? (
                    <span className="app-secondary-text">Nobody</span>
                  ) : thread.assigneeId === myUserId ? (
                    'You'
                  ) : (
                    (thread.assigneeName ?? 'Another officer')
                  )}
                </td>
                <td className="govuk-table__cell">
                  <time dateTime={thread.createdAt} title={formatDateTime(thread.createdAt)}>
                    {formatAge(thread.createdAt, now)}
                  </time>
                </td>
                <td className="govuk-table__cell">
                  {thread.firstResponseSeconds !== null ? (
                    formatDuration(thread.firstResponseSeconds)
                  ) : (
                    <span className="app-secondary-text">Not yet answered</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
