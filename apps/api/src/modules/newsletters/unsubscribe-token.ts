import { createHmac, timingSafeEqual } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function mac(secret: Buffer, userId: string): Buffer {
  return createHmac('sha256', secret).update(`newsletter-unsubscribe:${userId}`).digest();
}

/** A subscriber's own unsubscribe token: their id and an HMAC of it, so it needs no sign-in. */
export function unsubscribeToken(secret: Buffer, userId: string): string {
  return `${userId}.${mac(secret, userId).toString('base64url')}`;
}

/** The user id a token was made for, or null when it was not made with `secret`. */
export function verifyUnsubscribeToken(secret: Buffer, token: string | undefined): string | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const dot = token.indexOf('.');
  if (dot < 0) return null;
  const userId = token.slice(0, dot);
  if (!UUID.test(userId)) return null;
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const want = mac(secret, userId);
  return given.length === want.length && timingSafeEqual(given, want) ? userId : null;
}
