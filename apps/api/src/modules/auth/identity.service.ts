import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { APP_CONFIG, mfaRequiredFor, type AppConfig } from '@api/config/app-config';
import { effectiveRoles, type UserEntity } from '../users/user.entity';

interface IdentityRow {
  id: string;
  email: string;
  name: string;
  status: UserEntity['status'];
  roles: UserEntity['roles'];
  created_at: Date;
  email_verified: boolean;
  must_change_password: boolean;
  has_factor: boolean;
}

/**
 * Loads who is behind an access token, one query per request: the user must exist, not be
 * disabled, and the token's session must be neither revoked nor past its absolute end. So
 * disabling a user or signing out takes effect at once, whatever the token's expiry.
 */
@Injectable()
export class IdentityService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async load(userId: string, sessionId: string): Promise<AuthUser | null> {
    const rows: IdentityRow[] = await this.dataSource.query(
      `SELECT u.id, u.email, u.name, u.status, u.roles, u.created_at,
              u.email_verified_at IS NOT NULL AS email_verified, u.must_change_password,
              (u.totp_confirmed_at IS NOT NULL
                OR EXISTS (SELECT 1 FROM passkeys p WHERE p.user_id = u.id)) AS has_factor
         FROM users u JOIN sessions s ON s.user_id = u.id
        WHERE u.id = $1 AND s.id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()
          AND u.status <> 'disabled'`,
      [userId, sessionId],
    );
    const row = rows[0];
    if (!row) return null;
    const roles = effectiveRoles(row);
    return {
      id: row.id,
      email: row.email,
      name: row.name,
      status: row.status,
      roles,
      sessionId,
      createdAt: row.created_at,
      emailVerified: row.email_verified,
      hasFactor: row.has_factor,
      mfaEnrolmentRequired: !row.has_factor && mfaRequiredFor(roles, this.config),
      passwordChangeRequired: row.must_change_password,
      stepUpAt: null,
    };
  }
}
