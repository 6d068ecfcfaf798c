import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';

/** One counted attempt: how many so far in the window, and when it may be tried again. */
export interface Hit {
  count: number;
  /** Milliseconds until the key's window ends (its block, once past the limit). */
  retryAfterMs: number;
  allowed: boolean;
}

export interface RateRule {
  limit: number;
  windowMs: number;
  /**
   * Past the limit, each further attempt doubles what is left of the wait (up to 64 windows),
   * so a client that keeps hammering waits ever longer while one that stops is let back.
   */
  growing?: boolean;
}

/** The most a growing wait reaches, in windows. */
export const MAX_GROWTH = 64;

/**
 * Counts an attempt against a key and answers in the same atomic step, so any number of
 * parallel attempts (on any number of instances) are counted one by one before the work they
 * guard. PostgreSQL by default; Redis when REDIS_URL is set.
 */
export abstract class RateLimitStore {
  abstract hit(key: string, rule: RateRule): Promise<Hit>;
  /** Forgets a key (a successful proof ends its count). */
  abstract reset(key: string): Promise<void>;
  /** Drops windows that have ended (Redis expires its keys by itself). */
  abstract sweep(): Promise<void>;
}

@Injectable()
export class PostgresRateLimitStore extends RateLimitStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async hit(key: string, rule: RateRule): Promise<Hit> {
    // One upsert: the row lock serialises parallel hits of one key; each sees its own count.
    const [row] = await this.dataSource.query<{ count: number; retry_ms: number }[]>(
      `INSERT INTO rate_limits AS r (key, count, reset_at)
       VALUES ($1, 1, clock_timestamp() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN r.reset_at <= clock_timestamp() THEN 1 ELSE r.count + 1 END,
         reset_at = CASE
           WHEN r.reset_at <= clock_timestamp() THEN clock_timestamp() + $2 * interval '1 millisecond'
           WHEN $4 AND r.count + 1 > $3 THEN least(
             clock_timestamp() + $2 * ${MAX_GROWTH} * interval '1 millisecond',
             clock_timestamp() + 2 * (r.reset_at - clock_timestamp()))
           ELSE r.reset_at END
       RETURNING count, ceil(extract(epoch FROM reset_at - clock_timestamp()) * 1000)::int AS retry_ms`,
      [key, rule.windowMs, rule.limit, rule.growing === true],
    );
    return {
      count: row.count,
      retryAfterMs: Math.max(0, row.retry_ms),
      allowed: row.count <= rule.limit,
    };
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM rate_limits WHERE key = $1', [key]);
  }

  async sweep(): Promise<void> {
    await this.dataSource.query('DELETE FROM rate_limits WHERE reset_at < now()');
  }
}

// KEYS[1] key; ARGV window ms, limit, growing (1/0), max growth.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local window = tonumber(ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], window)
  ttl = window
elseif ARGV[3] == '1' and count > tonumber(ARGV[2]) then
  local grown = math.min(ttl * 2, window * tonumber(ARGV[4]))
  redis.call('PEXPIRE', KEYS[1], grown)
  ttl = grown
end
return {count, ttl}
`;

interface RedisLike {
  connect(): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  del(key: string): Promise<unknown>;
  quit(): Promise<unknown>;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

@Injectable()
export class RedisRateLimitStore extends RateLimitStore implements OnApplicationShutdown {
  private readonly logger = new Logger('RateLimits');
  private client: Promise<RedisLike> | null = null;

  constructor(private readonly url: string) {
    super();
  }

  private connection(): Promise<RedisLike> {
    this.client ??= (async () => {
      const { createClient } = await import('redis');
      const client = createClient({ url: this.url }) as unknown as RedisLike;
      client.on('error', (e: Error) => this.logger.warn(`redis: ${e.message}`));
      await client.connect();
      return client;
    })();
    return this.client;
  }

  async hit(key: string, rule: RateRule): Promise<Hit> {
    const client = await this.connection();
    const [count, ttl] = (await client.eval(HIT_SCRIPT, {
      keys: [`ocvrn:rl:${key}`],
      arguments: [
        String(rule.windowMs),
        String(rule.limit),
        rule.growing ? '1' : '0',
        String(MAX_GROWTH),
      ],
    })) as [number, number];
    return { count, retryAfterMs: Math.max(0, ttl), allowed: count <= rule.limit };
  }

  async reset(key: string): Promise<void> {
    await (await this.connection()).del(`ocvrn:rl:${key}`);
  }

  sweep(): Promise<void> {
    return Promise.resolve();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client) await (await this.client).quit().catch(() => undefined);
  }
}

/** The store the configuration names: Redis with REDIS_URL, else PostgreSQL. */
export const rateLimitStoreProvider = {
  provide: RateLimitStore,
  inject: [APP_CONFIG, DataSource],
  useFactory: (config: AppConfig, dataSource: DataSource): RateLimitStore =>
    config.redisUrl
      ? new RedisRateLimitStore(config.redisUrl)
      : new PostgresRateLimitStore(dataSource),
};
