import { useQuery } from '@tanstack/react-query';
import { authStore, useAuth } from '@web/lib/auth-store';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';
import { reconnectRealtime } from '@web/lib/socket';
import { getMe, type MeResponse } from '../api/auth-api';

/**
 * `GET /api/auth/me` now, into the auth store and the query cache: after a change to the
 * account (a second factor, a new password, a confirmed address) so the gates and banners
 * follow. When a gate lifts, the socket reconnects to join the rooms it was kept out of.
 */
export async function reloadMe(): Promise<MeResponse> {
  const before = authStore.getState().user;
  const me = await getMe();
  authStore.setUser(me);
  queryClient.setQueryData(queryKeys.me, me);
  const wasGated = Boolean(before?.mfaEnrolmentRequired || before?.passwordChangeRequired);
  if (wasGated && !me.mfaEnrolmentRequired && !me.passwordChangeRequired) reconnectRealtime();
  return me;
}

export interface UseMeOptions {
  /** Poll this often while the application is pending (a fallback for live updates). */
  pollWhilePendingMs?: number;
}

/** The signed-in user, fresh from `GET /api/auth/me`; keeps the auth store's copy in step. */
export function useMe({ pollWhilePendingMs }: UseMeOptions = {}) {
  const { status } = useAuth();
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async ({ signal }) => {
      const me = await getMe(signal);
      authStore.setUser(me);
      return me;
    },
    enabled: status === 'signed-in',
    refetchInterval: (query) =>
      pollWhilePendingMs && query.state.data?.status === 'pending' ? pollWhilePendingMs : false,
  });
}
