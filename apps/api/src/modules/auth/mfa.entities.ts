import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { UserEntity } from '../users/user.entity';

/** One of ten single-use recovery codes; only its SHA-256 is stored. */
@Entity('mfa_recovery_codes')
@Index('mfa_recovery_codes_user_idx', ['userId'])
export class RecoveryCodeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'mfa_recovery_codes_user_fk' })
  user?: UserEntity;

  @Column('bytea', { name: 'code_hash' })
  codeHash: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt: Date | null;
}

/** A WebAuthn credential (passkey) registered to an account. */
@Entity('passkeys')
@Index('passkeys_credential_key', ['credentialId'], { unique: true })
@Index('passkeys_user_idx', ['userId'])
export class PasskeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'passkeys_user_fk' })
  user?: UserEntity;

  /** The credential id, base64url. */
  @Column('text', { name: 'credential_id' })
  credentialId: string;

  @Column('bytea', { name: 'public_key' })
  publicKey: Buffer;

  /** The authenticator's signature counter (0 for those that keep none). */
  @Column('bigint', { default: 0 })
  counter: string;

  @Column('text', { array: true, default: () => `'{}'` })
  transports: string[];

  /** A name the owner gives it ("Laptop", "YubiKey"). */
  @Column('text')
  name: string;

  @Column('boolean', { name: 'backed_up', default: false })
  backedUp: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;
}

/**
 * A short-lived, single-use server-side value of a sign-in ceremony: a WebAuthn challenge,
 * an OpenID Connect state with its PKCE verifier and nonce, a pending second-factor step.
 * Kept in the database so any instance can finish what another began.
 */
@Entity('auth_challenges')
@Index('auth_challenges_expires_idx', ['expiresAt'])
export class AuthChallengeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  purpose: string;

  @Column('uuid', { name: 'user_id', nullable: true })
  userId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'auth_challenges_user_fk' })
  user?: UserEntity;

  @Column('jsonb', { default: () => `'{}'` })
  data: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;
}

/** An account at an OpenID Connect provider linked to a user (by verified email). */
@Entity('user_identities')
@Index('user_identities_subject_key', ['provider', 'subject'], { unique: true })
@Index('user_identities_user_idx', ['userId'])
export class UserIdentityEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'user_identities_user_fk' })
  user?: UserEntity;

  @Column('text')
  provider: string;

  @Column('text')
  subject: string;

  @Column('text')
  email: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;
}

/**
 * Attempt counters of the rate limits (sign-in, applications, contact), shared by every
 * instance: one row per key, counted and read in one statement.
 */
@Entity('rate_limits')
@Index('rate_limits_reset_idx', ['resetAt'])
export class RateLimitEntity {
  @Column('text', { primary: true })
  key: string;

  @Column('integer')
  count: number;

  @Column('timestamptz', { name: 'reset_at' })
  resetAt: Date;
}
