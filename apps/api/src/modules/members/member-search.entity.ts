import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../users/user.entity';

/**
 * The directory's search rows: one per approved member, only what search, ranking and facet
 * counts read, kept by a trigger on `users` in the same transaction as every change. Half the
 * width of a `users` row, so a broad word's matches are read and counted twice as fast.
 */
@Entity('member_search')
@Index('member_search_vector_idx', { synchronize: false })
@Index('member_search_name_trgm_idx', { synchronize: false })
export class MemberSearchEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'member_search_user_fk' })
  user?: UserEntity;

  @Column('text')
  sector: string;

  @Column('text')
  country: string;

  @Column('text', { nullable: true })
  level: string | null;

  @Column('text', { array: true, default: () => `'{}'` })
  expertise: string[];

  @Column('text', { name: 'name_lower' })
  nameLower: string;

  /** Name (A), organisation and expertise labels (B), title and bio (C); accents folded. */
  @Column('tsvector', { name: 'search_vector' })
  searchVector: string;
}
