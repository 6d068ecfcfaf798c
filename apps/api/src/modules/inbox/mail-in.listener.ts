import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { simpleParser, type AddressObject } from 'mailparser';
import { randomUUID } from 'node:crypto';
import { writeFile, unlink, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import type { ReceivedFile } from '../documents/receive-upload';
import { ContactService, type AcceptedAttachment } from './contact.service';
import { InboxRepository } from './inbox.repository';
import { createHash } from 'node:crypto';

const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
const REFERENCE_IN_SUBJECT = /\bOCR-\d{4}-\d{6,}\b/g;

/** The new part of a reply: quoted history and signatures of the usual shapes dropped. */
export function newPart(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const cut = lines.findIndex(
    (line, i) =>
      /^On .{1,200} wrote:\s*$/.test(line) ||
      /^-{2,}\s*Original Message\s*-{2,}/i.test(line) ||
      (line.startsWith('>') && lines.slice(i).every((l) => l.startsWith('>') || l.trim() === '')),
  );
  const kept = (cut >= 0 ? lines.slice(0, cut) : lines).join('\n').trim();
  return kept === '' ? text.trim() : kept;
}

function firstAddress(from: AddressObject | AddressObject[] | undefined) {
  const list = Array.isArray(from) ? from : from ? [from] : [];
  return list.flatMap((a) => a.value).find((v) => v.address);
}

/**
 * Mail to the contact address (`CONTACT_SMTP_PORT`): a reply whose subject or In-Reply-To /
 * References carries a thread's reference or one of its message ids, from that thread's
 * sender, joins it; anything else opens a new thread with its own acknowledgement.
 */
@Injectable()
export class MailInListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MailIn');
  private server: SMTPServer | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly contact: ContactService,
    private readonly repo: InboxRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.contactSmtpPort === undefined) return;
    const address = this.config.contactAddress;
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      banner: 'OCVRN contact point',
      size: MAX_MESSAGE_BYTES,
      logger: false,
      onRcptTo: (rcpt, _session, callback) => {
        if (rcpt.address.toLowerCase() !== address) {
          return callback(
            Object.assign(new Error(`5.1.1 Only ${address} takes mail here`), {
              responseCode: 550,
            }),
          );
        }
        callback();
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream, { skipImageLinks: true })
          .then((parsed) => {
            if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
              throw Object.assign(new Error('5.3.4 Message too big'), { responseCode: 552 });
            }
            return this.receive(parsed);
          })
          .then(() => callback())
          .catch((err: Error & { responseCode?: number }) => {
            this.logger.warn(`Mail in refused: ${err.message}`);
            callback(
              Object.assign(new Error(err.responseCode ? err.message : '4.3.0 Try again later'), {
                responseCode: err.responseCode ?? 451,
              }),
            );
          });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.config.contactSmtpPort, this.config.host, () => resolve());
    });
    this.server.on('error', (err: Error) => this.logger.error(`SMTP listener: ${err.message}`));
    const bound = this.server.server.address();
    const port = typeof bound === 'object' && bound ? bound.port : this.config.contactSmtpPort;
    this.logger.log(`Mail for ${address} accepted on port ${port}`);
  }

  /** The port actually bound (for a configured port of 0). */
  get port(): number | null {
    const bound = this.server?.server.address();
    return typeof bound === 'object' && bound ? bound.port : null;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  async receive(parsed: Awaited<ReturnType<typeof simpleParser>>): Promise<void> {
    const sender = firstAddress(parsed.from);
    if (!sender?.address)
      throw Object.assign(new Error('5.1.7 No sender address'), { responseCode: 550 });
    const email = sender.address.toLowerCase();
    const subject =
      (parsed.subject ?? '(no subject)')
        .replace(/[\r\n\t]+/g, ' ')
        .trim()
        .slice(0, 200) || '(no subject)';
    const body = newPart(parsed.text ?? '').slice(0, 20_000) || '(no text)';
    const references = [
      ...(parsed.inReplyTo ? [parsed.inReplyTo] : []),
      ...(Array.isArray(parsed.references)
        ? parsed.references
        : parsed.references
          ? [parsed.references]
          : []),
    ];
    const thread = await this.findThread(subject, references, email);
    const attachments = await this.attachments(parsed.attachments);
    try {
      if (thread) {
        await this.dataSource.transaction(async (m) => {
          await this.repo.thread({ id: thread }, m, true);
          const [row] = await m.query<{ sender_name: string; user_id: string | null }[]>(
            `SELECT sender_name, user_id FROM inbox_threads WHERE id = $1`,
            [thread],
          );
          await this.contact.addMessage(m, thread, {
            authorKind: 'sender',
            authorId: row.user_id,
            authorName: row.sender_name,
            body,
            internal: false,
            via: 'email',
            emailMessageId: parsed.messageId ?? null,
            attachments,
          });
          await this.contact.reopen(m, thread);
        });
        this.logger.log(`Mail from ${email} joined thread ${thread}`);
      } else {
        await this.contact.open({
          name: (sender.name || email).replace(/[<>\r\n]/g, '').slice(0, 200),
          email,
          organisation: null,
          category: 'general',
          // Another thread's reference does not carry over into a new one.
          subject:
            subject
              .replace(/\[?\bOCR-\d{4}-\d{6,}\b\]?/g, '')
              .replace(/\s+/g, ' ')
              .trim() || '(no subject)',
          message: body,
          userId: null,
          origin: { via: 'email', ip: null, emailMessageId: parsed.messageId ?? null },
          attachments,
        });
      }
    } finally {
      await Promise.all(attachments.map((a) => unlink(a.file.path).catch(() => undefined)));
    }
  }

  /** The thread a reply belongs to: by reference in the subject, else by message ids. */
  private async findThread(
    subject: string,
    references: string[],
    email: string,
  ): Promise<string | null> {
    const mentioned = subject.match(REFERENCE_IN_SUBJECT) ?? [];
    const rows = await this.dataSource.query<{ id: string; sender_email: string }[]>(
      `SELECT t.id, t.sender_email FROM inbox_threads t
        WHERE t.reference = ANY($1::text[])
           OR t.id IN (SELECT thread_id FROM inbox_messages WHERE email_message_id = ANY($2::text[]))
        LIMIT 10`,
      [mentioned, references],
    );
    // Only the thread's own sender may add to it; anyone else starts a new one.
    return rows.find((r) => r.sender_email === email)?.id ?? null;
  }

  /** Attachments of accepted types are kept; others are dropped (named in the log). */
  private async attachments(
    items: { filename?: string; content: Buffer }[],
  ): Promise<AcceptedAttachment[]> {
    const kept: AcceptedAttachment[] = [];
    if (items.length === 0) return kept;
    const dir = join(this.contact.tmpDir);
    await mkdir(dir, { recursive: true });
    for (const item of items.slice(0, 5)) {
      const path = join(dir, `${process.pid}-${randomUUID()}.part`);
      await writeFile(path, item.content, { mode: 0o600 });
      const file: ReceivedFile = {
        path,
        fileName: item.filename ?? 'attachment',
        size: item.content.length,
        sha256: createHash('sha256').update(item.content).digest('hex'),
      };
      try {
        kept.push(...(await this.contact.acceptAll([file])));
      } catch (err) {
        this.logger.warn(`Attachment ${file.fileName} dropped: ${(err as Error).message}`);
        await unlink(path).catch(() => undefined);
      }
    }
    return kept;
  }
}
