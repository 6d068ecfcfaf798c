import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('topics')
@Check('topics_group_check', `"group" IN ('cross-cutting', 'crime-type')`)
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
export class SectorEntity {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  label: string;

  @Column('int')
  position: number;
}

@Entity('levels')
export class LevelEntity {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  label: string;

  @Column('int')
  position: number;
}
