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

/** Where the audit log's hash chain first fails: the entry, the field, what it should hold. */
export interface AuditChainBreak {
  id: string;
  field: 'prev_hash' | 'hash';
  expected: string;
  stored: string;
}

/** `GET /api/admin/audit/verify`: whether every entry's hashes hold, walked in id order. */
export interface AuditVerifyResponse {
  ok: boolean;
  checked: number;
  firstBrokenId: string | null;
  lastId: string | null;
  lastAt: string | null;
  /** The latest entry's hash (hex): kept outside the database, it proves later that the log was not rewritten from there back. */
  lastHash: string | null;
  verifiedAt: string;
  break: AuditChainBreak | null;
}
