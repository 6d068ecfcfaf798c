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
@Index('member_search_facet_bits_idx', ['facetBits'])
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

  /**
   * The row's facets packed into one integer, so that a search's counts are read from 8 bytes
   * per match: bits 0–47 expertise (a topic's `position`), 48–51 sector (`position` + 1),
   * 52–53 level (`position` + 1, 0 when unset), 54–63 country ((A..Z − 64) × 27 + (A..Z − 64)).
   */
  @Column('bigint', { name: 'facet_bits', default: 0 })
  facetBits: string;

  @Column('text', { name: 'name_lower' })
  nameLower: string;

  /** Name (A), organisation and expertise labels (B), title and bio (C); accents folded. */
  @Column('tsvector', { name: 'search_vector' })
  searchVector: string;
}
