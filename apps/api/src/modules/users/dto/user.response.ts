import type { ApplicationResponse, UserResponse } from '@contracts';
import { effectiveRoles, type UserEntity } from '../user.entity';

export function toUserResponse(u: UserEntity): UserResponse {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    organisation: u.organisation,
    sector: u.sector,
    country: u.country,
    statement: u.statement,
    status: u.status,
    roles: effectiveRoles(u),
    rejectionReason: u.rejectionReason,
    createdAt: u.createdAt.toISOString(),
    emailVerified: u.emailVerifiedAt !== null,
    // What an account needs first; AuthService.userResponse fills in its factors.
    mfa: { totp: u.totpConfirmedAt !== null, passkeys: 0 },
    mfaEnrolmentRequired: false,
    passwordChangeRequired: u.mustChangePassword,
  };
}

export function toApplicationResponse(u: UserEntity): ApplicationResponse {
  return { ...toUserResponse(u), decidedAt: u.decidedAt?.toISOString() ?? null };
}
