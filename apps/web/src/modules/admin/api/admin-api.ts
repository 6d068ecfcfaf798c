import type {
  ApplicationResponse,
  AuditEntryResponse,
  AuditVerifyResponse,
  GrantableRole,
  Page,
  RejectApplicationRequest,
  SetRolesRequest,
  UserStatus,
} from '@contracts';
import { api } from '@web/lib/api';

export const PAGE_SIZE = 20;

/** `GET /api/admin/users` answers application-shaped users. */
export type AdminUser = ApplicationResponse;

export function listApplications(
  status: UserStatus,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<ApplicationResponse>> {
  return api.get<Page<ApplicationResponse>>(
    '/admin/applications',
    { status, limit: PAGE_SIZE, cursor },
    signal,
  );
}

export function approveApplication(id: string): Promise<ApplicationResponse | undefined> {
  return api.post<ApplicationResponse | undefined>(
    `/admin/applications/${encodeURIComponent(id)}/approve`,
  );
}

export function rejectApplication(
  id: string,
  request: RejectApplicationRequest,
): Promise<ApplicationResponse | undefined> {
  return api.post<ApplicationResponse | undefined>(
    `/admin/applications/${encodeURIComponent(id)}/reject`,
    request,
  );
}

export interface UserFilters {
  q: string;
  status: UserStatus | '';
}

export function listUsers(
  filters: UserFilters,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<AdminUser>> {
  return api.get<Page<AdminUser>>(
    '/admin/users',
    { q: filters.q.trim(), status: filters.status, limit: PAGE_SIZE, cursor },
    signal,
  );
}

export function setUserRoles(id: string, roles: GrantableRole[]): Promise<AdminUser | undefined> {
  const request: SetRolesRequest = { roles };
  return api.put<AdminUser | undefined>(`/admin/users/${encodeURIComponent(id)}/roles`, request);
}

export function disableUser(id: string): Promise<AdminUser | undefined> {
  return api.post<AdminUser | undefined>(`/admin/users/${encodeURIComponent(id)}/disable`, {});
}

/** `POST /api/admin/users/:id/enable`: undoes a disable. */
export function enableUser(id: string): Promise<AdminUser | undefined> {
  return api.post<AdminUser | undefined>(`/admin/users/${encodeURIComponent(id)}/enable`, {});
}

/** The audit list's filters as the API takes them; empty ones are left out. */
export type AuditFilters = {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  /** ISO 8601 instants: entries at or after `from`, before `to`. */
  from: string;
  to: string;
  q: string;
};

export function listAudit(
  filters: AuditFilters,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<AuditEntryResponse>> {
  return api.get<Page<AuditEntryResponse>>(
    '/admin/audit',
    { ...filters, limit: PAGE_SIZE, cursor },
    signal,
  );
}

/** `GET /api/admin/audit/verify`: whether the log's hash chain holds. */
export function verifyAudit(signal?: AbortSignal): Promise<AuditVerifyResponse> {
  return api.get<AuditVerifyResponse>('/admin/audit/verify', {}, signal);
}
