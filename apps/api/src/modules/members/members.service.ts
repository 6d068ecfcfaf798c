import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { rooms, type MemberProfile, type MembersPage } from '@contracts';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { cursorError, decodeCursor, encodeCursor } from '@api/common/pagination';
import { VersionedCache } from '@api/common/versioned-cache';
import { APP_CONFIG, type AppConfig } from '@api/config/app-config';
import { readDataVersion } from '@api/database/data-versions';
import { NotificationsService } from '../notifications/notifications.service';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { UserEntity } from '../users/user.entity';
import type { MembersQuery, UpdateProfileDto } from './dto/members.dto';
import { isValidOrcid } from './orcid';
import { ANY_MEMBER, toMemberProfile, type ProfileRow, type Viewer } from './dto/member.response';
import {
  ALL_FACET_CODES,
  browseFacets,
  directorySearch,
  PROFILE_COLUMNS,
  sortKind,
  toPrefixQuery,
  type DirectoryResult,
  type DirectorySearch,
  type MemberSearchParams,
} from './member-search.sql';
import { toVCard } from './vcard';

export function viewerOf(user: AuthUser): Viewer {
  return { id: user.id, isAdmin: user.roles.includes('admin') };
}

/**
 * The member directory: search with facets, profiles with per-field privacy, edits.
 *
 * Search answers (rows as stored, before each viewer's visibility is applied) are cached per
 * instance against the 'directory' counter of `data_versions`, which a trigger bumps whenever
 * a transaction that changes a listed member commits: one small read per search tells whether
 * a cached answer is still exactly what the database would give, on any instance.
 */
@Injectable()
export class MembersService implements OnModuleInit {
  private readonly answers: VersionedCache<DirectoryResult>;
  private readonly facetCodes: VersionedCache<unknown[]>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.answers = new VersionedCache(config.directoryCacheSize);
    this.facetCodes = new VersionedCache(Math.min(1, config.directoryCacheSize));
  }

  /**
   * Replayed profile events (`GET /notifications?after=`) show each member as members may see
   * them now: a phone number hidden since, or a member who has left, is not given away.
   */
  onModuleInit(): void {
    this.notifications.refreshOnReplay('member.updated', async (payloads) => {
      const now = await this.currentRows(payloads.map((p) => p.member.id));
      return payloads.map((p) => {
        const row = now.get(p.member.id);
        return row ? { member: toMemberProfile(row, ANY_MEMBER) } : null;
      });
    });
    this.notifications.refreshOnReplay('member.approved', async (payloads) => {
      const now = await this.currentRows(payloads.map((p) => p.userId));
      return payloads.map((p) => {
        const row = now.get(p.userId);
        return row
          ? {
              ...p,
              name: row.name,
              organisation: row.organisation,
              sector: row.sector,
              country: row.country,
            }
          : null;
      });
    });
  }

  private async currentRows(ids: string[]): Promise<Map<string, ProfileRow>> {
    const rows = await this.dataSource.query<ProfileRow[]>(
      `SELECT ${PROFILE_COLUMNS} FROM users u WHERE u.id = ANY($1::uuid[]) AND u.status = 'approved'`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  async search(viewer: Viewer, query: MembersQuery): Promise<MembersPage> {
    await this.taxonomy.assertTopics(query.expertise, 'expertise');
    const hasText = !!(query.q && toPrefixQuery(query.q));
    const sort = query.sort ?? (hasText ? 'relevance' : 'name');
    const params: MemberSearchParams = {
      q: query.q?.trim() || undefined,
      sector: query.sector,
      expertise: query.expertise,
      country: query.country,
      level: query.level,
      sort,
      limit: query.limit,
      after: this.decodeAfter(query.cursor, sort === 'relevance' && hasText ? 'relevance' : 'name'),
    };
    // No version (the row is gone): nothing is cached.
    const version = this.answers.enabled
      ? await readDataVersion(this.dataSource, 'directory')
      : null;
    const compute = hasText
      ? () => this.run(directorySearch(params))
      : () => this.browse(params, version);
    const result = (await this.answers.get(
      version,
      searchKey(params),
      compute,
    )) as Required<DirectoryResult>;
    const { facets, total } = result;
    const rows = result.rows as unknown as Array<ProfileRow & { sort_key: string | number }>;
    const more = rows.length > query.limit;
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => toMemberProfile(r, viewer)),
      nextCursor:
        more && last ? encodeCursor([sortKind(params), String(last.sort_key), last.id]) : null,
      facets,
      total,
    };
  }

  /**
   * A browse without words: its page, and its counts from every member's packed facets, which
   * are read once per directory version and shared by all filters.
   */
  private async browse(params: MemberSearchParams, version: number | null) {
    const [page, all] = await Promise.all([
      this.run(directorySearch(params, { facets: false })),
      this.facetCodes.get(version, 'all', () =>
        this.dataSource.query<unknown[]>(ALL_FACET_CODES.text),
      ),
    ]);
    return { rows: page.rows, ...browseFacets(all, params) };
  }

  /** Runs a search's statements in parallel and reads their rows. */
  private async run(search: DirectorySearch) {
    const results = await Promise.all(
      search.queries.map((q) => this.dataSource.query<unknown[]>(q.text, q.values)),
    );
    return search.read(results);
  }

  async get(viewer: Viewer, id: string): Promise<MemberProfile> {
    return toMemberProfile(await this.row(id), viewer);
  }

  async vcard(viewer: Viewer, id: string): Promise<{ name: string; body: string }> {
    const row = await this.row(id);
    const topics = await this.taxonomy.get();
    const labels = new Map(topics.topics.map((t) => [t.id, t.label]));
    const profile = toMemberProfile(row, viewer);
    return {
      name: row.name,
      body: toVCard(profile, (topic) => labels.get(topic) ?? topic),
    };
  }

  /** Edits the caller's own profile and tells open directory pages (what members may see). */
  async update(user: AuthUser, dto: UpdateProfileDto): Promise<MemberProfile> {
    await this.taxonomy.assertTopics(dto.expertise, 'expertise');
    if (dto.orcid && !isValidOrcid(dto.orcid)) {
      throw new DomainError('VALIDATION_FAILED', 'orcid: the check digit does not match', [
        { field: 'orcid', message: 'the check digit does not match; check the iD' },
      ]);
    }
    const row = await this.dataSource.transaction(async (m) => {
      const current = await m
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .setLock('pessimistic_write')
        .where(`u.id = :id AND u.status = 'approved'`, { id: user.id })
        .getOne();
      if (!current) throw new DomainError('MEMBER_NOT_FOUND', 'No such member');
      const { visibility, ...fields } = dto;
      const changes: Partial<UserEntity> = {};
      for (const [key, value] of Object.entries(fields)) {
        if (value !== undefined) (changes as Record<string, unknown>)[key] = value;
      }
      if (visibility) changes.visibility = { ...current.visibility, ...stripUndefined(visibility) };
      if (Object.keys(changes).length > 0) {
        await m.update(UserEntity, { id: user.id }, changes);
      }
      const [fresh] = await m.query<ProfileRow[]>(
        `SELECT ${PROFILE_COLUMNS} FROM users u WHERE u.id = $1`,
        [user.id],
      );
      await this.notifications.publish(m, 'member.updated', [rooms.members], {
        member: toMemberProfile(fresh, ANY_MEMBER),
      });
      return fresh;
    });
    return toMemberProfile(row, { id: user.id, isAdmin: user.roles.includes('admin') });
  }

  private async row(id: string): Promise<ProfileRow> {
    const [row] = await this.dataSource.query<ProfileRow[]>(
      `SELECT ${PROFILE_COLUMNS} FROM users u WHERE u.id = $1 AND u.status = 'approved'`,
      [id],
    );
    if (!row) throw new DomainError('MEMBER_NOT_FOUND', 'No such member');
    return row;
  }

  private decodeAfter(
    cursor: string | undefined,
    kind: 'relevance' | 'name',
  ): [string, string] | null {
    const key = decodeCursor<[string, string, string]>(cursor, ['string', 'string', 'uuid']);
    if (!key) return null;
    if (key[0] !== kind) throw cursorError();
    if (kind === 'relevance' && !Number.isFinite(Number(key[1]))) throw cursorError();
    return [key[1], key[2]];
  }
}

/** A search's cache key: what its statements depend on, lists in a canonical order. */
function searchKey(p: MemberSearchParams): string {
  const list = (v?: string[]) => (v?.length ? [...new Set(v)].sort() : null);
  return JSON.stringify([
    p.q?.toLowerCase() ?? null,
    list(p.sector),
    list(p.expertise),
    list(p.country),
    list(p.level),
    p.sort,
    p.limit,
    p.after ?? null,
  ]);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
