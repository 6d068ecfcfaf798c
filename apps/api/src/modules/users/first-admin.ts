import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@api/config/app-config';
import { hashPassword } from '../auth/passwords';
import { UserEntity } from './user.entity';

export interface FirstAdmin {
  email: string;
  /** Set only when the password was generated here, to be printed once. */
  generatedPassword?: string;
  created: boolean;
}

/**
 * Makes sure an admin exists: from ADMIN_EMAIL/ADMIN_PASSWORD, or generated. Does nothing
 * when an approved admin is already there (a second start reuses the data).
 */
export async function ensureFirstAdmin(
  ds: DataSource,
  config: AppConfig,
): Promise<FirstAdmin | null> {
  return ds.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock(7412014)');
    const existing = await m
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where(`u.status = 'approved' AND 'admin' = ANY(u.roles)`)
      .getOne();
    if (existing) return null;
    const email = config.adminEmail ?? 'admin@ocvrn.localhost';
    const generatedPassword = config.adminPassword
      ? undefined
      : randomBytes(12).toString('base64url');
    const passwordHash = await hashPassword(config.adminPassword ?? generatedPassword!);
    const user = await m.findOne(UserEntity, { where: { email } });
    const fields = {
      passwordHash,
      status: 'approved' as const,
      roles: ['member', 'admin'] as UserEntity['roles'],
      decidedAt: new Date(),
      disabledAt: null,
      emailVerifiedAt: new Date(),
      // A generated password was printed to a console: its owner must replace it first.
      mustChangePassword: generatedPassword !== undefined,
    };
    if (user) await m.update(UserEntity, { id: user.id }, fields);
    else {
      await m.insert(UserEntity, {
        email,
        name: 'Network administrator',
        organisation: 'OCVRN',
        sector: 'government',
        country: 'GB',
        statement: '',
        ...fields,
      });
    }
    return { email, generatedPassword, created: !user };
  });
}
