import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The outbox of realtime events: written in the transaction of the change it reports,
 * dispatched to Socket.IO rooms after commit, and replayed by `GET /notifications?after=`.
 */
@Entity('notifications')
@Index('notifications_rooms_idx', { synchronize: false })
@Index('notifications_pending_idx', { synchronize: false })
@Index('notifications_created_idx', { synchronize: false })
export class NotificationEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('text')
  type: string;

  /** Socket.IO rooms the event goes to: `user:<id>`, `role:<role>`, `members`. */
  @Column('text', { array: true })
  rooms: string[];

  @Column('jsonb')
  data: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'claimed_until', nullable: true })
  claimedUntil: Date | null;

  @Column('timestamptz', { name: 'dispatched_at', nullable: true })
  dispatchedAt: Date | null;
}
