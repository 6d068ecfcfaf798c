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
import { NewsletterEntity } from '../newsletters/newsletter.entity';
import { UserEntity } from '../users/user.entity';

/** Outgoing mail, written in the transaction that causes it and sent with retries. */
@Entity('mail_outbox')
@Index('mail_outbox_due_idx', { synchronize: false })
@Index('mail_outbox_newsletter_key', { synchronize: false })
@Index('mail_outbox_sent_idx', { synchronize: false })
@Check('mail_outbox_status_check', `status IN ('pending', 'sent', 'failed', 'held')`)
export class MailMessageEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('text', { name: 'to_address' })
  to: string;

  @Column('text')
  subject: string;

  /** Null for a newsletter copy: composed when it is sent (see `newsletterId`). */
  @Column('text', { nullable: true })
  text: string | null;

  @Column('text', { nullable: true })
  html: string | null;

  @Column('jsonb', { default: () => `'{}'` })
  headers: Record<string, string>;

  /** pending → sent, or failed after the last attempt; held when no SMTP_URL is set. */
  @Column('text', { default: 'pending' })
  status: 'pending' | 'sent' | 'failed' | 'held';

  @Column('int', { default: 0 })
  attempts: number;

  @Column('timestamptz', { name: 'next_attempt_at', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  /**
   * A newsletter issue's copy for one subscriber (unique per issue and user): the message is
   * composed from the issue when it is sent, with the subscriber's own unsubscribe link.
   */
  @Column('uuid', { name: 'newsletter_id', nullable: true })
  newsletterId: string | null;

  @ManyToOne(() => NewsletterEntity, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'newsletter_id', foreignKeyConstraintName: 'mail_outbox_newsletter_fk' })
  newsletter?: NewsletterEntity;

  @Column('uuid', { name: 'user_id', nullable: true })
  userId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'mail_outbox_user_fk' })
  user?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;
}
