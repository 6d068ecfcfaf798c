import { useInfiniteQuery, useMutation, type InfiniteData } from '@tanstack/react-query';
import type { ApplicationResponse, Page, UserStatus } from '@contracts';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { approveApplication, listApplications, rejectApplication } from '../api/admin-api';

type ApplicationPages = InfiniteData<Page<ApplicationResponse>, string | null>;

export function useApplications(status: UserStatus) {
  return useInfiniteQuery({
    queryKey: queryKeys.applications(status),
    queryFn: ({ pageParam, signal }) => listApplications(status, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Takes a decided application out of the pending list straight away. */
function removeFromPending(id: string): void {
  queryClient.setQueryData<ApplicationPages>(queryKeys.applications('pending'), (old) =>
    old
      ? {
          ...old,
          pages: old.pages.map((page) => ({
            ...page,
            items: page.items.filter((item) => item.id !== id),
          })),
        }
      : old,
  );
}

function refreshLists(): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.applicationsAll }),
    queryClient.invalidateQueries({ queryKey: queryKeys.usersAll }),
    queryClient.invalidateQueries({ queryKey: queryKeys.audit }),
  ]);
}

export function useApproveApplication() {
  return useMutation({
    mutationFn: (application: ApplicationResponse) => approveApplication(application.id),
    onSuccess: (_result, application) => removeFromPending(application.id),
    onSettled: () => refreshLists(),
  });
}

export interface RejectVariables {
  application: ApplicationResponse;
  reason: string;
}

export function useRejectApplication() {
  return useMutation({
    mutationFn: ({ application, reason }: RejectVariables) =>
      rejectApplication(application.id, { reason }),
    onSuccess: (_result, { application }) => removeFromPending(application.id),
    onSettled: () => refreshLists(),
  });
}
