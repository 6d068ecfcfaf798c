import type { InfiniteData } from '@tanstack/react-query';
import type {
  InboxMessage,
  InboxMessagePayload,
  InboxPage,
  InboxThread,
  InboxThreadPayload,
  ThreadSummary,
} from '@contracts';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';

export type InboxPages = InfiniteData<InboxPage, string | null>;

/** How long a change I made still counts as mine when its realtime echo comes back. */
const OWN_WINDOW_MS = 15_000;
const ownChanges = new Map<string, number>();
const ownMessages = new Set<string>();

/** Marks a thread as being changed by me, so its `inbox.thread.updated` is not news to me. */
export function noteOwnChange(threadId: string): void {
  ownChanges.set(threadId, Date.now());
}

export function noteOwnMessage(messageId: string): void {
  ownMessages.add(messageId);
  if (ownMessages.size > 200) {
    const oldest = ownMessages.values().next().value;
    if (oldest !== undefined) ownMessages.delete(oldest);
  }
}

/** Threads that just had a message: the status change that follows is not news of its own. */
const recentMessages = new Map<string, number>();
const FOLLOW_UP_MS = 3_000;

function followsMessage(threadId: string): boolean {
  const at = recentMessages.get(threadId);
  return at !== undefined && Date.now() - at < FOLLOW_UP_MS;
}

function isOwnChange(threadId: string): boolean {
  const at = ownChanges.get(threadId);
  return at !== undefined && Date.now() - at < OWN_WINDOW_MS;
}

export function refreshInboxLists(): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: queryKeys.inboxListsAll });
}

/** A thread's new summary, in every cached list and over its cached conversation. */
export function patchThreadSummary(summary: ThreadSummary): void {
  queryClient.setQueriesData<InboxPages>({ queryKey: queryKeys.inboxListsAll }, (old) => {
    if (!old) return old;
    let changed = false;
    const pages = old.pages.map((page) => {
      if (!page.items.some((item) => item.id === summary.id)) return page;
      changed = true;
      return {
        ...page,
        items: page.items.map((item) => (item.id === summary.id ? { ...item, ...summary } : item)),
      };
    });
    return changed ? { ...old, pages } : old;
  });
  queryClient.setQueryData<InboxThread>(queryKeys.inboxThread(summary.id), (old) =>
    old ? { ...old, ...summary, messages: old.messages } : old,
  );
}

/** The thread an officer's change answered with: in its cache and in the lists. */
export function storeThread(thread: InboxThread): void {
  queryClient.setQueryData<InboxThread>(queryKeys.inboxThread(thread.id), thread);
  const summary: ThreadSummary & { messages?: unknown } = { ...thread };
  delete summary.messages;
  patchThreadSummary(summary);
}

/** A message the API just answered with, at the end of its cached conversation. */
export function appendThreadMessage(threadId: string, message: InboxMessage): void {
  queryClient.setQueryData<InboxThread>(queryKeys.inboxThread(threadId), (old) =>
    old && !old.messages.some((item) => item.id === message.id)
      ? { ...old, messages: [...old.messages, message], messageCount: old.messageCount + 1 }
      : old,
  );
}

/**
 * `inbox.thread.created` / `inbox.thread.updated`: the lists refresh (a change may move a
 * thread in or out of a filter) and an open conversation shows its new status and assignee.
 * Returns true when the event is my own change echoed back (nothing to announce).
 */
export function applyInboxThreadEvent(
  type: 'inbox.thread.created' | 'inbox.thread.updated',
  data: InboxThreadPayload,
): boolean {
  const { thread } = data;
  if (type === 'inbox.thread.updated') patchThreadSummary(thread);
  void refreshInboxLists();
  return type === 'inbox.thread.updated' && (isOwnChange(thread.id) || followsMessage(thread.id));
}

/**
 * `inbox.message.created`: the open conversation and the lists fetch again. Returns true when
 * the message is my own (sent from this page, which already says so).
 */
export function applyInboxMessageEvent(data: InboxMessagePayload, myName: string | null): boolean {
  recentMessages.set(data.threadId, Date.now());
  if (recentMessages.size > 200) {
    const oldest = recentMessages.keys().next().value;
    if (oldest !== undefined) recentMessages.delete(oldest);
  }
  void queryClient.invalidateQueries({ queryKey: queryKeys.inboxThread(data.threadId) });
  void refreshInboxLists();
  // A member's own conversation, if they follow it here.
  void queryClient.invalidateQueries({ queryKey: queryKeys.contactMineThread(data.reference) });
  if (ownMessages.has(data.messageId)) return true;
  // The echo can overtake the answer to my own request: an officer's message under my name
  // on a thread I am changing is mine.
  return (
    data.from === 'officer' &&
    myName !== null &&
    data.authorName === myName &&
    isOwnChange(data.threadId)
  );
}
