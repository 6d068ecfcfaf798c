import type { GrantableRole, Role, UserStatus } from './roles';

export interface ApplicationResponse {
  id: string;
  email: string;
  name: string;
  organisation: string;
  sector: string;
  country: string;
  statement: string;
  status: UserStatus;
  roles: Role[];
  rejectionReason: string | null;
  createdAt: string;
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
