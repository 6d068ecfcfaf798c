import { EVENT_KINDS, type EventKind } from '@contracts';
import type { EventListKey } from '@web/lib/query-keys';

/** The events page's state, as kept in its query string (`?when=past&topic=a&kind=seminar`). */
export interface EventsSearch {
  when: 'upcoming' | 'past';
  topic: string[];
  kind: EventKind[];
  /** Only the events I registered for (members). */
  mine: boolean;
}

/** More topics than this are ignored (a hand-made URL, not a person). */
const MAX_TOPICS = 50;

const isKind = (value: string): value is EventKind =>
  (EVENT_KINDS as readonly string[]).includes(value);

function listParam(params: URLSearchParams, name: string): string[] {
  return [
    ...new Set(
      params
        .getAll(name)
        .flatMap((value) => value.split(','))
        .map((value) => value.trim())
        .filter((value) => value.length > 0 && value.length <= 100),
    ),
  ];
}

export function parseEventsSearch(params: URLSearchParams): EventsSearch {
  return {
    when: params.get('when') === 'past' ? 'past' : 'upcoming',
    topic: listParam(params, 'topic').slice(0, MAX_TOPICS),
    kind: listParam(params, 'kind').filter(isKind),
    mine: params.get('mine') === 'true',
  };
}

export function eventsSearchParams(search: EventsSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.when === 'past') params.set('when', 'past');
  for (const topic of search.topic) params.append('topic', topic);
  for (const kind of search.kind) params.append('kind', kind);
  if (search.mine) params.set('mine', 'true');
  return params;
}

export function eventsSearchHref(search: EventsSearch): string {
  const query = eventsSearchParams(search).toString();
  return query ? `/events?${query}` : '/events';
}

/** How many filters are on (topics, kinds, "mine"). */
export function activeFilterCount(search: EventsSearch): number {
  return search.topic.length + search.kind.length + (search.mine ? 1 : 0);
}

/** The list's key: the same results whatever order the filters were chosen in. */
export function eventsListKey(search: EventsSearch, signedIn: boolean): EventListKey {
  return {
    when: search.when,
    topic: [...search.topic].sort(),
    kind: [...search.kind].sort(),
    mine: signedIn && search.mine,
  };
}
