import { Link } from 'react-router';
import type { NewsletterSummary } from '@contracts';
import { formatDate } from '@web/lib/format';
import { Tag } from '@web/ui/Tag';
import { issuePath } from '../newsletter-labels';
import { TopicTags } from './TopicTags';

export interface NewsletterListItemProps {
  issue: NewsletterSummary;
  topicLabel: (id: string) => string;
}

export function newsletterLinkId(id: string): string {
  return `newsletter-link-${id}`;
}

/** One issue of the archive: its title (a link to read it), date, summary and topics. */
export function NewsletterListItem({ issue, topicLabel }: NewsletterListItemProps) {
  return (
    <li className="app-newsletter-item" data-testid={`newsletter-${issue.id}`}>
      <h3 className="govuk-heading-m app-newsletter-item__title">
        <Link className="govuk-link" to={issuePath(issue.id)} id={newsletterLinkId(issue.id)}>
          {issue.title}
        </Link>
      </h3>
      <div className="app-newsletter-item__meta">
        {issue.publishedAt ? (
          <p className="govuk-body-s app-secondary-text govuk-!-margin-bottom-0">
            Published <time dateTime={issue.publishedAt}>{formatDate(issue.publishedAt)}</time>
          </p>
        ) : null}
        {issue.public ? null : <Tag colour="yellow">Members only</Tag>}
      </div>
      {issue.summary ? (
        <p className="govuk-body app-newsletter-item__summary">{issue.summary}</p>
      ) : null}
      <TopicTags topics={issue.topics} topicLabel={topicLabel} label={`Topics of ${issue.title}`} />
    </li>
  );
}
