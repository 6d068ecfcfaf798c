import type { DocumentMarking, DocumentStatus, DocumentType } from '@contracts';
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

/** A document of the library: its metadata, the state of review and its current version. */
@Entity('documents')
@Check('documents_status_check', `status IN ('published', 'quarantined', 'rejected')`)
@Check('documents_marking_check', `marking IN ('UNCLASSIFIED', 'OFFICIAL')`)
@Check('documents_published_check', `status <> 'published' OR published_at IS NOT NULL`)
@Index('documents_library_idx', { synchronize: false })
@Index('documents_search_idx', { synchronize: false })
@Index('documents_topics_idx', { synchronize: false })
@Index('documents_crime_types_idx', { synchronize: false })
@Index('documents_status_idx', ['status', 'updatedAt'])
@Index('documents_uploader_idx', ['uploaderId', 'createdAt'])
export class DocumentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  title: string;

  @Column('text', { default: '' })
  abstract: string;

  @Column('text', { array: true, default: () => `'{}'` })
  authors: string[];

  @Column('integer', { nullable: true })
  year: number | null;

  @Column('text', { array: true, default: () => `'{}'` })
  topics: string[];

  @Column('text', { name: 'crime_types', array: true, default: () => `'{}'` })
  crimeTypes: string[];

  @Column('text', { nullable: true })
  language: string | null;

  @Column('text', { nullable: true })
  source: string | null;

  @Column('text')
  marking: DocumentMarking;

  @Column('text')
  status: DocumentStatus;

  /** The current version's number and type (kept here for filters). */
  @Column('integer', { name: 'current_version', default: 1 })
  currentVersion: number;

  @Column('text')
  type: DocumentType;

  @Column('integer', { default: 0 })
  downloads: number;

  @Column('uuid', { name: 'uploader_id' })
  uploaderId: string;

  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'uploader_id', foreignKeyConstraintName: 'documents_uploader_fk' })
  uploader?: UserEntity;

  /** Protective markings above OFFICIAL that inspection found, and where. */
  @Column('text', { name: 'markings_found', array: true, default: () => `'{}'` })
  markingsFound: string[];

  @Column('text', { name: 'found_in', array: true, default: () => `'{}'` })
  foundIn: string[];

  @Column('text', { name: 'review_decision', nullable: true })
  reviewDecision: 'approved' | 'rejected' | null;

  @Column('text', { name: 'review_reason', nullable: true })
  reviewReason: string | null;

  @Column('uuid', { name: 'reviewer_id', nullable: true })
  reviewerId: string | null;

  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'reviewer_id', foreignKeyConstraintName: 'documents_reviewer_fk' })
  reviewer?: UserEntity;

  @Column('timestamptz', { name: 'reviewed_at', nullable: true })
  reviewedAt: Date | null;

  /** Title (A), authors and abstract (B), the current version's text (D); kept by the service. */
  @Column('tsvector', { name: 'search_vector', nullable: true, select: false })
  searchVector: string | null;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
