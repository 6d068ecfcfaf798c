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

/**
 * An email domain whose applicants are approved at once. `example.org` is that domain only;
 * `*.police.uk` is every subdomain of police.uk, not police.uk itself.
 */
@Entity('auto_approve_domains')
@Index('auto_approve_domains_pattern_key', ['pattern'], { unique: true })
export class AutoApproveDomainEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  pattern: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({
    name: 'created_by',
    foreignKeyConstraintName: 'auto_approve_domains_created_by_fk',
  })
  creator?: UserEntity;
}
