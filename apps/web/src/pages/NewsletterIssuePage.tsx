import { Link, useParams } from 'react-router';
import { errorMessage, isApiError } from '@web/lib/api';
import { hasRole, useAuth } from '@web/lib/auth-store';
import { formatDate } from '@web/lib/format';
import { usePageTitle } from '@web/lib/use-page-title';
import { NewsletterBody } from '@web/modules/newsletters/components/NewsletterBody';
import { StatusTag } from '@web/modules/newsletters/components/StatusTag';
import { TopicTags } from '@web/modules/newsletters/components/TopicTags';
import { useNewsletter } from '@web/modules/newsletters/hooks/use-newsletters';
import { editPath } from '@web/modules/newsletters/newsletter-labels';
import { useTaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { ErrorState } from '@web/ui/ErrorState';
import { InsetText } from '@web/ui/InsetText';
import { LoadingState } from '@web/ui/LoadingState';
import { Tag } from '@web/ui/Tag';

interface NewsletterIssueViewProps {
  id: string;
}

function NewsletterIssueView({ id }: NewsletterIssueViewProps) {
  const { user } = useAuth();
  const issue = useNewsletter(id);
  const taxonomy = useTaxonomyLabels();
  const data = issue.data;
  // A malformed id is refused with a 400 naming `id`: to the reader it is a missing page too.
  const notFound =
    !data &&
    isApiError(issue.error) &&
    (issue.error.status === 404 ||
      (issue.error.status === 400 && issue.error.fieldMessage('id') !== undefined));
  const heading = data?.title ?? (notFound ? 'Issue not found' : 'Newsletter issue');
  usePageTitle(heading);
  const editor = user?.status === 'approved' && hasRole(user, 'editor');

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/newsletters">
          Newsletter
        </Link>
        {data && editor && data.status !== 'published' ? (
          <InsetText>
            <p className="govuk-body">
              <StatusTag status={data.status} />
            </p>
            <p className="govuk-body">
              This issue has not been published: only editors can see it.
            </p>
            <p className="govuk-body">
              <Link className="govuk-link" to={editPath(data.id)}>
                {data.status === 'draft' ? 'Edit this issue' : 'Go to the clearance of this issue'}
              </Link>
            </p>
          </InsetText>
        ) : null}
        <h1 className="govuk-heading-l app-newsletter-title">{heading}</h1>
        {data ? (
          <>
            <div className="app-newsletter-meta">
              {data.publishedAt ? (
                <p className="govuk-body app-secondary-text">
                  Published <time dateTime={data.publishedAt}>{formatDate(data.publishedAt)}</time>
                </p>
              ) : null}
              {data.public ? null : <Tag colour="yellow">Members only</Tag>}
            </div>
            <TopicTags
              topics={data.topics}
              topicLabel={taxonomy.topicLabel}
              label="Topics of this issue"
            />
            {data.summary ? (
              <p className="govuk-body-l govuk-!-margin-top-6 app-break">{data.summary}</p>
            ) : null}
            <NewsletterBody html={data.html} />
            {editor && data.status === 'published' ? (
              <p className="govuk-body">
                <Link className="govuk-link" to={editPath(data.id)}>
                  History and email delivery of this issue
                </Link>
              </p>
            ) : null}
          </>
        ) : issue.isPending ? (
          <LoadingState label="Loading the issue…" />
        ) : notFound ? (
          <>
            <p className="govuk-body">
              There is no issue at this address. The link may be wrong, or the issue may have been
              withdrawn.
            </p>
            {user ? null : (
              <p className="govuk-body">
                Some issues are for members only.{' '}
                <Link
                  className="govuk-link"
                  to="/sign-in"
                  state={{ from: `/newsletters/${encodeURIComponent(id)}` }}
                >
                  Sign in
                </Link>{' '}
                to read them.
              </p>
            )}
            <p className="govuk-body">
              <Link className="govuk-link" to="/newsletters">
                Go to the newsletter archive
              </Link>
            </p>
          </>
        ) : (
          <ErrorState message={errorMessage(issue.error)} onRetry={() => void issue.refetch()} />
        )}
      </div>
    </div>
  );
}

/** `/newsletters/:id`: one issue, as its readers get it. */
export function NewsletterIssuePage() {
  const { id = '' } = useParams();
  return <NewsletterIssueView key={id} id={id} />;
}
