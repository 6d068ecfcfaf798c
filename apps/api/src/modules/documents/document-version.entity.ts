import type { DocumentType } from '@contracts';
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
import { DocumentEntity } from './document.entity';

/**
 * One uploaded file of a document. Files are stored by content (`sha256`), so identical
 * versions share one stored object.
 */
@Entity('document_versions')
@Index('document_versions_number_key', ['documentId', 'number'], { unique: true })
@Index('document_versions_sha256_idx', ['sha256'])
export class DocumentVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'document_id' })
  documentId: string;

  @ManyToOne(() => DocumentEntity, { createForeignKeyConstraints: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'document_versions_document_fk' })
  document?: DocumentEntity;

  @Column('integer')
  number: number;

  @Column('text', { name: 'file_name' })
  fileName: string;

  @Column('text')
  type: DocumentType;

  @Column('text')
  mime: string;

  @Column('bigint')
  size: string;

  /** Hex SHA-256 of the file; also its storage key. */
  @Column('text')
  sha256: string;

  @Column('integer', { nullable: true })
  pages: number | null;

  /** Extracted text, for search and snippets (empty for images and rejected files). */
  @Column('text', { default: '' })
  text: string;

  /** Why inspection stopped early (time, size, pages), or null when it read everything. */
  @Column('text', { name: 'inspection_note', nullable: true })
  inspectionNote: string | null;

  @Column('uuid', { name: 'uploaded_by' })
  uploadedById: string;

  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'uploaded_by', foreignKeyConstraintName: 'document_versions_uploaded_by_fk' })
  uploadedBy?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
