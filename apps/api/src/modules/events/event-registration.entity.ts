import type { RegistrationStatus } from '@contracts';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../users/user.entity';
import { EventEntity } from './event.entity';

/** A member's place at an event: a seat, or a place in the waitlist in arrival order (`seq`). */
@Entity('event_registrations')
@Check('event_registrations_status_check', `status IN ('confirmed', 'waitlisted')`)
@Index('event_registrations_queue_idx', ['eventId', 'status', 'seq'])
@Index('event_registrations_user_idx', ['userId'])
export class EventRegistrationEntity {
  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId: string;

  @ManyToOne(() => EventEntity, { createForeignKeyConstraints: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'event_registrations_event_fk' })
  event?: EventEntity;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'event_registrations_user_fk' })
  user?: UserEntity;

  @Column('text')
  status: RegistrationStatus;

  /** Arrival order: registrations of one event are made one at a time under its row lock. */
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' })
  seq: string;

  @Column('timestamptz', { name: 'registered_at', default: () => 'now()' })
  registeredAt: Date;
}
