import type { InfiniteData } from '@tanstack/react-query';
import type { ApplicationResponse, Page } from '@contracts';
import { refreshSession } from '@web/lib/api';
import { announce } from '@web/lib/announcer';
import { authStore } from '@web/lib/auth-store';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { reconnectRealtime, type AnyRealtimeEvent, type EventSource } from '@web/lib/socket';
import type { MeResponse } from '@web/modules/auth/api/auth-api';
import { describeEvent } from '@web/modules/notifications/describe-event';

type ApplicationPages = InfiniteData<Page<ApplicationResponse>, string | null>;

/** Puts a new application at the top of the pending list, if that list is loaded. */
function prependApplication(application: ApplicationResponse): void {
  queryClient.setQueryData<ApplicationPages>(queryKeys.applications('pending'), (old) => {
    if (!old || old.pages.length === 0) return old;
    const present = old.pages.some((page) => page.items.some((item) => item.id === application.id));
    if (present) return old;
    const [first, ...rest] = old.pages;
    return { ...old, pages: [{ ...first, items: [application, ...first.items] }, ...rest] };
  });
}

function patchMe(patch: Partial<MeResponse>): void {
  authStore.patchUser(patch);
  queryClient.setQueryData<MeResponse>(queryKeys.me, (old) => (old ? { ...old, ...patch } : old));
}

/**
 * My roles changed (approval or an admin's edit): the new access token carries them, and a new
 * handshake puts the socket in the rooms of those roles.
 */
async function adoptNewRoles(): Promise<void> {
  if (await refreshSession()) reconnectRealtime();
  await queryClient.invalidateQueries({ queryKey: queryKeys.me });
}

/** Patches or invalidates the query cache for one realtime event, and announces live ones. */
export function applyRealtimeEvent(
  event: AnyRealtimeEvent,
  source: EventSource,
  myUserId: string,
): void {
  // History fetched on a first visit describes the past: the queries load fresh anyway.
  if (source === 'baseline') return;
  let announced = false;

  switch (event.type) {
    case 'member.application.created':
      prependApplication(event.data.application);
      void queryClient.invalidateQueries({ queryKey: queryKeys.applicationsAll });
      void queryClient.invalidateQueries({ queryKey: queryKeys.usersAll });
      break;
    case 'member.approved':
      if (event.data.userId === myUserId) {
        patchMe({ status: 'approved', rejectionReason: null });
        void adoptNewRoles();
        announced = true; // the pending page shows (and announces) a success banner
      } else {
        void queryClient.invalidateQueries({ queryKey: queryKeys.applicationsAll });
        void queryClient.invalidateQueries({ queryKey: queryKeys.usersAll });
      }
      break;
    case 'member.rejected':
      if (event.data.userId === myUserId) {
        patchMe({ status: 'rejected', rejectionReason: event.data.reason });
        void queryClient.invalidateQueries({ queryKey: queryKeys.me });
        announced = true;
      } else {
        void queryClient.invalidateQueries({ queryKey: queryKeys.applicationsAll });
        void queryClient.invalidateQueries({ queryKey: queryKeys.usersAll });
      }
      break;
    case 'account.roles.changed':
      if (event.data.userId === myUserId) void adoptNewRoles();
      void queryClient.invalidateQueries({ queryKey: queryKeys.usersAll });
      break;
    case 'newsletter.published':
    case 'document.published':
    case 'document.quarantined':
    case 'event.created':
    case 'event.updated':
    case 'event.registration.changed':
    case 'inbox.thread.created':
    case 'inbox.message.created':
    case 'inbox.thread.updated':
      // No screen shows these yet; they appear in the notifications list.
      break;
    default: {
      const unhandled: never = event;
      void unhandled;
    }
  }

  if (source === 'live' && !announced) announce(describeEvent(event, myUserId));
}
