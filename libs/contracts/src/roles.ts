/** Roles a user can hold. `applicant` is implied while an application is pending. */
export const ROLES = [
  'applicant',
  'member',
  'editor',
  'moderator',
  'contact_officer',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles an admin may grant (an approved user always keeps `member`). */
export const GRANTABLE_ROLES = [
  'member',
  'editor',
  'moderator',
  'contact_officer',
  'admin',
] as const;
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

export const STAFF_ROLES: readonly Role[] = ['editor', 'moderator', 'contact_officer', 'admin'];

export const USER_STATUSES = ['pending', 'approved', 'rejected', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
