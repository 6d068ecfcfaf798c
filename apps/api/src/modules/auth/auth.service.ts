import { Inject, Injectable, Logger } from '@nestjs/common';
import type { LoginResponse, RegisterResponse } from '@contracts';
import { rooms } from '@contracts';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { DomainError } from '@api/common/domain-error';
import { isUniqueViolation } from '@api/database/pg-errors';
import { AdmissionService } from '../invitations/admission.service';
import { NotificationsService } from '../notifications/notifications.service';
import { RealtimeServer, sessionRoom } from '../realtime/realtime.server';
import { toApplicationResponse, toUserResponse } from '../users/dto/user.response';
import { UserEntity } from '../users/user.entity';
import type { RegisterDto } from './dto/register.dto';
import { hashPassword, verifyPassword } from './passwords';
import { RefreshTokenEntity } from './refresh-token.entity';
import { SessionEntity } from './session.entity';
import { TokenService } from './token.service';

export interface IssuedSession extends LoginResponse {
  refreshToken: string;
  refreshExpiresAt: Date;
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * An application to join: a pending account, announced live to admins; or, with a valid
   * invitation for this address or from an auto-approved email domain, an approved member
   * at once (recorded by AdmissionService in the same transaction).
   */
  async register(dto: RegisterDto): Promise<RegisterResponse> {
    const passwordHash = await hashPassword(dto.password);
    try {
      return await this.dataSource.transaction(async (m) => {
        const admission = await this.admission.decide(m, dto.email, dto.invitation);
        const user = m.create(UserEntity, {
          email: dto.email,
          passwordHash,
          name: dto.name,
          organisation: dto.organisation,
          sector: dto.sector,
          country: dto.country,
          statement: dto.statement ?? '',
          status: admission ? 'approved' : 'pending',
          roles: admission ? ['member'] : [],
          decidedAt: admission ? new Date() : null,
          decidedBy: null,
        });
        await m.save(user);
        if (admission) {
          await this.admission.admitted(m, user, admission);
          return { id: user.id, status: 'approved' as const };
        }
        await this.notifications.publish(m, 'member.application.created', [rooms.role('admin')], {
          application: toApplicationResponse(user),
        });
        return { id: user.id, status: 'pending' as const };
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

  async startSession(user: UserEntity, userAgent: string | undefined): Promise<IssuedSession> {
    if (user.status === 'disabled') {
      throw new DomainError('ACCOUNT_DISABLED', 'This account has been disabled');
    }
    return this.dataSource.transaction(async (m) => {
      const session = await m.save(
        m.create(SessionEntity, { userId: user.id, userAgent: userAgent?.slice(0, 300) ?? null }),
      );
      const refresh = await this.issueRefresh(m, session.id);
      return {
        ...this.tokens.sign(user.id, session.id),
        user: toUserResponse(user),
        refreshToken: refresh.token,
        refreshExpiresAt: refresh.expiresAt,
      };
    });
  }

  /**
   * Rotates a refresh token: each is good once. Presenting one that was already used means
   * it was copied, so the whole session (the token family) is revoked.
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
      if (!session || session.revokedAt) return { kind: 'invalid' as const };
      if (token.usedAt) {
        await this.revoke(m, session.id, 'refresh token reused');
        return { kind: 'reused' as const, sessionId: session.id };
      }
      if (token.expiresAt.getTime() <= Date.now()) return { kind: 'invalid' as const };
      const user = await m.findOne(UserEntity, { where: { id: session.userId } });
      if (!user || user.status === 'disabled') return { kind: 'invalid' as const };
      await m.update(RefreshTokenEntity, { id: token.id }, { usedAt: new Date() });
      const next = await this.issueRefresh(m, session.id);
      return {
        kind: 'ok' as const,
        issued: {
          ...this.tokens.sign(user.id, session.id),
          user: toUserResponse(user),
          refreshToken: next.token,
          refreshExpiresAt: next.expiresAt,
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

  async me(userId: string): Promise<UserEntity> {
    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { id: userId } });
    if (!user) throw new DomainError('USER_NOT_FOUND');
    return user;
  }

  private async revoke(m: EntityManager, sessionId: string, reason: string): Promise<void> {
    await m
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('id = :id AND revoked_at IS NULL', { id: sessionId })
      .execute();
  }

  private async issueRefresh(
    m: EntityManager,
    sessionId: string,
  ): Promise<{ token: string; expiresAt: Date }> {
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.refreshTokenDays * 86_400_000);
    const row = await m.save(
      m.create(RefreshTokenEntity, { sessionId, tokenHash: sha256(secret), expiresAt }),
    );
    return { token: `${row.id}.${secret}`, expiresAt };
  }
}
