import { Inject, Injectable } from '@nestjs/common';
import {
  INVITATION_DEFAULT_DAYS,
  type CreateInvitationsResponse,
  type Invitation,
  type InvitationLookup,
  type Page,
  type SkippedInvitation,
} from '@contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { decodeCursor, encodeCursor } from '@api/common/pagination';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { AuditService } from '../audit/audit.service';
import { MailService } from '../mail/mail.service';
import { UserEntity } from '../users/user.entity';
import type { CreateInvitationsDto, InvitationsQuery } from './dto/invitations.dto';
import { toInvitation } from './dto/invitation.response';
import { invitationMail } from './invitation.mails';
import { InvitationEntity } from './invitation.entity';
import {
  hashInvitationToken,
  looksLikeInvitationToken,
  newInvitationToken,
} from './invitation-tokens';

/** Open: neither accepted nor revoked (it may have expired). Matches the partial index. */
const OPEN = 'accepted_at IS NULL AND revoked_at IS NULL';

/** Admins' invitations: sent by email in the transaction that creates them, audited. */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Invites each address once: an address with an account, or with an open invitation that
   * has not expired, is skipped. An expired open invitation to the same address is
   * superseded (revoked) by the new one.
   */
  async create(actor: AuthUser, dto: CreateInvitationsDto): Promise<CreateInvitationsResponse> {
    const emails = [...new Set(dto.emails)];
    const days = dto.expiresInDays ?? INVITATION_DEFAULT_DAYS;
    const message = dto.message?.trim() ? dto.message.trim() : undefined;
    return this.dataSource.transaction(async (m) => {
      const members = new Set(
        (
          await m.query<{ email: string }[]>(`SELECT email FROM users WHERE email = ANY($1)`, [
            emails,
          ])
        ).map((r) => r.email),
      );
      const [superseded] = await m.query<[{ id: string; email: string }[], number]>(
        `UPDATE invitations SET revoked_at = now()
          WHERE email = ANY($1) AND ${OPEN} AND expires_at <= now()
          RETURNING id, email`,
        [emails.filter((e) => !members.has(e))],
      );
      const supersededOf = new Map(superseded.map((r) => [r.email, r.id]));
      const items: Invitation[] = [];
      const skipped: SkippedInvitation[] = [];
      for (const email of emails) {
        if (members.has(email)) {
          skipped.push({ email, reason: 'already a member' });
          continue;
        }
        const { token, hash } = newInvitationToken();
        // Two admins inviting one address at once: the partial unique index decides.
        const rows = await m.query<{ id: string }[]>(
          `INSERT INTO invitations (email, token_hash, invited_by, expires_at)
           VALUES ($1, $2, $3, now() + make_interval(days => $4))
           ON CONFLICT (email) WHERE ${OPEN} DO NOTHING
           RETURNING id`,
          [email, hash, actor.id, days],
        );
        if (rows.length === 0) {
          skipped.push({ email, reason: 'already invited' });
          continue;
        }
        const invitation = await m.findOneOrFail(InvitationEntity, { where: { id: rows[0].id } });
        await this.audit.record(m, {
          actorId: actor.id,
          action: 'invitation.created',
          targetType: 'invitation',
          targetId: invitation.id,
          detail: {
            email,
            expiresAt: invitation.expiresAt.toISOString(),
            ...(supersededOf.has(email) ? { supersedes: supersededOf.get(email) } : {}),
          },
        });
        await this.mail.enqueue(
          m,
          invitationMail(
            { email, token, inviterName: actor.name, message, expiresAt: invitation.expiresAt },
            this.config.publicUrl,
          ),
        );
        items.push(toInvitation(invitation, actor.name));
      }
      return { items, skipped };
    });
  }

  /** Newest first; `status` filters (pending means open and not expired). */
  async list(query: InvitationsQuery): Promise<Page<Invitation>> {
    const after = decodeCursor<[string, string]>(query.cursor, ['timestamp', 'uuid']);
    const qb = this.dataSource
      .getRepository(InvitationEntity)
      .createQueryBuilder('i')
      .leftJoin(UserEntity, 'u', 'u.id = i.invited_by')
      .addSelect('u.name', 'inviter_name')
      // Cursors carry milliseconds; the column keeps microseconds. Sort on what the cursor holds.
      .orderBy(`date_trunc('milliseconds', i.created_at)`, 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(query.limit + 1);
    switch (query.status) {
      case 'pending':
        qb.andWhere('i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()');
        break;
      case 'accepted':
        qb.andWhere('i.accepted_at IS NOT NULL');
        break;
      case 'revoked':
        qb.andWhere('i.revoked_at IS NOT NULL');
        break;
      case 'expired':
        qb.andWhere('i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at <= now()');
        break;
      case undefined:
        break;
    }
    if (after) {
      qb.andWhere(
        `(date_trunc('milliseconds', i.created_at), i.id) < (:at::timestamptz, :id::uuid)`,
        { at: after[0], id: after[1] },
      );
    }
    const { entities, raw } = await qb.getRawAndEntities<{ inviter_name: string | null }>();
    const more = entities.length > query.limit;
    const items = entities
      .slice(0, query.limit)
      .map((i, n) => toInvitation(i, raw[n]?.inviter_name ?? ''));
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: more && last ? encodeCursor([last.createdAt, last.id]) : null,
    };
  }

  /** Withdraws an open invitation; revoking twice is a no-op, an accepted one a 409. */
  async revoke(actor: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const invitation = await this.lock(m, id);
      if (invitation.acceptedAt) {
        throw new DomainError('INVITATION_ACCEPTED', 'This invitation has already been accepted');
      }
      if (invitation.revokedAt) return;
      await m.update(InvitationEntity, { id: invitation.id }, { revokedAt: new Date() });
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'invitation.revoked',
        targetType: 'invitation',
        targetId: invitation.id,
        detail: { email: invitation.email },
      });
    });
  }

  /** What the join page shows; one 404 for unknown, expired, revoked and accepted alike. */
  async lookup(token: string): Promise<InvitationLookup> {
    const notFound = () =>
      new DomainError('INVITATION_NOT_FOUND', 'This invitation link is not valid');
    if (!looksLikeInvitationToken(token)) throw notFound();
    const invitation = await this.dataSource
      .getRepository(InvitationEntity)
      .createQueryBuilder('i')
      .where('i.token_hash = :hash', { hash: hashInvitationToken(token) })
      .andWhere('i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()')
      .getOne();
    if (!invitation) throw notFound();
    return { email: invitation.email, expiresAt: invitation.expiresAt.toISOString() };
  }

  private async lock(m: EntityManager, id: string): Promise<InvitationEntity> {
    const invitation = await m
      .getRepository(InvitationEntity)
      .createQueryBuilder('i')
      .setLock('pessimistic_write')
      .where('i.id = :id', { id })
      .getOne();
    if (!invitation) throw new DomainError('INVITATION_NOT_FOUND', 'No such invitation');
    return invitation;
  }
}
