import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '@api/common/domain-error';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { RateLimiter } from '../throttle/rate-limiter';
import { InboxRepository } from './inbox.repository';

const HOUR = 3_600_000;

/**
 * What a sender may add to the contact point, web and mail alike. Every count is taken in the
 * shared store in one atomic step before the work it guards, so a parallel burst (on any
 * number of instances) cannot pass a limit.
 */
@Injectable()
export class ContactLimits {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
    private readonly repo: InboxRepository,
  ) {}

  /** New conversations an hour, per sender address and per IP address (429 past either). */
  async newThread(email: string, ip: string): Promise<void> {
    await this.limiter.consume(
      [
        {
          key: `contact:ip:${ip}`,
          rule: { limit: this.config.contactIpRateLimit, windowMs: HOUR },
        },
        {
          key: `contact:email:${email.toLowerCase()}`,
          rule: { limit: this.config.contactRateLimit, windowMs: HOUR },
        },
      ],
      'Too many new messages from this address in the last hour: please try again later, or reply on an earlier conversation',
    );
  }

  /** The sender's follow-ups an hour, per thread and (on the web) per IP address. */
  async reply(threadId: string, ip: string | null): Promise<void> {
    await this.limiter.consume(
      [
        ...(ip
          ? [
              {
                key: `contact:reply:ip:${ip}`,
                rule: { limit: this.config.contactReplyIpRateLimit, windowMs: HOUR },
              },
            ]
          : []),
        {
          key: `contact:reply:thread:${threadId}`,
          rule: { limit: this.config.contactReplyRateLimit, windowMs: HOUR },
        },
      ],
      'Too many messages in this conversation in the last hour: please wait before writing again',
    );
  }

  /**
   * Whether an acknowledgement may go to `email`: at most one an hour, whichever way the
   * messages came, so a burst (or forged mail) cannot turn the contact point into a mailer.
   */
  acknowledgement(email: string): Promise<boolean> {
    return this.limiter.allow(`contact:ack:${email.toLowerCase()}`, { limit: 1, windowMs: HOUR });
  }

  /** The most a thread's files may come to, in bytes (a new thread's room). */
  get attachmentCap(): number {
    return this.config.contactThreadAttachmentBytes;
  }

  /** Bytes of files the thread may still take (inside `m`, with the thread locked). */
  async attachmentRoom(m: EntityManager, threadId: string): Promise<number> {
    const used = await this.repo.attachmentBytes(m, threadId);
    return Math.max(0, this.attachmentCap - used);
  }

  /** Refuses (413) files that do not fit in the room left. */
  assertRoom(files: { file: { size: number } }[], room: number): void {
    if (files.reduce((sum, a) => sum + a.file.size, 0) <= room) return;
    const cap = this.attachmentCap;
    throw new DomainError(
      'PAYLOAD_TOO_LARGE',
      `This conversation already holds nearly the ${Math.round(cap / 1024 / 1024)} MB of files it may: send a link to the files instead, or ask us how to send them`,
      [{ field: 'files', message: 'too much in this conversation' }],
    );
  }
}
