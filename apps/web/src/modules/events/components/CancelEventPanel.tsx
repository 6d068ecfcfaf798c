import { useRef, useState } from 'react';
import { EVENT_LIMITS, type NetworkEvent } from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { Button } from '@web/ui/Button';
import { Textarea } from '@web/ui/Textarea';
import { useCancelEvent } from '../hooks/use-events';
import { ConfirmStep } from './ConfirmStep';

export interface CancelEventPanelProps {
  event: NetworkEvent;
  onCancelled: (message: string) => void;
}

const REASON_ID = 'event-cancel-reason';

/**
 * For organisers: "Cancel event", then the reason (which everyone registered is emailed) and the
 * confirmation.
 */
export function CancelEventPanel({ event, onCancelled }: CancelEventPanelProps) {
  const cancel = useCancelEvent();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const startRef = useRef<HTMLDivElement>(null);
  const people = event.seatsTaken + event.waitlistLength;

  const onConfirm = () => {
    const text = reason.trim();
    setError(null);
    if (!text) {
      setReasonError('Enter the reason for cancelling the event');
      document.getElementById(REASON_ID)?.focus();
      return;
    }
    if (text.length > EVENT_LIMITS.reason) {
      setReasonError(
        `The reason must be ${EVENT_LIMITS.reason.toLocaleString('en-GB')} characters or fewer`,
      );
      document.getElementById(REASON_ID)?.focus();
      return;
    }
    setReasonError(undefined);
    // mutateAsync: the answer is awaited even though this panel goes once the event is cancelled.
    cancel.mutateAsync({ id: event.id, request: { reason: text } }).then(
      () =>
        onCancelled(
          people > 0
            ? `${event.title} is cancelled. Everyone registered is being emailed.`
            : `${event.title} is cancelled.`,
        ),
      (failure: unknown) => {
        const field = isApiError(failure) ? failure.fieldMessage('reason') : undefined;
        if (field) {
          setReasonError(field);
          document.getElementById(REASON_ID)?.focus();
        } else {
          setError(errorMessage(failure));
        }
      },
    );
  };

  return (
    <section className="app-event-cancel" aria-labelledby="event-cancel-heading">
      <h2 className="govuk-heading-m" id="event-cancel-heading">
        Cancel this event
      </h2>
      {open ? (
        <ConfirmStep
          id="event-cancel"
          question={
            people > 0
              ? `Cancel ${event.title} for everyone? The ${people.toLocaleString('en-GB')} ${people === 1 ? 'person' : 'people'} registered or on the waitlist will be emailed the reason. It cannot be undone.`
              : `Cancel ${event.title} for everyone? It cannot be undone.`
          }
          confirmLabel="Yes, cancel the event"
          keepLabel="No, keep the event"
          error={error}
          busy={cancel.isPending}
          onConfirm={onConfirm}
          onKeep={() => {
            setOpen(false);
            setError(null);
            setReasonError(undefined);
            requestAnimationFrame(() => startRef.current?.querySelector('button')?.focus());
          }}
        >
          <Textarea
            id={REASON_ID}
            name="reason"
            label="Reason for cancelling"
            hint="Everyone registered is emailed this."
            value={reason}
            onChange={setReason}
            error={reasonError}
            rows={3}
            maxLength={EVENT_LIMITS.reason}
          />
        </ConfirmStep>
      ) : (
        <div className="govuk-button-group" ref={startRef}>
          <Button
            variant="warning"
            onClick={() => {
              setOpen(true);
              requestAnimationFrame(() => document.getElementById(REASON_ID)?.focus());
            }}
          >
            Cancel event
          </Button>
        </div>
      )}
    </section>
  );
}
