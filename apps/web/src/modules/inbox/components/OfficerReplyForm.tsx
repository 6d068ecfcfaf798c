import { useEffect, useRef, useState, type FormEvent } from 'react';
import { CONTACT_LIMITS, type CannedReply } from '@contracts';
import { announce } from '@web/lib/announcer';
import { errorMessage } from '@web/lib/api';
import { ErrorMessage } from '@web/ui/FieldParts';
import { usePostOfficerMessage } from '../hooks/use-inbox';
import { CannedReplyPicker } from './CannedReplyPicker';

export interface OfficerReplyFormProps {
  threadId: string;
  senderName: string;
  senderEmail: string;
  /** True while the box has the focus or holds text (the others see "… is replying"). */
  onReplyingChange: (replying: boolean) => void;
}

const BODY_ID = 'officer-reply';

type Done = { id: number; text: string };

/**
 * The officer's box: "Send reply" emails the sender (and shows on their page); "Add internal
 * note" keeps it among the officers. A canned reply can be inserted where the cursor is.
 */
export function OfficerReplyForm({
  threadId,
  senderName,
  senderEmail,
  onReplyingChange,
}: OfficerReplyFormProps) {
  const [body, setBody] = useState('');
  const [focused, setFocused] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const post = usePostOfficerMessage(threadId);

  const replying = focused || body.trim().length > 0;
  useEffect(() => onReplyingChange(replying), [replying, onReplyingChange]);

  const remaining = CONTACT_LIMITS.message - body.length;

  const submit = (internal: boolean) => {
    if (post.isPending) return;
    setDone(null);
    if (!body.trim()) {
      setError(internal ? 'Enter the note' : 'Enter your reply');
      textarea.current?.focus();
      return;
    }
    if (remaining < 0) {
      setError(
        `The message must be ${CONTACT_LIMITS.message.toLocaleString('en-GB')} characters or fewer`,
      );
      textarea.current?.focus();
      return;
    }
    setError(null);
    post.mutate(
      { body, internal },
      {
        onSuccess: () => {
          setBody('');
          const text = internal
            ? 'Internal note added. It was not sent to the sender.'
            : `Reply sent to ${senderName}.`;
          setDone((old) => ({ id: (old?.id ?? 0) + 1, text }));
          announce(text);
        },
        onError: (failure) => setError(errorMessage(failure)),
      },
    );
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    submit(false);
  };

  const insert = (reply: CannedReply) => {
    const box = textarea.current;
    const start = box ? box.selectionStart : body.length;
    const end = box ? box.selectionEnd : body.length;
    const next = `${body.slice(0, start)}${reply.body}${body.slice(end)}`;
    setBody(next);
    setDone(null);
    announce(`Inserted the canned reply “${reply.title}”.`);
    requestAnimationFrame(() => {
      if (!box) return;
      box.focus();
      const cursor = start + reply.body.length;
      box.setSelectionRange(cursor, cursor);
    });
  };

  const hintId = `${BODY_ID}-hint`;
  const countId = `${BODY_ID}-count`;
  const errorId = `${BODY_ID}-error`;

  return (
    <form
      noValidate
      onSubmit={onSubmit}
      className="app-officer-reply"
      aria-labelledby="officer-reply-heading"
    >
      <h2 className="govuk-heading-m" id="officer-reply-heading">
        Reply or add a note
      </h2>
      <CannedReplyPicker onInsert={insert} disabled={post.isPending} />
      <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label govuk-label--s" htmlFor={BODY_ID}>
          Message
        </label>
        <div className="govuk-hint" id={hintId}>
          A reply is emailed to {senderName} ({senderEmail}) and shows on their page. An internal
          note is only seen by contact officers.
        </div>
        {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
        <textarea
          ref={textarea}
          className={`govuk-textarea${error || remaining < 0 ? ' govuk-textarea--error' : ''}`}
          id={BODY_ID}
          name="body"
          rows={8}
          value={body}
          aria-describedby={[hintId, error ? errorId : null, countId].filter(Boolean).join(' ')}
          aria-invalid={error ? true : undefined}
          onChange={(event) => {
            setBody(event.target.value);
            setDone(null);
          }}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
        />
        <div
          id={countId}
          className={`govuk-hint govuk-character-count__message${remaining < 0 ? ' govuk-error-message' : ''}`}
        >
          {remaining >= 0
            ? `You have ${remaining.toLocaleString('en-GB')} ${remaining === 1 ? 'character' : 'characters'} remaining`
            : `You have ${(-remaining).toLocaleString('en-GB')} ${remaining === -1 ? 'character' : 'characters'} too many`}
        </div>
      </div>
      <div className="govuk-button-group">
        <button
          type="submit"
          className="govuk-button"
          data-module="govuk-button"
          aria-disabled={post.isPending || undefined}
        >
          {post.isPending && !post.variables?.internal ? 'Sending…' : 'Send reply'}
        </button>
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          data-module="govuk-button"
          aria-disabled={post.isPending || undefined}
          onClick={() => submit(true)}
        >
          {post.isPending && post.variables?.internal ? 'Adding…' : 'Add internal note'}
        </button>
      </div>
      {done ? (
        <p className="govuk-body govuk-!-font-weight-bold app-officer-reply__done" key={done.id}>
          {done.text}
        </p>
      ) : null}
    </form>
  );
}
