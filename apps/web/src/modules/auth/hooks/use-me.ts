import { useQuery } from '@tanstack/react-query';
import { authStore, useAuth } from '@web/lib/auth-store';
import { queryKeys } from '@web/lib/query-keys';
import { getMe } from '../api/auth-api';

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
