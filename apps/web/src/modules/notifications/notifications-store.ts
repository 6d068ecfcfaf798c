import { useSyncExternalStore } from 'react';
import { compareIds, type AnyRealtimeEvent } from '@web/lib/socket';

export interface NotificationItem {
  event: AnyRealtimeEvent;
  unread: boolean;
}

export interface NotificationsState {
  /** Latest first. */
  items: NotificationItem[];
  unreadCount: number;
}

const MAX_ITEMS = 100;

let state: NotificationsState = { items: [], unreadCount: 0 };
const listeners = new Set<() => void>();

function setItems(items: NotificationItem[]): void {
  state = { items, unreadCount: items.filter((item) => item.unread).length };
  for (const listener of listeners) listener();
}

export const notificationsStore = {
  getState: (): NotificationsState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Adds an event (the realtime client has already de-duplicated it by id). */
  add(event: AnyRealtimeEvent, unread: boolean): void {
    if (state.items.some((item) => item.event.id === event.id)) return;
    const items = [...state.items, { event, unread }]
      .sort((a, b) => compareIds(b.event.id, a.event.id))
      .slice(0, MAX_ITEMS);
    setItems(items);
  },
  markAllRead(): void {
    if (state.unreadCount === 0) return;
    setItems(state.items.map((item) => ({ ...item, unread: false })));
  },
  reset(): void {
    setItems([]);
  },
};

export function useNotifications(): NotificationsState {
  return useSyncExternalStore(notificationsStore.subscribe, notificationsStore.getState);
}
