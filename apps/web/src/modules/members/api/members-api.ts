import type { MemberProfile, MembersPage, UpdateProfileRequest } from '@contracts';
import { api, apiDownload, type DownloadedFile } from '@web/lib/api';
import type { MemberListKey } from '@web/lib/query-keys';

export const MEMBERS_PAGE_SIZE = 20;

/** `GET /api/members`: one page of the directory, with facet counts and the total. */
export function listMembers(
  search: MemberListKey,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<MembersPage> {
  return api.get<MembersPage>(
    '/members',
    {
      q: search.q,
      sector: search.sector,
      expertise: search.expertise,
      country: search.country,
      level: search.level,
      sort: search.sort,
      limit: MEMBERS_PAGE_SIZE,
      cursor,
    },
    signal,
  );
}

function memberPath(id: string): string {
  return id === 'me' ? '/members/me' : `/members/${encodeURIComponent(id)}`;
}

/** `GET /api/members/:id` (or `/members/me`, my own profile with every field). */
export function getMember(id: string, signal?: AbortSignal): Promise<MemberProfile> {
  return api.get<MemberProfile>(memberPath(id), undefined, signal);
}

export function updateMyProfile(request: UpdateProfileRequest): Promise<MemberProfile> {
  return api.patch<MemberProfile>('/members/me', request);
}

/** `GET /api/members/:id/vcard`: the contact card as a file. */
export function downloadVcard(id: string): Promise<DownloadedFile> {
  return apiDownload(`${memberPath(id)}/vcard`, 'text/vcard, text/x-vcard;q=0.9, */*;q=0.1');
}
