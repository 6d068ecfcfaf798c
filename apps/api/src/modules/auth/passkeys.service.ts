import { Inject, Injectable } from '@nestjs/common';
import type {
  PasskeyAssertion,
  PasskeyOptionsResponse,
  PasskeyRegisterResponse,
  PasskeyResponse,
} from '@contracts';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { APP_CONFIG, mfaRequiredFor, type AppConfig } from '@api/config/app-config';
import { isUniqueViolation } from '@api/database/pg-errors';
import { rowsOf } from '@api/database/query-result';
import { AuditService } from '../audit/audit.service';
import { MailService } from '../mail/mail.service';
import { securityChangedMail } from './account.mails';
import { AuthChallengesService, type Challenge } from './auth-challenges.service';
import { countPasskeys } from './factors';
import { hasRecoveryCodes, issueRecoveryCodes } from './recovery-codes';
import { PasskeyEntity, RecoveryCodeEntity } from './mfa.entities';

export const WEBAUTHN_REGISTER = 'webauthn_register';
export const WEBAUTHN_LOGIN = 'webauthn_login';
/** How long the browser has to answer a challenge. */
const CHALLENGE_TTL_MS = 5 * 60_000;
const RP_NAME = 'OCVRN';

/** What an assertion challenge is for. */
export type AssertionMode = 'passwordless' | 'mfa' | 'step_up';

export interface RegisterChallengeData {
  challenge: string;
}
export interface AssertionChallengeData {
  challenge: string;
  mode: AssertionMode;
}

/** Why an assertion was refused, for the audit log and the field the answer names. */
export interface AssertionRefusal {
  ok: false;
  reason: string;
  field: 'challengeToken' | 'response';
  /** The owner of the credential presented, when it is known. */
  userId: string | null;
}
export type AssertionResult = { ok: true; userId: string; passkeyId: string } | AssertionRefusal;

/** The WebAuthn user handle of an account: the 16 bytes of its UUID. */
export function userHandleOf(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId.replace(/-/g, ''), 'hex'));
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function toPasskeyResponse(p: PasskeyEntity): PasskeyResponse {
  return {
    id: p.id,
    name: p.name,
    createdAt: p.createdAt.toISOString(),
    lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
    backedUp: p.backedUp,
  };
}

/**
 * Passkeys (WebAuthn, @simplewebauthn/server): registration, listing and removal, and the
 * assertion ceremony shared by sign-in without a password, the second step of a password
 * sign-in, and step-up. Challenges are kept server-side (AuthChallengesService), so any
 * instance finishes what another began, and each is good once.
 */
@Injectable()
export class PasskeysService {
  private readonly rpID: string;
  private readonly origin: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly challenges: AuthChallengesService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const url = new URL(config.publicUrl);
    this.rpID = url.hostname;
    this.origin = url.origin;
  }

  /** How many passkeys the user has. */
  count(userId: string, m: EntityManager = this.dataSource.manager): Promise<number> {
    return countPasskeys(m, userId);
  }

  async list(userId: string): Promise<{ items: PasskeyResponse[] }> {
    const rows = await this.dataSource.getRepository(PasskeyEntity).find({
      where: { userId },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: 100,
    });
    return { items: rows.map(toPasskeyResponse) };
  }

  /** Options for the browser to create a passkey; its own passkeys are excluded. */
  async registrationOptions(
    user: AuthUser,
  ): Promise<PasskeyOptionsResponse<PublicKeyCredentialCreationOptionsJSON>> {
    const options = await generateRegistrationOptions({
      rpName: RP_NAME,
      rpID: this.rpID,
      userName: user.email,
      userDisplayName: user.name,
      userID: userHandleOf(user.id),
      attestationType: 'none',
      excludeCredentials: await this.credentialsOf(user.id),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    const challengeToken = await this.challenges.create<RegisterChallengeData>(
      WEBAUTHN_REGISTER,
      user.id,
      { challenge: options.challenge },
      CHALLENGE_TTL_MS,
    );
    return { options, challengeToken };
  }

  /** Verifies the browser's answer to a registration challenge of this user and keeps the key. */
  async register(
    user: AuthUser,
    input: { response: unknown; name: string; challengeToken: string },
  ): Promise<PasskeyRegisterResponse> {
    const challenge = await this.challenges.take<RegisterChallengeData>(
      WEBAUTHN_REGISTER,
      input.challengeToken,
    );
    if (!challenge || challenge.userId !== user.id) {
      throw passkeyInvalid('challengeToken', 'This request has expired: add the passkey again');
    }
    let info;
    try {
      const verified = await verifyRegistrationResponse({
        response: input.response as RegistrationResponseJSON,
        expectedChallenge: challenge.data.challenge,
        expectedOrigin: this.origin,
        expectedRPID: this.rpID,
        requireUserVerification: false,
      });
      info = verified.verified ? verified.registrationInfo : null;
    } catch {
      info = null;
    }
    if (!info) throw passkeyInvalid('response', 'That passkey could not be verified');
    const { credential } = info;
    try {
      return await this.dataSource.transaction(async (m) => {
        const row = await m.save(
          m.create(PasskeyEntity, {
            userId: user.id,
            credentialId: credential.id,
            publicKey: Buffer.from(credential.publicKey),
            counter: String(credential.counter),
            transports: credential.transports ?? [],
            name: input.name,
            backedUp: info.credentialBackedUp,
            lastUsedAt: null,
          }),
        );
        await this.audit.record(m, {
          actorId: user.id,
          action: 'mfa.passkey_added',
          targetType: 'passkey',
          targetId: row.id,
          detail: { name: row.name, backedUp: row.backedUp },
        });
        await this.mail.enqueue(
          m,
          securityChangedMail(user, `A passkey named “${row.name}” was added to your account`),
        );
        // A first factor that is a passkey comes with recovery codes too, shown once.
        if (!(await hasRecoveryCodes(m, user.id))) {
          return { ...toPasskeyResponse(row), recoveryCodes: await issueRecoveryCodes(m, user.id) };
        }
        return toPasskeyResponse(row);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'passkeys_credential_key')) {
        throw passkeyInvalid('response', 'This passkey is already registered');
      }
      throw err;
    }
  }

  /**
   * Removes one of the caller's passkeys. The last factor of a role that needs one stays; when
   * no factor is left the recovery codes go too.
   */
  async remove(user: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      // The user's row serialises factor changes, so two removals cannot both pass the check.
      const [owner] = await m.query<{ totp: boolean }[]>(
        'SELECT totp_confirmed_at IS NOT NULL AS totp FROM users WHERE id = $1 FOR UPDATE',
        [user.id],
      );
      const [removed] = rowsOf<{ name: string }>(
        await m.query('DELETE FROM passkeys WHERE id = $1 AND user_id = $2 RETURNING name', [
          id,
          user.id,
        ]),
      );
      if (!owner || !removed) throw new DomainError('PASSKEY_NOT_FOUND', 'No such passkey');
      const factorLeft = owner.totp || (await this.count(user.id, m)) > 0;
      if (!factorLeft && mfaRequiredFor(user.roles, this.config)) {
        throw new DomainError(
          'LAST_FACTOR',
          'Your role needs a second factor: add another passkey or an authenticator app before removing this one',
        );
      }
      if (!factorLeft) await m.delete(RecoveryCodeEntity, { userId: user.id });
      await this.audit.record(m, {
        actorId: user.id,
        action: 'mfa.passkey_removed',
        targetType: 'passkey',
        targetId: id,
        detail: { name: removed.name, factorLeft },
      });
      await this.mail.enqueue(
        m,
        securityChangedMail(
          user,
          `The passkey named “${removed.name}” was removed from your account`,
        ),
      );
    });
  }

  /**
   * Options for the browser to sign with a passkey: any passkey of the site when `userId` is
   * null (sign-in without a password), else one of that user's.
   */
  async assertionOptions(
    userId: string | null,
    mode: AssertionMode,
  ): Promise<PasskeyOptionsResponse<PublicKeyCredentialRequestOptionsJSON>> {
    const options = await generateAuthenticationOptions({
      rpID: this.rpID,
      allowCredentials: userId ? await this.credentialsOf(userId) : [],
      userVerification: 'preferred',
    });
    const challengeToken = await this.challenges.create<AssertionChallengeData>(
      WEBAUTHN_LOGIN,
      userId,
      { challenge: options.challenge, mode },
      CHALLENGE_TTL_MS,
    );
    return { options, challengeToken };
  }

  /**
   * Verifies an assertion against a live challenge (used up whatever the outcome) and the
   * stored credential; `accept` says whether the challenge was issued for this purpose. A good
   * one moves the credential's counter forward and marks it used: a counter that does not move
   * forward (once the authenticator keeps one) means a cloned key and is refused.
   */
  async verifyAssertion(
    challengeToken: unknown,
    response: unknown,
    accept: (challenge: Challenge<AssertionChallengeData>) => boolean,
    options: { requireUserVerification: boolean },
  ): Promise<AssertionResult> {
    const refuse = (
      reason: string,
      field: AssertionRefusal['field'],
      userId: string | null = null,
    ): AssertionRefusal => ({ ok: false, reason, field, userId });
    const challenge = await this.challenges.take<AssertionChallengeData>(
      WEBAUTHN_LOGIN,
      challengeToken,
    );
    if (!challenge || !accept(challenge)) {
      return refuse('unknown or expired challenge', 'challengeToken');
    }
    if (!isObject(response) || typeof response.id !== 'string' || !isObject(response.response)) {
      return refuse('malformed assertion', 'response');
    }
    const passkey = await this.dataSource
      .getRepository(PasskeyEntity)
      .findOne({ where: { credentialId: response.id } });
    if (!passkey) return refuse('unknown credential', 'response');
    if (challenge.userId !== null && passkey.userId !== challenge.userId) {
      return refuse('credential of another account', 'response', challenge.userId);
    }
    const handle = response.response.userHandle;
    if (
      typeof handle === 'string' &&
      handle !== Buffer.from(userHandleOf(passkey.userId)).toString('base64url')
    ) {
      return refuse('user handle does not match the credential', 'response', passkey.userId);
    }
    let info;
    try {
      const verified = await verifyAuthenticationResponse({
        response: response as unknown as AuthenticationResponseJSON,
        expectedChallenge: challenge.data.challenge,
        expectedOrigin: this.origin,
        expectedRPID: this.rpID,
        credential: {
          id: passkey.credentialId,
          publicKey: new Uint8Array(passkey.publicKey),
          counter: Number(passkey.counter),
          transports: passkey.transports,
        },
        requireUserVerification: options.requireUserVerification,
      });
      info = verified.verified ? verified.authenticationInfo : null;
    } catch (err) {
      const counter = err instanceof Error && /counter/i.test(err.message);
      return refuse(
        counter ? 'signature counter did not move forward' : 'assertion not verified',
        'response',
        passkey.userId,
      );
    }
    if (!info) return refuse('assertion not verified', 'response', passkey.userId);
    // Checked again in the statement: of two assertions with the same counter, one counts.
    const moved = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `UPDATE passkeys SET counter = $2::bigint, backed_up = $3, last_used_at = now()
          WHERE id = $1 AND (counter < $2::bigint OR (counter = 0 AND $2::bigint = 0))
          RETURNING id`,
        [passkey.id, info.newCounter, info.credentialBackedUp],
      ),
    );
    if (moved.length === 0) {
      return refuse('signature counter did not move forward', 'response', passkey.userId);
    }
    return { ok: true, userId: passkey.userId, passkeyId: passkey.id };
  }

  /** Audits a refused passkey sign-in. */
  async recordFailure(refusal: AssertionRefusal, ip: string, mode: AssertionMode): Promise<void> {
    await this.audit.record(this.dataSource.manager, {
      actorId: refusal.userId,
      action: 'auth.sign_in_failed',
      targetType: 'user',
      targetId: refusal.userId,
      detail: { method: 'passkey', mode, reason: refusal.reason, ip },
    });
  }

  /**
   * Verifies a passkey assertion made for a step-up challenge of this user
   * (`POST /auth/passkeys/login/options` with `stepUp: true`); true when it is good.
   * `proof` is `{ response, challengeToken }`.
   */
  async verifyStepUp(userId: string, proof: unknown): Promise<boolean> {
    if (!isObject(proof)) return false;
    const { response, challengeToken } = proof as Partial<PasskeyAssertion>;
    const result = await this.verifyAssertion(
      challengeToken,
      response,
      (c) => c.data.mode === 'step_up' && c.userId === userId,
      { requireUserVerification: false },
    );
    return result.ok && result.userId === userId;
  }

  private async credentialsOf(userId: string): Promise<{ id: string; transports: string[] }[]> {
    const rows = await this.dataSource.getRepository(PasskeyEntity).find({
      select: { credentialId: true, transports: true },
      where: { userId },
      take: 100,
    });
    return rows.map((p) => ({ id: p.credentialId, transports: p.transports }));
  }
}

function passkeyInvalid(field: 'challengeToken' | 'response', message: string): DomainError {
  return new DomainError('PASSKEY_INVALID', message, [{ field, message }]);
}
