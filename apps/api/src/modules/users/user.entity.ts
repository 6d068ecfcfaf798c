import type { ProfileVisibility, Role, UserStatus } from '@contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity('users')
@Index('users_email_key', ['email'], { unique: true })
@Index('users_status_created_idx', ['status', 'createdAt', 'id'])
@Check('users_status_check', `status IN ('pending', 'approved', 'rejected', 'disabled')`)
@Check('users_email_lower_check', `email = lower(email)`)
@Check('users_country_check', `country ~ '^[A-Z]{2}$'`)
@Index('users_expertise_idx', { synchronize: false })
@Index('users_directory_name_idx', { synchronize: false })
@Index('users_sector_idx', ['sector'])
@Index('users_country_idx', ['country'])
@Index('users_level_idx', ['level'])
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  email: string;

  @Column('text', { name: 'password_hash', select: false })
  passwordHash: string;

  @Column('text')
  name: string;

  @Column('text')
  organisation: string;

  @Column('text')
  sector: string;

  @Column('char', { length: 2 })
  country: string;

  @Column('text', { default: '' })
  statement: string;

  @Column('text', { nullable: true })
  title: string | null;

  /** local-regional, national or international. */
  @Column('text', { nullable: true })
  level: string | null;

  /** Topic ids of the taxonomy. */
  @Column('text', { array: true, default: () => `'{}'` })
  expertise: string[];

  @Column('text', { nullable: true })
  bio: string | null;

  @Column('text', { nullable: true })
  orcid: string | null;

  @Column('text', { nullable: true })
  website: string | null;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('jsonb', {
    default: () => `'{"email": "members", "phone": "members", "website": "members"}'`,
  })
  visibility: ProfileVisibility;

  @Column('text', { default: 'pending' })
  status: UserStatus;

  /** Granted roles; `member` once approved. `applicant` is never stored. */
  @Column('text', { array: true, default: () => `'{}'` })
  roles: Role[];

  @Column('text', { name: 'rejection_reason', nullable: true })
  rejectionReason: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy: string | null;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt: Date | null;

  /** When the address was proved (a link followed, an invitation, a provider's verified email). */
  @Column('timestamptz', { name: 'email_verified_at', nullable: true })
  emailVerifiedAt: Date | null;

  /** A generated password that must be replaced before anything else. */
  @Column('boolean', { name: 'must_change_password', default: false })
  mustChangePassword: boolean;

  @Column('timestamptz', { name: 'password_changed_at', nullable: true })
  passwordChangedAt: Date | null;

  /** The TOTP secret, sealed with a key derived from the signing secret (AES-256-GCM). */
  @Column('text', { name: 'totp_secret', nullable: true, select: false })
  totpSecret: string | null;

  /** Set once the authenticator app proved it holds the secret; until then TOTP is off. */
  @Column('timestamptz', { name: 'totp_confirmed_at', nullable: true })
  totpConfirmedAt: Date | null;

  /** The last 30-second step a code was accepted for: a code is good once. */
  @Column('bigint', { name: 'totp_last_step', nullable: true, select: false })
  totpLastStep: string | null;

  /** When the account was closed and its profile erased; it never signs in or lists again. */
  @Column('timestamptz', { name: 'erased_at', nullable: true })
  erasedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** The roles a user acts with: only `applicant` until approved, none once disabled. */
export function effectiveRoles(user: Pick<UserEntity, 'status' | 'roles'>): Role[] {
  switch (user.status) {
    case 'approved':
      return user.roles.includes('member') ? user.roles : ['member', ...user.roles];
    case 'pending':
    case 'rejected':
      return ['applicant'];
    case 'disabled':
      return [];
  }
}
