import { useQuery } from '@tanstack/react-query';
import type { TrackedMessage, TrackedThread } from '@contracts';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { getMyThread, getTrackedThread, listMyThreads } from '../api/contact-api';

/** A sender has no socket: their conversation is asked for again now and then, and on focus. */
const SENDER_REFRESH_MS = 60_000;

/** `GET /api/contact/mine`, for a signed-in member. */
export function useMyThreads(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.contactMine,
    queryFn: ({ signal }) => listMyThreads(signal),
    enabled,
  });
}

/** A conversation through its secret link (no account needed). */
export function useTrackedThread(reference: string, token: string) {
  return useQuery({
    queryKey: queryKeys.contactTracked(reference, token),
    queryFn: ({ signal }) => getTrackedThread(reference, token, signal),
    enabled: reference.length > 0 && token.length > 0,
    refetchInterval: SENDER_REFRESH_MS,
    refetchOnWindowFocus: true,
  });
}

/** A member's own conversation. */
export function useMyThread(reference: string) {
  return useQuery({
    queryKey: queryKeys.contactMineThread(reference),
    queryFn: ({ signal }) => getMyThread(reference, signal),
    enabled: reference.length > 0,
    refetchInterval: SENDER_REFRESH_MS,
    refetchOnWindowFocus: true,
  });
}

/** Shows a reply the API just answered with at the end of the cached conversation. */
export function appendMessage(key: readonly unknown[], message: TrackedMessage): void {
  queryClient.setQueryData<TrackedThread>(key, (old) =>
    old && !old.messages.some((item) => item.id === message.id)
      ? { ...old, messages: [...old.messages, message] }
      : old,
  );
}
