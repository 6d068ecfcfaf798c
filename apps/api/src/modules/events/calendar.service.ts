import { Inject, Injectable } from '@nestjs/common';
import type { CalendarFeed } from '@contracts';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DataSource } from 'typeorm';
import { DomainError } from '@api/common/domain-error';
import { hashToken, newSecretToken } from '@api/common/secret-token';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import {
  EVENT_COLUMNS,
  EventsRepository,
  MY_REGISTRATION,
  MY_REGISTRATION_JOIN,
  mayManage,
  viewerWithRoles,
  type EventRow,
  type Viewer,
} from './events.repository';

/** iCalendar (RFC 5545) for one event and for a member's personal, revocable feed. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: EventsRepository,
  ) {}

  async eventIcs(viewer: Viewer | null, id: string): Promise<{ ics: string; title: string }> {
    const row = await this.repo.find(id, viewer);
    if (!row) throw new DomainError('EVENT_NOT_FOUND', 'No such event');
    return { ics: this.render(`OCVRN: ${row.title}`, [row], viewer), title: row.title };
  }

  /** The events the feed's owner registered for, from a year back; cancelled ones marked so. */
  async feedIcs(token: string): Promise<string> {
    const [owner] = await this.dataSource.query<{ user_id: string; roles: string[] }[]>(
      `SELECT f.user_id, u.roles FROM calendar_feeds f JOIN users u ON u.id = f.user_id
        WHERE f.token_hash = $1 AND u.status = 'approved'`,
      [hashToken(token)],
    );
    if (!owner) throw new DomainError('FEED_TOKEN_INVALID', 'No calendar feed has this token');
    const viewer: Viewer = viewerWithRoles(owner.user_id, owner.roles);
    const rows = await this.dataSource.query<EventRow[]>(
      `SELECT ${EVENT_COLUMNS}, ${MY_REGISTRATION}
         FROM events e JOIN users o ON o.id = e.organiser_id ${MY_REGISTRATION_JOIN('$1')}
        WHERE r.user_id IS NOT NULL AND e.ends_at > now() - interval '1 year'
        ORDER BY e.starts_at LIMIT 1000`,
      [viewer.id],
    );
    return this.render('OCVRN events', rows, viewer);
  }

  async feed(userId: string): Promise<CalendarFeed> {
    const [row] = await this.dataSource.query<{ created_at: Date }[]>(
      `SELECT created_at FROM calendar_feeds WHERE user_id = $1`,
      [userId],
    );
    return { active: !!row, createdAt: row?.created_at.toISOString() ?? null };
  }

  /** A new secret feed URL, replacing any earlier one (which stops working at once). */
  async createFeed(userId: string): Promise<CalendarFeed> {
    const token = newSecretToken();
    const [row] = await this.dataSource.query<{ created_at: Date }[]>(
      `INSERT INTO calendar_feeds (user_id, token_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()
       RETURNING created_at`,
      [userId, hashToken(token)],
    );
    return {
      active: true,
      url: `${this.config.publicUrl}/api/events/feed.ics?token=${token}`,
      createdAt: row.created_at.toISOString(),
    };
  }

  async revokeFeed(userId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM calendar_feeds WHERE user_id = $1`, [userId]);
  }

  private render(name: string, rows: EventRow[], viewer: Viewer | null): string {
    const calendar = ical({
      name,
      prodId: { company: 'OCVRN', product: 'events', language: 'EN' },
      method: ICalCalendarMethod.PUBLISH,
      ttl: 60 * 60,
    });
    for (const row of rows) {
      const attending = mayManage(row, viewer) || row.my_status === 'confirmed';
      const link = `${this.config.publicUrl}/events/${row.id}`;
      const description = [
        row.description,
        attending && row.online_url ? `Join online: ${row.online_url}` : null,
        row.status === 'cancelled' ? `Cancelled: ${row.cancel_reason ?? ''}` : null,
        link,
      ]
        .filter((part): part is string => !!part)
        .join('\n\n');
      calendar.createEvent({
        id: `${row.id}@ocvrn`,
        sequence: row.sequence,
        start: row.starts_at,
        end: row.ends_at,
        stamp: row.updated_at,
        summary: row.status === 'cancelled' ? `Cancelled: ${row.title}` : row.title,
        description,
        location: row.venue ?? (attending ? row.online_url : null) ?? null,
        url: link,
        status:
          row.status === 'cancelled'
            ? ICalEventStatus.CANCELLED
            : row.my_status === 'waitlisted'
              ? ICalEventStatus.TENTATIVE
              : ICalEventStatus.CONFIRMED,
        timezone: null,
      });
    }
    return calendar.toString();
  }
}
