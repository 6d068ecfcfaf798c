import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DATABASE_URL } from './database.tokens';

type Handler = () => void;

/**
 * One LISTEN connection per process. Transactions call `pg_notify(channel)`; PostgreSQL
 * delivers it only after commit, to every instance, which then drains its outbox.
 */
@Injectable()
export class PgListener implements OnApplicationShutdown {
  private readonly logger = new Logger(PgListener.name);
  private readonly handlers = new Map<string, Set<Handler>>();
  private client: Client | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(@Inject(DATABASE_URL) private readonly url: string) {}

  async listen(channel: string, handler: Handler): Promise<void> {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      if (this.client) await this.client.query(`LISTEN ${quoteIdent(channel)}`);
    }
    set.add(handler);
    if (!this.client) await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed || this.client) return;
    const client = new Client({ connectionString: this.url, application_name: 'ocvrn-listener' });
    client.on('notification', (msg) => this.handlers.get(msg.channel)?.forEach((h) => h()));
    client.on('error', (err) => {
      this.logger.warn(`listener connection lost: ${err.message}`);
      this.client = null;
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    });
    try {
      await client.connect();
      for (const channel of this.handlers.keys())
        await client.query(`LISTEN ${quoteIdent(channel)}`);
      this.client = client;
      // Anything committed while we were away is picked up by a drain now.
      this.handlers.forEach((set) => set.forEach((h) => h()));
    } catch (err) {
      this.logger.warn(`listener could not connect: ${(err as Error).message}`);
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, 1000);
    this.reconnectTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad channel name ${name}`);
  return name;
}
