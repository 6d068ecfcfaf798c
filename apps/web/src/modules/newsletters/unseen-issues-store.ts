import { useSyncExternalStore } from 'react';
import { authStore } from '@web/lib/auth-store';

/**
 * Issues published (live, or while this tab was away) since the archive was last looked at:
 * the count on the header's "Newsletter" link. Visiting the archive clears it; while the
 * archive is on screen new issues appear in it directly and are not counted.
 */
let unseen: ReadonlySet<string> = new Set();
let archiveOpen = 0;
let owner: string | null = authStore.getState().user?.id ?? null;
const listeners = new Set<() => void>();

function set(next: ReadonlySet<string>): void {
  unseen = next;
  for (const listener of listeners) listener();
}

// Another user in this tab (sign-out, then sign-in) starts from nothing.
authStore.subscribe(() => {
  const id = authStore.getState().user?.id ?? null;
  if (id === owner) return;
  owner = id;
  if (unseen.size > 0) set(new Set());
});

export const unseenIssuesStore = {
  count: (): number => unseen.size,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** A newly published issue (the realtime client has already de-duplicated the event). */
  add(id: string): void {
    if (archiveOpen > 0 || unseen.has(id)) return;
    set(new Set([...unseen, id]));
  },
  /** The archive page is on screen: everything is seen until it goes. Returns the undo. */
  openArchive(): () => void {
    archiveOpen += 1;
    if (unseen.size > 0) set(new Set());
    return () => {
      archiveOpen -= 1;
    };
  },
};

export function useUnseenIssues(): number {
  return useSyncExternalStore(unseenIssuesStore.subscribe, unseenIssuesStore.count);
}
