import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { DATABASE_URL } from '@api/database/database.tokens';

export type JobHandler<T> = (data: T) => Promise<void>;

interface Registration {
  queue: string;
  handler: JobHandler<never>;
}

/**
 * Background jobs in PostgreSQL (pg-boss, schema `pgboss`): a job sent inside a transaction
 * exists exactly when that transaction commits, and a job due while every process was down
 * runs when one comes back. Handlers must be idempotent: a job may run again after a crash.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly boss: PgBoss;
  private readonly registrations: Registration[] = [];
  private started = false;

  constructor(@Inject(DATABASE_URL) databaseUrl: string) {
    this.boss = new PgBoss({
      connectionString: databaseUrl,
      schema: 'pgboss',
      application_name: 'ocvrn-jobs',
      max: 4,
      schedule: false,
      // Finished jobs are kept a week for inspection, then dropped.
      deleteAfterDays: 7,
    });
    this.boss.on('error', (err: Error) => this.logger.error(`pg-boss: ${err.message}`));
  }

  /** Declares a queue and its handler; call from a module's constructor or onModuleInit. */
  register<T>(queue: string, handler: JobHandler<T>): void {
    this.registrations.push({ queue, handler });
  }

  /**
   * Sends a job in the caller's transaction (`manager`), to run at `startAfter` or now.
   * Retried with backoff when its handler throws.
   */
  async send<T extends object>(
    manager: EntityManager,
    queue: string,
    data: T,
    options: { startAfter?: Date } = {},
  ): Promise<void> {
    const runner = manager.queryRunner;
    if (!runner) throw new Error('JobsService.send needs a transaction');
    await this.boss.send(queue, data, {
      startAfter: options.startAfter,
      retryLimit: 5,
      retryDelay: 5,
      retryBackoff: true,
      db: {
        executeSql: async (text: string, values: unknown[]) => ({
          rows: (await runner.query(text, values, true)).records as unknown[],
        }),
      },
    });
  }

  /** Whether the job runner is up, and how many jobs wait for their time (for /health). */
  async status(): Promise<{ running: boolean; waiting: number }> {
    if (!this.started) return { running: false, waiting: 0 };
    let waiting = 0;
    for (const { queue } of this.registrations) waiting += await this.boss.getQueueSize(queue);
    return { running: true, waiting };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const { queue, handler } of this.registrations) {
      await this.boss.createQueue(queue);
      await this.boss.work<object>(queue, { pollingIntervalSeconds: 1 }, async (jobs) => {
        for (const job of jobs) await handler(job.data as never);
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    await this.boss.stop({ graceful: true, timeout: 5000, wait: true }).catch((err: Error) => {
      this.logger.warn(`pg-boss stop: ${err.message}`);
    });
  }
}
