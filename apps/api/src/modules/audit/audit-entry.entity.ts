import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_log')
@Index('audit_log_actor_idx', ['actorId', 'id'])
@Index('audit_log_target_idx', ['targetType', 'targetId'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId: string | null;

  @Column('text')
  action: string;

  @Column('text', { name: 'target_type' })
  targetType: string;

  @Column('text', { name: 'target_id', nullable: true })
  targetId: string | null;

  @Column('jsonb', { default: () => `'{}'` })
  detail: Record<string, unknown>;

  /** The previous entry's hash (32 zero bytes for the first); set by the database. */
  @Column({ type: 'bytea', name: 'prev_hash', select: false, insert: false, update: false })
  prevHash: Buffer;

  /** sha256(prev_hash || canonical encoding of this entry); set by the database. */
  @Column({ type: 'bytea', select: false, insert: false, update: false })
  hash: Buffer;
}
