import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Readable } from 'node:stream';
import { createTransport, type Transporter } from 'nodemailer';
import { Pool, type PoolClient } from 'pg';
import MimeComposer from 'nodemailer/lib/mail-composer';
import { DataSource, type EntityManager } from 'typeorm';
import { DrainLoop } from '@api/common/drain-loop';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { Keys, KEYS } from '@api/config/keys';
import { DATABASE_URL } from '@api/database/database.tokens';
import { PgListener } from '@api/database/pg-listener';
import { SecretBox } from '@api/common/secret-box';
import { MailMessageEntity } from './mail-message.entity';

export const MAIL_CHANNEL = 'ocvrn_mail';
const MAX_ATTEMPTS = 5;
/** SMTP connections kept open per process; messages are sent over them in turn. */
const CONNECTIONS = 5;
/**
 * Messages in flight at once, each in its own transaction (a database connection): more than
 * the SMTP connections, so each connection has the next message ready when one is accepted.
 */
const SENDERS = 12;

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
  /** The senders' own connections (one each, kept), apart from the application's pool. */
  private pool: Pool | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly listener: PgListener,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(KEYS) keys: Keys,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
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
    this.pool = new Pool({
      connectionString: this.databaseUrl,
      max: SENDERS,
      application_name: 'ocvrn-mail',
    });
    this.pool.on('error', (e: Error) => this.logger.warn(`mail sender pool: ${e.message}`));
    await this.listener.listen(MAIL_CHANNEL, () => this.kick());
    this.timer = setInterval(() => this.kick(), 5000);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.loop.stop();
    this.transport?.close();
    await this.pool?.end();
  }

  kick(): void {
    if (this.transport) this.loop.kick();
  }

  /**
   * Sends what is due, one message at a time per SMTP connection. Each message's row stays
   * locked (FOR UPDATE SKIP LOCKED) in its own transaction while it is sent, so a process that
   * dies mid-send releases it with its database connection, and the next sender (another
   * instance, or this one restarted) takes it at once. The row is marked sent and committed
   * once the whole message is on the wire, its COMMIT written with the final "." that makes
   * the SMTP server take it: a crash before that point leaves a row that is sent again and a
   * message the server discarded; after it, a sent row and a delivered message. Each
   * subscriber gets an issue once, not again after a restart.
   */
  private async drain(): Promise<void> {
    const transport = this.transport;
    if (!transport) return;
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        const client = await this.pool!.connect();
        let broken: Error | undefined;
        try {
          while (!this.loop.isStopped && this.dataSource.isInitialized) {
            if (!(await this.sendNext(transport, client))) return;
          }
        } catch (err) {
          broken = err as Error; // the connection is dropped, not reused
          throw err;
        } finally {
          client.release(broken);
        }
      }),
    );
  }

  /**
   * Claims and sends the next due message on `client`; false when none is due. Two round trips
   * to the database a message: BEGIN with the claim, then the mark with COMMIT.
   */
  private async sendNext(transport: Transporter, client: PoolClient): Promise<boolean> {
    const [, claimed] = (await client.query(
      `BEGIN; SELECT id, to_address, subject, text, html, headers, attempts, newsletter_id, user_id
                FROM mail_outbox
               WHERE status = 'pending' AND next_attempt_at <= now()
               ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    )) as unknown as [unknown, { rows: MailRow[] }];
    const row = claimed.rows[0];
    if (!row) {
      await client.query('ROLLBACK');
      return false;
    }
    row.attempts += 1;
    // Marked sent in the open transaction once the message is on the wire; the COMMIT and the
    // final "." then leave together (the same turn of the event loop), so a crash comes before
    // both or after both. The id and count come from the database (digits only).
    const id = String(row.id);
    if (!/^\d+$/.test(id)) throw new Error(`unexpected outbox id ${id}`);
    const sent: { commit: Promise<unknown> | null } = { commit: null };
    const markSent = () => {
      sent.commit = client.query(
        `UPDATE mail_outbox SET status = 'sent', sent_at = now(), attempts = ${Number(row.attempts)},
                last_error = NULL, text = NULL, html = NULL, headers = '{}' WHERE id = ${id};
         COMMIT`,
      );
      sent.commit.catch(() => undefined); // awaited below
      return Promise.resolve();
    };
    try {
      const composed = row.newsletter_id && row.user_id ? await this.compose(row) : undefined;
      await this.sendOne(transport, row, composed, markSent);
      if (sent.commit) await sent.commit;
    } catch (err) {
      let committed = false;
      if (sent.commit)
        committed = await sent.commit.then(
          () => true,
          () => false,
        );
      if (!committed) await client.query('ROLLBACK').catch(() => undefined);
      await this.recordFailure(row, err);
    }
    return true;
  }

  /** A newsletter row's message, composed now (undefined when it cannot be). */
  private async compose(row: MailRow): Promise<OutgoingMail | undefined> {
    if (!this.composer) return undefined;
    try {
      const composed = await this.composer([
        { id: row.id, to: row.to_address, newsletterId: row.newsletter_id!, userId: row.user_id! },
      ]);
      return composed.get(row.id);
    } catch (err) {
      this.logger.warn(`composing mail ${row.id} failed: ${(err as Error).message}`);
      return undefined;
    }
  }

  /**
   * Sends one message; `beforeFinalDot` runs when the server has all of it but the end mark,
   * and the end mark follows as soon as it resolves.
   */
  private async sendOne(
    transport: Transporter,
    row: MailRow,
    composed: OutgoingMail | undefined,
    beforeFinalDot: () => Promise<void>,
  ): Promise<void> {
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
    const message = await new MimeComposer({
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
    })
      .compile()
      .build();
    const body = Readable.from(
      (async function* () {
        yield message;
        await beforeFinalDot();
      })(),
    );
    await transport.sendMail({
      envelope: { from: addressOf(this.config.mailFrom), to: [row.to_address] },
      raw: body,
    });
  }

  /**
   * A permanent refusal (SMTP 5xx: no such mailbox…) is recorded at once; a temporary one (4xx,
   * a dropped connection) is tried again with backoff, up to MAX_ATTEMPTS.
   */
  private async recordFailure(row: MailRow, err: unknown): Promise<void> {
    const message = (err as Error).message.slice(0, 500);
    const code = (err as { responseCode?: number }).responseCode;
    const final = row.attempts >= MAX_ATTEMPTS || (code !== undefined && code >= 500);
    await this.dataSource.query(
      `UPDATE mail_outbox SET status = $2, last_error = $3, attempts = $5, sent_at = NULL,
              next_attempt_at = now() + make_interval(secs => $4),
              text = CASE WHEN $2 = 'failed' THEN NULL ELSE $6 END,
              html = CASE WHEN $2 = 'failed' THEN NULL ELSE $7 END, headers = $8
        WHERE id = $1`,
      // The body as it was stored (still sealed): a failure at the message's end comes after
      // the row was marked sent and its body cleared.
      [
        row.id,
        final ? 'failed' : 'pending',
        message,
        5 * 2 ** row.attempts,
        row.attempts,
        row.text,
        row.html,
        JSON.stringify(row.headers ?? {}),
      ],
    );
    this.logger.warn(`mail ${row.id} to ${row.to_address} failed (${row.attempts}): ${message}`);
  }
}

/** The bare address of a From value such as `OCVRN <no-reply@example.org>`. */
function addressOf(from: string): string {
  return /<([^>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
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
