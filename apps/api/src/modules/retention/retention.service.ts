import { Inject, Injectable } from '@nestjs/common';
import {
  RETENTION_LIMITS,
  type EditableRetentionRuleKey,
  type RetentionResponse,
  type RetentionRunResponse,
  type UpdateRetentionRequest,
} from '@contracts';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { AuditService } from '../audit/audit.service';
import { JobsService } from '../jobs/jobs.service';
import { RateLimiter } from '../throttle/rate-limiter';
import { RETENTION_QUEUE, settingOf, type RetentionJob } from './retention-runner';
import { RetentionRepository, type RuleRow } from './retention.repository';
import { RULES } from './retention.rules';

/** "Run now" requests an hour per admin, counted before the run is claimed. */
const RUN_LIMIT = { limit: 6, windowMs: 3_600_000 };

/** The retention settings admins read and change, and "run now". */
@Injectable()
export class RetentionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: RetentionRepository,
    private readonly audit: AuditService,
    private readonly jobs: JobsService,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async overview(): Promise<RetentionResponse> {
    const [rows, state] = [await this.repo.rules(), await this.repo.state()];
    return this.toResponse(rows, state);
  }

  /**
   * Changes the given rules (validated by the DTO); one audit row names every change with its
   * old and new value. Serialised, so two admins' changes never interleave.
   */
  async update(actor: AuthUser, dto: UpdateRetentionRequest): Promise<RetentionResponse> {
    await this.dataSource.transaction(async (m) => {
      const rows = await this.repo.lockRules(m);
      const from: Record<string, number> = {};
      const to: Record<string, number> = {};
      for (const key of Object.keys(RETENTION_LIMITS) as EditableRetentionRuleKey[]) {
        const next = dto[key];
        if (next === undefined) continue;
        const current = settingOf(key, rows, this.config);
        if (current === next) continue;
        await this.repo.setDays(m, key, next);
        from[key] = current;
        to[key] = next;
      }
      if (Object.keys(to).length > 0) {
        await this.audit.record(m, {
          actorId: actor.id,
          action: 'retention.settings.changed',
          targetType: 'retention',
          targetId: null,
          detail: { from, to },
        });
      }
    });
    return this.overview();
  }

  /**
   * Starts a run of every rule now (as a job): counted against the admin's limit first, then
   * the run lease is claimed in one statement, so of a burst of requests one starts a run and
   * the others are told a run is under way.
   */
  async requestRun(actor: AuthUser): Promise<RetentionRunResponse> {
    await this.limiter.consume(
      [{ key: `retention-run:${actor.id}`, rule: RUN_LIMIT }],
      'Too many runs asked for: please wait and try again',
    );
    await this.dataSource.transaction(async (m) => {
      if (!(await this.repo.claimRun(m, false))) {
        throw new DomainError(
          'RETENTION_RUNNING',
          'A retention run is already under way: wait for it to finish',
        );
      }
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'retention.run.requested',
        targetType: 'retention',
        targetId: null,
      });
      await this.jobs.send<RetentionJob>(m, RETENTION_QUEUE, {
        trigger: 'manual',
        actorId: actor.id,
      });
    });
    return { status: 'started' };
  }

  private toResponse(
    rows: RuleRow[],
    state: { next_run_at: Date; running: boolean },
  ): RetentionResponse {
    return {
      rules: RULES.map((rule) => {
        const row = rows.find((r) => r.key === rule.key);
        const editable = rule.key !== 'unverified_accounts';
        const limits = editable
          ? RETENTION_LIMITS[rule.key as EditableRetentionRuleKey]
          : {
              keepForeverAllowed: false,
              minDays: 1,
              maxDays: 365,
              defaultDays: 7,
            };
        return {
          key: rule.key,
          label: rule.label,
          description: rule.description,
          days: settingOf(rule.key, rows, this.config),
          editable,
          ...limits,
          lastRunAt: row?.last_run_at?.toISOString() ?? null,
          lastRunRows: row?.last_run_rows ?? null,
          lastRunTrigger: row?.last_run_trigger ?? null,
        };
      }),
      running: state.running,
      nextRunAt: state.next_run_at.toISOString(),
    };
  }
}
