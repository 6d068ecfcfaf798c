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
 * An invitation to join, sent by an admin to one address. Only the SHA-256 of its token is
 * stored; the token itself is only in the email's link. At most one open invitation (neither
 * accepted nor revoked) per address: `invitations_open_email_key`, a partial unique index
 * written by hand in the migration.
 */
@Entity('invitations')
@Index('invitations_token_hash_key', ['tokenHash'], { unique: true })
@Index('invitations_created_idx', ['createdAt', 'id'])
@Index('invitations_open_email_key', { synchronize: false })
@Check('invitations_email_lower_check', `email = lower(email)`)
@Check('invitations_state_check', `accepted_at IS NULL OR revoked_at IS NULL`)
export class InvitationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  email: string;

  @Column('bytea', { name: 'token_hash', select: false })
  tokenHash: Buffer;

  @Column('uuid', { name: 'invited_by' })
  invitedBy: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'invited_by', foreignKeyConstraintName: 'invitations_invited_by_fk' })
  inviter?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('timestamptz', { name: 'accepted_at', nullable: true })
  acceptedAt: Date | null;

  @Column('uuid', { name: 'accepted_user_id', nullable: true })
  acceptedUserId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'accepted_user_id',
    foreignKeyConstraintName: 'invitations_accepted_user_fk',
  })
  acceptedUser?: UserEntity;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
