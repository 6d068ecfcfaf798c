import { Injectable } from '@nestjs/common';
import type { EventPayloads, EventType, RealtimeEnvelope } from '@contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { NotificationEntity } from './notification.entity';

export const OUTBOX_CHANNEL = 'ocvrn_outbox';

export function toEnvelope(row: {
  id: string;
  type: string;
  data: unknown;
  createdAt: Date;
}): RealtimeEnvelope {
  return {
    id: String(row.id),
    type: row.type as EventType,
    at: row.createdAt.toISOString(),
    data: row.data as RealtimeEnvelope['data'],
  };
}

@Injectable()
export class NotificationsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Writes a realtime event into the outbox inside the caller's transaction. It is pushed
   * to the rooms only after commit (the NOTIFY is delivered on commit), and stays readable
   * through `GET /notifications?after=`.
   */
  async publish<T extends EventType>(
    manager: EntityManager,
    type: T,
    rooms: string[],
    data: EventPayloads[T],
  ): Promise<void> {
    // One round trip: writers often hold a row lock while they publish.
    await manager.query(
      `WITH n AS (INSERT INTO notifications (type, rooms, data) VALUES ($1, $2, $3::jsonb) RETURNING id)
       SELECT pg_notify($4, '') FROM n`,
      [type, rooms, JSON.stringify(data), OUTBOX_CHANNEL],
    );
  }

  /** Events addressed to any of `rooms` after `after`, oldest first, since `since`. */
  async listFor(
    rooms: string[],
    since: Date,
    after: string | undefined,
    limit: number,
  ): Promise<{ items: RealtimeEnvelope[]; nextCursor: string | null }> {
    const rows = await this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .select(['n.id', 'n.type', 'n.data', 'n.createdAt'])
      .where('n.rooms && :rooms::text[]', { rooms })
      .andWhere('n.created_at >= :since', { since })
      .andWhere('n.id > :after', { after: after ?? '0' })
      .orderBy('n.id', 'ASC')
      .limit(limit + 1)
      .getMany();
    const more = rows.length > limit;
    const items = rows.slice(0, limit).map(toEnvelope);
    return { items, nextCursor: more ? items[items.length - 1].id : null };
  }
}
