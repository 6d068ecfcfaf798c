import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Outgoing mail, written in the transaction that causes it and sent with retries. */
@Entity('mail_outbox')
@Index('mail_outbox_due_idx', { synchronize: false })
@Check('mail_outbox_status_check', `status IN ('pending', 'sent', 'failed', 'held')`)
export class MailMessageEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('text', { name: 'to_address' })
  to: string;

  @Column('text')
  subject: string;

  @Column('text')
  text: string;

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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;
}
