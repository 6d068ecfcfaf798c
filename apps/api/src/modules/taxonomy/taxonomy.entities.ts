import { Check, Column, Entity, PrimaryColumn, Unique } from 'typeorm';

// Each position is also the entry's bit in `member_search.facet_bits` (see the
// DirectoryFacetBits migration): unique, and small enough for its field.

@Entity('topics')
@Check('topics_group_check', `"group" IN ('cross-cutting', 'crime-type')`)
@Check('topics_position_check', `"position" >= 0 AND "position" < 48`)
@Unique(['position'])
export class TopicEntity {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  label: string;

  @Column('text')
  group: 'cross-cutting' | 'crime-type';

  @Column('text', { default: '' })
  description: string;

  @Column('int')
  position: number;
}

@Entity('sectors')
@Check('sectors_position_check', `"position" >= 0 AND "position" < 15`)
@Unique(['position'])
export class SectorEntity {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  label: string;

  @Column('int')
  position: number;
}

@Entity('levels')
@Check('levels_position_check', `"position" >= 0 AND "position" < 3`)
@Unique(['position'])
export class LevelEntity {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  label: string;

  @Column('int')
  position: number;
}
