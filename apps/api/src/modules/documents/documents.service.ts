import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  rooms,
  type DocumentsPage,
  type DocumentStatus,
  type LibraryDocument,
  type UploadLimits,
  ACCEPTED_MARKINGS,
  DOCUMENT_TYPES,
} from '@contracts';
import type { FastifyRequest } from 'fastify';
import { unlink } from 'node:fs/promises';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { decodeCursor, encodeCursor } from '@api/common/pagination';
import { validated } from '@api/common/validation';
import { VersionedCache } from '@api/common/versioned-cache';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { readDataVersion } from '@api/database/data-versions';
import { AuditService } from '../audit/audit.service';
import { escapeHtml } from '../mail/escape-html';
import { toPrefixQuery } from '../members/member-search.sql';
import { NotificationsService } from '../notifications/notifications.service';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { DocumentFilesService } from './document-files.service';
import {
  DocumentsRepository,
  toDocument,
  toVersion,
  type DocumentRow,
  type SearchFilter,
} from './documents.repository';
import { latestYear, UploadDocumentDto, type DocumentsQuery } from './dto/documents.dto';
import { cleanFileName, fileNameProblem } from './file-name';
import { detectType, inspect, type Detection, type Inspection } from './inspection';
import { receiveUpload, type ReceivedFile } from './receive-upload';

const UPLOAD_FIELDS = new Set([
  'title',
  'abstract',
  'authors',
  'year',
  'topics',
  'crimeTypes',
  'language',
  'source',
  'marking',
]);
const LIST_FIELDS = new Set(['authors', 'topics', 'crimeTypes']);

/** A file that passed every check, ready to become a version. */
interface AcceptedFile {
  file: ReceivedFile;
  fileName: string;
  detection: Detection;
  inspection: Inspection;
}

export interface UploadOutcome {
  document: LibraryDocument;
  created: boolean;
}

function isModerator(user: AuthUser): boolean {
  return user.roles.includes('moderator');
}

/** Matched words between \u0001 and \u0002, as ts_headline marks them; everything else escaped. */
export function snippetHtml(raw: string): string {
  return escapeHtml(raw.replace(/\s+/g, ' ').trim())
    .replaceAll('\u0001', '<mark>')
    .replaceAll('\u0002', '</mark>');
}

/**
 * Multipart fields into the upload's shape: list fields may repeat, or hold a JSON array, or
 * a comma-separated list (authors split on semicolons and new lines only: "Smith, J.").
 */
export function gatherFields(fields: Map<string, string[]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, values] of fields) {
    if (!LIST_FIELDS.has(name)) {
      out[name] = values.length === 1 ? values[0] : values;
      continue;
    }
    out[name] = values.flatMap((value) => {
      const text = value.trim();
      if (text.startsWith('[')) {
        try {
          const parsed: unknown = JSON.parse(text);
          if (Array.isArray(parsed)) return parsed as unknown[];
        } catch {
          return [value];
        }
      }
      const parts = name === 'authors' ? text.split(/[;\n]/) : text.split(',');
      return parts.map((p) => p.trim()).filter((p) => p !== '');
    });
  }
  return out;
}

@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);
  readonly tmpDir: string;
  private readonly answers: VersionedCache<{ rows: DocumentRow[]; total: number }>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: DocumentsRepository,
    private readonly files: DocumentFilesService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly taxonomy: TaxonomyService,
  ) {
    this.tmpDir = files.tmpDir;
    this.answers = new VersionedCache(config.libraryCacheSize);
  }

  limits(): UploadLimits {
    return {
      maxUploadBytes: this.config.maxUploadBytes,
      types: [...DOCUMENT_TYPES],
      markings: [...ACCEPTED_MARKINGS],
    };
  }

  /**
   * Search and list answers, cached per instance against the 'library' counter of
   * `data_versions` (bumped when a transaction that changes a document, a version or a user's
   * name commits); download counts, which move without it, are read afresh for each page.
   */
  async list(
    actor: AuthUser,
    query: DocumentsQuery,
    { fresh = false }: { fresh?: boolean } = {},
  ): Promise<DocumentsPage> {
    const moderator = isModerator(actor);
    if (query.status && query.status !== 'published' && !query.mine && !moderator) {
      throw new DomainError('FORBIDDEN', 'Only moderators list documents that are not published');
    }
    const statuses: DocumentStatus[] | undefined = query.status
      ? [query.status]
      : query.mine
        ? undefined
        : ['published'];
    const tsquery = query.q !== undefined ? toPrefixQuery(query.q) : null;
    const sort = query.sort ?? (tsquery ? 'relevance' : 'newest');
    const byRank = sort === 'relevance' && tsquery !== null;
    const after = byRank
      ? decodeCursor<[string, string]>(query.cursor, ['string', 'uuid'])
      : decodeCursor<[string, string]>(query.cursor, ['timestamp', 'uuid']);
    if (after && byRank && !/^\d+(\.\d+)?(e-?\d+)?$/i.test(after[0])) {
      throw new DomainError('VALIDATION_FAILED', 'cursor: is not a cursor this list issued', [
        { field: 'cursor', message: 'is not a cursor this list issued' },
      ]);
    }
    if (query.q !== undefined && query.q.trim() !== '' && tsquery === null) {
      return { items: [], nextCursor: null, total: 0 };
    }
    const filter: SearchFilter = {
      statuses,
      uploaderId: query.mine ? actor.id : undefined,
      topics: query.topic,
      crimeTypes: query.crimeType,
      types: query.type,
      yearFrom: query.year ?? query.yearFrom,
      yearTo: query.year ?? query.yearTo,
      tsquery,
      sort,
      sortByPublished: !query.mine && statuses?.length === 1 && statuses[0] === 'published',
      after: after ?? undefined,
    };
    const version =
      this.answers.enabled && !fresh ? await readDataVersion(this.dataSource, 'library') : null;
    const found = await this.answers.get(version, JSON.stringify([filter, query.limit]), () =>
      this.repo.search(filter, query.limit),
    );
    const rows = version === null ? found.rows : await this.repo.withDownloads(found.rows);
    const { total } = found;
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > query.limit && last
        ? encodeCursor([byRank ? (last.rank_key ?? '0') : (last.sort_key ?? ''), last.id])
        : null;
    return {
      items: page.map((r) => {
        const doc = toDocument(
          { ...r, snippet: r.snippet ? snippetHtml(r.snippet) : null },
          moderator || r.uploader_id === actor.id,
        );
        return doc;
      }),
      nextCursor,
      total,
    };
  }

  /** A document as `actor` may see it: published ones to members, the rest to their uploader and moderators. */
  async get(actor: AuthUser, id: string): Promise<LibraryDocument> {
    const row = await this.visible(actor, id);
    const versions = await this.repo.versions(id);
    return {
      ...toDocument(row, isModerator(actor) || row.uploader_id === actor.id),
      versions: versions.map((v) => toVersion(id, v)),
    };
  }

  async visible(actor: AuthUser, id: string): Promise<DocumentRow> {
    const row = await this.repo.find(id);
    if (
      !row ||
      (row.status !== 'published' && row.uploader_id !== actor.id && !isModerator(actor))
    ) {
      throw new DomainError('DOCUMENT_NOT_FOUND', 'No such document');
    }
    return row;
  }

  async upload(actor: AuthUser, request: FastifyRequest): Promise<UploadOutcome> {
    const received = await receiveUpload(request, {
      tmpDir: this.tmpDir,
      maxBytes: this.config.maxUploadBytes,
      fieldNames: UPLOAD_FIELDS,
    });
    try {
      const meta = await this.metadata(received.fields);
      const accepted = await this.accept(received.file);
      const duplicate = await this.repo.findByContent(accepted.file.sha256);
      if (duplicate) {
        const document = await this.get(actor, duplicate).catch(() => null);
        if (document) return { document: { ...document, duplicate: true }, created: false };
      }
      const id = await this.dataSource.transaction(async (m) => {
        await this.repo.lockContent(m, accepted.file.sha256);
        await this.files.store(accepted.file);
        const quarantined = this.needsReview(accepted.inspection);
        const [{ id }] = await m.query<{ id: string }[]>(
          `INSERT INTO documents (title, abstract, authors, year, topics, crime_types, language,
             source, marking, status, type, uploader_id, markings_found, found_in, published_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
             CASE WHEN $10 = 'published' THEN now() END)
           RETURNING id`,
          [
            meta.title,
            meta.abstract ?? '',
            meta.authors ?? [],
            meta.year ?? null,
            meta.topics ?? [],
            meta.crimeTypes ?? [],
            meta.language ?? null,
            meta.source ?? null,
            meta.marking,
            quarantined ? 'quarantined' : 'published',
            accepted.detection.type,
            actor.id,
            ...this.findings(accepted.inspection),
          ],
        );
        await this.insertVersion(m, id, 1, accepted, actor.id);
        await this.repo.refreshSearch(m, id);
        await this.announce(m, id, actor, quarantined ? 'quarantined' : 'published');
        return id;
      });
      return { document: await this.get(actor, id), created: true };
    } finally {
      if (received.file) await unlink(received.file.path).catch(() => undefined);
    }
  }

  async addVersion(actor: AuthUser, id: string, request: FastifyRequest): Promise<UploadOutcome> {
    // Refuse before reading a large body when the answer is already known.
    this.assertMayChange(actor, await this.visible(actor, id));
    const received = await receiveUpload(request, {
      tmpDir: this.tmpDir,
      maxBytes: this.config.maxUploadBytes,
      fieldNames: new Set(),
    });
    try {
      const accepted = await this.accept(received.file);
      const outcome = await this.dataSource.transaction(async (m) => {
        const row = await this.repo.find(id, m, true);
        if (!row) throw new DomainError('DOCUMENT_NOT_FOUND', 'No such document');
        this.assertMayChange(actor, row);
        if (row.status !== 'published') {
          throw new DomainError(
            'DOCUMENT_WRONG_STATUS',
            'A new version can be added once the document is published',
          );
        }
        if (row.sha256 === accepted.file.sha256) return 'same' as const;
        await this.repo.lockContent(m, accepted.file.sha256);
        await this.files.store(accepted.file);
        const number = row.current_version + 1;
        await this.insertVersion(m, id, number, accepted, actor.id);
        const quarantined = this.needsReview(accepted.inspection);
        await m.query(
          `UPDATE documents SET current_version = $2, type = $3, status = $4, markings_found = $5,
                  found_in = $6, review_decision = NULL, review_reason = NULL, reviewer_id = NULL,
                  reviewed_at = NULL, updated_at = now()
            WHERE id = $1`,
          [
            id,
            number,
            accepted.detection.type,
            quarantined ? 'quarantined' : 'published',
            ...this.findings(accepted.inspection),
          ],
        );
        await this.repo.refreshSearch(m, id);
        await this.announce(m, id, actor, quarantined ? 'quarantined' : 'published');
        if (quarantined) {
          await this.notifications.publish(m, 'document.removed', [rooms.members], {
            id,
            reason: 'under-review',
          });
        }
        return 'added' as const;
      });
      const document = await this.get(actor, id);
      return outcome === 'same'
        ? { document: { ...document, duplicate: true }, created: false }
        : { document, created: true };
    } finally {
      if (received.file) await unlink(received.file.path).catch(() => undefined);
    }
  }

  async approve(actor: AuthUser, id: string, reason: string | undefined): Promise<LibraryDocument> {
    await this.dataSource.transaction(async (m) => {
      const row = await this.quarantined(m, id);
      await m.query(
        `UPDATE documents SET status = 'published', published_at = coalesce(published_at, now()),
                review_decision = 'approved', review_reason = $2, reviewer_id = $3,
                reviewed_at = now(), updated_at = now()
          WHERE id = $1`,
        [id, reason?.trim() || null, actor.id],
      );
      await this.announce(m, id, { id: row.uploader_id, name: row.uploader_name }, 'published');
      await this.notifications.publish(
        m,
        'document.reviewed',
        [rooms.user(row.uploader_id), rooms.role('moderator')],
        {
          id,
          title: row.title,
          uploaderId: row.uploader_id,
          decision: 'approved',
          reason: reason?.trim() || null,
        },
      );
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'document.approved',
        targetType: 'document',
        targetId: id,
        detail: { title: row.title, markingsFound: row.markings_found, reason: reason ?? null },
      });
    });
    return this.get(actor, id);
  }

  /**
   * Rejects a quarantined upload. Its file and extracted text are deleted (they may carry
   * material that must not be here); a rejected new version gives way to the one before it.
   */
  async reject(actor: AuthUser, id: string, reason: string): Promise<LibraryDocument> {
    const released: string[] = [];
    await this.dataSource.transaction(async (m) => {
      const row = await this.quarantined(m, id);
      const review = [id, reason.trim(), actor.id];
      if (row.current_version > 1 && row.published_at) {
        await m.query(`DELETE FROM document_versions WHERE document_id = $1 AND number = $2`, [
          id,
          row.current_version,
        ]);
        await m.query(
          `UPDATE documents d SET status = 'published', current_version = v.number, type = v.type,
                  review_decision = 'rejected', review_reason = $2, reviewer_id = $3,
                  reviewed_at = now(), updated_at = now()
             FROM (SELECT number, type FROM document_versions WHERE document_id = $1
                    ORDER BY number DESC LIMIT 1) v
            WHERE d.id = $1`,
          review,
        );
        await this.repo.refreshSearch(m, id);
        await this.announce(m, id, { id: row.uploader_id, name: row.uploader_name }, 'published');
      } else {
        await m.query(
          `UPDATE documents SET status = 'rejected', review_decision = 'rejected',
                  review_reason = $2, reviewer_id = $3, reviewed_at = now(), updated_at = now(),
                  search_vector = NULL
            WHERE id = $1`,
          review,
        );
        await m.query(`UPDATE document_versions SET text = '' WHERE document_id = $1`, [id]);
      }
      released.push(row.sha256);
      await this.notifications.publish(
        m,
        'document.reviewed',
        [rooms.user(row.uploader_id), rooms.role('moderator')],
        {
          id,
          title: row.title,
          uploaderId: row.uploader_id,
          decision: 'rejected',
          reason: reason.trim(),
        },
      );
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'document.rejected',
        targetType: 'document',
        targetId: id,
        detail: { title: row.title, markingsFound: row.markings_found, reason: reason.trim() },
      });
    });
    await this.files.release(released);
    return this.get(actor, id);
  }

  /** Deletes a document and every version (its uploader, or a moderator). */
  async remove(actor: AuthUser, id: string): Promise<void> {
    const released = await this.dataSource.transaction(async (m) => {
      const row = await this.repo.find(id, m, true);
      if (
        !row ||
        (row.status !== 'published' && row.uploader_id !== actor.id && !isModerator(actor))
      ) {
        throw new DomainError('DOCUMENT_NOT_FOUND', 'No such document');
      }
      this.assertMayChange(actor, row);
      const keys = await m.query<{ sha256: string }[]>(
        `SELECT sha256 FROM document_versions WHERE document_id = $1`,
        [id],
      );
      await m.query(`DELETE FROM documents WHERE id = $1`, [id]);
      await this.notifications.publish(
        m,
        'document.removed',
        row.status === 'published'
          ? [rooms.members]
          : [rooms.role('moderator'), rooms.user(row.uploader_id)],
        { id, reason: 'deleted' },
      );
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'document.deleted',
        targetType: 'document',
        targetId: id,
        detail: {
          title: row.title,
          uploaderId: row.uploader_id,
          byModerator: row.uploader_id !== actor.id,
        },
      });
      return keys.map((k) => k.sha256);
    });
    await this.files.release(released);
  }

  private assertMayChange(actor: AuthUser, row: DocumentRow): void {
    if (row.uploader_id !== actor.id && !isModerator(actor)) {
      throw new DomainError('FORBIDDEN', 'Only the uploader or a moderator may change a document');
    }
  }

  private async quarantined(m: EntityManager, id: string): Promise<DocumentRow> {
    const row = await this.repo.find(id, m, true);
    if (!row) throw new DomainError('DOCUMENT_NOT_FOUND', 'No such document');
    if (row.status !== 'quarantined') {
      throw new DomainError(
        'DOCUMENT_WRONG_STATUS',
        `The document is ${row.status}, not quarantined`,
      );
    }
    return row;
  }

  private async metadata(fields: Map<string, string[]>): Promise<UploadDocumentDto> {
    const dto = await validated(UploadDocumentDto, gatherFields(fields));
    if (dto.year !== undefined && dto.year > latestYear()) {
      throw new DomainError('VALIDATION_FAILED', 'year: is in the future', [
        { field: 'year', message: 'is in the future' },
      ]);
    }
    await this.assertGroup(dto.topics, 'topics', 'cross-cutting');
    await this.assertGroup(dto.crimeTypes, 'crimeTypes', 'crime-type');
    return dto;
  }

  private async assertGroup(
    ids: string[] | undefined,
    field: string,
    group: 'cross-cutting' | 'crime-type',
  ): Promise<void> {
    if (!ids?.length) return;
    const { topics } = await this.taxonomy.get();
    const groupOf = new Map(topics.map((t) => [t.id, t.group]));
    const unknown = ids.filter((id) => !groupOf.has(id));
    const wrong = ids.filter((id) => groupOf.has(id) && groupOf.get(id) !== group);
    if (unknown.length > 0 || wrong.length > 0) {
      const message = unknown.length
        ? `unknown topic id(s): ${unknown.join(', ')}`
        : `not ${group === 'crime-type' ? 'crime types' : 'cross-cutting topics'}: ${wrong.join(', ')}`;
      throw new DomainError('VALIDATION_FAILED', `${field}: ${message}`, [{ field, message }]);
    }
  }

  /** The checks every file passes: present, non-empty, a sane name, an accepted type. */
  private async accept(file: ReceivedFile | null): Promise<AcceptedFile> {
    if (!file) {
      throw new DomainError('FILE_MISSING', 'Attach the file in a part named "file"', [
        { field: 'file', message: 'is missing' },
      ]);
    }
    if (file.size === 0) {
      throw new DomainError('FILE_EMPTY', 'The file is empty', [
        { field: 'file', message: 'is empty' },
      ]);
    }
    const problem = fileNameProblem(file.fileName);
    if (problem) {
      throw new DomainError('VALIDATION_FAILED', `file: ${problem}`, [
        { field: 'file', message: problem },
      ]);
    }
    const fileName = cleanFileName(file.fileName);
    const detected = await detectType(file.path, fileName);
    if (!detected.ok) {
      throw new DomainError('FILE_TYPE_REFUSED', detected.reason, [
        { field: 'file', message: detected.reason },
      ]);
    }
    const inspection = await inspect(file.path, detected.detected.type, {
      imageReview: this.config.inspectionImageReview,
      maxPdfBytes: this.config.inspectionMaxPdfBytes,
    });
    if (inspection.incomplete) {
      this.logger.warn(`Inspection of ${fileName} stopped early: ${inspection.incomplete}`);
    }
    return { file, fileName, detection: detected.detected, inspection };
  }

  /** A marking above OFFICIAL, or a file that could not be read through, waits for a moderator. */
  private needsReview(inspection: Inspection): boolean {
    return inspection.markings.length > 0 || inspection.incomplete !== null;
  }

  private findings(inspection: Inspection): [string[], string[]] {
    const markings = [...new Set(inspection.markings.map((h) => h.marking))];
    const where = [...new Set(inspection.markings.map((h) => `${h.marking}: ${h.where}`))];
    if (inspection.incomplete) where.push(`not fully inspected: ${inspection.incomplete}`);
    return [markings, where];
  }

  private async insertVersion(
    m: EntityManager,
    documentId: string,
    number: number,
    accepted: AcceptedFile,
    userId: string,
  ): Promise<void> {
    await m.query(
      `INSERT INTO document_versions (document_id, number, file_name, type, mime, size, sha256,
         pages, text, inspection_note, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        documentId,
        number,
        accepted.fileName,
        accepted.detection.type,
        accepted.detection.mime,
        accepted.file.size,
        accepted.file.sha256,
        accepted.inspection.pages,
        accepted.inspection.text.replaceAll('\u0000', ''),
        accepted.inspection.incomplete,
        userId,
      ],
    );
  }

  /** Tells members of a publication, or moderators and the uploader of a quarantine. */
  private async announce(
    m: EntityManager,
    id: string,
    uploader: { id: string; name: string },
    status: 'published' | 'quarantined',
  ): Promise<void> {
    const row = await this.repo.find(id, m);
    if (!row) return;
    if (status === 'published') {
      await this.notifications.publish(m, 'document.published', [rooms.members], {
        id,
        title: row.title,
        type: row.type,
        topics: row.topics,
        crimeTypes: row.crime_types,
        uploaderId: uploader.id,
        uploaderName: uploader.name,
        version: row.current_version,
        publishedAt: (row.published_at ?? new Date()).toISOString(),
      });
    } else {
      await this.notifications.publish(
        m,
        'document.quarantined',
        [rooms.role('moderator'), rooms.user(uploader.id)],
        {
          id,
          title: row.title,
          uploaderId: uploader.id,
          uploaderName: uploader.name,
          markingsFound: row.markings_found,
        },
      );
    }
  }
}
