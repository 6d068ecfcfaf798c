import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { opendir, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { DomainError } from '@api/common/domain-error';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { DocumentsRepository, type DocumentRow } from './documents.repository';
import { contentDisposition } from './file-name';
import { ifRangeHolds, noneMatch, parseRange } from './http-range';
import type { ReceivedFile } from './receive-upload';
import { BLOB_STORAGE, type BlobStorage } from './storage/blob-storage';
import { processAlive } from '@api/common/process-alive';

const HOUR = 60 * 60 * 1000;
/** A stored file nothing points to is removed after this (an upload between store and commit). */
const ORPHAN_AGE_MS = HOUR;
/** A temporary upload file older than this belongs to no living request. */
const STALE_TMP_MS = 24 * HOUR;

/**
 * The files behind documents: storing and releasing them by content, serving them with
 * validators and ranges, and sweeping what an interrupted upload or a crash left behind.
 */
@Injectable()
export class DocumentFilesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DocumentFilesService.name);
  readonly tmpDir: string;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
    private readonly repo: DocumentsRepository,
  ) {
    this.tmpDir = resolve(config.dataDir, 'tmp', 'uploads');
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.sweepTmp(true);
    this.timer = setInterval(() => void this.sweep(), HOUR);
    this.timer.unref();
    // At start, however new: a file stored by a process killed before its row committed is
    // an orphan at once. A file another instance is committing right now is safe, since it
    // holds the file's content lock from before storing until commit and release() waits on it.
    void this.sweepOrphans(0);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Moves a received file into storage; the caller holds the content lock in its transaction. */
  async store(file: ReceivedFile): Promise<void> {
    await this.storage.putFile(file.sha256, file.path, file.size);
  }

  /** Deletes stored files no live version points to any more (after the pointing rows went). */
  async release(keys: string[]): Promise<void> {
    for (const key of new Set(keys)) {
      try {
        await this.dataSource.transaction(async (m) => {
          await this.repo.lockContent(m, key);
          if (!(await this.repo.contentInUse(m, key))) await this.storage.remove(key);
        });
      } catch (err) {
        // The hourly sweep retries what is left.
        this.logger.warn(`Could not release stored file ${key}: ${(err as Error).message}`);
      }
    }
  }

  /**
   * Streams one version's file: `ETag` (its SHA-256) with `If-None-Match` → 304, a single
   * `Range` → 206 (with `If-Range`), 416 past the end; as an attachment that no browser will
   * sniff or run. Counts a download when a response starts from the first byte.
   */
  async send(
    request: FastifyRequest,
    reply: FastifyReply,
    /** The document whose downloads count; null for files that count nothing (attachments). */
    row: Pick<DocumentRow, 'id'> | null,
    version: { sha256: string; size: string; file_name: string; mime: string },
  ): Promise<void> {
    const size = Number(version.size);
    const etag = `"${version.sha256}"`;
    void reply
      .header('etag', etag)
      .header('cache-control', 'private, no-cache')
      .header('accept-ranges', 'bytes')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cross-origin-resource-policy', 'same-origin');
    if (noneMatch(request.headers['if-none-match'], etag)) {
      await reply.code(304).send();
      return;
    }
    const ifRange = [request.headers['if-range']].flat()[0];
    const range = ifRangeHolds(ifRange, etag)
      ? parseRange(request.headers.range, size)
      : ({ kind: 'whole' } as const);
    if (range.kind === 'unsatisfiable') {
      void reply.header('content-range', `bytes */${size}`);
      throw new DomainError('RANGE_NOT_SATISFIABLE', `The file has ${size} bytes`);
    }
    if (row && (range.kind === 'whole' || range.start === 0)) {
      await this.dataSource.query(`UPDATE documents SET downloads = downloads + 1 WHERE id = $1`, [
        row.id,
      ]);
    }
    let stream;
    try {
      stream = await this.storage.read(
        version.sha256,
        range.kind === 'part' ? { start: range.start, end: range.end } : undefined,
      );
    } catch (err) {
      this.logger.error(`Stored file ${version.sha256} unreadable: ${(err as Error).message}`);
      throw new DomainError('DOCUMENT_NOT_FOUND', 'The file of this document is not available');
    }
    void reply
      .header('content-type', version.mime)
      .header('content-disposition', contentDisposition(version.file_name));
    if (range.kind === 'part') {
      void reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
        .header('content-length', range.end - range.start + 1);
    } else {
      void reply.code(200).header('content-length', size);
    }
    await reply.send(stream);
  }

  async sweep(): Promise<void> {
    await this.sweepTmp(false);
    await this.sweepOrphans();
  }

  /**
   * Temporary upload files of processes that are gone (a crash or a kill mid-upload), and at
   * start our own pid's too (a restarted container often reuses pid 1).
   */
  async sweepTmp(starting: boolean): Promise<number> {
    let removed = 0;
    try {
      for await (const entry of await opendir(this.tmpDir)) {
        if (!entry.isFile()) continue;
        const path = join(this.tmpDir, entry.name);
        const pid = Number(/^(\d+)-/.exec(entry.name)?.[1] ?? NaN);
        const info = await stat(path).catch(() => null);
        if (!info) continue;
        const dead =
          !Number.isInteger(pid) || !processAlive(pid) || (starting && pid === process.pid);
        if (dead || Date.now() - info.mtimeMs > STALE_TMP_MS) {
          await unlink(path).catch(() => undefined);
          removed++;
        }
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.logger.warn(`Temporary upload sweep failed: ${(err as Error).message}`);
      }
    }
    if (removed > 0) this.logger.log(`Removed ${removed} unfinished upload(s)`);
    return removed;
  }

  /** Stored files no document points to (a crash between storing and committing). */
  async sweepOrphans(minAgeMs = ORPHAN_AGE_MS): Promise<number> {
    let removed = 0;
    try {
      let batch: string[] = [];
      const flush = async () => {
        const used = await this.repo.keysInUse(batch);
        const orphans = batch.filter((k) => !used.has(k));
        batch = [];
        for (const key of orphans) {
          await this.release([key]);
          removed++;
        }
      };
      for await (const object of this.storage.list()) {
        if (Date.now() - object.modifiedAt.getTime() < minAgeMs) continue;
        batch.push(object.key);
        if (batch.length >= 500) await flush();
      }
      if (batch.length > 0) await flush();
    } catch (err) {
      this.logger.warn(`Stored file sweep failed: ${(err as Error).message}`);
    }
    if (removed > 0) this.logger.log(`Removed ${removed} stored file(s) no document uses`);
    return removed;
  }

  async check(): Promise<void> {
    await this.storage.check();
  }
}
