import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** Each retention rule's setting and its last run (the audit log keeps every run). */
@Entity('retention_rules')
@Check('retention_rules_days_check', `days IS NULL OR days BETWEEN 0 AND 3650`)
export class RetentionRuleEntity {
  @PrimaryColumn('text')
  key: string;

  /** Days; 0 keeps for ever; null follows configuration (unverified accounts). */
  @Column('integer', { nullable: true })
  days: number | null;

  @Column('timestamptz', { name: 'last_run_at', nullable: true })
  lastRunAt: Date | null;

  @Column('integer', { name: 'last_run_rows', nullable: true })
  lastRunRows: number | null;

  @Column('text', { name: 'last_run_trigger', nullable: true })
  lastRunTrigger: string | null;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}

/**
 * One row: when the daily run is next due, and the lease of the run under way, so that one
 * run at a time happens whichever instance or admin starts it.
 */
@Entity('retention_state')
@Check('retention_state_single_check', `id`)
export class RetentionStateEntity {
  @PrimaryColumn('boolean', { default: true })
  id: boolean;

  @Column('timestamptz', { name: 'next_run_at' })
  nextRunAt: Date;

  @Column('timestamptz', { name: 'running_until', nullable: true })
  runningUntil: Date | null;
}
