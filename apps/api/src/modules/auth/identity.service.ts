import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { effectiveRoles, type UserEntity } from '../users/user.entity';

interface IdentityRow {
  id: string;
  email: string;
  name: string;
  status: UserEntity['status'];
  roles: UserEntity['roles'];
  created_at: Date;
}

/**
 * Loads who is behind an access token, one query per request: the user must exist, not be
 * disabled, and the token's session must not be revoked. So disabling a user or signing out
 * takes effect at once, whatever the token's expiry.
 */
@Injectable()
export class IdentityService {
  constructor(private readonly dataSource: DataSource) {}

  async load(userId: string, sessionId: string): Promise<AuthUser | null> {
    const rows: IdentityRow[] = await this.dataSource.query(
      `SELECT u.id, u.email, u.name, u.status, u.roles, u.created_at
         FROM users u JOIN sessions s ON s.user_id = u.id
        WHERE u.id = $1 AND s.id = $2 AND s.revoked_at IS NULL AND u.status <> 'disabled'`,
      [userId, sessionId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      email: row.email,
      name: row.name,
      status: row.status,
      roles: effectiveRoles(row),
      sessionId,
      createdAt: row.created_at,
    };
  }
}
