import { useEffect, useState, type FormEvent } from 'react';
import { DOCUMENT_LIMITS } from '@contracts';
import { Button } from '@web/ui/Button';
import { Textarea } from '@web/ui/Textarea';

export interface ReviewFormProps {
  id: string;
  decision: 'approve' | 'reject';
  uploaderName: string;
  busy: boolean;
  serverError?: string;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
}

/**
 * The second step of a decision on a quarantined upload: a reason, required to reject (the
 * uploader sees it), optional to approve.
 */
export function ReviewForm({
  id,
  decision,
  uploaderName,
  busy,
  serverError,
  onSubmit,
  onCancel,
}: ReviewFormProps) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const rejecting = decision === 'reject';

  useEffect(() => {
    document.getElementById(id)?.focus();
  }, [id]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const trimmed = reason.trim();
    const fail = (message: string) => {
      setError(message);
      document.getElementById(id)?.focus();
    };
    if (rejecting && !trimmed) return fail('Enter the reason for rejecting this document');
    if (trimmed.length > DOCUMENT_LIMITS.reason) {
      return fail(
        `The reason must be ${DOCUMENT_LIMITS.reason.toLocaleString('en-GB')} characters or fewer`,
      );
    }
    setError(undefined);
    onSubmit(trimmed);
  };

  return (
    <form
      noValidate
      onSubmit={submit}
      className={rejecting ? 'app-reject-form' : 'app-approve-form'}
    >
      <Textarea
        id={id}
        name="reason"
        label={rejecting ? 'Reason for rejecting' : 'Note to the uploader (optional)'}
        labelClass="govuk-label--s"
        hint={
          rejecting
            ? `${uploaderName} sees this reason. The document stays out of the library.`
            : `The document is published to every member. ${uploaderName} sees your note.`
        }
        value={reason}
        onChange={setReason}
        error={error ?? serverError}
        rows={3}
      />
      <div className="govuk-button-group">
        <Button type="submit" variant={rejecting ? 'warning' : 'primary'} busy={busy}>
          {rejecting ? 'Reject document' : 'Approve and publish'}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
