import { useState } from 'react';
import type { InboxAttachment, MailAuthentication, TrackedMessage } from '@contracts';
import { errorMessage, type DownloadedFile } from '@web/lib/api';
import { saveBlob } from '@web/lib/download';
import { formatDateTime } from '@web/lib/format';
import { ErrorMessage } from '@web/ui/FieldParts';
import { formatBytes } from '../attachments';

/** A message as either side sees it; officers also see internal notes and sender checks. */
export type ConversationMessage = TrackedMessage & {
  internal?: boolean;
  authentication?: MailAuthentication | null;
};

/** "SPF fail, DKIM none, DMARC fail". */
export function checksText(checks: MailAuthentication): string {
  return `SPF ${checks.spf}, DKIM ${checks.dkim}, DMARC ${checks.dmarc}`;
}

export interface ConversationProps {
  messages: readonly ConversationMessage[];
  /** Whose page this is: "You" is the sender on theirs; officers see names and notes. */
  view: 'sender' | 'officer';
  /**
   * Fetches an attachment (the link needs a token or the bearer token); without it the files
   * are named but cannot be downloaded here.
   */
  download?: (attachment: InboxAttachment) => Promise<DownloadedFile>;
  /** The id of the heading that names the list. */
  labelledBy: string;
}

interface AttachmentLinkProps {
  attachment: InboxAttachment;
  download: NonNullable<ConversationProps['download']>;
}

function AttachmentLink({ attachment, download }: AttachmentLinkProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorId = `attachment-${attachment.id}-error`;
  const onClick = () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    download(attachment)
      .then(({ blob, filename }) => saveBlob(blob, filename ?? attachment.fileName))
      .catch((failure: unknown) => setError(errorMessage(failure)))
      .finally(() => setBusy(false));
  };
  return (
    <li>
      <button
        type="button"
        className="app-link-button app-break"
        onClick={onClick}
        aria-disabled={busy || undefined}
        aria-describedby={error ? errorId : undefined}
      >
        {attachment.fileName}
      </button>{' '}
      <span className="govuk-body-s app-secondary-text">
        ({formatBytes(attachment.size)}){busy ? ' Downloading…' : ''}
      </span>
      {error ? (
        <ErrorMessage id={errorId}>Could not download the file. {error}</ErrorMessage>
      ) : null}
    </li>
  );
}

function authorOf(message: ConversationMessage, view: ConversationProps['view']): string {
  if (view === 'sender') {
    return message.from === 'sender'
      ? 'You'
      : `${message.authorName || 'The contact point'} (OCVRN contact point)`;
  }
  return message.from === 'sender'
    ? `${message.authorName} (sender)`
    : `${message.authorName || 'A contact officer'}`;
}

/**
 * The messages of a conversation, oldest first. Bodies are plain text kept as written
 * (line breaks shown, never read as HTML). Internal notes look different and say so.
 */
export function Conversation({ messages, view, download, labelledBy }: ConversationProps) {
  return (
    <ol className="app-conversation" aria-labelledby={labelledBy}>
      {messages.map((message) => {
        const note = message.internal === true;
        const side = note ? 'note' : message.from;
        return (
          <li
            key={message.id}
            className={`app-message app-message--${side}`}
            data-testid="message"
            data-message-id={message.id}
          >
            <article aria-labelledby={`message-${message.id}-author`}>
              <header className="app-message__header">
                {note ? (
                  <p className="app-message__note-label">
                    <strong className="govuk-tag govuk-tag--yellow">
                      Internal note — not sent
                    </strong>
                  </p>
                ) : null}
                <h3
                  className="govuk-heading-s app-message__author"
                  id={`message-${message.id}-author`}
                >
                  {authorOf(message, view)}
                </h3>
                <p className="govuk-body-s app-message__meta">
                  <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
                  {message.via === 'email' ? ' · by email' : ''}
                  {view === 'officer' && !note && message.from === 'officer'
                    ? ' · reply sent to the sender'
                    : ''}
                </p>
              </header>
              {view === 'officer' && message.authentication?.failed ? (
                <div className="govuk-warning-text" data-testid="sender-check-failed">
                  <span className="govuk-warning-text__icon" aria-hidden="true">
                    !
                  </span>
                  <strong className="govuk-warning-text__text">
                    <span className="govuk-visually-hidden">Warning</span>
                    This email failed the sender checks ({checksText(message.authentication)}). It
                    may not come from the address it shows: check with the sender another way before
                    acting on it.
                  </strong>
                </div>
              ) : null}
              <div className="govuk-body app-message__body">{message.body}</div>
              {message.attachments.length > 0 ? (
                <div className="app-message__attachments">
                  <h4 className="govuk-heading-s govuk-!-margin-bottom-1">
                    {message.attachments.length === 1 ? 'Attached file' : 'Attached files'}
                  </h4>
                  <ul className="govuk-list">
                    {message.attachments.map((attachment) =>
                      download ? (
                        <AttachmentLink
                          key={attachment.id}
                          attachment={attachment}
                          download={download}
                        />
                      ) : (
                        <li key={attachment.id} className="app-break">
                          {attachment.fileName}{' '}
                          <span className="govuk-body-s app-secondary-text">
                            ({formatBytes(attachment.size)})
                          </span>
                        </li>
                      ),
                    )}
                  </ul>
                </div>
              ) : null}
            </article>
          </li>
        );
      })}
    </ol>
  );
}
