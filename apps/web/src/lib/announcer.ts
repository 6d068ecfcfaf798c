import { useSyncExternalStore } from 'react';

export interface Announcement {
  id: number;
  message: string;
}

let current: Announcement = { id: 0, message: '' };
const listeners = new Set<() => void>();

/** Says a message through the app's polite aria-live region. */
export function announce(message: string): void {
  current = { id: current.id + 1, message };
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useAnnouncement(): Announcement {
  return useSyncExternalStore(subscribe, () => current);
}
