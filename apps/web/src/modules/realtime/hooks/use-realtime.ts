import { useEffect } from 'react';
import { endSession } from '@web/lib/api';
import { useAuth } from '@web/lib/auth-store';
import { startRealtime, stopRealtime } from '@web/lib/socket';
import { notificationsStore } from '@web/modules/notifications/notifications-store';
import { applyRealtimeEvent } from '../realtime-effects';

/** Keeps one realtime connection open while someone is signed in. */
export function useRealtime(): void {
  const { status, user } = useAuth();
  const userId = status === 'signed-in' ? (user?.id ?? null) : null;

  useEffect(() => {
    if (!userId) return;
    notificationsStore.reset();
    startRealtime(userId, {
      onEvent: (event, source) => {
        // Profile edits refresh the directory, seat counts refresh event pages, inbox
        // messages refresh the inbox, and an editor's own newsletter steps are confirmed on
        // the page: none of them is news for the bell.
        const own =
          event.type === 'newsletter.status.changed' &&
          (event.data as { actorId?: string | null }).actorId === userId;
        const quiet =
          event.type === 'member.updated' ||
          event.type === 'event.registration.changed' ||
          event.type === 'inbox.message.created' ||
          event.type === 'inbox.thread.updated';
        if (!quiet && !own) {
          notificationsStore.add(event, source !== 'baseline');
        }
        applyRealtimeEvent(event, source, userId);
      },
      onSessionEnded: (message) => endSession(message),
      onStatus: (connection) => {
        document.documentElement.dataset.realtime = connection;
      },
    });
    return () => {
      stopRealtime();
      delete document.documentElement.dataset.realtime;
    };
  }, [userId]);
}
