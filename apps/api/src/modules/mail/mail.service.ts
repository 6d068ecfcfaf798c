import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource, type EntityManager } from 'typeorm';
import { DrainLoop } from '@api/common/drain-loop';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { Keys, KEYS } from '@api/config/keys';
import { PgListener } from '@api/database/pg-listener';
import { SecretBox } from '@api/common/secret-box';
import { MailMessageEntity } from './mail-message.entity';

export const MAIL_CHANNEL = 'ocvrn_mail';
const MAX_ATTEMPTS = 5;
const BATCH = 100;
/** SMTP connections kept open per process; messages are sent over them in turn. */
const CONNECTIONS = 5;

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

/** A claimed outbox row whose message is composed at send time (a newsletter copy). */
export interface ComposedRow {
  id: string;
  to: string;
  newsletterId: string;
  userId: string;
}

/** Composes the messages of claimed newsletter rows; a row left out of the map fails. */
export type MailComposer = (rows: ComposedRow[]) => Promise<Map<string, OutgoingMail>>;

/** Header values must be one line: nothing a sender controls can add a header. */
function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\r\n\u0000-\u001f]+/g, ' ').trim();
}

/**
 * Outgoing mail through the outbox: `enqueue` writes in the caller's transaction; the
 * sender (every instance runs one; SKIP LOCKED shares the rows) sends after commit with
 * retries and backoff, and records an address that keeps failing instead of trying forever.
 * Without SMTP_URL, messages are held in the table and logged.
 *
 * Bodies carry one-use links (verification, reset, invitation, tracking): they are stored
 * sealed (AES-256-GCM under a key of their own) and deleted once the message is sent or has
 * failed for good, so the table keeps who was mailed what subject when, not the links.
 */
@Injectable()
export class MailService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private transport: Transporter | null = null;
  private readonly loop = new DrainLoop(() => this.drain(), this.logger);
  private timer: NodeJS.Timeout | null = null;
  private composer: MailComposer | null = null;
  private readonly box: SecretBox;

  constructor(
    private readonly dataSource: DataSource,
    private readonly listener: PgListener,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(KEYS) keys: Keys,
  ) {
    this.box = new SecretBox(keys.for('mail'));
  }

  /** A stored body in the clear (rows written before bodies were sealed are as they were). */
  private openBody(stored: string | null): string | null {
    return stored === null ? null : (this.box.open(stored) ?? stored);
  }

  async enqueue(manager: EntityManager, mail: OutgoingMail): Promise<void> {
    await manager.insert(MailMessageEntity, {
      to: oneLine(mail.to),
      subject: oneLine(mail.subject),
      text: this.box.seal(mail.text),
      html: mail.html ? this.box.seal(mail.html) : null,
      headers: Object.fromEntries(
        Object.entries(mail.headers ?? {}).map(([k, v]) => [oneLine(k), oneLine(v)]),
      ),
      status: this.initialStatus,
    });
    if (!this.config.smtpUrl) {
      this.logger.log(`held (no SMTP_URL) to ${oneLine(mail.to)}: ${oneLine(mail.subject)}`);
    }
    await this.notifyAfterCommit(manager);
  }

  /** The status a new outbox row starts in: sent later, or held when there is no SMTP_URL. */
  get initialStatus(): 'pending' | 'held' {
    return this.config.smtpUrl ? 'pending' : 'held';
  }

  /** Wakes the senders of every instance once the caller's transaction commits. */
  async notifyAfterCommit(manager: EntityManager): Promise<void> {
    if (this.config.smtpUrl) await manager.query(`SELECT pg_notify($1, '')`, [MAIL_CHANNEL]);
  }

  /** Sets who composes rows that carry a `newsletter_id` (the newsletter module). */
  setComposer(composer: MailComposer): void {
    this.composer = composer;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.smtpUrl) return;
    // Pooled: a few connections reused for every message, as a bulk sender must.
    this.transport = createTransport(
      {
        url: this.config.smtpUrl,
        pool: true,
        maxConnections: CONNECTIONS,
        maxMessages: Infinity,
      },
      { from: this.config.mailFrom },
    );
    await this.listener.listen(MAIL_CHANNEL, () => this.kick());
    this.timer = setInterval(() => this.kick(), 5000);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.loop.stop();
    this.transport?.close();
  }

  kick(): void {
    if (this.transport) this.loop.kick();
  }

  private async drain(): Promise<void> {
    const transport = this.transport;
    if (!transport) return;
    for (;;) {
      if (this.loop.isStopped || !this.dataSource.isInitialized) return;
      const result: [MailRow[], number] = await this.dataSource.query(
        `UPDATE mail_outbox m SET attempts = m.attempts + 1,
                next_attempt_at = now() + interval '5 minutes'
           FROM (SELECT id FROM mail_outbox
                  WHERE status = 'pending' AND next_attempt_at <= now()
                  ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) c
          WHERE m.id = c.id
          RETURNING m.id, m.to_address, m.subject, m.text, m.html, m.headers, m.attempts,
                    m.newsletter_id, m.user_id`,
        [BATCH],
      );
      const rows = result[0];
      if (rows.length === 0) return;
      const composed = await this.compose(rows);
      const outcomes = await Promise.all(
        rows.map((row) => this.sendOne(transport, row, composed.get(row.id))),
      );
      // One statement marks the batch's sent rows; failures were recorded one by one.
      const sent = rows.filter((_, i) => outcomes[i]).map((r) => r.id);
      if (sent.length > 0) {
        await this.dataSource.query(
          `UPDATE mail_outbox SET status = 'sent', sent_at = now(), last_error = NULL,
                  text = NULL, html = NULL, headers = '{}'
            WHERE id = ANY($1::bigint[])`,
          [sent],
        );
      }
      if (rows.length < BATCH) return;
    }
  }

  /** Messages of the batch's newsletter rows, composed now; the others are as stored. */
  private async compose(rows: MailRow[]): Promise<Map<string, OutgoingMail>> {
    const wanted = rows
      .filter((r) => r.newsletter_id && r.user_id)
      .map((r) => ({
        id: r.id,
        to: r.to_address,
        newsletterId: r.newsletter_id!,
        userId: r.user_id!,
      }));
    if (wanted.length === 0 || !this.composer) return new Map();
    try {
      return await this.composer(wanted);
    } catch (err) {
      this.logger.warn(`composing ${wanted.length} message(s) failed: ${(err as Error).message}`);
      return new Map();
    }
  }

  /** Sends one message; true when it went. A failure is recorded with its backoff. */
  private async sendOne(
    transport: Transporter,
    row: MailRow,
    composed: OutgoingMail | undefined,
  ): Promise<boolean> {
    try {
      if (row.newsletter_id && !composed) throw new Error('the issue could not be composed');
      const mail = composed
        ? { ...composed, headers: composed.headers ?? {} }
        : {
            subject: row.subject,
            text: this.openBody(row.text) ?? '',
            html: this.openBody(row.html),
            headers: row.headers,
          };
      // Message-ID and Reply-To are nodemailer options (as headers they would be doubled).
      const { 'Message-ID': messageId, 'Reply-To': replyTo, ...headers } = mail.headers;
      await transport.sendMail({
        from: this.config.mailFrom,
        to: row.to_address,
        subject: oneLine(mail.subject),
        text: mail.text,
        html: mail.html ?? undefined,
        messageId: messageId ? oneLine(messageId) : undefined,
        replyTo: replyTo ? oneLine(replyTo) : undefined,
        headers: Object.fromEntries(
          Object.entries(headers).map(([k, v]) => [oneLine(k), oneLine(v)]),
        ),
      });
      return true;
    } catch (err) {
      const message = (err as Error).message.slice(0, 500);
      // A permanent refusal (SMTP 5xx: no such mailbox…) is recorded at once; a temporary
      // one (4xx, a dropped connection) is tried again with backoff, up to MAX_ATTEMPTS.
      const code = (err as { responseCode?: number }).responseCode;
      const final = row.attempts >= MAX_ATTEMPTS || (code !== undefined && code >= 500);
      await this.dataSource.query(
        `UPDATE mail_outbox SET status = $2, last_error = $3,
                next_attempt_at = now() + make_interval(secs => $4),
                text = CASE WHEN $2 = 'failed' THEN NULL ELSE text END,
                html = CASE WHEN $2 = 'failed' THEN NULL ELSE html END
          WHERE id = $1`,
        [row.id, final ? 'failed' : 'pending', message, 5 * 2 ** row.attempts],
      );
      this.logger.warn(`mail ${row.id} to ${row.to_address} failed (${row.attempts}): ${message}`);
      return false;
    }
  }
}

interface MailRow {
  id: string;
  to_address: string;
  subject: string;
  text: string | null;
  html: string | null;
  headers: Record<string, string>;
  attempts: number;
  newsletter_id: string | null;
  user_id: string | null;
}
