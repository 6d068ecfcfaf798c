import type { UserStatus } from '@contracts';

/** Every TanStack Query key of the app, so realtime events can patch or invalidate them. */
export const queryKeys = {
  me: ['me'] as const,
  taxonomy: ['taxonomy'] as const,
  applicationsAll: ['applications'] as const,
  applications: (status: UserStatus) => ['applications', status] as const,
  usersAll: ['admin-users'] as const,
  users: (q: string, status: string) => ['admin-users', { q, status }] as const,
  audit: ['audit'] as const,
};
