import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import type { MemberProfile, UpdateProfileRequest } from '@contracts';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { getMember, listMembers, updateMyProfile } from '../api/members-api';
import { findMemberInLists, patchMemberInCache } from '../members-cache';
import { memberListKey, type MemberSearch } from '../search';

/** The directory: pages of results for one search; the previous results stay while it loads. */
export function useMemberSearch(search: MemberSearch) {
  const key = memberListKey(search);
  return useInfiniteQuery({
    queryKey: queryKeys.memberList(key),
    queryFn: ({ pageParam, signal }) => listMembers(key, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** One profile; `me` is my own. Shows the directory's copy, if any, while it loads. */
export function useMemberProfile(id: string) {
  return useQuery<MemberProfile>({
    queryKey: id === 'me' ? queryKeys.memberMe : queryKeys.memberProfile(id),
    queryFn: ({ signal }) => getMember(id, signal),
    placeholderData: (): MemberProfile | undefined =>
      id === 'me' ? undefined : findMemberInLists(id),
  });
}

export function useUpdateProfile() {
  return useMutation({
    mutationFn: (request: UpdateProfileRequest) => updateMyProfile(request),
    onSuccess: (saved) => {
      // The answer is complete (it is mine): store it as is, then spread it.
      queryClient.setQueryData(queryKeys.memberMe, saved);
      queryClient.setQueryData(queryKeys.memberProfile(saved.id), saved);
      patchMemberInCache(saved, true);
      void queryClient.invalidateQueries({ queryKey: queryKeys.memberListsAll });
    },
  });
}
