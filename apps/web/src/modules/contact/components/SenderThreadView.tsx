import type { ReactNode } from 'react';
import type { InboxAttachment, TrackedMessage, TrackedThread } from '@contracts';
import type { DownloadedFile } from '@web/lib/api';
import { formatDateTime } from '@web/lib/format';
import { SummaryList } from '@web/ui/SummaryList';
import { Tag } from '@web/ui/Tag';
import type { SendOptions } from '../api/contact-request';
import { categoryLabel, statusTag } from '../contact-labels';
import { Conversation } from './Conversation';
import { SenderReplyForm } from './SenderReplyForm';

export interface SenderThreadViewProps {
  thread: TrackedThread;
  /** Downloads an attachment; without it files are only named. */
  download?: (attachment: InboxAttachment) => Promise<DownloadedFile>;
  onSend: (body: string, files: File[], options: SendOptions) => Promise<TrackedMessage>;
  /** Said under the summary (for example how to come back to the page). */
  note?: ReactNode;
}

/** A conversation with the contact point as its sender follows it, and their reply box. */
export function SenderThreadView({ thread, download, onSend, note }: SenderThreadViewProps) {
  const tag = statusTag(thread.status, 'sender');
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">Your message to the contact point</span>
        <h1 className="govuk-heading-l app-break">{thread.subject}</h1>
        <SummaryList
          rows={[
            { key: 'Reference', value: <strong>{thread.reference}</strong> },
            { key: 'About', value: categoryLabel(thread.category) },
            { key: 'Status', value: <Tag colour={tag.colour}>{tag.label}</Tag> },
            { key: 'Sent', value: formatDateTime(thread.createdAt) },
          ]}
        />
        {note}
        <h2 className="govuk-heading-m" id="conversation-heading">
          Conversation
        </h2>
        <Conversation
          messages={thread.messages}
          view="sender"
          download={download}
          labelledBy="conversation-heading"
        />
        <SenderReplyForm onSend={onSend} closed={thread.status === 'closed'} />
      </div>
    </div>
  );
}
