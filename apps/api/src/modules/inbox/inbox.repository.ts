import { Injectable } from '@nestjs/common';
import type {
  ContactCategory,
  InboxAttachment,
  InboxMessage,
  MailAuthentication,
  ThreadStatus,
  ThreadSummary,
  TrackedMessage,
} from '@contracts';
import { DataSource, type EntityManager } from 'typeorm';

export interface ThreadRow {
  id: string;
  reference: string;
  status: ThreadStatus;
  category: ContactCategory;
  subject: string;
  sender_name: string;
  sender_email: string;
  sender_organisation: string | null;
  user_id: string | null;
  token_hash: string;
  assignee_id: string | null;
  assignee_name: string | null;
  message_count: number;
  created_at: Date;
  updated_at: Date;
  last_message_at: Date;
  first_response_at: Date | null;
  sort_key?: string;
}

export interface MessageRow {
  id: string;
  author_kind: 'sender' | 'officer';
  author_id: string | null;
  author_name: string;
  body: string;
  internal: boolean;
  via: 'web' | 'email';
  email_message_id: string | null;
  authentication: MailAuthentication | null;
  created_at: Date;
  attachments: { id: string; file_name: string; mime: string; size: string }[] | null;
}

export const THREAD_COLUMNS = `t.id, t.reference, t.status, t.category, t.subject, t.sender_name,
  t.sender_email, t.sender_organisation, t.user_id, t.token_hash, t.assignee_id,
  a.name AS assignee_name, t.message_count, t.created_at, t.updated_at, t.last_message_at,
  t.first_response_at`;

export function toSummary(r: ThreadRow): ThreadSummary {
  return {
    id: r.id,
    reference: r.reference,
    status: r.status,
    category: r.category,
    subject: r.subject,
    senderName: r.sender_name,
    senderEmail: r.sender_email,
    senderOrganisation: r.sender_organisation,
    userId: r.user_id,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    messageCount: r.message_count,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    lastMessageAt: r.last_message_at.toISOString(),
    firstResponseAt: r.first_response_at?.toISOString() ?? null,
    firstResponseSeconds: r.first_response_at
      ? Math.round((r.first_response_at.getTime() - r.created_at.getTime()) / 1000)
      : null,
  };
}

function toAttachments(r: MessageRow): InboxAttachment[] {
  return (r.attachments ?? []).map((a) => ({
    id: a.id,
    fileName: a.file_name,
    mime: a.mime,
    size: Number(a.size),
  }));
}

export function toTracked(r: MessageRow): TrackedMessage {
  return {
    id: r.id,
    from: r.author_kind,
    authorName: r.author_name,
    body: r.body,
    via: r.via,
    createdAt: r.created_at.toISOString(),
    attachments: toAttachments(r),
  };
}

export function toInboxMessage(r: MessageRow): InboxMessage {
  return {
    ...toTracked(r),
    internal: r.internal,
    authorId: r.author_id,
    authentication: r.authentication,
  };
}

@Injectable()
export class InboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  async thread(
    where: { id?: string; reference?: string },
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<ThreadRow | null> {
    const [row] = await manager.query<ThreadRow[]>(
      `SELECT ${THREAD_COLUMNS} FROM inbox_threads t LEFT JOIN users a ON a.id = t.assignee_id
        WHERE ${where.id ? 't.id = $1' : 't.reference = $1'} ${lock ? 'FOR UPDATE OF t' : ''}`,
      [where.id ?? where.reference],
    );
    return row ?? null;
  }

  /** Total bytes of the thread's attachments (inside `m`, after the thread is locked). */
  async attachmentBytes(m: EntityManager, threadId: string): Promise<number> {
    const [row] = await m.query<{ bytes: string }[]>(
      `SELECT coalesce(sum(x.size), 0) AS bytes FROM inbox_attachments x
         JOIN inbox_messages m ON m.id = x.message_id WHERE m.thread_id = $1`,
      [threadId],
    );
    return Number(row.bytes);
  }

  /**
   * The thread a reply by mail names through In-Reply-To / References: only Message-IDs we
   * issued count (our acknowledgement, an officer's reply), never ones a sender chose.
   */
  async threadByIssuedMessageId(messageIds: string[]): Promise<string | null> {
    if (messageIds.length === 0) return null;
    const [row] = await this.dataSource.query<{ id: string }[]>(
      `SELECT t.id FROM inbox_threads t WHERE t.ack_message_id = ANY($1::text[])
       UNION
       SELECT m.thread_id FROM inbox_messages m
        WHERE m.email_message_id = ANY($1::text[])
          AND ((m.author_kind = 'officer' AND NOT m.internal)
               OR (m.author_kind = 'sender' AND m.via = 'web'))
       LIMIT 1`,
      [messageIds.slice(0, 50)],
    );
    return row?.id ?? null;
  }

  /** The thread's messages, oldest first; internal notes only when asked for. */
  async messages(threadId: string, withNotes: boolean): Promise<MessageRow[]> {
    return this.dataSource.query<MessageRow[]>(
      `SELECT m.id, m.author_kind, m.author_id, m.author_name, m.body, m.internal, m.via,
              m.email_message_id, m.authentication, m.created_at,
              (SELECT json_agg(json_build_object('id', x.id, 'file_name', x.file_name,
                        'mime', x.mime, 'size', x.size) ORDER BY x.file_name)
                 FROM inbox_attachments x WHERE x.message_id = m.id) AS attachments
         FROM inbox_messages m
        WHERE m.thread_id = $1 ${withNotes ? '' : 'AND NOT m.internal'}
        ORDER BY m.created_at, m.id`,
      [threadId],
    );
  }

  /** Keeps the thread's search vector: subject and reference, sender, every message. */
  async refreshSearch(m: EntityManager, threadId: string): Promise<void> {
    await m.query(
      `UPDATE inbox_threads t SET search_vector =
         setweight(to_tsvector('simple', ocvrn_unaccent(t.subject || ' ' || t.reference)), 'A')
         || setweight(to_tsvector('simple', ocvrn_unaccent(t.sender_name || ' ' || t.sender_email
              || ' ' || coalesce(t.sender_organisation, ''))), 'B')
         || setweight(to_tsvector('simple', ocvrn_unaccent(left(coalesce(
              (SELECT string_agg(body, ' ' ORDER BY created_at) FROM inbox_messages
                WHERE thread_id = t.id), ''), 200000))), 'C')
        WHERE t.id = $1`,
      [threadId],
    );
  }
}
