import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { DNSResolver } from 'mailauth';
import { simpleParser, type AddressObject } from 'mailparser';
import { createHash, randomUUID } from 'node:crypto';
import { writeFile, unlink, mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { DataSource } from 'typeorm';
import { DomainError } from '@api/common/domain-error';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import type { ReceivedFile } from '../documents/receive-upload';
import { REFERENCE_IN_TEXT } from './contact-reference';
import { ContactLimits } from './contact-limits';
import { ContactService, type AcceptedAttachment } from './contact.service';
import { InboxRepository } from './inbox.repository';
import { checkMail, dnsResolver, type Envelope } from './mail-auth';
import { ReplyAddresses } from './reply-address';

const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

type SmtpError = Error & { responseCode: number };

function smtpError(message: string, responseCode: number): SmtpError {
  return Object.assign(new Error(message), { responseCode });
}

/** The whole message, up to the size limit (past it, only that it was too big). */
async function readAll(stream: Readable): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_MESSAGE_BYTES) chunks.push(chunk);
  }
  return size <= MAX_MESSAGE_BYTES ? Buffer.concat(chunks) : null;
}

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
 * Mail to the contact address (`CONTACT_SMTP_PORT`): a reply that carries a thread's secret
 * (sent to the thread's own `contact+…` Reply-To address, or answering a Message-ID we
 * issued) joins it; anything else, whatever its From or subject, opens a new thread, counted
 * against the contact form's limits. Every message keeps its SPF/DKIM/DMARC verdict.
 */
@Injectable()
export class MailInListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MailIn');
  private server: SMTPServer | null = null;
  private readonly resolver: DNSResolver | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly contact: ContactService,
    private readonly repo: InboxRepository,
    private readonly addresses: ReplyAddresses,
    private readonly limits: ContactLimits,
  ) {
    this.resolver = dnsResolver(config.contactDnsServers);
  }

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
        if (!this.addresses.accepts(rcpt.address)) {
          return callback(
            Object.assign(new Error(`5.1.1 Only ${address} takes mail here`), {
              responseCode: 550,
            }),
          );
        }
        callback();
      },
      onData: (stream, session, callback) => {
        readAll(stream)
          .then((raw) => {
            if (!raw || (stream as { sizeExceeded?: boolean }).sizeExceeded) {
              throw smtpError('5.3.4 Message too big', 552);
            }
            return this.receive(raw, this.envelope(session));
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

  private envelope(session: SMTPServerSession): Envelope & { recipients: string[] } {
    return {
      ip: session.remoteAddress,
      helo: session.hostNameAppearsAs,
      sender: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      mta: hostname(),
      recipients: session.envelope.rcptTo.map((r) => r.address),
    };
  }

  async receive(raw: Buffer, envelope: Envelope & { recipients: string[] }): Promise<void> {
    const [parsed, authentication] = await Promise.all([
      simpleParser(raw, { skipImageLinks: true }),
      checkMail(raw, envelope, this.resolver),
    ]);
    const sender = firstAddress(parsed.from);
    if (!sender?.address) throw smtpError('5.1.7 No sender address', 550);
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
    const thread = await this.findThread(envelope.recipients, references);
    try {
      // Counted before anything is kept: a follow-up against its thread's limit, a new thread
      // against the contact form's (the same counters: per sender address, per connecting IP).
      if (thread) await this.limits.reply(thread, null);
      else await this.limits.newThread(email, envelope.ip.replace(/^::ffff:/, ''));
    } catch (err) {
      if (err instanceof DomainError && err.code === 'RATE_LIMITED') {
        throw smtpError(`4.7.1 ${err.message}`, 450);
      }
      throw err;
    }
    const attachments = await this.attachments(parsed.attachments);
    try {
      if (thread) {
        await this.dataSource.transaction(async (m) => {
          await this.repo.thread({ id: thread }, m, true);
          const kept = this.withinRoom(attachments, await this.limits.attachmentRoom(m, thread));
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
            attachments: kept,
            authentication,
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
            subject.replace(REFERENCE_IN_TEXT, '').replace(/\s+/g, ' ').trim() || '(no subject)',
          message: body,
          userId: null,
          origin: { via: 'email', ip: null, emailMessageId: parsed.messageId ?? null },
          attachments: this.withinRoom(attachments, this.limits.attachmentCap),
          authentication,
          // Whoever failed the checks is likely not the sender: no mail goes to that address.
          acknowledge: !authentication.failed,
        });
      }
    } finally {
      await Promise.all(attachments.map((a) => unlink(a.file.path).catch(() => undefined)));
    }
  }

  /**
   * The thread a reply belongs to, only by a secret of the thread's: its own reply address
   * among the recipients, or a Message-ID we issued in In-Reply-To / References. The subject
   * and From prove nothing (anyone can write a reference and someone else's address).
   */
  private async findThread(recipients: string[], references: string[]): Promise<string | null> {
    for (const recipient of recipients) {
      const claimed = this.addresses.parse(recipient);
      if (!claimed) continue;
      const thread = await this.repo.thread({ reference: claimed.reference });
      if (thread && this.addresses.verify(thread.id, claimed.mac)) return thread.id;
    }
    return this.repo.threadByIssuedMessageId(references);
  }

  /** The attachments that fit in `room` bytes, in order; the rest are dropped (logged). */
  private withinRoom(attachments: AcceptedAttachment[], room: number): AcceptedAttachment[] {
    const kept: AcceptedAttachment[] = [];
    let left = room;
    for (const a of attachments) {
      if (a.file.size <= left) {
        kept.push(a);
        left -= a.file.size;
      } else {
        this.logger.warn(`Attachment ${a.fileName} dropped: the thread holds enough files`);
      }
    }
    return kept;
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
