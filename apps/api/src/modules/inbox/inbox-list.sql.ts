import { REFERENCE } from './contact-reference';
import { THREAD_COLUMNS } from './inbox.repository';
import { toPrefixQuery } from '../members/member-search.sql';
import { Params } from '@api/database/sql-params';

/** The filters of the officers' list, as `GET /api/inbox/threads` takes them. */
export interface InboxListFilter {
  status?: string[];
  category?: string[];
  assignee?: string;
  q?: string;
  sort?: 'oldest' | 'newest';
  limit: number;
}

export interface InboxListSql {
  page: string;
  pageParams: unknown[];
  count: string;
  countParams: unknown[];
}

/**
 * The two statements of one page of the shared inbox (the page, and the total with the average
 * time to first response), or null when the search has no words. Kept apart from the service so
 * the benchmark's bare handler runs exactly this SQL.
 */
export function inboxListSql(
  filter: InboxListFilter,
  actorId: string,
  after: [string, string] | null,
): InboxListSql | null {
  const sql = new Params();
  const p = (value: unknown) => sql.add(value);
  const params = sql.values;
  const where: string[] = [];
  if (filter.status?.length) where.push(`t.status = ANY(${p(filter.status)}::text[])`);
  if (filter.category?.length) where.push(`t.category = ANY(${p(filter.category)}::text[])`);
  if (filter.assignee === 'none') where.push('t.assignee_id IS NULL');
  else if (filter.assignee === 'me') where.push(`t.assignee_id = ${p(actorId)}`);
  else if (filter.assignee) where.push(`t.assignee_id = ${p(filter.assignee)}`);
  const q = filter.q?.trim() ?? '';
  if (REFERENCE.test(q.toUpperCase())) {
    where.push(`t.reference = ${p(q.toUpperCase())}`);
  } else if (q !== '') {
    const tsquery = toPrefixQuery(q);
    if (!tsquery) return null;
    where.push(`t.search_vector @@ to_tsquery('simple', ${p(tsquery)})`);
  }
  const filterSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const countParams = [...params];
  const newest = filter.sort === 'newest';
  const cursorSql = after
    ? `${where.length ? 'AND' : 'WHERE'} (t.created_at, t.id) ${newest ? '<' : '>'} (${p(after[0])}::timestamptz, ${p(after[1])}::uuid)`
    : '';
  const dir = newest ? 'DESC' : 'ASC';
  return {
    // The page's ids first (an index walk for the common orders), then its columns and
    // formatted sort keys for those rows only.
    page: `WITH page AS (
           SELECT t.id FROM inbox_threads t ${filterSql} ${cursorSql}
            ORDER BY t.created_at ${dir}, t.id ${dir}
            LIMIT ${p(filter.limit + 1)}
         )
         SELECT ${THREAD_COLUMNS},
              to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key
           FROM page JOIN inbox_threads t ON t.id = page.id
           LEFT JOIN users a ON a.id = t.assignee_id
          ORDER BY t.created_at ${dir}, t.id ${dir}`,
    pageParams: params,
    count: `SELECT count(*)::int AS total,
              round(avg(extract(epoch FROM t.first_response_at - t.created_at)))::int AS average
         FROM inbox_threads t ${filterSql}`,
    countParams,
  };
}
