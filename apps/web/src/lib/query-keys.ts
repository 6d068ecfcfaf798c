import type { InvitationStatus, UserStatus } from '@contracts';

/** The directory's search as it appears in a query key (lists sorted, so order is irrelevant). */
export interface MemberListKey {
  q: string;
  sector: readonly string[];
  expertise: readonly string[];
  country: readonly string[];
  level: readonly string[];
  sort: string;
}

/** Every TanStack Query key of the app, so realtime events can patch or invalidate them. */
export const queryKeys = {
  me: ['me'] as const,
  taxonomy: ['taxonomy'] as const,
  applicationsAll: ['applications'] as const,
  applications: (status: UserStatus) => ['applications', status] as const,
  usersAll: ['admin-users'] as const,
  users: (q: string, status: string) => ['admin-users', { q, status }] as const,
  audit: ['audit'] as const,
  invitationsAll: ['invitations'] as const,
  invitations: (status: InvitationStatus | '') => ['invitations', status] as const,
  /** `GET /api/invitations/:token` (the public join page). */
  invitationLookup: (token: string) => ['invitation-lookup', token] as const,
  domains: ['auto-approve-domains'] as const,
  /** Everything of the directory: searches and profiles. */
  membersAll: ['members'] as const,
  /** Every directory search (`GET /api/members`), whatever its filters. */
  memberListsAll: ['members', 'list'] as const,
  memberList: (search: MemberListKey) => ['members', 'list', search] as const,
  /** `GET /api/members/:id`. */
  memberProfile: (id: string) => ['members', 'profile', id] as const,
  /** `GET /api/members/me`: my own profile, every field. */
  memberMe: ['members', 'me'] as const,
};
