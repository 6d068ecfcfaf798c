import { Injectable } from '@nestjs/common';
import { rateLimited } from '@api/common/domain-error';
import { RateLimitStore, type Hit, type RateRule } from './rate-limit.store';

/** Counts attempts in the shared store and refuses (429 with `Retry-After`) past a rule. */
@Injectable()
export class RateLimiter {
  constructor(private readonly store: RateLimitStore) {}

  /** Counts one attempt for each key (in order); the first over its rule stops the request. */
  async consume(
    attempts: { key: string; rule: RateRule }[],
    message = 'Too many attempts: please wait and try again',
  ): Promise<Hit[]> {
    const hits: Hit[] = [];
    for (const { key, rule } of attempts) {
      const hit = await this.store.hit(key, rule);
      if (!hit.allowed) throw rateLimited(message, hit.retryAfterMs);
      hits.push(hit);
    }
    return hits;
  }

  /** Counts one attempt and answers whether it is within the rule (nothing is thrown). */
  async allow(key: string, rule: RateRule): Promise<boolean> {
    return (await this.store.hit(key, rule)).allowed;
  }

  reset(key: string): Promise<void> {
    return this.store.reset(key);
  }
}
