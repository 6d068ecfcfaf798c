import { Inject, Injectable } from '@nestjs/common';
import type { RecoveryCodesResponse, StepUpResponse, TotpSetupResponse } from '@contracts';
import { Secret, TOTP } from 'otpauth';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { requireStepUp, STEP_UP_TTL_MS } from '@api/common/step-up';
import { APP_CONFIG, mfaRequiredFor, type AppConfig } from '@api/config/app-config';
import { Keys, KEYS } from '@api/config/keys';
import { rowsOf } from '@api/database/query-result';
import { AuditService } from '../audit/audit.service';
import { MailService } from '../mail/mail.service';
import { RealtimeServer } from '../realtime/realtime.server';
import { UserEntity } from '../users/user.entity';
import { securityChangedMail } from './account.mails';
import { AuthChallengesService } from './auth-challenges.service';
import {
  AuthService,
  MFA_LOGIN,
  type IssuedSession,
  type MfaLoginData,
  type SignInContext,
} from './auth.service';
import { RecoveryCodeEntity } from './mfa.entities';
import { PasskeysService } from './passkeys.service';
import { hashRecoveryCode, issueRecoveryCodes, normaliseRecoveryCode } from './recovery-codes';
import { verifyPassword } from './passwords';
import { SecretBox } from '@api/common/secret-box';
import { TokenService } from './token.service';
import { RateLimiter } from '../throttle/rate-limiter';

const ISSUER = 'OCVRN';
/** Wrong codes against one pending sign-in before it is dropped. */
const MAX_ATTEMPTS = 5;
/** Second-factor codes per account, whatever the route: 10 a quarter-hour, then growing waits. */
const CODE_RULE = { limit: 10, windowMs: 15 * 60_000, growing: true };

const codeInvalid = () =>
  new DomainError(
    'CODE_INVALID',
    'That code is not right: check your authenticator app and try again',
    [{ field: 'code', message: 'Enter the current 6-digit code, or one of your recovery codes' }],
  );

function totpFor(secret: string, label: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });
}

/**
 * Second factors other than passkeys: TOTP (an authenticator app; a code is good once) with
 * ten single-use recovery codes stored hashed; the second step of a sign-in; and step-up,
 * a fresh factor that routes such as granting a staff role ask for.
 */
@Injectable()
export class MfaService {
  private readonly box: SecretBox;

  constructor(
    private readonly dataSource: DataSource,
    private readonly auth: AuthService,
    private readonly tokens: TokenService,
    private readonly challenges: AuthChallengesService,
    private readonly passkeys: PasskeysService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly limiter: RateLimiter,
    private readonly realtime: RealtimeServer,
    @Inject(KEYS) keys: Keys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.box = new SecretBox(keys.for('totp'));
  }

  /** A new secret for the authenticator app; TOTP is on only once a code from it is confirmed. */
  async setupTotp(caller: AuthUser): Promise<TotpSetupResponse> {
    const user = await this.load(caller.id);
    if (user.totpConfirmedAt) {
      throw new DomainError('TOTP_ALREADY_ENABLED', 'An authenticator app is already set up');
    }
    // With a passkey already on the account, adding a factor is confirmed with it.
    requireStepUp(caller);
    const secret = new Secret({ size: 20 }).base32;
    await this.dataSource
      .getRepository(UserEntity)
      .update({ id: user.id }, { totpSecret: this.box.seal(secret), totpLastStep: null });
    return { secret, otpauthUrl: totpFor(secret, user.email).toString() };
  }

  async confirmTotp(caller: AuthUser, code: string): Promise<RecoveryCodesResponse> {
    await this.countCode(caller.id);
    const result = await this.dataSource.transaction(async (m) => {
      const user = await this.load(caller.id, m, true);
      if (user.totpConfirmedAt) {
        throw new DomainError('TOTP_ALREADY_ENABLED', 'An authenticator app is already set up');
      }
      if (!user.totpSecret || !(await this.checkTotp(m, user, code))) throw codeInvalid();
      await m.update(UserEntity, { id: user.id }, { totpConfirmedAt: new Date() });
      const recoveryCodes = await issueRecoveryCodes(m, user.id);
      await this.audit.record(m, {
        actorId: user.id,
        action: 'mfa.totp_enrolled',
        targetType: 'user',
        targetId: user.id,
      });
      await this.mail.enqueue(
        m,
        securityChangedMail(user, 'An authenticator app was set up as a second factor'),
      );
      return { recoveryCodes };
    });
    // A role that waited for a factor now reaches the user's open sockets.
    this.realtime.joinRoleRooms(caller.id, caller.roles);
    return result;
  }

  async disableTotp(caller: AuthUser, code: string): Promise<void> {
    await this.countCode(caller.id);
    await this.dataSource.transaction(async (m) => {
      const user = await this.load(caller.id, m, true);
      if (!user.totpConfirmedAt)
        throw new DomainError('TOTP_NOT_ENABLED', 'No authenticator app is set up');
      if (!(await this.checkCode(m, user, code))) throw codeInvalid();
      const passkeys = await this.passkeys.count(user.id, m);
      if (passkeys === 0 && mfaRequiredFor(caller.roles, this.config)) {
        throw new DomainError(
          'LAST_FACTOR',
          'Your role needs a second factor: add a passkey before removing the authenticator app',
        );
      }
      await m.update(
        UserEntity,
        { id: user.id },
        { totpSecret: null, totpConfirmedAt: null, totpLastStep: null },
      );
      if (passkeys === 0) await m.delete(RecoveryCodeEntity, { userId: user.id });
      await this.audit.record(m, {
        actorId: user.id,
        action: 'mfa.totp_removed',
        targetType: 'user',
        targetId: user.id,
      });
      await this.mail.enqueue(
        m,
        securityChangedMail(user, 'The authenticator app was removed from your account'),
      );
    });
  }

  /**
   * A new set of recovery codes (the old ones stop working), confirmed with a current code, or,
   * without one (a passkey-only account has none), by a fresh step-up.
   */
  async regenerateRecoveryCodes(
    caller: AuthUser,
    code: string | undefined,
  ): Promise<RecoveryCodesResponse> {
    await this.countCode(caller.id);
    return this.dataSource.transaction(async (m) => {
      const user = await this.load(caller.id, m, true);
      const passkeys = await this.passkeys.count(user.id, m);
      if (!user.totpConfirmedAt && passkeys === 0) {
        throw new DomainError('TOTP_NOT_ENABLED', 'Set up a second factor first');
      }
      if (code === undefined) requireStepUp(caller);
      else if (!(await this.checkCode(m, user, code))) throw codeInvalid();
      const recoveryCodes = await issueRecoveryCodes(m, user.id);
      await this.audit.record(m, {
        actorId: user.id,
        action: 'mfa.recovery_codes_regenerated',
        targetType: 'user',
        targetId: user.id,
      });
      return { recoveryCodes };
    });
  }

  /** The second step of a sign-in: a TOTP or recovery code for the pending `mfaToken`. */
  async completeLogin(
    mfaToken: string,
    code: string,
  ): Promise<{ issued: IssuedSession; email: string }> {
    const invalid = () =>
      new DomainError(
        'MFA_TOKEN_INVALID',
        'This sign-in has expired: enter your email and password again',
      );
    const pending = await this.challenges.peek<MfaLoginData>(MFA_LOGIN, mfaToken);
    if (!pending?.userId) throw invalid();
    await this.countCode(pending.userId);
    const user = await this.load(pending.userId);
    const how = await this.checkCode(this.dataSource.manager, user, code);
    if (!how) {
      const attempts = (pending.data.attempts ?? 0) + 1;
      if (attempts >= MAX_ATTEMPTS) await this.challenges.remove(pending.id);
      else await this.challenges.update(pending.id, { attempts });
      await this.audit.record(this.dataSource.manager, {
        actorId: user.id,
        action: 'auth.sign_in_failed',
        targetType: 'user',
        targetId: user.id,
        detail: { reason: 'wrong second-factor code', ip: pending.data.ip },
      });
      throw codeInvalid();
    }
    // Taking it deletes it: of two requests with right codes, one signs in.
    const taken = await this.challenges.take<MfaLoginData>(MFA_LOGIN, mfaToken);
    if (!taken) throw invalid();
    const ctx: SignInContext = { ip: taken.data.ip, userAgent: taken.data.userAgent ?? undefined };
    const method = `${taken.data.method}+${how}`;
    const issued = await this.auth.startSession(user, { ...ctx, method, stepUp: true });
    await this.auth.recordSignIn(user.id, issued.sessionId, method, ctx);
    if (how === 'recovery') await this.recoveryUsed(user);
    return { issued, email: user.email };
  }

  /** A fresh factor for the routes that ask for one: a new access token of this session. */
  async stepUp(
    caller: AuthUser,
    proof: { code?: string; passkey?: unknown; password?: string },
  ): Promise<StepUpResponse> {
    await this.countCode(caller.id);
    const user = await this.load(caller.id, this.dataSource.manager, true);
    let how: string | null = null;
    if (proof.passkey !== undefined) {
      how = (await this.passkeys.verifyStepUp(caller.id, proof.passkey)) ? 'passkey' : null;
    } else if (typeof proof.code === 'string') {
      how = await this.checkCode(this.dataSource.manager, user, proof.code);
    } else if (typeof proof.password === 'string' && !caller.hasFactor) {
      const withHash = await this.dataSource
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .addSelect('u.passwordHash')
        .where('u.id = :id', { id: caller.id })
        .getOne();
      how = (await verifyPassword(withHash?.passwordHash ?? null, proof.password))
        ? 'password'
        : null;
    }
    if (!how) {
      if (proof.passkey !== undefined) {
        throw new DomainError('PASSKEY_INVALID', 'That passkey could not be verified');
      }
      throw codeInvalid();
    }
    if (how === 'recovery') await this.recoveryUsed(user);
    await this.audit.record(this.dataSource.manager, {
      actorId: caller.id,
      action: 'auth.step_up',
      targetType: 'session',
      targetId: caller.sessionId,
      detail: { method: how },
    });
    const now = new Date();
    const signed = this.tokens.sign(caller.id, caller.sessionId, now);
    return { ...signed, stepUpUntil: new Date(now.getTime() + STEP_UP_TTL_MS).toISOString() };
  }

  /** Counts a code attempt for the account before any code is checked. */
  private countCode(userId: string): Promise<unknown> {
    return this.limiter.consume(
      [{ key: `mfa:${userId}`, rule: CODE_RULE }],
      'Too many codes tried: please wait before trying again',
    );
  }

  /** A TOTP code (good once) or an unused recovery code of the user. */
  private async checkCode(
    m: EntityManager,
    user: UserEntity,
    code: string,
  ): Promise<'totp' | 'recovery' | null> {
    const trimmed = code.replace(/\s/g, '');
    if (/^\d{6}$/.test(trimmed)) {
      return user.totpConfirmedAt && (await this.checkTotp(m, user, trimmed)) ? 'totp' : null;
    }
    const normal = normaliseRecoveryCode(code);
    if (!/^[a-z0-9]{10}$/.test(normal)) return null;
    const used = rowsOf<{ id: string }>(
      await m.query(
        `UPDATE mfa_recovery_codes SET used_at = now()
          WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
        [user.id, hashRecoveryCode(normal)],
      ),
    );
    return used.length > 0 ? 'recovery' : null;
  }

  /** Checks a code against the secret (one step either side) and uses up its step. */
  private async checkTotp(m: EntityManager, user: UserEntity, code: string): Promise<boolean> {
    const secret = user.totpSecret ? this.box.open(user.totpSecret) : null;
    if (!secret || !/^\d{6}$/.test(code.trim())) return false;
    const totp = totpFor(secret, user.email);
    const delta = totp.validate({ token: code.trim(), window: 1 });
    if (delta === null) return false;
    const step = totp.counter() + delta;
    const claimed = rowsOf<{ id: string }>(
      await m.query(
        `UPDATE users SET totp_last_step = $2
          WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id`,
        [user.id, step],
      ),
    );
    return claimed.length > 0;
  }

  private async recoveryUsed(user: UserEntity): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [left] = await m.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL',
        [user.id],
      );
      await this.audit.record(m, {
        actorId: user.id,
        action: 'mfa.recovery_code_used',
        targetType: 'user',
        targetId: user.id,
        detail: { left: left?.n ?? 0 },
      });
      await this.mail.enqueue(
        m,
        securityChangedMail(user, `A recovery code was used to sign in; ${left?.n ?? 0} are left`),
      );
    });
  }

  private async load(
    userId: string,
    m: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<UserEntity> {
    let q = m
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.totpSecret')
      .where('u.id = :id', { id: userId });
    if (lock && m.queryRunner?.isTransactionActive) q = q.setLock('pessimistic_write');
    const user = await q.getOne();
    if (!user || user.status === 'disabled') throw new DomainError('USER_NOT_FOUND');
    return user;
  }
}
