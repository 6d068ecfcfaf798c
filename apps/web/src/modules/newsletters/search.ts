import type { NewsletterListKey } from '@web/lib/query-keys';

/** The archive's state, as kept in the page's query string (`?q=…&topic=a&topic=b`). */
export interface ArchiveSearch {
  q: string;
  topic: string[];
}

/** More topics than this are ignored (a hand-made URL, not a person). */
const MAX_TOPICS = 50;

export function parseArchiveSearch(params: URLSearchParams): ArchiveSearch {
  const topics = params
    .getAll('topic')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value.length > 0 && value.length <= 100);
  return {
    q: (params.get('q') ?? '').trim().slice(0, 200),
    topic: [...new Set(topics)].slice(0, MAX_TOPICS),
  };
}

export function archiveSearchParams(search: ArchiveSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.q) params.set('q', search.q);
  for (const topic of search.topic) params.append('topic', topic);
  return params;
}

/** The archive's list key: the same results whatever order the topics were chosen in. */
export function archiveListKey(search: ArchiveSearch): NewsletterListKey {
  return { q: search.q, topic: [...search.topic].sort(), status: 'published' };
}
