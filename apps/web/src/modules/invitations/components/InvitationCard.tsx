import { useRef, useState } from 'react';
import type { Invitation, InvitationStatus } from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { formatDate } from '@web/lib/format';
import { Button } from '@web/ui/Button';
import { ConfirmPanel } from '@web/ui/ConfirmPanel';
import { SummaryList, type SummaryListRow } from '@web/ui/SummaryList';
import { Tag, type TagColour } from '@web/ui/Tag';
import { useRevokeInvitation } from '../hooks/use-invitations';

export const INVITATION_STATUS_TAG: Record<InvitationStatus, { label: string; colour: TagColour }> =
  {
    pending: { label: 'Pending', colour: 'blue' },
    accepted: { label: 'Accepted', colour: 'green' },
    expired: { label: 'Expired', colour: 'grey' },
    revoked: { label: 'Revoked', colour: 'red' },
  };

export interface InvitationCardProps {
  invitation: Invitation;
  /** Called with a sentence for the page's success banner. */
  onRevoked: (message: string) => void;
}

const when = (value: string) => <time dateTime={value}>{formatDate(value)}</time>;

export function InvitationCard({ invitation, onRevoked }: InvitationCardProps) {
  const revoke = useRevokeInvitation();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revokeRef = useRef<HTMLDivElement>(null);
  const headingId = `invitation-${invitation.id}-email`;
  const tag = INVITATION_STATUS_TAG[invitation.status];
  const revocable = invitation.status === 'pending' || invitation.status === 'expired';

  const rows: SummaryListRow[] = [
    { key: 'Invited by', value: invitation.invitedBy.name },
    { key: 'Sent', value: when(invitation.createdAt) },
  ];
  if (invitation.acceptedAt) rows.push({ key: 'Accepted', value: when(invitation.acceptedAt) });
  else if (invitation.revokedAt) rows.push({ key: 'Revoked', value: when(invitation.revokedAt) });
  else {
    rows.push({
      key: invitation.status === 'expired' ? 'Expired' : 'Expires',
      value: when(invitation.expiresAt),
    });
  }

  const onRevoke = () => {
    setError(null);
    // mutateAsync: the card may leave a filtered list on success (see ApplicationCard).
    revoke.mutateAsync(invitation.id).then(
      () => onRevoked(`The invitation to ${invitation.email} has been revoked.`),
      (failure: unknown) =>
        setError(
          isApiError(failure) && failure.code === 'INVITATION_ACCEPTED'
            ? 'This invitation has already been accepted, so it cannot be revoked.'
            : errorMessage(failure),
        ),
    );
  };

  return (
    <article
      className="app-card"
      data-testid={`invitation-${invitation.id}`}
      aria-labelledby={headingId}
    >
      <div className="app-card__header">
        <h3 className="govuk-heading-m app-card__title app-break" id={headingId}>
          {invitation.email}
        </h3>
        <Tag colour={tag.colour}>{tag.label}</Tag>
      </div>
      <SummaryList rows={rows} />
      {revocable ? (
        confirming ? (
          <ConfirmPanel
            id={headingId}
            question={
              <>
                Revoke the invitation to {invitation.email}? The link in their email will stop
                working.
              </>
            }
            confirmLabel="Yes, revoke this invitation"
            error={error}
            busy={revoke.isPending}
            onConfirm={onRevoke}
            onCancel={() => {
              setConfirming(false);
              setError(null);
              requestAnimationFrame(() =>
                revokeRef.current?.querySelector<HTMLButtonElement>('button')?.focus(),
              );
            }}
          />
        ) : (
          <div className="govuk-button-group" ref={revokeRef}>
            <Button variant="warning" onClick={() => setConfirming(true)}>
              Revoke
              <span className="govuk-visually-hidden"> the invitation to {invitation.email}</span>
            </Button>
          </div>
        )
      ) : null}
    </article>
  );
}
