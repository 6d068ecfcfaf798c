import { Injectable } from '@nestjs/common';
import type { SessionResponse } from '@contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { rowsOf } from '@api/database/query-result';
import { AuditService } from '../audit/audit.service';
import { RealtimeServer, sessionRoom } from '../realtime/realtime.server';
import { SessionEntity } from './session.entity';

/**
 * A member's sessions: listed with device, address and times; ended one by one or all but
 * the current. Ending a session revokes its refresh tokens' family and drops its sockets on
 * every instance.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly realtime: RealtimeServer,
  ) {}

  async list(user: AuthUser): Promise<{ items: SessionResponse[] }> {
    const rows = await this.dataSource
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .where('s.user_id = :id AND s.revoked_at IS NULL AND s.expires_at > now()', { id: user.id })
      .orderBy('s.last_used_at', 'DESC')
      .addOrderBy('s.id')
      .limit(100)
      .getMany();
    return {
      items: rows.map((s) => ({
        id: s.id,
        current: s.id === user.sessionId,
        createdAt: s.createdAt.toISOString(),
        lastUsedAt: s.lastUsedAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
        userAgent: s.userAgent,
        ip: s.ip,
        method: s.method,
      })),
    };
  }

  async end(user: AuthUser, sessionId: string): Promise<void> {
    const ended = await this.dataSource.transaction(async (m) => {
      const ids = await this.revokeWhere(m, user.id, 'signed out from the sessions list', {
        only: sessionId,
      });
      if (ids.length === 0) throw new DomainError('SESSION_NOT_FOUND', 'No such session');
      await this.audit.record(m, {
        actorId: user.id,
        action: 'auth.session_ended',
        targetType: 'session',
        targetId: sessionId,
        detail: { current: sessionId === user.sessionId },
      });
      return ids;
    });
    this.disconnect(ended, 'session ended');
  }

  /** Ends every session but the caller's own. */
  async endOthers(user: AuthUser): Promise<{ ended: number }> {
    const ended = await this.dataSource.transaction(async (m) => {
      const ids = await this.revokeWhere(m, user.id, 'signed out from another session', {
        except: user.sessionId,
      });
      await this.audit.record(m, {
        actorId: user.id,
        action: 'auth.sessions_ended',
        targetType: 'user',
        targetId: user.id,
        detail: { count: ids.length },
      });
      return ids;
    });
    this.disconnect(ended, 'session ended');
    return { ended: ended.length };
  }

  /**
   * Revokes a user's live sessions in the caller's transaction (all, all but one, or one);
   * answers their ids, whose sockets `disconnect` drops after commit.
   */
  async revokeWhere(
    m: EntityManager,
    userId: string,
    reason: string,
    which: { except?: string; only?: string } = {},
  ): Promise<string[]> {
    const rows = rowsOf<{ id: string }>(
      await m.query(
        `UPDATE sessions SET revoked_at = now(), revoked_reason = $2
          WHERE user_id = $1 AND revoked_at IS NULL
            AND ($3::uuid IS NULL OR id <> $3::uuid) AND ($4::uuid IS NULL OR id = $4::uuid)
          RETURNING id`,
        [userId, reason, which.except ?? null, which.only ?? null],
      ),
    );
    return rows.map((r) => r.id);
  }

  disconnect(sessionIds: string[], reason: string): void {
    for (const id of sessionIds) this.realtime.disconnect(sessionRoom(id), reason);
  }
}
