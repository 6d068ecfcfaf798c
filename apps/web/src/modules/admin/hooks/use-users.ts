import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import type { GrantableRole } from '@contracts';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { withStepUp } from '@web/modules/auth/hooks/use-step-up';
import {
  disableUser,
  enableUser,
  listUsers,
  setUserRoles,
  type UserFilters,
} from '../api/admin-api';

export function useUsers(filters: UserFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.users(filters.q.trim(), filters.status),
    queryFn: ({ pageParam, signal }) => listUsers(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

function refreshUsers(): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.usersAll }),
    queryClient.invalidateQueries({ queryKey: queryKeys.audit }),
  ]);
}

export interface SetRolesVariables {
  userId: string;
  roles: GrantableRole[];
}

export function useSetRoles() {
  return useMutation({
    // Granting a staff role asks the admin to confirm it is them (a fresh second factor).
    mutationFn: ({ userId, roles }: SetRolesVariables) =>
      withStepUp(() => setUserRoles(userId, roles)),
    onSettled: () => refreshUsers(),
  });
}

export function useDisableUser() {
  return useMutation({
    mutationFn: (userId: string) => disableUser(userId),
    onSettled: () => refreshUsers(),
  });
}

export function useEnableUser() {
  return useMutation({
    mutationFn: (userId: string) => enableUser(userId),
    onSettled: () => refreshUsers(),
  });
}
