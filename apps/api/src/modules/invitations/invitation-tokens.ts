import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: 43 characters, only ever in the invitation's email link. */
export function newInvitationToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** The shape every token has; anything else is not worth a query. */
export function looksLikeInvitationToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}
