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

export type AccountTokenPurpose = 'verify_email' | 'reset_password';

/**
 * A single-use emailed link: proving an address (24 h) or resetting a password (30 min).
 * Only the token's SHA-256 is stored. `email` is the address the link proves (a new address
 * while an email change waits for it).
 */
@Entity('account_tokens')
@Index('account_tokens_hash_key', ['tokenHash'], { unique: true })
@Index('account_tokens_user_idx', ['userId', 'purpose'])
@Check('account_tokens_purpose_check', `purpose IN ('verify_email', 'reset_password')`)
export class AccountTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'account_tokens_user_fk' })
  user?: UserEntity;

  @Column('text')
  purpose: AccountTokenPurpose;

  @Column('text')
  email: string;

  @Column('bytea', { name: 'token_hash' })
  tokenHash: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt: Date | null;
}
