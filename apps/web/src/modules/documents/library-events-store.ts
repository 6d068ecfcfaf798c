import { useSyncExternalStore } from 'react';
import type { DocumentPublishedPayload } from '@contracts';
import { authStore } from '@web/lib/auth-store';

/**
 * What the library's pages learn live, beyond the query cache: documents published while a
 * library search is on screen (its "new in the library" notice), and documents removed (their
 * page says so instead of going blank).
 */
export interface LibraryEventsState {
  /** Newest first. */
  arrivals: readonly DocumentPublishedPayload[];
  removed: ReadonlySet<string>;
}

const MAX_ARRIVALS = 20;

let state: LibraryEventsState = { arrivals: [], removed: new Set() };
let searchOpen = 0;
let owner: string | null = authStore.getState().user?.id ?? null;
const listeners = new Set<() => void>();

function set(next: LibraryEventsState): void {
  state = next;
  for (const listener of listeners) listener();
}

// Another user in this tab (sign-out, then sign-in) starts from nothing.
authStore.subscribe(() => {
  const id = authStore.getState().user?.id ?? null;
  if (id === owner) return;
  owner = id;
  set({ arrivals: [], removed: new Set() });
});

export const libraryEventsStore = {
  getState: (): LibraryEventsState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** A document entered the library: noted only while a library search is on screen. */
  published(document: DocumentPublishedPayload): void {
    if (searchOpen === 0 || state.arrivals.some((item) => item.id === document.id)) return;
    const removed = new Set(state.removed);
    removed.delete(document.id);
    set({ arrivals: [document, ...state.arrivals].slice(0, MAX_ARRIVALS), removed });
  },
  removed(id: string): void {
    if (state.removed.has(id)) return;
    set({
      arrivals: state.arrivals.filter((item) => item.id !== id),
      removed: new Set([...state.removed, id]),
    });
  },
  dismissArrivals(): void {
    if (state.arrivals.length > 0) set({ ...state, arrivals: [] });
  },
  /** The library search is on screen. Returns the undo (which forgets the arrivals). */
  openSearch(): () => void {
    searchOpen += 1;
    return () => {
      searchOpen -= 1;
      if (searchOpen === 0) libraryEventsStore.dismissArrivals();
    };
  },
  isSearchOpen: (): boolean => searchOpen > 0,
};

export function useLibraryEvents(): LibraryEventsState {
  return useSyncExternalStore(libraryEventsStore.subscribe, libraryEventsStore.getState);
}
