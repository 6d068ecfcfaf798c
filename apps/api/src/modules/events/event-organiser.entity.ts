import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { UserEntity } from '../users/user.entity';
import { EventEntity } from './event.entity';

/**
 * Who runs an event: its creator (`events.organiser_id`, always here) and the co-organisers
 * added after. Only they and admins edit, cancel or manage the event and read its attendees.
 */
@Entity('event_organisers')
@Index('event_organisers_user_idx', ['userId'])
export class EventOrganiserEntity {
  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId: string;

  @ManyToOne(() => EventEntity, { createForeignKeyConstraints: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'event_organisers_event_fk' })
  event?: EventEntity;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'event_organisers_user_fk' })
  user?: UserEntity;

  /** Who added them (null for the creator, and once that account is gone). */
  @Column('uuid', { name: 'added_by', nullable: true })
  addedBy: string | null;

  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'added_by', foreignKeyConstraintName: 'event_organisers_added_by_fk' })
  adder?: UserEntity;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;
}
