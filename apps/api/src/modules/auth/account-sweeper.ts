import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { rowsOf } from '@api/database/query-result';
import { RateLimitStore } from '../throttle/rate-limit.store';
import { AuthChallengesService } from './auth-challenges.service';

const HOUR = 3_600_000;

/**
 * Hourly (and at start), on every instance — each statement is idempotent: applications whose
 * address was never proved within UNVERIFIED_ACCOUNT_DAYS are deleted, releasing the address;
 * used and expired links, ceremonies and ended rate windows are dropped, as are sessions
 * past their end.
 */
@Injectable()
export class AccountSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AccountSweeper');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly challenges: AuthChallengesService,
    private readonly store: RateLimitStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const run = () => {
      this.sweep().catch((err: unknown) => this.logger.warn(`sweep: ${(err as Error).message}`));
    };
    run();
    this.timer = setInterval(run, HOUR);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<{ expiredAccounts: number }> {
    // Deleted and audited in one statement: the record exists exactly when the account is gone.
    const expired = rowsOf<{ target_id: string }>(
      await this.dataSource.query(
        `WITH gone AS (
           DELETE FROM users
            WHERE email_verified_at IS NULL AND status = 'pending'
              AND created_at < now() - $1 * interval '1 day'
            RETURNING id, email)
         INSERT INTO audit_log (actor_id, action, target_type, target_id, detail)
         SELECT NULL, 'account.unverified_expired', 'user', id::text,
                jsonb_build_object('email', email)
           FROM gone
         RETURNING target_id`,
        [this.config.unverifiedAccountDays],
      ),
    );
    if (expired.length > 0) {
      this.logger.log(`removed ${expired.length} applications whose address was never confirmed`);
    }
    await this.dataSource.query(
      `DELETE FROM account_tokens WHERE expires_at < now() - interval '1 day'`,
    );
    await this.dataSource.query(
      `DELETE FROM sessions WHERE expires_at < now() - interval '1 day'
          OR revoked_at < now() - interval '30 days'`,
    );
    await this.challenges.sweep();
    await this.store.sweep();
    return { expiredAccounts: expired.length };
  }
}
