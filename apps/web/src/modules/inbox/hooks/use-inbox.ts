import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import type { CannedReply, CannedReplyRequest, UpdateThreadRequest } from '@contracts';
import { queryClient } from '@web/lib/query-client';
import { queryKeys, type InboxListKey } from '@web/lib/query-keys';
import {
  createCannedReply,
  deleteCannedReply,
  getThread,
  listCannedReplies,
  listOfficers,
  listThreads,
  postOfficerMessage,
  updateCannedReply,
  updateThread,
} from '../api/inbox-api';
import {
  appendThreadMessage,
  noteOwnChange,
  noteOwnMessage,
  refreshInboxLists,
  storeThread,
} from '../inbox-cache';

/** The inbox list: pages for one set of filters; the previous ones stay while a new loads. */
export function useInboxList(list: InboxListKey) {
  return useInfiniteQuery({
    queryKey: queryKeys.inboxList(list),
    queryFn: ({ pageParam, signal }) => listThreads(list, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useInboxThread(id: string) {
  return useQuery({
    queryKey: queryKeys.inboxThread(id),
    queryFn: ({ signal }) => getThread(id, signal),
    enabled: id.length > 0,
  });
}

/** The contact officers, for the assign select (they change rarely). */
export function useOfficers() {
  return useQuery({
    queryKey: queryKeys.inboxOfficers,
    queryFn: ({ signal }) => listOfficers(signal),
    staleTime: 5 * 60_000,
  });
}

/** A status or assignee change; the answer is the thread as it now is. */
export function useUpdateThread(id: string) {
  return useMutation({
    mutationFn: (request: UpdateThreadRequest) => {
      noteOwnChange(id);
      return updateThread(id, request);
    },
    onSuccess: (thread) => storeThread(thread),
    onSettled: () => refreshInboxLists(),
  });
}

export interface OfficerMessageVariables {
  body: string;
  internal: boolean;
}

/** A reply to the sender, or an internal note. */
export function usePostOfficerMessage(id: string) {
  return useMutation({
    mutationFn: ({ body, internal }: OfficerMessageVariables) => {
      noteOwnChange(id);
      return postOfficerMessage(id, { body, internal });
    },
    onSuccess: (message) => {
      noteOwnMessage(message.id);
      appendThreadMessage(id, message);
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.inboxThread(id) }),
        refreshInboxLists(),
      ]),
  });
}

export function useCannedReplies() {
  return useQuery({
    queryKey: queryKeys.cannedReplies,
    queryFn: ({ signal }) => listCannedReplies(signal),
  });
}

function sortCanned(list: CannedReply[]): CannedReply[] {
  return [...list].sort((a, b) => a.title.localeCompare(b.title, 'en-GB'));
}

export function useSaveCannedReply() {
  return useMutation({
    mutationFn: ({ id, request }: { id: string | null; request: CannedReplyRequest }) =>
      id ? updateCannedReply(id, request) : createCannedReply(request),
    onSuccess: (saved) =>
      queryClient.setQueryData<CannedReply[]>(queryKeys.cannedReplies, (old) =>
        old ? sortCanned([...old.filter((item) => item.id !== saved.id), saved]) : old,
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.cannedReplies }),
  });
}

export function useDeleteCannedReply() {
  return useMutation({
    mutationFn: (id: string) => deleteCannedReply(id),
    onSuccess: (_result, id) =>
      queryClient.setQueryData<CannedReply[]>(queryKeys.cannedReplies, (old) =>
        old?.filter((item) => item.id !== id),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.cannedReplies }),
  });
}
