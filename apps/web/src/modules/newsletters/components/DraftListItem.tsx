import { Link } from 'react-router';
import type { NewsletterSummary } from '@contracts';
import { formatDateTime } from '@web/lib/format';
import { Tag } from '@web/ui/Tag';
import { editPath } from '../newsletter-labels';
import { StatusTag } from './StatusTag';

export interface DraftListItemProps {
  issue: NewsletterSummary;
}

/** One row of the editors' lists: title (a link to its editor), status, author, last change. */
export function DraftListItem({ issue }: DraftListItemProps) {
  return (
    <li className="app-newsletter-item" data-testid={`newsletter-${issue.id}`}>
      <h3 className="govuk-heading-s app-newsletter-item__title">
        <Link className="govuk-link" to={editPath(issue.id)}>
          {issue.title || 'Untitled issue'}
        </Link>
      </h3>
      <div className="app-newsletter-item__meta">
        <StatusTag status={issue.status} />
        {issue.public ? null : <Tag colour="yellow">Members only</Tag>}
      </div>
      <p className="govuk-body-s app-secondary-text govuk-!-margin-bottom-0">
        By {issue.authorName} · Last updated{' '}
        <time dateTime={issue.updatedAt}>{formatDateTime(issue.updatedAt)}</time>
        {issue.status === 'scheduled' && issue.publishAt ? (
          <>
            {' '}
            · Publishes <time dateTime={issue.publishAt}>{formatDateTime(issue.publishAt)}</time>
          </>
        ) : null}
        {issue.status === 'published' && issue.publishedAt ? (
          <>
            {' '}
            · Published{' '}
            <time dateTime={issue.publishedAt}>{formatDateTime(issue.publishedAt)}</time>
          </>
        ) : null}
      </p>
    </li>
  );
}
