import { Inject, Injectable } from '@nestjs/common';
import type { PasskeyOptionsResponse } from '@contracts';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { RateLimiter } from '../throttle/rate-limiter';
import { UserEntity } from '../users/user.entity';
import { AuthChallengesService } from './auth-challenges.service';
import {
  AuthService,
  MFA_LOGIN,
  type IssuedSession,
  type MfaLoginData,
  type SignInContext,
} from './auth.service';
import { PasskeysService, type AssertionMode } from './passkeys.service';

const MINUTE = 60_000;

const mfaTokenInvalid = () =>
  new DomainError(
    'MFA_TOKEN_INVALID',
    'This sign-in has expired: enter your email and password again',
  );

/**
 * Signing in with a passkey: alone (a discoverable credential: the passkey names the
 * account, and user verification makes it two factors in one), or as the second step of a
 * password sign-in. Attempts are counted per address in the shared store before anything is
 * verified; every refusal is audited.
 */
@Injectable()
export class PasskeySignInService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly passkeys: PasskeysService,
    private readonly challenges: AuthChallengesService,
    private readonly auth: AuthService,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A challenge for one of three uses: sign-in without a password (no fields), the second
   * step of a password sign-in (`mfaToken`), or step-up (`stepUp`, signed in).
   */
  async options(
    input: { mfaToken?: string; stepUp?: boolean },
    caller: AuthUser | undefined,
    ip: string,
  ): Promise<PasskeyOptionsResponse<PublicKeyCredentialRequestOptionsJSON>> {
    await this.limiter.consume(
      [{ key: `passkey-options:ip:${ip}`, rule: this.perAddress() }],
      'Too many sign-in attempts: please wait before trying again',
    );
    if (input.stepUp) {
      if (!caller) throw new DomainError('UNAUTHENTICATED', 'Sign in to continue');
      return this.passkeys.assertionOptions(caller.id, 'step_up');
    }
    if (input.mfaToken !== undefined) {
      // Peeked, not taken: the pending sign-in is used up only when it completes.
      const pending = await this.challenges.peek<MfaLoginData>(MFA_LOGIN, input.mfaToken);
      if (!pending?.userId) throw mfaTokenInvalid();
      return this.passkeys.assertionOptions(pending.userId, 'mfa');
    }
    return this.passkeys.assertionOptions(null, 'passwordless');
  }

  async signIn(
    input: { response: unknown; challengeToken: string; mfaToken?: string },
    ctx: SignInContext,
  ): Promise<{ issued: IssuedSession; email: string }> {
    await this.limiter.consume(
      [{ key: `passkey-login:ip:${ctx.ip}`, rule: this.perAddress() }],
      'Too many sign-in attempts: please wait before trying again',
    );
    const mode: AssertionMode = input.mfaToken === undefined ? 'passwordless' : 'mfa';
    let pendingUserId: string | null = null;
    if (mode === 'mfa') {
      const pending = await this.challenges.peek<MfaLoginData>(MFA_LOGIN, input.mfaToken);
      if (!pending?.userId) throw mfaTokenInvalid();
      pendingUserId = pending.userId;
    }
    const result = await this.passkeys.verifyAssertion(
      input.challengeToken,
      input.response,
      (c) => c.data.mode === mode && c.userId === pendingUserId,
      // Alone, a passkey must be two factors in one: something held, and a PIN or biometric.
      { requireUserVerification: mode === 'passwordless' },
    );
    if (!result.ok) {
      await this.passkeys.recordFailure(result, ctx.ip, mode);
      const message =
        result.field === 'challengeToken'
          ? 'This sign-in has expired: try your passkey again'
          : 'That passkey could not be verified';
      throw new DomainError('PASSKEY_INVALID', message, [{ field: result.field, message }]);
    }
    const user = await this.dataSource
      .getRepository(UserEntity)
      .findOne({ where: { id: result.userId } });
    if (!user) throw new DomainError('PASSKEY_INVALID', 'That passkey could not be verified');
    if (user.status === 'disabled') {
      throw new DomainError('ACCOUNT_DISABLED', 'This account has been disabled');
    }
    let session: SignInContext = ctx;
    let method = 'passkey';
    if (mode === 'mfa') {
      // Taking it deletes it: of two requests that both verified, one signs in.
      const taken = await this.challenges.take<MfaLoginData>(MFA_LOGIN, input.mfaToken);
      if (!taken || taken.userId !== user.id) throw mfaTokenInvalid();
      session = { ip: taken.data.ip, userAgent: taken.data.userAgent ?? undefined };
      method = `${taken.data.method}+passkey`;
    }
    const issued = await this.auth.startSession(user, { ...session, method, stepUp: true });
    await this.auth.recordSignIn(user.id, issued.sessionId, method, session);
    return { issued, email: user.email };
  }

  private perAddress() {
    return { limit: this.config.authIpRateLimit, windowMs: MINUTE, growing: true };
  }
}
