import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { Pool } from 'pg';
import type { Server, ServerOptions } from 'socket.io';

/**
 * Socket.IO across instances: the PostgreSQL adapter by default (LISTEN/NOTIFY on the
 * database every instance shares), the Redis adapter when REDIS_URL is set.
 */
export class ClusterIoAdapter extends IoAdapter {
  private readonly log = new Logger('Realtime');
  private closers: Array<() => Promise<unknown>> = [];
  private adapterFactory: ReturnType<typeof createPostgresAdapter> | null = null;

  constructor(
    app: INestApplicationContext,
    private readonly databaseUrl: string,
    private readonly redisUrl: string | undefined,
  ) {
    super(app);
  }

  async connect(): Promise<void> {
    if (this.redisUrl) {
      // Loaded only when asked for: the Redis client is a noticeable part of start-up.
      const { createAdapter: createRedisAdapter } = await import('@socket.io/redis-adapter');
      const { createClient } = await import('redis');
      const pub = createClient({ url: this.redisUrl });
      const sub = pub.duplicate();
      pub.on('error', (e: Error) => this.log.warn(`redis: ${e.message}`));
      sub.on('error', (e: Error) => this.log.warn(`redis: ${e.message}`));
      await Promise.all([pub.connect(), sub.connect()]);
      this.adapterFactory = createRedisAdapter(pub, sub) as unknown as ReturnType<
        typeof createPostgresAdapter
      >;
      this.closers.push(
        () => pub.quit().catch(() => undefined),
        () => sub.quit().catch(() => undefined),
      );
      this.log.log('Socket.IO Redis adapter');
    } else {
      const pool = new Pool({
        connectionString: this.databaseUrl,
        max: 4,
        application_name: 'ocvrn-socket.io',
      });
      pool.on('error', (e: Error) => this.log.warn(`socket.io adapter pool: ${e.message}`));
      this.adapterFactory = createPostgresAdapter(pool, {
        tableName: 'socket_io_attachments',
        heartbeatInterval: 2000,
        heartbeatTimeout: 6000,
      });
      this.closers.push(() => pool.end().catch(() => undefined));
      this.log.log('Socket.IO PostgreSQL adapter');
    }
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      serveClient: false,
    } as ServerOptions);
    if (this.adapterFactory) server.adapter(this.adapterFactory);
    return server;
  }

  override async close(server: Server): Promise<void> {
    // The server first: its adapter gives back the connection it listens on.
    await super.close(server);
    const closers = this.closers;
    this.closers = [];
    await Promise.all(closers.map((c) => c()));
  }
}
