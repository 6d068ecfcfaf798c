import { Inject, Injectable } from '@nestjs/common';
import { rooms } from '@contracts';
import type { EntityManager } from 'typeorm';
import { DomainError } from '@api/common/domain-error';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { AuditService } from '../audit/audit.service';
import { MailService } from '../mail/mail.service';
import { NotificationsService } from '../notifications/notifications.service';
import type { UserEntity } from '../users/user.entity';
import { applicationApprovedMail } from '../users/user.mails';
import { AutoApproveDomainEntity } from './auto-approve-domain.entity';
import { patternsFor } from './domain-pattern';
import { InvitationEntity } from './invitation.entity';
import { hashInvitationToken, looksLikeInvitationToken } from './invitation-tokens';

/** Why a new account needs no admin's decision. */
export type Admission =
  | { kind: 'invitation'; invitation: InvitationEntity }
  | { kind: 'domain'; pattern: string }
  /** A single sign-on provider configured with `skipApproval` vouched for the address. */
  | { kind: 'provider'; provider: string };

const invalid = (message: string) =>
  new DomainError('INVITATION_INVALID', `invitation: ${message}`, [
    { field: 'invitation', message },
  ]);

/**
 * Decides, inside the registration's transaction, whether an applicant is let in at once (a
 * valid invitation for their address, or an auto-approved email domain), and records it.
 */
@Injectable()
export class AdmissionService {
  constructor(
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * With a token: the invitation, locked until the transaction ends (so one token makes one
   * account), or a 400 naming `invitation`. Without: the auto-approved pattern matching the
   * address, most specific first, or null.
   */
  async decide(
    m: EntityManager,
    email: string,
    token: string | null | undefined,
  ): Promise<Admission | null> {
    if (typeof token === 'string') {
      return { kind: 'invitation', invitation: await this.lock(m, email, token) };
    }
    const match = await m
      .getRepository(AutoApproveDomainEntity)
      .createQueryBuilder('d')
      .where('d.pattern = ANY(:patterns)', { patterns: patternsFor(email) })
      .getMany();
    const patterns = patternsFor(email).filter((p) => match.some((d) => d.pattern === p));
    return patterns.length > 0 ? { kind: 'domain', pattern: patterns[0] } : null;
  }

  /**
   * Records the admission of `user` (already saved as approved): the invitation accepted, the
   * audit entry, `member.approved` to the user and the members, and the approval email.
   */
  async admitted(m: EntityManager, user: UserEntity, admission: Admission): Promise<void> {
    if (admission.kind === 'invitation') {
      const { invitation } = admission;
      await m.update(
        InvitationEntity,
        { id: invitation.id },
        { acceptedAt: user.decidedAt ?? new Date(), acceptedUserId: user.id },
      );
      await this.audit.record(m, {
        actorId: user.id,
        action: 'invitation.accepted',
        targetType: 'invitation',
        targetId: invitation.id,
        detail: { email: user.email, userId: user.id, invitedBy: invitation.invitedBy },
      });
    } else {
      await this.audit.record(m, {
        actorId: null,
        action: 'application.auto_approved',
        targetType: 'user',
        targetId: user.id,
        detail:
          admission.kind === 'domain'
            ? { pattern: admission.pattern, email: user.email }
            : { provider: admission.provider, email: user.email },
      });
    }
    await this.notifications.publish(m, 'member.approved', [rooms.user(user.id), rooms.members], {
      userId: user.id,
      name: user.name,
      organisation: user.organisation,
      sector: user.sector,
      country: user.country,
    });
    await this.mail.enqueue(m, applicationApprovedMail(user, this.config.publicUrl));
  }

  private async lock(m: EntityManager, email: string, token: string): Promise<InvitationEntity> {
    const notValid = () =>
      invalid(
        'This invitation link is not valid: it may have expired, been withdrawn or already been used',
      );
    if (!looksLikeInvitationToken(token)) throw notValid();
    const invitation = await m
      .getRepository(InvitationEntity)
      .createQueryBuilder('i')
      .setLock('pessimistic_write')
      .where('i.token_hash = :hash', { hash: hashInvitationToken(token) })
      .getOne();
    if (
      !invitation ||
      invitation.acceptedAt ||
      invitation.revokedAt ||
      invitation.expiresAt.getTime() <= Date.now()
    ) {
      throw notValid();
    }
    if (invitation.email !== email.toLowerCase()) {
      throw invalid('This invitation was sent to a different email address');
    }
    return invitation;
  }
}
