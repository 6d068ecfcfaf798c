import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { RETENTION_LIMITS, type RetentionRuleKey, type RetentionTrigger } from '@contracts';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { AuditService } from '../audit/audit.service';
import { DocumentFilesService } from '../documents/document-files.service';
import { JobsService } from '../jobs/jobs.service';
import { RetentionRepository, type RuleRow } from './retention.repository';
import { RULES, type RuleDefinition } from './retention.rules';

export const RETENTION_QUEUE = 'retention-run';
const HOUR = 3_600_000;

export interface RetentionJob {
  trigger: Exclude<RetentionTrigger, 'hourly'>;
  /** The admin who asked for the run ("run now"). */
  actorId: string | null;
}

export interface RuleRun {
  key: RetentionRuleKey;
  days: number;
  rows: number;
  batches: number;
}

/** A rule's days: its stored setting, its default when the row is gone, or configuration. */
export function settingOf(key: RetentionRuleKey, rows: RuleRow[], config: AppConfig): number {
  if (key === 'unverified_accounts') return config.unverifiedAccountDays;
  const row = rows.find((r) => r.key === key);
  return row?.days ?? RETENTION_LIMITS[key].defaultDays;
}

/**
 * Runs the retention rules. Every rule works in batches, each its own short transaction, and
 * ends with one audit row of what it did (counts, never personal data; rows about accounts and
 * conversations name them by id only). The whole set runs daily as a pg-boss job, or when an
 * admin asks; one run at a time, by a lease in `retention_state`. Every hour (and at start) on
 * each instance, unconfirmed applications and expired sign-in records are swept as before.
 */
@Injectable()
export class RetentionRunner
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('Retention');
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: RetentionRepository,
    private readonly audit: AuditService,
    private readonly jobs: JobsService,
    private readonly files: DocumentFilesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register<RetentionJob>(RETENTION_QUEUE, async (job) => {
      await this.runAll(job);
    });
  }

  onApplicationBootstrap(): void {
    const tick = () => {
      this.hourly().catch((err: unknown) => {
        this.logger.warn(`hourly sweep: ${(err as Error).message}`);
      });
    };
    tick();
    this.timer = setInterval(tick, HOUR);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  /** The hourly sweep, then the daily run if it is due (sent as a job once, by one instance). */
  async hourly(): Promise<void> {
    await this.runRule('unverified_accounts', 'hourly', null);
    await this.runRule('expired_tokens', 'hourly', null);
    // Jobs can be sent once the runner has started (it starts with the application).
    for (let i = 0; i < 30 && !this.stopped && !(await this.jobs.status()).running; i++) {
      await new Promise((r) => setTimeout(r, 1000));
    }
    if (this.stopped) return;
    await this.dataSource.transaction(async (m) => {
      if (await this.repo.claimRun(m, true)) {
        await this.jobs.send<RetentionJob>(m, RETENTION_QUEUE, {
          trigger: 'schedule',
          actorId: null,
        });
      }
    });
  }

  /** Every rule in turn; the caller holds the run lease, which ends with the run. */
  async runAll(job: RetentionJob): Promise<RuleRun[]> {
    const done: RuleRun[] = [];
    try {
      for (const rule of RULES) {
        try {
          done.push(await this.runRule(rule.key, job.trigger, job.actorId));
        } catch (err) {
          // One rule failing does not keep the others from running.
          this.logger.error(`rule ${rule.key}: ${(err as Error).message}`);
        }
      }
    } finally {
      await this.repo.releaseRun();
    }
    return done;
  }

  /**
   * One rule, batch after batch until a batch comes back short. Every run is recorded as the
   * rule's last; an hourly sweep that found nothing leaves no audit row, every other run one.
   */
  async runRule(
    key: RetentionRuleKey,
    trigger: RetentionTrigger,
    actorId: string | null,
  ): Promise<RuleRun> {
    const rule = RULES.find((r) => r.key === key) as RuleDefinition;
    const days = settingOf(key, await this.repo.rules(), this.config);
    const limit = this.config.retentionBatchSize;
    const byPart: Record<string, number> = {};
    let rows = 0;
    let batches = 0;
    if (days > 0) {
      for (const part of rule.parts) {
        byPart[part] = 0;
        for (;;) {
          const result = await this.dataSource.transaction((m) =>
            this.repo.batch(m, key, part, days, limit),
          );
          batches++;
          byPart[part] += result.rows;
          rows += result.rows;
          // Stored files go once no row points to them (the documents module decides).
          if (result.releasedKeys?.length) await this.files.release(result.releasedKeys);
          if (result.rows < limit) break;
        }
      }
    }
    await this.dataSource.transaction(async (m) => {
      await this.repo.recordRun(m, key, rows, trigger);
      if (trigger !== 'hourly' || rows > 0) {
        await this.audit.record(m, {
          actorId,
          action: 'retention.rule.run',
          targetType: 'retention_rule',
          targetId: key,
          detail: {
            trigger,
            days,
            rows,
            batches,
            ...(rule.parts.length > 1 ? { tables: byPart } : {}),
            ...(days === 0 ? { keptForEver: true } : {}),
          },
        });
      }
    });
    if (rows > 0) this.logger.log(`${key}: ${rows} row(s) past ${days} day(s)`);
    return { key, days, rows, batches };
  }
}
