import { useParams, useSearchParams } from 'react-router';
import { errorMessage, isApiError } from '@web/lib/api';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { usePageTitle } from '@web/lib/use-page-title';
import { downloadTrackedAttachment, sendTrackedReply } from '@web/modules/contact/api/contact-api';
import { BAD_LINK_TITLE, BadLink, NO_KEY_TITLE } from '@web/modules/contact/components/BadLink';
import { SenderThreadView } from '@web/modules/contact/components/SenderThreadView';
import { appendMessage, useTrackedThread } from '@web/modules/contact/hooks/use-contact';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import '@web/modules/contact/contact.css';

/**
 * `/contact/track/:reference?token=`: a conversation with the contact point through the
 * private link of its receipt and emails (no account needed), and the sender's reply box.
 */
export function ContactTrackPage() {
  const { reference = '' } = useParams();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const thread = useTrackedThread(reference, token);
  const noKey = !token;
  const bad =
    noKey ||
    !reference ||
    (thread.isError &&
      isApiError(thread.error) &&
      thread.error.status >= 400 &&
      thread.error.status < 500);
  usePageTitle(
    noKey ? NO_KEY_TITLE : bad ? BAD_LINK_TITLE : (thread.data?.subject ?? 'Your message'),
  );

  if (bad) return <BadLink noKey={noKey} />;
  if (thread.isPending) return <LoadingState label="Loading your conversation…" />;
  if (thread.isError) {
    return (
      <>
        <h1 className="govuk-heading-l">Your message to the contact point</h1>
        <ErrorState message={errorMessage(thread.error)} onRetry={() => void thread.refetch()} />
      </>
    );
  }

  const key = queryKeys.contactTracked(reference, token);
  return (
    <SenderThreadView
      thread={thread.data}
      download={(attachment) => downloadTrackedAttachment(reference, token, attachment.id)}
      onSend={(body, files, options) =>
        sendTrackedReply(reference, token, body, files, options).then((message) => {
          appendMessage(key, message);
          void queryClient.invalidateQueries({ queryKey: key });
          return message;
        })
      }
      note={
        <p className="govuk-body">
          Keep the link to this page to come back to it. Anyone who has the link can read the
          conversation, so do not share it.
        </p>
      }
    />
  );
}
