import { formatDateTime } from '@web/lib/format';
import type { Newsletter } from '@contracts';
import { SummaryList } from '@web/ui/SummaryList';
import { NewsletterBody } from './NewsletterBody';
import { StatusTag } from './StatusTag';
import { TopicTags } from './TopicTags';

export interface IssueOverviewProps {
  issue: Newsletter;
  topicLabel: (id: string) => string;
}

/** An issue past the draft stage, as it stands: it can no longer be changed. */
export function IssueOverview({ issue, topicLabel }: IssueOverviewProps) {
  return (
    <>
      <SummaryList
        rows={[
          { key: 'Status', value: <StatusTag status={issue.status} /> },
          { key: 'Written by', value: issue.authorName },
          {
            key: 'Topics',
            value:
              issue.topics.length > 0 ? (
                <TopicTags topics={issue.topics} topicLabel={topicLabel} label="Topics" />
              ) : (
                'None'
              ),
          },
          { key: 'Who can read it', value: issue.public ? 'Everyone' : 'Members only' },
          {
            key: 'Last changed',
            value: <time dateTime={issue.updatedAt}>{formatDateTime(issue.updatedAt)}</time>,
          },
        ]}
      />
      {issue.summary ? (
        <>
          <h2 className="govuk-heading-m">Summary</h2>
          <p className="govuk-body app-preserve-lines">{issue.summary}</p>
        </>
      ) : null}
      <h2 className="govuk-heading-m">Text</h2>
      <div className="app-newsletter-preview">
        {issue.body.trim() ? (
          <NewsletterBody html={issue.html} />
        ) : (
          <p className="govuk-body app-secondary-text">This issue has no text.</p>
        )}
      </div>
    </>
  );
}
