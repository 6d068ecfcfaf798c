import { Injectable } from '@nestjs/common';
import { rooms, type ErasureResponse } from '@contracts';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { requireStepUp } from '@api/common/step-up';
import { AuditService } from '../audit/audit.service';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { DocumentFilesService } from '../documents/document-files.service';
import { NotificationsService } from '../notifications/notifications.service';
import { RealtimeServer, sessionRoom } from '../realtime/realtime.server';
import { RateLimiter } from '../throttle/rate-limiter';
import { DataRightsRepository } from './data-rights.repository';

/** Password attempts at closing an account, per account. */
const CLOSE_RULE = { limit: 5, windowMs: 15 * 60_000 };

/**
 * Erasure: a member closes their own account, or an admin erases one on the member's
 * request. The profile and every credential go; contributions stay as "Former member";
 * uploads are kept or removed as asked; every session and socket ends. Audited as a new row
 * naming the account id only.
 */
@Injectable()
export class ErasureService {
  private unusable: Promise<string> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: DataRightsRepository,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly files: DocumentFilesService,
    private readonly realtime: RealtimeServer,
    private readonly limiter: RateLimiter,
  ) {}

  /** The member closes their own account, confirming with their password (and a fresh factor). */
  async close(user: AuthUser, password: string, keepUploads: boolean): Promise<ErasureResponse> {
    requireStepUp(user);
    await this.limiter.consume(
      [{ key: `account-close:${user.id}`, rule: CLOSE_RULE }],
      'Too many attempts: please wait and try again',
    );
    const [row] = await this.dataSource.query<{ password_hash: string }[]>(
      `SELECT password_hash FROM users WHERE id = $1`,
      [user.id],
    );
    if (!(await verifyPassword(row?.password_hash ?? null, password))) {
      throw new DomainError('VALIDATION_FAILED', 'password: This is not your password', [
        { field: 'password', message: 'This is not your password' },
      ]);
    }
    return this.erase(user.id, keepUploads, {
      actorId: user.id,
      action: 'account.closed',
      detail: { uploads: keepUploads ? 'kept' : 'removed' },
    });
  }

  /** An admin erases another account on its owner's request, with a fresh second factor. */
  async eraseByAdmin(
    actor: AuthUser,
    id: string,
    reason: string,
    keepUploads: boolean,
  ): Promise<ErasureResponse> {
    if (!(await this.repo.userExists(id))) throw new DomainError('USER_NOT_FOUND', 'No such user');
    if (!actor.hasFactor) {
      throw new DomainError(
        'FACTOR_REQUIRED',
        'Erasing an account needs a second factor on yours: set one up first',
      );
    }
    requireStepUp(actor);
    if (id === actor.id) {
      throw new DomainError(
        'CANNOT_CHANGE_OWN_ACCOUNT',
        'You cannot erase your own account here: close it from your account page',
      );
    }
    return this.erase(id, keepUploads, {
      actorId: actor.id,
      action: 'user.erased',
      detail: { reason, uploads: keepUploads ? 'kept' : 'removed' },
    });
  }

  private async erase(
    id: string,
    keepUploads: boolean,
    record: { actorId: string; action: string; detail: Record<string, unknown> },
  ): Promise<ErasureResponse> {
    this.unusable ??= hashPassword(randomBytes(32).toString('base64url'));
    const unusable = await this.unusable;
    const done = await this.dataSource.transaction(async (m) => {
      const user = await this.repo.lockUser(m, id);
      if (!user) throw new DomainError('USER_NOT_FOUND', 'No such user');
      if (user.erased_at) throw new DomainError('ACCOUNT_ERASED', 'This account is already erased');
      if (user.roles.includes('admin') && user.status === 'approved') {
        if ((await this.repo.otherAdmins(m, id)) === 0) {
          throw new DomainError('LAST_ADMIN', 'The last admin cannot be erased');
        }
      }
      let removed = { ids: [] as string[], keys: [] as string[] };
      if (!keepUploads) {
        removed = await this.repo.deleteUploads(m, id);
        for (const docId of removed.ids) {
          await this.notifications.publish(m, 'document.removed', [rooms.members], {
            id: docId,
            reason: 'deleted',
          });
        }
      }
      const exportKeys = await this.repo.deleteExports(m, id);
      const sessions = await this.repo.deleteSessions(m, id);
      await this.repo.eraseProfile(m, user, unusable);
      await this.audit.record(m, {
        actorId: record.actorId,
        action: record.action,
        targetType: 'user',
        targetId: id,
        detail: record.detail,
      });
      return {
        sessions,
        keys: [...removed.keys, ...exportKeys],
        uploadsRemoved: removed.ids.length,
      };
    });
    this.realtime.disconnect(rooms.user(id), 'account closed');
    for (const s of done.sessions) this.realtime.disconnect(sessionRoom(s), 'account closed');
    if (done.keys.length > 0) await this.files.release(done.keys);
    return { id, erased: true, uploadsRemoved: done.uploadsRemoved };
  }
}
