import type { MemberListKey } from '@web/lib/query-keys';

export const FACET_NAMES = ['sector', 'expertise', 'country', 'level'] as const;
export type FacetName = (typeof FACET_NAMES)[number];

export const MEMBER_SORTS = ['relevance', 'name'] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];

/** The directory's state, as kept in the page's query string. */
export interface MemberSearch {
  q: string;
  sector: string[];
  expertise: string[];
  country: string[];
  level: string[];
  /** Chosen by the user; `null` means the default for the query. */
  sort: MemberSort | null;
}

/** More values than this in one filter are ignored (a hand-made URL, not a person). */
const MAX_VALUES = 50;

function values(params: URLSearchParams, name: FacetName): string[] {
  const found = params
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value.length > 0 && value.length <= 100)
    .map((value) => (name === 'country' ? value.toUpperCase() : value));
  return [...new Set(found)].slice(0, MAX_VALUES);
}

export function parseMemberSearch(params: URLSearchParams): MemberSearch {
  const sort = params.get('sort');
  return {
    q: (params.get('q') ?? '').trim(),
    sector: values(params, 'sector'),
    expertise: values(params, 'expertise'),
    country: values(params, 'country'),
    level: values(params, 'level'),
    sort: MEMBER_SORTS.find((value) => value === sort) ?? null,
  };
}

/** The order results come in: relevance when searching for words, else by name. */
export function effectiveSort(search: MemberSearch): MemberSort {
  return search.sort ?? (search.q ? 'relevance' : 'name');
}

/** The query string for a search: filters as repeated parameters, sort only when not the default. */
export function memberSearchParams(search: MemberSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.q) params.set('q', search.q);
  for (const name of FACET_NAMES) {
    for (const value of search[name]) params.append(name, value);
  }
  const defaultSort: MemberSort = search.q ? 'relevance' : 'name';
  if (search.sort && search.sort !== defaultSort) params.set('sort', search.sort);
  return params;
}

export function memberSearchHref(search: MemberSearch): string {
  const query = memberSearchParams(search).toString();
  return query ? `/members?${query}` : '/members';
}

export function activeFilterCount(search: MemberSearch): number {
  return FACET_NAMES.reduce((total, name) => total + search[name].length, 0);
}

export function withoutFilters(search: MemberSearch): MemberSearch {
  return { ...search, sector: [], expertise: [], country: [], level: [] };
}

const sorted = (list: readonly string[]) => [...list].sort();

/** The query key of a search: the same results whatever order the filters were chosen in. */
export function memberListKey(search: MemberSearch): MemberListKey {
  return {
    q: search.q,
    sector: sorted(search.sector),
    expertise: sorted(search.expertise),
    country: sorted(search.country),
    level: sorted(search.level),
    sort: effectiveSort(search),
  };
}
