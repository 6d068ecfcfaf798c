import { Inject, Injectable } from '@nestjs/common';
import type { ChangeEmailResponse, VerifyEmailResponse } from '@contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { isUniqueViolation } from '@api/database/pg-errors';
import { AuditService } from '../audit/audit.service';
import { AdmissionService } from '../invitations/admission.service';
import { MailService } from '../mail/mail.service';
import { UserEntity } from '../users/user.entity';
import { emailChangedMail, verifyEmailMail } from './account.mails';
import { issueAccountToken, useAccountToken } from './account-tokens';
import { verifyPassword } from './passwords';
import { RateLimiter } from '../throttle/rate-limiter';

export const VERIFY_EMAIL_TTL_MS = 24 * 3_600_000;
const RESEND_RULE = { limit: 5, windowMs: 3_600_000 };

const linkInvalid = () =>
  new DomainError(
    'TOKEN_INVALID',
    'This link is not valid: it may have expired or already been used. Ask for a new one.',
    [{ field: 'token', message: 'This link is not valid or has expired' }],
  );

/**
 * Proves addresses: a single-use link (24 h) to the address, for a new account or a new
 * address. Following it marks the address verified; an applicant from an auto-approved domain
 * is approved then, not before; a new address replaces the old, which was told of the change.
 */
@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly admission: AdmissionService,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Mails a link proving `email` for `user` (in the caller's transaction). */
  async send(
    m: EntityManager,
    user: Pick<UserEntity, 'id' | 'name'>,
    email: string,
  ): Promise<void> {
    const token = await issueAccountToken(m, user.id, 'verify_email', email, VERIFY_EMAIL_TTL_MS);
    const link = `${this.config.publicUrl}/verify-email?token=${token}`;
    await this.mail.enqueue(m, verifyEmailMail(user, email, link));
  }

  async verify(token: unknown): Promise<VerifyEmailResponse> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const used = await useAccountToken(m, 'verify_email', token);
        if (!used) throw linkInvalid();
        const user = await m
          .getRepository(UserEntity)
          .createQueryBuilder('u')
          .setLock('pessimistic_write')
          .where('u.id = :id', { id: used.userId })
          .getOne();
        if (!user || user.status === 'disabled') throw linkInvalid();
        const previous = user.email;
        const changed = used.email !== previous;
        user.email = used.email;
        user.emailVerifiedAt = new Date();
        await m.update(
          UserEntity,
          { id: user.id },
          { email: user.email, emailVerifiedAt: user.emailVerifiedAt },
        );
        await this.audit.record(m, {
          actorId: user.id,
          action: changed ? 'account.email_changed' : 'account.email_verified',
          targetType: 'user',
          targetId: user.id,
          detail: changed ? { from: previous, to: user.email } : { email: user.email },
        });
        if (user.status === 'pending') {
          // An auto-approved domain lets the applicant in now that the address is theirs.
          const admission = await this.admission.decide(m, user.email, undefined);
          if (admission) {
            user.status = 'approved';
            user.roles = ['member'];
            user.decidedAt = new Date();
            await m.update(
              UserEntity,
              { id: user.id },
              { status: user.status, roles: user.roles, decidedAt: user.decidedAt },
            );
            await this.admission.admitted(m, user, admission);
          }
        }
        return { emailVerified: true as const, status: user.status, email: user.email };
      });
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_key')) {
        throw new DomainError('EMAIL_TAKEN', 'Another account now uses this address', [
          { field: 'email', message: 'Another account now uses this address' },
        ]);
      }
      throw err;
    }
  }

  /** A fresh link to the account's own address (5 an hour). */
  async resend(caller: AuthUser): Promise<void> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: caller.id });
    if (!user) throw new DomainError('USER_NOT_FOUND');
    if (user.emailVerifiedAt) {
      throw new DomainError('EMAIL_ALREADY_VERIFIED', 'This address is already confirmed');
    }
    await this.limiter.consume(
      [{ key: `verify-resend:${user.id}`, rule: RESEND_RULE }],
      'We have sent several links in the last hour: please check your inbox and spam folder',
    );
    await this.dataSource.transaction((m) => this.send(m, user, user.email));
  }

  /**
   * Starts a change of address: a link to the new one (the change happens when it is
   * followed), a note to the old one. The password confirms it is the owner asking.
   */
  async change(
    caller: AuthUser,
    email: string,
    password: string | undefined,
  ): Promise<ChangeEmailResponse> {
    const user = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id: caller.id })
      .getOne();
    if (!user) throw new DomainError('USER_NOT_FOUND');
    await this.limiter.consume(
      [{ key: `email-change:${user.id}`, rule: RESEND_RULE }],
      'Too many address changes in the last hour: please try again later',
    );
    if (!(await verifyPassword(user.passwordHash, password ?? ''))) {
      throw new DomainError('VALIDATION_FAILED', 'password: This is not your current password', [
        { field: 'password', message: 'This is not your current password' },
      ]);
    }
    const next = email.trim().toLowerCase();
    if (next === user.email) {
      throw new DomainError('VALIDATION_FAILED', 'email: This is already your address', [
        { field: 'email', message: 'This is already your address' },
      ]);
    }
    const taken = await this.dataSource.getRepository(UserEntity).existsBy({ email: next });
    if (taken) {
      throw new DomainError('EMAIL_TAKEN', 'An account with this email already exists', [
        { field: 'email', message: 'An account with this email already exists' },
      ]);
    }
    await this.dataSource.transaction(async (m) => {
      await this.send(m, user, next);
      await this.mail.enqueue(m, emailChangedMail(user, user.email, next));
      await this.audit.record(m, {
        actorId: user.id,
        action: 'account.email_change_requested',
        targetType: 'user',
        targetId: user.id,
        detail: { from: user.email, to: next },
      });
    });
    return { pendingEmail: next };
  }
}
