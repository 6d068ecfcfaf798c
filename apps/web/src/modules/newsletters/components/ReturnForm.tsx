import { useEffect, useState, type FormEvent } from 'react';
import { NEWSLETTER_LIMITS } from '@contracts';
import { Button } from '@web/ui/Button';
import { Textarea } from '@web/ui/Textarea';

export interface ReturnFormProps {
  authorName: string;
  busy: boolean;
  serverError?: string;
  onReturn: (comment: string) => void;
  onCancel: () => void;
}

const FIELD_ID = 'newsletter-return-comment';

/** Sending an issue back to its author: a required comment saying what should change. */
export function ReturnForm({ authorName, busy, serverError, onReturn, onCancel }: ReturnFormProps) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    document.getElementById(FIELD_ID)?.focus();
  }, []);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const trimmed = comment.trim();
    const fail = (message: string) => {
      setError(message);
      document.getElementById(FIELD_ID)?.focus();
    };
    if (!trimmed) return fail('Enter what needs to change');
    if (trimmed.length > NEWSLETTER_LIMITS.comment) {
      return fail(
        `Comments must be ${NEWSLETTER_LIMITS.comment.toLocaleString('en-GB')} characters or fewer`,
      );
    }
    setError(undefined);
    onReturn(trimmed);
  };

  return (
    <form noValidate onSubmit={onSubmit} className="app-workflow__form">
      <Textarea
        id={FIELD_ID}
        name="comment"
        label="What needs to change?"
        labelClass="govuk-label--s"
        hint={`${authorName} sees your comments at the top of the draft.`}
        value={comment}
        onChange={setComment}
        error={error ?? serverError}
        maxLength={NEWSLETTER_LIMITS.comment}
        rows={4}
      />
      <div className="govuk-button-group">
        <Button type="submit" busy={busy}>
          Return for changes
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
