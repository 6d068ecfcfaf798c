import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { rowsOf } from '@api/database/query-result';
import { DrainLoop } from '@api/common/drain-loop';
import { PgListener } from '@api/database/pg-listener';
import { OUTBOX_CHANNEL, toEnvelope } from '../notifications/notifications.service';
import { RealtimeServer } from './realtime.server';

interface ClaimedRow {
  id: string;
  type: string;
  rooms: string[];
  data: unknown;
  created_at: Date;
}

const BATCH = 500;
const LEASE_SECONDS = 30;
const SWEEP_MS = 2000;

/**
 * Forwards committed notifications to Socket.IO rooms. Woken by NOTIFY on commit, and by a
 * sweep for anything a dead instance claimed but never sent (the claim is a lease).
 * Every instance runs one; SKIP LOCKED gives each row to exactly one of them, and the
 * adapter carries the emit to sockets on every instance.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop = new DrainLoop(() => this.drain(), new Logger(OutboxDispatcher.name));
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly listener: PgListener,
    private readonly server: RealtimeServer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.listen(OUTBOX_CHANNEL, () => this.kick());
    this.timer = setInterval(() => this.kick(), SWEEP_MS);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.loop.stop();
  }

  kick(): void {
    this.loop.kick();
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.loop.isStopped || !this.dataSource.isInitialized) return;
      const rows: ClaimedRow[] = await this.dataSource
        .query(
          `UPDATE notifications n SET claimed_until = now() + make_interval(secs => $2)
           FROM (SELECT id FROM notifications
                  WHERE dispatched_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                  ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) c
          WHERE n.id = c.id
          RETURNING n.id, n.type, n.rooms, n.data, n.created_at`,
          [BATCH, LEASE_SECONDS],
        )
        .then((r: unknown) => rowsOf<ClaimedRow>(r));
      if (rows.length === 0) return;
      rows.sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
      for (const row of rows) {
        this.server.emit(
          toEnvelope({ id: row.id, type: row.type, data: row.data, createdAt: row.created_at }),
          row.rooms,
        );
      }
      await this.dataSource.query(
        `UPDATE notifications SET dispatched_at = now() WHERE id = ANY($1::bigint[])`,
        [rows.map((r) => r.id)],
      );
      if (rows.length < BATCH) return;
    }
  }
}
