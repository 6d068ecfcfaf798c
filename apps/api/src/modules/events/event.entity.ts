import type { EventKind } from '@contracts';
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

/** A workshop, seminar, conference or webinar, with its seats and waitlist counters. */
@Entity('events')
@Check('events_kind_check', `kind IN ('workshop', 'seminar', 'conference', 'webinar')`)
@Check('events_status_check', `status IN ('scheduled', 'cancelled')`)
@Check('events_times_check', `ends_at > starts_at`)
@Check('events_capacity_check', `capacity IS NULL OR capacity >= 1`)
@Check('events_seats_check', `seats_taken >= 0 AND waitlist_length >= 0`)
@Check('events_within_capacity_check', `capacity IS NULL OR seats_taken <= capacity`)
@Index('events_starts_idx', ['startsAt', 'id'])
@Index('events_ends_idx', ['endsAt'])
@Index('events_topics_idx', { synchronize: false })
export class EventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  title: string;

  /** Markdown, as the organiser wrote it. */
  @Column('text', { default: '' })
  description: string;

  /** The sanitised rendering of `description`. */
  @Column('text', { name: 'description_html', default: '' })
  descriptionHtml: string;

  @Column('text')
  kind: EventKind;

  @Column('text', { array: true, default: () => `'{}'` })
  topics: string[];

  /** IANA zone the organiser set the times in. */
  @Column('text')
  timezone: string;

  @Column('timestamptz', { name: 'starts_at' })
  startsAt: Date;

  @Column('timestamptz', { name: 'ends_at' })
  endsAt: Date;

  @Column('text', { nullable: true })
  venue: string | null;

  @Column('text', { name: 'online_url', nullable: true })
  onlineUrl: string | null;

  @Column('integer', { nullable: true })
  capacity: number | null;

  @Column('integer', { name: 'seats_taken', default: 0 })
  seatsTaken: number;

  @Column('integer', { name: 'waitlist_length', default: 0 })
  waitlistLength: number;

  @Column('timestamptz', { name: 'registration_opens_at', nullable: true })
  registrationOpensAt: Date | null;

  @Column('timestamptz', { name: 'registration_closes_at', nullable: true })
  registrationClosesAt: Date | null;

  @Column('boolean', { default: false })
  public: boolean;

  @Column('text', { default: 'scheduled' })
  status: 'scheduled' | 'cancelled';

  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  cancelledAt: Date | null;

  @Column('text', { name: 'cancel_reason', nullable: true })
  cancelReason: string | null;

  /** iCalendar SEQUENCE: raised on every change, so calendar apps take the new details. */
  @Column('integer', { default: 0 })
  sequence: number;

  /** Set once the day-before reminders were queued (cleared when the start moves). */
  @Column('timestamptz', { name: 'reminded_at', nullable: true })
  remindedAt: Date | null;

  @Column('uuid', { name: 'organiser_id' })
  organiserId: string;

  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: true })
  @JoinColumn({ name: 'organiser_id', foreignKeyConstraintName: 'events_organiser_fk' })
  organiser?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
