import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { RateLimiter } from '../throttle/rate-limiter';

const MINUTE = 60_000;

/**
 * Slows password guessing without handing attackers a way to lock people out. Every attempt
 * is counted in the shared store (PostgreSQL, or Redis) before its password is checked:
 * - per address (AUTH_IP_RATE_LIMIT a minute, whatever the account);
 * - per account and address (AUTH_RATE_LIMIT a minute);
 * - per account across addresses (AUTH_ACCOUNT_RATE_LIMIT a quarter-hour) — except from a
 *   browser that has signed in to that account before (a device cookie), which has its own
 *   budget, so a flood from elsewhere never keeps the owner out.
 * A right password resets its address's (or device's) count for the account, so signing in
 * often never locks anyone out.
 * Past a limit each further attempt doubles the wait (up to 64 windows): a growing delay,
 * never a lock that outlives the attack.
 */
@Injectable()
export class SignInLimiter {
  constructor(
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A right password ends the count of its address (or device) for that account. */
  async succeeded(ip: string, email: string, deviceId: string | null): Promise<void> {
    const account = email.trim().toLowerCase();
    await this.limiter.reset(
      deviceId ? `login:device:${deviceId}` : `login:account-ip:${account}|${ip}`,
    );
  }

  async count(ip: string, email: string, deviceId: string | null): Promise<void> {
    const account = email.trim().toLowerCase();
    const perMinute = { limit: this.config.authRateLimit, windowMs: MINUTE, growing: true };
    await this.limiter.consume(
      [
        {
          key: `login:ip:${ip}`,
          rule: { limit: this.config.authIpRateLimit, windowMs: MINUTE, growing: true },
        },
        ...(deviceId
          ? [{ key: `login:device:${deviceId}`, rule: perMinute }]
          : [
              { key: `login:account-ip:${account}|${ip}`, rule: perMinute },
              {
                key: `login:account:${account}`,
                rule: { limit: this.config.authAccountRateLimit, windowMs: 15 * MINUTE },
              },
            ]),
      ],
      'Too many sign-in attempts: please wait before trying again',
    );
  }
}
