import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorMessage, isApiError } from '@web/lib/api';
import { useAuth } from '@web/lib/auth-store';
import { formatDateTime } from '@web/lib/format';
import { usePageTitle } from '@web/lib/use-page-title';
import { Conversation } from '@web/modules/contact/components/Conversation';
import { categoryLabel, statusTag } from '@web/modules/contact/contact-labels';
import { downloadInboxAttachment } from '@web/modules/inbox/api/inbox-api';
import { OfficerReplyForm } from '@web/modules/inbox/components/OfficerReplyForm';
import { PresenceBanner } from '@web/modules/inbox/components/PresenceBanner';
import { ThreadControls } from '@web/modules/inbox/components/ThreadControls';
import { useInboxThread } from '@web/modules/inbox/hooks/use-inbox';
import { usePresence } from '@web/modules/inbox/hooks/use-presence';
import { formatDuration } from '@web/modules/inbox/inbox-labels';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import { SummaryList } from '@web/ui/SummaryList';
import { Tag } from '@web/ui/Tag';
import '@web/modules/contact/contact.css';
import '@web/modules/inbox/inbox.css';

/**
 * `/inbox/:id` (contact officers): one conversation with its sender, internal notes among
 * the messages; its status and assignee; who else is on it; and the reply box. Messages and
 * changes arrive live.
 */
export function InboxThreadPage() {
  const { id = '' } = useParams();
  const { user } = useAuth();
  const myUserId = user?.id ?? '';
  const thread = useInboxThread(id);
  const [replying, setReplying] = useState(false);
  const others = usePresence(id, replying ? 'replying' : 'viewing', myUserId);
  const missing = thread.isError && isApiError(thread.error) && thread.error.status < 500;
  usePageTitle(
    missing
      ? 'Conversation not found'
      : thread.data
        ? `${thread.data.reference}: ${thread.data.subject}`
        : 'Conversation',
  );

  const back = (
    <Link className="govuk-back-link" to="/inbox">
      Inbox
    </Link>
  );

  if (thread.isPending) {
    return (
      <>
        {back}
        <LoadingState label="Loading the conversation…" />
      </>
    );
  }
  if (thread.isError) {
    return (
      <>
        {back}
        {missing ? (
          <>
            <h1 className="govuk-heading-l">Conversation not found</h1>
            <p className="govuk-body">
              It may have been deleted, or the address is wrong.{' '}
              <Link className="govuk-link" to="/inbox">
                Go to the inbox
              </Link>
              .
            </p>
          </>
        ) : (
          <>
            <h1 className="govuk-heading-l">Conversation</h1>
            <ErrorState
              message={errorMessage(thread.error)}
              onRetry={() => void thread.refetch()}
            />
          </>
        )}
      </>
    );
  }

  const data = thread.data;
  const tag = statusTag(data.status, 'officer');
  const notes = data.messages.filter((message) => message.internal).length;
  const unchecked = data.messages.filter((message) => message.authentication?.failed).length;

  return (
    <>
      {back}
      <span className="govuk-caption-l">{data.reference}</span>
      <h1 className="govuk-heading-l app-break">{data.subject}</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m" id="conversation-heading">
            Conversation
            <span className="govuk-caption-m">
              {data.messages.length} {data.messages.length === 1 ? 'message' : 'messages'}
              {notes > 0
                ? `, ${notes} of them ${notes === 1 ? 'an internal note' : 'internal notes'}`
                : ''}
            </span>
          </h2>
          {unchecked > 0 ? (
            <div className="govuk-warning-text" data-testid="thread-sender-check-failed">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                {unchecked === 1
                  ? 'One email in this conversation failed the sender checks (SPF, DKIM, DMARC)'
                  : `${unchecked} emails in this conversation failed the sender checks (SPF, DKIM, DMARC)`}
                : its sender may be forged. Do not send files or personal details on its word alone.
              </strong>
            </div>
          ) : null}
          <Conversation
            messages={data.messages}
            view="officer"
            download={(attachment) => downloadInboxAttachment(attachment.id)}
            labelledBy="conversation-heading"
          />
          <PresenceBanner officers={others} />
          <OfficerReplyForm
            threadId={data.id}
            senderName={data.senderName}
            senderEmail={data.senderEmail}
            onReplyingChange={setReplying}
          />
        </div>
        <div className="govuk-grid-column-one-third">
          <h2 className="govuk-heading-m">Details</h2>
          <SummaryList
            rows={[
              {
                key: 'From',
                value: (
                  <span className="app-break">
                    {data.senderName}
                    <br />
                    <a className="govuk-link" href={`mailto:${data.senderEmail}`}>
                      {data.senderEmail}
                    </a>
                    {data.senderOrganisation ? (
                      <>
                        <br />
                        {data.senderOrganisation}
                      </>
                    ) : null}
                    {data.userId ? (
                      <>
                        <br />
                        <Link
                          className="govuk-link"
                          to={`/members/${encodeURIComponent(data.userId)}`}
                        >
                          Member profile
                        </Link>
                      </>
                    ) : null}
                  </span>
                ),
              },
              { key: 'Category', value: categoryLabel(data.category) },
              { key: 'Status', value: <Tag colour={tag.colour}>{tag.label}</Tag> },
              {
                key: 'Assigned to',
                value:
                  data.assigneeId === null
                    ? 'Nobody'
                    : data.assigneeId === myUserId
                      ? 'You'
                      : (data.assigneeName ?? 'Another officer'),
              },
              { key: 'Received', value: formatDateTime(data.createdAt) },
              {
                key: 'First response',
                value:
                  data.firstResponseSeconds === null
                    ? 'Not yet answered'
                    : `After ${formatDuration(data.firstResponseSeconds)}`,
              },
            ]}
          />
          <ThreadControls
            key={`${data.status}:${data.assigneeId ?? ''}`}
            thread={data}
            myUserId={myUserId}
          />
        </div>
      </div>
    </>
  );
}
