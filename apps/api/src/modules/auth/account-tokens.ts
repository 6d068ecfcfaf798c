import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '@api/database/query-result';
import { AccountTokenEntity, type AccountTokenPurpose } from './account-token.entity';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const sha256 = (s: string) => createHash('sha256').update(s).digest();

/**
 * Issues a single-use link token for `purpose` (only its SHA-256 is stored), withdrawing the
 * user's earlier unused ones of the same purpose: the newest link is the only one that works.
 */
export async function issueAccountToken(
  m: EntityManager,
  userId: string,
  purpose: AccountTokenPurpose,
  email: string,
  ttlMs: number,
): Promise<string> {
  await m.query(
    `DELETE FROM account_tokens WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
    [userId, purpose],
  );
  const token = randomBytes(32).toString('base64url');
  await m.insert(AccountTokenEntity, {
    userId,
    purpose,
    email,
    tokenHash: sha256(token),
    expiresAt: new Date(Date.now() + ttlMs),
  });
  return token;
}

/**
 * Uses a token: marks it used in the same statement that finds it, so it works once however
 * many requests carry it. Null for anything unknown, used, expired or malformed.
 */
export async function useAccountToken(
  m: EntityManager,
  purpose: AccountTokenPurpose,
  token: unknown,
): Promise<{ userId: string; email: string } | null> {
  if (typeof token !== 'string' || !TOKEN.test(token)) return null;
  const [row] = rowsOf<{ user_id: string; email: string }>(
    await m.query(
      `UPDATE account_tokens SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id, email`,
      [sha256(token), purpose],
    ),
  );
  return row ? { userId: row.user_id, email: row.email } : null;
}
