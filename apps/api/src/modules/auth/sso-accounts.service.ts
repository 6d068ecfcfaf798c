import { Injectable } from '@nestjs/common';
import { rooms, SECTOR_IDS, type SectorId } from '@contracts';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '@api/common/domain-error';
import type { OidcProviderConfig } from '@api/config/app-config';
import { isUniqueViolation } from '@api/database/pg-errors';
import { AuditService } from '../audit/audit.service';
import { AdmissionService, type Admission } from '../invitations/admission.service';
import { NotificationsService } from '../notifications/notifications.service';
import { toApplicationResponse } from '../users/dto/user.response';
import { UserEntity } from '../users/user.entity';
import { PasskeyEntity, RecoveryCodeEntity, UserIdentityEntity } from './mfa.entities';
import { hashPassword } from './passwords';
import { SessionsService } from './sessions.service';
import { displayName } from './sso-rules';

/** What a provider asserted about the person signing in (already checked by SsoService). */
export interface SsoIdentity {
  subject: string;
  /** Verified by the provider, lower case, in one of its domains. */
  email: string;
  /** From the claims; empty when the provider sent none. */
  name: string;
}

export interface SsoAccount {
  user: UserEntity;
  /** How the account was found: by an earlier sign-in, linked now by its address, or made now. */
  how: 'identity' | 'linked' | 'created';
  /** Sessions ended because the address was never proved before (their sockets to drop). */
  endedSessions: string[];
}

/** Accounts made by single sign-on are in this sector until their owner edits the profile. */
const SSO_SECTOR: SectorId = 'law-enforcement';
const SSO_COUNTRY = 'GB';

const disabled = () => new DomainError('ACCOUNT_DISABLED', 'This account has been disabled');

/**
 * The account a single sign-on lands in, in one transaction: the one linked to the provider's
 * subject; else the one with the verified address, linked now; else a new one (approved at once
 * when the provider skips approval or the domain is auto-approved, else a pending application
 * announced to admins). Disabled accounts are refused.
 */
@Injectable()
export class SsoAccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly admission: AdmissionService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly sessions: SessionsService,
  ) {
    if (!(SECTOR_IDS as readonly string[]).includes(SSO_SECTOR)) {
      throw new Error(`sector ${SSO_SECTOR} is not in the taxonomy`);
    }
  }

  async resolve(provider: OidcProviderConfig, who: SsoIdentity): Promise<SsoAccount> {
    // An unusable password for accounts that never had one of their own: made only when needed.
    let unusable: Promise<string> | null = null;
    const unusableHash = () => (unusable ??= hashPassword(randomBytes(32).toString('base64url')));
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((m) =>
          this.resolveIn(m, provider, who, unusableHash),
        );
      } catch (err) {
        // Two first sign-ins at once: the loser finds what the winner made.
        const race =
          isUniqueViolation(err, 'users_email_key') ||
          isUniqueViolation(err, 'user_identities_subject_key');
        if (!race || attempt >= 3) throw err;
      }
    }
  }

  private async resolveIn(
    m: EntityManager,
    provider: OidcProviderConfig,
    who: SsoIdentity,
    unusableHash: () => Promise<string>,
  ): Promise<SsoAccount> {
    const now = new Date();
    const identity = await m
      .getRepository(UserIdentityEntity)
      .createQueryBuilder('i')
      .setLock('pessimistic_write')
      .where('i.provider = :provider AND i.subject = :subject', {
        provider: provider.id,
        subject: who.subject,
      })
      .getOne();
    let result: SsoAccount;
    if (identity) {
      const user = await this.lockUser(m, 'u.id = :id', { id: identity.userId });
      if (!user) throw new DomainError('SSO_FAILED', 'This sign-in could not be completed');
      if (user.status === 'disabled') throw disabled();
      await m.update(
        UserIdentityEntity,
        { id: identity.id },
        { lastUsedAt: now, email: who.email },
      );
      result = { user, how: 'identity', endedSessions: [] };
    } else {
      const user = await this.lockUser(m, 'u.email = :email', { email: who.email });
      if (user) {
        if (user.status === 'disabled') throw disabled();
        result = await this.link(m, provider, user, who, unusableHash);
      } else {
        return this.create(m, provider, who, await unusableHash());
      }
    }
    if (result.user.status === 'pending') await this.admitIfVouched(m, provider, result.user);
    return result;
  }

  private lockUser(
    m: EntityManager,
    where: string,
    params: Record<string, string>,
  ): Promise<UserEntity | null> {
    return m
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where(where, params)
      .getOne();
  }

  /**
   * Links the provider's subject to the account with the same address, which the provider has
   * just proved. An account whose address was never proved may have been opened by someone
   * else in its owner's name: whatever credentials it holds are withdrawn (password, second
   * factors, sessions); the owner can set a password through "forgot password".
   */
  private async link(
    m: EntityManager,
    provider: OidcProviderConfig,
    user: UserEntity,
    who: SsoIdentity,
    unusableHash: () => Promise<string>,
  ): Promise<SsoAccount> {
    const now = new Date();
    await m.insert(UserIdentityEntity, {
      userId: user.id,
      provider: provider.id,
      subject: who.subject,
      email: who.email,
      lastUsedAt: now,
    });
    const unproved = !user.emailVerifiedAt;
    let endedSessions: string[] = [];
    if (unproved) {
      user.emailVerifiedAt = now;
      user.totpConfirmedAt = null;
      user.mustChangePassword = false;
      await m.update(
        UserEntity,
        { id: user.id },
        {
          emailVerifiedAt: now,
          passwordHash: await unusableHash(),
          passwordChangedAt: now,
          mustChangePassword: false,
          totpSecret: null,
          totpConfirmedAt: null,
          totpLastStep: null,
        },
      );
      await m.delete(RecoveryCodeEntity, { userId: user.id });
      await m.delete(PasskeyEntity, { userId: user.id });
      endedSessions = await this.sessions.revokeWhere(
        m,
        user.id,
        'address proved by single sign-on: earlier credentials withdrawn',
      );
    }
    await this.audit.record(m, {
      actorId: user.id,
      action: 'auth.sso_linked',
      targetType: 'user',
      targetId: user.id,
      detail: {
        provider: provider.id,
        subject: who.subject,
        email: who.email,
        emailVerifiedNow: unproved,
        credentialsWithdrawn: unproved,
      },
    });
    return { user, how: 'linked', endedSessions };
  }

  private async create(
    m: EntityManager,
    provider: OidcProviderConfig,
    who: SsoIdentity,
    passwordHash: string,
  ): Promise<SsoAccount> {
    const now = new Date();
    const admission = await this.vouch(m, provider, who.email);
    const user = m.create(UserEntity, {
      email: who.email,
      passwordHash,
      passwordChangedAt: null,
      name: displayName(who.name, who.email),
      organisation: provider.label.slice(0, 200),
      sector: SSO_SECTOR,
      country: SSO_COUNTRY,
      statement: '',
      status: admission ? 'approved' : 'pending',
      roles: admission ? ['member'] : [],
      decidedAt: admission ? now : null,
      decidedBy: null,
      emailVerifiedAt: now,
    });
    await m.save(user);
    await m.insert(UserIdentityEntity, {
      userId: user.id,
      provider: provider.id,
      subject: who.subject,
      email: who.email,
      lastUsedAt: now,
    });
    await this.audit.record(m, {
      actorId: user.id,
      action: 'auth.sso_account_created',
      targetType: 'user',
      targetId: user.id,
      detail: { provider: provider.id, subject: who.subject, email: who.email },
    });
    if (admission) {
      await this.admission.admitted(m, user, admission);
    } else {
      await this.notifications.publish(m, 'member.application.created', [rooms.role('admin')], {
        application: toApplicationResponse(user),
      });
    }
    return { user, how: 'created', endedSessions: [] };
  }

  /** A pending applicant whom the provider (or an auto-approved domain) vouches for is let in. */
  private async admitIfVouched(
    m: EntityManager,
    provider: OidcProviderConfig,
    user: UserEntity,
  ): Promise<void> {
    if (!user.emailVerifiedAt) return;
    const admission = await this.vouch(m, provider, user.email);
    if (!admission) return;
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

  private async vouch(
    m: EntityManager,
    provider: OidcProviderConfig,
    email: string,
  ): Promise<Admission | null> {
    if (provider.skipApproval) return { kind: 'provider', provider: provider.id };
    return this.admission.decide(m, email, undefined);
  }
}
