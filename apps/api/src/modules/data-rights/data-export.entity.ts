import type { DataExportStatus } from '@contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { UserEntity } from '../users/user.entity';

/**
 * A member's request for a copy of their data and, once built, the ZIP in blob storage
 * (`file_key`, its SHA-256). At most one is pending per member; the file goes when it expires.
 */
@Entity('data_exports')
@Check('data_exports_status_check', `status IN ('pending', 'ready', 'failed', 'expired')`)
@Index('data_exports_user_idx', ['userId', 'createdAt'])
@Index('data_exports_one_pending_key', ['userId'], { unique: true, where: `status = 'pending'` })
@Index('data_exports_expiry_idx', ['expiresAt'], { where: `status = 'ready'` })
export class DataExportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'data_exports_user_fk' })
  user?: UserEntity;

  @Column('text', { default: 'pending' })
  status: DataExportStatus;

  @Column('text', { name: 'file_key', nullable: true })
  fileKey: string | null;

  @Column('bigint', { nullable: true })
  size: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'ready_at', nullable: true })
  readyAt: Date | null;

  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt: Date | null;
}
