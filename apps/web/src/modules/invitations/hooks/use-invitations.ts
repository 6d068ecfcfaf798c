import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import type { CreateInvitationsRequest, InvitationStatus } from '@contracts';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import {
  createInvitations,
  listInvitations,
  lookupInvitation,
  revokeInvitation,
} from '../api/invitations-api';

export function useInvitations(status: InvitationStatus | '') {
  return useInfiniteQuery({
    queryKey: queryKeys.invitations(status),
    queryFn: ({ pageParam, signal }) => listInvitations(status, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

function refreshInvitations(): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.invitationsAll }),
    queryClient.invalidateQueries({ queryKey: queryKeys.audit }),
  ]);
}

export function useCreateInvitations() {
  return useMutation({
    mutationFn: (request: CreateInvitationsRequest) => createInvitations(request),
    onSettled: () => refreshInvitations(),
  });
}

export function useRevokeInvitation() {
  return useMutation({
    mutationFn: (id: string) => revokeInvitation(id),
    onSettled: () => refreshInvitations(),
  });
}

/** The invitation behind a join link; a 404 means the link is not valid (not retried). */
export function useInvitationLookup(token: string) {
  return useQuery({
    queryKey: queryKeys.invitationLookup(token),
    queryFn: ({ signal }) => lookupInvitation(token, signal),
    enabled: token.length > 0,
    retry: false,
    staleTime: Infinity,
  });
}
