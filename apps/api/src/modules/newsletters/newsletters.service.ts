import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import {
  rooms,
  type Newsletter,
  type NewsletterDelivery,
  type NewsletterHistoryEntry,
  type NewsletterPreview,
  type NewslettersPage,
  type NewsletterStatus,
  type NewsletterSubscription,
  type NewsletterSummary,
  type UnsubscribeResult,
} from '@contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { decodeCursor, encodeCursor } from '@api/common/pagination';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { Keys, KEYS } from '@api/config/keys';
import { AuditService } from '../audit/audit.service';
import { JobsService } from '../jobs/jobs.service';
import { MailService, type ComposedRow, type OutgoingMail } from '../mail/mail.service';
import { toPrefixQuery } from '../members/member-search.sql';
import { NotificationsService } from '../notifications/notifications.service';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import type {
  CreateNewsletterDto,
  NewslettersQuery,
  UpdateNewsletterDto,
  UpdateSubscriptionDto,
} from './dto/newsletters.dto';
import { newsletterMail, type IssueForMail } from './newsletter.mail';
import { foreignImages, renderMarkdown } from './render';
import { unsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token';

export const PUBLISH_QUEUE = 'newsletter-publish';

/** An approved member asking (anonymous callers and applicants are `null`: public issues only). */
export interface Reader {
  id: string;
  isEditor: boolean;
}

export function readerOf(user: AuthUser | undefined): Reader | null {
  if (!user || user.status !== 'approved') return null;
  return { id: user.id, isEditor: user.roles.includes('editor') };
}

/** The same expression as the index newsletters_search_idx. */
const SEARCH_VECTOR = `(setweight(to_tsvector('simple', ocvrn_unaccent(n.title)), 'A')
  || setweight(to_tsvector('simple', ocvrn_unaccent(n.summary)), 'B')
  || setweight(to_tsvector('simple', ocvrn_unaccent(n.body)), 'C'))`;

const COLUMNS = `n.id, n.title, n.summary, n.topics, n.public, n.status, n.publish_at,
  n.published_at, n.author_id, a.name AS author_name, n.last_edited_by, n.cleared_by,
  n.return_comment, n.created_at, n.updated_at`;

interface Row {
  id: string;
  title: string;
  summary: string;
  body?: string;
  html?: string;
  topics: string[];
  public: boolean;
  status: NewsletterStatus;
  publish_at: Date | null;
  published_at: Date | null;
  author_id: string;
  author_name: string;
  last_edited_by: string;
  cleared_by: string | null;
  return_comment: string | null;
  created_at: Date;
  updated_at: Date;
}

function toSummary(r: Row): NewsletterSummary {
  return {
    id: r.id,
    title: r.title,
    summary: r.summary,
    topics: r.topics,
    public: r.public,
    status: r.status,
    publishAt: r.publish_at?.toISOString() ?? null,
    publishedAt: r.published_at?.toISOString() ?? null,
    authorId: r.author_id,
    authorName: r.author_name,
    lastEditedById: r.last_edited_by,
    clearedById: r.cleared_by,
    returnComment: r.return_comment,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

const ACTIONS: Record<string, NewsletterHistoryEntry['action']> = {
  'newsletter.created': 'created',
  'newsletter.submitted': 'submitted',
  'newsletter.returned': 'returned',
  'newsletter.cleared': 'cleared',
  'newsletter.scheduled': 'scheduled',
  'newsletter.unscheduled': 'unscheduled',
  'newsletter.published': 'published',
};

/** Edits by one editor within this window make one audit entry, not one per autosave. */
const EDIT_AUDIT_WINDOW = '10 minutes';
const MAX_SCHEDULE_DAYS = 366;

/** Only library files may be shown in an issue: a remote image would track its readers. */
function assertLibraryImages(body: string): void {
  const foreign = foreignImages(body);
  if (foreign.length === 0) return;
  const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ', …' : '');
  throw invalid(
    'body',
    `images must be files from the library (/api/documents/<id>/download), not ${shown}`,
  );
}

function notFound(): DomainError {
  return new DomainError('NEWSLETTER_NOT_FOUND', 'No such newsletter issue');
}

function wrongStatus(status: NewsletterStatus, wanted: string): DomainError {
  return new DomainError(
    'NEWSLETTER_WRONG_STATUS',
    `This issue is ${status}; only ${wanted} issues can be changed this way`,
  );
}

function invalid(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${field}: ${message}`, [{ field, message }]);
}

/**
 * The newsletter: drafts, clearance by a second editor, publication now or at a time (a job
 * in PostgreSQL), one email per subscriber through the mail outbox, the archive, and
 * subscriptions with one-click unsubscribe.
 */
@Injectable()
export class NewslettersService implements OnModuleInit {
  /** Rendered issues for composing mail, by id (an issue does not change once published). */
  private readonly issueCache = new Map<string, Promise<IssueForMail | null>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly mail: MailService,
    private readonly jobs: JobsService,
    private readonly taxonomy: TaxonomyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(KEYS) private readonly keys: Keys,
  ) {}

  onModuleInit(): void {
    this.jobs.register<{ id: string }>(PUBLISH_QUEUE, ({ id }) => this.publishDue(id));
    this.mail.setComposer((rows) => this.compose(rows));
  }

  // --- reading -------------------------------------------------------------------------

  async list(reader: Reader | null, query: NewslettersQuery): Promise<NewslettersPage> {
    const status = query.status ?? 'published';
    if (status !== 'published' && !reader?.isEditor) {
      throw new DomainError('FORBIDDEN', 'Only editors see unpublished issues');
    }
    await this.taxonomy.assertTopics(query.topic, 'topic');
    const key = status === 'published' ? 'n.published_at' : 'n.updated_at';
    const after = decodeCursor<[string, string]>(query.cursor, ['timestamp', 'uuid']);
    const where = ['n.status = $1'];
    const values: unknown[] = [status];
    const param = (v: unknown) => {
      values.push(v);
      return `$${values.length}`;
    };
    if (!reader) where.push('n.public');
    if (query.topic?.length) where.push(`n.topics && ${param(query.topic)}::text[]`);
    const tsq = query.q ? toPrefixQuery(query.q) : null;
    if (tsq) where.push(`${SEARCH_VECTOR} @@ to_tsquery('simple', ${param(tsq)})`);
    const filter = where.join(' AND ');
    const countValues = [...values];
    let page = filter;
    if (after) {
      page += ` AND (date_trunc('milliseconds', ${key}), n.id) < (${param(after[0])}::timestamptz, ${param(after[1])}::uuid)`;
    }
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<Row[]>(
        `SELECT ${COLUMNS} FROM newsletters n JOIN users a ON a.id = n.author_id
          WHERE ${page}
          ORDER BY date_trunc('milliseconds', ${key}) DESC, n.id DESC
          LIMIT ${param(query.limit + 1)}`,
        values,
      ),
      this.dataSource.query<Array<{ total: number }>>(
        `SELECT count(*)::int AS total FROM newsletters n WHERE ${filter}`,
        countValues,
      ),
    ]);
    const more = rows.length > query.limit;
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    const lastKey = last && (status === 'published' ? last.published_at : last.updated_at);
    return {
      items: items.map(toSummary),
      nextCursor: more && lastKey ? encodeCursor([lastKey.toISOString(), last.id]) : null,
      total,
    };
  }

  async get(reader: Reader | null, id: string): Promise<Newsletter> {
    const row = await this.row(this.dataSource.manager, id);
    if (!row) throw notFound();
    const readable = reader?.isEditor || (row.status === 'published' && (row.public || !!reader));
    if (!readable) throw notFound();
    const issue: Newsletter = { ...toSummary(row), body: row.body!, html: row.html! };
    if (reader?.isEditor) {
      issue.history = await this.history(id);
      if (row.status === 'published') issue.delivery = await this.delivery(id);
    }
    return issue;
  }

  preview(body: string): NewsletterPreview {
    return { html: renderMarkdown(body) };
  }

  // --- writing (editors) ---------------------------------------------------------------

  async create(actor: AuthUser, dto: CreateNewsletterDto): Promise<Newsletter> {
    await this.taxonomy.assertTopics(dto.topics, 'topics');
    const body = dto.body ?? '';
    assertLibraryImages(body);
    const id = await this.dataSource.transaction(async (m) => {
      const [{ id }] = await m.query<Array<{ id: string }>>(
        `INSERT INTO newsletters (title, summary, body, html, topics, public, author_id, last_edited_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
        [
          dto.title,
          dto.summary ?? '',
          body,
          renderMarkdown(body),
          dto.topics ?? [],
          dto.public ?? false,
          actor.id,
        ],
      );
      await this.record(m, actor.id, 'newsletter.created', id, { title: dto.title });
      await this.statusChanged(m, id, dto.title, 'draft', 'created', actor.id);
      return id;
    });
    return this.get(readerOf(actor), id);
  }

  /** Drafts only: a submitted or cleared issue must come back before it changes. */
  async update(actor: AuthUser, id: string, dto: UpdateNewsletterDto): Promise<Newsletter> {
    await this.taxonomy.assertTopics(dto.topics, 'topics');
    if (dto.body !== undefined) assertLibraryImages(dto.body);
    await this.dataSource.transaction(async (m) => {
      const row = await this.lock(m, id);
      if (row.status !== 'draft') throw wrongStatus(row.status, 'draft');
      const sets: string[] = ['last_edited_by = $2', 'updated_at = now()'];
      const values: unknown[] = [id, actor.id];
      const set = (column: string, value: unknown) => {
        values.push(value);
        sets.push(`${column} = $${values.length}`);
      };
      if (dto.title !== undefined) set('title', dto.title);
      if (dto.summary !== undefined) set('summary', dto.summary);
      if (dto.body !== undefined) {
        set('body', dto.body);
        set('html', renderMarkdown(dto.body));
      }
      if (dto.topics !== undefined) set('topics', dto.topics);
      if (dto.public !== undefined) set('public', dto.public);
      await m.query(`UPDATE newsletters SET ${sets.join(', ')} WHERE id = $1`, values);
      const [recent] = await m.query<Array<{ one: number }>>(
        `SELECT 1 AS one FROM audit_log
          WHERE target_type = 'newsletter' AND target_id = $1 AND actor_id = $2
            AND action = 'newsletter.edited' AND at > now() - interval '${EDIT_AUDIT_WINDOW}'
          LIMIT 1`,
        [id, actor.id],
      );
      if (!recent) {
        await this.record(m, actor.id, 'newsletter.edited', id, {
          fields: Object.keys(dto).filter((k) => dto[k as keyof UpdateNewsletterDto] !== undefined),
        });
      }
    });
    return this.get(readerOf(actor), id);
  }

  /** Any issue not yet published; a scheduled one is thereby called off. */
  async remove(actor: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const row = await this.lock(m, id);
      if (row.status === 'published') throw wrongStatus(row.status, 'unpublished');
      await m.query(`DELETE FROM newsletters WHERE id = $1`, [id]);
      await this.record(m, actor.id, 'newsletter.deleted', id, {
        title: row.title,
        status: row.status,
      });
    });
  }

  async submit(actor: AuthUser, id: string): Promise<Newsletter> {
    return this.step(actor, id, ['draft'], 'submitted', async (m, row) => {
      if (!row.body?.trim()) throw invalid('body', 'an issue needs a body before clearance');
      await m.query(
        `UPDATE newsletters SET status = 'submitted', updated_at = now() WHERE id = $1`,
        [id],
      );
      return { status: 'submitted' };
    });
  }

  /** Another editor than the author and the last to edit it clears the issue. */
  async clear(actor: AuthUser, id: string): Promise<Newsletter> {
    return this.step(actor, id, ['submitted'], 'cleared', async (m, row) => {
      this.notOwn(actor, row, 'clear');
      await m.query(
        `UPDATE newsletters SET status = 'cleared', cleared_by = $2, return_comment = NULL,
                updated_at = now() WHERE id = $1`,
        [id, actor.id],
      );
      return { status: 'cleared' };
    });
  }

  async returnForChanges(actor: AuthUser, id: string, comment: string): Promise<Newsletter> {
    return this.step(actor, id, ['submitted'], 'returned', async (m, row) => {
      this.notOwn(actor, row, 'return');
      await m.query(
        `UPDATE newsletters SET status = 'draft', return_comment = $2, updated_at = now()
          WHERE id = $1`,
        [id, comment],
      );
      return { status: 'draft', comment };
    });
  }

  /** Now, or at `at` (a job in PostgreSQL, so a restart in between does not lose it). */
  async publish(actor: AuthUser, id: string, at: string | undefined): Promise<Newsletter> {
    const when = at === undefined ? null : new Date(at);
    if (when) {
      if (!(when.getTime() > Date.now())) invalidAt('must be in the future');
      if (when.getTime() > Date.now() + MAX_SCHEDULE_DAYS * 86_400_000) {
        invalidAt(`must be within ${MAX_SCHEDULE_DAYS} days`);
      }
    }
    if (!when) {
      return this.step(actor, id, ['cleared'], 'published', async (m, row) => {
        await this.publishNow(m, row);
        return { status: 'published' };
      });
    }
    return this.step(actor, id, ['cleared'], 'scheduled', async (m) => {
      await m.query(
        `UPDATE newsletters SET status = 'scheduled', publish_at = $2, updated_at = now()
          WHERE id = $1`,
        [id, when],
      );
      await this.jobs.send(m, PUBLISH_QUEUE, { id }, { startAfter: when });
      return { status: 'scheduled', at: when.toISOString() };
    });
  }

  async unschedule(actor: AuthUser, id: string): Promise<Newsletter> {
    return this.step(actor, id, ['scheduled'], 'unscheduled', async (m) => {
      // The job stays queued and finds the issue no longer scheduled when it runs.
      await m.query(
        `UPDATE newsletters SET status = 'cleared', publish_at = NULL, updated_at = now()
          WHERE id = $1`,
        [id],
      );
      return { status: 'cleared' };
    });
  }

  /** The publication job: publishes a scheduled issue that is due, once. */
  async publishDue(id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [row] = await m.query<Row[]>(
        `SELECT ${COLUMNS}, n.body, n.html FROM newsletters n JOIN users a ON a.id = n.author_id
          WHERE n.id = $1 AND n.status = 'scheduled' AND n.publish_at <= now()
          FOR UPDATE OF n`,
        [id],
      );
      if (!row) return;
      await this.publishNow(m, row);
      await this.record(m, null, 'newsletter.published', id, { scheduledFor: row.publish_at });
      await this.statusChanged(m, id, row.title, 'published', 'published', null);
    });
  }

  // --- subscriptions -------------------------------------------------------------------

  async subscription(userId: string): Promise<NewsletterSubscription> {
    const [row] = await this.dataSource.query<Array<{ all_issues: boolean; topics: string[] }>>(
      `SELECT all_issues, topics FROM newsletter_subscriptions WHERE user_id = $1`,
      [userId],
    );
    return row ? { all: row.all_issues, topics: row.topics } : { all: true, topics: [] };
  }

  async updateSubscription(
    userId: string,
    dto: UpdateSubscriptionDto,
  ): Promise<NewsletterSubscription> {
    if (dto.all === undefined && dto.topics === undefined) {
      throw invalid('all', 'give `all`, `topics` or both');
    }
    await this.taxonomy.assertTopics(dto.topics, 'topics');
    const next: NewsletterSubscription = {
      all: dto.all ?? false,
      topics: dto.topics ?? [],
    };
    await this.save(this.dataSource.manager, userId, next);
    return next;
  }

  /** One-click unsubscribe (RFC 8058): the signed token is the only credential. */
  async unsubscribe(token: string | undefined): Promise<UnsubscribeResult> {
    const userId = verifyUnsubscribeToken(this.keys.for('unsubscribe'), token);
    const [user] = userId
      ? await this.dataSource.query<Array<{ email: string }>>(
          `SELECT email FROM users WHERE id = $1`,
          [userId],
        )
      : [];
    if (!userId || !user) {
      throw new DomainError('UNSUBSCRIBE_TOKEN_INVALID', 'This unsubscribe link is not valid', [
        { field: 'token', message: 'is not a valid unsubscribe token' },
      ]);
    }
    await this.save(this.dataSource.manager, userId, { all: false, topics: [] });
    return { ok: true, email: maskEmail(user.email) };
  }

  // --- internals -----------------------------------------------------------------------

  private async save(m: EntityManager, userId: string, s: NewsletterSubscription): Promise<void> {
    await m.query(
      `INSERT INTO newsletter_subscriptions (user_id, all_issues, topics) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET all_issues = EXCLUDED.all_issues,
         topics = EXCLUDED.topics, updated_at = now()`,
      [userId, s.all, s.topics],
    );
  }

  /**
   * Marks the issue published and queues one copy per subscriber in the mail outbox (the
   * unique index keeps it to one per issue and member), then tells members live.
   */
  private async publishNow(m: EntityManager, row: Row): Promise<void> {
    const [[published]] = await m.query<[[{ published_at: Date }], number]>(
      `UPDATE newsletters SET status = 'published', published_at = now(), updated_at = now()
        WHERE id = $1 RETURNING published_at`,
      [row.id],
    );
    await m.query(
      `INSERT INTO mail_outbox (to_address, subject, text, status, newsletter_id, user_id)
       SELECT u.email, $2, NULL, $3, $1, u.id
         FROM users u LEFT JOIN newsletter_subscriptions s ON s.user_id = u.id
        WHERE u.status = 'approved'
          AND (s.user_id IS NULL OR s.all_issues OR s.topics && $4::text[])
       ON CONFLICT (newsletter_id, user_id) WHERE newsletter_id IS NOT NULL DO NOTHING`,
      [row.id, row.title, this.mail.initialStatus, row.topics],
    );
    await this.mail.notifyAfterCommit(m);
    await this.notifications.publish(m, 'newsletter.published', [rooms.members], {
      id: row.id,
      title: row.title,
      summary: row.summary,
      topics: row.topics,
      public: row.public,
      publishedAt: published.published_at.toISOString(),
    });
  }

  /** One workflow step under a row lock: status check, change, audit, editors told. */
  private async step(
    actor: AuthUser,
    id: string,
    from: NewsletterStatus[],
    action: NewsletterHistoryEntry['action'],
    apply: (
      m: EntityManager,
      row: Row,
    ) => Promise<{ status: NewsletterStatus } & Record<string, unknown>>,
  ): Promise<Newsletter> {
    await this.dataSource.transaction(async (m) => {
      const row = await this.lock(m, id);
      if (!from.includes(row.status)) throw wrongStatus(row.status, from.join(' or '));
      const { status, ...detail } = await apply(m, row);
      await this.record(m, actor.id, `newsletter.${action}`, id, { title: row.title, ...detail });
      await this.statusChanged(m, id, row.title, status, action, actor.id);
    });
    return this.get(readerOf(actor), id);
  }

  private notOwn(actor: AuthUser, row: Row, verb: string): void {
    if (actor.id === row.author_id || actor.id === row.last_edited_by) {
      throw new DomainError(
        'NEWSLETTER_OWN_CLEARANCE',
        `Another editor must ${verb} this issue: you wrote or last edited it`,
      );
    }
  }

  private async statusChanged(
    m: EntityManager,
    id: string,
    title: string,
    status: NewsletterStatus,
    action: NewsletterHistoryEntry['action'],
    actorId: string | null,
  ): Promise<void> {
    await this.notifications.publish(m, 'newsletter.status.changed', [rooms.role('editor')], {
      id,
      title,
      status,
      action,
      actorId,
    });
  }

  private record(
    m: EntityManager,
    actorId: string | null,
    action: string,
    id: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(m, {
      actorId,
      action,
      targetType: 'newsletter',
      targetId: id,
      detail,
    });
  }

  private async row(m: EntityManager, id: string, lock = false): Promise<Row | undefined> {
    const [row] = await m.query<Row[]>(
      `SELECT ${COLUMNS}, n.body, n.html FROM newsletters n JOIN users a ON a.id = n.author_id
        WHERE n.id = $1 ${lock ? 'FOR UPDATE OF n' : ''}`,
      [id],
    );
    return row;
  }

  private async lock(m: EntityManager, id: string): Promise<Row> {
    const row = await this.row(m, id, true);
    if (!row) throw notFound();
    return row;
  }

  private async history(id: string): Promise<NewsletterHistoryEntry[]> {
    const rows = await this.dataSource.query<
      Array<{
        action: string;
        actor_id: string | null;
        name: string | null;
        detail: Record<string, unknown>;
        at: Date;
      }>
    >(
      `SELECT l.action, l.actor_id, u.name, l.detail, l.at FROM audit_log l
         LEFT JOIN users u ON u.id = l.actor_id
        WHERE l.target_type = 'newsletter' AND l.target_id = $1 AND l.action = ANY($2)
        ORDER BY l.id`,
      [id, Object.keys(ACTIONS)],
    );
    return rows.map((r) => ({
      action: ACTIONS[r.action],
      actorId: r.actor_id,
      actorName: r.name,
      comment: typeof r.detail.comment === 'string' ? r.detail.comment : null,
      at: r.at.toISOString(),
    }));
  }

  private async delivery(id: string): Promise<NewsletterDelivery> {
    const rows = await this.dataSource.query<Array<{ status: string; n: number }>>(
      `SELECT status, count(*)::int AS n FROM mail_outbox WHERE newsletter_id = $1 GROUP BY 1`,
      [id],
    );
    const of = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
    return {
      recipients: rows.reduce((a, r) => a + r.n, 0),
      sent: of('sent'),
      pending: of('pending'),
      failed: of('failed'),
      held: of('held'),
    };
  }

  /** The mail outbox's composer for newsletter copies. */
  private async compose(rows: ComposedRow[]): Promise<Map<string, OutgoingMail>> {
    const out = new Map<string, OutgoingMail>();
    for (const row of rows) {
      const issue = await this.issueForMail(row.newsletterId);
      if (!issue) continue;
      out.set(
        row.id,
        newsletterMail(issue, row.to, {
          publicUrl: this.config.publicUrl,
          token: unsubscribeToken(this.keys.for('unsubscribe'), row.userId),
        }),
      );
    }
    return out;
  }

  private issueForMail(id: string): Promise<IssueForMail | null> {
    let cached = this.issueCache.get(id);
    if (!cached) {
      cached = this.dataSource
        .query<IssueForMail[]>(
          `SELECT id, title, summary, body, html FROM newsletters
            WHERE id = $1 AND status = 'published'`,
          [id],
        )
        .then((rows) => rows[0] ?? null);
      cached.then(
        (issue) => !issue && this.issueCache.delete(id),
        () => this.issueCache.delete(id),
      );
      if (this.issueCache.size >= 32) this.issueCache.delete(this.issueCache.keys().next().value!);
      this.issueCache.set(id, cached);
    }
    return cached;
  }
}

function invalidAt(message: string): never {
  throw invalid('at', message);
}

/** `j.smith@example.org` → `j•••h@example.org`: enough to recognise, not to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const shown = local.length <= 2 ? local[0] : `${local[0]}•••${local[local.length - 1]}`;
  return `${shown}@${email.slice(at + 1)}`;
}
