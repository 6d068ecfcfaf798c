import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApplicationResponse } from '@contracts';
import { errorMessage } from '@web/lib/api';
import { Button } from '@web/ui/Button';
import { Textarea } from '@web/ui/Textarea';
import { useRejectApplication } from '../hooks/use-applications';

export const REASON_MAX = 2000;

export interface RejectApplicationFormProps {
  application: ApplicationResponse;
  onCancel: () => void;
  onRejected: (application: ApplicationResponse) => void;
}

/** The confirmation step of a rejection: a required reason the applicant will see. */
export function RejectApplicationForm({
  application,
  onCancel,
  onRejected,
}: RejectApplicationFormProps) {
  const reject = useRejectApplication();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const id = `reject-reason-${application.id}`;
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    document.getElementById(id)?.focus();
  }, [id]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (reject.isPending) return;
    const trimmed = reason.trim();
    if (!trimmed) {
      setError('Enter a reason for rejecting this application');
      document.getElementById(id)?.focus();
      return;
    }
    if (trimmed.length > REASON_MAX) {
      setError(`Reason must be ${REASON_MAX.toLocaleString('en-GB')} characters or fewer`);
      document.getElementById(id)?.focus();
      return;
    }
    setError(undefined);
    // mutateAsync: the form unmounts with its card on success (see ApplicationCard).
    reject.mutateAsync({ application, reason: trimmed }).then(
      () => onRejected(application),
      (failure: unknown) => {
        setError(errorMessage(failure));
        document.getElementById(id)?.focus();
      },
    );
  };

  return (
    <form noValidate onSubmit={onSubmit} ref={formRef} className="app-reject-form">
      <Textarea
        id={id}
        name="reason"
        label="Reason for rejection"
        labelClass="govuk-label--s"
        hint={`${application.name} will see this reason.`}
        value={reason}
        onChange={setReason}
        error={error}
        rows={3}
      />
      <div className="govuk-button-group">
        <Button type="submit" variant="warning" busy={reject.isPending}>
          Confirm rejection
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
