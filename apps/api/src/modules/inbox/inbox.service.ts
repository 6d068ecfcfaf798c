import { Inject, Injectable } from '@nestjs/common';
import {
  rooms,
  type CannedReply,
  type InboxMessage,
  type InboxPage,
  type InboxThread,
} from '@contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { decodeCursor, encodeCursor } from '@api/common/pagination';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { rowsOf } from '@api/database/query-result';
import { AuditService } from '../audit/audit.service';
import { DocumentFilesService } from '../documents/document-files.service';
import { MailService } from '../mail/mail.service';
import { NotificationsService } from '../notifications/notifications.service';
import { officerReply } from './contact.mail';
import { ContactService } from './contact.service';
import type {
  CannedReplyDto,
  InboxQuery,
  OfficerMessageDto,
  UpdateThreadDto,
} from './dto/inbox.dto';
import { inboxListSql } from './inbox-list.sql';
import { InboxRepository, toInboxMessage, toSummary, type ThreadRow } from './inbox.repository';

/** The shared inbox as contact officers work it. */
@Injectable()
export class InboxService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: InboxRepository,
    private readonly contact: ContactService,
    private readonly mail: MailService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly files: DocumentFilesService,
  ) {}

  async list(actor: AuthUser, query: InboxQuery): Promise<InboxPage> {
    const after = decodeCursor<[string, string]>(query.cursor, ['timestamp', 'uuid']);
    const sql = inboxListSql(query, actor.id, after);
    if (!sql) return { items: [], nextCursor: null, total: 0, averageFirstResponseSeconds: null };
    const [rows, [stats]] = await Promise.all([
      this.dataSource.query<ThreadRow[]>(sql.page, sql.pageParams),
      this.dataSource.query<{ total: number; average: number | null }[]>(
        sql.count,
        sql.countParams,
      ),
    ]);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(toSummary),
      nextCursor:
        rows.length > query.limit && last ? encodeCursor([last.sort_key ?? '', last.id]) : null,
      total: stats.total,
      averageFirstResponseSeconds: stats.average,
    };
  }

  async get(id: string): Promise<InboxThread> {
    const thread = await this.repo.thread({ id });
    if (!thread) throw new DomainError('THREAD_NOT_FOUND', 'No such thread');
    const messages = await this.repo.messages(id, true);
    return { ...toSummary(thread), messages: messages.map(toInboxMessage) };
  }

  /**
   * A reply (emailed to the sender, shown on their tracking page; the first one sets the
   * time to first response) or an internal note (stays in the inbox).
   */
  async post(actor: AuthUser, id: string, dto: OfficerMessageDto): Promise<InboxMessage> {
    const internal = dto.internal === true;
    const messageId = await this.dataSource.transaction(async (m) => {
      const thread = await this.repo.thread({ id }, m, true);
      if (!thread) throw new DomainError('THREAD_NOT_FOUND', 'No such thread');
      const emailId = internal ? null : `<${randomUUID()}@${this.contact.domain}>`;
      const messageId = await this.contact.addMessage(m, id, {
        authorKind: 'officer',
        authorId: actor.id,
        authorName: actor.name,
        body: dto.body,
        internal,
        via: 'web',
        emailMessageId: emailId,
        attachments: [],
      });
      if (!internal) {
        const [previous] = await m.query<{ email_message_id: string }[]>(
          `SELECT email_message_id FROM inbox_messages
            WHERE thread_id = $1 AND author_kind = 'sender' AND email_message_id IS NOT NULL
            ORDER BY created_at DESC LIMIT 1`,
          [id],
        );
        await this.mail.enqueue(
          m,
          officerReply({
            to: thread.sender_email,
            reference: thread.reference,
            subject: thread.subject,
            officerName: actor.name,
            body: dto.body,
            trackingUrl: await this.contact.newTrackingUrl(m, id, thread.reference),
            contactAddress: this.contact.replyAddress(id, thread.reference),
            messageId: emailId!,
            inReplyTo: previous?.email_message_id ?? null,
          }),
        );
        await m.query(
          `UPDATE inbox_threads SET first_response_at = coalesce(first_response_at, clock_timestamp()),
                  status = CASE WHEN status = 'closed' THEN status ELSE 'waiting' END,
                  assignee_id = coalesce(assignee_id, $2), updated_at = now()
            WHERE id = $1`,
          [id, actor.id],
        );
      } else if (thread.status === 'new') {
        await m.query(
          `UPDATE inbox_threads SET status = 'open', updated_at = now() WHERE id = $1`,
          [id],
        );
      }
      const updated = await this.repo.thread({ id }, m);
      await this.notifications.publish(m, 'inbox.thread.updated', [rooms.role('contact_officer')], {
        thread: toSummary(updated!),
      });
      await this.audit.record(m, {
        actorId: actor.id,
        action: internal ? 'inbox.note.added' : 'inbox.reply.sent',
        targetType: 'inbox_thread',
        targetId: id,
        detail: { reference: thread.reference },
      });
      return messageId;
    });
    const messages = await this.repo.messages(id, true);
    return toInboxMessage(messages.find((x) => x.id === messageId)!);
  }

  async update(actor: AuthUser, id: string, dto: UpdateThreadDto): Promise<InboxThread> {
    await this.dataSource.transaction(async (m) => {
      const thread = await this.repo.thread({ id }, m, true);
      if (!thread) throw new DomainError('THREAD_NOT_FOUND', 'No such thread');
      if (dto.assigneeId) {
        const [officer] = await m.query<unknown[]>(
          `SELECT 1 FROM users WHERE id = $1 AND status = 'approved'
              AND 'contact_officer' = ANY(roles)`,
          [dto.assigneeId],
        );
        if (!officer) {
          throw new DomainError('VALIDATION_FAILED', 'assigneeId: is not a contact officer', [
            { field: 'assigneeId', message: 'is not a contact officer' },
          ]);
        }
      }
      const status =
        dto.status ?? (dto.assigneeId && thread.status === 'new' ? 'open' : thread.status);
      const assignee = dto.assigneeId === undefined ? thread.assignee_id : dto.assigneeId;
      await m.query(
        `UPDATE inbox_threads SET status = $2, assignee_id = $3, updated_at = now() WHERE id = $1`,
        [id, status, assignee],
      );
      const updated = await this.repo.thread({ id }, m);
      await this.notifications.publish(m, 'inbox.thread.updated', [rooms.role('contact_officer')], {
        thread: toSummary(updated!),
      });
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'inbox.thread.updated',
        targetType: 'inbox_thread',
        targetId: id,
        detail: {
          reference: thread.reference,
          status: { from: thread.status, to: status },
          assignee: { from: thread.assignee_id, to: assignee },
        },
      });
    });
    return this.get(id);
  }

  async officers(): Promise<{ id: string; name: string }[]> {
    return this.dataSource.query(
      `SELECT id, name FROM users
        WHERE status = 'approved' AND 'contact_officer' = ANY(roles) ORDER BY name LIMIT 500`,
    );
  }

  async sendAttachment(request: FastifyRequest, reply: FastifyReply, id: string): Promise<void> {
    const [file] = await this.dataSource.query<
      { sha256: string; size: string; file_name: string; mime: string }[]
    >(`SELECT sha256, size, file_name, mime FROM inbox_attachments WHERE id = $1`, [id]);
    if (!file) throw new DomainError('NOT_FOUND', 'No such attachment');
    await this.files.send(request, reply, null, file);
  }

  async cannedReplies(): Promise<CannedReply[]> {
    const rows = await this.dataSource.query<
      { id: string; title: string; body: string; updated_at: Date }[]
    >(`SELECT id, title, body, updated_at FROM inbox_canned_replies ORDER BY title LIMIT 500`);
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      body: r.body,
      updatedAt: r.updated_at.toISOString(),
    }));
  }

  async saveCannedReply(
    actor: AuthUser,
    id: string | null,
    dto: CannedReplyDto,
  ): Promise<CannedReply> {
    return this.dataSource.transaction(async (m) => {
      const [row] = rowsOf<{ id: string; updated_at: Date; old_title: string | null }>(
        await m.query(
          id
            ? `UPDATE inbox_canned_replies c SET title = $2, body = $3, updated_at = now()
                 FROM (SELECT id, title FROM inbox_canned_replies WHERE id = $1 FOR UPDATE) old
                WHERE c.id = old.id
               RETURNING c.id, c.updated_at, old.title AS old_title`
            : `INSERT INTO inbox_canned_replies (title, body, created_by) VALUES ($1, $2, $3)
               RETURNING id, updated_at, NULL AS old_title`,
          id ? [id, dto.title, dto.body] : [dto.title, dto.body, actor.id],
        ),
      );
      if (!row) throw new DomainError('CANNED_REPLY_NOT_FOUND', 'No such canned reply');
      await this.audit.record(m, {
        actorId: actor.id,
        action: id ? 'inbox.canned_reply.updated' : 'inbox.canned_reply.created',
        targetType: 'canned_reply',
        targetId: row.id,
        detail: id ? { title: { from: row.old_title, to: dto.title } } : { title: dto.title },
      });
      return {
        id: row.id,
        title: dto.title,
        body: dto.body,
        updatedAt: row.updated_at.toISOString(),
      };
    });
  }

  async deleteCannedReply(actor: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [row] = rowsOf<{ title: string }>(
        await m.query(`DELETE FROM inbox_canned_replies WHERE id = $1 RETURNING title`, [id]),
      );
      if (!row) throw new DomainError('CANNED_REPLY_NOT_FOUND', 'No such canned reply');
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'inbox.canned_reply.deleted',
        targetType: 'canned_reply',
        targetId: id,
        detail: { title: row.title },
      });
    });
  }
}
