import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import { CannedReplyForm } from '@web/modules/inbox/components/CannedReplyForm';
import { CannedReplyItem } from '@web/modules/inbox/components/CannedReplyItem';
import { useCannedReplies } from '@web/modules/inbox/hooks/use-inbox';
import { ErrorState } from '@web/ui/ErrorState';
import { LoadingState } from '@web/ui/LoadingState';
import { NotificationBanner } from '@web/ui/NotificationBanner';
import '@web/modules/inbox/inbox.css';

interface Done {
  id: number;
  message: string;
}

/** `/inbox/canned-replies` (contact officers): the team's ready-made replies. */
export function InboxCannedRepliesPage() {
  const canned = useCannedReplies();
  const [done, setDone] = useState<Done | null>(null);
  const bannerRef = useRef<HTMLDivElement>(null);
  usePageTitle('Canned replies');

  useEffect(() => {
    if (done) bannerRef.current?.focus();
  }, [done]);

  const said = (message: string) => setDone((old) => ({ id: (old?.id ?? 0) + 1, message }));

  let list;
  if (canned.isPending) {
    list = <LoadingState label="Loading canned replies…" />;
  } else if (canned.isError) {
    list = (
      <ErrorState message={errorMessage(canned.error)} onRetry={() => void canned.refetch()} />
    );
  } else if (canned.data.length === 0) {
    list = <p className="govuk-body">There are no canned replies yet. Add the first one below.</p>;
  } else {
    list = (
      <ul className="app-canned-list" aria-labelledby="canned-heading">
        {canned.data.map((reply) => (
          <CannedReplyItem key={reply.id} reply={reply} onChanged={said} />
        ))}
      </ul>
    );
  }

  return (
    <>
      <Link className="govuk-back-link" to="/inbox">
        Inbox
      </Link>
      {done ? (
        <NotificationBanner type="success" id="canned-done" ref={bannerRef} key={done.id}>
          <p className="govuk-notification-banner__heading">{done.message}</p>
        </NotificationBanner>
      ) : null}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">Inbox</span>
          <h1 className="govuk-heading-l">Canned replies</h1>
          <p className="govuk-body">
            Ready-made text for answers the contact point gives often. Any officer can insert one
            into a reply and change it before sending.
          </p>
          <h2 className="govuk-heading-m" id="canned-heading">
            Replies
          </h2>
          {list}
          <h2 className="govuk-heading-m">Add a canned reply</h2>
          <CannedReplyForm onDone={(saved) => said(`“${saved.title}” has been added.`)} />
        </div>
      </div>
    </>
  );
}
