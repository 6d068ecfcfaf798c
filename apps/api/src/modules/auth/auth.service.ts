import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MfaChallengeResponse, MfaMethod, RegisterResponse, UserResponse } from '@contracts';
import { rooms } from '@contracts';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, mfaRequiredFor, type AppConfig } from '@api/config/app-config';
import { DomainError } from '@api/common/domain-error';
import { isUniqueViolation } from '@api/database/pg-errors';
import { AuditService } from '../audit/audit.service';
import { AdmissionService } from '../invitations/admission.service';
import { NotificationsService } from '../notifications/notifications.service';
import { RealtimeServer, sessionRoom } from '../realtime/realtime.server';
import { toApplicationResponse, toUserResponse } from '../users/dto/user.response';
import { UserEntity } from '../users/user.entity';
import { AuthChallengesService } from './auth-challenges.service';
import type { RegisterDto } from './dto/register.dto';
import { EmailVerificationService } from './email-verification.service';
import { countPasskeys } from './factors';
import { assertStrongPassword, personalWords } from './password-policy';
import { hashPassword, verifyPassword } from './passwords';
import { RefreshTokenEntity } from './refresh-token.entity';
import { SessionEntity } from './session.entity';
import { TokenService } from './token.service';

export interface IssuedSession {
  accessToken: string;
  expiresIn: number;
  user: UserResponse;
  refreshToken: string;
  refreshExpiresAt: Date;
  sessionId: string;
}

/** Where a sign-in comes from: kept on the session for its owner's list. */
export interface SignInContext {
  ip: string;
  userAgent?: string;
}

export interface SessionOptions extends SignInContext {
  /** How it began: `password`, `password+totp`, `password+recovery`, `passkey`, `sso:<id>`… */
  method: string;
  /** A factor was proved just now: the first access token counts as a fresh step-up. */
  stepUp?: boolean;
}

export const MFA_LOGIN = 'mfa_login';
export const MFA_LOGIN_TTL_MS = 5 * 60_000;

export interface MfaLoginData {
  attempts: number;
  ip: string;
  userAgent: string | null;
  method: string;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest();

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    private readonly notifications: NotificationsService,
    private readonly realtime: RealtimeServer,
    private readonly admission: AdmissionService,
    private readonly audit: AuditService,
    private readonly challenges: AuthChallengesService,
    private readonly verification: EmailVerificationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * An application to join: a pending account, announced live to admins, and a link to prove
   * the address. A valid invitation for this address proves it and approves at once (recorded
   * by AdmissionService in the same transaction); an auto-approved email domain approves only
   * when the address is proved (EmailVerificationService.verify).
   */
  async register(dto: RegisterDto): Promise<RegisterResponse> {
    assertStrongPassword(dto.password, personalWords(dto.name, dto.email, dto.organisation));
    const passwordHash = await hashPassword(dto.password);
    try {
      return await this.dataSource.transaction(async (m) => {
        const invited =
          typeof dto.invitation === 'string'
            ? await this.admission.decide(m, dto.email, dto.invitation)
            : null;
        const now = new Date();
        const user = m.create(UserEntity, {
          email: dto.email,
          passwordHash,
          passwordChangedAt: now,
          name: dto.name,
          organisation: dto.organisation,
          sector: dto.sector,
          country: dto.country,
          statement: dto.statement ?? '',
          status: invited ? 'approved' : 'pending',
          roles: invited ? ['member'] : [],
          decidedAt: invited ? now : null,
          decidedBy: null,
          emailVerifiedAt: invited ? now : null,
        });
        await m.save(user);
        if (invited) {
          await this.admission.admitted(m, user, invited);
          return { id: user.id, status: 'approved' as const, emailVerified: true };
        }
        await this.verification.send(m, user, user.email);
        // From an auto-approved domain, the proved address decides, not an admin: the queue
        // hears of it only otherwise.
        const byDomain = await this.admission.decide(m, user.email, undefined);
        if (!byDomain) {
          await this.notifications.publish(m, 'member.application.created', [rooms.role('admin')], {
            application: toApplicationResponse(user),
          });
        }
        return { id: user.id, status: 'pending' as const, emailVerified: false };
      });
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_key')) {
        throw new DomainError('EMAIL_TAKEN', 'An account with this email already exists', [
          { field: 'email', message: 'An account with this email already exists' },
        ]);
      }
      throw err;
    }
  }

  /** passport-local's check: the user for a right email and password, else null. */
  async validateCredentials(email: string, password: string): Promise<UserEntity | null> {
    const user = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: email.trim().toLowerCase() })
      .getOne();
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    return ok && user ? user : null;
  }

  /**
   * After a right password (or a provider's word, `method` 'sso:<id>'): a session at once, or,
   * when the account has a second factor, a pending sign-in (`mfaToken`) that
   * `POST /auth/login/mfa` or a passkey completes.
   */
  async signIn(
    user: UserEntity,
    ctx: SignInContext,
    method = 'password',
  ): Promise<IssuedSession | MfaChallengeResponse> {
    if (user.status === 'disabled') {
      throw new DomainError('ACCOUNT_DISABLED', 'This account has been disabled');
    }
    const passkeys = await countPasskeys(this.dataSource.manager, user.id);
    const methods: MfaMethod[] = [];
    if (user.totpConfirmedAt) methods.push('totp', 'recovery');
    else if (passkeys > 0) methods.push('recovery');
    if (passkeys > 0) methods.push('passkey');
    if (methods.length === 0) {
      const issued = await this.startSession(user, { ...ctx, method });
      await this.recordSignIn(user.id, issued.sessionId, method, ctx);
      return issued;
    }
    const data: MfaLoginData = {
      attempts: 0,
      ip: ctx.ip,
      userAgent: ctx.userAgent?.slice(0, 300) ?? null,
      method,
    };
    const mfaToken = await this.challenges.create(MFA_LOGIN, user.id, data, MFA_LOGIN_TTL_MS);
    return { mfaRequired: true, mfaToken, methods };
  }

  /** A new session for a user whose credentials (and factors) were proved. */
  async startSession(user: UserEntity, options: SessionOptions): Promise<IssuedSession> {
    if (user.status === 'disabled') {
      throw new DomainError('ACCOUNT_DISABLED', 'This account has been disabled');
    }
    return this.dataSource.transaction(async (m) => {
      const session = await m.save(
        m.create(SessionEntity, {
          userId: user.id,
          userAgent: options.userAgent?.slice(0, 300) ?? null,
          ip: options.ip.slice(0, 64),
          method: options.method,
          expiresAt: new Date(Date.now() + this.config.sessionMaxDays * 86_400_000),
        }),
      );
      const refresh = await this.issueRefresh(m, session);
      return {
        ...this.tokens.sign(user.id, session.id, options.stepUp ? new Date() : null),
        user: await this.userResponse(user, m),
        refreshToken: refresh.token,
        refreshExpiresAt: refresh.expiresAt,
        sessionId: session.id,
      };
    });
  }

  /** Audits a completed sign-in. */
  async recordSignIn(
    userId: string,
    sessionId: string,
    method: string,
    ctx: SignInContext,
  ): Promise<void> {
    await this.audit.record(this.dataSource.manager, {
      actorId: userId,
      action: 'auth.sign_in',
      targetType: 'session',
      targetId: sessionId,
      detail: { method, ip: ctx.ip, userAgent: ctx.userAgent?.slice(0, 300) ?? null },
    });
  }

  /**
   * Rotates a refresh token: each is good once. Presenting one that was already used means
   * it was copied, so the whole session (the token family) is revoked and audited.
   */
  async refresh(raw: string | undefined): Promise<IssuedSession> {
    const invalid = () => new DomainError('REFRESH_TOKEN_INVALID', 'Sign in again');
    const parsed = raw ? /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(raw) : null;
    if (!parsed) throw invalid();
    const [, tokenId, secret] = parsed;
    const outcome = await this.dataSource.transaction(async (m) => {
      const token = await m
        .getRepository(RefreshTokenEntity)
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .where('t.id = :id', { id: tokenId })
        .getOne();
      if (!token || !timingSafeEqual(token.tokenHash, sha256(secret)))
        return { kind: 'invalid' as const };
      const session = await m.findOne(SessionEntity, { where: { id: token.sessionId } });
      if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now())
        return { kind: 'invalid' as const };
      if (token.usedAt) {
        await this.revoke(m, session.id, 'refresh token reused');
        await this.audit.record(m, {
          actorId: session.userId,
          action: 'auth.refresh_token_reused',
          targetType: 'session',
          targetId: session.id,
          detail: { tokenId: token.id },
        });
        return { kind: 'reused' as const, sessionId: session.id };
      }
      if (token.expiresAt.getTime() <= Date.now()) return { kind: 'invalid' as const };
      const user = await m.findOne(UserEntity, { where: { id: session.userId } });
      if (!user || user.status === 'disabled') return { kind: 'invalid' as const };
      await m.update(RefreshTokenEntity, { id: token.id }, { usedAt: new Date() });
      await m.update(SessionEntity, { id: session.id }, { lastUsedAt: new Date() });
      const next = await this.issueRefresh(m, session);
      return {
        kind: 'ok' as const,
        issued: {
          ...this.tokens.sign(user.id, session.id),
          user: await this.userResponse(user, m),
          refreshToken: next.token,
          refreshExpiresAt: next.expiresAt,
          sessionId: session.id,
        },
      };
    });
    if (outcome.kind === 'ok') return outcome.issued;
    if (outcome.kind === 'reused') {
      this.logger.warn(`refresh token reuse: session ${outcome.sessionId} revoked`);
      this.realtime.disconnect(sessionRoom(outcome.sessionId), 'session revoked');
    }
    throw invalid();
  }

  /** Ends a session, found by refresh token or by the access token's session id. */
  async logout(raw: string | undefined, sessionId: string | undefined): Promise<void> {
    let sid = sessionId;
    const parsed = raw ? /^([0-9a-f-]{36})\./.exec(raw) : null;
    if (!sid && parsed) {
      const token = await this.dataSource
        .getRepository(RefreshTokenEntity)
        .findOne({ where: { id: parsed[1] } });
      sid = token?.sessionId;
    }
    if (!sid) return;
    await this.dataSource.transaction((m) => this.revoke(m, sid, 'signed out'));
    this.realtime.disconnect(sessionRoom(sid), 'signed out');
  }

  async me(userId: string): Promise<UserResponse> {
    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { id: userId } });
    if (!user) throw new DomainError('USER_NOT_FOUND');
    return this.userResponse(user);
  }

  /** The account as its owner sees it, with its factors and what it must do first. */
  async userResponse(
    user: UserEntity,
    m: EntityManager = this.dataSource.manager,
  ): Promise<UserResponse> {
    const passkeys = await countPasskeys(m, user.id);
    const base = toUserResponse(user);
    const hasFactor = Boolean(user.totpConfirmedAt) || passkeys > 0;
    return {
      ...base,
      mfa: { totp: Boolean(user.totpConfirmedAt), passkeys },
      mfaEnrolmentRequired: !hasFactor && mfaRequiredFor(base.roles, this.config),
    };
  }

  private async revoke(m: EntityManager, sessionId: string, reason: string): Promise<void> {
    await m
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('id = :id AND revoked_at IS NULL', { id: sessionId })
      .execute();
  }

  /** The next refresh token: good for REFRESH_TOKEN_DAYS (idle), never past the session's end. */
  private async issueRefresh(
    m: EntityManager,
    session: SessionEntity,
  ): Promise<{ token: string; expiresAt: Date }> {
    const secret = randomBytes(32).toString('base64url');
    const idle = Date.now() + this.config.refreshTokenDays * 86_400_000;
    const expiresAt = new Date(Math.min(idle, session.expiresAt.getTime()));
    const row = await m.save(
      m.create(RefreshTokenEntity, { sessionId: session.id, tokenHash: sha256(secret), expiresAt }),
    );
    return { token: `${row.id}.${secret}`, expiresAt };
  }
}
