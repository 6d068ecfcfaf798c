import type { ContactCategory, MailAuthentication, ThreadStatus } from '@contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { UserEntity } from '../users/user.entity';

/** A conversation with the contact point, from its first message. */
@Entity('inbox_threads')
@Check('inbox_threads_status_check', `status IN ('new', 'open', 'waiting', 'closed')`)
@Check(
  'inbox_threads_category_check',
  `category IN ('general', 'research_findings', 'join', 'events', 'newsletter', 'other')`,
)
@Index('inbox_threads_reference_key', ['reference'], { unique: true })
@Index('inbox_threads_queue_idx', ['status', 'createdAt', 'id'])
@Index('inbox_threads_created_idx', ['createdAt', 'id'])
@Index('inbox_threads_assignee_idx', ['assigneeId', 'status', 'createdAt'])
@Index('inbox_threads_sender_idx', ['senderEmail', 'createdAt'])
@Index('inbox_threads_ack_message_id_idx', ['ackMessageId'])
@Index('inbox_threads_search_idx', { synchronize: false })
// The list's total and average first response as an index-only scan (InboxStatsIndex).
@Index('inbox_threads_stats_idx', { synchronize: false })
export class InboxThreadEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /**
   * `OCR-2026-7KQ4M9XD`: the year and eight random Crockford base32 characters (references
   * handed out earlier, `OCR-2026-000123`, counted within the year, stay as they were).
   */
  @Column('text')
  reference: string;

  @Column('text', { default: 'new' })
  status: ThreadStatus;

  @Column('text')
  category: ContactCategory;

  @Column('text')
  subject: string;

  @Column('text', { name: 'sender_name' })
  senderName: string;

  /** Lower case. */
  @Column('text', { name: 'sender_email' })
  senderEmail: string;

  @Column('text', { name: 'sender_organisation', nullable: true })
  senderOrganisation: string | null;

  /** The member who wrote from inside the app. */
  @Column('uuid', { name: 'user_id', nullable: true })
  userId: string | null;

  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'inbox_threads_user_fk' })
  user?: UserEntity;

  /** The address a web message came from (for the per-IP limit); null for mail. */
  @Column('inet', { name: 'sender_ip', nullable: true })
  senderIp: string | null;

  /** SHA-256 of the tracking token. */
  @Column('text', { name: 'token_hash' })
  tokenHash: string;

  @Column('uuid', { name: 'assignee_id', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'inbox_threads_assignee_fk' })
  assignee?: UserEntity;

  /** The Message-ID of the acknowledgement we sent: a reply naming it joins the thread. */
  @Column('text', { name: 'ack_message_id', nullable: true })
  ackMessageId: string | null;

  @Column('integer', { name: 'message_count', default: 0 })
  messageCount: number;

  @Column('timestamptz', { name: 'last_message_at', default: () => 'now()' })
  lastMessageAt: Date;

  @Column('timestamptz', { name: 'first_response_at', nullable: true })
  firstResponseAt: Date | null;

  /** When the retention policy removed the sender's personal data (a closed thread). */
  @Column('timestamptz', { name: 'anonymised_at', nullable: true })
  anonymisedAt: Date | null;

  /** Subject (A), sender (B) and every message (C); kept by the service. */
  @Column('tsvector', { name: 'search_vector', nullable: true, select: false })
  searchVector: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One message of a thread: from the sender, a reply by an officer, or an internal note. */
@Entity('inbox_messages')
@Check('inbox_messages_from_check', `author_kind IN ('sender', 'officer')`)
@Check('inbox_messages_via_check', `via IN ('web', 'email')`)
@Check('inbox_messages_note_check', `NOT internal OR author_kind = 'officer'`)
@Index('inbox_messages_thread_idx', ['threadId', 'createdAt'])
@Index('inbox_messages_message_id_idx', ['emailMessageId'])
export class InboxMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'thread_id' })
  threadId: string;

  @ManyToOne(() => InboxThreadEntity, { createForeignKeyConstraints: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id', foreignKeyConstraintName: 'inbox_messages_thread_fk' })
  thread?: InboxThreadEntity;

  @Column('text', { name: 'author_kind' })
  authorKind: 'sender' | 'officer';

  @Column('uuid', { name: 'author_id', nullable: true })
  authorId: string | null;

  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'inbox_messages_author_fk' })
  author?: UserEntity;

  @Column('text', { name: 'author_name' })
  authorName: string;

  @Column('text')
  body: string;

  @Column('boolean', { default: false })
  internal: boolean;

  @Column('text', { default: 'web' })
  via: 'web' | 'email';

  /** The email Message-ID this message went out or came in with, for threading replies. */
  @Column('text', { name: 'email_message_id', nullable: true })
  emailMessageId: string | null;

  /** SPF/DKIM/DMARC verdicts of a message received by mail (`MailAuthentication`). */
  @Column('jsonb', { nullable: true })
  authentication: MailAuthentication | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A file sent with a message; stored by content like library files. */
@Entity('inbox_attachments')
@Index('inbox_attachments_message_idx', ['messageId'])
@Index('inbox_attachments_sha256_idx', ['sha256'])
export class InboxAttachmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'message_id' })
  messageId: string;

  @ManyToOne(() => InboxMessageEntity, { createForeignKeyConstraints: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'inbox_attachments_message_fk' })
  message?: InboxMessageEntity;

  @Column('text', { name: 'file_name' })
  fileName: string;

  @Column('text')
  mime: string;

  @Column('bigint')
  size: string;

  @Column('text')
  sha256: string;
}

@Entity('inbox_canned_replies')
export class CannedReplyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  title: string;

  @Column('text')
  body: string;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdById: string | null;

  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: true, onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'created_by',
    foreignKeyConstraintName: 'inbox_canned_replies_created_by_fk',
  })
  createdBy?: UserEntity;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * Further tracking links of a thread: each officer reply carries a fresh one, so the sender can
 * open the conversation from any of our emails (only hashes are kept, so none can be re-sent).
 */
@Entity('inbox_tracking_tokens')
@Index('inbox_tracking_tokens_hash_key', ['tokenHash'], { unique: true })
@Index('inbox_tracking_tokens_thread_idx', ['threadId'])
export class InboxTrackingTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'thread_id' })
  threadId: string;

  @ManyToOne(() => InboxThreadEntity, { createForeignKeyConstraints: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id', foreignKeyConstraintName: 'inbox_tracking_tokens_thread_fk' })
  thread?: InboxThreadEntity;

  @Column('text', { name: 'token_hash' })
  tokenHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** The last reference number handed out in each year. */
@Entity('inbox_reference_counters')
export class ReferenceCounterEntity {
  @PrimaryColumn('integer')
  year: number;

  @Column('integer')
  last: number;
}
