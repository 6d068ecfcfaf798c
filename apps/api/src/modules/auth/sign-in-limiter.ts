import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { DomainError } from '@api/common/domain-error';

const WINDOW_MS = 60_000;
const MAX_KEYS = 100_000;

/**
 * Slows password guessing: failed sign-ins are counted per address and email in a one-minute
 * window, and past AUTH_RATE_LIMIT failures that pair is refused (429) until the window ends.
 * Successful sign-ins do not count, so a user signing in often is never locked out.
 * Counters are per instance (in memory).
 */
@Injectable()
export class SignInLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  check(ip: string, email: string): void {
    const entry = this.failures.get(this.key(ip, email));
    if (entry && entry.resetAt > Date.now() && entry.count >= this.config.authRateLimit) {
      throw new DomainError(
        'RATE_LIMITED',
        'Too many failed sign-in attempts; try again in a minute',
      );
    }
  }

  fail(ip: string, email: string): void {
    const key = this.key(ip, email);
    const now = Date.now();
    const entry = this.failures.get(key);
    if (entry && entry.resetAt > now) entry.count += 1;
    else {
      if (this.failures.size >= MAX_KEYS) this.sweep(now);
      this.failures.set(key, { count: 1, resetAt: now + WINDOW_MS });
    }
  }

  private key(ip: string, email: string): string {
    return `${ip}|${email.trim().toLowerCase()}`;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.failures) if (entry.resetAt <= now) this.failures.delete(key);
    if (this.failures.size >= MAX_KEYS) this.failures.clear();
  }
}
