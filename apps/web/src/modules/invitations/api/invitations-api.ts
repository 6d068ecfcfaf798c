import type {
  AddDomainRequest,
  AutoApproveDomain,
  CreateInvitationsRequest,
  CreateInvitationsResponse,
  DomainsResponse,
  InvitationLookup,
  InvitationsPage,
  InvitationStatus,
} from '@contracts';
import { api } from '@web/lib/api';

export const PAGE_SIZE = 20;

export function listInvitations(
  status: InvitationStatus | '',
  cursor: string | null,
  signal?: AbortSignal,
): Promise<InvitationsPage> {
  return api.get<InvitationsPage>(
    '/admin/invitations',
    { status, limit: PAGE_SIZE, cursor },
    signal,
  );
}

export function createInvitations(
  request: CreateInvitationsRequest,
): Promise<CreateInvitationsResponse> {
  return api.post<CreateInvitationsResponse>('/admin/invitations', request);
}

export function revokeInvitation(id: string): Promise<void> {
  return api.delete<void>(`/admin/invitations/${encodeURIComponent(id)}`);
}

/** `GET /api/invitations/:token` (public): 404 when the link is not (or no longer) valid. */
export function lookupInvitation(token: string, signal?: AbortSignal): Promise<InvitationLookup> {
  return api.get<InvitationLookup>(`/invitations/${encodeURIComponent(token)}`, undefined, signal);
}

export function listDomains(signal?: AbortSignal): Promise<DomainsResponse> {
  return api.get<DomainsResponse>('/admin/domains', undefined, signal);
}

export function addDomain(request: AddDomainRequest): Promise<AutoApproveDomain> {
  return api.post<AutoApproveDomain>('/admin/domains', request);
}

export function removeDomain(id: string): Promise<void> {
  return api.delete<void>(`/admin/domains/${encodeURIComponent(id)}`);
}
