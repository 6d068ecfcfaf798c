import { DOCUMENT_TYPES, type DocumentType } from '@contracts';
import type { DocumentListKey } from '@web/lib/query-keys';

export const LIBRARY_SORTS = ['relevance', 'newest'] as const;
export type LibrarySort = (typeof LIBRARY_SORTS)[number];

/** The library search's state, as kept in the page's query string. */
export interface LibrarySearch {
  q: string;
  topic: string[];
  crimeType: string[];
  type: DocumentType[];
  yearFrom: number | null;
  yearTo: number | null;
  /** Chosen by the user; `null` means the default for the query. */
  sort: LibrarySort | null;
}

export const EMPTY_SEARCH: LibrarySearch = {
  q: '',
  topic: [],
  crimeType: [],
  type: [],
  yearFrom: null,
  yearTo: null,
  sort: null,
};

/** More values than this in one filter are ignored (a hand-made URL, not a person). */
const MAX_VALUES = 50;
export const MIN_YEAR = 1000;
export const MAX_YEAR = 9999;

function values(params: URLSearchParams, name: string): string[] {
  const found = params
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value.length > 0 && value.length <= 100);
  return [...new Set(found)].slice(0, MAX_VALUES);
}

export function parseYear(value: string | null): number | null {
  if (value === null || !/^\s*\d{4}\s*$/.test(value)) return null;
  const year = Number(value);
  return year >= MIN_YEAR && year <= MAX_YEAR ? year : null;
}

export function parseLibrarySearch(params: URLSearchParams): LibrarySearch {
  const sort = params.get('sort');
  return {
    q: (params.get('q') ?? '').trim().slice(0, 200),
    topic: values(params, 'topic'),
    crimeType: values(params, 'crimeType'),
    type: values(params, 'type').filter((value): value is DocumentType =>
      (DOCUMENT_TYPES as readonly string[]).includes(value),
    ),
    yearFrom: parseYear(params.get('yearFrom')),
    yearTo: parseYear(params.get('yearTo')),
    sort: LIBRARY_SORTS.find((value) => value === sort) ?? null,
  };
}

/** The order results come in: relevance when searching for words, else newest first. */
export function effectiveSort(search: LibrarySearch): LibrarySort {
  return search.sort ?? (search.q ? 'relevance' : 'newest');
}

export function librarySearchParams(search: LibrarySearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.q) params.set('q', search.q);
  for (const topic of search.topic) params.append('topic', topic);
  for (const crimeType of search.crimeType) params.append('crimeType', crimeType);
  for (const type of search.type) params.append('type', type);
  if (search.yearFrom !== null) params.set('yearFrom', String(search.yearFrom));
  if (search.yearTo !== null) params.set('yearTo', String(search.yearTo));
  const defaultSort: LibrarySort = search.q ? 'relevance' : 'newest';
  if (search.sort && search.sort !== defaultSort) params.set('sort', search.sort);
  return params;
}

export function librarySearchHref(search: LibrarySearch): string {
  const query = librarySearchParams(search).toString();
  return query ? `/library?${query}` : '/library';
}

export function activeFilterCount(search: LibrarySearch): number {
  return (
    search.topic.length +
    search.crimeType.length +
    search.type.length +
    (search.yearFrom !== null ? 1 : 0) +
    (search.yearTo !== null ? 1 : 0)
  );
}

export function withoutFilters(search: LibrarySearch): LibrarySearch {
  return { ...search, topic: [], crimeType: [], type: [], yearFrom: null, yearTo: null };
}

const sorted = <T extends string>(list: readonly T[]) => [...list].sort();

/** The query key of a search: the same results whatever order the filters were chosen in. */
export function libraryListKey(search: LibrarySearch): DocumentListKey {
  return {
    q: search.q,
    topic: sorted(search.topic),
    crimeType: sorted(search.crimeType),
    type: sorted(search.type),
    yearFrom: search.yearFrom,
    yearTo: search.yearTo,
    sort: effectiveSort(search),
    status: null,
    mine: false,
  };
}

/** My uploads, newest first, in every status. */
export const MY_UPLOADS_KEY: DocumentListKey = {
  ...libraryListKey(EMPTY_SEARCH),
  mine: true,
};

/** A moderator's list of one status (the queue is `quarantined`). */
export function moderationListKey(status: 'quarantined' | 'rejected'): DocumentListKey {
  return { ...libraryListKey(EMPTY_SEARCH), status };
}
