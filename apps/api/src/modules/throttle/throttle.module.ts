import { Module } from '@nestjs/common';
import { RateLimitStore, rateLimitStoreProvider } from './rate-limit.store';
import { RateLimiter } from './rate-limiter';

/** The shared attempt counters behind every rate limit (sign-in, applications, contact). */
@Module({
  providers: [rateLimitStoreProvider, RateLimiter],
  exports: [RateLimiter, RateLimitStore],
})
export class ThrottleModule {}
