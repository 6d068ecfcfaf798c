import { useState, type FormEvent } from 'react';
import { CONTACT_LIMITS, type TrackedMessage } from '@contracts';
import { announce } from '@web/lib/announcer';
import { Button } from '@web/ui/Button';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { Textarea } from '@web/ui/Textarea';
import type { SendOptions } from '../api/contact-request';
import { isAbortError } from '../api/contact-request';
import { checkAttachments } from '../attachments';
import { sendFailure } from '../contact-errors';
import { useSend } from '../hooks/use-send';
import { AttachmentsField } from './AttachmentsField';
import { SendProgress } from './SendProgress';

export interface SenderReplyFormProps {
  /** Sends the reply; resolves with the new message. */
  onSend: (body: string, files: File[], options: SendOptions) => Promise<TrackedMessage>;
  /** A closed conversation can still be answered (it opens again). */
  closed: boolean;
}

const BODY_ID = 'reply-body';
const FILES_ID = 'reply-files';

/** The sender's reply to the contact point, with optional files. */
export function SenderReplyForm({ onSend, closed }: SenderReplyFormProps) {
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<{ body?: string; files?: string }>({});
  const [summary, setSummary] = useState<ErrorSummaryItem[]>([]);
  const [sent, setSent] = useState(false);
  const send = useSend();

  const show = (found: { body?: string; files?: string }, other: string[] = []) => {
    setErrors(found);
    setSummary([
      ...(found.body ? [{ fieldId: BODY_ID, text: found.body }] : []),
      ...(found.files ? [{ fieldId: FILES_ID, text: found.files }] : []),
      ...other.map((text) => ({ text })),
    ]);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (send.busy) return;
    setSent(false);
    const found: { body?: string; files?: string } = {};
    if (!body.trim()) found.body = 'Enter your reply';
    else if (body.length > CONTACT_LIMITS.message) {
      found.body = `Your reply must be ${CONTACT_LIMITS.message.toLocaleString('en-GB')} characters or fewer`;
    }
    const fileError = checkAttachments(files);
    if (fileError) found.files = fileError;
    show(found);
    if (found.body || found.files) return;
    send
      .run((options) => onSend(body, files, options), files.length > 0)
      .then(() => {
        setBody('');
        setFiles([]);
        setSent(true);
        announce('Your reply has been sent.');
      })
      .catch((error: unknown) => {
        if (isAbortError(error)) return;
        const failure = sendFailure(error, 'reply');
        show({ body: failure.fields.body, files: failure.fields.files }, [
          ...failure.other,
          ...Object.entries(failure.fields)
            .filter(([field]) => field !== 'body' && field !== 'files')
            .map(([, text]) => text),
        ]);
      });
  };

  return (
    <form noValidate onSubmit={onSubmit} className="app-reply-form" aria-labelledby="reply-heading">
      <h2 className="govuk-heading-m" id="reply-heading">
        Reply
      </h2>
      <ErrorSummary items={summary} />
      {closed ? (
        <p className="govuk-body">
          This conversation is closed. If you reply, it opens again and the contact point is told.
        </p>
      ) : null}
      <Textarea
        id={BODY_ID}
        name="body"
        label="Your reply"
        value={body}
        onChange={(value) => {
          setBody(value);
          setSent(false);
        }}
        error={errors.body}
        rows={6}
        maxLength={CONTACT_LIMITS.message}
      />
      <AttachmentsField
        id={FILES_ID}
        label="Attach files (optional)"
        files={files}
        onChange={(next) => {
          setFiles(next);
          setSent(false);
        }}
        error={errors.files}
        disabled={send.busy}
      />
      <SendProgress id="reply-progress" progress={send.progress} />
      <Button type="submit" busy={send.busy}>
        {send.busy ? 'Sending…' : 'Send reply'}
      </Button>
      <p className="govuk-body app-inline-status">{sent ? 'Your reply has been sent.' : ''}</p>
    </form>
  );
}
