import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '@api/common/auth.decorators';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { DocumentFilesService } from '../documents/document-files.service';
import { JobsService } from '../jobs/jobs.service';

interface Check {
  status: 'up' | 'down';
  [key: string]: unknown;
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly files: DocumentFilesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Database, storage and queue status; 503 when one is down' })
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const [database, queue, storage] = await Promise.all([
      this.database(),
      this.queue(),
      this.storage(),
    ]);
    const ok = database.status === 'up' && queue.status === 'up' && storage.status === 'up';
    void reply.status(ok ? 200 : 503).header('cache-control', 'no-store');
    return { status: ok ? 'ok' : 'degraded', database, storage, queue };
  }

  private async database(): Promise<Check> {
    const started = process.hrtime.bigint();
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'up', latencyMs: Number(process.hrtime.bigint() - started) / 1e6 };
    } catch (err) {
      return { status: 'down', error: (err as Error).message };
    }
  }

  private async queue(): Promise<Check> {
    try {
      const [[row], jobs] = await Promise.all([
        this.dataSource.query<Array<{ notifications: number; mail: number }>>(
          `SELECT (SELECT count(*) FROM notifications WHERE dispatched_at IS NULL)::int AS notifications,
                  (SELECT count(*) FROM mail_outbox WHERE status = 'pending')::int AS mail`,
        ),
        this.jobs.status(),
      ]);
      return {
        status: jobs.running ? 'up' : 'down',
        pendingNotifications: row.notifications,
        pendingMail: row.mail,
        waitingJobs: jobs.waiting,
      };
    } catch (err) {
      return { status: 'down', error: (err as Error).message };
    }
  }

  private async storage(): Promise<Check> {
    try {
      await this.files.check();
      return { status: 'up', driver: this.config.storage };
    } catch (err) {
      return { status: 'down', driver: this.config.storage, error: (err as Error).message };
    }
  }
}
