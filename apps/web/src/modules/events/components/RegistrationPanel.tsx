import { useRef, useState } from 'react';
import { Link } from 'react-router';
import type { NetworkEvent } from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { Button } from '@web/ui/Button';
import { ErrorMessage } from '@web/ui/FieldParts';
import { InsetText } from '@web/ui/InsetText';
import { eventPath, isFull, isOver } from '../event-labels';
import { browserTimeZone, formatDateTimeIn } from '../event-times';
import { useRegister, useUnregister } from '../hooks/use-events';
import { ConfirmStep } from './ConfirmStep';

export interface RegistrationPanelProps {
  event: NetworkEvent;
  /** 'anonymous', a signed-in applicant ('applicant'), or an approved member. */
  viewer: 'anonymous' | 'applicant' | 'member';
  /** After a registration or a cancellation: the page says what happened. */
  onDone: (message: string) => void;
}

const REFUSALS: Record<string, string> = {
  REGISTRATION_CLOSED: 'Registration for this event is closed.',
  EVENT_CANCELLED: 'This event has been cancelled.',
  EVENT_OVER: 'This event has already taken place.',
};

function refusal(error: unknown): string {
  if (isApiError(error) && REFUSALS[error.code]) return REFUSALS[error.code];
  return errorMessage(error);
}

/** Why registration is not open now, in words. */
function closedText(event: NetworkEvent, zone: string): string {
  const now = Date.now();
  if (event.registrationOpensAt && new Date(event.registrationOpensAt).getTime() > now) {
    return `Registration opens on ${formatDateTimeIn(event.registrationOpensAt, zone)}.`;
  }
  if (event.registrationClosesAt && new Date(event.registrationClosesAt).getTime() <= now) {
    return `Registration closed on ${formatDateTimeIn(event.registrationClosesAt, zone)}.`;
  }
  return 'Registration is not open.';
}

/**
 * The viewer's place: register (or join the waitlist when it is full), or give the place up
 * after a confirmation; the waitlist position shows, and changes live.
 */
export function RegistrationPanel({ event, viewer, onDone }: RegistrationPanelProps) {
  const registerMutation = useRegister();
  const unregisterMutation = useUnregister();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const startRef = useRef<HTMLDivElement>(null);
  const zone = browserTimeZone();
  const mine = event.myRegistration ?? null;

  if (event.status === 'cancelled') return null;

  let body;
  if (isOver(event)) {
    body = <p className="govuk-body">This event has taken place.</p>;
  } else if (viewer === 'anonymous') {
    body = (
      <p className="govuk-body">
        <Link className="govuk-link" to="/sign-in" state={{ from: eventPath(event.id) }}>
          Sign in
        </Link>{' '}
        to register. Not a member yet?{' '}
        <Link className="govuk-link" to="/apply">
          Apply to join the network
        </Link>
        .
      </p>
    );
  } else if (viewer === 'applicant') {
    body = (
      <p className="govuk-body">Members of the network can register once they are approved.</p>
    );
  } else if (mine) {
    const confirmed = mine.status === 'confirmed';
    const focusStart = () =>
      requestAnimationFrame(() => startRef.current?.querySelector('button')?.focus());
    const onConfirm = () => {
      setError(null);
      unregisterMutation.mutate(event.id, {
        onSuccess: () => {
          setConfirming(false);
          onDone(
            confirmed
              ? `You cancelled your place at ${event.title}.`
              : `You left the waitlist for ${event.title}.`,
          );
        },
        onError: (failure) =>
          setError(
            isApiError(failure) && failure.status === 404
              ? 'You were no longer registered for this event.'
              : refusal(failure),
          ),
      });
    };
    body = (
      <>
        {confirmed ? (
          <p className="govuk-body" data-testid="event-my-place">
            <strong>You have a place at this event.</strong>
            {event.online && event.onlineUrl ? ' The online link is above.' : ''}
          </p>
        ) : (
          <InsetText>
            <p className="govuk-body" data-testid="event-my-place">
              <strong>
                You are on the waitlist
                {mine.position !== null
                  ? `, position ${mine.position.toLocaleString('en-GB')}`
                  : ''}
                .
              </strong>{' '}
              If a place comes free, it is yours, and you will be told.
            </p>
          </InsetText>
        )}
        {confirming ? (
          <ConfirmStep
            id="event-unregister"
            question={
              confirmed
                ? `Cancel your place at ${event.title}?${event.waitlistLength > 0 ? ' It goes to the first person on the waitlist.' : ''}`
                : `Leave the waitlist for ${event.title}?`
            }
            confirmLabel={confirmed ? 'Yes, cancel my place' : 'Yes, leave the waitlist'}
            keepLabel={confirmed ? 'No, keep my place' : 'No, stay on the waitlist'}
            error={error}
            busy={unregisterMutation.isPending}
            onConfirm={onConfirm}
            onKeep={() => {
              setConfirming(false);
              setError(null);
              focusStart();
            }}
          />
        ) : (
          <div className="govuk-button-group" ref={startRef}>
            <Button
              variant="secondary"
              onClick={() => {
                setConfirming(true);
                // The safe choice has the focus; the question is read with the group.
                requestAnimationFrame(() =>
                  document
                    .querySelector<HTMLButtonElement>(
                      '[aria-labelledby="event-unregister-confirm"] .govuk-button-group button:last-child',
                    )
                    ?.focus(),
                );
              }}
            >
              {confirmed ? 'Cancel my place' : 'Leave the waitlist'}
            </Button>
          </div>
        )}
      </>
    );
  } else if (!event.registrationOpen) {
    body = <p className="govuk-body">{closedText(event, zone)}</p>;
  } else {
    const full = isFull(event);
    const onRegister = () => {
      setError(null);
      registerMutation.mutate(event.id, {
        onSuccess: (result) =>
          onDone(
            result.status === 'confirmed'
              ? `You have a place at ${event.title}.`
              : `The event is full, so you are on the waitlist${result.position !== null ? ` (position ${result.position.toLocaleString('en-GB')})` : ''}. If a place comes free, it is yours, and you will be told.`,
          ),
        onError: (failure) => {
          setError(refusal(failure));
          if (isApiError(failure) && failure.status === 409) {
            void queryClient.invalidateQueries({ queryKey: queryKeys.event(event.id) });
          }
        },
      });
    };
    body = (
      <>
        {full ? (
          <p className="govuk-body">
            Every seat is taken. Join the waitlist: if a place comes free, it goes to the first
            person on the list.
          </p>
        ) : null}
        {event.registrationClosesAt ? (
          <p className="govuk-body">
            Registration closes on {formatDateTimeIn(event.registrationClosesAt, zone)}.
          </p>
        ) : null}
        {error ? <ErrorMessage id="event-register-error">{error}</ErrorMessage> : null}
        <Button onClick={onRegister} busy={registerMutation.isPending}>
          {registerMutation.isPending ? 'Registering…' : full ? 'Join the waitlist' : 'Register'}
        </Button>
      </>
    );
  }

  return (
    <section className="app-event-registration" aria-labelledby="event-registration-heading">
      <h2 className="govuk-heading-m" id="event-registration-heading">
        Your place
      </h2>
      {body}
    </section>
  );
}
