import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { NewsletterStatus } from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { useAuth } from '@web/lib/auth-store';
import { usePageTitle } from '@web/lib/use-page-title';
import { DeliveryCounts } from '@web/modules/newsletters/components/DeliveryCounts';
import { DraftEditor } from '@web/modules/newsletters/components/DraftEditor';
import { HistoryList } from '@web/modules/newsletters/components/HistoryList';
import { IssueOverview } from '@web/modules/newsletters/components/IssueOverview';
import { WorkflowPanel } from '@web/modules/newsletters/components/WorkflowPanel';
import { useNewsletter } from '@web/modules/newsletters/hooks/use-newsletters';
import { useTaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { ErrorState } from '@web/ui/ErrorState';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { LoadingState } from '@web/ui/LoadingState';
import { NotificationBanner } from '@web/ui/NotificationBanner';
import type { DraftsLocationState } from './NewsletterDraftsPage';

interface Done {
  id: number;
  message: string;
  /** The banner is about this status: gone once someone moves the issue on. */
  status: NewsletterStatus;
}

interface NewsletterEditViewProps {
  id: string;
}

function NewsletterEditView({ id }: NewsletterEditViewProps) {
  const { user } = useAuth();
  const navigate = useNavigate();
  const issue = useNewsletter(id);
  const taxonomy = useTaxonomyLabels();
  const [summary, setSummary] = useState<ErrorSummaryItem[]>([]);
  const [done, setDone] = useState<Done | null>(null);
  const bannerRef = useRef<HTMLDivElement>(null);

  // After a step the button pressed may be gone: the focus goes to what happened.
  useEffect(() => {
    if (done) bannerRef.current?.focus();
  }, [done]);

  const data = issue.data;
  // Someone moved the issue on since the last step here: what that step said no longer holds.
  if (done && data && done.status !== data.status) setDone(null);
  const notFound =
    !data &&
    isApiError(issue.error) &&
    (issue.error.status === 404 ||
      (issue.error.status === 400 && issue.error.fieldMessage('id') !== undefined));
  const heading = data
    ? data.status === 'draft'
      ? 'Edit draft'
      : data.title
    : notFound
      ? 'Issue not found'
      : 'Newsletter issue';
  usePageTitle(heading, summary.length > 0);

  const onDone = (message: string, status: NewsletterStatus) => {
    setSummary([]);
    setDone((old) => ({ id: (old?.id ?? 0) + 1, message, status }));
  };
  const onDeleted = (title: string) => {
    void navigate('/newsletters/drafts', {
      state: { deleted: title } satisfies DraftsLocationState,
    });
  };
  const viewerId = user?.id ?? '';

  let content;
  if (data?.status === 'draft') {
    content = (
      <DraftEditor
        key={data.id}
        issue={data}
        viewerId={viewerId}
        taxonomy={taxonomy}
        onErrors={setSummary}
        onDone={onDone}
        onDeleted={onDeleted}
      />
    );
  } else if (data) {
    content = (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <IssueOverview issue={data} topicLabel={taxonomy.topicLabel} />
        </div>
        <div className="govuk-grid-column-one-third">
          <WorkflowPanel issue={data} viewerId={viewerId} onDone={onDone} onDeleted={onDeleted} />
          {data.delivery ? <DeliveryCounts delivery={data.delivery} /> : null}
          <HistoryList history={data.history ?? []} />
        </div>
      </div>
    );
  } else if (issue.isPending) {
    content = <LoadingState label="Loading the issue…" />;
  } else if (notFound) {
    content = (
      <>
        <p className="govuk-body">There is no issue at this address. It may have been deleted.</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/newsletters/drafts">
            Go to the drafts
          </Link>
        </p>
      </>
    );
  } else {
    content = (
      <ErrorState message={errorMessage(issue.error)} onRetry={() => void issue.refetch()} />
    );
  }

  return (
    <>
      <Link className="govuk-back-link" to="/newsletters/drafts">
        Drafts and clearance
      </Link>
      <ErrorSummary items={summary} />
      {done ? (
        <NotificationBanner type="success" id="newsletter-done" ref={bannerRef} key={done.id}>
          <p className="govuk-notification-banner__heading">{done.message}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">Newsletter issue</span>
      <h1 className="govuk-heading-l app-newsletter-title">{heading}</h1>
      {content}
    </>
  );
}

/** `/newsletters/:id/edit` (editors): a draft's editor, or an issue's clearance and delivery. */
export function NewsletterEditPage() {
  const { id = '' } = useParams();
  return <NewsletterEditView key={id} id={id} />;
}
