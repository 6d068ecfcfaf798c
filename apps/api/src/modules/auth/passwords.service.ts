import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { AuditService } from '../audit/audit.service';
import { MailService } from '../mail/mail.service';
import { UserEntity } from '../users/user.entity';
import { passwordChangedMail, resetPasswordMail } from './account.mails';
import { issueAccountToken, useAccountToken } from './account-tokens';
import { assertStrongPassword, personalWords } from './password-policy';
import { hashPassword, verifyPassword } from './passwords';
import { SessionsService } from './sessions.service';
import { RateLimiter } from '../throttle/rate-limiter';

export const RESET_TTL_MS = 30 * 60_000;
const FORGOT_PER_EMAIL = { limit: 3, windowMs: 3_600_000 };
const FORGOT_PER_IP = { limit: 20, windowMs: 3_600_000 };
const CHANGE_PER_USER = { limit: 10, windowMs: 15 * 60_000, growing: true };

/**
 * Password recovery and change. "Forgot" answers the same, at once, whether or not the
 * account exists (the lookup and the mail happen after the answer); a reset link works once
 * for 30 minutes. A reset ends every session, a change every other one; both tell the owner.
 */
@Injectable()
export class PasswordsService {
  private readonly logger = new Logger('Passwords');

  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async forgot(email: string, ip: string): Promise<void> {
    const address = email.trim().toLowerCase();
    await this.limiter.consume(
      [
        { key: `forgot:ip:${ip}`, rule: FORGOT_PER_IP },
        { key: `forgot:email:${address}`, rule: FORGOT_PER_EMAIL },
      ],
      'Too many reset requests: please check your inbox, or try again later',
    );
    // Not awaited: the answer must not wait on (or reveal) whether the account exists.
    this.sendReset(address, ip).catch((err: unknown) =>
      this.logger.error(`reset mail: ${(err as Error).message}`),
    );
  }

  private async sendReset(email: string, ip: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const user = await m.findOne(UserEntity, { where: { email } });
      if (!user || user.status === 'disabled') return;
      const token = await issueAccountToken(m, user.id, 'reset_password', email, RESET_TTL_MS);
      const link = `${this.config.publicUrl}/reset-password?token=${token}`;
      await this.mail.enqueue(m, resetPasswordMail(user, link));
      await this.audit.record(m, {
        actorId: null,
        action: 'auth.password_reset_requested',
        targetType: 'user',
        targetId: user.id,
        detail: { ip },
      });
    });
  }

  async reset(token: unknown, password: string): Promise<void> {
    const ended = await this.dataSource.transaction(async (m) => {
      const used = await useAccountToken(m, 'reset_password', token);
      const user = used ? await m.findOne(UserEntity, { where: { id: used.userId } }) : null;
      if (!used || !user || user.status === 'disabled' || used.email !== user.email) {
        throw new DomainError(
          'TOKEN_INVALID',
          'This reset link is not valid: it may have expired or already been used. Ask for a new one.',
          [{ field: 'token', message: 'This link is not valid or has expired' }],
        );
      }
      assertStrongPassword(password, personalWords(user.name, user.email, user.organisation));
      const now = new Date();
      await m.update(
        UserEntity,
        { id: user.id },
        {
          passwordHash: await hashPassword(password),
          passwordChangedAt: now,
          mustChangePassword: false,
          // The link reached the address, so the address is proved.
          emailVerifiedAt: user.emailVerifiedAt ?? now,
        },
      );
      const ids = await this.sessions.revokeWhere(m, user.id, 'password reset');
      await this.mail.enqueue(m, passwordChangedMail(user, 'reset', this.config.publicUrl));
      await this.audit.record(m, {
        actorId: user.id,
        action: 'auth.password_reset',
        targetType: 'user',
        targetId: user.id,
        detail: { sessionsEnded: ids.length },
      });
      return ids;
    });
    this.sessions.disconnect(ended, 'password reset');
  }

  async change(caller: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    await this.limiter.consume(
      [{ key: `password-change:${caller.id}`, rule: CHANGE_PER_USER }],
      'Too many attempts: please wait and try again',
    );
    const ended = await this.dataSource.transaction(async (m) => {
      const user = await m
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .addSelect('u.passwordHash')
        .setLock('pessimistic_write')
        .where('u.id = :id', { id: caller.id })
        .getOne();
      if (!user) throw new DomainError('USER_NOT_FOUND');
      if (!(await verifyPassword(user.passwordHash, currentPassword))) {
        throw new DomainError(
          'VALIDATION_FAILED',
          'currentPassword: This is not your current password',
          [{ field: 'currentPassword', message: 'This is not your current password' }],
        );
      }
      if (currentPassword === newPassword) {
        throw new DomainError('VALIDATION_FAILED', 'newPassword: Choose a different password', [
          { field: 'newPassword', message: 'Choose a password different from the current one' },
        ]);
      }
      // Named `password`, as the contract names every refused password.
      assertStrongPassword(newPassword, personalWords(user.name, user.email, user.organisation));
      await m.update(
        UserEntity,
        { id: user.id },
        {
          passwordHash: await hashPassword(newPassword),
          passwordChangedAt: new Date(),
          mustChangePassword: false,
        },
      );
      const ids = await this.sessions.revokeWhere(m, user.id, 'password changed', {
        except: caller.sessionId,
      });
      await this.mail.enqueue(m, passwordChangedMail(user, 'changed', this.config.publicUrl));
      await this.audit.record(m, {
        actorId: user.id,
        action: 'auth.password_changed',
        targetType: 'user',
        targetId: user.id,
        detail: { sessionsEnded: ids.length },
      });
      return ids;
    });
    this.sessions.disconnect(ended, 'password changed');
  }
}
