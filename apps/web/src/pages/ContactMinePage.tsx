import { Link, useParams } from 'react-router';
import { errorMessage, isApiError } from '@web/lib/api';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { usePageTitle } from '@web/lib/use-page-title';
import { downloadMyAttachment, sendMyReply } from '@web/modules/contact/api/contact-api';
import { SenderThreadView } from '@web/modules/contact/components/SenderThreadView';
import { appendMessage, useMyThread } from '@web/modules/contact/hooks/use-contact';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import '@web/modules/contact/contact.css';

/** `/contact/mine/:reference`: a signed-in member's own conversation with the contact point. */
export function ContactMinePage() {
  const { reference = '' } = useParams();
  const thread = useMyThread(reference);
  const missing = thread.isError && isApiError(thread.error) && thread.error.status === 404;
  usePageTitle(missing ? 'Message not found' : (thread.data?.subject ?? 'Your message'));

  const back = (
    <Link className="govuk-back-link" to="/contact">
      Contact us
    </Link>
  );

  if (thread.isPending) {
    return (
      <>
        {back}
        <LoadingState label="Loading your conversation…" />
      </>
    );
  }
  if (thread.isError) {
    return (
      <>
        {back}
        {missing ? (
          <>
            <h1 className="govuk-heading-l">Message not found</h1>
            <p className="govuk-body">
              You have no message with the reference {reference}.{' '}
              <Link className="govuk-link" to="/contact">
                See your messages
              </Link>
              .
            </p>
          </>
        ) : (
          <>
            <h1 className="govuk-heading-l">Your message to the contact point</h1>
            <ErrorState
              message={errorMessage(thread.error)}
              onRetry={() => void thread.refetch()}
            />
          </>
        )}
      </>
    );
  }

  const key = queryKeys.contactMineThread(reference);
  return (
    <>
      {back}
      <SenderThreadView
        thread={thread.data}
        download={(attachment) => downloadMyAttachment(reference, attachment.id)}
        onSend={(body, files, options) =>
          sendMyReply(reference, body, files, options).then((message) => {
            appendMessage(key, message);
            void queryClient.invalidateQueries({ queryKey: key });
            void queryClient.invalidateQueries({ queryKey: queryKeys.contactMine });
            return message;
          })
        }
      />
    </>
  );
}
