import type { NewsletterStatus } from '@contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { UserEntity } from '../users/user.entity';

/** An issue of the newsletter, from draft through clearance to publication. */
@Entity('newsletters')
@Check(
  'newsletters_status_check',
  `status IN ('draft', 'submitted', 'cleared', 'scheduled', 'published')`,
)
@Check('newsletters_scheduled_check', `status <> 'scheduled' OR publish_at IS NOT NULL`)
@Check('newsletters_published_check', `status <> 'published' OR published_at IS NOT NULL`)
@Index('newsletters_archive_idx', { synchronize: false })
@Index('newsletters_status_idx', ['status', 'updatedAt'])
@Index('newsletters_search_idx', { synchronize: false })
export class NewsletterEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  title: string;

  @Column('text', { default: '' })
  summary: string;

  /** Markdown, as the editor wrote it. */
  @Column('text', { default: '' })
  body: string;

  /** The sanitised rendering of `body`, kept with it so readers and mail get the same. */
  @Column('text', { default: '' })
  html: string;

  @Column('text', { array: true, default: () => `'{}'` })
  topics: string[];

  @Column('boolean', { default: false })
  public: boolean;

  @Column('text', { default: 'draft' })
  status: NewsletterStatus;

  @Column('uuid', { name: 'author_id' })
  authorId: string;

  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: true })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'newsletters_author_fk' })
  author?: UserEntity;

  @Column('uuid', { name: 'last_edited_by' })
  lastEditedById: string;

  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: true })
  @JoinColumn({ name: 'last_edited_by', foreignKeyConstraintName: 'newsletters_last_edited_by_fk' })
  lastEditedBy?: UserEntity;

  @Column('uuid', { name: 'cleared_by', nullable: true })
  clearedById: string | null;

  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: true })
  @JoinColumn({ name: 'cleared_by', foreignKeyConstraintName: 'newsletters_cleared_by_fk' })
  clearedBy?: UserEntity;

  @Column('text', { name: 'return_comment', nullable: true })
  returnComment: string | null;

  @Column('timestamptz', { name: 'publish_at', nullable: true })
  publishAt: Date | null;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
