import { useState, type FormEvent } from 'react';
import { CONTACT_LIMITS, type CannedReply } from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { Button } from '@web/ui/Button';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { Textarea } from '@web/ui/Textarea';
import { TextInput } from '@web/ui/TextInput';
import { useSaveCannedReply } from '../hooks/use-inbox';

export interface CannedReplyFormProps {
  /** The reply being edited; a new one when absent. */
  reply?: CannedReply;
  onDone: (saved: CannedReply) => void;
  onCancel?: () => void;
}

interface Errors {
  title?: string;
  body?: string;
}

/** Adds or edits a canned reply: a short title to pick it by, and the text it inserts. */
export function CannedReplyForm({ reply, onDone, onCancel }: CannedReplyFormProps) {
  const [title, setTitle] = useState(reply?.title ?? '');
  const [body, setBody] = useState(reply?.body ?? '');
  const [errors, setErrors] = useState<Errors>({});
  const [summary, setSummary] = useState<ErrorSummaryItem[]>([]);
  const save = useSaveCannedReply();
  const prefix = reply ? `canned-${reply.id}` : 'canned-new';

  const show = (found: Errors, other: string[] = []) => {
    setErrors(found);
    setSummary([
      ...(found.title ? [{ fieldId: `${prefix}-title`, text: found.title }] : []),
      ...(found.body ? [{ fieldId: `${prefix}-body`, text: found.body }] : []),
      ...other.map((text) => ({ text })),
    ]);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.isPending) return;
    const found: Errors = {};
    if (!title.trim()) found.title = 'Enter a title';
    else if (title.trim().length > CONTACT_LIMITS.cannedTitle) {
      found.title = `The title must be ${CONTACT_LIMITS.cannedTitle} characters or fewer`;
    }
    if (!body.trim()) found.body = 'Enter the text of the reply';
    else if (body.length > CONTACT_LIMITS.message) {
      found.body = `The text must be ${CONTACT_LIMITS.message.toLocaleString('en-GB')} characters or fewer`;
    }
    show(found);
    if (found.title || found.body) return;
    save.mutate(
      { id: reply?.id ?? null, request: { title: title.trim(), body } },
      {
        onSuccess: (saved) => {
          if (!reply) {
            setTitle('');
            setBody('');
          }
          onDone(saved);
        },
        onError: (error) => {
          if (isApiError(error) && error.fieldErrors.length > 0) {
            show({ title: error.fieldMessage('title'), body: error.fieldMessage('body') });
          } else {
            show({}, [errorMessage(error)]);
          }
        },
      },
    );
  };

  return (
    <form
      noValidate
      onSubmit={onSubmit}
      aria-label={reply ? `Edit ${reply.title}` : 'Add a canned reply'}
    >
      <ErrorSummary items={summary} />
      <TextInput
        id={`${prefix}-title`}
        name="title"
        label="Title"
        hint="Officers pick the reply by this, for example “Thanks, we will reply soon”"
        value={title}
        onChange={setTitle}
        error={errors.title}
      />
      <Textarea
        id={`${prefix}-body`}
        name="body"
        label="Text"
        value={body}
        onChange={setBody}
        error={errors.body}
        rows={6}
      />
      <div className="govuk-button-group">
        <Button type="submit" busy={save.isPending}>
          {reply ? 'Save changes' : 'Add canned reply'}
        </Button>
        {onCancel ? (
          <button type="button" className="app-link-button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
