import type { InfiniteData } from '@tanstack/react-query';
import type { ApplicationResponse, Page } from '@contracts';
import { refreshSession } from '@web/lib/api';
import { announce } from '@web/lib/announcer';
import { authStore } from '@web/lib/auth-store';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { reconnectRealtime, type AnyRealtimeEvent, type EventSource } from '@web/lib/socket';
import type { MeResponse } from '@web/modules/auth/api/auth-api';
import { dropDocumentFromLists } from '@web/modules/documents/documents-cache';
import { libraryEventsStore } from '@web/modules/documents/library-events-store';
import {
  findCachedEvent,
  patchEventCounts,
  refreshEventLists,
} from '@web/modules/events/events-cache';
import { applyInboxMessageEvent, applyInboxThreadEvent } from '@web/modules/inbox/inbox-cache';
import { isDirectoryOpen, patchMemberInCache } from '@web/modules/members/members-cache';
import { unseenIssuesStore } from '@web/modules/newsletters/unseen-issues-store';
import { describeEvent } from '@web/modules/notifications/describe-event';

type ApplicationPages = InfiniteData<Page<ApplicationResponse>, string | null>;

/**
 * Shows a new application in the pending list at once, if that list is loaded to its end
 * (the queue is served oldest first, so it belongs last); the invalidation that follows
 * brings the server's order in any case.
 */
function addApplication(application: ApplicationResponse): void {
  queryClient.setQueryData<ApplicationPages>(queryKeys.applications('pending'), (old) => {
    if (!old || old.pages.length === 0) return old;
    const present = old.pages.some((page) => page.items.some((item) => item.id === application.id));
    const last = old.pages[old.pages.length - 1];
    if (present || last.nextCursor !== null) return old;
    return {
      ...old,
      pages: [...old.pages.slice(0, -1), { ...last, items: [...last.items, application] }],
    };
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
  // What the newsletter shows depends on the roles (members-only issues, editors' drafts).
  await queryClient.invalidateQueries({ queryKey: queryKeys.newslettersAll });
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/**
 * History fetched the first time this browser connects for a user is the past: lists load
 * fresh anyway. Only a decision about me that my session has not seen yet still matters.
 */
function applyBaselineEvent(event: AnyRealtimeEvent, myUserId: string): void {
  const user = authStore.getState().user;
  if (!user) return;
  if (event.type === 'member.approved' && event.data.userId === myUserId) {
    if (user.status === 'pending') {
      patchMe({ status: 'approved', rejectionReason: null });
      void adoptNewRoles();
    }
  } else if (event.type === 'member.rejected' && event.data.userId === myUserId) {
    if (user.status === 'pending') {
      patchMe({ status: 'rejected', rejectionReason: event.data.reason });
      void queryClient.invalidateQueries({ queryKey: queryKeys.me });
    }
  } else if (event.type === 'account.roles.changed' && event.data.userId === myUserId) {
    if (user.status === 'approved' && !sameRoles(user.roles, event.data.roles)) {
      void adoptNewRoles();
    }
  }
}

/** Patches or invalidates the query cache for one realtime event, and announces live ones. */
export function applyRealtimeEvent(
  event: AnyRealtimeEvent,
  source: EventSource,
  myUserId: string,
): void {
  if (source === 'baseline') {
    applyBaselineEvent(event, myUserId);
    return;
  }
  let announced = false;

  switch (event.type) {
    case 'member.application.created':
      addApplication(event.data.application);
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
        // A new member: directory results (and their counts) change.
        void queryClient.invalidateQueries({ queryKey: queryKeys.memberListsAll });
        // They may have joined through an invitation: an admin's list shows it accepted.
        void queryClient.invalidateQueries({ queryKey: queryKeys.invitationsAll });
      }
      break;
    case 'member.updated': {
      const { member } = event.data;
      const mine = member.id === myUserId;
      patchMemberInCache(member, mine);
      // The patch shows the change at once; the refetch brings what this user may see, and
      // facet counts and ordering that the change may have moved.
      void queryClient.invalidateQueries({ queryKey: queryKeys.memberListsAll });
      void queryClient.invalidateQueries({ queryKey: queryKeys.memberProfile(member.id) });
      if (mine) void queryClient.invalidateQueries({ queryKey: queryKeys.memberMe });
      // Said only to someone looking at the directory, and never about my own edits.
      announced = mine || !isDirectoryOpen();
      break;
    }
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
    case 'account.export.ready':
      void queryClient.invalidateQueries({ queryKey: queryKeys.dataExports });
      break;
    case 'account.roles.changed':
      if (event.data.userId === myUserId) void adoptNewRoles();
      void queryClient.invalidateQueries({ queryKey: queryKeys.usersAll });
      break;
    case 'newsletter.published':
      // The archive (and the editors' lists, where it leaves "scheduled") shows it; the header
      // counts it until the archive is visited.
      unseenIssuesStore.add(event.data.id);
      void queryClient.invalidateQueries({ queryKey: queryKeys.newsletterListsAll });
      void queryClient.invalidateQueries({ queryKey: queryKeys.newsletter(event.data.id) });
      break;
    case 'newsletter.status.changed':
      void queryClient.invalidateQueries({ queryKey: queryKeys.newsletterListsAll });
      void queryClient.invalidateQueries({ queryKey: queryKeys.newsletter(event.data.id) });
      // My own steps are confirmed on the page where I took them.
      announced = event.data.actorId === myUserId;
      break;
    case 'document.published':
      // Searches refresh; a library search on screen also lists it as new.
      libraryEventsStore.published(event.data);
      void queryClient.invalidateQueries({ queryKey: queryKeys.documentListsAll });
      void queryClient.invalidateQueries({ queryKey: queryKeys.document(event.data.id) });
      break;
    case 'document.quarantined':
    case 'document.reviewed':
      // The moderators' queue, my uploads and the document's page show where it stands.
      void queryClient.invalidateQueries({ queryKey: queryKeys.documentListsAll });
      void queryClient.invalidateQueries({ queryKey: queryKeys.document(event.data.id) });
      break;
    case 'document.removed':
      // Gone from the library's lists at once. Its page asks again: the uploader and the
      // moderators may still see it (a new version held for review); others are told it went.
      libraryEventsStore.removed(event.data.id);
      dropDocumentFromLists(event.data.id);
      void queryClient.invalidateQueries({ queryKey: queryKeys.documentListsAll });
      void queryClient.invalidateQueries({ queryKey: queryKeys.document(event.data.id) });
      break;
    case 'event.created':
      void refreshEventLists();
      break;
    case 'event.updated':
      // Details changed, or it was cancelled: its page and every list show it as it is now.
      void refreshEventLists();
      void queryClient.invalidateQueries({ queryKey: queryKeys.event(event.data.id) });
      break;
    case 'event.registration.changed': {
      // "N seats left" and the waitlist change in place on every open page, without a fetch.
      const cached = findCachedEvent(event.data.id);
      patchEventCounts(event.data);
      // My waitlist position may have moved, and an organiser's attendee list has.
      if (cached?.myRegistration?.status === 'waitlisted') {
        void queryClient.invalidateQueries({ queryKey: queryKeys.event(event.data.id) });
      }
      void queryClient.invalidateQueries({ queryKey: queryKeys.eventAttendees(event.data.id) });
      // The event's page says the seats itself; elsewhere they are not news.
      announced = true;
      break;
    }
    case 'event.registration.promoted':
      // I have a seat now: my place, the online link and "mine" lists change.
      void queryClient.invalidateQueries({ queryKey: queryKeys.event(event.data.id) });
      void refreshEventLists();
      break;
    case 'inbox.thread.created':
    case 'inbox.thread.updated':
      // The inbox and an open conversation follow; my own changes are not news to me.
      announced = applyInboxThreadEvent(event.type, event.data);
      break;
    case 'inbox.message.created':
      announced = applyInboxMessageEvent(event.data, authStore.getState().user?.name ?? null);
      break;
    default: {
      const unhandled: never = event;
      void unhandled;
    }
  }

  if (source === 'live' && !announced) announce(describeEvent(event, myUserId));
}
