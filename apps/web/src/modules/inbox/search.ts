import { CONTACT_CATEGORIES, THREAD_STATUSES, type ThreadStatus } from '@contracts';
import type { InboxListKey } from '@web/lib/query-keys';

/** What the inbox shows until someone filters: everything that is not closed. */
export const DEFAULT_STATUSES: readonly ThreadStatus[] = ['new', 'open', 'waiting'];

/** `?status=all` in the URL: every status, closed ones too. */
const ALL = 'all';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const DEFAULT_INBOX_SEARCH: InboxListKey = {
  status: DEFAULT_STATUSES,
  category: '',
  assignee: '',
  q: '',
  sort: 'oldest',
};

/** The inbox's filters as kept in the page's query string. */
export function parseInboxSearch(params: URLSearchParams): InboxListKey {
  const raw = params.getAll('status').flatMap((value) => value.split(','));
  let status: readonly ThreadStatus[];
  if (raw.length === 0) status = DEFAULT_STATUSES;
  else if (raw.includes(ALL)) status = [];
  else status = THREAD_STATUSES.filter((value) => raw.includes(value));
  if (raw.length > 0 && !raw.includes(ALL) && status.length === 0) status = DEFAULT_STATUSES;
  const category = params.get('category') ?? '';
  const assignee = params.get('assignee') ?? '';
  return {
    status,
    category: (CONTACT_CATEGORIES as readonly string[]).includes(category) ? category : '',
    assignee: assignee === 'me' || assignee === 'none' || UUID.test(assignee) ? assignee : '',
    q: (params.get('q') ?? '').trim().slice(0, 200),
    sort: params.get('sort') === 'newest' ? 'newest' : 'oldest',
  };
}

function sameStatuses(a: readonly ThreadStatus[], b: readonly ThreadStatus[]): boolean {
  return a.length === b.length && a.every((value) => b.includes(value));
}

export function inboxSearchParams(search: InboxListKey): URLSearchParams {
  const params = new URLSearchParams();
  if (search.status.length === 0 || sameStatuses(search.status, THREAD_STATUSES)) {
    params.set('status', ALL);
  } else if (!sameStatuses(search.status, DEFAULT_STATUSES)) {
    for (const status of search.status) params.append('status', status);
  }
  if (search.category) params.set('category', search.category);
  if (search.assignee) params.set('assignee', search.assignee);
  if (search.q) params.set('q', search.q);
  if (search.sort !== 'oldest') params.set('sort', search.sort);
  return params;
}

export function inboxSearchHref(search: InboxListKey): string {
  const query = inboxSearchParams(search).toString();
  return query ? `/inbox?${query}` : '/inbox';
}

/** The key a list is cached under: every status means no status filter. */
export function inboxListKey(search: InboxListKey): InboxListKey {
  const status = sameStatuses(search.status, THREAD_STATUSES) ? [] : search.status;
  return { ...search, status: THREAD_STATUSES.filter((value) => status.includes(value)) };
}

/** Whether the list shows less or more than the default (the order aside). */
export function isFiltered(search: InboxListKey): boolean {
  return (
    search.category !== '' ||
    search.assignee !== '' ||
    search.q !== '' ||
    !sameStatuses(search.status, DEFAULT_STATUSES)
  );
}
