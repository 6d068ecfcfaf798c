import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { AuditVerifyResponse } from '@contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { AuditEntryEntity } from './audit-entry.entity';
import { verifyAuditChain } from './audit-chain';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  detail?: Record<string, unknown>;
}

/**
 * What PostgreSQL's jsonb can hold of any text: a lone surrogate becomes U+FFFD and NUL is
 * dropped, so a record of hostile input (a name, an email typed at sign-in) never fails.
 */
function storable(value: unknown): unknown {
  if (typeof value === 'string') {
    return Buffer.from(value, 'utf8').toString('utf8').split('\u0000').join('');
  }
  if (Array.isArray(value)) return value.map(storable);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, storable(v)]));
  }
  return value;
}

/**
 * Writes audit entries inside the caller's transaction, so an action and its record agree.
 * The database chains each entry to the one before under a lock held until the transaction
 * ends, so audit writes take turns: record after taking the transaction's row locks, and keep
 * what follows the record short.
 */
@Injectable()
export class AuditService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The log's triggers refuse UPDATE, DELETE and TRUNCATE, but a superuser, or a role that owns
   * the table or its trigger functions, can switch them off. Against a database of the
   * operator's (DATABASE_URL), say so at start when this connection's role is one of those.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.databaseUrl) return;
    const [row] = await this.dataSource.query<
      { role: string; superuser: boolean; owner: boolean }[]
    >(
      `SELECT current_user AS role, r.rolsuper AS superuser,
              pg_has_role(current_user, c.relowner, 'USAGE')
              OR EXISTS (SELECT 1 FROM pg_proc p
                          WHERE p.proname IN ('audit_log_chain', 'audit_log_lock',
                                              'audit_log_refuse_change', 'audit_log_canonical')
                            AND pg_has_role(current_user, p.proowner, 'USAGE')) AS owner
         FROM pg_roles r, pg_class c
        WHERE r.rolname = current_user AND c.oid = 'audit_log'::regclass`,
    );
    if (row && (row.superuser || row.owner)) {
      this.logger.warn(
        `the database role ${row.role} ${row.superuser ? 'is a superuser' : 'owns the audit log'} ` +
          'and could switch off its append-only triggers; run the application as a role that ' +
          'does not own audit_log or its trigger functions (see the README, "Audit log")',
      );
    }
  }

  async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    await manager.save(
      manager.create(AuditEntryEntity, {
        ...entry,
        detail: storable(entry.detail ?? {}) as Record<string, unknown>,
      }),
    );
  }

  private running: Promise<AuditVerifyResponse> | null = null;

  /**
   * Walks the hash chain over the whole log (see audit-chain.ts). A full scan, so callers who
   * ask while one runs share its answer instead of starting another.
   */
  verify(): Promise<AuditVerifyResponse> {
    this.running ??= verifyAuditChain((sql, params) => this.dataSource.query(sql, params)).finally(
      () => {
        this.running = null;
      },
    );
    return this.running;
  }
}
