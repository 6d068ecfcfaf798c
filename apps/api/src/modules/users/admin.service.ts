import { Inject, Injectable } from '@nestjs/common';
import {
  rooms,
  type ApplicationResponse,
  type AuditEntryResponse,
  type GrantableRole,
  type Page,
  STAFF_ROLES,
} from '@contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { APP_CONFIG, mfaRequiredFor, type AppConfig } from '@api/config/app-config';
import { DomainError } from '@api/common/domain-error';
import { requireStepUp } from '@api/common/step-up';
import { decodeCursor, encodeCursor } from '@api/common/pagination';
import { AuditService } from '../audit/audit.service';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { MailService } from '../mail/mail.service';
import { NotificationsService } from '../notifications/notifications.service';
import { RealtimeServer } from '../realtime/realtime.server';
import { SessionEntity } from '../auth/session.entity';
import type { ApplicationsQuery, AuditQuery, UsersQuery } from './dto/admin.dto';
import { toApplicationResponse } from './dto/user.response';
import { applicationApprovedMail, applicationRejectedMail } from './user.mails';
import { effectiveRoles, UserEntity } from './user.entity';

/** A pattern for ILIKE matching `text` anywhere, its wildcards taken literally. */
function like(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A validated ISO 8601 query value as an instant; a date alone is midnight UTC. */
function instant(field: string, value: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) {
    throw new DomainError('VALIDATION_FAILED', `${field}: is not a date`, [
      { field, message: 'is not a date' },
    ]);
  }
  return at;
}

/** Admins' work on accounts: the applications queue, roles, disabling. Audited, notified. */
@Injectable()
export class AdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly mail: MailService,
    private readonly realtime: RealtimeServer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async applications(query: ApplicationsQuery): Promise<Page<ApplicationResponse>> {
    // The queue is served oldest first; decided applications newest first.
    const asc = query.status === 'pending';
    const after = decodeCursor<[string, string]>(query.cursor, ['timestamp', 'uuid']);
    const qb = this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.status = :status', { status: query.status })
      // Cursors carry milliseconds; the column keeps microseconds. Sort on what the cursor holds.
      .orderBy(`date_trunc('milliseconds', u.created_at)`, asc ? 'ASC' : 'DESC')
      .addOrderBy('u.id', asc ? 'ASC' : 'DESC')
      .limit(query.limit + 1);
    if (after) {
      qb.andWhere(
        `(date_trunc('milliseconds', u.created_at), u.id) ${asc ? '>' : '<'} (:at::timestamptz, :id::uuid)`,
        {
          at: after[0],
          id: after[1],
        },
      );
    }
    return this.page(await qb.getMany(), query.limit, (u) => [u.createdAt.toISOString(), u.id]);
  }

  async users(query: UsersQuery): Promise<Page<ApplicationResponse>> {
    const after = decodeCursor<[string, string]>(query.cursor, ['string', 'uuid']);
    const qb = this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .orderBy('lower(u.name)', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .limit(query.limit + 1);
    if (query.status) qb.andWhere('u.status = :status', { status: query.status });
    if (query.role) qb.andWhere(':role = ANY(u.roles)', { role: query.role });
    if (query.q) {
      qb.andWhere('(u.name ILIKE :like OR u.email ILIKE :like OR u.organisation ILIKE :like)', {
        like: like(query.q),
      });
    }
    if (after) {
      qb.andWhere('(lower(u.name), u.id) > (:name, :id::uuid)', { name: after[0], id: after[1] });
    }
    return this.page(await qb.getMany(), query.limit, (u) => [u.name.toLowerCase(), u.id]);
  }

  async approve(actor: AuthUser, id: string): Promise<ApplicationResponse> {
    const user = await this.dataSource.transaction(async (m) => {
      const u = await this.lockPending(m, id);
      u.status = 'approved';
      u.roles = ['member'];
      u.decidedAt = new Date();
      u.decidedBy = actor.id;
      u.rejectionReason = null;
      await m.save(u);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'application.approved',
        targetType: 'user',
        targetId: u.id,
        detail: { email: u.email, name: u.name },
      });
      await this.notifications.publish(m, 'member.approved', [rooms.user(u.id), rooms.members], {
        userId: u.id,
        name: u.name,
        organisation: u.organisation,
        sector: u.sector,
        country: u.country,
      });
      await this.mail.enqueue(m, applicationApprovedMail(u, this.config.publicUrl));
      return u;
    });
    this.realtime.setRooms(
      user.id,
      [rooms.members, rooms.role('member')],
      [rooms.role('applicant')],
    );
    return toApplicationResponse(user);
  }

  async reject(actor: AuthUser, id: string, reason: string): Promise<ApplicationResponse> {
    const user = await this.dataSource.transaction(async (m) => {
      const u = await this.lockPending(m, id);
      u.status = 'rejected';
      u.decidedAt = new Date();
      u.decidedBy = actor.id;
      u.rejectionReason = reason;
      await m.save(u);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'application.rejected',
        targetType: 'user',
        targetId: u.id,
        detail: { email: u.email, name: u.name, reason },
      });
      await this.notifications.publish(m, 'member.rejected', [rooms.user(u.id)], {
        userId: u.id,
        reason,
      });
      await this.mail.enqueue(m, applicationRejectedMail(u, reason));
      return u;
    });
    return toApplicationResponse(user);
  }

  /** Replaces a user's granted roles; `member` always stays. Serialised per user. */
  async setRoles(
    actor: AuthUser,
    id: string,
    requested: GrantableRole[],
  ): Promise<ApplicationResponse> {
    const roles = [...new Set<GrantableRole>(['member', ...requested])];
    const { user, before } = await this.dataSource.transaction(async (m) => {
      const u = await this.lock(m, id);
      if (u.status !== 'approved') {
        throw new DomainError('USER_NOT_APPROVED', 'Roles can be granted to approved members only');
      }
      if (u.id === actor.id && !roles.includes('admin')) {
        throw new DomainError('CANNOT_CHANGE_OWN_ACCOUNT', 'You cannot remove your own admin role');
      }
      const previous = effectiveRoles(u);
      // Handing out staff powers is confirmed with a fresh second factor.
      if (roles.some((r) => STAFF_ROLES.includes(r) && !previous.includes(r))) {
        requireStepUp(actor);
      }
      u.roles = roles;
      await m.save(u);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'user.roles.changed',
        targetType: 'user',
        targetId: u.id,
        detail: { from: previous, to: roles },
      });
      await this.notifications.publish(m, 'account.roles.changed', [rooms.user(u.id)], {
        userId: u.id,
        roles,
      });
      return { user: u, before: previous };
    });
    const removed = before.filter((r) => !roles.includes(r as GrantableRole));
    // A role that needs a second factor the user lacks reaches their sockets once they enrol.
    const restricted = mfaRequiredFor(roles, this.config) && !(await this.hasFactor(user.id));
    this.realtime.setRooms(
      user.id,
      restricted ? [] : roles.map((r) => rooms.role(r)),
      restricted ? before.map((r) => rooms.role(r)) : removed.map((r) => rooms.role(r)),
    );
    return toApplicationResponse(user);
  }

  private async hasFactor(userId: string): Promise<boolean> {
    const [row] = await this.dataSource.query<{ yes: boolean }[]>(
      `SELECT (totp_confirmed_at IS NOT NULL
               OR EXISTS (SELECT 1 FROM passkeys WHERE user_id = $1)) AS yes
         FROM users WHERE id = $1`,
      [userId],
    );
    return row?.yes === true;
  }

  /** Disables an account: every session ends at once, open sockets included. */
  async disable(
    actor: AuthUser,
    id: string,
    reason: string | undefined,
  ): Promise<ApplicationResponse> {
    if (id === actor.id) {
      throw new DomainError('CANNOT_CHANGE_OWN_ACCOUNT', 'You cannot disable your own account');
    }
    const user = await this.dataSource.transaction(async (m) => {
      const u = await this.lock(m, id);
      if (u.status === 'disabled') return u;
      const previous = u.status;
      u.status = 'disabled';
      u.disabledAt = new Date();
      await m.save(u);
      await m
        .createQueryBuilder()
        .update(SessionEntity)
        .set({ revokedAt: () => 'now()', revokedReason: 'account disabled' })
        .where('user_id = :id AND revoked_at IS NULL', { id: u.id })
        .execute();
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'user.disabled',
        targetType: 'user',
        targetId: u.id,
        detail: { email: u.email, previousStatus: previous, ...(reason ? { reason } : {}) },
      });
      return u;
    });
    this.realtime.disconnect(rooms.user(user.id), 'account disabled');
    return toApplicationResponse(user);
  }

  /** Re-enables a disabled account: approved if it had been approved, else pending again. */
  async enable(actor: AuthUser, id: string): Promise<ApplicationResponse> {
    const user = await this.dataSource.transaction(async (m) => {
      const u = await this.lock(m, id);
      if (u.status !== 'disabled') return u;
      if (u.erasedAt) throw new DomainError('ACCOUNT_ERASED', 'An erased account cannot return');
      u.status = u.roles.includes('member') ? 'approved' : 'pending';
      u.disabledAt = null;
      await m.save(u);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'user.enabled',
        targetType: 'user',
        targetId: u.id,
        detail: { email: u.email, status: u.status },
      });
      return u;
    });
    return toApplicationResponse(user);
  }

  async auditLog(query: AuditQuery): Promise<Page<AuditEntryResponse>> {
    const after = decodeCursor<[string]>(query.cursor, ['id']);
    const qb = this.dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('a')
      .leftJoin(UserEntity, 'u', 'u.id = a.actor_id')
      .select([
        'a.id AS id',
        'a.at AS at',
        'a.actor_id AS actor_id',
        'u.name AS actor_name',
        'a.action AS action',
        'a.target_type AS target_type',
        'a.target_id AS target_id',
        'a.detail AS detail',
      ])
      .orderBy('a.id', 'DESC')
      .limit(query.limit + 1);
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: query.actorId });
    if (query.actor) {
      qb.andWhere('(u.name ILIKE :actor OR u.email ILIKE :actor)', { actor: like(query.actor) });
    }
    if (query.targetType) qb.andWhere('a.target_type = :tt', { tt: query.targetType });
    if (query.targetId) qb.andWhere('a.target_id = :tid', { tid: query.targetId });
    const from = query.from ? instant('from', query.from) : null;
    const to = query.to ? instant('to', query.to) : null;
    if (from && to && to <= from) {
      throw new DomainError('VALIDATION_FAILED', 'to: must be after from', [
        { field: 'to', message: 'must be after from' },
      ]);
    }
    if (from) qb.andWhere('a.at >= :from', { from });
    if (to) qb.andWhere('a.at < :to', { to });
    if (query.q) {
      qb.andWhere(
        `(a.action ILIKE :q OR a.target_type ILIKE :q OR a.target_id ILIKE :q
          OR a.detail::text ILIKE :q)`,
        { q: like(query.q) },
      );
    }
    if (after) qb.andWhere('a.id < :after', { after: after[0] });
    const rows = await qb.getRawMany<{
      id: string;
      at: Date;
      actor_id: string | null;
      actor_name: string | null;
      action: string;
      target_type: string;
      target_id: string | null;
      detail: Record<string, unknown>;
    }>();
    const more = rows.length > query.limit;
    const items = rows.slice(0, query.limit).map((r) => ({
      id: String(r.id),
      at: new Date(r.at).toISOString(),
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      detail: r.detail,
    }));
    return {
      items,
      nextCursor: more ? encodeCursor([items[items.length - 1].id]) : null,
    };
  }

  private page(
    rows: UserEntity[],
    limit: number,
    key: (u: UserEntity) => unknown[],
  ): Page<ApplicationResponse> {
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    return {
      items: items.map(toApplicationResponse),
      nextCursor: more ? encodeCursor(key(items[items.length - 1])) : null,
    };
  }

  private async lock(m: EntityManager, id: string): Promise<UserEntity> {
    const u = await m
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where('u.id = :id', { id })
      .getOne();
    if (!u) throw new DomainError('USER_NOT_FOUND', 'No such user');
    return u;
  }

  private async lockPending(m: EntityManager, id: string): Promise<UserEntity> {
    const u = await this.lock(m, id).catch((err: unknown) => {
      if (err instanceof DomainError)
        throw new DomainError('APPLICATION_NOT_FOUND', 'No such application');
      throw err;
    });
    if (u.status !== 'pending') {
      throw new DomainError('APPLICATION_NOT_PENDING', `This application is already ${u.status}`);
    }
    return u;
  }
}
