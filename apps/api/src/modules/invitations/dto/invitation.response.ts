import type { AutoApproveDomain, Invitation, InvitationStatus } from '@contracts';
import type { AutoApproveDomainEntity } from '../auto-approve-domain.entity';
import type { InvitationEntity } from '../invitation.entity';

export function invitationStatus(
  i: Pick<InvitationEntity, 'acceptedAt' | 'revokedAt' | 'expiresAt'>,
  now = Date.now(),
): InvitationStatus {
  if (i.acceptedAt) return 'accepted';
  if (i.revokedAt) return 'revoked';
  return i.expiresAt.getTime() <= now ? 'expired' : 'pending';
}

export function toInvitation(i: InvitationEntity, inviterName: string): Invitation {
  return {
    id: i.id,
    email: i.email,
    status: invitationStatus(i),
    invitedBy: { id: i.invitedBy, name: inviterName },
    createdAt: i.createdAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
    acceptedAt: i.acceptedAt?.toISOString() ?? null,
    revokedAt: i.revokedAt?.toISOString() ?? null,
  };
}

export function toDomain(d: AutoApproveDomainEntity, creatorName: string): AutoApproveDomain {
  return {
    id: d.id,
    pattern: d.pattern,
    createdAt: d.createdAt.toISOString(),
    createdBy: { id: d.createdBy, name: creatorName },
  };
}
