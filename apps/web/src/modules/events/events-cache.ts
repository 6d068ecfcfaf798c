import type { InfiniteData } from '@tanstack/react-query';
import type { EventRegistrationChangedPayload, EventsPage, NetworkEvent } from '@contracts';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';

export type EventPages = InfiniteData<EventsPage, string | null>;
/** A list query's data: pages of a list, or one month's events. */
type ListData = EventPages | NetworkEvent[];

function isPages(data: ListData): data is EventPages {
  return !Array.isArray(data);
}

/** Applies `change` to every copy of an event in the cached lists and months. */
function patchInLists(id: string, change: (event: NetworkEvent) => NetworkEvent): void {
  queryClient.setQueriesData<ListData>({ queryKey: queryKeys.eventListsAll }, (old) => {
    if (!old) return old;
    if (!isPages(old)) {
      return old.some((event) => event.id === id)
        ? old.map((event) => (event.id === id ? change(event) : event))
        : old;
    }
    let changed = false;
    const pages = old.pages.map((page) => {
      if (!page.items.some((event) => event.id === id)) return page;
      changed = true;
      return {
        ...page,
        items: page.items.map((event) => (event.id === id ? change(event) : event)),
      };
    });
    return changed ? { ...old, pages } : old;
  });
}

/**
 * Keeps an event the API just answered with (an edit, a registration's answer), over what was
 * cached: fields an answer may leave out (my registration, the online link) stay until the
 * next fetch.
 */
export function storeEvent(event: NetworkEvent): void {
  queryClient.setQueryData<NetworkEvent>(queryKeys.event(event.id), (old) =>
    old ? { ...old, ...event } : event,
  );
}

/** Lists and months after an event was created, changed, cancelled or registered for. */
export function refreshEventLists(): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: queryKeys.eventListsAll });
}

/**
 * The seats and waitlist of an event, as a realtime event gives them, put in place wherever it
 * is cached (its page, lists, months), so every open page shows them without a fetch.
 */
export function patchEventCounts(counts: EventRegistrationChangedPayload): void {
  const change = (event: NetworkEvent): NetworkEvent => ({
    ...event,
    capacity: counts.capacity,
    seatsTaken: counts.seatsTaken,
    seatsLeft: counts.seatsLeft,
    waitlistLength: counts.waitlistLength,
  });
  queryClient.setQueryData<NetworkEvent>(queryKeys.event(counts.id), (old) =>
    old ? change(old) : old,
  );
  patchInLists(counts.id, change);
}

/** The cached copy of an event (its page, or any list), if any. */
export function findCachedEvent(id: string): NetworkEvent | undefined {
  const own = queryClient.getQueryData<NetworkEvent>(queryKeys.event(id));
  if (own) return own;
  for (const [, data] of queryClient.getQueriesData<ListData>({
    queryKey: queryKeys.eventListsAll,
  })) {
    if (!data) continue;
    const items = isPages(data) ? data.pages.flatMap((page) => page.items) : data;
    const found = items.find((event) => event.id === id);
    if (found) return found;
  }
  return undefined;
}
