import type { LoginResponse } from '@contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '@api/config/app-config';
import type { IssuedSession } from './auth.service';

export const REFRESH_COOKIE = 'ocvrn_refresh';
/** Marks a browser that has signed in to an account before (OWASP's device cookie). */
export const DEVICE_COOKIE = 'ocvrn_device';
export const COOKIE_PATH = '/api/auth';
const DEVICE_DAYS = 365;

/** What a client needs of a sign-in or refresh: the access token in the body, the refresh cookie. */
export function sendSession(
  reply: FastifyReply,
  issued: IssuedSession,
  config: AppConfig,
): LoginResponse {
  setRefreshCookie(reply, issued, config);
  void reply.header('cache-control', 'no-store');
  return { accessToken: issued.accessToken, expiresIn: issued.expiresIn, user: issued.user };
}

/** Only the refresh cookie (a redirect that ends a sign-in: the SPA then calls refresh). */
export function setRefreshCookie(
  reply: FastifyReply,
  issued: Pick<IssuedSession, 'refreshToken' | 'refreshExpiresAt'>,
  config: AppConfig,
): void {
  void reply.setCookie(REFRESH_COOKIE, issued.refreshToken, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.secureCookies,
    path: COOKIE_PATH,
    expires: issued.refreshExpiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
}

/**
 * Device cookies: `<account tag>.<device id>.<mac>`, where the tag is a hash of the account's
 * email. A browser that signed in to an account before is counted on its own budget, so a
 * flood of guesses against that account from elsewhere never keeps its owner out.
 */
export class DeviceCookies {
  constructor(private readonly secret: Buffer) {}

  private tag(email: string): string {
    return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url').slice(0, 16);
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(`device|${payload}`).digest('base64url');
  }

  /** The device id when the request carries a valid device cookie for this email. */
  deviceFor(request: FastifyRequest, email: string): string | null {
    const raw = request.cookies?.[DEVICE_COOKIE];
    const parts = typeof raw === 'string' ? raw.split('.') : [];
    if (parts.length !== 3) return null;
    const [tag, device, mac] = parts;
    if (tag !== this.tag(email)) return null;
    const want = Buffer.from(this.mac(`${tag}.${device}`));
    const got = Buffer.from(mac);
    return want.length === got.length && timingSafeEqual(want, got) ? device : null;
  }

  set(reply: FastifyReply, email: string, config: AppConfig): void {
    const payload = `${this.tag(email)}.${randomUUID()}`;
    void reply.setCookie(DEVICE_COOKIE, `${payload}.${this.mac(payload)}`, {
      httpOnly: true,
      sameSite: 'strict',
      secure: config.secureCookies,
      path: COOKIE_PATH,
      maxAge: DEVICE_DAYS * 86_400,
    });
  }
}
