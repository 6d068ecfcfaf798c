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
import { PgListener } from '@api/database/pg-listener';
import { MailMessageEntity } from './mail-message.entity';

export const MAIL_CHANNEL = 'ocvrn_mail';
const MAX_ATTEMPTS = 5;
const BATCH = 50;

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

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
 */
@Injectable()
export class MailService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private transport: Transporter | null = null;
  private readonly loop = new DrainLoop(() => this.drain(), this.logger);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly listener: PgListener,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async enqueue(manager: EntityManager, mail: OutgoingMail): Promise<void> {
    await manager.insert(MailMessageEntity, {
      to: oneLine(mail.to),
      subject: oneLine(mail.subject),
      text: mail.text,
      html: mail.html ?? null,
      headers: Object.fromEntries(
        Object.entries(mail.headers ?? {}).map(([k, v]) => [oneLine(k), oneLine(v)]),
      ),
      status: this.config.smtpUrl ? 'pending' : 'held',
    });
    if (!this.config.smtpUrl) {
      this.logger.log(`held (no SMTP_URL) to ${oneLine(mail.to)}: ${oneLine(mail.subject)}`);
      return;
    }
    await manager.query(`SELECT pg_notify($1, '')`, [MAIL_CHANNEL]);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.smtpUrl) return;
    this.transport = createTransport(this.config.smtpUrl, { from: this.config.mailFrom });
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
          RETURNING m.id, m.to_address, m.subject, m.text, m.html, m.headers, m.attempts`,
        [BATCH],
      );
      const rows = result[0];
      if (rows.length === 0) return;
      await Promise.all(rows.map((row) => this.sendOne(transport, row)));
      if (rows.length < BATCH) return;
    }
  }

  private async sendOne(transport: Transporter, row: MailRow): Promise<void> {
    try {
      await transport.sendMail({
        from: this.config.mailFrom,
        to: row.to_address,
        subject: row.subject,
        text: row.text,
        html: row.html ?? undefined,
        headers: row.headers,
      });
      await this.dataSource.query(
        `UPDATE mail_outbox SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = $1`,
        [row.id],
      );
    } catch (err) {
      const message = (err as Error).message.slice(0, 500);
      const final = row.attempts >= MAX_ATTEMPTS;
      await this.dataSource.query(
        `UPDATE mail_outbox SET status = $2, last_error = $3,
                next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1`,
        [row.id, final ? 'failed' : 'pending', message, 5 * 2 ** row.attempts],
      );
      this.logger.warn(`mail ${row.id} to ${row.to_address} failed (${row.attempts}): ${message}`);
    }
  }
}

interface MailRow {
  id: string;
  to_address: string;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  attempts: number;
}
