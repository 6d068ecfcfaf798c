import type { UserResponse } from './auth';
import type { GrantableRole } from './roles';

/** An account as admins see it: the user and when the application was decided. */
export interface ApplicationResponse extends UserResponse {
  decidedAt: string | null;
}
export interface RejectApplicationRequest {
  reason: string;
}
export interface SetRolesRequest {
  roles: GrantableRole[];
}
export interface AuditEntryResponse {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  detail: Record<string, unknown>;
}
