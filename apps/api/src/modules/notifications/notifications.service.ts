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

/**
 * Gives the current form of replayed events' payloads, in order; null drops the event (what
 * it described is gone, or the reader may no longer see it).
 */
export type ReplayRefresher<T extends EventType> = (
  payloads: EventPayloads[T][],
) => Promise<(EventPayloads[T] | null)[]>;

@Injectable()
export class NotificationsService {
  private readonly refreshers = new Map<EventType, ReplayRefresher<EventType>>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Events whose payload describes something that may change later (a profile whose phone
   * number was hidden since) are replayed as it is now, not as it was published.
   */
  refreshOnReplay<T extends EventType>(type: T, refresher: ReplayRefresher<T>): void {
    this.refreshers.set(type, refresher as unknown as ReplayRefresher<EventType>);
  }

  private async refresh(items: RealtimeEnvelope[]): Promise<RealtimeEnvelope[]> {
    const dropped = new Set<RealtimeEnvelope>();
    for (const [type, refresher] of this.refreshers) {
      const mine = items.filter((i) => i.type === type);
      if (mine.length === 0) continue;
      const fresh = await refresher(mine.map((i) => i.data));
      mine.forEach((item, n) => {
        const data = fresh[n];
        if (data === null || data === undefined) dropped.add(item);
        else item.data = data;
      });
    }
    return dropped.size === 0 ? items : items.filter((i) => !dropped.has(i));
  }

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
    const page = rows.slice(0, limit).map(toEnvelope);
    // The cursor is the last event read, whether or not the refresh kept it.
    const nextCursor = more ? page[page.length - 1].id : null;
    return { items: await this.refresh(page), nextCursor };
  }
}
