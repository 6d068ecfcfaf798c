import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  rooms,
  type ContactReceipt,
  type MailAuthentication,
  type TrackedMessage,
  type TrackedThread,
} from '@contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { hashToken, newSecretToken } from '@api/common/secret-token';
import { validated } from '@api/common/validation';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { DocumentFilesService } from '../documents/document-files.service';
import { DocumentsRepository } from '../documents/documents.repository';
import { cleanFileName, fileNameProblem } from '../documents/file-name';
import { detectType } from '../documents/inspection';
import { receiveUpload, type ReceivedFile } from '../documents/receive-upload';
import { MailService } from '../mail/mail.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ContactLimits } from './contact-limits';
import { acknowledgement } from './contact.mail';
import { newReference } from './contact-reference';
import { ContactDto, SenderReplyDto } from './dto/inbox.dto';
import { InboxRepository, toSummary, toTracked, type ThreadRow } from './inbox.repository';
import { ReplyAddresses } from './reply-address';

const CONTACT_FIELDS = new Set([
  'name',
  'email',
  'organisation',
  'category',
  'subject',
  'message',
  'website',
]);
const MAX_FILES = 5;

/** A file accepted as an attachment: type decided by content, as for the library. */
export interface AcceptedAttachment {
  file: ReceivedFile;
  fileName: string;
  mime: string;
}

/** Where a new message comes from. */
export interface Origin {
  via: 'web' | 'email';
  ip: string | null;
  emailMessageId: string | null;
}

function notFound(): DomainError {
  // One answer for a wrong token and an unknown reference: nothing tells which exist.
  return new DomainError('THREAD_NOT_FOUND', 'No conversation matches this link');
}

/**
 * The contact point as its senders see it: a message from the web form or by mail opens a
 * thread with a reference and a secret tracking link; the sender follows and replies with it.
 */
@Injectable()
export class ContactService {
  private readonly logger = new Logger(ContactService.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: InboxRepository,
    private readonly mail: MailService,
    private readonly notifications: NotificationsService,
    private readonly files: DocumentFilesService,
    private readonly documents: DocumentsRepository,
    private readonly limits: ContactLimits,
    private readonly replyAddresses: ReplyAddresses,
  ) {}

  get tmpDir(): string {
    return this.files.tmpDir;
  }

  get domain(): string {
    return this.config.contactAddress.split('@')[1];
  }

  /** The thread's own reply address (Reply-To of everything we send to its sender). */
  replyAddress(threadId: string, reference: string): string {
    return this.replyAddresses.address(threadId, reference);
  }

  trackingUrl(reference: string, token: string): string {
    return `${this.config.publicUrl}/contact/track/${reference}?token=${token}`;
  }

  /** `POST /contact`: JSON, or multipart with the same fields and `files`. */
  async submit(
    request: FastifyRequest,
    body: unknown,
    user: AuthUser | undefined,
  ): Promise<ContactReceipt | null> {
    const { fields, files } = await this.read(request, body, CONTACT_FIELDS);
    try {
      const dto = await validated(ContactDto, fields);
      if (dto.website && dto.website.trim() !== '') {
        // A bot filled the honeypot: answer as usual, keep and send nothing.
        this.logger.warn(`Contact honeypot filled from ${request.ip}`);
        return null;
      }
      const member = user && user.status === 'approved' ? user : undefined;
      const name = member?.name ?? dto.name;
      const email = member?.email ?? dto.email;
      const missing = [!name && 'name', !email && 'email'].filter((f): f is string => !!f);
      if (missing.length > 0) {
        throw new DomainError(
          'VALIDATION_FAILED',
          missing.map((f) => `${f}: is required`).join('; '),
          missing.map((field) => ({ field, message: 'is required' })),
        );
      }
      await this.limits.newThread(email!, request.ip);
      const attachments = await this.acceptAll(files);
      return await this.open({
        name: name!,
        email: email!,
        organisation: dto.organisation || null,
        category: dto.category,
        subject: dto.subject,
        message: dto.message,
        userId: member?.id ?? null,
        origin: { via: 'web', ip: request.ip, emailMessageId: null },
        attachments,
      });
    } finally {
      await Promise.all(files.map((f) => unlink(f.path).catch(() => undefined)));
    }
  }

  /** Opens a thread with its first message, and sends the acknowledgement with the link. */
  async open(input: {
    name: string;
    email: string;
    organisation: string | null;
    category: ThreadRow['category'];
    subject: string;
    message: string;
    userId: string | null;
    origin: Origin;
    attachments: AcceptedAttachment[];
    /** SPF/DKIM/DMARC verdicts of a message received by mail. */
    authentication?: MailAuthentication | null;
    /** False for mail whose sender failed the checks: no acknowledgement goes to them. */
    acknowledge?: boolean;
  }): Promise<ContactReceipt> {
    this.limits.assertRoom(input.attachments, this.limits.attachmentCap);
    const token = newSecretToken();
    // Counted before the thread is kept: at most one an hour to an address.
    const acknowledge =
      input.acknowledge !== false && (await this.limits.acknowledgement(input.email));
    const ackId = `<${randomUUID()}@${this.domain}>`;
    const { reference, thread } = await this.dataSource.transaction(async (m) => {
      let inserted: { id: string; reference: string } | undefined;
      // Random references: a collision (one in a trillion a year) simply draws again.
      for (let attempt = 0; !inserted && attempt < 5; attempt++) {
        [inserted] = await m.query<{ id: string; reference: string }[]>(
          `INSERT INTO inbox_threads (reference, category, subject, sender_name, sender_email,
             sender_organisation, user_id, sender_ip, token_hash, ack_message_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (reference) DO NOTHING RETURNING id, reference`,
          [
            newReference(),
            input.category,
            input.subject,
            input.name,
            input.email.toLowerCase(),
            input.organisation,
            input.userId,
            input.origin.ip,
            hashToken(token),
            ackId,
          ],
        );
      }
      if (!inserted) throw new Error('No free reference after 5 attempts');
      const { id, reference } = inserted;
      await this.addMessage(m, id, {
        authorKind: 'sender',
        authorId: input.userId,
        authorName: input.name,
        body: input.message,
        internal: false,
        via: input.origin.via,
        // A web message has no Message-ID of its own: the acknowledgement's stands for it.
        emailMessageId: input.origin.emailMessageId ?? ackId,
        attachments: input.attachments,
        authentication: input.authentication ?? null,
      });
      if (acknowledge) {
        await this.mail.enqueue(
          m,
          acknowledgement({
            to: input.email,
            name: input.name,
            reference,
            subject: input.subject,
            trackingUrl: this.trackingUrl(reference, token),
            contactAddress: this.replyAddress(id, reference),
            messageId: ackId,
          }),
        );
      }
      const thread = await this.repo.thread({ id }, m);
      await this.notifications.publish(m, 'inbox.thread.created', [rooms.role('contact_officer')], {
        thread: toSummary(thread!),
      });
      return { reference, thread: thread! };
    });
    this.logger.log(`Contact ${reference} opened (${input.origin.via}) as ${thread.id}`);
    return { reference, trackingToken: token, trackingUrl: this.trackingUrl(reference, token) };
  }

  /** Adds a message, keeps the thread's counters and search, and tells officers. */
  async addMessage(
    m: EntityManager,
    threadId: string,
    message: {
      authorKind: 'sender' | 'officer';
      authorId: string | null;
      authorName: string;
      body: string;
      internal: boolean;
      via: 'web' | 'email';
      emailMessageId: string | null;
      attachments: AcceptedAttachment[];
      authentication?: MailAuthentication | null;
    },
  ): Promise<string> {
    const [{ id }] = await m.query<{ id: string }[]>(
      `INSERT INTO inbox_messages (thread_id, author_kind, author_id, author_name, body,
         internal, via, email_message_id, authentication, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, clock_timestamp()) RETURNING id`,
      [
        threadId,
        message.authorKind,
        message.authorId,
        message.authorName,
        message.body,
        message.internal,
        message.via,
        message.emailMessageId,
        message.authentication ? JSON.stringify(message.authentication) : null,
      ],
    );
    for (const a of message.attachments) {
      await this.documents.lockContent(m, a.file.sha256);
      await this.files.store(a.file);
      await m.query(
        `INSERT INTO inbox_attachments (message_id, file_name, mime, size, sha256)
         VALUES ($1, $2, $3, $4, $5)`,
        [id, a.fileName, a.mime, a.file.size, a.file.sha256],
      );
    }
    await m.query(
      `UPDATE inbox_threads SET message_count = message_count + 1,
              last_message_at = clock_timestamp(), updated_at = now()
        WHERE id = $1`,
      [threadId],
    );
    await this.repo.refreshSearch(m, threadId);
    const [thread] = await m.query<{ reference: string }[]>(
      `SELECT reference FROM inbox_threads WHERE id = $1`,
      [threadId],
    );
    await this.notifications.publish(m, 'inbox.message.created', [rooms.role('contact_officer')], {
      threadId,
      reference: thread.reference,
      messageId: id,
      from: message.authorKind,
      internal: message.internal,
      authorName: message.authorName,
    });
    return id;
  }

  /** The conversation behind a tracking link; 404 alike for a wrong token or reference. */
  async track(reference: string, token: string | undefined): Promise<TrackedThread> {
    const thread = await this.byToken(reference, token);
    return this.tracked(thread);
  }

  async mine(user: AuthUser) {
    const rows = await this.dataSource.query<ThreadRow[]>(
      `SELECT t.reference, t.subject, t.category, t.status, t.created_at, t.last_message_at
         FROM inbox_threads t WHERE t.user_id = $1 ORDER BY t.created_at DESC LIMIT 200`,
      [user.id],
    );
    return {
      items: rows.map((r) => ({
        reference: r.reference,
        subject: r.subject,
        category: r.category,
        status: r.status,
        createdAt: r.created_at.toISOString(),
        lastMessageAt: r.last_message_at.toISOString(),
      })),
    };
  }

  async mineThread(user: AuthUser, reference: string): Promise<TrackedThread> {
    const thread = await this.repo.thread({ reference });
    if (!thread || thread.user_id !== user.id) throw notFound();
    return this.tracked(thread);
  }

  /** The sender writes again (tracking link, or a member from inside the app). */
  async reply(
    request: FastifyRequest,
    body: unknown,
    who: { reference: string; token: string | undefined } | { reference: string; user: AuthUser },
  ): Promise<TrackedMessage> {
    const thread =
      'token' in who
        ? await this.byToken(who.reference, who.token)
        : await this.repo.thread({ reference: who.reference });
    if (!thread || ('user' in who && thread.user_id !== who.user.id)) throw notFound();
    // Counted before the body is read, so a refused follow-up costs nothing to store.
    await this.limits.reply(thread.id, request.ip);
    const { fields, files } = await this.read(request, body, new Set(['body']));
    try {
      const dto = await validated(SenderReplyDto, fields);
      const attachments = await this.acceptAll(files);
      const id = await this.dataSource.transaction(async (m) => {
        await this.repo.thread({ id: thread.id }, m, true);
        // Under the thread's lock: parallel follow-ups see each other's files.
        if (attachments.length > 0) {
          this.limits.assertRoom(attachments, await this.limits.attachmentRoom(m, thread.id));
        }
        const id = await this.addMessage(m, thread.id, {
          authorKind: 'sender',
          authorId: thread.user_id,
          authorName: thread.sender_name,
          body: dto.body,
          internal: false,
          via: 'web',
          emailMessageId: null,
          attachments,
        });
        await this.reopen(m, thread.id);
        return id;
      });
      const messages = await this.repo.messages(thread.id, false);
      return toTracked(messages.find((x) => x.id === id)!);
    } finally {
      await Promise.all(files.map((f) => unlink(f.path).catch(() => undefined)));
    }
  }

  /** A message from the sender puts a waiting or closed thread back in front of officers. */
  async reopen(m: EntityManager, threadId: string): Promise<void> {
    await m.query(
      `UPDATE inbox_threads SET status = CASE WHEN status IN ('waiting', 'closed') THEN 'open'
                                              ELSE status END
        WHERE id = $1`,
      [threadId],
    );
    const thread = await this.repo.thread({ id: threadId }, m);
    await this.notifications.publish(m, 'inbox.thread.updated', [rooms.role('contact_officer')], {
      thread: toSummary(thread!),
    });
  }

  async sendAttachment(
    request: FastifyRequest,
    reply: FastifyReply,
    who: { reference: string; token: string | undefined } | { reference: string; user: AuthUser },
    attachmentId: string,
  ): Promise<void> {
    const thread =
      'token' in who
        ? await this.byToken(who.reference, who.token)
        : await this.repo.thread({ reference: who.reference });
    if (!thread || ('user' in who && thread.user_id !== who.user.id)) throw notFound();
    const [file] = await this.dataSource.query<
      { sha256: string; size: string; file_name: string; mime: string }[]
    >(
      `SELECT x.sha256, x.size, x.file_name, x.mime FROM inbox_attachments x
         JOIN inbox_messages m ON m.id = x.message_id
        WHERE x.id = $1 AND m.thread_id = $2 AND NOT m.internal`,
      [attachmentId, thread.id],
    );
    if (!file) throw notFound();
    await this.files.send(request, reply, null, file);
  }

  /** Type by content, names checked, as for library uploads. */
  async acceptAll(files: ReceivedFile[]): Promise<AcceptedAttachment[]> {
    const out: AcceptedAttachment[] = [];
    for (const file of files) {
      if (file.size === 0) {
        throw new DomainError('FILE_EMPTY', `${file.fileName || 'A file'} is empty`, [
          { field: 'files', message: 'is empty' },
        ]);
      }
      const problem = fileNameProblem(file.fileName);
      if (problem) {
        throw new DomainError('VALIDATION_FAILED', `files: ${problem}`, [
          { field: 'files', message: problem },
        ]);
      }
      const fileName = cleanFileName(file.fileName);
      const detected = await detectType(file.path, fileName);
      if (!detected.ok) {
        throw new DomainError('FILE_TYPE_REFUSED', `${fileName}: ${detected.reason}`, [
          { field: 'files', message: detected.reason },
        ]);
      }
      out.push({ file, fileName, mime: detected.detected.mime });
    }
    return out;
  }

  private async byToken(reference: string, token: string | undefined): Promise<ThreadRow> {
    if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw notFound();
    const thread = await this.repo.thread({ reference });
    if (!thread) throw notFound();
    const given = hashToken(token);
    if (timingSafeEqual(Buffer.from(given), Buffer.from(thread.token_hash))) return thread;
    // A link from a later email (an officer's reply) carries one of the thread's further tokens.
    const [later] = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM inbox_tracking_tokens WHERE thread_id = $1 AND token_hash = $2`,
      [thread.id, given],
    );
    if (!later) throw notFound();
    return thread;
  }

  /** A further tracking link for the thread, for an email that goes out in `m`. */
  async newTrackingUrl(m: EntityManager, threadId: string, reference: string): Promise<string> {
    const token = newSecretToken();
    await m.query(`INSERT INTO inbox_tracking_tokens (thread_id, token_hash) VALUES ($1, $2)`, [
      threadId,
      hashToken(token),
    ]);
    return this.trackingUrl(reference, token);
  }

  private async tracked(thread: ThreadRow): Promise<TrackedThread> {
    const messages = await this.repo.messages(thread.id, false);
    return {
      reference: thread.reference,
      subject: thread.subject,
      category: thread.category,
      status: thread.status,
      createdAt: thread.created_at.toISOString(),
      messages: messages.map(toTracked),
    };
  }

  /** JSON bodies arrive parsed; multipart ones are read here, files to temporary files. */
  private async read(
    request: FastifyRequest,
    body: unknown,
    fieldNames: ReadonlySet<string>,
  ): Promise<{ fields: Record<string, unknown>; files: ReceivedFile[] }> {
    if (!request.isMultipart()) {
      if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw new DomainError('VALIDATION_FAILED', 'Send the message as JSON or a form');
      }
      return { fields: body as Record<string, unknown>, files: [] };
    }
    const received = await receiveUpload(request, {
      tmpDir: this.files.tmpDir,
      maxBytes: 20 * 1024 * 1024,
      fieldNames,
      fileField: 'files',
      maxFiles: MAX_FILES,
    });
    const fields: Record<string, unknown> = {};
    for (const [name, values] of received.fields) fields[name] = values.at(-1);
    return { fields, files: received.files };
  }
}
