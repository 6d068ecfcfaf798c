import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { rooms, type DataExportResponse } from '@contracts';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdir, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { Keys, KEYS } from '@api/config/keys';
import { isUniqueViolation } from '@api/database/pg-errors';
import { AuditService } from '../audit/audit.service';
import { DocumentFilesService } from '../documents/document-files.service';
import { BLOB_STORAGE, type BlobStorage } from '../documents/storage/blob-storage';
import { JobsService } from '../jobs/jobs.service';
import { MailService } from '../mail/mail.service';
import { NotificationsService } from '../notifications/notifications.service';
import { RateLimiter } from '../throttle/rate-limiter';
import { exportReadyMail } from './data-rights.mails';
import { DataRightsRepository, type ExportRow } from './data-rights.repository';
import {
  readme,
  uploadPath,
  writeArchive,
  type ArchiveFile,
  type ArchiveSection,
} from './export-archive';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a ready export can be downloaded. */
export const EXPORT_TTL_DAYS = 7;
/** One export a day per member, counted before any work. */
const EXPORT_RULE = { limit: 1, windowMs: DAY_MS };
const BUILD_QUEUE = 'data-export-build';
const EXPIRE_QUEUE = 'data-export-expire';
const SWEEP_MS = 60 * 60 * 1000;

/**
 * A member's copy of their data: asked for once a day, built as one ZIP by a background job,
 * kept in blob storage for seven days and downloaded by its owner with the link's token.
 */
@Injectable()
export class DataExportService
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('DataExports');
  private readonly tmpDir: string;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: DataRightsRepository,
    private readonly limiter: RateLimiter,
    private readonly jobs: JobsService,
    private readonly notifications: NotificationsService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly files: DocumentFilesService,
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(KEYS) private readonly keys: Keys,
  ) {
    this.tmpDir = resolve(config.dataDir, 'tmp', 'exports');
  }

  onModuleInit(): void {
    this.jobs.register<{ id: string }>(BUILD_QUEUE, ({ id }) => this.build(id));
    this.jobs.register<{ id: string }>(EXPIRE_QUEUE, ({ id }) => this.expire(id));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.expire(), SWEEP_MS);
    this.timer.unref();
    void this.expire();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Asks for an export: one a day (429 past it), one at a time (409). */
  async request(user: AuthUser): Promise<{ id: string }> {
    await this.limiter.consume(
      [{ key: `data-export:${user.id}`, rule: EXPORT_RULE }],
      'You can ask for a copy of your data once a day',
    );
    try {
      return await this.dataSource.transaction(async (m) => {
        const id = await this.repo.insertExport(m, user.id);
        await this.jobs.send(m, BUILD_QUEUE, { id });
        await this.audit.record(m, {
          actorId: user.id,
          action: 'account.export.requested',
          targetType: 'user',
          targetId: user.id,
          detail: { exportId: id },
        });
        return { id };
      });
    } catch (err) {
      if (isUniqueViolation(err, 'data_exports_one_pending_key')) {
        throw new DomainError('EXPORT_IN_PROGRESS', 'Your last request is still being prepared');
      }
      throw err;
    }
  }

  async list(user: AuthUser): Promise<{ items: DataExportResponse[] }> {
    const rows = await this.repo.latestExports(user.id, 5);
    return { items: rows.map((r) => this.toResponse(r)) };
  }

  async get(user: AuthUser, id: string): Promise<DataExportResponse> {
    const row = await this.owned(user, id);
    return this.toResponse(row);
  }

  /** The ZIP for its owner with the link's token: 410 once expired, 409 before it is ready. */
  async open(
    user: AuthUser,
    id: string,
    token: string | undefined,
  ): Promise<{ stream: Readable; size: number; fileName: string }> {
    const row = await this.owned(user, id);
    if (!this.tokenHolds(id, token)) {
      throw new DomainError('EXPORT_NOT_FOUND', 'No such export');
    }
    if (isExpired(row)) {
      await this.expire(row.id);
      throw new DomainError('EXPORT_EXPIRED', 'This download has expired: ask for a new copy');
    }
    if (row.status !== 'ready' || !row.file_key) {
      throw new DomainError('EXPORT_NOT_READY', 'Your copy is not ready yet');
    }
    const stream = await this.storage.read(row.file_key).catch(() => {
      throw new DomainError('EXPORT_EXPIRED', 'This download is no longer available');
    });
    const day = (row.ready_at ?? row.created_at).toISOString().slice(0, 10);
    return { stream, size: Number(row.size), fileName: `ocvrn-your-data-${day}.zip` };
  }

  /** Builds a pending export (idempotent: a finished one is left alone). */
  async build(id: string): Promise<void> {
    const row = await this.repo.findExport(id);
    if (!row || row.status !== 'pending') return;
    await mkdir(this.tmpDir, { recursive: true });
    const path = join(this.tmpDir, `${process.pid}-${randomUUID()}.zip`);
    try {
      const user = await this.repo.profile(row.user_id);
      if (!user) return;
      const { sections, files } = await this.gather(row.user_id, user);
      const text = readme(sections, new Date(), EXPORT_TTL_DAYS);
      const { sha256, size } = await writeArchive(path, sections, files, text);
      await this.storage.putFile(sha256, path, size);
      const ready = await this.dataSource.transaction(async (m) => {
        const done = await this.repo.markReady(m, id, sha256, size, EXPORT_TTL_DAYS * DAY_MS);
        if (!done?.expires_at) return null;
        await this.notifications.publish(m, 'account.export.ready', [rooms.user(row.user_id)], {
          exportId: id,
          expiresAt: done.expires_at.toISOString(),
        });
        await this.mail.enqueue(
          m,
          exportReadyMail(
            { email: String(user.email), name: String(user.name) },
            done.expires_at,
            this.config.publicUrl,
          ),
        );
        await this.jobs.send(m, EXPIRE_QUEUE, { id }, { startAfter: done.expires_at });
        return done;
      });
      // Erased or expired meanwhile: the file belongs to nothing.
      if (!ready) await this.files.release([sha256]);
    } catch (err) {
      this.logger.error(`Export ${id} failed: ${(err as Error).message}`);
      await this.repo.markFailed(id);
    } finally {
      await unlink(path).catch(() => undefined);
    }
  }

  /** Expires what is due (or the one export given) and deletes their files. */
  async expire(only?: string): Promise<void> {
    try {
      const keys = await this.dataSource.transaction((m) => this.repo.expire(m, only));
      if (keys.length > 0) await this.files.release(keys);
    } catch (err) {
      this.logger.warn(`Export expiry failed: ${(err as Error).message}`);
    }
  }

  private async gather(
    userId: string,
    profile: Record<string, unknown>,
  ): Promise<{ sections: ArchiveSection[]; files: ArchiveFile[] }> {
    const [registrations, uploads, uploadFiles, newsletters, threads, notes, sessions, audit] =
      await Promise.all([
        this.repo.registrations(userId),
        this.repo.uploads(userId),
        this.repo.uploadFiles(userId),
        this.repo.newsletters(userId),
        this.repo.contactThreads(userId, String(profile.email)),
        this.repo.notifications(userId),
        this.repo.sessions(userId),
        this.repo.audit(userId),
      ]);
    const sections: ArchiveSection[] = [
      { file: 'profile.json', about: 'your profile, settings and sign-in methods', data: profile },
      {
        file: 'event-registrations.json',
        about: 'events you registered for',
        data: registrations,
      },
      {
        file: 'uploads.json',
        about: 'documents you uploaded to the library (the files are under uploads/)',
        data: uploads.map((u) => ({
          ...u,
          files: ((u.versions as { number: number; fileName: string }[]) ?? []).map((v) =>
            uploadPath(String(u.id), v.number, v.fileName),
          ),
        })),
      },
      { file: 'newsletters.json', about: 'newsletter issues you wrote', data: newsletters },
      {
        file: 'contact-threads.json',
        about: 'messages you sent to the contact point and its replies',
        data: threads,
      },
      { file: 'notifications.json', about: 'notifications sent to you', data: notes },
      { file: 'sessions.json', about: 'your sign-ins: device, address and times', data: sessions },
      { file: 'audit.json', about: 'audit log entries of your actions and about you', data: audit },
    ];
    const files: ArchiveFile[] = uploadFiles.map((f) => ({
      path: uploadPath(f.document_id, f.number, f.file_name),
      open: () => this.storage.read(f.sha256),
    }));
    return { sections, files };
  }

  private async owned(user: AuthUser, id: string): Promise<ExportRow> {
    const row = await this.repo.findExport(id);
    if (!row || row.user_id !== user.id)
      throw new DomainError('EXPORT_NOT_FOUND', 'No such export');
    return row;
  }

  /** The link's token: an HMAC of the export's id, so it is unguessable and never stored. */
  private tokenOf(id: string): Buffer {
    return createHmac('sha256', this.keys.for('exports')).update(`data-export:${id}`).digest();
  }

  private tokenHolds(id: string, token: string | undefined): boolean {
    if (typeof token !== 'string' || token.length > 100) return false;
    const given = Buffer.from(token, 'base64url');
    const want = this.tokenOf(id);
    return given.length === want.length && timingSafeEqual(given, want);
  }

  private toResponse(row: ExportRow): DataExportResponse {
    const status = isExpired(row) ? 'expired' : row.status;
    const live = status === 'ready';
    return {
      id: row.id,
      status,
      requestedAt: row.created_at.toISOString(),
      readyAt: row.ready_at?.toISOString() ?? null,
      expiresAt: row.expires_at?.toISOString() ?? null,
      downloadUrl: live
        ? `/api/account/exports/${row.id}/download?token=${this.tokenOf(row.id).toString('base64url')}`
        : null,
      size: live && row.size !== null ? Number(row.size) : null,
    };
  }
}

function isExpired(row: ExportRow): boolean {
  return (
    row.status === 'expired' ||
    (row.status === 'ready' && row.expires_at !== null && row.expires_at.getTime() <= Date.now())
  );
}
