import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { UserEntity } from '../users/user.entity';

/**
 * A member's choice of issues. No row means every issue (new members are subscribed to all);
 * `all = false` with no topics means none.
 */
@Entity('newsletter_subscriptions')
export class NewsletterSubscriptionEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'newsletter_subscriptions_user_fk' })
  user?: UserEntity;

  @Column('boolean', { name: 'all_issues', default: true })
  all: boolean;

  @Column('text', { array: true, default: () => `'{}'` })
  topics: string[];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
