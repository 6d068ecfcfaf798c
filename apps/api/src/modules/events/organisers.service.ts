import { Injectable } from '@nestjs/common';
import { rooms, type EventOrganisersList, type NetworkEvent } from '@contracts';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { EventsService } from './events.service';
import { assertManages, EventsRepository, viewerWithRoles } from './events.repository';

interface OrganiserRow {
  id: string;
  name: string;
  organisation: string;
  creator: boolean;
  added_at: Date;
}

interface CandidateRow {
  id: string;
  name: string;
  status: string;
  roles: string[];
}

function memberIdsError(message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `memberIds: ${message}`, [
    { field: 'memberIds', message },
  ]);
}

/**
 * Who runs an event: its creator and the co-organisers they (or another organiser, or an
 * admin) add. A co-organiser must be an approved member holding the editor role when added:
 * the role whose holders must have a second factor, as those who read attendees' details and
 * mail everyone registered should.
 */
@Injectable()
export class OrganisersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: EventsRepository,
    private readonly events: EventsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, id: string): Promise<EventOrganisersList> {
    const event = await this.repo.find(id, viewerWithRoles(user.id, user.roles));
    if (!event) throw new DomainError('EVENT_NOT_FOUND', 'No such event');
    const rows = await this.dataSource.query<OrganiserRow[]>(
      `SELECT u.id, u.name, u.organisation, eo.user_id = e.organiser_id AS creator, eo.added_at
         FROM event_organisers eo JOIN users u ON u.id = eo.user_id JOIN events e ON e.id = eo.event_id
        WHERE eo.event_id = $1
        ORDER BY eo.user_id <> e.organiser_id, eo.added_at, u.name, u.id`,
      [id],
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        organisation: r.organisation,
        creator: r.creator,
        addedAt: r.added_at.toISOString(),
      })),
    };
  }

  /**
   * Makes `memberIds` the event's co-organisers, in that order for those added. The event's row
   * lock orders parallel changes, so each applies whole to what the one before left.
   */
  async set(actor: AuthUser, id: string, memberIds: string[]): Promise<NetworkEvent> {
    const viewer = viewerWithRoles(actor.id, actor.roles);
    await this.dataSource.transaction(async (m) => {
      const row = await this.repo.findForChange(id, viewer, m);
      if (!row) throw new DomainError('EVENT_NOT_FOUND', 'No such event');
      assertManages(row, viewer, 'change its organisers');
      if (row.status === 'cancelled') {
        throw new DomainError('EVENT_CANCELLED', 'A cancelled event cannot be changed');
      }
      if (memberIds.includes(row.organiser_id)) {
        throw memberIdsError(
          `${row.organiser_name} created the event and is always an organiser: list only co-organisers`,
        );
      }
      const current = row.organisers.map((o) => o.id).filter((o) => o !== row.organiser_id);
      const added = memberIds.filter((o) => !current.includes(o));
      const removed = current.filter((o) => !memberIds.includes(o));
      if (added.length > 0) {
        const found = await m.query<CandidateRow[]>(
          `SELECT id, name, status, roles FROM users WHERE id = ANY($1::uuid[])`,
          [added],
        );
        const byId = new Map(found.map((u) => [u.id, u]));
        for (const memberId of added) {
          const candidate = byId.get(memberId);
          if (!candidate || candidate.status !== 'approved') {
            throw memberIdsError(`${memberId} is not a member of the network`);
          }
          if (!candidate.roles.includes('editor')) {
            throw memberIdsError(
              `${candidate.name} does not hold the editor role, which organisers need: an admin can grant it`,
            );
          }
        }
      }
      if (added.length === 0 && removed.length === 0) return;
      if (removed.length > 0) {
        await m.query(
          `DELETE FROM event_organisers WHERE event_id = $1 AND user_id = ANY($2::uuid[])`,
          [id, removed],
        );
      }
      if (added.length > 0) {
        // clock_timestamp() per row: those added together keep the order they were listed in.
        await m.query(
          `INSERT INTO event_organisers (event_id, user_id, added_by, added_at)
           SELECT $1, a.user_id, $3, clock_timestamp()
             FROM unnest($2::uuid[]) WITH ORDINALITY AS a(user_id, n) ORDER BY a.n`,
          [id, added, actor.id],
        );
      }
      await m.query(`UPDATE events SET updated_at = now() WHERE id = $1`, [id]);
      await this.notifications.publish(m, 'event.updated', [rooms.members], {
        id,
        title: row.title,
        status: row.status,
        startsAt: row.starts_at.toISOString(),
        endsAt: row.ends_at.toISOString(),
      });
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'event.organisers.changed',
        targetType: 'event',
        targetId: id,
        detail: { title: row.title, added, removed, coOrganisers: memberIds },
      });
    });
    return this.events.get(viewer, id);
  }
}
