import { Injectable } from '@nestjs/common';
import type { AuditVerifyResponse } from '@contracts';
import { DataSource, type EntityManager } from 'typeorm';
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

/** Writes audit entries inside the caller's transaction, so an action and its record agree. */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

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
